"""The built site needs no network, has no broken internal link (checked on the HTML files) and
shows every figure the stored notebooks show.

Links to other hosts are fine (the Colab, Binder and GitHub buttons, the DOIs); a script, style
sheet, font, image or frame loaded from another host is not.
"""

import html
import html.parser
import pathlib
import re
import urllib.parse

import pytest
from conftest import ROOT, SITE as SITE_ROOT
from translation import EDITIONS

LOADS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
         ("audio", "src"), ("video", "src"), ("embed", "src"), ("object", "data")}
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "prefetch",
                "apple-touch-icon", "manifest"}


class _Page(html.parser.HTMLParser):
    """Collects a page's ids, the links it follows and the resources it loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.loads = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for element, attr in LOADS:
            if tag == element and attrs.get(attr):
                self.loads.append(attrs[attr])
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            (self.loads if rels & LOADING_RELS else self.links).append(attrs["href"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _parse(path: pathlib.Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _is_remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), flags=re.IGNORECASE))


@pytest.fixture(scope="module")
def pages(site, edition):
    """The edition's pages (the English site's folder holds the translations' folders too)."""
    skip = {"_static"} | {EDITIONS[code]["folder"].rstrip("/") for code in EDITIONS if code != edition}
    return {path: _parse(path) for path in sorted(site.rglob("*.html"))
            if not skip & set(path.relative_to(site).parts)}


def test_no_page_loads_anything_from_another_host(pages, site):
    remote = {f"{path.relative_to(site)}: {url}" for path, page in pages.items()
              for url in page.loads if _is_remote(url)}
    assert not remote, "resources from another host:\n" + "\n".join(sorted(remote))


def test_no_style_sheet_imports_from_another_host(site):
    offenders = []
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", text):
            if _is_remote(url):
                offenders.append(f"{css.relative_to(site)}: {url}")
    assert not offenders, "\n".join(offenders)


def test_every_internal_link_and_anchor_exists(pages, site):
    broken = []
    for path, page in pages.items():
        for url in page.links + page.loads:
            if _is_remote(url) or re.match(r"^(mailto|javascript|data|tel):", url) or url == "#":
                continue
            parts = urllib.parse.urlsplit(url)
            target = (path.parent / urllib.parse.unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {url} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if urllib.parse.unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(site)} -> {url} (no such anchor)")
    n_links = sum(len(p.links) for p in pages.values())
    print(f"\nlink check: {len(pages)} pages, {n_links} links, {len(broken)} broken")
    assert not broken, "\n".join(broken)


def test_every_chapter_has_a_page_and_a_download_with_its_outputs(site, chapter_pages):
    import nbformat

    for page in chapter_pages:
        assert page.exists(), page
        source = site / "_sources" / "notebooks" / f"{page.stem}.ipynb"
        nb = nbformat.read(source, as_version=4)
        assert any(cell.get("outputs") for cell in nb.cells), f"{source.name} has no outputs"


def test_every_figure_of_the_stored_notebook_is_on_its_page(site, chapter_pages):
    """The executed copy must show what the stored notebook shows (a kernel importing another
    copy of the package, or a backend that stops displaying, loses figures silently)."""
    import nbformat

    for page in chapter_pages:
        stored = nbformat.read(ROOT / "notebooks" / f"{page.stem}.ipynb", as_version=4)
        n_stored = sum("image/png" in out.get("data", {}) for cell in stored.cells
                       if cell.cell_type == "code" for out in cell.outputs)
        html = page.read_text(encoding="utf-8")
        n_shown = len(re.findall(r'<img[^>]+src="\.\./_images/', html))
        assert n_shown == n_stored, f"{page.stem}: {n_shown} figures on the page, {n_stored} stored"


def test_every_page_links_to_itself_in_every_other_edition(pages, site, edition):
    """The language switch: the same page in the other editions, from every page."""
    missing = []
    for path, page in pages.items():
        relative = path.relative_to(site)
        for code, other in EDITIONS.items():
            if code == edition:
                continue
            target = SITE_ROOT / other["folder"] / relative
            if not any((path.parent / link).resolve() == target.resolve() for link in page.links):
                missing.append(f"{relative}: no link to its {other['name']} edition")
    assert missing == [], "\n".join(missing[:20])


def test_the_chapter_map_names_every_chapter(site, chapter_pages):
    """The landing page's table of chapters: a link with the chapter's name to each chapter."""
    text = (site / "index.html").read_text(encoding="utf-8")
    for page in chapter_pages:
        links = re.findall(rf'<a [^>]*href="notebooks/{page.stem}\.html"[^>]*>(.*?)</a>', text, re.S)
        names = [re.sub(r"<[^>]+>", "", link).strip() for link in links]
        assert any(len(name) > 3 for name in names), f"{page.stem}: links without a name {links}"


def _prose_text(html_text: str) -> str:
    """The words of a page outside code, outputs, scripts and styles."""
    text = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", html_text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_every_translated_sentence_shows_translated(site, edition):
    """A translation Sphinx cannot use (its Markdown parses as another kind of block, e.g. a
    heading "1. …" read as a list) is dropped without a warning and the English stays: no
    translated message's English may be left on its page."""
    if edition == "en":
        pytest.skip("the English edition is the source")
    from markdown_it import MarkdownIt
    from translation import LOCALES, read_catalogue

    left = []
    for po in sorted((LOCALES / edition / "LC_MESSAGES").rglob("*.po")):
        page = site / po.relative_to(LOCALES / edition / "LC_MESSAGES").with_suffix(".html")
        shown = _prose_text(page.read_text(encoding="utf-8"))
        for message in read_catalogue(po):
            english = _prose_text(MarkdownIt("commonmark").renderInline(message.id or ""))
            if (message.string and message.string != message.id and len(english) >= 12
                    and re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", english) and english in shown):
                left.append(f"{page.relative_to(site)}: {english[:80]!r}")
    assert left == [], f"{len(left)} sentences left in English:\n" + "\n".join(left[:30])

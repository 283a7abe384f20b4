"""The book as a reader sees it: every page opened from disk in headless Chromium, network off.

Every request that is not ``file://`` is aborted and counted. On each page: no console error
and no failed request, every image decoded (naturalWidth > 0), previous/next links on the
chapters, typeset mathematics (MathJax SVG in the DOM, no raw TeX left) on the pages that have
formulas, and the search page finds the chapter that contains a chosen word. The counts are
printed and written to ``build/book_browser_report_<edition>.json``; screenshots of the landing
page and chapters 02 and 07 go to ``build/book_screenshots/``. Every test runs on both
editions, English and zh-TW (the ``site`` fixture).
"""

import json
import os
import pathlib
import urllib.parse

import pytest
from conftest import ROOT

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Per edition, words and the chapter whose text contains them (checked below in the page, too).
SEARCHES = {"en": [("prequential", "06_description_length"), ("lottery", "04_iterative_pruning")],
            "zh_TW": [("剪枝", "02_one_shot_pruning"), ("描述長度", "06_description_length")]}
MATH_CHAPTERS = ("06_", "07_")
TYPESET_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser():
    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (or set CHROMIUM)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report(site, edition):
    counts = {"pages": 0, "images": 0, "images_loaded": 0, "formulas": 0,
              "console_errors": 0, "blocked_requests": 0, "failed_requests": 0}
    yield counts
    out = ROOT / "build" / f"book_browser_report_{edition}.json"
    out.write_text(json.dumps(counts, indent=1))
    print(f"\nbrowser report ({edition}):", json.dumps(counts, ensure_ascii=False))


class Visit:
    """One page opened in a fresh context with every non-file request aborted."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.blocked, self.errors, self.failed = [], [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: r.url.startswith("file:") and self.failed.append(r.url))
        self.page.goto(url, wait_until="load")

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def wait_for_mathjax(self) -> None:
        """Wait until MathJax, if the page loads it, has typeset everything."""
        if self.page.evaluate("() => !!document.querySelector('script[src*=\"mathjax\"]')"):
            self.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                        timeout=TYPESET_TIMEOUT_MS)
            self.page.evaluate("() => MathJax.startup.promise")

    def close(self) -> None:
        self.context.close()


def _pages(site, chapter_pages):
    return [site / "index.html", *chapter_pages, site / "teachers.html", site / "bibliography.html"]


def _check_page(visit: Visit, path: pathlib.Path, report: dict) -> None:
    page = visit.page
    visit.wait_for_mathjax()
    page.wait_for_load_state("networkidle")
    images = page.evaluate("""() => Array.from(document.images).map(i => (
        {src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0}))""")
    formulas = page.evaluate("() => document.querySelectorAll('mjx-container').length")
    raw = page.evaluate("""() => Array.from(document.querySelectorAll('.math'))
        .filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 60))""")
    report["pages"] += 1
    report["images"] += len(images)
    report["images_loaded"] += sum(i["ok"] for i in images)
    report["formulas"] += formulas
    report["console_errors"] += len(visit.errors)
    report["blocked_requests"] += len(visit.blocked)
    report["failed_requests"] += len(visit.failed)
    assert not visit.errors, f"{path.name}: console errors {visit.errors}"
    assert not visit.failed, f"{path.name}: files that failed to load {visit.failed}"
    assert not visit.blocked, f"{path.name}: tried to reach the network: {visit.blocked}"
    assert [i["src"] for i in images if not i["ok"]] == [], f"{path.name}: images not loaded"
    assert raw == [], f"{path.name}: formulas left as raw TeX: {raw[:3]}"
    if path.stem.startswith(MATH_CHAPTERS):
        assert formulas > 0, f"{path.name}: no typeset formula"


def test_every_page_renders_offline(browser, site, chapter_pages, report):
    for path in _pages(site, chapter_pages):
        visit = Visit(browser, path.as_uri())
        try:
            _check_page(visit, path, report)
            if path.parent.name == "notebooks":
                prev_next = visit.page.evaluate(
                    "() => [!!document.querySelector('a.left-prev'), !!document.querySelector('a.right-next')]")
                assert prev_next == [True, True], f"{path.name}: previous/next links {prev_next}"
        finally:
            visit.close()
    assert report["pages"] == len(chapter_pages) + 3


@pytest.mark.parametrize("which", [0, 1])
def test_search_finds_the_chapter_with_the_word(browser, site, edition, which, report):
    word, chapter = SEARCHES[edition][which]
    text = (site / "notebooks" / f"{chapter}.html").read_text(encoding="utf-8")
    assert word in text.lower(), f"pick another word: {word!r} is not in {chapter}"
    visit = Visit(browser, (site / "search.html").as_uri() + f"?q={urllib.parse.quote(word)}")
    try:
        visit.page.wait_for_selector("#search-results ul.search li", timeout=TYPESET_TIMEOUT_MS)
        hrefs = visit.page.eval_on_selector_all("#search-results ul.search li a",
                                                "els => els.map(e => e.getAttribute('href'))")
        assert any(chapter in h for h in hrefs), f"search for {word!r} gave {hrefs}"
        assert not visit.errors, visit.errors
        report["blocked_requests"] += len(visit.blocked)
        report["console_errors"] += len(visit.errors)
    finally:
        visit.close()


def test_screenshots_of_the_landing_page_and_chapters_02_and_07(browser, site, edition,
                                                                chapter_pages):
    out = ROOT / "build" / "book_screenshots"
    out.mkdir(parents=True, exist_ok=True)
    targets = {f"{edition}_landing": site / "index.html"}
    targets.update({f"{edition}_chapter_{p.stem[:2]}": p for p in chapter_pages
                    if p.stem.startswith(("02_", "07_"))})
    for name, path in targets.items():
        visit = Visit(browser, path.as_uri())
        try:
            visit.wait_for_mathjax()
            visit.page.screenshot(path=str(out / f"{name}.png"))
            figure = visit.page.locator("div.cell_output img").first
            if "chapter" in name and figure.count():          # the chapter's first figure
                figure.scroll_into_view_if_needed()
                visit.page.screenshot(path=str(out / f"{name}_figure.png"))
        finally:
            visit.close()
        assert (out / f"{name}.png").stat().st_size > 10_000


def test_solutions_and_long_code_are_collapsed_until_opened(browser, convention_site):
    visit = Visit(browser, (convention_site / "notebooks" / "01_conventions.html").as_uri())
    try:
        page = visit.page
        page.wait_for_selector("button.toggle-button")          # sphinx-togglebutton has run

        def visible(text):
            return page.get_by_text(text).first.is_visible()
        assert visible("Compute the answer") and visible("VISIBLECODE")
        hidden = ["SECRETMARKDOWN", "SECRETCODE", "LONGCODE", "LABHIDDEN"]
        assert all(page.get_by_text(t).count() for t in hidden), "the fixture's cells are on the page"
        assert [t for t in hidden if visible(t)] == [], "collapsed content shows before a click"
        page.get_by_text("Show solution").first.click()
        assert visible("SECRETCODE")
        page.locator(".admonition.dropdown button.toggle-button").first.click()
        page.wait_for_timeout(500)                             # the toggle animates
        assert visible("SECRETMARKDOWN")
        assert page.locator("div.cell_input button.copybtn").count() >= 1, "no copy button on code"
        assert not visit.errors and not visit.blocked
    finally:
        visit.close()

"""The book's editions: English (the source) and its translations, kept in step by gettext.

    python book/translation.py update    # new English text -> catalogues in locales/ (sphinx-intl)
    python book/translation.py check     # every string translated, none fuzzy; exit 1 if not
    python book/translation.py todo notebooks/02_one_shot_pruning         # what is left, as JSON
    python book/translation.py fill notebooks/02_one_shot_pruning x.json  # {msgid: msgstr}
    python book/translation.py terms     # glossary terms used, code/maths/links/emphasis kept

Every paragraph, heading, list item and table cell of the staged pages (the notebooks' markdown
cells, the landing page, the teachers' page, the pitfalls chapter) is one gettext message. A
translator fills ``locales/<language>/LC_MESSAGES/<page>.po``; when an English sentence changes,
``update`` marks its old translation *fuzzy* and ``check`` (and ``tests/test_translation.py``)
fails until someone updates it. The glossary ``locales/<language>/GLOSSARY.md`` fixes the terms.

The parts of a page that ``stage.py`` computes at build time (run times, session plans) are not
translated through the catalogues but written directly in the edition's language
(``PHRASES``); ``book/conf.py`` keeps them out of the catalogues.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

BOOK = pathlib.Path(__file__).resolve().parent
ROOT = BOOK.parent
LOCALES = ROOT / "locales"
GENERATED_CLASS = "generated"        # ```{container} generated``` around computed parts

# The interface of each edition: its name in the language switch, the HTML language tag, where
# it sits in build/book/, the Sphinx settings that are words a reader sees, and the style
# sheets it adds to the book's own (book/_static).
EDITIONS = {
    "en": {"name": "English", "tag": "en", "folder": "",
           "sphinx": {"html_title": "Keeping neural networks simple",
                      "togglebutton_hint": "Show", "togglebutton_hint_hide": "Hide"}},
    "zh_TW": {"name": "繁體中文", "tag": "zh-Hant-TW", "folder": "zh_TW/",
              "sphinx": {"html_title": "讓神經網路保持簡單",
                         "togglebutton_hint": "顯示", "togglebutton_hint_hide": "隱藏"},
              # the series' CJK font (mdl_prune.plots), so no reader sees empty boxes
              "css": ["cjk.css"]},
}

# What stage.py writes into the generated parts of the pages, per edition.
PHRASES = {
    "en": {
        "chapter_header": "| | chapter | Run All |",
        "timing_header": "| chapter | words of text | reading (est.) | Run All (measured) |",
        "not_measured": "not measured", "seconds": "{:.0f} s", "minutes": "{:.1f} min",
        "reading": "{:.0f} min",
        "session": "- **{title}** (chapters {names}): about {reading:.0f} min of reading "
                   "and {running:.1f} min of Run All, plus the discussion and the exercises.",
        "sessions": ("One session: the idea and the classic method",
                     "Second session: schedules and what the masks look like",
                     "Third session: counting in bits",
                     "Fourth session: structured pruning and speed"),
        "show_solution": "Show solution", "hide_solution": "Hide solution", "and": ", ",
    },
    "zh_TW": {
        "chapter_header": "| | 章節 | Run All |",
        "timing_header": "| 章節 | 文字字數（英文原文） | 閱讀（估計） | Run All（實測） |",
        "not_measured": "未測量", "seconds": "{:.0f} 秒", "minutes": "{:.1f} 分鐘",
        "reading": "{:.0f} 分鐘",
        "session": "- **{title}**（第 {names} 章）：約 {reading:.0f} 分鐘閱讀、"
                   "{running:.1f} 分鐘 Run All，另加討論與練習的時間。",
        "sessions": ("第一堂：核心概念與經典方法",
                     "第二堂：剪枝排程與遮罩的樣子",
                     "第三堂：以位元計數",
                     "第四堂：結構化剪枝與速度"),
        "show_solution": "顯示解答", "hide_solution": "隱藏解答", "and": "、",
    },
}


def _forms(cell: str, separator: str) -> list[str]:
    return [form.strip() for form in cell.split(separator) if form.strip()]


def glossary(language: str) -> list[dict]:
    """The rows of ``locales/<language>/GLOSSARY.md``: english, translation, checked, note."""
    path = LOCALES / language / "GLOSSARY.md"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.startswith("|") or set(cells[0]) <= set("-: "):
            continue
        if cells[0].lower() == "english":
            continue
        rows.append({"english": _forms(cells[0], ","), "translation": _forms(cells[1], " / "),
                     "checked": cells[2] == "✓", "note": cells[3] if len(cells) > 3 else ""})
    return rows


def glossary_search_words(language: str) -> str:
    """jieba's user dictionary: every translated term of the glossary as one word."""
    words = {word for row in glossary(language) for form in row["translation"]
             for word in re.split(r"[、，（）()]", form)}
    return "".join(f"{w} 1000\n" for w in sorted(words) if w and " " not in w)


# What a term check reads of a message: its prose, not its code, maths or link targets, and not
# the bibliographic entries of a References cell ("Author, A. (1993). Title. ..."), whose
# titles stay in English.
_NOT_PROSE = re.compile(r"`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|\]\([^)]*\)|\b[\w.-]+\.(?:com|org)/\S*", re.S)
_REFERENCE_ENTRY = re.compile(r"\(\d{4}[a-z]?\)\.\s")


def _prose(message: str) -> str:
    return "" if _REFERENCE_ENTRY.search(message) else _NOT_PROSE.sub(" ", message)


def _markup(text: str) -> tuple:
    """What a translation must keep of a message: its bold and italic spans (as CommonMark
    parses them: ``**學習目標。**讀完`` would not close), inline code, link targets, maths."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    emphasis, code, links, maths = {"strong_open": 0, "em_open": 0}, set(), set(), set()
    for token in MarkdownIt("commonmark").use(dollarmath_plugin).parse(text):
        if token.type.startswith("math_block"):
            maths.add(token.content)
        for child in token.children or []:
            if child.type in emphasis:
                emphasis[child.type] += 1
            elif child.type == "code_inline":
                code.add(child.content)
            elif child.type == "link_open":
                links.add(child.attrs.get("href"))
            elif child.type.startswith("math"):
                maths.add(child.content)
    return emphasis, code, links, maths


def translated_messages(language: str):
    """Every (page, message) of the language's catalogues that has a translation."""
    folder = LOCALES / language / "LC_MESSAGES"
    for path in sorted(folder.rglob("*.po")):
        page = path.relative_to(folder).with_suffix("").as_posix()
        for message in read_catalogue(path):
            if message.id and message.string:
                yield page, message


def markup_problems(language: str) -> list[str]:
    """Translations whose emphasis, links or maths differ from the English, or that drop code."""
    found = []
    for page, message in translated_messages(language):
        (emph_en, code_en, links_en, maths_en) = _markup(message.id)
        (emph, code, links, maths) = _markup(message.string)
        if re.match(r"\d+[.)] ", message.string):
            found.append(f"{page}: starts like a numbered list, write {message.string[:3]!r} "
                         f"as '1\\. ' (Sphinx would drop it): {message.string[:50]!r}")
        lost = [what for what, same in (("bold/italic", emph == emph_en),
                                        ("inline code", code_en <= code),
                                        ("links", links == links_en),
                                        ("maths", maths == maths_en)) if not same]
        if lost:
            found.append(f"{page}: {', '.join(lost)} differ: {message.string[:70]!r}")
    return found


def term_rules(language: str) -> list[tuple[re.Pattern, list[str]]]:
    """The glossary's checked rows as (English pattern, the zh forms one of which must appear):
    an English form at the start of a word, a hyphen counting as a space."""
    rules = []
    for row in glossary(language):
        if row["checked"]:
            english = "|".join(re.escape(form).replace("\\ ", "[-\\s]").replace("\\-", "[-\\s]")
                               for form in row["english"])
            rules.append((re.compile(rf"\b(?:{english})", re.IGNORECASE), row["translation"]))
    return rules


def term_problems(language: str) -> list[str]:
    """Translations that miss a checked glossary term their English prose uses."""
    rules = term_rules(language)
    return [f"{page}: {pattern.pattern} needs {' or '.join(forms)}: {message.string[:60]!r}"
            for page, message in translated_messages(language) for pattern, forms in rules
            if pattern.search(_prose(message.id))
            and not any(form in message.string for form in forms)]


def read_catalogue(path: pathlib.Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


def translations(language: str, page: str) -> dict[str, str]:
    """msgid -> msgstr of one page's catalogue (finished, non-fuzzy entries only)."""
    path = LOCALES / language / "LC_MESSAGES" / f"{page}.po"
    if not path.exists():
        return {}
    return {m.id: m.string for m in read_catalogue(path)
            if m.id and m.string and not m.fuzzy}


def extract(out: pathlib.Path) -> pathlib.Path:
    """Stage the stored notebooks and pages and write their message templates (.pot) to ``out``."""
    from sphinx.cmd.build import build_main

    from stage import notebook_paths, stage

    source = out / "src"
    stage(notebook_paths(ROOT / "notebooks"), source, {})
    templates = out / "pot"
    args = ["-b", "gettext", "-q", "-E", "-c", str(BOOK), "-d", str(out / "doctrees"),
            str(source), str(templates)]
    if build_main(args) != 0:
        raise SystemExit("extracting the messages failed; see the messages above")
    return templates


def problems(templates: pathlib.Path, language: str,
             locales: pathlib.Path = LOCALES) -> tuple[list[str], int]:
    """Messages of ``templates`` without a current translation; and the number of messages."""
    found, total = [], 0
    for pot in sorted(templates.rglob("*.pot")):
        page = pot.relative_to(templates).with_suffix("").as_posix()
        po_path = locales / language / "LC_MESSAGES" / f"{page}.po"
        catalogue = read_catalogue(po_path) if po_path.exists() else None
        for message in read_catalogue(pot):
            if not message.id:
                continue
            total += 1
            entry = catalogue.get(message.id) if catalogue is not None else None
            if entry is None or not entry.string:
                found.append(f"{page}: untranslated: {message.id[:90]!r}")
            elif entry.fuzzy:
                found.append(f"{page}: fuzzy (the English changed): {message.id[:90]!r}")
    return found, total


def merge(templates: pathlib.Path, language: str, locales: pathlib.Path = LOCALES) -> None:
    """sphinx-intl: new messages added empty, changed ones marked fuzzy, removed ones dropped."""
    subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(templates),
                    "-d", str(locales), "-l", language, "-w", "0", "--no-obsolete"],
                   check=True, stdout=subprocess.DEVNULL)


def update(language: str) -> None:
    """Refresh ``locales/<language>`` from the current English text (keeps done translations)."""
    with tempfile.TemporaryDirectory() as tmp:
        merge(extract(pathlib.Path(tmp)), language)


def catalogue_path(language: str, page: str) -> pathlib.Path:
    return LOCALES / language / "LC_MESSAGES" / f"{page}.po"


def todo(language: str, page: str) -> dict[str, str]:
    """The messages of one page still to translate (or fuzzy), with their current text."""
    return {m.id: m.string for m in read_catalogue(catalogue_path(language, page))
            if m.id and (not m.string or m.fuzzy)}


def fill(language: str, page: str, done: dict[str, str]) -> int:
    """Write the translations ``done`` (msgid -> msgstr) into a page's catalogue, not fuzzy."""
    from babel.messages.pofile import write_po

    path = catalogue_path(language, page)
    catalogue = read_catalogue(path)
    unknown = [msgid for msgid in done if catalogue.get(msgid) is None]
    if unknown:
        raise SystemExit(f"not messages of {page}: {unknown[:3]}")
    for msgid, msgstr in done.items():
        entry = catalogue.get(msgid)
        entry.string = msgstr
        entry.flags.discard("fuzzy")
        entry.previous_id = []
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=0, omit_header=False)
    return len(done)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "check", "todo", "fill", "terms"])
    parser.add_argument("page", nargs="?", help="todo/fill: the page, e.g. notebooks/02_one_shot_pruning")
    parser.add_argument("json", nargs="?", help="fill: a JSON file {msgid: msgstr}")
    parser.add_argument("--language", default="zh_TW", choices=sorted(set(EDITIONS) - {"en"}))
    args = parser.parse_args(argv)
    if args.command == "update":
        update(args.language)
        return 0
    if args.command == "todo":
        print(json.dumps(todo(args.language, args.page), ensure_ascii=False, indent=1))
        return 0
    if args.command == "fill":
        done = json.loads(pathlib.Path(args.json).read_text(encoding="utf-8"))
        print(f"{fill(args.language, args.page, done)} messages written")
        return 0
    if args.command == "terms":
        found = term_problems(args.language) + markup_problems(args.language)
        print("\n".join(found) or "every checked term is used, all markup kept")
        return 1 if found else 0
    with tempfile.TemporaryDirectory() as tmp:
        found, total = problems(extract(pathlib.Path(tmp)), args.language)
    print(f"{args.language}: {total - len(found)} of {total} strings translated and current")
    print("\n".join(found[:50]))
    return 1 if found else 0


if __name__ == "__main__":
    sys.path.insert(0, str(BOOK))
    sys.exit(main())

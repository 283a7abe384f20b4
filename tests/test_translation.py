"""The zh-TW edition's text is complete and current, and uses the glossary's terms.

Every translatable string of the English book (each paragraph, heading, list item and table
cell of the notebooks' markdown cells and of the landing, teachers' and bibliography pages) is
extracted with Sphinx's gettext builder from the stored notebooks, as ``make series`` stages
them, and must have a non-fuzzy translation in ``locales/zh_TW``. Change an English sentence and
this fails until ``python book/translation.py update`` has marked it and someone has translated
it again (``book/translation.py todo/fill``).
"""

import pathlib
import shutil
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book"))
pytest.importorskip("myst_nb", reason="the book's Sphinx packages need Python 3.11+")

import translation  # noqa: E402

LANGUAGE = "zh_TW"


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> pathlib.Path:
    return translation.extract(tmp_path_factory.mktemp("gettext"))


def test_every_english_string_has_a_current_translation(templates):
    found, total = translation.problems(templates, LANGUAGE)
    print(f"\n{LANGUAGE}: {total - len(found)} of {total} strings translated, none fuzzy")
    assert total > 800, f"only {total} strings extracted: the extraction lost pages"
    assert found == [], f"{len(found)} of {total} strings need a translation:\n" + "\n".join(found[:40])


def test_every_page_of_the_book_has_a_catalogue(templates):
    pages = {p.relative_to(templates).with_suffix("").as_posix() for p in templates.rglob("*.pot")}
    expected = {"index", "teachers", "bibliography"} | {
        f"notebooks/{p.stem}" for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert expected <= pages
    missing = [page for page in pages
               if not translation.catalogue_path(LANGUAGE, page).exists()]
    assert missing == []


def test_a_changed_english_sentence_fails_until_translated_again(templates, tmp_path):
    """The workflow itself: edit a sentence, merge the catalogues, the check names it."""
    changed = tmp_path / "pot"
    shutil.copytree(templates, changed)
    locales = tmp_path / "locales"
    shutil.copytree(translation.LOCALES / LANGUAGE, locales / LANGUAGE)
    pot = changed / "notebooks" / "02_one_shot_pruning.pot"
    text = pot.read_text(encoding="utf-8")
    sentence = 'msgid "where the threshold falls on the histogram of the weights;"'
    assert sentence in text
    pot.write_text(text.replace(sentence, sentence.replace("falls", "lies")), encoding="utf-8")
    translation.merge(changed, LANGUAGE, locales)
    found, _ = translation.problems(changed, LANGUAGE, locales)
    flagged = [line for line in found if "lies on the histogram" in line]
    assert len(flagged) == 1 and flagged[0].startswith("notebooks/02_one_shot_pruning: ")
    before, _ = translation.problems(templates, LANGUAGE)
    assert len(found) == len(before) + ("falls on the histogram" not in "".join(before)), found[:5]


def test_computed_parts_stay_out_of_the_catalogues(templates):
    """Run times and session plans change with every build: stage.py writes them in the
    edition's language, so no message may contain them."""
    messages = (templates / "index.pot").read_text(encoding="utf-8") + (
        templates / "teachers.pot").read_text(encoding="utf-8")
    for computed in ("not measured", "min of Run All", "words of text", "| chapter |"):
        assert computed not in messages


def test_every_translation_uses_the_glossary_terms():
    assert translation.term_problems(LANGUAGE) == []


def test_every_translation_keeps_the_markup_of_its_english():
    """Bold and italic spans that still close, the same links and formulas, no code dropped."""
    assert translation.markup_problems(LANGUAGE) == []


def test_the_markup_check_catches_an_unclosed_bold_span():
    english, _, _, _ = translation._markup("**Learning objectives.** After this notebook")
    broken, _, _, _ = translation._markup("**學習目標。**讀完本筆記本")
    fixed, _, _, _ = translation._markup("**學習目標。** 讀完本筆記本")
    assert english == fixed != broken


def test_the_glossary_is_a_table_of_terms():
    rows = translation.glossary(LANGUAGE)
    assert len(rows) >= 40
    by_english = {form: row["translation"] for row in rows for form in row["english"]}
    assert by_english["pruning"][0] == "剪枝"
    assert by_english["sparsity"] == ["稀疏度"]
    assert by_english["description length"] == ["描述長度"]
    assert by_english["bits back"] == ["位元回收"]


def test_every_character_of_the_translations_is_in_the_bundled_font():
    """The zh-TW pages use the font of the figures (book/_static/cjk.css): a character it lacks
    would come from whatever the reader's system has, or show as an empty box."""
    from fontTools.ttLib import TTFont

    font = next((ROOT / "src" / "mdl_prune" / "plots" / "fonts").glob("*.otf"))
    cmap = TTFont(font).getBestCmap()
    used = {char for _, message in translation.translated_messages(LANGUAGE)
            for char in message.string}
    missing = sorted(char for char in used if not char.isspace() and ord(char) not in cmap)
    assert missing == [], f"not in {font.name}: {''.join(missing)} (run scripts/subset_font.py)"

"""Make the series' CJK font: a subset of Noto Sans CJK TC Regular for the zh-TW figures.

    apt-get install fonts-noto-cjk          # Debian/Ubuntu: the source font (SIL OFL 1.1)
    python scripts/subset_font.py           # writes src/mdl_prune/plots/fonts/NotoSansCJKtc-Regular-subset.otf

The zh-TW edition draws its figure texts with Matplotlib's per-glyph fallback from DejaVu Sans
to this font (``mdl_prune.plots.language``). The full font holds 44,810 characters in 19 MB;
the figures need the common Traditional Chinese characters only. The subset keeps

* ASCII, Latin-1, Greek, general punctuation, arrows, mathematical operators and the
  CJK symbols, punctuation and full-width forms (what a label mixes into Chinese text);
* the 5,401 common characters of Big5 level 1 (bytes 0xA440 to 0xC67E);
* every character of the zh-TW translations (``locales/zh_TW/**/*.po``, the glossary), of the
  figure-label table (``plots/labels_zh_TW.py``) and of the notebooks' own Chinese labels,

so that a new label usually needs no new font, and when it does, ``tests/test_figure_language.py``
names the character and this script adds it. The subset's family is renamed
``Noto Sans CJK TC mdl_prune`` so that Matplotlib never mixes it up with an installed Noto
Sans CJK TC (the OFL allows a modified version under another name; "Source" is the font's
reserved name, and it is not used).
"""

from __future__ import annotations

import argparse
import ast
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_FAMILY = "Noto Sans CJK TC"
FONT_DIR = ROOT / "src" / "mdl_prune" / "plots" / "fonts"
TARGET = FONT_DIR / "NotoSansCJKtc-Regular-subset.otf"
FAMILY = "Noto Sans CJK TC mdl_prune"
POSTSCRIPT = "NotoSansCJKtc-Regular-mdl_prune"
# (first, last) code points, inclusive.
BLOCKS = [(0x20, 0x7E), (0xA0, 0xFF), (0x370, 0x3FF), (0x2010, 0x206F), (0x2190, 0x21FF),
          (0x2200, 0x22FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
TEXT_SOURCES = ["locales/zh_TW/**/*.po", "locales/zh_TW/GLOSSARY.md", "notebooks/[0-9][0-9]_*.py"]
TABLE = ROOT / "src" / "mdl_prune" / "plots" / "labels_zh_TW.py"


def big5_level1() -> set[str]:
    """The 5,401 common characters of Big5 (level 1: 0xA440 to 0xC67E)."""
    chars = set()
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            if not 0xA440 <= (lead << 8 | trail) <= 0xC67E:
                continue
            try:
                chars.add(bytes([lead, trail]).decode("big5"))
            except UnicodeDecodeError:
                pass
    return chars


def table_text() -> str:
    """Every string literal of the label table, read without importing the package."""
    tree = ast.parse(TABLE.read_text(encoding="utf-8"))
    return "".join(node.value for node in ast.walk(tree)
                   if isinstance(node, ast.Constant) and isinstance(node.value, str))


def wanted_characters() -> set[str]:
    """The characters the subset keeps (see the module docstring)."""
    chars = {chr(c) for first, last in BLOCKS for c in range(first, last + 1)}
    chars |= big5_level1()
    texts = [p.read_text(encoding="utf-8") for pattern in TEXT_SOURCES for p in sorted(ROOT.glob(pattern))]
    chars |= set("".join(texts) + table_text())
    return {c for c in chars if c.isprintable() or c == "\u3000"}


def tc_face(source: pathlib.Path):
    """The Traditional Chinese face of the collection (Noto Sans CJK TC Regular)."""
    for font in TTCollection(str(source)).fonts:
        if font["name"].getDebugName(1) == SOURCE_FAMILY:
            return font
    raise SystemExit(f"{source} holds no face named {SOURCE_FAMILY!r}")


def rename(font) -> None:
    """Give the subset its own family name (name table and CFF), keeping the copyright notices."""
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 4):
            names.setName(f"{FAMILY} Regular", record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(POSTSCRIPT, record.nameID, record.platformID, record.platEncID, record.langID)
    cff = font["CFF "].cff
    top = cff[cff.fontNames[0]]
    cff.fontNames = [POSTSCRIPT]
    top.FullName, top.FamilyName = f"{FAMILY} Regular", FAMILY
    if hasattr(top, "CIDFontName"):
        top.CIDFontName = POSTSCRIPT


def make_subset(source: pathlib.Path, target: pathlib.Path) -> tuple[int, int]:
    """Write the subset; return (number of characters kept, size in bytes)."""
    font = tc_face(source)
    cmap = font.getBestCmap()
    keep = sorted(ord(c) for c in wanted_characters() if ord(c) in cmap)
    options = subset.Options()
    options.name_IDs = ["*"]               # keep the copyright, licence and vendor notices
    options.name_languages = ["*"]
    options.notdef_outline = True          # a character left out still draws a visible box
    # Hints kept (0.6 MB): FreeType's CFF hinter uses them at Matplotlib's default text.hinting,
    # and CJK stems at 10 pt on a screen need them. Default OpenType features only (no vertical forms).
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    rename(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))
    return len(keep), target.stat().st_size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=pathlib.Path, default=SOURCE,
                        help=f"the Noto Sans CJK collection (default: {SOURCE})")
    parser.add_argument("--output", type=pathlib.Path, default=TARGET)
    args = parser.parse_args(argv)
    if not args.source.exists():
        sys.exit(f"{args.source} not found: apt-get install fonts-noto-cjk (or give --source)")
    n, size = make_subset(args.source, args.output)
    print(f"{args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}: "
          f"{n} characters, {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()

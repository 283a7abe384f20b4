"""Sphinx configuration of the book (sources staged by book/build.py into build/book_src/).

Nothing here reaches the network, at build time or in the reader's browser: MathJax comes from
the ``sphinx-mathjax-offline`` package (copied into ``_static/mathjax``, SVG output so no web
fonts are needed), the theme's fonts and icons ship with the theme, and widget JavaScript from
a CDN is switched off. Notebooks are rendered as executed by build.py, never executed here.

Two editions share this file: English (the default) and Traditional Chinese, built with
``-D language=zh_TW`` from the gettext catalogues in ``locales/`` (see ``locales/README.md``).
"""

import importlib.resources
import importlib.util
import logging
import pathlib
import shutil
import sys

from docutils import nodes
from sphinx.search.zh import SearchChinese
from sphinx.transforms import SphinxTransform

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from settings import repository_setting  # noqa: E402
from translation import EDITIONS, GENERATED_CLASS, LOCALES, glossary_search_words  # noqa: E402

REPO = repository_setting()

project = "mdl_prune: keeping neural networks simple"
author = "the mdl_prune authors"
copyright = "the mdl_prune authors, MIT License"
html_title = "Keeping neural networks simple"

extensions = [
    "myst_nb",
    "sphinx.ext.mathjax",
    "sphinx_copybutton",
    "sphinx_togglebutton",
    "sphinxcontrib.bibtex",
]

# --- notebooks and MyST ----------------------------------------------------------------------
nb_execution_mode = "off"            # build.py executed them already, into build/notebooks/
nb_merge_streams = True
nb_ipywidgets_js = {}                # no require.js / widget manager from a CDN
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["timings.json"]

# --- translations: locales/<language>/LC_MESSAGES/<page>.po, kept current by sphinx-intl ------
language = "en"                      # build.py builds the other editions with -D language=...
locale_dirs = [str(LOCALES)]
gettext_compact = False              # one catalogue per page: a translator takes one chapter
gettext_uuid = False
gettext_location = False             # no line numbers: moving a cell does not touch a catalogue
templates_path = ["_templates"]

# --- mathematics, offline ----------------------------------------------------------------------
MATHJAX_DIR = "mathjax"
mathjax_path = f"{MATHJAX_DIR}/tex-svg.js"
mathjax3_config = {"svg": {"fontCache": "global"}}

# --- bibliography ------------------------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "unsrt"

# --- reading comfort ---------------------------------------------------------------------------
copybutton_selector = "div.cell_input div.highlight pre, div.highlight-python div.highlight pre, div.highlight-bash div.highlight pre"
copybutton_exclude = ".linenos, .gp, .go"
togglebutton_hint = "Show"
togglebutton_hint_hide = "Hide"
html_show_search_summary = False     # summaries are fetched per result: impossible from file://
html_sourcelink_suffix = ""          # the download button gives the .ipynb itself
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_last_updated_fmt = None

html_theme = "sphinx_book_theme"
# Light or dark as the reader's system prefers; the header's switch changes it (an empty mode
# makes the theme log a console error).
html_context = {"default_mode": "auto"}
# The header already has the search field; the sidebar keeps the title and the chapters.
html_sidebars = {"**": ["navbar-logo.html", "language-switch.html", "icon-links.html",
                         "sbt-sidebar-nav.html"]}
html_theme_options = {
    "repository_url": f"https://github.com/{REPO['repository']}",
    "repository_branch": REPO["branch"],
    "path_to_docs": "",              # staged pages sit where the notebooks sit in the repository
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": True,
    "use_source_button": False,
    "use_edit_page_button": False,
    "use_issues_button": False,
    "home_page_in_toc": False,       # the title above the chapters already leads home
    "show_toc_level": 2,
    "show_navbar_depth": 1,
    "launch_buttons": {
        "binderhub_url": "https://mybinder.org",
        "colab_url": "https://colab.research.google.com",
        "notebook_interface": "jupyterlab",
    },
}


def _copy_mathjax(app, exc):
    """Copy MathJax (the SVG bundle and the parts it loads on demand) next to the pages."""
    if exc is not None or app.builder.format != "html":
        return
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    source = pathlib.Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"
    target = pathlib.Path(app.outdir) / "_static" / MATHJAX_DIR
    skip = shutil.ignore_patterns("tex-chtml*", "tex-mml-*", "mml-*", "tex-svg-full.js",
                                  "node-main.js", "chtml", "chtml.js")
    if not (target / "tex-svg.js").exists():
        shutil.copytree(source, target, ignore=skip, dirs_exist_ok=True)


class GeneratedText(SphinxTransform):
    """The text in ``{container} generated`` (run times, session plans: ``stage.py`` writes it
    in the edition's language) stays out of the catalogues. Runs before ``Locale`` (20)."""

    default_priority = 10

    def apply(self, **kwargs) -> None:
        for container in self.document.findall(nodes.container):
            if GENERATED_CLASS in container["classes"]:
                # Paragraphs, titles and cells only: an inline node marked ``translatable`` is
                # a placeholder to Sphinx, which removes it (and a link would lose its text).
                for node in container.findall(nodes.TextElement):
                    if not isinstance(node, nodes.Inline):
                        node["translatable"] = False


def _edition_settings(app, config):
    """The words of the interface in the edition's language (``EDITIONS``), and Chinese search.

    Sphinx's Chinese search index splits words with jieba; the glossary's terms are added to its
    dictionary so that a search for a term of the series finds it as one word.
    """
    edition = EDITIONS.get(config.language, EDITIONS["en"])
    for key, value in edition["sphinx"].items():
        config[key] = value
    config.html_css_files = [*config.html_css_files, *edition.get("css", [])]
    if config.language.startswith("zh"):
        words = pathlib.Path(app.doctreedir) / "search_words.txt"
        words.parent.mkdir(parents=True, exist_ok=True)
        words.write_text(glossary_search_words(config.language), encoding="utf-8")
        logging.getLogger("jieba").setLevel(logging.WARNING)   # its dictionary-loading chatter
        config.html_search_language = "zh"
        config.html_search_options = {"dict": str(words)}
    config.html_context = {**config.html_context, "editions": EDITIONS,
                           "edition": config.language,
                           "edition_root": "" if config.language == "en" else "../"}


def _copy_cjk_font(app, exc):
    """A translated edition in Chinese carries the font its figures use (``cjk.css`` loads it)."""
    if exc is not None or app.builder.format != "html" or not app.config.language.startswith("zh"):
        return
    fonts = importlib.resources.files("mdl_prune.plots") / "fonts"
    source = next(path for path in fonts.iterdir() if path.name.endswith(".otf"))
    target = pathlib.Path(app.outdir) / "_static" / "fonts" / "cjk.otf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with importlib.resources.as_file(source) as path:
        shutil.copyfile(path, target)


class ChineseSearch(SearchChinese):
    """Sphinx 9.0's Chinese search writes ``window.Stemmer = ChineseStemmer`` into the page, a
    stemmer that does not exist (a console error, and no search); the Latin words of a Chinese
    page are stemmed as English on the Python side, so the English stemmer is the right one."""

    language_name = "English"


def setup(app):
    app.connect("config-inited", _edition_settings)
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _copy_cjk_font)
    app.add_transform(GeneratedText)
    app.add_search_language(ChineseSearch)

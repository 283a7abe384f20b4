"""Sphinx configuration of the book (sources staged by book/build.py into build/book_src/).

Nothing here reaches the network, at build time or in the reader's browser: MathJax comes from
the ``sphinx-mathjax-offline`` package (copied into ``_static/mathjax``, SVG output so no web
fonts are needed), the theme's fonts and icons ship with the theme, and widget JavaScript from
a CDN is switched off. Notebooks are rendered as executed by build.py, never executed here.
"""

import importlib.util
import pathlib
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from settings import repository_setting  # noqa: E402

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
html_sidebars = {"**": ["navbar-logo.html", "icon-links.html", "sbt-sidebar-nav.html"]}
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


def setup(app):
    app.connect("build-finished", _copy_mathjax)

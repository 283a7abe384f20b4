# Two commands run everything (see README "Quick start"):
#   make series   execute every notebook in order, headless, into build/notebooks/, and build
#                 the book from those copies: build/book/index.html (book/README.md)
#   make test     unit and property tests + nbval over every notebook
# Each creates the local virtual environment .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# Same kernel, same results, no stray warnings from a user's config.
export MPLBACKEND := module://matplotlib_inline.backend_inline
export PYTHONHASHSEED := 0
# The matrices here are small: BLAS threads only add overhead (and contention on a busy machine).
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

.PHONY: series book-test test notebook notebooks sync-notebooks lab benchmark clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "Python 3.10+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

BOOK := build/book/index.html
BOOK_SOURCES := $(NOTEBOOKS) $(wildcard book/*.py book/*.md book/*.bib book/_static/*) README.md pyproject.toml

series: $(STAMP)
	$(BIN)/python book/build.py
	@touch $(BOOK)

$(BOOK): $(BOOK_SOURCES) | $(STAMP)
	$(BIN)/python book/build.py
	@touch $(BOOK)

# The book in headless Chromium with the network blocked, its links, its offline assets
# (builds the book first when a notebook or a page changed). Needs Debian's chromium.
book-test: $(STAMP) $(BOOK)
	$(BIN)/python -m pytest book/tests -p no:cacheprovider -q

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env -p no:cacheprovider -n 2 --dist loadfile

# Re-execute notebooks from their text sources (notebooks/NN_*.py), top to bottom in a fresh
# kernel, and store the outputs (no timestamps, no widget state). `make notebook NB=04` does one.
notebooks: $(STAMP)
	$(BIN)/python scripts/notebooks.py execute

notebook: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make notebook NB=04"; exit 2; }
	$(BIN)/python scripts/notebooks.py execute $(NB)

# After editing a text source: carry the change into the .ipynb without executing.
sync-notebooks: $(STAMP)
	$(BIN)/python scripts/notebooks.py sync

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build $(VENV)

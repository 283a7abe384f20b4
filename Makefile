# Two commands run everything (see README "Quick start"):
#   make series   execute every notebook in order, headless, into build/notebooks/, and build
#                 the book from those copies: build/book/index.html (book/README.md), and
#                 its zh-TW edition, build/book/zh_TW/index.html (locales/README.md)
#   make test     unit and property tests + nbval over every notebook
#   make browser-test   every notebook and slider in JupyterLab in Chromium (needs Chromium)
# Each creates the local virtual environment .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BROWSER_STAMP := $(VENV)/.browser-installed
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# Same kernel, same results, no stray warnings from a user's config.
export MPLBACKEND := module://matplotlib_inline.backend_inline
export PYTHONHASHSEED := 0
# The matrices here are small: BLAS threads only add overhead (and contention on a busy machine).
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

.PHONY: series book-test test browser-test notebook notebooks sync-notebooks lab benchmark clean translations

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "Python 3.10+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

BOOK := build/book/index.html
BOOK_SOURCES := $(NOTEBOOKS) $(wildcard book/*.py book/*.md book/*.bib book/_static/* book/_templates/*) \
	$(shell find locales -name '*.po' 2>/dev/null) README.md pyproject.toml

series: $(STAMP)
	$(BIN)/python book/build.py
	@touch $(BOOK)

$(BOOK): $(BOOK_SOURCES) | $(STAMP)
	$(BIN)/python book/build.py
	@touch $(BOOK)

# After an English text changed: new strings into the zh-TW catalogues (locales/), changed ones
# marked fuzzy; `python book/translation.py todo PAGE` lists what is left (locales/README.md).
translations: $(STAMP)
	$(BIN)/python book/translation.py update
	$(BIN)/python book/translation.py check || true

# The book in headless Chromium with the network blocked, its links, its offline assets
# (builds the book first when a notebook or a page changed). Needs Debian's chromium.
book-test: $(STAMP) $(BOOK)
	$(BIN)/python -m pytest book/tests -p no:cacheprovider -q

# The student edition: every notebook without its solution cells (a note stands in their place)
# and without outputs (a student runs it), in build/student/. See scripts/student.py.
.PHONY: student
student: $(STAMP)
	$(BIN)/python scripts/student.py

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env -p no:cacheprovider -n 2 --dist loadfile

$(BROWSER_STAMP): $(STAMP) requirements-browser.txt
	$(BIN)/python -m pip install --quiet -r requirements-browser.txt
	touch $(BROWSER_STAMP)

# JupyterLab in a real browser, as a teacher uses it: Restart & Run All in every notebook, then
# 10 presses of each slider cell's Draw button; timings and screenshots in build/browser/.
# Uses the system's Chromium (Debian: apt-get install chromium; or CHROMIUM=/path/to/chrome).
browser-test: $(BROWSER_STAMP)
	@test -x "$(CHROMIUM)" || { echo "no Chromium at $(CHROMIUM): apt-get install chromium"; exit 2; }
	$(BIN)/python -m pytest tests/browser/classroom_in_jupyterlab.py -p no:cacheprovider -v -s

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

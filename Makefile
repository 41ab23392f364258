# Rugcoach: `make run` starts the product, `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
CHROMIUM := /usr/bin/chromium
PO := $(wildcard webapp/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: run test lint translations extract-messages browser nginx gl vnu clean

run: $(VENV)/.web $(MO)
	$(BIN)/flask --app webapp prepare --demo
	PORT=$(PORT) $(BIN)/python -m webapp.devserver --first "$(MAKE) --no-print-directory $(VENV)/.runtime"

test: $(VENV)/.dev $(MO) browser nginx gl vnu
	$(BIN)/ruff check .
	$(BIN)/pytest -n auto

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# A venv without its own copy of pip, filled by this Python's pip (22.3 or newer: --python):
# creating one with pip costs seconds on every first start. Older pips get a classic venv.
HOST_PIP := $(shell $(PYTHON) -c 'import pip, sys; sys.exit(tuple(map(int, pip.__version__.split(".")[:2])) < (22, 3))' 2>/dev/null && echo yes)
ifeq ($(HOST_PIP),yes)
VENV_FLAGS := --without-pip
PIP := $(PYTHON) -m pip --python $(BIN)/python
else
VENV_FLAGS :=
PIP := $(BIN)/python -m pip
endif
# Modules are compiled when first imported instead of all at install time.
PIP_INSTALL := $(PIP) install --quiet --no-compile

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV_FLAGS) $(VENV)

# What the web server needs: `make run` installs only this before the first page.
$(VENV)/.web: requirements-web.txt | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements-web.txt
	touch $@

# Everything the product runs on (the scheduler's video and push packages too).
$(VENV)/.runtime: requirements.txt $(VENV)/.web
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

%.mo: %.po | $(VENV)/.web
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(MO)

extract-messages: $(VENV)/.dev
	$(BIN)/pybabel extract -F babel.cfg -k _l --project=Rugcoach --copyright-holder='the Rugcoach authors' \
	  --no-location --sort-output -w 100 -o webapp/translations/messages.pot .
	$(BIN)/pybabel update -i webapp/translations/messages.pot -d webapp/translations --no-fuzzy-matching -w 100

# The browser tests drive Debian's Chromium; install it when missing and we are root.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)); \
	  else \
	    echo "Chromium is missing and we are not root: browser tests will be skipped (or fail under CI=true)."; \
	  fi; \
	fi

# The deployment test runs Debian's nginx from deploy/nginx/; install it when missing and root.
NGINX := /usr/sbin/nginx
nginx:
	@if [ ! -x $(NGINX) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's nginx for the deployment test"; \
	    (apt-get install -y -q nginx >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q nginx >/dev/null)); \
	  else \
	    echo "nginx is missing and we are not root: the deployment test will be skipped (or fail under CI=true)."; \
	  fi; \
	fi

# The Nu Html Checker (vnu-jar from npm) runs on Debian's Java; installed into .tools/ (ignored).
VNU_VERSION := 26.9.27
VNU_JAR := .tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar
vnu: $(VNU_JAR)
$(VNU_JAR):
	@command -v java >/dev/null || { echo "Java is missing: the HTML checker test will fail (apt-get install default-jre-headless)"; }
	mkdir -p .tools/vnu
	npm install --silent --no-save --no-audit --no-fund --prefix .tools/vnu vnu-jar@$(VNU_VERSION)

# The demonstration videos are drawn with OpenGL on EGL (Mesa's llvmpipe, no GPU needed);
# install Mesa when missing and we are root. The render tests fail under CI=true without it.
GL_PACKAGES := libegl1 libegl-mesa0 libgl1-mesa-dri
gl:
	@missing="$$(for p in $(GL_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done)"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Mesa's EGL for rendering the videos: $$missing"; \
	    (apt-get install -y -q $$missing >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null)); \
	  else \
	    echo "Mesa's EGL ($$missing) is missing and we are not root: render tests will be skipped (or fail under CI=true)."; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +

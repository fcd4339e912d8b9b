#!/usr/bin/env bash
# Set up and run the whole test suite (the command CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
if [ -f scripts/browser.sh ]; then
  bash scripts/browser.sh
fi
.venv/bin/python -m ruff check kb scripts tests
.venv/bin/python -m ruff format --check kb scripts tests
.venv/bin/python -m mypy  # what and how strictly: [tool.mypy] in pyproject.toml
.venv/bin/python -m pytest "$@"

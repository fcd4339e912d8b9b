#!/usr/bin/env bash
# The long parity checks whole (CI runs a deterministic sample of each): kb's
# court lookup against eyecite's own on every courts-db string and prefix.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest -q --full-parity tests/test_eyecite_hooks.py -k "courts_db" "$@"

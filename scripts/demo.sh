#!/usr/bin/env bash
# The main job: ingest the bundled opinions, print their tables of authorities,
# and write the citation map of the bundled opinions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export KB_DB="${KB_DB:-kb.sqlite}"
.venv/bin/kb ingest data/opinions
for stem in flores-albarran-v-wong balogun-v-sessions arango-v-usa-immigration; do
  .venv/bin/kb authorities "$stem"
  echo
done
if .venv/bin/kb map --help >/dev/null 2>&1; then
  .venv/bin/kb map -o kb-map.html
fi

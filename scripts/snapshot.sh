#!/usr/bin/env bash
# Snapshot kb's outputs on the bundled opinions, to prove a refactor changes no behaviour.
#
#   bash scripts/snapshot.sh save DIR    write every output into DIR
#   bash scripts/snapshot.sh check DIR   write them again and compare with DIR byte for byte
#
# Each output is one command's stdout in one --format (and its exit status), read
# from a fresh temporary store holding data/opinions (ingested by one worker); scripts/score.py --set all
# adds the gold scores. `check` exits 1 and shows the diff when anything differs.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
dir="${2:-}"
if [ -z "$dir" ] || { [ "$mode" != save ] && [ "$mode" != check ]; }; then
  echo "usage: bash scripts/snapshot.sh save|check DIR" >&2
  exit 2
fi
kb=.venv/bin/kb
py=.venv/bin/python
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
out="$tmp/out"
mkdir -p "$out"
export KB_DB="$tmp/kb.sqlite"
# One worker: with more, opinions are stored (and numbered) in the order their
# analyses finish, and ids and listing orders change from run to run.
"$kb" ingest data/opinions --workers 1 >/dev/null 2>&1

# run NAME ARGS...: stdout to $out/NAME, exit status appended.
run() {
  local name="$1"
  shift
  local rc=0
  "$@" >"$out/$name" 2>/dev/null || rc=$?
  echo "[exit $rc]" >>"$out/$name"
}

for fmt in text markdown csv json; do
  run "authorities.$fmt" "$kb" authorities --format "$fmt"
  for stem in flores-albarran-v-wong balogun-v-sessions arango-v-usa-immigration; do
    run "authorities-$stem.$fmt" "$kb" authorities "$stem" --format "$fmt"
  done
done
for fmt in text json; do
  run "opinions.$fmt" "$kb" opinions --format "$fmt"
  run "rank.$fmt" "$kb" rank --format "$fmt"
done
for fmt in text markdown json; do
  run "cited-by.$fmt" "$kb" cited-by "280 F.3d 786" --format "$fmt"
  run "support.$fmt" "$kb" support "stay of removal" --format "$fmt"
done
run score.txt "$py" scripts/score.py --set all
run score.json "$py" scripts/score.py --set all --json

if [ "$mode" = save ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$out"/* "$dir"/
  echo "saved $(ls "$out" | wc -l) outputs to $dir"
else
  if diff -r "$dir" "$out"; then
    echo "identical: $(ls "$out" | wc -l) outputs match $dir byte for byte"
  else
    echo "DIFFERENT from $dir (see above)" >&2
    exit 1
  fi
fi

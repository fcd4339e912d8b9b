#!/usr/bin/env python3
"""Write kb/court_levels.py: the ranking level of every courts-db id, so ranking needs no courts-db load.

Usage: python scripts/court_levels.py   (after upgrading courts-db; tests/test_search.py checks parity)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.courts import _index, level_from_courts_db, level_from_id  # noqa: E402

HEAD = '''"""Court levels of courts-db's ids, for ranking without loading courts-db (a third of a second).

Generated from courts-db by ``python scripts/court_levels.py``; ``tests/test_search.py`` checks it
against courts-db as installed. An id not listed here is looked up in courts-db itself.
"""

# fmt: off
LEVELS: dict[str, int] = {
'''


def render() -> str:
    """The module's text for the installed courts-db."""
    items = [f'"{cid}": {level_from_courts_db(cid)}' for cid in sorted(_index()[1]) if level_from_id(cid) is None]
    lines, row = [], []
    for item in items:
        if row and len(", ".join([*row, item])) > 108:
            lines.append("    " + ", ".join(row) + ",")
            row = []
        row.append(item)
    if row:
        lines.append("    " + ", ".join(row) + ",")
    return HEAD + "\n".join(lines) + "\n}\n# fmt: on\n"


if __name__ == "__main__":
    (ROOT / "kb" / "court_levels.py").write_text(render(), encoding="utf-8")

"""kb.court_levels: the generated table of court levels, current and used without courts-db."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

from kb.court_levels import LEVELS
from kb.courts import LEVEL_APPELLATE, LEVEL_TRIAL

from .conftest import ROOT


def test_the_file_is_what_the_generator_writes_for_the_installed_courts_db():
    spec = importlib.util.spec_from_file_location("court_levels_script", ROOT / "scripts" / "court_levels.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert (ROOT / "kb" / "court_levels.py").read_text(encoding="utf-8") == script.render(), (
        "run python scripts/court_levels.py"
    )


def test_the_courts_the_bundled_opinions_cite_have_their_levels(store):
    ids = {r[0] for r in store.execute("SELECT DISTINCT court_id FROM refs WHERE court_id IS NOT NULL")}
    told_by_id = {i for i in ids if re.fullmatch(r"scotus|ca\d+|cadc|cafc", i)}
    assert {"scotus", "ca2", "ca7", "ca9"} <= told_by_id
    # The Supreme Court and the circuits are told by their id and are not in the table; the rest are districts.
    assert not told_by_id & set(LEVELS)
    districts = ids - told_by_id
    assert {"ilnd", "ksd", "nysd", "cacd"} <= districts
    assert {i: LEVELS[i] for i in districts} == dict.fromkeys(districts, LEVEL_TRIAL)
    assert LEVELS["mass"] == LEVELS["cal"] == LEVEL_APPELLATE


def test_ranking_by_court_level_does_not_load_courts_db():
    code = (
        "import sys; from kb.courts import court_level; "
        "print(court_level('ilnd'), court_level('ca7'), court_level('mass'), 'courts_db' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.split() == ["1", "2", "2", "False"]

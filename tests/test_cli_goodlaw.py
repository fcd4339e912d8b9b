"""CLI: kb history, kb treatment, --for-court, and good-law flags in every listing (real corpus opinions)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest
from click.testing import CliRunner

from kb.cli import main
from tests.conftest import OPINIONS
from tests.test_goodlaw import CORPUS, STEMS

WILSON_FLAG = "! abrogated by Bloate v. United States, 559 U.S. ___ (2010) (per United States v. Tinklenberg)"


def run(*args, db):
    return CliRunner().invoke(main, ["--db", str(db), *args])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A store of the corpus opinions of tests/test_goodlaw.py and the three bundled ones."""
    if not all((CORPUS / f"{s}.txt").exists() for s in STEMS):
        pytest.skip("../shared/corpus/opinions is not here")
    folder = tmp_path_factory.mktemp("cli-goodlaw")
    for stem in STEMS:
        shutil.copy(CORPUS / f"{stem}.txt", folder / f"{stem}.txt")
    shutil.copytree(OPINIONS, folder / "bundled")
    path = folder / "kb.sqlite"
    r = run("ingest", str(folder), db=path)
    assert r.exit_code == 0, r.output
    return path


def test_history_text(db):
    r = run("history", "835 F.2d 1440", db=db)
    assert r.exit_code == 0
    assert r.output == (
        "United States v. Wilson, 835 F.2d 1440 (D.C. Cir. 1987)\n"
        f"{WILSON_FLAG}\n"
        "\n"
        "History (as citing opinions state it):\n"
        "  abrogated by Bloate v. United States, 559 U.S. ___ (2010) (per United States v. Tinklenberg)\n"
    )


def test_history_of_the_later_decision_names_what_it_abrogated(db):
    r = run("history", "Bloate v. United States", db=db)
    assert "It is the later decision in:\n  United States v. Wilson, 835 F.2d 1440, abrogated by it" in r.output


def test_history_json(db):
    data = json.loads(run("history", "523 F.3d 43", "--format", "json", db=db).output)
    assert set(data) == {"authority", "key", "history", "as_later_decision", "flags"}
    assert [(h["relation"], h["citation"], h["stated_by"]) for h in data["history"]] == [
        ("cert. denied", "129 S. Ct. 236 (2008)", "United States v. Laurent")
    ]


def test_treatment_text_and_json(db):
    r = run("treatment", "355 S.C. 175", db=db)
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0] == "State v. Chisolm, 355 S.C. 175, 584 S.E.2d 401 (S.C. Ct. App. 2003)"
    assert lines[2] == "overruled 1"
    assert lines[4] == "State v. Hatcher (S.C., 2011)"
    assert lines[5].startswith("  - overruled: “The Court of Appeals, sitting en banc, subsequently overruled Chisolm")
    data = json.loads(run("treatment", "355 S.C. 175", "--format", "json", db=db).output)
    assert data["summary"] == {"overruled": 1}
    assert data["citing"][0]["references"][0]["treatment"] == "overruled"


@pytest.mark.parametrize("command", ["history", "treatment"])
def test_unknown_authority_is_one_line(db, command):
    r = run(command, "no such case", db=db)
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: no authority matches 'no such case'; try a citation such as '280 F.3d 786', a case name or an id\n"
    )


@pytest.mark.parametrize("command", ["history", "treatment"])
def test_a_name_without_letters_is_bad_usage(db, command):
    r = run(command, "%%", db=db)
    assert r.exit_code == 2
    assert "'%%' has no letters or digits" in r.stderr


def test_authorities_print_subsequent_history_and_flags(db):
    text = run("authorities", "cl1-148834-united-states-v-laurent", db=db).output
    assert "Van Anh, 523 F.3d 43, cert. denied, 129 S. Ct. 236 (2008)\n" in text
    tink = run("authorities", "slip-10-the-court-united-states-v-tinklenberg", "--format", "markdown", db=db).output
    assert f"\n  {WILSON_FLAG}\n" in tink


def test_authorities_csv_and_json_carry_history_flags_and_binding(db):
    out = run(
        "authorities", "slip-10-the-court-united-states-v-tinklenberg", "--format", "csv", "--for-court", "ilnd", db=db
    )
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(out.output))}
    assert rows["835 F.2d 1440"]["flags"] == WILSON_FLAG
    assert rows["835 F.2d 1440"]["subsequent_history"] == "abrogated by Bloate v. United States, 559 U.S. ___ (2010)"
    assert rows["476 U.S. 321"]["binding"] == "binding"
    data = json.loads(
        run("authorities", "slip-10-the-court-united-states-v-tinklenberg", "--format", "json", db=db).output
    )
    wilson = next(a for a in data["authorities"] if a["key"] == "835 F.2d 1440")
    assert {"history", "subsequent_history", "flags"} <= set(wilson)
    assert "binding" not in wilson  # only with --for-court


def test_authorities_for_court_marks_binding_ones(db):
    text = run("authorities", "flores-albarran-v-wong", "--for-court", "ilnd", db=db).output
    assert "    [binding] 7th Cir. binds N.D. Ill., a court of its circuit (28 U.S.C. § 41)\n" in text
    assert "    [binding] the Supreme Court binds every court on federal questions\n" in text
    assert "[persuasive]" in text


def test_for_court_must_be_a_court(db):
    r = run("authorities", "flores-albarran-v-wong", "--for-court", "nowhere", db=db)
    assert r.exit_code == 2
    assert "Invalid value for '--for-court': unknown court 'nowhere'; give a courts-db id such as ca7" in r.stderr


def test_support_for_court_ranks_binding_first_and_labels_hits(db):
    query = "a stay request arises from executing the removal order"
    r = run("support", query, "--for-court", "ilnd", "--limit", "5", db=db)
    assert r.exit_code == 0
    # Cases carry a label; provisions ("8 U.S.C. § 1252(g)") bind no court and carry none.
    statuses = re.findall(r"^\d+\. \[(\w+)\]", r.output, re.MULTILINE)
    assert statuses[0] == "binding"
    assert statuses == sorted(statuses, key=["binding", "unknown", "persuasive"].index)
    hits = json.loads(run("support", query, "--for-court", "7th Cir.", "--format", "json", db=db).output)
    assert {h["binding"]["status"] for h in hits if h["authority"]["kind"] == "case"} <= {
        "binding",
        "persuasive",
        "unknown",
    }
    assert all(h["binding"] is None for h in hits if h["authority"]["kind"] != "case")


def test_cited_by_and_trace_show_the_flag(db):
    cited = run("cited-by", "835 F.2d 1440", db=db).output.splitlines()
    assert cited[:2] == [
        "United States v. Wilson, 835 F.2d 1440 (D.C. Cir. 1987), abrogated by Bloate v. United States, 559 U.S. ___ (2010)",
        WILSON_FLAG,
    ]
    assert "[overruled: abrogated on other grounds by]" in cited[4]
    trace = run("trace", "835 F.2d 1440", db=db).output.splitlines()
    assert trace[:2] == ["United States v. Wilson, 835 F.2d 1440 (D.C. Cir. 1987)", WILSON_FLAG]
    data = json.loads(run("trace", "Tinklenberg", "--format", "json", db=db).output)
    flagged = [x for x in data["relies_on"] if x["flags"]]
    assert any(x["citation"].startswith("United States v. Wilson") for x in flagged)


def test_support_for_court_and_history_are_documented():
    for name in ("history", "treatment"):
        assert name in main.commands and "Example:" in main.commands[name].help
    for name in ("support", "authorities"):
        assert any(p.name == "for_court" and p.help for p in main.commands[name].params)


def test_map_draws_flagged_authorities_with_a_red_border(db, tmp_path):
    out = tmp_path / "m.html"
    r = run("map", "-o", str(out), "--focus", "Tinklenberg", "--depth", "1", db=db)
    assert r.exit_code == 0
    page = out.read_text()
    assert '"borderWidth":4' in page and "#d0021b" in page


def test_map_of_the_whole_store_flags_an_ingested_opinion_drawn_as_its_opinion_node(db, tmp_path):
    # Without --focus the map draws an ingested opinion that others cite as its opinion node, and
    # flags_by_node once read only authority nodes. The corpus holds no ingested opinion that another
    # ingested one overrules, so this copy of the store records Laurent's opinion as the decision cited
    # at 835 F.2d 1440 (the case Tinklenberg reports abrogated), as ingesting Wilson itself would.
    import sqlite3

    copy = tmp_path / "kb.sqlite"
    shutil.copy(db, copy)
    conn = sqlite3.connect(copy)
    (oid,) = conn.execute("SELECT id FROM opinions WHERE stem = 'cl1-148834-united-states-v-laurent'").fetchone()
    conn.execute("UPDATE authorities SET opinion_id = ? WHERE key = '835 F.2d 1440'", (oid,))
    conn.commit()
    conn.close()
    from kb.goodlaw import flags_by_node
    from kb.store import connect

    flags = flags_by_node(connect(copy), [f"opinion:{oid}"])
    assert [describe(f) for f in flags[f"opinion:{oid}"]] == [WILSON_FLAG]
    out = tmp_path / "m.html"
    r = run("map", "-o", str(out), db=copy)
    assert r.exit_code == 0, r.output
    assert "#d0021b" in out.read_text()


def describe(flag):
    from kb.goodlaw import describe_flag

    return describe_flag(flag)

"""kb check: a real brief and edited copies of real opinions, checked against a store of the bundled opinions."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from kb.check import check_document, render_check
from kb.cli import main
from kb.ingest import ingest_paths
from kb.store import connect
from tests.conftest import BRIEFS, CORPUS, OPINIONS

SG_MERITS = BRIEFS / "learning-resources-sg-opening-merits-brief.txt"
TINKLENBERG = "slip-10-the-court-united-states-v-tinklenberg"
LAURENT = "cl1-148834-united-states-v-laurent"


def codes(report, level=None):
    return [(f["line"], f["code"]) for f in report["findings"] if level is None or f["level"] == level]


def test_a_short_form_of_a_misprinted_full_cite_is_an_error_with_the_likely_case(store):
    # The brief's full cite prints "FEA v. Algonquin SNG, Inc., 425 U.S. 548" (the case is 426 U.S. 548,
    # as its own table says), so its short forms "426 U.S. at 561-562" refer to nothing.
    report = check_document(store, SG_MERITS)
    errors = [f for f in report["findings"] if f["level"] == "error"]
    assert [(f["line"], f["code"], f["page"]) for f in errors] == [
        (1280, "no-antecedent", "28"),
        (1876, "no-antecedent", "45"),
        (1920, "no-antecedent", "46"),
    ]
    assert all(f["message"].endswith("did it mean FEA v. Algonquin SNG, Inc., 425 U.S. 548?") for f in errors)
    assert errors[1]["message"].startswith("short form 'Algonquin, 426 U.S. at 558-560' refers to nothing")
    # The Id. after the unresolved short form cannot be checked either: a warning, not a second error.
    assert (1286, "no-antecedent") in codes(report, "warning")
    # "See pp. 12-13, supra" is the brief's own pages, not an authority: no finding.
    assert not [f for f in report["findings"] if f["line"] == 1171]
    # Two of its authorities are in the bundled store (Steel Co., Clark v. Martinez), named as the store names them.
    assert report["summary"]["in_store"] == 2
    steel = [f for f in report["findings"] if f["key"] == "523 U.S. 83"]
    assert steel == []
    not_stored = {f["key"] for f in report["findings"] if f["code"] == "not-in-store"}
    assert "426 U.S. 548" not in not_stored and "425 U.S. 548" in not_stored and "523 U.S. 83" not in not_stored
    # Nothing of the brief was stored.
    assert store.execute("SELECT count(*) FROM opinions").fetchone()[0] == 3


def test_an_opinion_in_the_store_checks_clean(store):
    report = check_document(store, OPINIONS / "flores-albarran-v-wong.txt")
    assert report["findings"] == []
    assert report["summary"] == {
        "error": 0,
        "warning": 0,
        "info": 0,
        "references": 143,
        "authorities": 58,
        "in_store": 58,
    }


@pytest.fixture
def edited_flores(tmp_path):
    """Flores Albarran v. Wong with the test's edits: a wrong pin, names, a cite of Balogun and a parallel."""
    text = (OPINIONS / "flores-albarran-v-wong.txt").read_text(encoding="utf-8")
    edits = [
        # A pin before the first page.
        (
            "Weiler v. Household Fin. Corp. , 101 F.3d 519, 524 n. 1",
            "Weiler v. Household Fin. Corp. , 101 F.3d 519, 424 n. 1",
        ),
        # The wrong name: no party matches what the store knows 507 F.3d 614 as.
        ("Killingsworth v. HSBC Bank Nev., N.A. , 507 F.3d 614", "Kowalski v. Tesmer , 507 F.3d 614"),
        # A name that differs in one party only.
        ("Sharif v. Ashcroft , 280 F.3d 786, 787", "Sharif v. Gonzales , 280 F.3d 786, 787"),
        # A stored opinion pinned past its last star page (Balogun runs 1211-1218).
        (
            "Kontos v. U.S. Dep't Labor , 826 F.2d 573, 576 (7th Cir.1987)",
            "Balogun v. Sessions, 330 F. Supp. 3d 1211, 1290 (C.D. Cal. 2018)",
        ),
        # Twombly's S. Ct. cite printed as Iqbal's parallel.
        ("556 U.S. 662, 678, 129 S.Ct. 1937, 1949–50", "556 U.S. 662, 678, 127 S.Ct. 1955, 1965"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_edited_copy_errors_are_found_where_the_edits_are(store, edited_flores):
    path, text = edited_flores
    report = check_document(store, path)
    line = {needle: text[: text.index(needle)].count("\n") + 1 for needle in ("Weiler", "Kowalski", "Balogun v.")}
    by_code = {f["code"]: f for f in report["findings"]}
    assert set(codes(report, "error")) == {
        (line["Weiler"], "pin-before-first-page"),
        (line["Kowalski"], "name-mismatch"),
        (line["Balogun v."], "pin-outside-opinion"),
        (line["Kowalski"], "parallel-mismatch"),  # the Iqbal cite sits in the same paragraph (one line)
    }
    assert by_code["pin-before-first-page"]["message"] == "pin 424 n.1 is before the first page of 101 F.3d 519"
    assert by_code["name-mismatch"]["message"] == (
        "Kowalski v. Tesmer, 507 F.3d 614: the draft names it 'Kowalski v. Tesmer', but the store knows"
        " 507 F.3d 614 as 'Killingsworth v. HSBC Bank Nev., N.A.': the name or the citation is wrong"
    )
    assert by_code["pin-outside-opinion"]["message"] == (
        "pin 1290 is past the last page of 330 F. Supp. 3d 1211 (the stored opinion runs 1211–1218)"
    )
    assert by_code["parallel-mismatch"]["message"] == (
        "parallel citations of different decisions in the store: 556 U.S. 662, 173 L. Ed. 2d 868 is"
        " Ashcroft v. Iqbal, 556 U.S. 662 (2009); 127 S. Ct. 1955 is Bell Atl. Corp. v. Twombly, 550 U.S. 544 (2007)"
    )
    # Sharif v. Gonzales shares a party with Sharif v. Ashcroft: a warning.
    assert by_code["name"]["level"] == "warning"
    assert "'Sharif v. Gonzales'; the store knows it as 'Sharif v. Ashcroft'" in by_code["name"]["message"]
    assert report["summary"]["error"] == 4


def test_render_lines_summary_and_json(store, edited_flores):
    path, _ = edited_flores
    report = check_document(store, path)
    text = render_check(report, "text")
    lines = text.splitlines()
    assert lines[-1] == f"{path}: 4 errors, 1 warning, 0 info; 143 references to 57 authorities, 57 in the store"
    assert all(line.startswith(f"{path}:") for line in lines)
    assert any(line.split(": ", 2)[1] == "error" and line.endswith("[pin-outside-opinion]") for line in lines)
    only_errors = render_check(report, "text", min_level="error").splitlines()
    assert len(only_errors) == 5 and lines[-1] == only_errors[-1]
    data = json.loads(render_check(report, "json"))
    assert data["summary"]["error"] == 4 and {f["level"] for f in data["findings"]} == {"error", "warning"}


def test_cli_exit_status_follows_the_findings(store, edited_flores, tmp_path):
    db = tmp_path / "kb.sqlite"
    src, dest = sqlite3.connect(store.execute("PRAGMA database_list").fetchone()[2]), sqlite3.connect(db)
    src.backup(dest)
    src.close(), dest.close()
    path, _ = edited_flores
    runner = CliRunner()
    bad = runner.invoke(main, ["--db", str(db), "check", str(path), "--min-level", "error"])
    assert bad.exit_code == 1
    assert bad.output.splitlines()[0].startswith(f"{path}:") and ": error: " in bad.output
    clean = runner.invoke(main, ["--db", str(db), "check", str(OPINIONS / "balogun-v-sessions.txt")])
    assert clean.exit_code == 0
    assert clean.output.endswith("0 errors, 0 warnings, 0 info; 119 references to 56 authorities, 56 in the store\n")
    arango = OPINIONS / "arango-v-usa-immigration.txt"  # its "Duamutef, 386 F.3d at 181" precedes the full cite
    assert runner.invoke(main, ["--db", str(db), "check", str(arango)]).exit_code == 0
    assert runner.invoke(main, ["--db", str(db), "check", str(arango), "--fail-on", "warning"]).exit_code == 1
    missing = runner.invoke(main, ["--db", str(db), "check", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and missing.output.startswith("Error: ")
    js = runner.invoke(main, ["--db", str(db), "check", str(path), "--format", "json"])
    assert json.loads(js.output)["summary"]["error"] == 4


@pytest.fixture(scope="module")
def history_store(tmp_path_factory):
    """The corpus opinions whose citations carry history: Tinklenberg (abrogations) and Laurent (cert. denied)."""
    if not all((CORPUS / f"{s}.txt").exists() for s in (TINKLENBERG, LAURENT)):
        pytest.skip("../shared/corpus/opinions is not here")
    folder = tmp_path_factory.mktemp("history")
    for stem in (TINKLENBERG, LAURENT):
        shutil.copy(CORPUS / f"{stem}.txt", folder / f"{stem}.txt")
    conn = connect(folder / "kb.sqlite")
    assert not ingest_paths(conn, [folder]).failed
    return conn


def test_history_and_flags_the_draft_leaves_out(history_store, tmp_path):
    tinklenberg = (CORPUS / f"{TINKLENBERG}.txt").read_text(encoding="utf-8")
    laurent = (CORPUS / f"{LAURENT}.txt").read_text(encoding="utf-8")
    # Real sentences, with the history the opinions print cut out by the test (Cobb's abrogation kept).
    wilson = tinklenberg[
        tinklenberg.index("See United States v. Wilson") : tinklenberg.index("; United States v. Novak")
    ]
    wilson = wilson.replace(", abrogated on other grounds\nby Bloate v. United States, 559 U. S. ___ (2010)", "")
    van_anh = laurent[laurent.index("United States v. Van Anh, 523") : laurent.index("; United States v. Alvarez, 987")]
    van_anh = van_anh.replace(",\ncert. denied, 129 S. Ct. 236 (2008)", "")
    draft = tmp_path / "draft.txt"
    draft.write_text(wilson + ".\n\nSee " + van_anh + ".\n", encoding="utf-8")
    report = check_document(history_store, draft)
    found = {(f["key"], f["level"], f["code"]): f["message"] for f in report["findings"]}
    assert found[("835 F.2d 1440", "warning", "good-law")] == (
        "United States v. Wilson, 835 F.2d 1440: abrogated by Bloate v. United States, 559 U.S. ___ (2010)"
        " (per United States v. Tinklenberg)"
    )
    assert "cert. denied, 129 S. Ct. 236 (2008)" in found[("523 F.3d 43", "info", "history")]
    # Cobb's abrogation is in the draft: nothing to say.
    assert not [k for k in found if k[0] == "697 F.2d 38"]
    assert report["summary"]["error"] == 0

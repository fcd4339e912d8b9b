from __future__ import annotations

import json

from click.testing import CliRunner

from kb.cli import main
from tests.conftest import OPINIONS


def run(*args, db):
    return CliRunner().invoke(main, ["--db", str(db), *args])


def test_ingest_then_authorities_table(tmp_path):
    db = tmp_path / "kb.sqlite"
    r = run("ingest", str(OPINIONS), db=db)
    assert r.exit_code == 0, r.output
    r = run("authorities", "flores-albarran-v-wong", db=db)
    assert r.exit_code == 0
    assert r.output.startswith("Table of Authorities: Flores Albarran v. Wong\n")
    for heading in ("Cases", "Statutes", "Regulations", "Rules", "Other Authorities"):
        assert f"\n{heading}\n" in r.output
    assert "Sharif v. Ashcroft, 280 F.3d 786 (7th Cir. 2002)" in r.output
    assert (
        "Reno v. Am.-Arab Anti-Discrimination Comm., 525 U.S. 471, 119 S. Ct. 936, 142 L. Ed. 2d 940 (1999)" in r.output
    )
    assert "passim" in r.output  # § 1252(g)


def test_authorities_json_is_the_documented_interface(tmp_path):
    db = tmp_path / "kb.sqlite"
    run("ingest", str(OPINIONS), db=db)
    data = json.loads(run("authorities", "Balogun v. Sessions", "--format", "json", db=db).output)
    a = next(a for a in data["authorities"] if a["key"] == "525 U.S. 471")
    assert set(a) >= {
        "id",
        "kind",
        "name",
        "citation",
        "citations",
        "court",
        "year",
        "refs",
        "depth",
        "pin_cites",
        "signals",
        "parentheticals",
    }
    assert a["refs"] == {"full": 1, "short": 5, "id": 8, "supra": 0, "bare": 0}
    assert {
        "citing": "525 U.S. 471",
        "cited": "470 U.S. 598",
        "relation": "quoting",
        "opinion": "Balogun v. Sessions",
    } in data["nested"]


def test_authorities_by_citation_and_in_csv_and_markdown(tmp_path):
    db = tmp_path / "kb.sqlite"
    run("ingest", str(OPINIONS), db=db)
    assert run("authorities", "157 F. Supp. 3d 779", "--format", "csv", db=db).output.startswith("kind,key,name")
    assert "## Cases" in run("authorities", "arango", "--format", "markdown", db=db).output


def test_bad_files_are_reported_and_the_rest_still_ingest(tmp_path):
    db = tmp_path / "kb.sqlite"
    good = tmp_path / "good.txt"
    good.write_text("See Sharif v. Ashcroft, 280 F.3d 786, 787 (7th Cir. 2002).")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    pdf = tmp_path / "scan.txt"
    pdf.write_bytes(b"%PDF-1.4 ...")
    missing = tmp_path / "missing.txt"
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", str(empty), str(good), str(pdf), str(missing)])
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {empty}: empty file",
        f"Error: {pdf}: a PDF, not text; extract its text first (for example with pdftotext)",
        f"Error: {missing}: no such file or folder",
    ]
    assert "1 added, 3 failed" in r.stderr
    r = run("authorities", "good", "--format", "json", db=db)
    assert [a["key"] for a in json.loads(r.output)["authorities"]] == ["280 F.3d 786"]


def test_unknown_opinion_lists_the_stored_ones(tmp_path):
    db = tmp_path / "kb.sqlite"
    run("ingest", str(OPINIONS / "arango-v-usa-immigration.txt"), db=db)
    r = run("authorities", "nonesuch", db=db)
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: no opinion matches 'nonesuch'; stored opinions: Arango v. USA Immigration (arango-v-usa-immigration)\n"
    )


def test_missing_store_says_how_to_make_one(tmp_path):
    r = run("authorities", db=tmp_path / "none.sqlite")
    assert r.exit_code == 1
    assert r.stderr == f"Error: {tmp_path / 'none.sqlite'}: no such store; run 'kb ingest' first or pass --db\n"


def test_bad_usage_exits_2(tmp_path):
    r = run("authorities", "--format", "xml", db=tmp_path / "kb.sqlite")
    assert r.exit_code == 2


def test_every_command_has_help():
    for name, cmd in main.commands.items():
        assert cmd.help and "Example:" in cmd.help, name
        r = CliRunner().invoke(main, [name, "--help"])
        assert r.exit_code == 0


def test_a_50_mb_file_is_refused_by_name_and_the_store_is_untouched(tmp_path):
    db = tmp_path / "kb.sqlite"
    run("ingest", str(OPINIONS / "arango-v-usa-immigration.txt"), db=db)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    r = run("ingest", str(huge), db=db)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"Error: {huge}: too large (52.4 MB > 10 MB limit); split it into opinions or raise --max-bytes"
    )
    assert "Arango" in run("opinions", db=db).output


def test_support_chain_common_trace_rank_export(tmp_path):
    db = tmp_path / "kb.sqlite"
    run("ingest", str(OPINIONS), db=db)
    r = run("support", "stay requests arising from the execution of removal orders", "--limit", "3", db=db)
    assert r.exit_code == 0 and "Sharif v. Ashcroft, 280 F.3d 786, 787 (7th Cir. 2002)" in r.output
    data = json.loads(run("support", "mandamus extraordinary remedy", "--format", "json", db=db).output)
    assert data[0]["authority"]["key"] == "426 U.S. 394"
    r = run("support", "zebra crossings in Antarctica", db=db)
    assert (
        r.exit_code == 0 and r.output == "No authority in the knowledge base matches “zebra crossings in Antarctica”.\n"
    )
    r = run("chain", "flores-albarran-v-wong", "Califano v. Sanders", db=db)
    assert "Flores Albarran → Kightlinger → Califano" in r.output
    r = run("common", "flores-albarran-v-wong", "balogun-v-sessions", "--format", "json", db=db)
    assert {"8 U.S.C. § 1252(g)", "525 U.S. 471"} <= {a["key"] for a in json.loads(r.output)["authorities"]}
    assert "relies on:" in run("trace", "Iqbal", db=db).output
    assert "  8 U.S.C. § 1252(g)  (2 opinions" in run("rank", "--limit", "1", db=db).output
    out = tmp_path / "g.graphml"
    assert run("export", "--format", "graphml", "-o", str(out), db=db).exit_code == 0
    import networkx as nx

    assert nx.read_graphml(out).number_of_nodes() > 300


def test_ambiguous_authority_lists_the_candidates(tmp_path):
    db = tmp_path / "kb.sqlite"
    run("ingest", str(OPINIONS), db=db)
    r = run("cited-by", "Holder", db=db)
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: 'Holder' matches several authorities: ")
    assert "Lemos v. Holder [636 F.3d 365]" in r.stderr and r.stderr.rstrip().endswith("give a citation")
    r = run("cited-by", "Nonesuch v. Nobody", db=db)
    assert r.stderr == (
        "Error: no authority matches 'Nonesuch v. Nobody'; try a citation such as '280 F.3d 786' or a case name\n"
    )

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from tests.conftest import OPINIONS, ROOT, opinion_text


def run(*args, db, input=None):
    return CliRunner().invoke(main, ["--db", str(db), *args], input=input)


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
    pdf.write_bytes(b"%PDF-1.4 ...")  # a PDF whatever its name, and a broken one
    missing = tmp_path / "missing.txt"
    r = CliRunner().invoke(main, ["--db", str(db), "ingest", str(empty), str(good), str(pdf), str(missing)])
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error:")]
    # Files are loaded by the workers and reported as they finish, so in no set order.
    assert sorted(errors) == sorted(
        [
            f"Error: {empty}: empty file",
            f"Error: {pdf}: not a readable PDF (damaged, or not a PDF at all)",
            f"Error: {missing}: no such file or folder",
        ]
    )
    assert "1 added, 3 failed" in r.stderr
    r = run("authorities", "good", "--format", "json", db=db)
    assert [a["key"] for a in json.loads(r.output)["authorities"]] == ["280 F.3d 786"]


def test_unknown_opinion_lists_the_stored_ones(tmp_path):
    db = tmp_path / "kb.sqlite"
    run("ingest", str(OPINIONS / "arango-v-usa-immigration.txt"), db=db)
    r = run("authorities", "nonesuch", db=db)
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: no opinion matches 'nonesuch'; stored opinions include:"
        " o:1 Arango v. USA Immigration (arango-v-usa-immigration) (kb opinions lists them all)\n"
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
    assert "Flores Albarran v. Wong (2016) → Kightlinger v. Napolitano (2013) → Califano v. Sanders (1977)" in r.output
    assert (
        "Kightlinger v. Napolitano (2013) —cites_in_parenthetical (citing)→ Califano v. Sanders (1977)"
        "  (as Flores Albarran v. Wong reports it)" in r.output
    )
    r = run("common", "flores-albarran-v-wong", "balogun-v-sessions", "--format", "json", db=db)
    shared = {a["key"]: a for a in json.loads(r.output)["authorities"]}
    assert {"8 U.S.C. § 1252(g)", "525 U.S. 471"} <= set(shared)
    assert [e["opinion"] for e in shared["525 U.S. 471"]["by_opinion"]] == [
        "Balogun v. Sessions",
        "Flores Albarran v. Wong",
    ]
    assert "relies on:" in run("trace", "Iqbal", db=db).output
    assert run("rank", "--limit", "1", db=db).output == "  1. 0.0085  28 U.S.C. § 2241  (3 opinions, 4 refs)\n"
    out = tmp_path / "g.graphml"
    r = run("export", "--format", "graphml", "-o", str(out), db=db)
    assert r.exit_code == 0
    import networkx as nx

    nodes, edges = (int(x) for x in re.match(r"wrote (\d+) nodes and (\d+) edges", r.stderr).groups())
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == nodes > 300 and g.number_of_edges() == edges > 400


def test_common_says_which_opinion_each_pin_and_place_came_from(db):
    r = run("common", "flores-albarran-v-wong", "balogun-v-sessions", db=db)
    text = r.output
    start = text.index("Reno v. Am.-Arab Anti-Discrimination Comm.")
    lines = text[start:].splitlines()
    block = [
        lines[0],
        *[line for line in lines[1:] if line.startswith(" ")][
            : next((k for k, line in enumerate(lines[1:]) if not line.startswith(" ")), len(lines))
        ],
    ]
    assert block[1].strip() == "cited 15x in 2 opinions"
    per_opinion = [
        line.strip().split(":")[0]
        for line in block
        if line.startswith("    ") and ": " in line and not line.strip().startswith("(")
    ]
    assert per_opinion == ["Balogun v. Sessions", "Flores Albarran v. Wong"]
    # No line pools pins from the two opinions.
    assert not any(line.strip().startswith("pin ") for line in block)


def test_whole_store_listing_attributes_pins_to_their_opinions(db):
    text = run("authorities", db=db).output
    start = text.index("Reno v. Am.-Arab Anti-Discrimination Comm.")
    block = text[start:].splitlines()[:4]
    assert block[1].strip().startswith("cited 15x in 2 opinions")
    assert block[2].strip().startswith("Balogun v. Sessions: pin ") or block[2].strip().startswith(
        "Balogun v. Sessions: cited"
    )
    data = json.loads(run("authorities", "--format", "json", db=db).output)
    reno = next(a for a in data["authorities"] if a["key"] == "525 U.S. 471")
    assert sum(e["depth"] for e in reno["by_opinion"]) == reno["depth"] == 15


def test_export_json_is_node_link_data_in_the_form_d3_reads(db):
    import networkx as nx

    data = json.loads(run("export", "--format", "json", db=db).output)
    assert set(data) == {"directed", "multigraph", "graph", "nodes", "links"}
    assert {"source", "target", "relation", "id"} <= set(data["links"][0])
    assert len({link["id"] for link in data["links"]}) == len(data["links"])
    g = nx.node_link_graph(data, edges="links")
    assert g.number_of_edges() == len(data["links"]) and g.number_of_nodes() == len(data["nodes"])


def test_export_graphml_has_typed_attributes_and_unique_edge_ids(db, tmp_path):
    import xml.etree.ElementTree as ET

    import networkx as nx

    out = tmp_path / "g.graphml"
    assert run("export", "--format", "graphml", "-o", str(out), db=db).exit_code == 0
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(out).getroot()
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.findall("g:key", ns)}
    assert types[("node", "year")] == types[("node", "citing")] == types[("edge", "depth")] == "int"
    ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == len(set(ids)) and all(ids)
    g = nx.read_graphml(out, force_multigraph=True)  # the whole graph: every edge, parallel ones too
    assert g.number_of_edges() == len(ids)
    years = [a["year"] for _, a in g.nodes(data=True) if "year" in a]
    assert years and all(isinstance(y, int) for y in years)
    pins = [a["pin_cites"] for _, _, a in g.edges(data=True) if "; " in a.get("pin_cites", "")]
    assert pins  # lists are joined with "; ", as docs/graph.md says


def test_ambiguous_authority_lists_the_candidates_with_ids_that_then_work(tmp_path):
    db = tmp_path / "kb.sqlite"
    run("ingest", str(OPINIONS), db=db)
    r = run("cited-by", "Heckler", db=db)  # Flores cites Heckler v. Chaney, Arango Heckler v. Ringer
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: 'Heckler' matches 2 authorities: a:")
    assert "Heckler v. Chaney, 470 U.S. 821" in r.stderr and "Heckler v. Ringer, 466 U.S. 602" in r.stderr
    assert r.stderr.rstrip().endswith("give an id or a citation")
    chaney = r.stderr.split("; ")[0].split(": ")[-1] if "Chaney" in r.stderr.split("; ")[0] else r.stderr.split("; ")[1]
    chaney_id = chaney.split()[0]
    assert chaney_id.startswith("a:")
    r = run("cited-by", chaney_id, db=db)
    assert r.exit_code == 0 and r.output.startswith("Heckler v. Chaney, 470 U.S. 821")
    r = run("cited-by", "Nonesuch v. Nobody", db=db)
    assert r.stderr == (
        "Error: no authority matches 'Nonesuch v. Nobody'; try a citation such as '280 F.3d 786', a case name or an id\n"
    )


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """One store of the bundled opinions, shared by the read-only lookup tests."""
    path = tmp_path_factory.mktemp("bundled") / "kb.sqlite"
    assert run("ingest", str(OPINIONS), "--workers", "1", db=path).exit_code == 0
    return path


@pytest.mark.parametrize(
    "typed, found",
    [
        # as Balogun prints the name, unabbreviated (Bluebook T6 applies on lookup)
        (
            "Reno v. American-Arab Anti-Discrimination Committee",
            "Reno v. Am.-Arab Anti-Discrimination Comm., 525 U.S. 471",
        ),
        ("129 S.Ct. 1937", "Ashcroft v. Iqbal, 556 U.S. 662"),  # as Flores prints it
        ("129  s. ct.  1937", "Ashcroft v. Iqbal, 556 U.S. 662"),
        ("556 U.S. 662, 678", "Ashcroft v. Iqbal, 556 U.S. 662"),  # a pin cite is not part of the name
        ("8 U.S.C. 1252(g)", "8 U.S.C. § 1252(g)"),
        ("8 USC 1252(g)", "8 U.S.C. § 1252(g)"),
        ("8 U.S.C.A. § 1252(g)", "8 U.S.C. § 1252(g)"),
        ("Rule 12(b)(6)", "Fed. R. Civ. P. 12(b)(6)"),
        ("Kucana", "Kucana v. Holder, 558 U.S. 233"),  # a party alone, when only one case has it
        ("Sharif vs. Ashcroft", "Sharif v. Ashcroft, 280 F.3d 786"),
        ("sharif v. ashcroft", "Sharif v. Ashcroft, 280 F.3d 786"),
        ("Sharif v. Ash", "Sharif v. Ashcroft, 280 F.3d 786"),  # the start of a name
    ],
)
def test_every_lookup_form_finds_the_authority_in_every_command(bundled, typed, found):
    cited = run("cited-by", typed, db=bundled)
    assert cited.exit_code == 0, cited.stderr
    assert cited.output.startswith(found)
    traced = run("trace", typed, db=bundled)  # the same lookup, so the same answer
    assert traced.exit_code == 0, traced.stderr
    assert traced.output.startswith(found)


def test_opinion_ids_stems_names_and_citations_find_the_same_opinion(bundled):
    db = bundled
    listed = run("opinions", db=db).output.splitlines()
    flores = next(line for line in listed if "\tflores-albarran-v-wong\t" in line)
    opinion_id = flores.split("\t")[0]
    assert opinion_id.startswith("o:")
    tables = {
        typed: run("authorities", typed, db=db).output
        for typed in (opinion_id, "flores-albarran-v-wong", "Flores Albarran v. Wong", "157 F. Supp. 3d 779", "Flores")
    }
    assert all(t.startswith("Table of Authorities: Flores Albarran v. Wong\n") for t in tables.values()), tables
    assert len(set(tables.values())) == 1
    # the opinion's id also names it as the authority other opinions cite
    assert run("cited-by", opinion_id, db=db).output.startswith("Flores Albarran v. Wong, 157 F. Supp. 3d 779")
    r = run("authorities", "o:999", db=db)
    assert r.exit_code == 1 and r.stderr == "Error: no opinion has id o:999\n"


def test_an_opinion_ingested_again_from_another_folder_replaces_itself(tmp_path):
    db = tmp_path / "kb.sqlite"
    run("ingest", str(OPINIONS), db=db)
    before = json.loads(run("cited-by", "8 U.S.C. § 1252(g)", "--format", "json", db=db).output)
    ids = {line.split("\t")[1]: line.split("\t")[0] for line in run("opinions", db=db).output.splitlines()}
    copy = tmp_path / "elsewhere"
    copy.mkdir()
    text = (OPINIONS / "flores-albarran-v-wong.txt").read_text(encoding="utf-8")
    (copy / "flores-albarran-v-wong.txt").write_text(text.replace("mundane", "ordinary"), encoding="utf-8")
    for sidecar in OPINIONS.glob("flores-albarran-v-wong.*json"):
        shutil.copy(sidecar, copy / sidecar.name)
    assert run("ingest", str(copy), db=db).exit_code == 0
    after = json.loads(run("cited-by", "8 U.S.C. § 1252(g)", "--format", "json", db=db).output)
    listed = run("opinions", db=db).output.splitlines()
    assert len(listed) == 3  # not a fourth opinion
    assert {line.split("\t")[1]: line.split("\t")[0] for line in listed} == ids  # and it kept its id
    assert len(after["citing"]) == len(before["citing"])
    assert sum(len(c["references"]) for c in after["citing"]) == sum(len(c["references"]) for c in before["citing"])
    assert run("authorities", "flores-albarran-v-wong", db=db).exit_code == 0  # not ambiguous


# ---------------------------------------------------------------------------
# Every error path: one line "Error: ...", exit 1 (2 for bad usage), no traceback.


@pytest.fixture(scope="module")
def ingested_db(tmp_path_factory):
    """The bundled opinions ingested once through the CLI (copied for each test that may write)."""
    path = tmp_path_factory.mktemp("ingested") / "kb.sqlite"
    assert run("ingest", str(OPINIONS), "--workers", "1", db=path).exit_code == 0
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the WAL folded in: copying the file copies the store
    conn.close()
    return path


@pytest.fixture
def db(tmp_path, ingested_db):
    """A store holding the bundled opinions, this test's own."""
    path = tmp_path / "kb.sqlite"
    shutil.copyfile(ingested_db, path)
    return path


def only_error(r) -> str:
    """The one line a failed command printed; a traceback fails the test."""
    assert "Traceback" not in r.stderr and (r.exception is None or isinstance(r.exception, SystemExit)), r.stderr
    lines = [line for line in r.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["support", "stay", "--court", "Ninth Circuit"],
            "Error: unknown court 'Ninth Circuit' (did you mean ca9, '9th Cir.'?); give a courts-db id such as ca7"
            " or scotus, or a Bluebook abbreviation such as '7th Cir.' or 'N.D. Ill.'",
        ),
        (
            ["support", "stay", "--court", "zz9"],
            "Error: unknown court 'zz9'; give a courts-db id such as ca7 or scotus, or a Bluebook abbreviation"
            " such as '7th Cir.' or 'N.D. Ill.'",
        ),
        (["support", "stay", "--limit", "0"], "Error: Invalid value for '--limit': 0 is not in the range x>=1."),
        (["rank", "--limit", "-5"], "Error: Invalid value for '--limit': -5 is not in the range x>=1."),
        (["trace", "Iqbal", "--depth", "0"], "Error: Invalid value for '--depth': 0 is not in the range x>=1."),
        (["map", "--depth", "3"], "Error: --depth counts hops around --focus; give --focus too"),
        (["map", "--max-nodes", "0"], "Error: Invalid value for '--max-nodes': 0 is not in the range x>=1."),
        (
            ["cited-by", ""],
            "Error: Invalid value for 'AUTHORITY': '' has no letters or digits; give an id, file stem, case name or citation",
        ),
        (
            ["chain", "%", "_"],
            "Error: Invalid value for 'FROM TO': '%' has no letters or digits; give an id, file stem, case name or citation",
        ),
        (
            ["authorities", "_"],
            "Error: Invalid value for '[OPINION]': '_' has no letters or digits; give an id, file stem, case name or citation",
        ),
        (["export", "-o", ""], "Error: Invalid value for '-o' / '--output': needs a file name ('-' for stdout)"),
        (["map", "-o", ""], "Error: Invalid value for '-o' / '--output': needs a file name ('-' for stdout)"),
        (["ingest", "x.txt", "--workers", "0"], "Error: Invalid value for '--workers': 0 is not in the range x>=1."),
        (
            ["ingest", "x.txt", "--timeout", "-1"],
            "Error: Invalid value for '--timeout': -1.0 is not in the range x>=0.",
        ),
    ],
)
def test_bad_option_values_are_usage_errors_listing_what_is_valid(db, args, message):
    r = run(*args, db=db)
    assert r.exit_code == 2, r.output
    assert only_error(r) == message


def test_an_authority_nobody_cites_yet_is_listed_not_a_crash(db):
    r = run("cited-by", "330 F. Supp. 3d 1211", db=db)
    assert r.exit_code == 0, r.stderr
    assert r.output == "Balogun v. Sessions, 330 F. Supp. 3d 1211 (C.D. Cal. 2018)\n\nNo ingested opinion cites it.\n"
    data = json.loads(run("cited-by", "330 F. Supp. 3d 1211", "--format", "json", db=db).output)
    assert data["citing"] == [] and data["authority"]["depth"] == 0


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ('{"citations": 5}', """'citations' must be a list of citations such as ["157 F. Supp. 3d 779"], not 5"""),
        (
            '{"citations": [""]}',
            """'citations' must be a list of citations such as ["157 F. Supp. 3d 779"], not [""]""",
        ),
        ('{"case_name": {"x": 1}}', "'case_name' must be a string or null, not an object"),
        ('{"date": 20160119}', "'date' must be a date such as \"2016-01-19\" or null, not 20160119"),
        ('{"date": "May 2016"}', '\'date\' must be a date such as "2016-01-19" or null, not "May 2016"'),
        ("[1, 2]", "metadata must be a JSON object, not a list"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON metadata (nested too deeply)"),
    ],
)
def test_a_sidecar_of_the_wrong_shape_is_refused_by_name(tmp_path, db, sidecar, message):
    f = tmp_path / "op.txt"
    f.write_text(opinion_text("arango-v-usa-immigration") + "\nop")
    f.with_suffix(".json").write_text(sidecar)
    r = run("ingest", str(f), "--workers", "1", db=db)
    assert r.exit_code == 1
    assert only_error(r) == f"Error: {f.with_suffix('.json')}: {message}"


def test_a_file_of_filing_headers_only_ingests_with_no_references(tmp_path, db):
    f = tmp_path / "header.txt"
    f.write_text("Case 2:18-cv-03368 Document 42 Filed 08/31/18 Page 3 of 12 Page ID #:512\n")
    r = run("ingest", str(f), "--workers", "1", db=db)
    assert r.exit_code == 0, r.stderr
    assert "1 added" in r.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda d: (d / "README.md").write_text("See 280 F.3d 786."),
            "{d}/README.md: a .md file, not an opinion; kb ingests opinions saved as .txt, .pdf, .html, .htm, .docx (rename it if it is one)",
        ),
        (
            lambda d: (d / "empty").mkdir(),
            "{d}/empty: no opinion files (.txt, .pdf, .html, .htm, .docx) in this folder",
        ),
        (
            lambda d: os.mkfifo(d / "pipe.txt"),
            "{d}/pipe.txt: not a regular file (a FIFO); save the opinion as a .txt file",
        ),
        (
            lambda d: (d / "loop.txt").symlink_to(d / "loop.txt"),
            "{d}/loop.txt: a symbolic link to nothing (broken, or a loop)",
        ),
        (lambda d: None, "{d}/nope.txt: no such file or folder"),
    ],
    ids=["markdown", "empty-folder", "fifo", "symlink-loop", "missing"],
)
def test_what_is_not_an_opinion_is_refused_and_creates_no_store(tmp_path, make, message):
    make(tmp_path)
    target = {"{d}/empty": "empty"}.get(message.split(":")[0], message.split(":")[0].removeprefix("{d}/"))
    db = tmp_path / "new.sqlite"
    r = run("ingest", str(tmp_path / target), "--workers", "1", db=db)
    assert r.exit_code == 1
    assert only_error(r) == "Error: " + message.format(d=tmp_path)
    assert not db.exists()


def test_utf16_with_a_byte_order_mark_is_decoded_and_without_one_names_the_encoding(tmp_path, db):
    text = "See Sharif v. Ashcroft, 280 F.3d 786, 787 (7th Cir. 2002)."
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "bare.txt").write_bytes(text.encode("utf-16-le"))
    r = run("ingest", str(tmp_path / "bom.txt"), str(tmp_path / "bare.txt"), "--workers", "1", db=db)
    assert only_error(r) == (
        f"Error: {tmp_path / 'bare.txt'}: UTF-16 text without a byte-order mark, it seems; pass --encoding utf-16-le"
    )
    assert "1 added, 1 failed" in r.stderr
    assert run("ingest", str(tmp_path / "bare.txt"), "--encoding", "utf-16-le", db=db).exit_code == 0


@pytest.mark.parametrize("command", [["export"], ["map"]])
def test_output_files_that_cannot_be_written_are_one_line_errors(tmp_path, db, command):
    (tmp_path / "adir").mkdir()
    for target, reason in [
        (tmp_path / "adir", "is a folder; give a file name inside it"),
        (tmp_path / "no" / "x.out", f"no such folder {tmp_path / 'no'}; create it first"),
        ("/dev/full", "cannot write (No space left on device)"),
    ]:
        r = run(*command, "-o", str(target), db=db)
        assert r.exit_code == 1, (target, r.output)
        assert only_error(r) == f"Error: {target}: {reason}"


def test_an_output_file_is_replaced_whole(tmp_path, db):
    out = tmp_path / "g.csv"
    out.write_text("old")
    assert run("export", "--format", "csv", "-o", str(out), db=db).exit_code == 0
    assert out.read_text().startswith("source,source_label,") and not list(tmp_path.glob(".g.csv.*"))


def test_a_full_stdout_is_one_line_on_stderr(db):
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            [sys.executable, "-m", "kb", "--db", str(db), "authorities"], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert p.returncode == 1
    assert p.stderr == "Error: cannot write the output (No space left on device); check the disk or file it goes to\n"


def test_a_damaged_store_is_reported_as_such_by_every_command(tmp_path, db):
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for k in range(2, len(data) // page, 3):  # every third page's header
        data[k * page : k * page + 8] = b"\xff" * 8
    db.write_bytes(bytes(data))
    new = tmp_path / "new.txt"
    new.write_text("See 280 F.3d 786.")
    for args in (["opinions"], ["authorities"], ["export"], ["rank"], ["support", "stay"], ["ingest", str(new)]):
        r = run(*args, db=db)
        assert r.exit_code == 1, args
        line = only_error(r)
        assert line.startswith(f"Error: {db}: the store is damaged (") and line.endswith(
            "); restore it from a backup, or move it aside and ingest the opinions again"
        ), line


def test_a_full_disk_stops_the_ingest_once_and_keeps_the_store(tmp_path, db, monkeypatch):
    import kb.store as store_mod

    opened = store_mod._open

    def small_disk(path):
        conn = opened(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 10}")  # SQLite answers SQLITE_FULL beyond it
        return conn

    monkeypatch.setattr(store_mod, "_open", small_disk)
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "eval" / "opinions", corpus)
    r = run("ingest", str(corpus), "--workers", "1", db=db)
    assert r.exit_code == 1
    assert only_error(r) == (
        f"Error: {db}: the disk is full (database or disk is full); what was stored before is intact;"
        " free some space and run the same command again"
    )
    assert r.stderr.splitlines()[0].startswith("Stopped: ")
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM opinions").fetchone()[0] >= 3


def test_a_store_in_a_missing_folder_is_named(tmp_path):
    for args in (["opinions"], ["ingest", str(OPINIONS)]):
        r = run(*args, db=tmp_path / "no" / "kb.sqlite")
        assert r.exit_code == 1
        assert only_error(r) == (
            f"Error: {tmp_path / 'no' / 'kb.sqlite'}: no such folder {tmp_path / 'no'}; create it or pass another --db"
        )


def _as_reader(cmd: list[str]) -> list[str]:
    """Run ``cmd`` as a user who may only read (root ignores file permissions)."""
    if os.geteuid() != 0:
        return cmd
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot drop write permission")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]


def test_a_store_one_may_only_read_answers_queries_and_refuses_ingest(tmp_path, db):
    ro = tmp_path / "ro"
    ro.mkdir()
    shutil.copyfile(db, ro / "kb.sqlite")
    os.chmod(ro / "kb.sqlite", 0o444)
    os.chmod(ro, 0o555)
    # the nobody user must be able to reach the store, and kb and its interpreter's packages
    reach = [tmp_path, ROOT, Path(sys.prefix)]
    parents = list(dict.fromkeys(p for r in reach for p in [r, *r.parents] if p != Path("/")))
    modes = {p: p.stat().st_mode for p in parents}
    try:
        for p in parents:
            os.chmod(p, modes[p] | 0o005)
        kb = [sys.executable, "-m", "kb", "--db", str(ro / "kb.sqlite")]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for args in (["opinions"], ["authorities", "--format", "json"], ["support", "stay of removal"], ["rank"]):
            p = subprocess.run(_as_reader(kb + args), capture_output=True, text=True, env=env, cwd="/")
            assert p.returncode == 0, (args, p.stderr)
        p = subprocess.run(_as_reader([*kb, "ingest", str(OPINIONS)]), capture_output=True, text=True, env=env, cwd="/")
        assert p.returncode == 1
        assert p.stderr == (
            f"Error: {ro / 'kb.sqlite'}: the store is read-only (permission denied); queries work, ingest needs write access\n"
        )
    finally:
        for p, mode in modes.items():
            os.chmod(p, mode)
        os.chmod(ro, 0o755)


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    db = tmp_path / "kb.sqlite"
    f = tmp_path / "=cmd.txt"
    f.write_text('See =HYPERLINK("http://x") v. Doe, 100 F.3d 200, 201 (7th Cir. 2001).')
    f.with_suffix(".json").write_text(json.dumps({"case_name": "@SUM(1+1) v. <script>alert(1)</script>"}))
    assert run("ingest", str(f), "--workers", "1", db=db).exit_code == 0
    rows = list(csv.reader(io.StringIO(run("authorities", "--format", "csv", db=db).output)))
    cells = [c for row in rows for c in row]
    assert "'@SUM(1+1) v. <script>alert(1)</script>" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    edges = list(csv.reader(io.StringIO(run("export", "--format", "csv", db=db).output)))
    assert not [c for row in edges for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    md = run("authorities", "cmd", "--format", "markdown", db=db).output
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md


def test_a_pathological_file_is_skipped_after_its_time_budget_and_the_rest_ingest(tmp_path, monkeypatch):
    import kb.ingest as ingest_mod

    analyse = ingest_mod._analyze_safely

    def stuck_on_marker(doc, tokenizer):
        if "STUCK" in doc.text:
            time.sleep(600)  # the worker is killed long before
        return analyse(doc, tokenizer)

    monkeypatch.setattr(ingest_mod, "_analyze_safely", stuck_on_marker)
    stuck = tmp_path / "stuck.txt"
    stuck.write_text("STUCK See 280 F.3d 786.")
    good = tmp_path / "good.txt"
    good.write_text("See Sharif v. Ashcroft, 280 F.3d 786, 787 (7th Cir. 2002).")
    for workers in ("1", "2"):
        db = tmp_path / f"kb{workers}.sqlite"
        started = time.perf_counter()
        r = run("ingest", str(good), str(stuck), "--timeout", "1", "--workers", workers, db=db)
        assert time.perf_counter() - started < 30
        assert r.exit_code == 1
        assert only_error(r) == f"Error: {stuck}: took longer than 1 s; skipped (raise --timeout if it is an opinion)"
        assert "1 added, 1 failed" in r.stderr


BIO_BRIEF = Path(__file__).resolve().parent / "eval" / "briefs" / "learning-resources-sg-brief-in-opposition.txt"


@pytest.mark.parametrize(
    ("fmt", "expect"),
    [
        ("text", "Camreta v. Greene, 563 U.S. 692 (2011) ....."),
        ("markdown", "| *Camreta v. Greene*, 563 U.S. 692 (2011) | 5 |"),
        ("csv", 'Cases,"Camreta v. Greene, 563 U.S. 692 (2011)",5,,563 U.S. 692,1,'),
        ("json", '"citation": "Camreta v. Greene, 563 U.S. 692 (2011)"'),
    ],
)
def test_toa_prints_a_documents_table_in_each_format_and_stores_nothing(tmp_path, fmt, expect):
    db = tmp_path / "kb.sqlite"
    r = run("toa", str(BIO_BRIEF), "--format", fmt, db=db)
    assert r.exit_code == 0, r.stderr
    assert expect in r.output
    assert not db.exists()


def test_toa_writes_docx_to_a_file(tmp_path):
    pytest.importorskip("docx")
    out = tmp_path / "toa.docx"
    r = run("toa", str(BIO_BRIEF), "--format", "docx", "-o", str(out), db=tmp_path / "kb.sqlite")
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes().startswith(b"PK")
    assert r.stderr == f"wrote the table of authorities to {out}\n"


def test_toa_passim_and_nested_options(tmp_path):
    db = tmp_path / "kb.sqlite"
    plain = run("toa", str(BIO_BRIEF), "--passim", "2", db=db).output
    assert "Marshall Field & Co. v. Clark, 143 U.S. 649 (1892) ..." in plain
    assert next(ln for ln in plain.splitlines() if ln.startswith("Marshall Field")).endswith(" passim")
    assert "19 U.S.C. § 1338" in run("toa", str(BIO_BRIEF), "--no-nested", db=db).output


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: None, "Error: {d}/missing.txt: no such file"),
        (
            lambda d: (d / "notes.md").write_text("See 280 F.3d 786."),
            "Error: {d}/notes.md: unknown format (.md); kb toa reads .txt, .pdf, .html, .htm, .docx files",
        ),
        (
            lambda d: (d / "scan.pdf").write_bytes(b"%PDF-1.4 ..."),
            "Error: {d}/scan.pdf: not a readable PDF (damaged, or not a PDF at all)",
        ),
        (
            lambda d: (d / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"),
            "Error: {d}/bin.txt: binary data, not text (NUL byte at offset 8)",
        ),
    ],
    ids=["missing", "unknown-format", "unreadable-pdf", "binary"],
)
def test_toa_errors_are_one_line(tmp_path, make, message):
    make(tmp_path)
    name = {"missing": "missing.txt"}.get("missing", "")
    target = next((p for p in tmp_path.iterdir() if p.is_file()), tmp_path / name)
    r = run("toa", str(target), db=tmp_path / "kb.sqlite")
    assert r.exit_code == 1
    assert only_error(r) == message.format(d=tmp_path)


def test_toa_docx_to_stdout_is_bad_usage(tmp_path):
    r = run("toa", str(BIO_BRIEF), "--format", "docx", db=tmp_path / "kb.sqlite")
    assert r.exit_code == 2
    assert "--format docx writes a file; give -o FILE.docx" in r.stderr


def test_dash_means_stdin_for_ingest_paths_and_stdout_for_a_map(tmp_path):
    db = tmp_path / "kb.sqlite"
    listed = "\n".join(str(p) for p in sorted(OPINIONS.glob("*.txt"))[:2]) + "\n"
    r = run("ingest", "-", "--workers", "1", db=db, input=listed)
    assert r.exit_code == 0 and len(run("opinions", db=db).output.splitlines()) == 2
    r = run("map", "-o", "-", db=db)
    assert r.exit_code == 0 and r.output.startswith("<!DOCTYPE html>") and not (Path.cwd() / "-").exists()
    assert r.stderr.startswith("wrote map: ") and r.stderr.rstrip().endswith("-> stdout")

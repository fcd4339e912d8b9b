"""kb.export: tables of authorities and graphs written out, escaped, and read back."""

from __future__ import annotations

import copy
import csv
import io
import json

import networkx as nx
import pytest

from kb.errors import KbError
from kb.export import csv_cell, export_graph, render_authorities, write_file, write_graph
from kb.graph import build_graph
from kb.query import table_of_authorities


@pytest.fixture(scope="module")
def flores(store):
    return table_of_authorities(store, "flores-albarran-v-wong")


@pytest.fixture(scope="module")
def graph(store):
    return build_graph(store)


def test_csv_has_one_row_per_authority_and_reads_back(flores):
    rows = list(csv.DictReader(io.StringIO(render_authorities(flores, "csv"))))
    assert len(rows) == len(flores["authorities"])
    iqbal = next(r for r in rows if r["key"] == "556 U.S. 662")
    assert iqbal["citation"] == "Ashcroft v. Iqbal, 556 U.S. 662, 129 S. Ct. 1937, 173 L. Ed. 2d 868 (2009)"
    assert iqbal["kind"] == "case" and iqbal["year"] == "2009"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(flores, start):
    data = copy.deepcopy(flores)
    hostile = data["authorities"][0]
    hostile["name"] = start + 'HYPERLINK("http://x","click")'
    rows = list(csv.DictReader(io.StringIO(render_authorities(data, "csv"))))
    assert rows[0]["name"] == "'" + hostile["name"]
    assert csv_cell(12) == 12 and csv_cell("Sharif v. Ashcroft") == "Sharif v. Ashcroft"


def test_markdown_shows_html_from_an_opinion_and_never_runs_it(flores):
    data = copy.deepcopy(flores)
    data["authorities"][0]["parentheticals"] = ['<img src=x onerror="alert(1)">']
    md = render_authorities(data, "markdown")
    assert "<img" not in md and '&lt;img src=x onerror="alert(1)"&gt;' in md
    assert md.startswith("# Table of Authorities: Flores Albarran v. Wong\n")


def test_graphml_read_back_has_every_node_and_edge(graph):
    back = nx.read_graphml(io.StringIO(export_graph(graph, "graphml")), force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    some = next(n for n, a in graph.nodes(data=True) if a.get("kind") == "case")
    assert back.nodes[some]["label"] == graph.nodes[some]["label"]


def test_node_link_json_reads_back_with_networkx(graph):
    back = nx.node_link_graph(json.loads(export_graph(graph, "json")), edges="links", multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())


def test_edge_csv_names_both_ends(graph):
    rows = list(csv.DictReader(io.StringIO(export_graph(graph, "csv"))))
    assert len(rows) == graph.number_of_edges()
    u, v, _ = next(iter(graph.edges(keys=True)))
    row = next(r for r in rows if (r["source"], r["target"]) == (u, v))
    assert row["source_label"] == graph.nodes[u]["label"] and row["target_label"] == graph.nodes[v]["label"]


def test_an_unknown_graph_format_lists_the_choices():
    with pytest.raises(ValueError, match=r"^unknown graph format 'dot'; choose json, graphml, csv$"):
        write_graph([], "dot", io.StringIO())


def test_write_file_refuses_a_missing_folder_and_leaves_no_half_file(tmp_path):
    target = tmp_path / "nowhere" / "toa.md"
    with pytest.raises(KbError, match=r"toa\.md: no such folder .*nowhere; create it first$"):
        write_file(str(target), "x")
    out = tmp_path / "toa.md"
    out.write_text("old")
    write_file(str(out), "new")
    assert out.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["toa.md"]

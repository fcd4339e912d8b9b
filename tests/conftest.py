"""Shared fixtures: the bundled opinions, their gold lists, an ingested store."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from kb.analysis import analyze_document
from kb.ingest import ingest_paths
from kb.store import connect

ROOT = Path(__file__).resolve().parent.parent
OPINIONS = ROOT / "data" / "opinions"
GOLD = ROOT.parent / "shared" / "gold"
STEMS = ("arango-v-usa-immigration", "balogun-v-sessions", "flores-albarran-v-wong")

logging.getLogger("eyecite").setLevel(logging.ERROR)


def opinion_text(stem: str) -> str:
    return (OPINIONS / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def analyses():
    """Extraction of each bundled opinion, keyed by stem (computed once)."""
    from kb.load import load_document

    return {stem: analyze_document(load_document(OPINIONS / f"{stem}.txt")) for stem in STEMS}


@pytest.fixture(scope="session")
def store(tmp_path_factory):
    """A store with the three bundled opinions ingested (read-only for tests)."""
    path = tmp_path_factory.mktemp("store") / "kb.sqlite"
    conn = connect(path)
    report = ingest_paths(conn, [OPINIONS])
    assert not report.failed
    return conn


@pytest.fixture
def opinions_copy(tmp_path):
    """A writable copy of the bundled opinions with their sidecars."""
    dest = tmp_path / "opinions"
    shutil.copytree(OPINIONS, dest)
    return dest


def refs_for(extraction, key):
    return [r for r in extraction.references if r.key == key]

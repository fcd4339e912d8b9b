"""Ingest at scale: worker processes, Dask, Ctrl-C."""

from __future__ import annotations

import sqlite3

import pytest

from kb.errors import StoreError
from kb.ingest import ingest_paths, ingest_summary, open_for_ingest
from kb.store import connect


def snapshot(conn):
    refs = conn.execute(
        "SELECT o.stem, r.seq, a.key, r.form, r.pin_cite, r.signal, r.parenthetical, r.sentence FROM refs r"
        " JOIN opinions o ON o.id = r.opinion_id LEFT JOIN authorities a ON a.id = r.authority_id ORDER BY 1, 2"
    ).fetchall()
    auths = conn.execute("SELECT key, kind, name, court, year FROM authorities ORDER BY key").fetchall()
    return [tuple(r) for r in refs], [tuple(a) for a in auths]


def test_worker_processes_store_exactly_what_one_process_stores(tmp_path, opinions_copy):
    one = connect(tmp_path / "one.sqlite")
    two = connect(tmp_path / "two.sqlite")
    assert ingest_paths(one, [opinions_copy], workers=1).count("added") == 3
    assert ingest_paths(two, [opinions_copy], workers=2).count("added") == 3
    assert snapshot(one) == snapshot(two)


def test_ctrl_c_keeps_finished_opinions_and_touches_nothing_else(tmp_path, opinions_copy):
    conn = connect(tmp_path / "kb.sqlite")
    seen = []

    def interrupt_after_first(result):
        seen.append(result)
        if len(seen) == 1:
            raise KeyboardInterrupt

    report = ingest_paths(conn, [opinions_copy], workers=2, progress=interrupt_after_first)
    assert report.interrupted
    assert conn.execute("SELECT count(*) FROM opinions").fetchone()[0] == 1
    # Going on later ingests the rest and leaves the first as it was.
    again = ingest_paths(conn, [opinions_copy])
    assert sorted(r.status for r in again.results) == ["added", "added", "unchanged"]


def test_dask_cluster_extracts_while_the_store_keeps_one_writer(tmp_path, opinions_copy):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        conn = connect(tmp_path / "dask.sqlite")
        report = ingest_paths(conn, [opinions_copy], dask_scheduler=cluster.scheduler_address)
    assert report.count("added") == 3 and not report.failed
    local = connect(tmp_path / "local.sqlite")
    ingest_paths(local, [opinions_copy])
    assert snapshot(conn) == snapshot(local)


def test_unreachable_dask_scheduler_is_one_clear_error(tmp_path, opinions_copy, monkeypatch):
    pytest.importorskip("dask.distributed")
    import kb.ingest
    from kb.errors import KbError

    monkeypatch.setattr(kb.ingest, "DASK_CONNECT_TIMEOUT_S", 3.0)  # nothing listens on port 9: no need to wait 30 s

    conn = connect(tmp_path / "kb.sqlite")
    with pytest.raises(KbError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        ingest_paths(conn, [opinions_copy], dask_scheduler="tcp://127.0.0.1:9")
    assert conn.execute("SELECT count(*) FROM opinions").fetchone()[0] == 0


def test_reingesting_unchanged_files_never_loads_eyecite(tmp_path, opinions_copy):
    """The analysis stages (eyecite, reporters-db) load only when an opinion needs analysing."""
    import subprocess
    import sys

    from kb.ingest import ingest_paths
    from kb.store import connect

    db = tmp_path / "kb.sqlite"
    ingest_paths(connect(db), [opinions_copy])
    code = (
        "import sys\n"
        "import kb.cli\n"
        "from kb.ingest import ingest_paths\n"
        "from kb.store import connect\n"
        "report = ingest_paths(connect(sys.argv[1]), [sys.argv[2]], workers=2)\n"
        "assert report.count('unchanged') == 3, report\n"
        "print('eyecite' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(db), str(opinions_copy)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_a_new_store_is_created_only_when_the_first_opinion_is_stored(tmp_path, opinions_copy):
    db = tmp_path / "new.sqlite"
    store = open_for_ingest(db)
    assert callable(store) and not db.exists()
    refused = ingest_paths(store, [tmp_path / "missing.txt"])
    assert refused.count("failed") == 1 and not db.exists()  # refusing every file leaves no empty store
    assert ingest_paths(open_for_ingest(db), [opinions_copy]).count("added") == 3
    existing = open_for_ingest(db)  # an existing store is opened at once
    assert isinstance(existing, sqlite3.Connection)
    assert existing.execute("SELECT count(*) FROM opinions").fetchone()[0] == 3
    existing.close()


def test_a_store_in_a_missing_folder_is_one_clear_error_before_any_work(tmp_path):
    with pytest.raises(StoreError, match=r"no such folder .*nowhere; create it or pass another --db"):
        open_for_ingest(tmp_path / "nowhere" / "kb.sqlite")


def test_the_summary_counts_each_status_that_happened(tmp_path, opinions_copy):
    conn = connect(tmp_path / "kb.sqlite")
    first = ingest_paths(conn, [opinions_copy, tmp_path / "missing.txt"])
    assert ingest_summary(first, 1.234, "kb.sqlite") == "3 added, 1 failed in 1.23s -> kb.sqlite"
    again = ingest_paths(conn, [opinions_copy])
    assert ingest_summary(again, 0.5, tmp_path / "kb.sqlite") == f"3 unchanged in 0.50s -> {tmp_path / 'kb.sqlite'}"
    assert ingest_summary(ingest_paths(conn, []), 0, "kb.sqlite") == "nothing to ingest in 0.00s -> kb.sqlite"

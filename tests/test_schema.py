"""kb.schema: the migrations split into statements, and the version checks a reader makes."""

from __future__ import annotations

import sqlite3

import pytest

from kb.errors import StoreError
from kb.schema import MIGRATIONS, SCHEMA_VERSION, check_version, has_tables, run_script, split_sql


def test_every_migration_splits_into_whole_statements_with_triggers_kept_whole():
    for version, script in MIGRATIONS.items():
        statements = list(split_sql(script))
        assert statements, version
        assert all(sqlite3.complete_statement(s) for s in statements)
        # Nothing is lost: the statements are the script, blank lines aside.
        assert "".join("".join(s.split()) for s in statements) == "".join(script.split())
        for s in statements:
            if s.upper().startswith("CREATE TRIGGER"):
                assert s.upper().endswith("END;") and s.count(";") >= 2


def test_the_migrations_in_turn_build_the_store_ingest_uses(store):
    fresh = sqlite3.connect(":memory:")
    fresh.execute("PRAGMA foreign_keys = ON")
    for version in range(SCHEMA_VERSION):
        run_script(fresh, MIGRATIONS[version])

    def tables(conn):
        rows = conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        return [tuple(r) for r in rows]

    assert tables(fresh) == tables(store)
    refs = {c[1] for c in fresh.execute("PRAGMA table_info(refs)")}
    assert {"treatment", "treatment_cue", "pins"} <= refs  # the columns of v6 and v8


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            "PRAGMA user_version = 99",
            f"kb.sqlite: store schema v99 is newer than this kb (v{SCHEMA_VERSION}); upgrade kb",
        ),
        ("", "kb.sqlite: not a kb store (it is empty)"),
        ("CREATE TABLE notes (x)", "kb.sqlite: not a kb store (it holds other tables)"),
        (
            "PRAGMA user_version = 3",
            f"kb.sqlite: store schema v3 needs upgrading to v{SCHEMA_VERSION}; run 'kb ingest' (with write access)"
            " once to migrate it",
        ),
    ],
)
def test_a_reader_refuses_a_store_at_another_version_saying_why(tmp_path, setup, message):
    path = tmp_path / "kb.sqlite"
    conn = sqlite3.connect(path)
    if setup:
        conn.execute(setup)
    with pytest.raises(StoreError) as e:
        check_version(conn, path)
    assert str(e.value) == f"{path.parent}/{message}"


def test_a_store_at_this_version_passes(store, tmp_path):
    check_version(store, tmp_path / "kb.sqlite")
    assert has_tables(store)

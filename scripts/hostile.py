#!/usr/bin/env python3
"""A rerunnable campaign of hostile input against the ``kb`` command line.

Usage: python scripts/hostile.py [--count N] [--seed S] [--src DIR] [--only CLASS,...] [--budget SECONDS] [-v] [--all-notes]

Each class of hostile input is run ``--count`` times (classes of fixed cases
run each case once) through ``python -m kb`` in a subprocess, on scratch
copies of a store holding the bundled opinions. Every run is classified:

  ok     the command did what kb promises: success, or one line ``Error: ...``
         with exit status 1 (2 for bad usage)
  crash  a traceback or "please report it" on stderr, a signal, another exit status
  hang   the run outlived its time budget and was killed
  loss   the store failed ``PRAGMA integrity_check`` afterwards, or an opinion
         stored before lost or changed its references
  wrong  an answer as if all were well when it is not: a bad option accepted,
         a corrupt store not reported, a failure without an ``Error:`` line,
         a formula or ``<script>`` passed to a spreadsheet or Markdown,
         worker processes left running after their parent died, a read-only
         store that cannot be queried

``--src`` runs another checkout's code (for example main's, unpacked with
``git archive main | tar -x -C DIR``) with this interpreter. Classes needing
root (a small tmpfs for the full disk, a read-only bind mount) fall back to
``chmod`` or are skipped with a note. The table it prints is the one in
docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPINIONS = ROOT / "data" / "opinions"
EXTRA_OPINIONS = ROOT / "tests" / "eval" / "opinions"
OUTCOMES = ("ok", "crash", "hang", "loss", "wrong")
# Characters that break parsers: citation punctuation, controls, bidi and
# zero-width marks, a BOM, surrogate-adjacent and astral characters.
HOSTILE_CHARS = "§¶()[]{}.,;:'\"-–—*_%=+@<>&\\/\n\n\t\r\x0c\x0b\u200b\u202e\ufeff\u00a0\U0001f600ａ"
HOSTILE_WORDS = [
    "v.",
    "Id.",
    "id. at",
    "supra",
    "U.S.",
    "F.3d",
    "S. Ct.",
    "§§",
    "Fed. R. Civ. P.",
    "at *3",
    "(7th Cir. 2002)",
    "(quoting",
    "See, e.g.,",
    "123",
    "U.S.C.",
    "Case 2:18-cv-03368 Document 42 Filed 08/31/18 Page 3 of 12",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
]


@dataclass
class Proc:
    rc: int | None
    out: bytes
    err: str
    seconds: float
    timed_out: bool


@dataclass
class Run:
    cls: str
    outcome: str
    note: str


class Campaign:
    """Shared state: scratch folder, base store, the interpreter and source to run."""

    def __init__(self, scratch: Path, src: Path | None, budget: float, rng: random.Random) -> None:
        self.scratch = scratch
        self.src = src
        self.budget = budget
        self.rng = rng
        self.texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(OPINIONS.glob("*.txt"))}
        self.texts.update({p.stem: p.read_text(encoding="utf-8") for p in sorted(EXTRA_OPINIONS.glob("*.txt"))})
        self.base = scratch / "base.sqlite"
        self._n = 0
        self.help_ingest = ""

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "KB_DB"}
        if self.src:
            env["PYTHONPATH"] = str(self.src)
        return env

    def kb(
        self, args: list[str], *, cwd: Path | None = None, budget: float | None = None, stdout: object = None
    ) -> Proc:
        started = time.perf_counter()
        p = subprocess.Popen(
            [sys.executable, "-m", "kb", *args],
            cwd=cwd or self.scratch,
            env=self.env(),
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            out, err = p.communicate(timeout=budget or self.budget)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            timed_out = True
        return Proc(p.returncode, out or b"", err.decode("utf-8", "replace"), time.perf_counter() - started, timed_out)

    def fresh(self, name: str) -> Path:
        self._n += 1
        d = self.scratch / f"{self._n:04d}-{name}"
        d.mkdir()
        return d

    def store_copy(self, d: Path) -> Path:
        db = d / "kb.sqlite"
        shutil.copyfile(self.base, db)
        return db

    def supports(self, option: str) -> bool:
        if not self.help_ingest:
            self.help_ingest = self.kb(["ingest", "--help"]).out.decode()
        return option in self.help_ingest


# ---------------------------------------------------------------------------
# classifying


def classify(p: Proc, expect: str) -> tuple[str, str]:
    """``expect``: success, error (exit 1), usage (exit 2), fail (1 or 2) or either (0 or 1)."""
    if p.timed_out:
        return "hang", f"killed after {p.seconds:.0f}s"
    if "Traceback" in p.err or "please report it" in p.err:
        lines = [ln for ln in p.err.splitlines() if ln.strip()]
        reported = [ln for ln in lines if "please report it" in ln]
        line = reported[:1] if reported and "Traceback" not in p.err else lines[-1:]
        return "crash", (line[0] if line else "traceback")[:160]
    if p.rc is None or p.rc < 0 or p.rc not in (0, 1, 2):
        return "crash", f"exit status {p.rc}"
    if p.rc in (1, 2) and not any(ln.startswith("Error:") for ln in p.err.splitlines()):
        return "wrong", f"exit {p.rc} without an Error: line"
    wanted = {"success": {0}, "error": {1}, "usage": {2}, "fail": {1, 2}, "either": {0, 1}}[expect]
    if p.rc not in wanted:
        return "wrong", f"exit {p.rc}, expected {expect}: {first_error(p) or p.out[:80]!r}"
    return "ok", first_error(p)


def first_error(p: Proc) -> str:
    return next((ln for ln in p.err.splitlines() if ln.startswith("Error:")), "")[:120]


def snapshot(db: Path) -> dict[str, object] | None:
    """Integrity and the references of each stored opinion, read without writing."""
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            refs = dict(
                conn.execute(
                    "SELECT o.path, count(r.id) FROM opinions o LEFT JOIN refs r ON r.opinion_id = o.id GROUP BY o.id"
                ).fetchall()
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        return {"integrity": str(e), "refs": {}}
    return {"integrity": integrity, "refs": refs}


def lost(before: dict[str, object] | None, after: dict[str, object] | None, replaced: set[str] = frozenset()) -> str:
    """Why ``after`` lost data ``before`` had, or ''."""
    if before is None:
        return "" if after is None or after["integrity"] == "ok" else f"integrity: {after['integrity']}"
    if after is None:
        return "store deleted"
    if after["integrity"] != "ok":
        return f"integrity: {str(after['integrity'])[:80]}"
    for path, n in before["refs"].items():  # type: ignore[union-attr]
        if path in replaced:
            continue
        if path not in after["refs"]:  # type: ignore[operator]
            return f"opinion {Path(path).name} gone"
        if after["refs"][path] != n:  # type: ignore[index]
            return f"opinion {Path(path).name}: {n} -> {after['refs'][path]} references"  # type: ignore[index]
    return ""


def judged(cls: str, p: Proc, expect: str, db: Path | None = None, before: dict[str, object] | None = None) -> Run:
    outcome, note = classify(p, expect)
    if db is not None and outcome not in ("hang",):
        why = lost(before, snapshot(db))
        if why:
            return Run(cls, "loss", why)
    return Run(cls, outcome, note)


# ---------------------------------------------------------------------------
# hostile text


def mutate(text: str, rng: random.Random, rounds: int = 6) -> str:
    """Real opinion text, damaged the ways real files are."""
    for _ in range(rounds):
        n = len(text)
        i, j = sorted(rng.randrange(n + 1) for _ in range(2)) if n else (0, 0)
        op = rng.randrange(9)
        if op == 0:
            text = text[:i] + text[j:]  # lose a span
        elif op == 1:
            text = text[:j] + text[i:j] * rng.randint(2, 20) + text[j:]  # repeat a span
        elif op == 2:
            junk = "".join(rng.choice(HOSTILE_CHARS) for _ in range(rng.randint(1, 200)))
            text = text[:i] + junk + text[i:]
        elif op == 3:
            words = " ".join(rng.choice(HOSTILE_WORDS) for _ in range(rng.randint(1, 300)))
            text = text[:i] + words + text[i:]
        elif op == 4:
            text = text[: rng.randint(0, max(1, n // 50))]  # a fragment of the head
        elif op == 5:
            text = text.replace("\n", rng.choice([" ", "", "\r", "\n\n\n"]))
        elif op == 6:
            text = text.upper() if rng.random() < 0.5 else text.lower()
        elif op == 7:
            text = text[i:j] + text[:i] + text[j:]  # move a span to the front
        else:
            text = re.sub(r"\s+", lambda m: rng.choice([" ", "\u00a0", "\t", "\n", "  \n  "]), text)
    return text


def random_bytes(rng: random.Random) -> bytes:
    kind = rng.randrange(4)
    n = rng.choice([1, 2, 16, 300, 5000, 70_000])
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(n))
    if kind == 1:  # text-like bytes with stray high bytes
        return bytes(rng.choice(b"abc v. 123 U.S. \n\xe9\xff\xfe\xc3") for _ in range(n))
    if kind == 2:  # valid UTF-8 of hostile characters
        return "".join(rng.choice(HOSTILE_CHARS + "abcxyz ") for _ in range(n)).encode("utf-8")
    return b"\n" * rng.randint(1, 50) + b" \t " * rng.randint(0, 5)


def ingest_one(c: Campaign, cls: str, name: str, data: bytes, sidecar: bytes | None = None) -> Run:
    d = c.fresh(cls)
    db = c.store_copy(d)
    f = d / name
    f.write_bytes(data)
    if sidecar is not None:
        f.with_suffix(".json").write_bytes(sidecar)
    before = snapshot(db)
    p = c.kb(["--db", str(db), "ingest", str(f), "--workers", "1"], cwd=d)
    run = judged(cls, p, "either", db, before)
    if run.outcome != "ok":
        return run
    # What was stored must not break the commands that read it.
    for args in (["authorities", "--format", "json"], ["export", "--format", "graphml"], ["rank"], ["opinions"]):
        q = c.kb(["--db", str(db), *args], cwd=d)
        after = judged(cls, q, "success")
        if after.outcome != "ok":
            return Run(cls, after.outcome, f"after ingest, kb {args[0]}: {after.note}")
    return run


# ---------------------------------------------------------------------------
# the classes


def cls_random_bytes(c: Campaign, count: int) -> Iterator[Run]:
    for _ in range(count):
        yield ingest_one(c, "random bytes", "random.txt", random_bytes(c.rng))


def cls_mutated(c: Campaign, count: int) -> Iterator[Run]:
    stems = sorted(c.texts)
    for _ in range(count):
        text = mutate(c.texts[c.rng.choice(stems)], c.rng)
        data = text.encode("utf-8", "surrogatepass")
        yield ingest_one(c, "mutated opinion", "mutated.txt", data)


def cls_headers(c: Campaign, count: int) -> Iterator[Run]:
    stems = sorted(c.texts)
    cases = [
        b"Case 2:18-cv-03368 Document 42 Filed 08/31/18 Page 3 of 12 Page ID #:512\n",
        b"Case: 17-70123, 08/14/2018, ID: 10977101, DktEntry: 41-1, Page 2 of 3\n" * 3,
        b"UNITED STATES DISTRICT COURT\nDISTRICT OF CONNECTICUT\n\nJOHN DOE,\nv.\nJANE ROE.\n",
    ]
    for _ in range(count):
        lines = c.texts[c.rng.choice(stems)].splitlines()
        cases.append("\n".join(lines[: c.rng.randint(1, 12)]).encode())
    for data in cases:
        yield ingest_one(c, "filing header only", "header.txt", data)


def cls_sidecars(c: Campaign, count: int) -> Iterator[Run]:
    text = c.texts["arango-v-usa-immigration"].encode()
    fixed: list[object] = [
        {"citations": 5},
        {"citations": "157 F. Supp. 3d 779"},
        {"citations": [5, None, {"a": 1}]},
        {"citations": [""]},
        {"case_name": {"x": 1}},
        {"case_name": ["a", "b"]},
        {"court": 7, "court_id": ["ca7"]},
        {"date": 20160119},
        {"date": "sometime in May"},
        {"docket": {"no": 1}, "judge": 3.5},
        [1, 2, 3],
        "a string",
        None,
    ]
    shapes: list[bytes] = [json.dumps(x).encode() for x in fixed]
    shapes += [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"citations": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        b"{",
        b"\xff\xfe",
    ]
    keys = ["case_name", "court", "court_id", "date", "docket", "citations", "judge"]
    values: list[object] = [5, -1.5, True, None, [], {}, [1], "", "x" * 10_000, ["280 F.3d 786", 3], {"a": []}]
    for _ in range(count):
        shapes.append(json.dumps({k: c.rng.choice(values) for k in c.rng.sample(keys, c.rng.randint(1, 4))}).encode())
    for side in shapes:
        yield ingest_one(c, "sidecar JSON", "op.txt", text, side)


def cls_encodings(c: Campaign, count: int) -> Iterator[Run]:
    # Not an opinion of the base store: the same opinion under another name replaces the stored one.
    text = c.texts["cl1-147478-united-states-v-al-rikabi"]
    cases = [
        ("utf-16", "success"),  # Python writes a BOM
        ("utf-32", "success"),
        ("utf-8-sig", "success"),
        ("utf-16-le", "error"),  # no BOM: refuse, naming UTF-16
        ("latin-1", "either"),
        ("cp1252", "either"),
    ]
    for enc, expect in cases:
        d = c.fresh("encoding")
        db = c.store_copy(d)
        f = d / "enc.txt"
        f.write_bytes((text + " café §").encode(enc, "replace"))
        before = snapshot(db)
        p = c.kb(["--db", str(db), "ingest", str(f), "--workers", "1"], cwd=d)
        run = judged("encodings", p, expect, db, before)
        if run.outcome == "ok" and expect == "error" and "utf-16" not in p.err.lower():
            run = Run("encodings", "wrong", f"{enc}: error does not suggest UTF-16: {first_error(p)}")
        yield run


def cls_odd_paths(c: Campaign, count: int) -> Iterator[Run]:
    # (what, setup -> args, expected exit, text the error must hold, store must not be created)
    def fifo(d: Path) -> list[str]:
        os.mkfifo(d / "pipe.txt")
        return [str(d / "pipe.txt")]

    def empty_dir(d: Path) -> list[str]:
        (d / "empty").mkdir()
        return [str(d / "empty")]

    def readme(d: Path) -> list[str]:
        shutil.copyfile(ROOT / "README.md", d / "README.md")
        return [str(d / "README.md")]

    def loop(d: Path) -> list[str]:
        (d / "loop.txt").symlink_to(d / "loop.txt")
        return [str(d / "loop.txt")]

    def missing(d: Path) -> list[str]:
        return [str(d / "nope.txt")]

    def devnull(d: Path) -> list[str]:
        return ["/dev/null"]

    def json_only(d: Path) -> list[str]:
        shutil.copyfile(OPINIONS / "balogun-v-sessions.json", d / "balogun.json")
        return [str(d / "balogun.json")]

    cases: list[tuple[str, Callable[[Path], list[str]], str, str]] = [
        ("fifo", fifo, "not a regular file", "error"),
        ("empty folder", empty_dir, "no opinion files", "error"),
        ("README.md", readme, "README.md", "error"),
        ("symlink loop", loop, "loop.txt", "error"),
        ("missing", missing, "no such file", "error"),
        ("/dev/null", devnull, "/dev/null", "error"),
        ("a sidecar alone", json_only, "balogun.json", "error"),
    ]
    for what, setup, must, expect in cases:
        d = c.fresh("path")
        args = setup(d)
        db = d / "new.sqlite"
        p = c.kb(["--db", str(db), "ingest", *args, "--workers", "1"], cwd=d)
        run = judged("odd paths", p, expect)
        if run.outcome == "ok" and must.lower() not in p.err.lower():
            run = Run("odd paths", "wrong", f"{what}: {first_error(p) or 'no error'}")
        elif run.outcome == "ok" and db.exists():
            conn = sqlite3.connect(db)
            empty = (
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
                or not conn.execute("SELECT count(*) FROM opinions").fetchone()[0]
            )
            conn.close()
            if empty:
                run = Run("odd paths", "wrong", f"{what}: created an empty store")
        elif run.outcome != "ok":
            run = Run(run.cls, run.outcome, f"{what}: {run.note}")
        yield run


BAD_OPTIONS: list[tuple[list[str], str]] = [
    (["support", "stay", "--court", "Ninth Circuit"], "usage"),
    (["support", "stay", "--court", "zz9"], "usage"),
    (["support", "stay", "--limit", "0"], "usage"),
    (["support", "stay", "--limit", "-3"], "usage"),
    (["rank", "--limit", "-5"], "usage"),
    (["rank", "--limit", "0"], "usage"),
    (["map", "--depth", "3", "-o", "m.html"], "usage"),
    (["map", "--focus", "Sharif", "--depth", "-1", "-o", "m.html"], "usage"),
    (["map", "--max-nodes", "0", "-o", "m.html"], "usage"),
    (["map", "--min-cites", "-1", "-o", "m.html"], "usage"),
    (["trace", "Iqbal", "--depth", "-2"], "usage"),
    (["chain", "Sharif", "Iqbal", "--max-depth", "0"], "usage"),
    (["cited-by", ""], "usage"),
    (["cited-by", "   "], "usage"),
    (["authorities", ""], "usage"),
    (["chain", "%", "_"], "fail"),
    (["cited-by", "%"], "fail"),
    (["trace", "_"], "fail"),
    (["ingest", "--workers", "0", "x.txt"], "usage"),
    (["ingest", "--max-bytes", "-1", "x.txt"], "usage"),
    (["support", ""], "fail"),
]


def cls_bad_options(c: Campaign, count: int) -> Iterator[Run]:
    for args, expect in BAD_OPTIONS:
        d = c.fresh("option")
        db = c.store_copy(d)
        (d / "x.txt").write_text(c.texts["arango-v-usa-immigration"])
        p = c.kb(["--db", str(db), *args], cwd=d)
        run = judged("bad options", p, expect)
        yield Run(run.cls, run.outcome, f"{' '.join(args)}: {run.note}")


NAMES = ["%", "_", "%%", "NEAR(", '"', "'", "''", "*", "\\", "()", "v.", "§", "Id.", "\u202e", "😀", "a" * 5000]


def cls_names(c: Campaign, count: int) -> Iterator[Run]:
    commands = [["cited-by"], ["authorities"], ["trace"], ["support"], ["common", "arango-v-usa-immigration"]]
    names = NAMES + ["330 F. Supp. 3d 1211", "157 F. Supp. 3d 779"]
    names += ["".join(c.rng.choice(HOSTILE_CHARS + "ab ") for _ in range(c.rng.randint(1, 30))) for _ in range(count)]
    d = c.fresh("names")
    db = c.store_copy(d)
    for name in names:
        args = [*c.rng.choice(commands), name]
        p = c.kb(["--db", str(db), *args], cwd=d)
        run = judged("names", p, "fail" if not re.search(r"[A-Za-z0-9]", name) else "either")
        if run.outcome == "ok" and p.rc == 0 and args[0] != "support" and not re.search(r"[A-Za-z0-9]", name):
            run = Run("names", "wrong", f"{name!r} matched something")
        yield Run(run.cls, run.outcome, f"{' '.join(args)[:60]}: {run.note}")


def cls_outputs(c: Campaign, count: int) -> Iterator[Run]:
    d = c.fresh("outputs")
    db = c.store_copy(d)
    (d / "adir").mkdir()
    targets = [str(d / "adir"), str(d / "missing" / "x.out"), "", "/dev/full"]
    for cmd in (["export", "--format", "csv"], ["map"]):
        for t in targets:
            p = c.kb(["--db", str(db), *cmd, "-o", t], cwd=d)
            run = judged("output targets", p, "fail")
            yield Run(run.cls, run.outcome, f"{cmd[0]} -o {t!r}: {run.note}")
    for cmd in (["authorities"], ["authorities", "--format", "csv"], ["export"], ["opinions"], ["rank"]):
        with open("/dev/full", "wb") as full:
            p = c.kb(["--db", str(db), *cmd], cwd=d, stdout=full)
        run = judged("output targets", p, "error")
        yield Run(run.cls, run.outcome, f"{' '.join(cmd)} > /dev/full: {run.note}")


def corrupt(db: Path, rng: random.Random) -> str:
    """Overwrite pages of ``db`` with random bytes; returns what was hit."""
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page
    hits = rng.sample(range(1, pages), min(pages - 1, rng.randint(1, 4)))
    for k in hits:
        at = k * page + rng.randrange(page - 64)
        data[at : at + 64] = bytes(rng.randrange(256) for _ in range(64))
    if rng.random() < 0.2:
        data[rng.randrange(100, 1024)] ^= 0xFF  # the schema page
        hits.append(0)
    db.write_bytes(bytes(data))
    return ",".join(map(str, sorted(hits)))


def _damaged(db: Path, pragma: str) -> bool:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return conn.execute(f"PRAGMA {pragma}").fetchone()[0] != "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True


def cls_corrupt(c: Campaign, count: int) -> Iterator[Run]:
    commands = [
        ["opinions"],
        ["authorities", "--format", "json"],
        ["export", "--format", "graphml"],
        ["rank"],
        ["support", "stay of removal"],
        ["cited-by", "280 F.3d 786"],
        ["ingest", "new.txt", "--workers", "1"],
    ]
    for i in range(max(count, len(commands))):
        d = c.fresh("corrupt")
        db = c.store_copy(d)
        hits = corrupt(db, c.rng)
        # Readers promise to see what quick_check sees; ingest, what integrity_check sees.
        args = commands[i % len(commands)]
        damaged = _damaged(db, "integrity_check" if args[0] == "ingest" else "quick_check")
        (d / "new.txt").write_text(c.texts["cl1-147478-united-states-v-al-rikabi"])
        p = c.kb(["--db", str(db), *args], cwd=d)
        run = judged("corrupt store", p, "error" if damaged else "either")
        if run.outcome == "ok" and damaged and not re.search(r"corrupt|damaged|malformed|not a kb store", p.err):
            run = Run("corrupt store", "wrong", f"does not say the store is damaged: {first_error(p)}")
        yield Run(run.cls, run.outcome, f"pages {hits}, kb {args[0]}: {run.note}")


def _mount(what: list[str]) -> bool:
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *what], capture_output=True).returncode == 0


def cls_disk_full(c: Campaign, count: int) -> Iterator[Run]:
    d = c.fresh("diskfull")
    mnt = d / "small"
    mnt.mkdir()
    if not _mount(["-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(mnt)]):
        yield Run("disk full", "ok", "skipped: needs root to mount a small tmpfs")
        return
    try:
        db = mnt / "kb.sqlite"
        shutil.copyfile(c.base, db)
        corpus = d / "corpus"
        corpus.mkdir()
        # Opinions not in the base store: a copy of a stored one replaces it (same text, another file).
        stems = sorted(p.stem for p in EXTRA_OPINIONS.glob("*.txt"))
        for k in range(40):
            (corpus / f"op{k:02d}.txt").write_text(mutate(c.texts[stems[k % len(stems)]], c.rng, rounds=1) + f"\n{k}")
        before = snapshot(db)
        p = c.kb(["--db", str(db), "ingest", str(corpus), "--workers", "2"], cwd=d)
        run = judged("disk full", p, "error", db, before)
        errors = [ln for ln in p.err.splitlines() if ln.startswith("Error:") and re.search(r"full|space", ln)]
        if run.outcome == "ok" and len(errors) > 1:
            run = Run("disk full", "wrong", f"{len(errors)} error lines for one full disk")
        elif run.outcome == "ok" and not re.search(r"full|space", p.err):
            run = Run("disk full", "wrong", f"does not say the disk is full: {first_error(p)}")
        yield run
        # Queries still answer from a full disk.
        q = c.kb(["--db", str(db), "authorities", "--format", "json"], cwd=d)
        yield judged("disk full", q, "success")
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def cls_read_only(c: Campaign, count: int) -> Iterator[Run]:
    d = c.fresh("readonly")
    store = d / "store"
    store.mkdir()
    db = store / "kb.sqlite"
    shutil.copyfile(c.base, db)
    ro = d / "ro"
    ro.mkdir()
    mounted = _mount(["--bind", str(store), str(ro)]) and _mount(["-o", "remount,bind,ro", str(ro)])
    if not mounted:
        if os.geteuid() == 0:
            yield Run("read-only store", "ok", "skipped: root ignores chmod and mount failed")
            return
        ro = store
        os.chmod(db, 0o444)
        os.chmod(store, 0o555)
    try:
        for args in (["opinions"], ["authorities", "--format", "json"], ["support", "stay of removal"], ["rank"]):
            p = c.kb(["--db", str(ro / "kb.sqlite"), *args], cwd=d)
            run = judged("read-only store", p, "success")
            yield Run(run.cls, run.outcome, f"kb {args[0]}: {run.note}")
        (d / "new.txt").write_text(c.texts["cl1-147478-united-states-v-al-rikabi"])
        p = c.kb(["--db", str(ro / "kb.sqlite"), "ingest", str(d / "new.txt"), "--workers", "1"], cwd=d)
        run = judged("read-only store", p, "error")
        if run.outcome == "ok" and "read-only" not in p.err and "readonly" not in p.err:
            run = Run("read-only store", "wrong", f"ingest: does not say read-only: {first_error(p)}")
        yield run
        p = c.kb(["--db", str(d / "no" / "such" / "kb.sqlite"), "ingest", str(d / "new.txt")], cwd=d)
        run = judged("read-only store", p, "error")
        if run.outcome == "ok" and "no such folder" not in p.err:
            run = Run("read-only store", "wrong", f"missing folder: {first_error(p)}")
        yield run
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(ro)], capture_output=True)
        else:
            os.chmod(store, 0o755)


def cls_concurrency(c: Campaign, count: int) -> Iterator[Run]:
    corpus = c.fresh("corpus")
    stems = sorted(c.texts)
    for k in range(max(12, count * 4)):
        (corpus / f"c{k:02d}.txt").write_text(mutate(c.texts[stems[k % len(stems)]], c.rng, rounds=1) + f"\n{k}")
    # A reader looping beside an ingest.
    d = c.fresh("concurrent")
    db = c.store_copy(d)
    writer = subprocess.Popen(
        [sys.executable, "-m", "kb", "--db", str(db), "ingest", str(corpus), "--workers", "2"],
        env=c.env(),
        cwd=d,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    reads = 0
    while writer.poll() is None or reads < 3:
        p = c.kb(["--db", str(db), "authorities", "--format", "json"], cwd=d)
        run = judged("concurrency", p, "success")
        reads += 1
        yield Run(run.cls, run.outcome, f"reader beside ingest: {run.note}")
        if reads > 40:
            break
    writer.wait()
    # Two first ingests into one new store.
    for _ in range(max(2, count // 2)):
        d = c.fresh("race")
        db = d / "new.sqlite"
        a, b = (d / "a", d / "b")
        a.mkdir()
        b.mkdir()
        shutil.copyfile(OPINIONS / "arango-v-usa-immigration.txt", a / "arango.txt")
        shutil.copyfile(OPINIONS / "flores-albarran-v-wong.txt", b / "flores.txt")
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "kb", "--db", str(db), "ingest", str(x), "--workers", "1"],
                env=c.env(),
                cwd=d,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for x in (a, b)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=c.budget)
            run = judged("concurrency", Proc(proc.returncode, out, err.decode(), 0, False), "success")
            yield Run(run.cls, run.outcome, f"two first ingests: {run.note}")
        snap = snapshot(db)
        if snap and len(snap["refs"]) != 2:  # type: ignore[arg-type]
            yield Run("concurrency", "loss", f"two first ingests stored {len(snap['refs'])} of 2")  # type: ignore[arg-type]


def _children(pid: int) -> set[int]:
    kids = set()
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                fields = (p / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.add(int(p.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cls_kill_parent(c: Campaign, count: int) -> Iterator[Run]:
    if not Path("/proc").is_dir():
        yield Run("parent killed", "ok", "skipped: needs /proc")
        return
    big = "\n\n".join(c.texts.values())
    corpus = c.fresh("killcorpus")
    for k in range(12):
        (corpus / f"k{k:02d}.txt").write_text(big + f"\n{k}")
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
        d = c.fresh("kill")
        db = c.store_copy(d)
        before = snapshot(db)
        # stderr to a file: orphaned workers would hold a pipe open for ever.
        err_file = (d / "stderr").open("w+b")
        p = subprocess.Popen(
            [sys.executable, "-m", "kb", "--db", str(db), "ingest", str(corpus), "--workers", "2"],
            env=c.env(),
            cwd=d,
            stdout=subprocess.DEVNULL,
            stderr=err_file,
        )
        kids: set[int] = set()
        deadline = time.time() + 20
        while time.time() < deadline and len(kids) < 2:
            kids |= _children(p.pid)
            time.sleep(0.1)
        time.sleep(1.0)
        kids |= _children(p.pid)
        os.kill(p.pid, sig)
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            yield Run("parent killed", "hang", f"{sig.name}: parent did not stop")
            continue
        time.sleep(3)
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
        err_file.close()
        left = [k for k in kids if _alive(k)]
        for k in left:
            os.kill(k, signal.SIGKILL)
        why = lost(before, snapshot(db))
        if why:
            yield Run("parent killed", "loss", f"{sig.name}: {why}")
        elif left:
            yield Run("parent killed", "wrong", f"{sig.name}: {len(left)} of {len(kids)} workers still running")
        elif "Traceback" in err:
            yield Run("parent killed", "crash", f"{sig.name}: traceback")
        else:
            yield Run("parent killed", "ok", f"{sig.name}: {len(kids)} workers gone")


def cls_pathological(c: Campaign, count: int) -> Iterator[Run]:
    # Concatenated opinions: extraction time grows faster than the text.
    big = "\n\n".join(c.texts.values())
    cases = [("concatenation", (big * 8).encode()), ("one long line", (big.replace("\n", " ") * 4).encode())]
    for what, data in cases:
        d = c.fresh("slow")
        db = c.store_copy(d)
        (d / "slow.txt").write_bytes(data)
        (d / "fine.txt").write_text(c.texts["cl1-147478-united-states-v-al-rikabi"])
        extra = ["--timeout", "10"] if c.supports("--timeout") else []
        before = snapshot(db)
        p = c.kb(["--db", str(db), "ingest", str(d), "--workers", "2", *extra], cwd=d, budget=max(c.budget, 90))
        # Slow is allowed; holding up the other file, or failing without saying why, is not.
        run = judged("pathological file", p, "either", db, before)
        if run.outcome == "ok":
            after = snapshot(db) or {"refs": {}}
            if not any(Path(k).name == "fine.txt" for k in after["refs"]):  # type: ignore[union-attr]
                run = Run("pathological file", "wrong", f"{what}: the other file was not ingested")
            elif p.rc == 1 and "took longer" not in p.err:
                run = Run("pathological file", "wrong", f"{what}: {first_error(p)}")
        yield Run(run.cls, run.outcome, f"{what} ({len(data) / 1e6:.1f} MB): {run.note} in {p.seconds:.0f}s")


def cls_injection(c: Campaign, count: int) -> Iterator[Run]:
    d = c.fresh("inject")
    db = c.store_copy(d)
    evil = [
        '=HYPERLINK("http://evil","x")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,2)",
        "\t=1",
        "\r=1",
        "<script>alert(1)</script> v. <img src=x onerror=alert(2)>",
    ]
    text = c.texts["arango-v-usa-immigration"]
    for k, name in enumerate(evil):
        body = f"See {name} v. Doe, {100 + k} F.3d {200 + k} (7th Cir. 2001).\n\n" + text + f"\n{k}"
        f = d / (f"{name[:12]}{k}.txt".replace("/", "_"))
        f.write_text(body)
        f.with_suffix(".json").write_text(json.dumps({"case_name": name}))
    p = c.kb(["--db", str(db), "ingest", str(d), "--workers", "1"], cwd=d)
    yield judged("formula / HTML injection", p, "either")
    for args in (["authorities", "--format", "csv"], ["export", "--format", "csv"], ["common", "arango", "=HYPERLINK"]):
        p = c.kb(["--db", str(db), *args, *(["--format", "csv"] if args[0] == "common" else [])], cwd=d)
        if p.rc != 0:
            yield judged("formula / HTML injection", p, "either")
            continue
        import csv
        import io

        cells = [cell for row in csv.reader(io.StringIO(p.out.decode())) for cell in row]
        bad = [
            cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?\d+", cell)
        ]
        yield Run("formula / HTML injection", "wrong" if bad else "ok", f"{args[0]} csv: {len(bad)} formula cells")
    for args in (["authorities", "--format", "markdown"], ["cited-by", "100 F.3d 200", "--format", "markdown"]):
        p = c.kb(["--db", str(db), *args], cwd=d)
        raw = re.search(r"<(?:script|img|svg|iframe)\b", p.out.decode(), re.I)  # a raw tag, attributes and all
        run = judged("formula / HTML injection", p, "either")
        if run.outcome == "ok" and raw:
            run = Run("formula / HTML injection", "wrong", f"{args[0]} markdown: raw {raw.group(0)}")
        yield run


# Text families that made one regex or loop superlinear (issue 12), each a
# function of n, timed at n, 2n and 4n in one process (kb imported once, CPU
# time of that process only). Linear work takes about 4 times as long at 4n;
# quadratic, 16.
FAMILIES: list[tuple[str, Callable[[int], str], int]] = [
    ("run of capitals after a state", lambda n: "See Cal. " + "A" * n + "\n", 20),
    ("run of digits before U.S.C.", lambda n: "See " + "1" * n + " U.S.C. § 1\n", 250),
    ("§ 1, 1, 1 ...", lambda n: "See § 1" + ", 1" * n + "\n", 500),
    ("Id. repeated", lambda n: "Id. " * n, 500),
    ("capitalised words before §", lambda n: "See " + "Word " * n + "§ 1\n", 500),
    ("star pages", lambda n: " ".join(f"*{k} text" for k in range(n)), 2000),
    ("1 U.S. 1 repeated", lambda n: "1 U.S. 1 " * n, 250),
    ("one line of citations", lambda n: "See Sharif v. Ashcroft, 280 F.3d 786, 790 (7th Cir. 2002); " * n, 200),
    ("section 1, repeated", lambda n: "section 1, " * n, 500),
    ("Rule 12(b)(6) repeated", lambda n: "Rule 12(b)(6) " * n, 500),
    ("footnote call before capitals", lambda n: ("petition1 " + "A" * n + "\n") * 20, 50),
    ("A. repeated", lambda n: "A." * n, 2000),
    ("citations with parentheticals", lambda n: "See A v. B, 1 U.S. 1 (1990) (citing C v. D, 2 U.S. 2). " * n, 200),
]
# What takes less than this at 4n is fast whatever its ratio (timer noise on tiny inputs).
FAMILY_FLOOR_S = 0.25
# 4n taking more than this many times n is superlinear.
FAMILY_MAX_GROWTH = 8.0
_FAMILY_CHILD = """
import json, logging, sys, time
logging.disable(logging.CRITICAL)
from kb import analyze_text
analyze_text("See Sharif v. Ashcroft, 280 F.3d 786 (7th Cir. 2002).")
for text in json.load(sys.stdin):
    t = time.process_time()
    analyze_text(text)
    print(time.process_time() - t, flush=True)
"""


def cls_families(c: Campaign, count: int) -> Iterator[Run]:
    for what, make, n in FAMILIES:
        texts = [make(n), make(2 * n), make(4 * n)]
        p = subprocess.Popen(
            [sys.executable, "-c", _FAMILY_CHILD],
            cwd=c.scratch,
            env=c.env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            out, err = p.communicate(json.dumps(texts).encode(), timeout=c.budget)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            done = out.decode().split()
            yield Run(
                "pathological families", "hang", f"{what}: killed after {c.budget:.0f}s at size {len(done) + 1} of 3"
            )
            continue
        times = [float(x) for x in out.decode().split()]
        if p.returncode != 0 or len(times) != 3:
            last = [ln for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()][-1:]
            yield Run("pathological families", "crash", f"{what}: {(last or ['exit ' + str(p.returncode)])[0][:100]}")
            continue
        ratio = times[2] / max(times[0], 1e-6)
        note = f"{what}: {times[0]:.3f}s, {times[1]:.3f}s, {times[2]:.3f}s ({ratio:.1f}x for 4x the text)"
        if times[2] > FAMILY_FLOOR_S and ratio > FAMILY_MAX_GROWTH:
            yield Run("pathological families", "hang", "superlinear: " + note)
        else:
            yield Run("pathological families", "ok", note)


CLASSES: dict[str, Callable[[Campaign, int], Iterator[Run]]] = {
    "random": cls_random_bytes,
    "mutated": cls_mutated,
    "headers": cls_headers,
    "sidecars": cls_sidecars,
    "encodings": cls_encodings,
    "paths": cls_odd_paths,
    "options": cls_bad_options,
    "names": cls_names,
    "outputs": cls_outputs,
    "corrupt": cls_corrupt,
    "diskfull": cls_disk_full,
    "readonly": cls_read_only,
    "concurrency": cls_concurrency,
    "kill": cls_kill_parent,
    "injection": cls_injection,
    "pathological": cls_pathological,
    "families": cls_families,
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=8, help="runs per random class (default 8)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--src", type=Path, default=None, help="run this checkout's kb instead of the installed one")
    ap.add_argument("--only", default=None, help="comma-separated classes: " + ",".join(CLASSES))
    ap.add_argument("--budget", type=float, default=60.0, help="seconds before a run counts as a hang")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run that was not ok")
    ap.add_argument("--all-notes", action="store_true", help="print every run's note, ok or not")
    ns = ap.parse_args()
    chosen = ns.only.split(",") if ns.only else list(CLASSES)
    scratch = Path(tempfile.mkdtemp(prefix="kb-hostile-"))
    c = Campaign(scratch, ns.src.resolve() if ns.src else None, ns.budget, random.Random(ns.seed))
    p = c.kb(["--db", str(c.base), "ingest", str(OPINIONS)])
    if p.rc != 0:
        print(f"cannot build the base store: {p.err}", file=sys.stderr)
        return 1
    rows: list[tuple[str, Counter[str], float]] = []
    notes: list[Run] = []
    try:
        for name in chosen:
            started = time.perf_counter()
            tally: Counter[str] = Counter()
            label = name
            for run in CLASSES[name](c, ns.count):
                tally[run.outcome] += 1
                label = run.cls
                if run.outcome != "ok" or run.note.startswith("skipped"):
                    notes.append(run)
                if ns.all_notes or (ns.verbose and run.outcome != "ok"):
                    print(f"  {run.cls}: {run.outcome}: {run.note}", file=sys.stderr)
            rows.append((label, tally, time.perf_counter() - started))
            print(f"done {label}: {dict(tally)}", file=sys.stderr)
    finally:
        for path in sorted(scratch.rglob("*"), reverse=True):
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, stat.S_IRWXU)
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"| class | runs | {' | '.join(OUTCOMES)} | seconds |")
    print("|---|---:|" + "---:|" * len(OUTCOMES) + "---:|")
    total: Counter[str] = Counter()
    for label, tally, secs in rows:
        total.update(tally)
        cells = " | ".join(str(tally.get(o, 0)) for o in OUTCOMES)
        print(f"| {label} | {sum(tally.values())} | {cells} | {secs:.0f} |")
    cells = " | ".join(str(total.get(o, 0)) for o in OUTCOMES)
    print(f"| **all** | {sum(total.values())} | {cells} | {sum(r[2] for r in rows):.0f} |")
    if notes:
        print("\nNot ok (first of each):")
        seen: set[tuple[str, str]] = set()
        for run in notes:
            key = (run.cls, run.outcome)
            if key not in seen:
                seen.add(key)
                print(f"- {run.cls}, {run.outcome}: {run.note}")
    return 1 if any(total.get(o) for o in OUTCOMES[1:]) else 0


if __name__ == "__main__":
    sys.exit(main())

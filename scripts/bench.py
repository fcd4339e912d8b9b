#!/usr/bin/env python3
"""Per-core speed of kb ingest against eyecite alone and the floor, on real corpus opinions, in one run.

Usage: python scripts/bench.py [--mb 1 10] [--whole] [--no-hyperscan] [--no-wall] [--json FILE]

Each sample is drawn deterministically from ../shared/corpus/opinions
(scripts/corpus_sample.py: files in the order of their names' SHA-256, up to
the size asked for). On that same sample, one after the other, each in a
fresh process:

  eyecite default    get_citations + resolve_citations per opinion, default
                     tokenizer, in a process that never imports kb
  eyecite hyperscan  the same with eyecite's HyperscanTokenizer (if installed;
                     its compiled database cached beforehand, as kb's is)
  kb                 kb ingest --workers 1 into an empty store (ingest_paths,
                     in-process: load, caption, analysis, store writes); its
                     default tokenizer is Hyperscan-located when the hyperscan
                     package imports
  kb pure Python     the same as if hyperscan were not installed (the
                     Aho-Corasick windowed tokenizer: the same tokens)
  floor              read + decode + Hyperscan tokenize (eyecite's tokens,
                     no extraction) + kb's own SQLite writes of the same
                     extractions kb made (save_opinion into an empty store)

kb's caches (the Hyperscan database, the caption court index) are built
before the runs, as any run after the first finds them.

CPU seconds are those of the whole process (user + system, from
``getrusage(RUSAGE_CHILDREN)``, interpreter start and imports included) and,
separately, of the work loop alone (``time.process_time`` inside). With one
process per run, CPU seconds are per core: MB/s per core = MB / CPU s.

Then, unless --no-wall, wall clock of the real command ``kb ingest
--workers 1`` against ``kb ingest --workers 2`` on the largest sample: that
ratio compares process counts, the table above compares per core. The load
average is recorded before and after every step: on a shared machine wall
clock means little, CPU seconds still do.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_sample import sample  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

# Each driver reads the list of files from argv[1] and prints one JSON line:
# CPU of its start (imports, tokenizer) and of its work loop, and what it found.

EYECITE = """
import json, logging, sys, time
logging.disable(logging.WARNING)
assert "kb" not in sys.modules
t0 = time.process_time()
from eyecite import get_citations, resolve_citations
kwargs = {}
if sys.argv[2] == "hyperscan":
    from eyecite.tokenizers import HyperscanTokenizer
    kwargs["tokenizer"] = HyperscanTokenizer(cache_dir=sys.argv[3])
    get_citations("See 1 U.S. 1.", **kwargs)  # loads the cached database
files = open(sys.argv[1]).read().splitlines()
t1 = time.process_time()
n = 0
for f in files:
    with open(f, encoding="utf-8") as fh:
        cites = get_citations(fh.read(), **kwargs)
    resolve_citations(cites)
    n += len(cites)
t2 = time.process_time()
print(json.dumps({"start_cpu": t1 - t0, "work_cpu": t2 - t1, "found": n}))
"""

KB = """
import json, logging, pickle, sys, time
logging.disable(logging.WARNING)
t0 = time.process_time()
import kb.ingest as ingest
from kb.store import connect
if sys.argv[2] == "python":  # as without the hyperscan package
    import kb.analysis.eyecite_hooks as hooks
    hooks.hyperscan_available = lambda: False
    sys.argv[2] = "default"
ingest._prepare_analysis(sys.argv[2])
files = open(sys.argv[1]).read().splitlines()
kept = []
save = ingest.save_opinion
def keeping(conn, doc, extraction):
    kept.append((doc.path, extraction))
    return save(conn, doc, extraction)
ingest.save_opinion = keeping
conn = connect(sys.argv[3])
t1 = time.process_time()
report = ingest.ingest_paths(conn, files, workers=1, tokenizer=sys.argv[2])
t2 = time.process_time()
conn.close()
if sys.argv[4] != "-":
    with open(sys.argv[4], "wb") as fh:
        pickle.dump(kept, fh)
print(json.dumps({"start_cpu": t1 - t0, "work_cpu": t2 - t1,
                  "found": sum(r.references for r in report.results), "failed": len(report.failed)}))
"""

FLOOR = """
import json, logging, pickle, sys, time
from pathlib import Path
logging.disable(logging.WARNING)
t0 = time.process_time()
from eyecite.tokenizers import HyperscanTokenizer
from kb.errors import InputError
from kb.load import decode
from kb.models import Document, OpinionMeta
from kb.store import connect, save_opinion
tokenizer = HyperscanTokenizer(cache_dir=sys.argv[3])
tokenizer.tokenize("See 1 U.S. 1.")
with open(sys.argv[2], "rb") as fh:
    extractions = dict(pickle.load(fh))
files = open(sys.argv[1]).read().splitlines()
conn = connect(sys.argv[4])
t1 = time.process_time()
n = failed = 0
for f in files:
    path = Path(f)
    try:
        text = decode(path.read_bytes(), path)
    except InputError:  # as kb ingest does: a file it refuses (an HTML page saved as .txt) is skipped
        failed += 1
        continue
    tokens, _ = tokenizer.tokenize(text)
    n += len(tokens)
    resolved = str(path.resolve())
    if resolved in extractions:
        doc = Document(path=resolved, stem=path.stem, text=text, sha256=str(hash(text)), meta=OpinionMeta(case_name=path.stem))
        try:
            save_opinion(conn, doc, extractions[resolved])
        except Exception:  # as kb ingest does: a file the store refuses is reported and skipped
            failed += 1
t2 = time.process_time()
print(json.dumps({"start_cpu": t1 - t0, "work_cpu": t2 - t1, "found": n, "failed": failed}))
"""


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def timed(cmd: list[str], ok: tuple[int, ...] = (0,)) -> dict[str, object]:
    """Run ``cmd`` to its end: its wall seconds, the CPU seconds of it and its children, its JSON line if any.

    ``ok``: the exit statuses that are not a failure of the run.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = load()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in ok:
        raise SystemExit(f"failed: {' '.join(cmd[:4])} ...\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    inner = json.loads(lines[-1]) if lines else {}
    return {"wall_s": wall, "cpu_s": cpu, **inner, "load_before": load_before, "load_after": load()}


def hyperscan_cache() -> str | None:
    """kb's Hyperscan cache folder, compiled now if it is not yet (so no run pays the compile), or None."""
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return None
    from kb.analysis.eyecite_hooks import HYPERSCAN_CACHE, get_tokenizer
    from kb.courts import prepare_caption_courts

    get_tokenizer("hyperscan").tokenize("See 1 U.S. 1.")
    prepare_caption_courts()
    return str(HYPERSCAN_CACHE)


def bench_sample(name: str, files: list[Path], tmp: Path, cache: str | None, wall: bool) -> dict[str, object]:
    """Every run on one sample."""
    size = sum(p.stat().st_size for p in files)
    listing = tmp / f"{name}.files"
    listing.write_text("\n".join(str(p) for p in files))
    result: dict[str, object] = {"sample": name, "files": len(files), "bytes": size}
    runs: dict[str, dict[str, object]] = {}
    runs["eyecite"] = timed([PY, "-c", EYECITE, str(listing), "default", "-"])
    if cache:
        runs["eyecite_hyperscan"] = timed([PY, "-c", EYECITE, str(listing), "hyperscan", cache])
    kept = tmp / f"{name}.pickle"
    runs["kb"] = timed([PY, "-c", KB, str(listing), "default", str(tmp / f"{name}-kb.sqlite"), str(kept)])
    if cache:
        runs["kb_python"] = timed([PY, "-c", KB, str(listing), "python", str(tmp / f"{name}-py.sqlite"), "-"])
        runs["floor"] = timed([PY, "-c", FLOOR, str(listing), str(kept), cache, str(tmp / f"{name}-floor.sqlite")])
    for run in runs.values():
        run["mb_per_cpu_s"] = size / 1e6 / float(run["cpu_s"])  # type: ignore[arg-type]
        run["work_mb_per_cpu_s"] = size / 1e6 / float(run["work_cpu"])  # type: ignore[arg-type]
    result["runs"] = runs
    kb_cpu = float(runs["kb"]["cpu_s"])  # type: ignore[arg-type]
    ratios = {"kb_vs_eyecite": float(runs["eyecite"]["cpu_s"]) / kb_cpu}  # type: ignore[arg-type]
    if cache:
        ratios["kb_vs_eyecite_hyperscan"] = float(runs["eyecite_hyperscan"]["cpu_s"]) / kb_cpu  # type: ignore[arg-type]
        ratios["kb_over_floor"] = kb_cpu / float(runs["floor"]["cpu_s"])  # type: ignore[arg-type]
        ratios["kb_python_vs_eyecite"] = float(runs["eyecite"]["cpu_s"]) / float(runs["kb_python"]["cpu_s"])  # type: ignore[arg-type]
    result["ratios_per_core"] = ratios
    if wall:
        walls = {}
        for n in (1, 2):
            db = tmp / f"{name}-w{n}.sqlite"
            cmd = [PY, "-m", "kb", "--db", str(db), "ingest", *map(str, files), "--workers", str(n), "--no-progress"]
            # Exit status 1: some files failed (the corpus holds one the store refuses), the rest ingested.
            walls[f"workers_{n}"] = timed(cmd, ok=(0, 1))
        walls["ratio_2_vs_1"] = float(walls["workers_1"]["wall_s"]) / float(walls["workers_2"]["wall_s"])  # type: ignore[arg-type,index]
        result["wall"] = walls
    return result


LABELS = {
    "eyecite": "eyecite alone, default tokenizer",
    "eyecite_hyperscan": "eyecite alone, Hyperscan tokenizer",
    "kb": "`kb ingest --workers 1`",
    "kb_python": "`kb ingest --workers 1`, pure Python (no hyperscan package)",
    "floor": "floor: read + Hyperscan tokenize + kb's SQLite writes",
}


def describe(r: dict[str, object]) -> str:
    """A Markdown table of one sample's runs."""
    runs: dict[str, dict[str, float]] = r["runs"]  # type: ignore[assignment]
    lines = [
        f"### {r['sample']}: {r['files']} opinions, {int(r['bytes']) / 1e6:.2f} MB",  # type: ignore[call-overload]
        "",
        "| run | CPU s (process) | MB/s per core | CPU s (work loop) | MB/s per core (work) | load before → after |",
        "|---|---|---|---|---|---|",
    ]
    for key, run in runs.items():
        lines.append(
            f"| {LABELS[key]} | {run['cpu_s']:.2f} | {run['mb_per_cpu_s']:.3f} | {run['work_cpu']:.2f}"
            f" | {run['work_mb_per_cpu_s']:.3f} | {run['load_before'][0]:.1f} → {run['load_after'][0]:.1f} |"  # type: ignore[index]
        )
    ratios: dict[str, float] = r["ratios_per_core"]  # type: ignore[assignment]
    lines.append("")
    lines.append("Per core (CPU s, whole process): " + ", ".join(f"{k} {v:.2f}×" for k, v in ratios.items()))
    if "wall" in r:
        w: dict[str, dict[str, float]] = r["wall"]  # type: ignore[assignment]
        lines.append(
            f"Wall clock, `kb ingest` 1 worker {w['workers_1']['wall_s']:.1f} s (load {w['workers_1']['load_before'][0]:.1f}),"  # type: ignore[index]
            f" 2 workers {w['workers_2']['wall_s']:.1f} s (load {w['workers_2']['load_before'][0]:.1f}):"  # type: ignore[index]
            f" {w['ratio_2_vs_1']:.2f}× (process counts, not per core)"  # type: ignore[str-format]
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", nargs="*", type=float, default=[1, 10], help="sample sizes in MB")
    ap.add_argument("--whole", action="store_true", help="also the whole corpus (about 60 MB: an hour or more)")
    ap.add_argument("--no-hyperscan", action="store_true", help="skip the Hyperscan runs and the floor")
    ap.add_argument("--no-wall", action="store_true", help="skip the 1- against 2-worker wall-clock runs")
    ap.add_argument("--json", default=None, help="also write the results to this JSON file")
    args = ap.parse_args()
    from importlib.metadata import version

    machine = {
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "eyecite": version("eyecite"),
        "sqlite": __import__("sqlite3").sqlite_version,
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "load_at_start": load(),
    }
    print(json.dumps(machine), flush=True)
    cache = None if args.no_hyperscan else hyperscan_cache()
    samples = [(f"{mb:g} MB", sample(megabytes=mb)) for mb in args.mb]
    if args.whole:
        samples.append(("whole corpus", sample()))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, files) in enumerate(samples):
            last = i == len(samples) - 1
            r = bench_sample(name, files, Path(tmp), cache, wall=last and not args.no_wall)
            print(describe(r) + "\n", flush=True)
            results.append(r)
            if args.json:  # after each sample: a long run stopped later keeps what it measured
                Path(args.json).write_text(json.dumps({"machine": machine, "samples": results}, indent=2) + "\n")
    machine["load_at_end"] = load()
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine, "samples": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Deterministic samples of the real corpus, shared by the benchmark, the profile and the parity dump.

Files are ordered by the SHA-256 of their names (with a salt), which mixes
every source and era of the corpus, and taken in that order until the sample
has the count or the size asked for. The same arguments give the same files
on every machine.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "opinions"
# Files kb refuses by design (corpus README): they would time nothing.
REFUSED = frozenset({"cl2-2969763-united-states-v-middleton.txt", "ussc-4155979-moore-v-texas.txt"})


def corpus_files(corpus: Path = CORPUS, salt: str = "kb") -> list[Path]:
    """Every opinion of the corpus that kb ingests, in the sample order."""
    files = [p for p in corpus.glob("*.txt") if p.name not in REFUSED]
    return sorted(files, key=lambda p: hashlib.sha256(f"{salt}:{p.name}".encode()).hexdigest())


def sample(
    *, megabytes: float | None = None, count: int | None = None, corpus: Path = CORPUS, salt: str = "kb"
) -> list[Path]:
    """The first files in sample order up to ``count`` files or ``megabytes`` MB (whole corpus if neither)."""
    out: list[Path] = []
    total = 0
    for path in corpus_files(corpus, salt):
        if count is not None and len(out) >= count:
            break
        if megabytes is not None and total >= megabytes * 1_000_000:
            break
        out.append(path)
        total += path.stat().st_size
    return out

"""Reading around a citation: what surroundings.py takes from the text before and after it."""

from __future__ import annotations

import pytest

from kb.analysis import surroundings
from tests.conftest import CORPUS, opinion_text


def _texts() -> list[str]:
    texts = [opinion_text(s) for s in ("balogun-v-sessions", "arango-v-usa-immigration", "flores-albarran-v-wong")]
    paths = sorted(CORPUS.glob("*.txt"))[:10] if CORPUS.is_dir() else []
    return texts + [p.read_text(encoding="utf-8", errors="replace") for p in paths]


@pytest.mark.parametrize("reader", ["_case_name", "_short_name"])
def test_a_name_read_from_the_tail_of_a_long_segment_is_the_one_read_from_all_of_it(reader, monkeypatch):
    # Only the last tokens before a citation can be its name, so only a tail of the text since the
    # citation before is tokenised; what is read must be what reading all of it gives, at any position
    # (a word split in three by a scraper, "Huss a in", joined across the tail's cut included).
    read = getattr(surroundings, reader)
    texts = _texts() + ["Ruling for " * 400 + "Huss a in v. INS, 1 F.3d 2 and " + "Huss a in " * 60]
    cases = [(text, pos) for text in texts for pos in range(200, len(text), 211)]
    tail = [read(text, pos, 0) for text, pos in cases]
    monkeypatch.setattr(surroundings, "TAIL_CHARS_PER_TOKEN", 10**9)  # always all of the segment
    assert tail == [read(text, pos, 0) for text, pos in cases]
    assert sum(name is not None for name, _ in tail) > 100

"""The caption court index kept between processes is the index built afresh."""

from __future__ import annotations

from kb import courts


def test_caption_index_read_back_from_the_cache_is_the_one_built(tmp_path, monkeypatch):
    monkeypatch.setattr(courts, "CAPTION_INDEX_CACHE", tmp_path / "kb")
    built = courts._build_caption_regexes(courts._courts_db_patterns())
    first = courts._caption_regexes.__wrapped__()  # builds and writes
    assert len(list((tmp_path / "kb").glob("caption-courts-*.json"))) == 1
    second = courts._caption_regexes.__wrapped__()  # reads
    assert first == built and second == built
    assert sum(map(len, built[0].values())) + len(built[1]) > 8000


def test_caption_index_without_a_usable_cache_is_built(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(courts, "CAPTION_INDEX_CACHE", blocked / "kb")
    assert courts._caption_regexes.__wrapped__() == courts._build_caption_regexes(courts._courts_db_patterns())


def test_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(courts, "CAPTION_INDEX_CACHE", tmp_path)
    courts._caption_regexes.__wrapped__()
    (cached,) = tmp_path.glob("caption-courts-*.json")
    cached.write_text('{"index": {"abc": [[1]]}')
    assert courts._caption_regexes.__wrapped__() == courts._build_caption_regexes(courts._courts_db_patterns())
    assert courts._caption_regexes.__wrapped__() == courts._build_caption_regexes(courts._courts_db_patterns())

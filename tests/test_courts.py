"""kb.courts: court parentheticals of the bundled opinions to courts-db ids and back."""

from __future__ import annotations

import pytest

from kb import courts
from kb.courts import (
    LEVEL_APPELLATE,
    LEVEL_OTHER,
    LEVEL_SCOTUS,
    LEVEL_TRIAL,
    court_abbreviation,
    court_citation,
    court_from_caption,
    court_id_for,
    court_level,
    resolve_court,
)
from kb.errors import OptionError

from .conftest import CORPUS


@pytest.fixture(scope="module")
def parentheticals(store):
    """(court as the opinion printed it, courts-db id stored for it) of every reference with a court."""
    rows = store.execute("SELECT DISTINCT court, court_id FROM refs WHERE court IS NOT NULL AND court != 'U.S.'")
    return [tuple(r) for r in rows]


def test_every_court_parenthetical_in_the_bundled_opinions_finds_its_court_and_prints_back(parentheticals):
    assert len(parentheticals) >= 20
    for printed, court_id in parentheticals:
        assert court_id_for(printed) == court_id, printed
        # Bluebook T7 / T1 form, as the opinion printed it: "N.D. Ill.", "2d Cir.", "E.D.N.Y."
        assert court_citation(court_id) == printed, court_id


@pytest.mark.parametrize(
    ("printed", "court_id"),
    [("N.D.Ill.", "ilnd"), ("D. Kansas", "ksd"), ("7th Cir.", "ca7"), ("CA5", "ca5"), ("CADC", "cadc")],
)
def test_glued_spelled_out_and_supreme_court_style_forms_are_read(printed, court_id):
    assert court_id_for(printed) == court_id


def test_the_supreme_court_is_cited_by_its_reporter():
    assert court_citation("scotus") == court_abbreviation("scotus") == "U.S."


@pytest.mark.parametrize(
    ("court_id", "level"),
    [
        ("scotus", LEVEL_SCOTUS),
        ("ca9", LEVEL_APPELLATE),
        ("ilnd", LEVEL_TRIAL),
        ("ksd", LEVEL_TRIAL),
        (None, LEVEL_OTHER),
    ],
)
def test_levels_rank_the_supreme_court_over_circuits_over_districts(court_id, level):
    # ksd: courts-db marks the District of Kansas "appellate"; the id's shape says it is a district court.
    assert court_level(court_id) == level


def test_a_caption_court_line_of_the_corpus_names_its_court():
    path = CORPUS / "cl2-1620546-clark-v-united-states.txt"
    if not path.exists():
        pytest.skip("the shared corpus is not here")
    line = next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("United States District"))
    assert line == "United States District Court, N. D. Illinois, E. D."  # spaced initials and a division
    assert court_from_caption(line) == "ilnd"


def test_an_unknown_court_option_says_what_to_give_and_suggests_the_one_it_names():
    with pytest.raises(OptionError) as e:
        resolve_court("Seventh Circuit")
    assert str(e.value) == (
        "unknown court 'Seventh Circuit' (did you mean ca7, '7th Cir.'?); give a courts-db id such as ca7"
        " or scotus, or a Bluebook abbreviation such as '7th Cir.' or 'N.D. Ill.'"
    )
    assert (resolve_court("7th Cir."), resolve_court("ILND")) == ("ca7", "ilnd")


# The caption court index kept between processes is the index built afresh.


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


def test_a_court_courts_db_cites_by_postal_code_is_cited_as_the_bluebook_does():
    """courts-db's citation string for the New York Court of Appeals is "NY"; Bluebook T1
    (and every New York reporter) writes "N.Y." (Matter of Duchnowski, 31 N.Y.2d 991)."""
    from kb.caption import read_caption

    path = CORPUS / "cl2-2589088-matter-of-duchnowski.txt"
    if not path.exists():
        pytest.skip("the shared corpus is not here")
    caption = read_caption(path.read_text(encoding="utf-8"))
    assert (caption.court_id, caption.court) == ("ny", "N.Y.")
    assert court_id_for("N.Y.") == court_id_for("NY") == "ny"

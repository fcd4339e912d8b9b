"""Binding or persuasive: known answers of the federal and state hierarchies."""

from __future__ import annotations

import pytest

from kb.binding import binding_status, circuit_of, courts_db_coverage, mark_binding, rank_for_court
from kb.tables import CIRCUIT_DISTRICTS


@pytest.mark.parametrize(
    ("authority", "court", "status"),
    [
        ("scotus", "ilnd", "binding"),  # the Supreme Court binds every court on federal questions
        ("scotus", "cal", "binding"),
        ("ca7", "ilnd", "binding"),  # a circuit binds its districts
        ("ca7", "ilnb", "binding"),  # ... and their bankruptcy courts
        ("ca9", "bap9", "binding"),  # ... and its bankruptcy appellate panel
        ("ca9", "ilnd", "persuasive"),  # another circuit does not
        ("ca2", "vtd", "binding"),  # 28 U.S.C. § 41, where courts-db says ca1
        ("ca1", "vtd", "persuasive"),
        ("cadc", "dcd", "binding"),
        ("ca7", "ca7", "binding"),  # a panel binds later panels of its circuit
        ("cal", "calctapp", "binding"),  # a state's highest court binds its lower courts
        ("ill", "illappct", "binding"),
        ("cal", "cand", "persuasive"),  # a state court does not bind a federal court on federal law
        ("mass", "ilnd", "persuasive"),
        ("ca7", "ill", "persuasive"),  # lower federal courts do not bind state courts
        ("ilnd", "ilnd", "persuasive"),  # a district court's decision does not bind its other judges
        ("ilnd", "ilcd", "persuasive"),
        ("cal", "ill", "persuasive"),  # another state's court
        ("calctapp", "calsuperct", "unknown"),  # depends on the state
        ("cafc", "ilnd", "unknown"),  # the Federal Circuit binds in its own matters only
        (None, "ilnd", "unknown"),
    ],
)
def test_known_answers(authority, court, status):
    assert binding_status(authority, court).status == status


def test_reasons_say_why():
    assert binding_status("ca7", "ilnd").reason == "7th Cir. binds N.D. Ill., a court of its circuit (28 U.S.C. § 41)"
    assert binding_status("cal", "cand").reason == "a state court does not bind a federal court on federal law"
    assert binding_status("ca7", "ca7", en_banc=True).reason == "7th Cir.'s en banc decisions bind its panels"
    assert "not the court en banc" in binding_status("ca7", "ca7").reason


def test_every_district_has_its_circuit_and_bankruptcy_court():
    districts = [d for ds in CIRCUIT_DISTRICTS.values() for d in ds]
    assert len(districts) == len(set(districts)) == 94
    assert all(circuit_of(d) for d in districts)
    assert circuit_of("ilnb") == "ca7" and circuit_of("nysb") == "ca2" and circuit_of("cal") is None


def test_courts_db_holds_the_circuit_of_few_districts():
    # Measured for docs/binding.md: courts-db has every district, names the circuit of 22.
    assert courts_db_coverage() == {"districts": 94, "in_courts_db": 94, "with_circuit": 22, "agreeing": 21}


def _hit(court_id, name):
    return {"authority": {"kind": "case", "court_id": court_id, "name": name}, "citation": name}


def test_binding_hits_rank_first_and_keep_their_order():
    hits = [_hit("ca9", "A"), _hit("ca7", "B"), _hit("scotus", "C"), _hit(None, "D")]
    ranked = rank_for_court(hits, "ilnd", limit=3)
    assert [h["citation"] for h in ranked] == ["B", "C", "D"]
    assert [h["binding"]["status"] for h in ranked] == ["binding", "binding", "unknown"]


def test_mark_binding_leaves_provisions_alone():
    objects = [{"kind": "case", "court_id": "ca7"}, {"kind": "statute", "court_id": None}]
    mark_binding(objects, "ilnd")
    assert objects[0]["binding"]["status"] == "binding" and objects[1]["binding"] is None

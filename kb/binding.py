"""Does an authority bind the court a brief is written to? Binding, persuasive or unknown.

The rules (numbered as :func:`binding_status` applies them):

1. the Supreme Court binds every court on federal questions;
2. a circuit binds its district courts, their bankruptcy courts and its
   bankruptcy appellate panel; a panel decision binds later panels of the
   same circuit (the law of the circuit), and the en banc court binds its
   panels, but a panel does not bind the court en banc;
3. a state's court of last resort binds the other courts of its state (on
   federal law it does not bind a federal court; on its own state's law a
   federal court follows it under *Erie*, which this table does not claim);
4. everything else is persuasive: other circuits, other states, district
   courts (even of the same district), lower federal courts for state courts;
   an intermediate state court's weight for the state's trial courts depends
   on the state, so it is ``unknown``.

The hierarchy comes from courts-db where it holds it (``level``, ``location``,
``parent``; ``appeal_to`` for the federal districts it covers) and, for the
districts' circuits, from :data:`kb.tables.CIRCUIT_DISTRICTS` (28 U.S.C. § 41).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, cast

from kb.courts import court_citation, courts_by_id
from kb.models import Binding
from kb.tables import CIRCUIT_BAPS, CIRCUIT_DISTRICTS

BINDING, PERSUASIVE, UNKNOWN = "binding", "persuasive", "unknown"
# The order ``kb support --for-court`` ranks hits in.
STATUS_RANK = {BINDING: 0, UNKNOWN: 1, PERSUASIVE: 2}
_CIRCUIT = re.compile(r"ca\d{1,2}|cadc|cafc")


@cache
def _district_circuits() -> dict[str, str]:
    """Circuit of every federal district, bankruptcy court and BAP: courts-db's ``appeal_to`` first, then § 41.

    Where courts-db names a circuit that § 41 does not (the District of
    Vermont, ``ca1``), the statute wins.
    """
    by_id = courts_by_id()
    out: dict[str, str] = {}
    for cid, court in by_id.items():
        up = court.get("appeal_to")
        if court.get("system") == "federal" and isinstance(up, str) and _CIRCUIT.fullmatch(up):
            out[cid] = up
    for circuit, districts in CIRCUIT_DISTRICTS.items():
        for d in districts:
            out[d] = circuit
            bankruptcy = d[:-1] + "b"
            if bankruptcy in by_id:
                out[bankruptcy] = circuit
    for circuit, bap in CIRCUIT_BAPS.items():
        out[bap] = circuit
    return out


def circuit_of(court_id: str | None) -> str | None:
    """The circuit a federal district, bankruptcy court or BAP sits in.

    Example:
        >>> circuit_of("ilnd"), circuit_of("ilnb"), circuit_of("vtd"), circuit_of("cal")
        ('ca7', 'ca7', 'ca2', None)
    """
    return _district_circuits().get(court_id or "")


def binding_status(authority_court: str | None, target_court: str | None, *, en_banc: bool = False) -> Binding:
    """Whether a decision of ``authority_court`` binds ``target_court`` (courts-db ids).

    Args:
        authority_court: the court that decided the authority.
        target_court: the court the brief is written to (or the citing court).
        en_banc: the authority was decided by the court en banc.

    Example:
        >>> binding_status("ca7", "ilnd").status, binding_status("ca9", "ilnd").status
        ('binding', 'persuasive')
    """
    courts = courts_by_id()
    a, t = courts.get(authority_court or ""), courts.get(target_court or "")
    if a is None or t is None:
        which = "the authority's court" if a is None else "the court written to"
        return Binding(UNKNOWN, f"{which} is not known to courts-db")
    name_a, name_t = _name(authority_court), _name(target_court)  # type: ignore[arg-type]
    # CASE 1: the Supreme Court.
    if authority_court == "scotus":
        return Binding(BINDING, "the Supreme Court binds every court on federal questions")
    # CASE 2: a circuit, for itself and for the courts of its circuit.
    if _CIRCUIT.fullmatch(authority_court or ""):
        return _circuit_rule(authority_court, target_court, name_a, name_t, en_banc)  # type: ignore[arg-type]
    # CASE 3: a state's court of last resort, for the courts of its state.
    if a.get("system") == "state" and a.get("level") == "colr":
        if t.get("system") == "state" and a.get("location") == t.get("location"):
            if authority_court == target_court:
                return Binding(PERSUASIVE, f"{name_a} is not bound by its own decisions (stare decisis aside)")
            return Binding(BINDING, f"{name_a} is {a.get('location')}'s court of last resort")
        if t.get("system") == "federal":
            return Binding(PERSUASIVE, "a state court does not bind a federal court on federal law")
        return Binding(PERSUASIVE, f"{name_a} is another state's court")
    # CASE 4: the rest.
    return _other_rule(authority_court, target_court, a, t, name_a, name_t)  # type: ignore[arg-type]


def _circuit_rule(circuit: str, target: str, name_a: str, name_t: str, en_banc: bool) -> Binding:
    if target == circuit:
        if en_banc:
            return Binding(BINDING, f"{name_a}'s en banc decisions bind its panels")
        return Binding(BINDING, f"a panel decision of {name_a} binds its later panels (not the court en banc)")
    if courts_by_id()[target].get("system") == "state":
        return Binding(PERSUASIVE, "lower federal courts do not bind state courts, even on federal law")
    if circuit == "cafc":
        return Binding(UNKNOWN, "the Federal Circuit binds other courts only in the matters its jurisdiction covers")
    if circuit_of(target) == circuit:
        return Binding(BINDING, f"{name_a} binds {name_t}, a court of its circuit (28 U.S.C. § 41)")
    return Binding(PERSUASIVE, f"{name_t} is not in {name_a}" + ("'s circuit" if circuit_of(target) else ""))


def _other_rule(authority: str, target: str, a: dict[str, Any], t: dict[str, Any], name_a: str, name_t: str) -> Binding:
    if a.get("system") == "federal" and t.get("system") == "state":
        return Binding(PERSUASIVE, "lower federal courts do not bind state courts, even on federal law")
    if a.get("system") == "state" and t.get("system") == "federal":
        return Binding(PERSUASIVE, "a state court does not bind a federal court on federal law")
    if a.get("system") == "state" and t.get("system") == "state":
        if a.get("location") != t.get("location"):
            return Binding(PERSUASIVE, f"{name_a} is another state's court")
        if a.get("level") == "iac" and t.get("level") not in ("colr", "iac"):
            return Binding(UNKNOWN, f"whether {name_a} binds {a.get('location')}'s trial courts depends on its rules")
        return Binding(PERSUASIVE, f"{name_a} does not bind {name_t}")
    if authority == target:
        return Binding(PERSUASIVE, f"a decision of {name_a} does not bind its other judges")
    return Binding(PERSUASIVE, f"{name_a} does not bind {name_t}")


def _name(court_id: str) -> str:
    return "the Supreme Court" if court_id == "scotus" else (court_citation(court_id) or court_id)


def mark_binding(objects: list[dict[str, Any]], target_court: str) -> list[dict[str, Any]]:
    """Add ``binding: {status, reason}`` to each case authority object, in place (others get None)."""
    for o in objects:
        o["binding"] = _as_dict(binding_status(o["court_id"], target_court)) if o.get("kind") == "case" else None
    return objects


def rank_for_court(hits: list[dict[str, Any]], target_court: str, limit: int | None = None) -> list[dict[str, Any]]:
    """``kb support`` hits labelled binding, persuasive or unknown for ``target_court``, binding first.

    Within each status the search's own order is kept.
    """
    for h in hits:
        a = h["authority"]
        h["binding"] = _as_dict(binding_status(a.get("court_id"), target_court)) if a.get("kind") == "case" else None
    ranked = sorted(hits, key=lambda h: STATUS_RANK[(h["binding"] or {}).get("status", UNKNOWN)])
    return ranked[:limit] if limit is not None else ranked


def _as_dict(b: Binding) -> dict[str, str]:
    return {"status": b.status, "reason": b.reason}


def courts_db_coverage() -> dict[str, int]:
    """How much of the district-to-circuit hierarchy courts-db itself holds (for docs/binding.md).

    Returns:
        ``districts`` (in § 41's table), ``in_courts_db`` (ids courts-db has),
        ``with_circuit`` (courts-db names their circuit: ``appeal_to`` on the
        district or ``lower_courts`` on the circuit), ``agreeing`` (and it is § 41's).
    """
    by_id = courts_by_id()
    said: dict[str, set[str]] = {}
    for cid, court in by_id.items():
        up = court.get("appeal_to")
        if isinstance(up, str) and _CIRCUIT.fullmatch(up):
            said.setdefault(cid, set()).add(up)
        if _CIRCUIT.fullmatch(cid):
            for lower in cast("list[str]", court.get("lower_courts") or []):
                said.setdefault(lower, set()).add(cid)
    districts = {d: c for c, ds in CIRCUIT_DISTRICTS.items() for d in ds}
    return {
        "districts": len(districts),
        "in_courts_db": sum(d in by_id for d in districts),
        "with_circuit": sum(d in said for d in districts),
        "agreeing": sum(said.get(d) == {c} for d, c in districts.items()),
    }

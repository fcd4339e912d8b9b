"""What reporters-db knows about a reporter: how its citations print, and which court it reports.

* **Citation form.** Most citations print ``volume reporter page``; public-domain
  (neutral) citations do not: ``2019-Ohio-3364``, ``1993-NMCA-034`` (reporters-db's
  ``cite_format`` ``{volume}-{reporter}-{page}``) and ``T.C. Memo. 2014-4``
  (its ``$full_cite_year_page`` regexes). :func:`cite_string` prints each as
  its reporter does.
* **Court.** A reporter that publishes one court only (``Cal. 4th``: the
  California Supreme Court; ``Ill. App. 3d``: the Appellate Court of Illinois)
  implies the court, which is why Bluebook leaves it out of the parenthetical.
  reporters-db names that court as a Juris-M jurisdiction
  (``us:ca;supreme.court``); :func:`reporter_court` maps it to a courts-db id by
  state and court name.
"""

from __future__ import annotations

import re
from functools import cache

from kb.models import BLANK_PAGE

__all__ = ["BLANK_PAGE", "bluebook_reporter", "cite_string", "pin_reporter", "reporter_court"]

_PUBLISHER = re.compile(r"^\((?:CCH|RIA|P-H|BNA|West|Lexis)\)$")


@cache
def _formats() -> tuple[frozenset[str], frozenset[str]]:
    """Reporters printed ``{volume}-{reporter}-{page}``, and those printed ``{reporter} {volume}-{page}``."""
    import reporters_db

    dashed: set[str] = set()
    year_page: set[str] = set()
    for key, entries in reporters_db.REPORTERS.items():
        for entry in entries:
            if entry.get("cite_format") == "{volume}-{reporter}-{page}":
                dashed.update(entry["editions"])
            for edition, data in entry["editions"].items():
                if any("$full_cite_year_page" in rx for rx in data.get("regexes") or []):
                    year_page.add(edition)
        del key
    return frozenset(dashed), frozenset(year_page)


def cite_string(volume: str, reporter: str, page: str) -> str:
    """A citation as its reporter prints it.

    Example:
        >>> cite_string("2019", "Ohio", "3364"), cite_string("2014", "T.C. Memo.", "4")
        ('2019-Ohio-3364', 'T.C. Memo. 2014-4')
        >>> cite_string("280", "F.3d", "786")
        '280 F.3d 786'
    """
    dashed, year_page = _formats()
    if reporter in year_page:
        return f"{reporter} {volume}-{page}"
    if reporter in dashed and len(volume) == 4:
        return f"{volume}-{reporter}-{page}"
    return f"{volume} {reporter} {page}"


def pin_reporter(volume: str, reporter: str, page: str) -> str:
    """What a pin into this citation is labelled with: ``556 U.S.`` (``556 U.S. at 678``).

    A public-domain citation is its own label (``2019-Ohio-3364, ¶ 20``).

    Example:
        >>> pin_reporter("556", "U.S.", "662"), pin_reporter("2019", "Ohio", "3364")
        ('556 U.S.', '2019-Ohio-3364')
    """
    full = cite_string(volume, reporter, page)
    return full if not full.startswith(f"{volume} {reporter} ") else f"{volume} {reporter}"


def bluebook_reporter(printed: str, corrected: str) -> str:
    """The reporter to print: eyecite's correction, keeping a publisher (``T.C.M. (CCH)``) it drops."""
    printed = re.sub(r"\s+", " ", printed).strip()
    rest = printed[len(corrected) :].strip() if printed.startswith(corrected) else ""
    return f"{corrected} {rest}" if rest and _PUBLISHER.match(rest) else corrected


# Reporter names that say they report an intermediate court.
_APPELLATE_NAME = re.compile(r"Appell|Appeal|Superior Court|Division|Commonwealth Court")
# Reporters that publish many courts, whatever their first jurisdiction says.
_MANY_COURTS = re.compile(
    r"Miscellaneous|Federal Reporter|Supplement|Federal Cases|Bankruptcy Reporter|Federal Rules|Slip Op"
)
# Only a state's official reporters and neutral citations name one court.
_COURT_REPORTER_TYPES = frozenset({"state", "neutral"})
# Juris-M labels of intermediate courts (never a state's highest court, "supreme.court").
_INTERMEDIATE = re.compile(r"^(?!supreme\.)(?:.*\.)?(?:appeals?|appellate|superior|division|commonwealth)\b")


@cache
def _edition_courts() -> dict[str, str | None]:
    """Edition -> the courts-db id of the one court it reports (None: several, or unknown).

    A state reporter's jurisdictions are listed with its own court first; one
    whose name says it reports an intermediate court (``California Appellate
    Reports``) reports the first listed court that courts-db ranks intermediate.
    An edition held by two reporters (``Wall.``) goes to the Supreme Court's when
    one of them is a Supreme Court reporter, else to neither.
    """
    import reporters_db

    out: dict[str, str | None] = {}
    scotus_editions: set[str] = set()
    for entries in reporters_db.REPORTERS.values():
        for entry in entries:
            court = _entry_court(entry)
            for edition in entry["editions"]:
                if court == "scotus":
                    scotus_editions.add(edition)
                out[edition] = court if out.get(edition, court) == court else None
    for edition in scotus_editions:
        out[edition] = "scotus"
    return out


def _entry_court(entry: dict[str, object]) -> str | None:
    mlz = [str(j) for j in entry.get("mlz_jurisdiction") or []]  # type: ignore[attr-defined]
    name = str(entry.get("name") or "")
    kind = str(entry.get("cite_type") or "")
    # eyecite's rule for a Supreme Court reporter (eyecite.models.Reporter.is_scotus),
    # less the early reporters of other courts that reporters-db files with them.
    if (
        (kind == "federal" and ("supreme" in name.lower() or name == "Lawyer's Edition"))
        or (kind == "scotus_early" and "Supreme Court" in name)
    ) and "District of Columbia" not in name:
        return "scotus"
    if "Tax Court" in name:
        return "tax"
    if kind not in _COURT_REPORTER_TYPES or not mlz or _MANY_COURTS.search(name):
        return None
    if not _APPELLATE_NAME.search(name):
        return _mlz_to_court(mlz[0])
    # An intermediate court's reporter: its court among the jurisdictions of the same state.
    state = mlz[0].split(";")[0]
    labels = [j.split(";")[1] for j in mlz if j.split(";")[0] == state and ";" in j]
    wanted = [lab for lab in labels if _INTERMEDIATE.search(lab) and ("Division" not in name or "division" in lab)]
    if any("special" in lab for lab in wanted):  # Maryland: the Court of Appeals was its highest court
        wanted = [lab for lab in wanted if "special" in lab]
    return _mlz_to_court(f"{state};{wanted[0]}") if wanted else None


@cache
def reporter_court(edition: str) -> str | None:
    """The courts-db id of the court whose decisions ``edition`` reports, when it reports one.

    Bluebook leaves such a court out of the parenthetical (``31 Cal. 4th 1207 (2003)``),
    so it is read from the reporter.

    Example:
        >>> reporter_court("Cal. 4th"), reporter_court("Ill. App. 3d"), reporter_court("F.3d")
        ('cal', 'illappct', None)
    """
    return _edition_courts().get(re.sub(r"\s*\([A-Z-]+\)$", "", edition))


def _stem(word: str) -> str:
    return "appe" if word.startswith("appe") else word.rstrip("s")


@cache
def _mlz_to_court(mlz: str) -> str | None:
    """``us:ca;supreme.court`` -> ``cal``: the current courts-db court of that state whose name has those words."""
    from kb.tables import POSTAL_STATES

    m = re.fullmatch(r"us:(?P<state>[a-z]{2})(?::[\w.]+)?;(?P<court>[\w.]+)", mlz)
    state = POSTAL_STATES.get(m.group("state")) if m else None
    if not m or not state:
        return None
    label = m.group("court")
    # "appellate.division.supreme.court": courts-db names it "... the Appellate Division".
    for words in (label.split("."), label.removesuffix(".supreme.court").split(".")):
        stems = [_stem(w) for w in words]
        found = sorted(
            (not _current(court), len(str(court.get("name", ""))), cid)
            for cid, court, name_stems in _state_courts().get(state, [])
            if all(any(n.startswith(w) for n in name_stems) for w in stems)
        )
        if found:
            return found[0][2]
    return None


@cache
def _state_courts() -> dict[str, list[tuple[str, dict[str, object], list[str]]]]:
    """courts-db's state courts by state, each with the stems of its name's words (once, not per label)."""
    from kb.courts import courts_by_id

    out: dict[str, list[tuple[str, dict[str, object], list[str]]]] = {}
    for cid, court in courts_by_id().items():
        if court.get("system") == "state":
            stems = [_stem(n) for n in re.findall(r"[a-z]+", str(court.get("name", "")).lower())]
            out.setdefault(str(court.get("location")), []).append((cid, court, stems))
    return out


def _current(court: dict[str, object]) -> bool:
    dates = court.get("dates") or [{}]
    return not dates[-1].get("end")  # type: ignore[index]

"""Find secondary and other authorities: treatises, dictionaries, restatements ...

eyecite finds reporters and law reviews; kb's provision patterns find codes,
rules and constitutions. What opinions also cite, and what is found here, is:

* dictionaries: ``Black's Law Dictionary 1324 (9th ed. 2009)``;
* treatises by section or page: ``5 Wright & Miller, Federal Practice and
  Procedure § 1357 (3d ed. 2004)``, ``Scalia & Garner, Reading Law 331
  (2012)``, and the old abbreviated commentaries (``3 Black. Com., 177``);
* restatements: ``Restatement (Second) of Torts § 402A (1965)``;
* model codes, uniform acts and model rules: ``Model Penal Code § 2.02(2)(c)``,
  ``U.C.C. § 2-207``, ``Model Rules of Prof'l Conduct R. 1.7``;
* legislative materials: ``H.R. Rep. No. 104-828, at 5 (1996)``, ``142 Cong.
  Rec. 1234 (1996)``, advisory committee notes to the federal rules;
* pattern jury instructions: ``CALCRIM No. 3400``, ``IPI Criminal 4th No. 3.14``;
* their short forms (``Wright & Miller, supra, § 1357``, ``Restatement §
  402A``, ``Black's, supra``) once the full cite has been seen.

Each is a :class:`~kb.models.Cite` of kind ``"other"`` keyed as
``tests/eval/ANNOTATING.md`` keys other authorities: ``Author(s), Title § or
page``, without edition or year. The volume is dropped for works cited by
section, whose sections run on across volumes, and kept for works cited by
page, whose pages start again in each volume (``3 Blackstone, Commentaries
177``). Dictionaries are keyed by title alone.

Every pattern starts at a literal; what comes before the literal (authors,
titles) is read token by token within a bounded window, so the cost is linear
in the text. Precision comes first: a cite is taken only in its full
bibliographic shape (a section or page and, for the generic shapes, an
edition-or-year parenthetical).
"""

from __future__ import annotations

import re

from kb.analysis import patterns as P
from kb.analysis.works import (
    CASE_WORDS,
    VOLUME,
    Found,
    book_items,
    commentary_items,
    dictionary_items,
    key_title,
    make_cite,
    match_before,
    section_cites,
    section_title_items,
    sections,
    tidy,
    title_back,
    token_start,
    tokens_before,
    treatise_items,
    word_before,
)
from kb.analysis.works import (
    read_edition as read_edition,  # (kb.analysis.extract imports it from here)
)
from kb.models import Cite
from kb.tables import JURY_INSTRUCTIONS, RESTATEMENT_SERIES

# How far back from "supra", "§" or "at" a short form's name may start.
SHORT_WINDOW = 80


MAX_HANDLE_WORDS = 6


_PUBLISHED_INSTRUCTIONS = re.compile(
    r"\b(?:Pattern|Model|Standard|Suggested|Uniform|Approved|Criminal|Civil|Crim\.|Civ\.)"
    r"|^(?:[A-Z][a-z]*\.\s?){1,2}$|^(?:Ill|Ala|Ariz|Ark|Cal|Colo|Conn|Del|Fla|Ga|Ind|Kan|Ky|La|Mass|Md|Mich|Minn|Miss|Mo"
    r"|Mont|Neb|Nev|N\.\s?[HJMYCD]|Ohio|Okla|Or|Pa|Tenn|Tex|Utah|Vt|Va|Wash|W\.\s?Va|Wis|Wyo)\."
)


_PARTY_INSTRUCTIONS = re.compile(
    r"\b(?:Proposed|Requested|Supplemental|Special|Defendant|Plaintiff|Government|People|Court's)"
)


_SUPRA = re.compile(r",\s*supra\b,?")


_SECTION_MARK = re.compile(r"(?:§§?|¶)\s*(?=\d)")


_AT_PAGE = re.compile(r" at\s+(?=\*?\d)")


_AFTER_SUPRA = re.compile(r"\s*(?:(?:§§?|¶)\s*(?P<secs>" + P.WORK_SECS + r")|at\s+(?P<page>" + P.PAGES + r"))")


_SECS = re.compile(P.WORK_SECS)


_PAGES = re.compile(P.PAGES)


_VERSUS = re.compile(r" v\. ")


_LAST_NAME = re.compile(r"([A-Z][\w'’\-]+),?$")


_FIRST_NAME = re.compile(r"([A-Z][\w'’\-]+)")


# ---------------------------------------------------------------------------
# Public entry point


def secondary_items(text: str) -> list[Cite]:
    """Find the secondary and other authorities cited in ``text``.

    Args:
        text: the cleaned opinion text.

    Returns:
        :class:`~kb.models.Cite` records of kind ``"other"`` in text order,
        with ``key``, ``name``, ``pin`` and ``year`` set; offsets are into
        ``text``. Short forms (form ``"short"``) carry the key of the full
        cite they follow in ``antecedent_guess``.

    Example:
        >>> [c.key for c in secondary_items("See Black's Law Dictionary 1324 (9th ed. 2009).")]
        ["Black's Law Dictionary"]
    """
    found: list[Found] = []
    for finder in (
        dictionary_items,
        treatise_items,
        section_title_items,
        book_items,
        commentary_items,
        _restatement_items,
        _model_code_items,
        _professional_rule_items,
        _report_items,
        _congressional_record_items,
        _advisory_note_items,
        _jury_instruction_items,
    ):
        found += finder(text)
    found = [_with_defined_name(text, f) for f in _drop_overlapping(found)]
    shorts = _short_items(text, found) + _restatement_short_items(text, found)
    items = [f.cite for f in found] + shorts
    items.sort(key=lambda c: (c.core_start, c.core_end))
    return items


# ---------------------------------------------------------------------------
# Finders of authorities cited in fixed forms


def _restatement_work(m: re.Match[str]) -> str:
    series = m.group("ser") or m.group("ser2") or m.group("ser3") or ""
    series = RESTATEMENT_SERIES.get(re.sub(r"\s+", " ", series.lower()), series)
    subject = key_title(m.group("subj")).rstrip(",:.")
    subject = re.sub(r"(?<=\s)(The|Of|And)\b", lambda w: w.group(1).lower(), subject)
    subject = re.sub(r"^(?:of |[Tt]he (?!Law ))", "", subject)
    return f"Restatement{f' ({series})' if series else ''} of {subject}"


def _restatement_items(text: str) -> list[Found]:
    """``Restatement (Second) of Torts § 402A (1965)``, ``Restatement (Third) of Agency § 7.03 cmt. c``."""
    out: list[Found] = []
    for m in P.RESTATEMENT.finditer(text):
        if not m.group("mark") and P.REPORTER_AFTER.match(text, m.end("secs")):
            continue  # "Restatement (Second) of Contracts, 57 N.Y.U. L. Rev. 669": an article's title
        tail = P.RESTATEMENT_TAIL.match(text, m.end())
        pos = tail.end() if tail else m.end()
        pin_m = P.WORK_PIN.match(text, pos)
        end, year, _ = read_edition(text, pin_m.end() if pin_m else pos)
        base = _restatement_work(m)
        comment = tidy(tail.group("cmt") or "") if tail else ""
        comment = re.sub(r"^(?:cmt|comt|[Cc]omment|[Cc]om ?ment)s?\.?,?\s*", "cmt. ", comment)
        for c in section_cites(text, m.start(), m, end, base, pin=None, year=year):
            sec = c.key.rsplit("§ ", 1)[1]  # type: ignore[union-attr]
            c.pin = pin_m.group("pin") if pin_m else f"§ {sec}{' ' + comment if comment else ''}"
            out.append(Found(c, base, (), True))  # its short forms are read by _restatement_short_items
    return out


def _model_code_items(text: str) -> list[Found]:
    """``Model Penal Code § 2.02(2)(c)``, ``U.C.C. § 2-207``, ``Unif. Probate Code § 2-502``."""
    out: list[Found] = []
    for m in P.MODEL_CODE_AT.finditer(text):
        raw = re.sub(r"\s+", " ", m.group("code"))
        if raw.upper() == "MODEL PENAL CODE":
            code = "Model Penal Code"
        elif raw.replace(" ", "") == "U.C.C." or raw.endswith("Commercial Code"):
            code = "U.C.C."
        else:
            code = re.sub(r"^Uniform\b", "Unif.", raw)
        sec = re.sub(r"\s+", "", m.group("secs")).replace("–", "-")
        if not m.group("mark") and not (code == "U.C.C." and "-" in sec or code == "Model Penal Code" and "." in sec):
            continue  # without "§" only a number of the code's own shape is a section
        if re.search(r"[A-Z][a-z]+,\s*$", text[max(0, m.start() - 30) : m.start()]):
            continue  # "White & Summers, Uniform Commercial Code § 17-11": a treatise's title
        pin_m = P.WORK_PIN.match(text, m.end())
        end, year, _ = read_edition(text, pin_m.end() if pin_m else m.end())
        key = f"{code} § {sec}"
        out.append(
            Found(
                make_cite(text, m.start(), end, key, pin=pin_m.group("pin") if pin_m else None, year=year),
                code,
                (code,),
                True,
            )
        )
    return out


def _professional_rule_items(text: str) -> list[Found]:
    """``Model Rules of Prof'l Conduct R. 1.7``, ``ABA Model Rule of Prof. Conduct 3.8(d) (1984)``."""
    out: list[Found] = []
    for m in P.PROFESSIONAL_RULES.finditer(text):
        if m.group("what") == "Conduct":
            work, mark = "Model Rules of Prof'l Conduct", "R."
        else:
            work, mark = "Model Code of Prof'l Responsibility", m.group("r") if m.group("r") in ("DR", "EC") else "DR"
        end, year, _ = read_edition(text, m.end())
        key = f"{work} {mark} {m.group('num').replace('–', '-')}"
        out.append(Found(make_cite(text, m.start(), end, key, year=year), work, (work,), True))
    return out


def _report_items(text: str) -> list[Found]:
    """Committee reports: ``H.R. Rep. No. 104-828, at 5 (1996)``, ``S. Rep. No. 1011, 93d Cong., 2d Sess. 47 (1974)``."""
    out: list[Found] = []
    for m in P.REPORT.finditer(text):
        ch = match_before(P.CHAMBER_BEFORE, text, m.start(), 14)
        if ch is None:
            continue  # "30 Am. St. Rep. 147", "78 Eng. Rep. 147": reporters, not committee reports
        num = re.sub(r"\s+", "", m.group("num")).replace("–", "-")
        if not m.group("no") and "-" not in num:
            continue  # "S. Rep. 305" without "No." is too weak a sign
        tail = P.REPORT_TAIL.match(text, m.end())
        assert tail is not None  # every part of the tail is optional
        if tail.group("cong") and "-" not in num:
            num = f"{tail.group('cong')}-{num}"
        chamber = {"H.R.": "H.R.", "H.": "H.R.", "S.": "S."}.get(re.sub(r"\s+", "", ch.group("ch") or ""), "H.R.")
        conf = " Conf." if ch.group("conf") or ch.group("conf_only") else ""
        key = f"{chamber}{conf} Rep. No. {num}"
        end, year, _ = read_edition(text, tail.end())
        reprint = P.REPRINTED.match(text, end)
        end = reprint.end() if reprint else end
        pin = re.sub(r"\s+", "", tail.group("pin")).replace("–", "-") if tail.group("pin") else None
        form = "short" if tail.group("supra") else "full"
        item = make_cite(text, ch.start(), end, key, pin=pin, year=year, form=form)
        item.antecedent_guess = key if form == "short" else None
        out.append(Found(item, key, (), False))
    return out


def _congressional_record_items(text: str) -> list[Found]:
    """``142 Cong. Rec. 1234 (1996)``, ``152 Cong. Rec. S8020 (daily ed. July 20, 2006)``."""
    out: list[Found] = []
    for m in P.CONG_REC.finditer(text):
        vol = match_before(P.VOLUME_BEFORE, text, m.start(), 6)
        if vol is None:
            continue
        page = re.sub(r"[\s,]", "", m.group("page"))
        end, year, _ = read_edition(text, m.end())
        more = re.sub(r"\s+", "", m.group("more"))
        more = page + more if more.startswith(("-", "–")) else more.lstrip(",")
        key = f"{vol.group('vol')} Cong. Rec. {page}"
        out.append(Found(make_cite(text, vol.start(), end, key, pin=more or None, year=year), key, (), False))
    return out


_RULE_SET = {
    "civ": "Fed. R. Civ. P.",
    "crim": "Fed. R. Crim. P.",
    "app": "Fed. R. App. P.",
    "bankr": "Fed. R. Bankr. P.",
    "evid": "Fed. R. Evid.",
}


def _advisory_note_items(text: str) -> list[Found]:
    """``Fed. R. Civ. P. 56 advisory committee's note to 2010 amendment``, ``Advisory Committee's Notes on Fed. Rule Evid. 703``."""
    out: list[Found] = []
    for m in P.ADVISORY_NOTE.finditer(text):
        if m.start() == 0 or text[m.start() - 1] not in "Aa":
            continue
        rule_m = match_before(P.RULE_BEFORE, text, m.start() - 1, 40)
        if rule_m is not None:
            out.append(_advisory_note(text, rule_m.start(), m.end(), rule_m, m.group("amend")))
    for m in P.ADVISORY_NOTE_ON.finditer(text):
        out.append(_advisory_note(text, m.start(), m.end(), m, m.group("amend")))
    return out


def _advisory_note(text: str, start: int, stop: int, rule_m: re.Match[str], amend: str | None) -> Found:
    set_word = rule_m.group("set").lower()
    rule_set = next(v for k, v in _RULE_SET.items() if set_word.startswith(k[:3]))
    rule = f"{rule_set} {rule_m.group('num')}{rule_m.group('sub') or ''}"
    end, year, _ = read_edition(text, stop)
    paren = P.PAREN_AFTER.match(text, stop)
    stated = re.fullmatch(r"\s*(\d{4})\s+amendments?\s*", paren.group("ed")) if paren else None
    if stated and paren:  # "(1991 amendment)"
        amend, end = amend or stated.group(1), paren.end()
    key = f"{rule} advisory committee's note" + (f" to {amend} amendment" if amend else "")
    return Found(make_cite(text, start, end, key, year=year), key, (), False)


def _jury_instruction_items(text: str) -> list[Found]:
    """``CALCRIM No. 3400``, ``IPI Criminal 4th No. 3.14``, ``Illinois Pattern Jury Instructions, Criminal, No. 3.14``."""
    out: list[Found] = []
    spans: list[tuple[int, int, str, str, str]] = []  # start, end, numbers, title, "No." or "§"
    for m in P.CALIFORNIA_INSTRUCTION.finditer(text):
        if not word_before(text, m.start()):
            spans.append((m.start(), m.end(), m.group("nums"), m.group("set"), "No."))
    for m in P.IPI.finditer(text):
        if not word_before(text, m.start()):
            spans.append((m.start(), m.end(), m.group("nums"), JURY_INSTRUCTIONS[f"IPI {m.group('div')}"], "No."))
    for m in P.JURY_INSTRUCTIONS.finditer(text):
        toks = tokens_before(text, m.start(), 100)
        first = title_back(toks, 8)
        tail = P.JURY_TAIL.match(text, m.end())
        if first < 0 or first == len(toks) or not tail:
            continue  # "Jury Instructions" as a heading, or no instruction number
        start = token_start(toks, first, m.start())
        head = tidy(text[start : m.start()])
        if not _PUBLISHED_INSTRUCTIONS.search(head) or _PARTY_INSTRUCTIONS.search(head):
            continue  # "Defendant's Proposed Jury Instruction No. 22" is a filing, not an authority
        title = key_title(f"{head} Jury Instructions").replace("Ill. ", "Illinois ")
        sub = tidy(tail.group("sub")).strip(" ,()")
        if sub.startswith("for "):
            title += f" {sub}"
        elif sub:
            title += f", {key_title(sub).replace(' Cases', '')}"
        spans.append((start, tail.end(), tail.group("nums"), title, "§" if tail.group("mark") == "§" else "No."))
    for start, stop, nums, title, mark in spans:
        end, year, _ = read_edition(text, stop)
        for n in re.split(r"\s*(?:,|and|&)\s*", nums):
            n = re.sub(r"\s+", "", n).replace("–", "-")
            numbered = mark == "No." and title not in ("CALCRIM", "CALJIC")
            key = f"{title}, No. {n}" if numbered else f"{title} {mark} {n}"
            out.append(Found(make_cite(text, start, end, key, year=year), title, (), False))
    return out


# ---------------------------------------------------------------------------
# Overlaps and short forms


def _with_defined_name(text: str, f: Found) -> Found:
    """Add the name a full cite defines for its short forms: ``(hereinafter Black's)``, ``("Nimmer")``."""
    paren = P.PAREN_AFTER.match(text, f.cite.core_end)
    m = paren and (P.HEREINAFTER.match(paren.group("ed")) or P.QUOTED_HANDLE.match(paren.group("ed")))
    if not m or not f.handles:
        return f
    return f._replace(handles=(*f.handles, tidy(m.group("name")).rstrip(",").replace(" and ", " & ")))


def _drop_overlapping(found: list[Found]) -> list[Found]:
    """One full cite per stretch of text: the longer (it names more of the work), then the earlier.

    Finds are settled within each run of mutually overlapping ones, so the
    cost stays linear in the number of finds.
    """
    found = sorted(found, key=lambda f: (f.cite.core_start, -f.cite.core_end))
    kept: list[Found] = []
    cluster: list[Found] = []
    reach = -1
    for f in [*found, None]:
        if f is None or f.cite.core_start >= reach:
            kept += _longest_first(cluster)
            cluster, reach = [], -1
        if f is not None:
            cluster.append(f)
            reach = max(reach, f.cite.core_end)
    return kept


def _longest_first(cluster: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for f in sorted(cluster, key=lambda f: (-(f.cite.core_end - f.cite.core_start), f.cite.core_start)):
        c = f.cite
        if not any(c.core_start < k.cite.core_end and k.cite.core_start < c.core_end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.cite.core_start)


def _short_items(text: str, found: list[Found]) -> list[Cite]:
    """``Wright & Miller, supra, § 1357``, ``LaFave, supra, at 12``, ``Black's, supra``, ``Prosser and Keeton §42``.

    A short form names a work cited in full before it, by its authors,
    title or eponym. A bare surname that is also a party to a case in the
    opinion (``Wright v. United States``) is too ambiguous and is not taken.
    """
    out: list[Cite] = []
    if not any(f.cite.form == "full" and f.handles for f in found):
        return out  # no work a short form could name
    parties = _case_parties(text)
    known: dict[str, Found] = {}
    j = 0
    for pos, kind, after in _short_anchors(text):
        while j < len(found) and found[j].cite.core_end <= pos:
            if found[j].cite.form == "full":
                known.update(dict.fromkeys(found[j].handles, found[j]))
            j += 1
        if not known or (j < len(found) and found[j].cite.core_start <= pos):
            continue  # no work cited yet, or inside a full cite
        hit = _handle_before(text, pos, known, parties)
        if hit is None:
            continue
        start, f = hit
        item = _short_cite(text, start, kind, after, f)
        if item is not None:
            out.append(item)
    return out


def _short_anchors(text: str) -> list[tuple[int, str, int]]:
    """Where a short form's name may end: before ", supra", "§", "¶" or " at 12" (position, kind, after)."""
    out = [(m.start(), "supra", m.end()) for m in _SUPRA.finditer(text)]
    out += [(m.start(), "sec", m.end()) for m in _SECTION_MARK.finditer(text)]
    out += [(m.start(), "at", m.end()) for m in _AT_PAGE.finditer(text)]
    out.sort()
    return out


def _case_parties(text: str) -> set[str]:
    """Last words before and first words after every " v. ": the parties' names."""
    names: set[str] = set()
    for m in _VERSUS.finditer(text):
        last = match_before(_LAST_NAME, text, m.start(), 40)
        after = _FIRST_NAME.match(text, m.end())
        names.update(x.group(1) for x in (last, after) if x)
    return names


def _handle_before(text: str, pos: int, known: dict[str, Found], parties: set[str]) -> tuple[int, Found] | None:
    toks = tokens_before(text, pos, SHORT_WINDOW)
    for k in range(min(MAX_HANDLE_WORDS, len(toks)), 0, -1):
        cand = tidy(" ".join(t for t, _, _ in toks[-k:])).rstrip(",").replace(" and ", " & ")
        f = known.get(cand)
        if f is None or (" " not in cand and cand in parties):
            continue
        start = toks[-k][1]
        if len(toks) > k and VOLUME.match(toks[-k - 1][0]):
            start = toks[-k - 1][1]
        if len(toks) > k and toks[-k - 1][0] in CASE_WORDS:
            return None
        return start, f
    return None


def _short_cite(text: str, start: int, kind: str, pos: int, f: Found) -> Cite | None:
    sec = page = None
    if kind == "supra":
        s = _AFTER_SUPRA.match(text, pos)
        if s:
            sec, page, pos = (s.group("secs"), s.group("page"), s.end())
    elif kind == "sec":
        s = _SECS.match(text, pos)
        if not s:
            return None
        sec, pos = s.group(), s.end()
    else:
        s = _PAGES.match(text, pos)
        if not s:
            return None
        page, pos = s.group(), s.end()
    pin_m = P.WORK_PIN.match(text, pos)
    if pin_m:
        page, pos = pin_m.group("pin"), pin_m.end()
    key: str | None
    pin: str | None
    if sec and f.by_section:
        secs = sections(sec)
        key, pin = f"{f.work} § {secs[0]}", f"§ {secs[0]}"
    elif page and not f.by_section and f.cite.key != f.work:
        first = re.split(r"[-–,]", page)[0].strip()
        vol = re.match(r"^(\d{1,3}[A-Z]{0,2}) ", text[start:pos])
        key, pin = f"{vol.group(1) + ' ' if vol else ''}{f.work} {first}", page
    else:
        key, pin = f.cite.key, (f"§ {sec}" if sec else page)
    item = make_cite(text, start, pos, key or f.work, pin=pin, form="short")
    item.antecedent_guess = f.cite.key
    return item


def _restatement_short_items(text: str, found: list[Found]) -> list[Cite]:
    """``Restatement § 402A``, ``Restatement 2d, §25``: the restatement last cited in full (of that series, if given)."""
    fulls = [f for f in found if f.cite.key and f.cite.key.startswith("Restatement")]
    out: list[Cite] = []
    latest: dict[str, Found] = {}  # series ("" for any) -> the last full cite before here
    j = 0
    for m in P.RESTATEMENT_SHORT.finditer(text):
        while j < len(fulls) and fulls[j].cite.core_end <= m.start():
            latest[""] = fulls[j]
            series = re.search(r"\((\w+)\)", fulls[j].work)
            latest[series.group(1) if series else "First"] = fulls[j]
            j += 1
        if j < len(fulls) and fulls[j].cite.core_start <= m.start():
            continue  # inside a full cite
        printed = (m.group("ser") or m.group("ser2") or "").lower().replace(" ", "")
        f = latest.get(RESTATEMENT_SERIES.get(printed, "") or ("" if not printed else "First"))
        if f is None:
            continue
        end, _, _ = read_edition(text, m.end())
        for c in section_cites(text, m.start(), m, end, f.work, pin=None, year=None):
            c.form, c.antecedent_guess = "short", f.cite.key
            out.append(c)
    return out

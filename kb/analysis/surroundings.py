"""Read what surrounds each citation found by :mod:`kb.analysis.extract`.

* the case name, read backwards from the citation to the nearest signal,
  clause boundary or lowercase prose word, skipping docket numbers;
* pin cites, parallel citations, the court-and-date parenthetical of *this*
  citation (eyecite sometimes takes a neighbour's), and the explanatory
  parentheticals after it, with the citations nested inside them;
* the introductory signal, carried across a string cite.

Everything here fills in the :class:`~kb.models.Cite` records in place.
"""

from __future__ import annotations

import re

from kb.analysis import patterns as P
from kb.analysis.reporters import pin_reporter, reporter_court
from kb.courts import court_citation, court_id_for, state_abbreviation
from kb.models import Cite, Paren
from kb.names import is_particle, is_stop_token, merge_split_tokens, normalize_case_name

# A parenthetical longer than this is not a parenthetical but unbalanced text.
MAX_PAREN_CHARS = 2000
# How far back a case name may start before its citation.
MAX_NAME_TOKENS = 24
# A short-form antecedent name ("Gomez-Chavez", "Durable Mfg. Co.") is short.
MAX_SHORT_NAME_TOKENS = 6

_TOKEN = re.compile(r"\S+")
_DOCKET = re.compile(r"^(?:Nos?\.\s*)?[\w:/().\s&-]*\d[\w:/().\s&-]*$")
_PLACEHOLDER = re.compile(r",?\s*[-—_]{2,}\s*[A-Z][\w. ]*?\s*[-—_]{2,}\s*$")
_SEPARATORS = " ,"
# Lower-case particles that may begin a name ("de la Garza v. de la Garza").
_PARTICLES = frozenset({"de", "del", "della", "la", "le", "van", "von", "du", "des", "der", "di", "da"})
# An older court designation between a name and its citation: "Bunker Hill Country
# Club v. United States, ct.cl., 9 F. Supp. 52", "Wild Wing Lodge v. Blacklidge, D.C., 59 F.2d".
_COURT_BEFORE_CITE = re.compile(
    r",\s*(?:ct\.\s?cl\.|D\.\s?C\.|C\.\s?C\.\s?A\.(?:\s?\d+)?|\d+\s?Cir\.)\s*,?\s*$", re.IGNORECASE
)
# A word opening a parenthesised or bracketed citation: "(People", "[Matter".
_OPENING = re.compile(r"^[(\[]([A-Z][\w.'’&-]*,?)$")


def read_surroundings(text: str, items: list[Cite]) -> None:
    """Fill names, pins, courts, years, parentheticals, signals and nesting of ``items``, in place."""
    ranges: list[tuple[int, int, int, str | None]] = []  # paren start, end, owner, relation
    prev_top: Cite | None = None
    prev_end = 0
    consumed = 0  # end of the text the last citation outside parentheses took
    for i, item in enumerate(items):
        if item.absorbed:
            continue
        if ranges and ranges[0][1] <= item.core_start:
            # Citations come in text order, so a parenthetical ended before this one holds none of the rest.
            ranges = [r for r in ranges if r[1] > item.core_start]
        owner = _innermost(ranges, item.core_start)
        if owner is None and item.core_start < consumed:
            item.absorbed = True
            continue
        floor = prev_end
        if owner is not None:
            o_start, _, o_idx, o_rel = owner
            item.owner, item.relation = o_idx, o_rel or "other"
            floor = max(o_start, _last_end_inside(items, i, o_start))
        if item.kind == "record":
            item.start, item.end = item.core_start, item.core_end
            if owner is None:
                prev_end = max(prev_end, item.end)
            continue
        item.end = _read_citation(text, items, i, floor)
        if item.kind == "case" and item.cites:
            _mark_history(text, items, i)
        elif item.kind == "rule" and item.form == "full":
            item.end = max(item.end, _absorb_rule_source(text, items, i))
        for paren in item.parens:
            ranges.append((paren.start, paren.end, i, paren.relation))
        if owner is None:
            consumed = max(consumed, item.end)
            item.signal = _signal(text, prev_top, prev_end, item)
            if item.form != "bare":
                prev_top, prev_end = item, max(prev_end, item.end)


def _read_citation(text: str, items: list[Cite], i: int, floor: int) -> int:
    """Read the name, court and date, pins and parentheticals around ``items[i]``; return where it ends.

    ``floor`` is where the text the citation may take back begins (the end of the one before it).
    """
    item = items[i]
    pos = _read_core(text, items, i)
    supra = _supra_before(text, items, i)
    # CASE 1: "Harring, supra, 69 Cal.App.5th at p. 502": one short form, named by the supra
    if supra is not None:
        supra.absorbed = True
        item.form = "short"
        item.short_name, item.start = _short_name(text, supra.core_start, floor)
        item.short_name = item.short_name or supra.antecedent_guess
    # CASE 2: a full case citation: its court-and-date parenthetical, then its name read backwards
    elif item.kind == "case" and item.form == "full":
        pos = _read_court_paren(text, item, pos)
        name_end = _year_before(text, item, floor)
        item.name, item.start = _case_name(text, name_end, floor)
        if item.name is None:
            item.name = _prose_name(text, item.core_start, floor)
    # CASE 3: a short form or supra: the short name before it
    elif item.kind == "case" and item.form in ("short", "supra") and (item.cites or item.form == "supra"):
        item.short_name, item.start = _short_name(text, item.core_start, floor)
    # CASE 4: "Jones at 470" carries its own name
    elif item.kind == "case" and item.form == "short":
        item.start = item.core_start
    # CASE 5: anything else, a statute's or regulation's year parenthetical read
    else:
        item.start = item.core_start
        if item.kind in ("statute", "regulation") and item.form == "full":
            pos = _read_year_paren(text, item, pos)
    if item.form != "bare":  # "section 1252(g) of the INA (“INA”)" is prose, not a citation
        pos = _read_parens(text, item, pos)
    return pos


# How far the later decision's name may run between the history phrase and
# its citation ("overruled by Dobbs v. Jackson Women's Health Org., 597 U.S. 215").
MAX_HISTORY_NAME_CHARS = 160


def _mark_history(text: str, items: list[Cite], i: int) -> None:
    """``..., aff'd, 520 U.S. 100``: mark the next case citation as the history of ``items[i]``."""
    m = P.HISTORY.match(text, items[i].end)
    if not m:
        return
    for j in range(i + 1, len(items)):
        nxt = items[j]
        if nxt.absorbed or nxt.core_start < m.end():
            continue  # a parallel cite inside its own parenthetical ("256 Ga. 334 (349 SE2d 182)") is not history
        between = text[m.end() : nxt.core_start]
        if (
            nxt.kind == "case"
            and nxt.cites
            and len(between) <= MAX_HISTORY_NAME_CHARS
            and not re.search(r"[;()]", between)
        ):
            phrase = re.sub(r"\s+", " ", m.group("phrase"))
            nxt.history_of = i
            nxt.history = next((name for rx, name in P.HISTORY_NAMES if rx.match(phrase)), phrase.lower())
        return


_RULE_SOURCE_GAP = re.compile(r",\s*(?:as\s+(?:amended|appearing),?\s*)?")


def _absorb_rule_source(text: str, items: list[Cite], i: int) -> int:
    """``Mass. R. Crim. P. 28(b), 378 Mass. 898 (1979)``: the reporter citation is where the rule is printed."""
    j = i + 1
    if j >= len(items):
        return items[i].end
    nxt = items[j]
    gap = _RULE_SOURCE_GAP.fullmatch(text, items[i].end, nxt.core_start)
    if not gap or nxt.kind != "case" or nxt.form != "full":
        return items[i].end
    nxt.absorbed = True
    span = _next_paren(text, nxt.core_end)
    return span[1] if span and re.fullmatch(r"\s*\d{4}\s*", text[span[0] + 1 : span[1] - 1]) else nxt.core_end


def _supra_before(text: str, items: list[Cite], i: int) -> Cite | None:
    """The ``Name, supra,`` that directly introduces the case citation ``items[i]``, if any."""
    item = items[i]
    if i == 0 or item.kind != "case" or not item.cites:
        return None
    prev = items[i - 1]
    if prev.form != "supra" or prev.absorbed or not re.fullmatch(r"[\s,]*", text[prev.core_end : item.core_start]):
        return None
    return prev


def _year_before(text: str, item: Cite, floor: int) -> int:
    """California style, ``People v. Heard (2022) 83 Cal.App.5th 608``: take the year; the name ends before it."""
    m = P.YEAR_BEFORE_CITE.search(text, max(floor, item.core_start - 40), item.core_start)
    if not m:
        return item.core_start
    item.year = item.year or int(m.group("year"))
    return m.start()


def _innermost(ranges: list[tuple[int, int, int, str | None]], pos: int) -> tuple[int, int, int, str | None] | None:
    for r in reversed(ranges):
        if r[0] <= pos < r[1]:
            return r
    return None


def _last_end_inside(items: list[Cite], i: int, floor: int) -> int:
    """End of the last citation before ``items[i]`` that starts after ``floor``."""
    end = floor
    for k in range(i - 1, -1, -1):  # not reversed(items[:i]): a copy of every citation before, for each one
        prev = items[k]
        if prev.core_start < floor:
            break
        if not prev.absorbed and prev.end > 0:
            end = max(end, prev.end)
    return end


def _read_core(text: str, items: list[Cite], i: int) -> int:
    """Pin cites and parallel citations after the core; returns where they end."""
    item = items[i]
    if item.form == "id":
        return _absorb_parallels(text, items, i, _read_id(text, item))
    if item.kind != "case":
        return item.core_end  # provisions: "§§ 251, 557" lists were split when found
    return _absorb_parallels(text, items, i, _read_pin(text, item, item.core_end))


def _absorb_parallels(text: str, items: list[Cite], i: int, pos: int) -> int:
    """Fold the parallel cites that follow into ``items[i]``.

    "525 U.S. 471, 482, 119 S.Ct. 936, 943" is one full citation, and
    "Id. at 489, 119 S.Ct. 936" one ``Id.``: the trailing cites are parallels,
    not references of their own.
    """
    item = items[i]
    j = i + 1
    while j < len(items):
        nxt = items[j]
        gap = text[pos : nxt.core_start]
        if nxt.kind != "case" or nxt.form not in ("full", "short") or not re.fullmatch(r"\s*,\s*", gap):
            break
        nxt.absorbed = True
        if not nxt.cites:  # "1993 WL 86457, *4, No. 92-6147 (4th Cir. Mar. 26, 1993)": its docket
            pos = max(pos, nxt.core_end)
            j += 1
            continue
        if item.form != "id":
            item.cites.append(nxt.cites[0])
        pos = _read_pin(text, nxt, nxt.core_end)
        if nxt.pin:
            item.parallel_pins.append((pin_reporter(*nxt.cites[0]), nxt.pin))
        j += 1
    return pos


def norm_pin(pin: str) -> str:
    """Bluebook spacing in a pin cite: ``* 1`` -> ``*1``, ``524 n. 1`` -> ``524 n.1``."""
    return re.sub(r"\b(nn?)\.\s+", r"\1.", re.sub(r"\*\s+", "*", pin.strip()))


def _read_pin(text: str, item: Cite, pos: int) -> int:
    if item.form == "short" and not item.cites:
        return pos  # a reference citation: its pin came with it
    if item.form == "short":
        # eyecite's short-cite span ends at the page, which is the pin itself.
        # eyecite's short-cite span ends at or just before the page, which is
        # the pin itself ("525 U.S. at 485 n.9"); read the pin from the page on.
        page = item.cites[0][2]
        at = text.find(page, item.core_start)
        m = P.PIN_AT.match(text, at) if at >= 0 else None
        if m:
            item.pin = norm_pin(m.group("pin"))
            item.core_end = max(item.core_end, at + len(page))
            return max(m.end(), item.core_end)
        item.pin = page
        return pos
    m = P.PIN_AFTER_FULL.match(text, pos)
    if m:
        item.pin = norm_pin(m.group("pin"))
        return m.end()
    return pos


def _read_id(text: str, item: Cite) -> int:
    pos = item.core_end
    if re.match(r"\s*¶", text[pos : pos + 4]):
        item.kind = item.form = "record"
        return pos
    m = P.ID_PIN.match(text, pos)
    if m:
        item.pin = norm_pin(m.group("pin"))
        return m.end()
    m = P.ID_SECTION.match(text, pos)
    if m:
        s = P.SECTION.match(m.group("list"))
        if s:
            item.section = s.group("sec")
            item.subsections = re.sub(r"\s+", "", s.group("sub"))
            return m.start("list") + s.end()
    m = P.ID_RULE_NUMBER.match(text, pos)
    if m:  # kept aside, the span left as it is: only after a court rule is it a rule number
        item.id_number = m.group("num") + m.group("sub")
    return pos


def balanced_close(text: str, open_at: int) -> int | None:
    """Index just past the parenthesis closing the one at ``open_at``."""
    depth = 0
    limit = min(len(text), open_at + MAX_PAREN_CHARS)
    for k in range(open_at, limit):
        ch = text[k]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return k + 1
    return None


def _next_paren(text: str, pos: int) -> tuple[int, int] | None:
    m = re.compile(r"\s*\(").match(text, pos)
    if not m:
        return None
    close = balanced_close(text, m.end() - 1)
    return (m.end() - 1, close) if close else None


def _read_court_paren(text: str, item: Cite, pos: int) -> int:
    span = _next_paren(text, pos)
    if span:
        content = text[span[0] + 1 : span[1] - 1]
        m = P.COURT_DATE.match(content)
        if m and _looks_like_court(m.group("court")):
            item.year = int(m.group("year"))
            court_text = m.group("court").strip().rstrip(",")
            if court_text:
                item.court_id = (
                    court_id_for(court_text)
                    or _court_in_reporters_state(item, court_text)
                    # "Tex. App.—Austin": the court of appeals sitting in Austin
                    or (court_id_for(court_text.split("—")[0].strip()) if "—" in court_text else None)
                )
                item.court = court_citation(item.court_id, court_text)
            pos = span[1]
    _default_court(item)
    return pos


def _court_in_reporters_state(item: Cite, court_text: str) -> str | None:
    """``Wis. 2d ... (Ct. App. 2008)``: a court named without its state, in the state of the reporter."""
    for _, rep, _ in item.cites:
        state = state_abbreviation(reporter_court(rep))
        if state:
            return court_id_for(f"{state} {court_text}")
    return None


def _read_year_paren(text: str, item: Cite, pos: int) -> int:
    span = _next_paren(text, pos)
    if span and re.fullmatch(r"\s*(?:Supp\.\s*[IVX]+\s*)?(?:1[6-9]|20)\d\d\s*", text[span[0] + 1 : span[1] - 1]):
        return span[1]
    return pos


def _looks_like_court(court: str) -> bool:
    tokens = court.split()
    return len(tokens) <= 8 and all(P.COURT_TOKEN.match(t) for t in tokens)


def _default_court(item: Cite) -> None:
    """Courts and years the reporter itself implies (``Cal. 4th``, U.S. Reports, Westlaw volumes)."""
    if not item.court_id:
        for _, rep, _ in item.cites:
            court_id = reporter_court(rep)
            if court_id:
                item.court_id, item.court = court_id, court_citation(court_id)
                break
    for vol, rep, _ in item.cites:
        # A Westlaw or Lexis volume is the year of decision; a parenthetical
        # year that disagrees with it is a misprint ("2005 WL ... (Jan. 19, 2015)").
        if rep in ("WL", "U.S. Dist. LEXIS", "U.S. App. LEXIS") and vol.isdigit():
            item.year = int(vol)


def _read_parens(text: str, item: Cite, pos: int) -> int:
    while True:
        span = _next_paren(text, pos)
        if not span:
            return pos
        content = text[span[0] + 1 : span[1] - 1]
        paren = Paren(content.strip(), span[0] + 1, span[1] - 1, explanatory=True)
        defined = P.DEFINED_NAME.match(content)
        if defined:
            paren.explanatory = False
            paren.defines = defined.group("name")
            item.short_name = item.short_name or paren.defines
        elif P.DISPOSITION.match(content):
            paren.explanatory = False
            item.disposition = item.disposition or P.disposition(content)
        elif P.NON_EXPLANATORY.match(content) or (
            (court_date := P.COURT_DATE.match(content)) is not None and _looks_like_court(court_date.group("court"))
        ):
            paren.explanatory = False
        for rx, rel in P.NESTED_OPENING:
            if rx.match(content):
                # "(quoting Twombly ...)" states where the words come from, not
                # why the case is cited: a nested relation, not an explanation.
                paren.relation = rel
                paren.explanatory = False
                break
        item.parens.append(paren)
        pos = span[1]


# ---------------------------------------------------------------------------
# Names and signals


def _tokens_before(text: str, pos: int, floor: int, keep: int) -> list[tuple[str, int, int]]:
    """The tokens (split words joined) of the text from ``floor`` to the name's end at ``pos``: the last ``keep`` at least."""
    seg_end = pos
    while seg_end > floor and text[seg_end - 1] in _SEPARATORS:
        seg_end -= 1
    seg = text[floor:seg_end]
    designation = _COURT_BEFORE_CITE.search(seg)
    if designation:
        seg = seg[: designation.start()]
    ph = _PLACEHOLDER.search(seg)
    if ph:
        seg = seg[: ph.start()].rstrip(_SEPARATORS)
    for _ in range(2):  # "Seol v. Holder, 13 C 1379, 2013 WL ..." -> drop the docket
        cut = seg.rfind(",")
        piece = seg[cut + 1 :].strip()
        if cut < 0 or not piece or " v. " in piece or len(piece) > 40 or not _DOCKET.match(piece):
            break
        if not re.search(r"\d", piece):
            break
        seg = seg[:cut].rstrip(_SEPARATORS)
    return merge_split_tokens(_last_tokens(seg, floor, 3 * (keep + 2)))


# The tail of a segment searched first for its last tokens: this many characters per token wanted.
TAIL_CHARS_PER_TOKEN = 8
_SPACE = re.compile(r"\s")


def _last_tokens(seg: str, offset: int, need: int) -> list[tuple[str, int, int]]:
    """The tokens of ``seg`` (at ``offset`` in the text): all of them, or at least its last ``need``.

    A name is read from the last few tokens before its citation, and the text
    since the citation before may be long (the whole opinion before the first).
    The tail is cut after a white space, so its tokens are the segment's own;
    a word split in three (:func:`kb.names.merge_split_tokens`) and cut there
    leaves at most two tokens at the tail's start unjoined, which ``need``
    leaves room for. A tail with fewer tokens than ``need`` is not enough: the
    whole segment is read.
    """
    start = 0
    if len(seg) > need * TAIL_CHARS_PER_TOKEN:
        space = _SPACE.search(seg, len(seg) - need * TAIL_CHARS_PER_TOKEN)
        start = space.end() if space else 0
    tokens = [(m.group(), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(seg, start)]
    if start and len(tokens) < need:
        tokens = [(m.group(), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(seg)]
    return tokens


def _walk_back(tokens: list[tuple[str, int, int]], max_tokens: int) -> list[tuple[str, int, int]]:
    k = len(tokens)
    while k > 0 and len(tokens) - k < max_tokens:
        nxt = tokens[k][0] if k < len(tokens) else ""
        token, start, end = tokens[k - 1]
        opened = _OPENING.match(token)
        if opened and not is_stop_token(opened.group(1), nxt):
            # "(People v. Heard (2022) ...": the citation sentence's own parenthesis opens the name.
            tokens = [*tokens[: k - 1], (opened.group(1), start + 1, end), *tokens[k:]]
            k -= 1
            break
        if is_stop_token(token, nxt):
            break
        k -= 1
    chosen = tokens[k:]
    while chosen and (
        (
            chosen[0][0][:1].islower()
            and chosen[0][0] not in _PARTICLES
            and not is_particle(chosen[0][0], chosen[1][0] if len(chosen) > 1 else "")
        )
        or chosen[0][0] in ("&", "–", "—", "-")
    ):
        chosen = chosen[1:]
    return chosen


def _case_name(text: str, pos: int, floor: int) -> tuple[str | None, int]:
    chosen = _walk_back(_tokens_before(text, pos, floor, MAX_NAME_TOKENS), MAX_NAME_TOKENS)
    if not chosen:
        return None, pos
    words = [t for t, _, _ in chosen]
    # "overruled Chisolm in State v. Taylor, 360 S.C. 18": the name is the one after "in".
    cut = next((k for k in range(len(words) - 1, 0, -1) if words[k] == "in" and "v." in words[k + 1 :]), None)
    if cut is not None and "v." not in words[:cut]:
        chosen, words = chosen[cut + 1 :], words[cut + 1 :]
    has_v = any(w in ("v.", "v", "vs.") for w in words)
    if not has_v and not _is_in_re(words):
        chosen = chosen[-MAX_SHORT_NAME_TOKENS:]
        words = words[-MAX_SHORT_NAME_TOKENS:]
    return normalize_case_name(" ".join(words)), chosen[0][1]


# How far back a citation that opens its own sentence looks for the case the
# sentence before it names ("In McTague v. Monroe Township, two acres ... were
# exempt. 1 N.J. Tax 66, 68 (N.J. Tax Ct. 1980)."), as Indiana and others write.
PROSE_NAME_CHARS = 400
_SENTENCE_END_BEFORE = re.compile(r"[.!?][”\"’)\]]*\s*$")
# A name in prose runs from its last " v. " over capitalised words and the
# small words inside names, to the first other lower-case word.
_PROSE_NAME_END = re.compile(
    r"v\.\s+(?:(?:[A-Z0-9][\w.'’&-]*|of|and|&|the|for|on|de|la|del|ex|rel\.)(?:,(?=\s+[A-Z])|(?=[\s,]))\s*)+"
)


def _prose_name(text: str, pos: int, floor: int) -> str | None:
    """The case the sentence before a nameless citation names, when the citation opens its own sentence.

    Only a full ``X v. Y`` name counts, and only with no citation between it
    and the cite (``floor``, the previous citation's end, bounds the search).
    """
    start = max(floor, pos - PROSE_NAME_CHARS)
    if not _SENTENCE_END_BEFORE.search(text, start, pos):
        return None
    window = text[start:pos]
    at = window.rfind(" v. ")
    if at < 0:
        return None
    end = _PROSE_NAME_END.match(window, at + 1)
    if end is None:
        return None
    stop = start + end.end()
    while stop > start and text[stop - 1] in " ,":
        stop -= 1
    name, _ = _case_name(text, stop, start)
    if name is None or " v. " not in f" {name} ":
        return None
    return name


def _is_in_re(words: list[str]) -> bool:
    head = " ".join(words[:2]).lower()
    return head in ("in re", "ex parte", "matter of") or head.startswith("in the")


def _short_name(text: str, pos: int, floor: int) -> tuple[str | None, int]:
    chosen = _walk_back(_tokens_before(text, pos, floor, MAX_SHORT_NAME_TOKENS), MAX_SHORT_NAME_TOKENS)
    if not chosen:
        return None, pos
    return normalize_case_name(" ".join(t for t, _, _ in chosen)), chosen[0][1]


def _signal(text: str, prev: Cite | None, prev_end: int, item: Cite) -> str | None:
    gap = text[prev_end : item.start]
    m = P.SIGNAL_AT_END.search(gap[-40:])
    if m:
        word = re.sub(r"\s+", " ", m.group("signal").strip())
        for rx, name in P.SIGNAL_NAMES:
            if rx.match(word):
                return name
    if prev is not None and re.fullmatch(r"\s*[;,]?\s*(?:and\s+)?", gap):
        return prev.signal
    return None

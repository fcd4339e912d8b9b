"""Works cited by author and title: how they are named, and the finders that read them.

A work's volume, authors and title come before a literal (``§``, a page, an
edition parenthetical, "Dictionary"); they are read here token by token,
backwards from that literal, within a bounded window, never by a regex search
that could backtrack over a long run of capitalised words. The finders of
dictionaries, treatises (by section), books (by page) and the old abbreviated
commentaries live here; :mod:`kb.analysis.secondary` calls them and adds the
authorities cited in fixed forms (restatements, codes, reports ...).

Keys follow ``tests/eval/ANNOTATING.md``: ``Author(s), Title § or page``. A
title that names its author ("McCormick on Evidence", "Moore's Federal
Practice") is keyed without the editors; the volume is kept only for works
cited by page, whose pages start again in each volume.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kb.analysis import patterns as P
from kb.models import Cite
from kb.tables import (
    COMMENTARIES,
    DICTIONARY_TITLES,
    NOT_AUTHOR_WORDS,
    NOT_EPONYMS,
    PERIODICAL_WORDS,
    SENTENCE_OPENERS,
    TITLE_LOWER_WORDS,
    TITLE_WORDS,
)

# How far before its "§", page or title a work's volume, authors and title may
# start: the longest real one in the corpus ("16A Charles Alan Wright, Arthur R.
# Miller, Edward H. Cooper, Federal Practice and Procedure") is 120 characters.
WORK_WINDOW = 240


# Longest title and author list read back from a literal, in words.
MAX_TITLE_WORDS = 14


MAX_AUTHOR_WORDS = 16


MAX_AUTHORS = 5


# Words before "Dictionary" that may belong to its title ("Random House
# Webster's Unabridged", "Webster's Third New International").
MAX_DICTIONARY_WORDS = 7


_SMALL = frozenset({"of", "and", "the", "on", "in", "for", "to", "a", "an", "&", "de", "la", "OF", "AND", "THE", "ON"})


_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3},?$")


_NAME = re.compile(r"^(?:Mc|Mac|O['’]|De|La|Van)?[A-Z][a-z][\w'’\-]*,?$")


_TITLE_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*:?|\d+(?:st|nd|rd|th|d)|[IVX]+)$")


VOLUME = re.compile(r"^\d{1,3}[A-Z]{0,2}$")


# Short capitalised words that are words, not acronyms, when a title is set in capitals.
_SHORT_WORDS = frozenset(["law", "new", "old", "bar", "act", "art", "age", "war", "year", "work", "life", "land"])


CASE_WORDS = frozenset({"v.", "v", "vs.", "rel."})


_FIRST_WORD_POSSESSIVE = re.compile(r"^[A-Z][\w\-]*['’]s\b")


_EPONYMOUS = re.compile(r"^[A-Z][\w'’\-]+(?:\s+(?:and|&)\s+[A-Z][\w'’\-]+)?\s+on\s")


_PAGE_BEFORE = re.compile(r"(?<=[A-Za-z'’:])\s+(?P<pages>" + P.PAGES + r")\s*$")


class Work(NamedTuple):
    """A work named before a locator: ``5C Charles Alan Wright & Arthur R. Miller, Federal Practice and Procedure``."""

    start: int
    volume: str | None
    authors: tuple[str, ...]  # surnames, in order
    et_al: bool
    title: str  # as printed, tidied
    given_names: bool = False  # every author printed with a given name or initials

    @property
    def eponymous(self) -> bool:
        """Whether the title names its author ("McCormick on Evidence", "Moore's Federal Practice")."""
        first = self.title.split()[0] if self.title else ""
        possessive = _FIRST_WORD_POSSESSIVE.match(self.title)
        if possessive:  # "Moore's Federal Practice", but not "S. Speiser, Attorney's Fees"
            if first.replace("’", "'") in NOT_EPONYMS:
                return False
            return not self.authors or re.sub(r"['’]s$", "", first) in self.authors
        eponym = _EPONYMOUS.match(self.title)
        return bool(eponym and first not in NOT_EPONYMS or (self.authors and first == self.authors[0]))

    @property
    def named(self) -> bool:
        """Whether every author has a given name or initials, or there are two or more ("Scalia & Garner")."""
        return len(self.authors) >= 2 or self.given_names


class Found(NamedTuple):
    """A full cite with what later short forms may call its work by."""

    cite: Cite
    work: str  # the key without its locator
    handles: tuple[str, ...]
    by_section: bool


# ---------------------------------------------------------------------------
# Reading a work's volume, authors and title backwards from a literal


def word_before(text: str, pos: int) -> bool:
    """Whether a letter or digit runs into ``pos`` (the literal found there is inside a word)."""
    return pos > 0 and text[pos - 1].isalnum()


def match_before(rx: re.Pattern[str], text: str, pos: int, width: int) -> re.Match[str] | None:
    """``rx`` (anchored with ``$``) on the ``width`` characters before ``pos``."""
    return rx.search(text, max(0, pos - width), pos)


def tokens_before(text: str, end: int, window: int) -> list[tuple[str, int, int]]:
    start = max(0, end - window)
    toks = []
    at = 0
    chunk = text[start:end]
    for word in chunk.split():  # the runs of non-space characters (``\\S+``), in order
        at = chunk.find(word, at)
        toks.append((word, start + at, start + at + len(word)))
        at += len(word)
    if start > 0 and toks and toks[0][1] == start and not text[start - 1].isspace():
        toks = toks[1:]  # cut by the window
    return toks


def title_back(toks: list[tuple[str, int, int]], limit: int, *, trailing_comma: bool = False) -> int:
    """Index of the first token of the title run that ends the token list, or -1 if it is too long.

    A title stops at a comma (the authors are before it), a lower-case word,
    or a sentence's last word (``Ibid.``, ``States.``). A scraped line break
    can split a title word ("Commen taries", "Web ster's"): a lower-case
    fragment right after a capitalised one is taken as part of it.
    ``trailing_comma`` allows a comma after the title's last word
    ("Moore's Federal Practice, § 54.100").
    """
    i = len(toks)
    words = 0
    while i > 0:
        tok = toks[i - 1][0]
        if i == len(toks) and trailing_comma:
            tok = tok.rstrip(",")
        if tok[:1] in '(“"[' and _TITLE_WORD.match(tok[1:]):
            words += 1  # "(Webster's II New Riverside ...": the title's first word
            i -= 1
            break
        if tok.endswith(",") or _ends_sentence(tok) or not (_TITLE_WORD.match(tok) or tok in _SMALL or tok == "&amp;"):
            if not _glued(toks, i):
                break
            i -= 1  # the fragment; its head is taken on the next pass
            continue
        i -= 1
        words += 1
        if words > limit:
            return -1
    while i < len(toks) and (toks[i][0] in _SMALL or toks[i][0].strip('(“"[.,') in SENTENCE_OPENERS):
        i += 1
    return i


def token_start(toks: list[tuple[str, int, int]], i: int, default: int) -> int:
    """Where the word ``toks[i]`` starts, past an opening parenthesis or quote."""
    if i >= len(toks):
        return default
    tok, start, _ = toks[i]
    return start + 1 if tok[:1] in '(“"[' else start


def _ends_sentence(tok: str) -> bool:
    """``Ibid.``, ``States.``: a word ending a sentence, not an abbreviation (``Int'l``, ``Prop.``, ``N.C.``)."""
    if not tok.endswith("."):
        return False
    stem = tok[:-1]
    return len(stem) >= 4 and "." not in stem and tok not in TITLE_WORDS and stem not in ("Supp", "Comm", "Proc")


def _glued(toks: list[tuple[str, int, int]], i: int) -> bool:
    """Whether ``toks[i - 1]`` is the tail of a word split by a line break (``In ternational``)."""
    if i < 2 or toks[i - 1][1] != toks[i - 2][2] + 1:
        return False
    tail, head = toks[i - 1][0], toks[i - 2][0]
    return bool(
        re.fullmatch(r"[a-z]{2,}(?:['’]s)?", tail)
        and tail not in TITLE_LOWER_WORDS
        and re.fullmatch(r"[A-Z][a-z]*", head)
        and head not in ("See", "Cf", "Compare", "But", "And", "Also")
    )


def read_work(text: str, end: int, *, need_title: bool = True) -> Work | None:
    """The ``[vol] Authors, Title`` that ends at ``end``, or ``None``.

    Authors are initials and capitalised names joined by commas, ``&``,
    ``and`` or ``et al.``; the title is a run of capitalised words and small
    words. A run of capitalised words too long to be a title, a statute or
    court word among the authors, or a case name before them (``Jones v.
    Smith, Tax Court Memorandum § 3``) gives ``None``.
    """
    toks = tokens_before(text, end, WORK_WINDOW)
    while toks and not toks[-1][0].strip(",:"):
        toks.pop()
    first = title_back(toks, MAX_TITLE_WORDS, trailing_comma=True)
    if first < 0 or (need_title and first >= len(toks)):
        return None
    title = tidy(" ".join(t for t, _, _ in toks[first:])).rstrip(",:")
    if need_title and not title[:1].isupper():
        return None
    authors, et_al, k, given = _authors_back(toks, first)
    start = token_start(toks, first, end)
    if authors is None:
        return Work(start, None, (), False, title)
    volume = None
    if k > 0 and VOLUME.match(toks[k - 1][0]):
        k -= 1
        volume = toks[k][0]
    if k > 0 and toks[k - 1][0] in CASE_WORDS:
        return None
    return Work(toks[k][1], volume, authors, et_al, title, given)


def _authors_back(toks: list[tuple[str, int, int]], first: int) -> tuple[tuple[str, ...] | None, bool, int, bool]:
    """Surnames of the authors whose list ends with a comma just before ``toks[first]``."""
    if first == 0 or not toks[first - 1][0].endswith(","):
        return None, False, first, False
    k = first
    while k > 0 and first - k < MAX_AUTHOR_WORDS:
        tok = toks[k - 1][0].replace("&amp;", "&")
        if _INITIALS.match(tok):
            k -= 1
            continue
        if tok in SENTENCE_OPENERS or not (
            _NAME.match(tok) or tok in ("&", "and", "et", "et.", "al.,", "al.", "Jr.,", "Jr.")
        ):
            break
        if tok.rstrip(",") in NOT_AUTHOR_WORDS:
            return None, False, first, False
        k -= 1
    chunks: list[list[str]] = [[]]
    et_al = False
    for tok, _, _ in toks[k:first]:
        tok = tok.replace("&amp;", "&")
        if tok in ("et", "et.", "al.", "al.,"):
            et_al = True
            continue
        if tok in ("&", "and"):
            chunks.append([])
            continue
        if tok.rstrip(",") in ("Jr.", "Jr"):
            continue
        chunks[-1].append(tok.rstrip(","))
        if tok.endswith(","):
            chunks.append([])
    chunks = [c for c in chunks if c]
    # Every author ends with a surname and has at most three given names or initials.
    if not chunks or len(chunks) > MAX_AUTHORS or any(len(c) > 4 or not _NAME.match(c[-1]) for c in chunks):
        return None, False, first, False
    while k < first and toks[k][0].replace("&amp;", "&") in ("&", "and"):
        k += 1
    if k > 0 and toks[k - 1][0] in _SMALL:
        return None, False, first, False  # "Manual for Complex Litigation, ...": a title, not authors
    return tuple(c[-1] for c in chunks), et_al, k, all(len(c) >= 2 for c in chunks)


# ---------------------------------------------------------------------------
# Keys, names, editions


def tidy(s: str) -> str:
    s = s.replace("&amp;", "&").replace("’", "'").replace("\xad", "")
    return re.sub(r"\s+", " ", s).strip()


def _title_case(title: str) -> str:
    """``BLACK'S LAW DICTIONARY`` -> ``Black's Law Dictionary``; mixed case is left alone."""
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return title
    words = []
    for i, w in enumerate(title.split()):
        low = w.lower()
        if i and low in _SMALL:
            words.append(low)
        elif re.fullmatch(r"[IVX]+|[A-Z]{2,3}|[B-DF-HJ-NP-TV-Z]{4,}", w) and low not in _SHORT_WORDS:
            words.append(w)  # numerals and acronyms ("UCC", "ABA", "NLRB")
        else:
            words.append(low[:1].upper() + low[1:])
    return " ".join(words)


def key_title(title: str) -> str:
    title = _title_case(tidy(title))
    title = re.sub(
        r"\b([A-Z][a-z]*) ([a-z]{2,}(?:'s)?)\b",
        lambda m: m.group(0) if m.group(2) in TITLE_LOWER_WORDS else m.group(1) + m.group(2),
        title,
    )
    title = re.sub(r"(\w)- (\w)", r"\1-\2", title)  # "Medical- Legal"
    words = [TITLE_WORDS.get(w, w) for w in title.split()]
    return " ".join("and" if w == "&" else w for w in words)


def _authors_key(work: Work) -> str:
    names = list(work.authors)
    if work.et_al:
        return f"{names[0]} et al."
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def _work_key(work: Work) -> str:
    title = key_title(work.title)
    return title if work.eponymous or not work.authors else f"{_authors_key(work)}, {title}"


def _handles(work: Work, key: str) -> tuple[str, ...]:
    """What a short form may call ``work`` by: its authors' surnames, its title, its eponym."""
    out = [key]
    if " " in work.title:  # a one-word title ("Contracts", "Evidence") names too much
        out.append(key_title(work.title))
    if work.authors:
        out += [_authors_key(work), work.authors[0], f"{work.authors[0]} et al."]
        if len(work.authors) >= 2:
            out.append(f"{work.authors[0]} & {work.authors[1]}")
    m = re.match(r"^([A-Z][\w'\-]+(?:\s+(?:and|&)\s+[A-Z][\w'\-]+)?)(?:\s+on\s|['’]s\s)", tidy(work.title))
    if m:
        out.append(m.group(1).replace(" and ", " & "))
        if _FIRST_WORD_POSSESSIVE.match(work.title):
            out.append(tidy(work.title).split()[0])
    return tuple(dict.fromkeys(h.replace(" and ", " & ") for h in out if h))


def _edition(content: str) -> tuple[bool, int | None]:
    """Whether a parenthetical is a work's edition and date, and its year.

    ``(3d ed. 2004)``, ``(1993)``, ``(unabr. ed. 1993)``, ``(Chadbourn rev.
    1970)`` are; a court and date ``(1st Cir. 1999)`` or an explanation
    ``(noting that ...)`` are not.
    """
    years = re.findall(P.YEAR, content)
    year = int(years[-1]) if years else None
    if P.DATE_ONLY.fullmatch(content):
        return True, year
    first = content.split()[0] if content.split() else ""
    if len(content) <= 60 and P.EDITION_WORD.search(content) and not first.endswith("ing"):
        return True, year
    return False, None


def read_edition(text: str, pos: int) -> tuple[int, int | None, bool]:
    """End, year and presence of an edition-and-date parenthetical at ``pos`` (``(3d ed. 2004)``, ``(Mar. 1, 1998)``).

    Returns ``(pos, None, False)`` when what follows is not one.
    """
    m = P.PAREN_AFTER.match(text, pos)
    if m:
        ok, year = _edition(m.group("ed"))
        if ok:
            return m.end(), year, True
    return pos, None, False


def make_cite(
    text: str, start: int, end: int, key: str, *, pin: str | None = None, year: int | None = None, form: str = "full"
) -> Cite:
    item = Cite("other", form, start, end, key=key, source="kb-generic")
    item.name = tidy(text[start:end]).rstrip(",;")
    item.pin, item.year = pin, year
    return item


def sections(secs: str) -> list[str]:
    return [re.sub(r"\s+", "", m.group()).replace("–", "-") for m in P.WORK_SEC.finditer(secs)]


def section_cites(
    text: str, start: int, m: re.Match[str], end: int, base: str, *, pin: str | None, year: int | None
) -> list[Cite]:
    """One cite per section of ``§§ 1401, 1402``; the first spans the work, the last its edition."""
    out: list[Cite] = []
    matches = list(P.WORK_SEC.finditer(text, m.start("secs"), m.end("secs")))
    for i, s in enumerate(matches):
        sec = re.sub(r"\s+", "", s.group()).replace("–", "-")
        c_start = start if i == 0 else s.start()
        c_end = end if i == len(matches) - 1 else s.end()
        out.append(make_cite(text, c_start, c_end, f"{base} § {sec}", pin=pin or f"§ {sec}", year=year))
    return out


# ---------------------------------------------------------------------------
# Finders of works cited by author and title


def dictionary_items(text: str) -> list[Found]:
    """``Black's Law Dictionary 1324 (9th ed. 2009)``, ``Curtilage, Mellinkoff's Dictionary ... 145 (1992)``."""
    out: list[Found] = []
    for m in P.DICTIONARY.finditer(text):
        if word_before(text, m.start()):
            continue
        toks = tokens_before(text, m.start(), 120)
        first = title_back(toks, MAX_DICTIONARY_WORDS)
        if first < 0 or (first == len(toks) and not m.group("of")):
            continue  # "the Dictionary", or a run of capitalised words too long to be a title
        start = token_start(toks, first, m.start())
        pos, pages = m.end(), None
        pm = P.WORK_PAGES.match(text, pos)
        if pm:
            pos, pages = pm.end(), re.sub(r"\s+", "", pm.group("pages")).replace("–", "-").replace(",", ", ")
        dm = P.DEFINITION_PAREN.match(text, pos)
        end, year, has_edition = read_edition(text, dm.end() if dm else pos)
        if not has_edition:
            continue  # "Black's Law Dictionary defines ...": prose, not a cite
        title = key_title(text[start : m.end()]).replace("Diction ary", "Dictionary")
        title = re.sub(r"^The ", "", title)
        key = DICTIONARY_TITLES.get(title.lower().replace("'", "").replace("-", " "), None)
        key = key or DICTIONARY_TITLES.get(title.lower(), title)
        item = make_cite(text, start, end, key, pin=pages, year=year)
        handles = [key, title, key.split()[0]] if key.split()[0].endswith("'s") else [key, title]
        out.append(Found(item, key, tuple(dict.fromkeys(handles)), False))
    return out


def treatise_items(text: str) -> list[Found]:
    """Treatises by section: ``5 Wright & Miller, Federal Practice and Procedure § 1357 (3d ed. 2004)``."""
    out: list[Found] = []
    for m in P.WORK_LOCATOR_AT.finditer(text):
        # The edition first: reading the work before it is dearer, and most sections are a statute's.
        pin_m = P.WORK_PIN.match(text, m.end())
        end, year, has_edition = read_edition(text, pin_m.end() if pin_m else m.end())
        if not has_edition:
            continue  # "Wright & Miller § 3914.23" is a short form, read later
        work = read_work(text, m.start())
        if work is None or not (work.authors or work.eponymous):
            continue
        base = _work_key(work)
        pin = pin_m.group("pin") if pin_m else None
        cites = section_cites(text, work.start, m, end, base, pin=pin, year=year)
        handles = _handles(work, base)
        out += [Found(c, base, handles, True) for c in cites]
    return out


def section_title_items(text: str) -> list[Found]:
    """Treatises always cited by section, also when the "§" was lost: ``Federal Practice and Procedure 2767, at 744``."""
    out: list[Found] = []
    for m in P.SECTION_TITLE_AT.finditer(text):
        if P.REPORTER_AFTER.match(text, m.end("secs")):
            continue
        secs = m.group("secs")
        if not m.group("mark") and (
            re.fullmatch(r"\d+(?:st|nd|rd|th|d)|\d+[A-Z]", secs) or text[m.end() : m.end() + 2].strip()[:1].isdigit()
        ):
            continue  # "Criminal 2d" is an edition, "6A 59.08" a volume and its section
        head = read_work(text, m.end("title"))
        if head is None:
            continue
        pin_m = P.WORK_PIN.match(text, m.end())
        end, year, _ = read_edition(text, pin_m.end() if pin_m else m.end())
        base = _work_key(head)
        cites = section_cites(text, head.start, m, end, base, pin=pin_m.group("pin") if pin_m else None, year=year)
        handles = _handles(head, base)
        out += [Found(c, base, handles, True) for c in cites]
    return out


def book_items(text: str) -> list[Found]:
    """Books by page: ``Scalia & Garner, Reading Law 331 (2012)``, ``1 W. Blackstone, Commentaries ... 140 (1765)``.

    Anchored on the edition parenthetical; a page must come right before it
    and a named author before the title, so a case (``Smith v. Jones``), a
    statute or a law review (eyecite's) is never taken.
    """
    out: list[Found] = []
    for m in P.BOOK_PAREN.finditer(text):
        if not _digit_before(text, m.start(), 40):
            continue  # no page before it (most parentheticals), whatever its content
        ok, year = _edition(m.group("ed"))
        if not ok:
            continue
        pm = _PAGE_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        if not pm:
            continue
        work = read_work(text, max(0, m.start() - 40) + pm.start())
        if work is None or not work.named or len(work.title.split()) < 2:
            continue
        if PERIODICAL_WORDS & set(work.title.split()) or NOT_AUTHOR_WORDS & set(work.title.split()[:1]):
            continue  # an article in a periodical, or a statute or report
        pages = re.sub(r"\s+", "", pm.group("pages")).replace("–", "-").replace(",", ", ")
        first_page = re.split(r"[-,]", pages)[0]
        base = _work_key(work)
        key = f"{work.volume + ' ' if work.volume else ''}{base} {first_page}"
        item = make_cite(text, work.start, m.end(), key, pin=pages, year=year)
        out.append(Found(item, base, _handles(work, base), False))
    return out


def _digit_before(text: str, pos: int, width: int) -> bool:
    """Whether the last character before ``pos`` but spaces, within ``width``, is a digit (where a page ends)."""
    lo = max(0, pos - width)
    while pos > lo and text[pos - 1].isspace():
        pos -= 1
    return pos > lo and text[pos - 1].isdecimal()


def commentary_items(text: str) -> list[Found]:
    """The old abbreviated commentaries: ``3 Black. Com., 177``, ``2 Story's Eq. Jur., §§ 1401, 1402``."""
    out: list[Found] = []
    for m in P.COMMENTARY_AT.finditer(text):
        vol_m = match_before(P.VOLUME_BEFORE, text, m.start(), 8)
        if vol_m is None or word_before(text, m.start()):
            continue
        start, vol = vol_m.start(), vol_m.group("vol")
        abbr = re.sub(r"\s+", " ", m.group("abbr")).replace("’", "'")
        abbr = re.sub(r"^(Bl|Black)\.\s?(Comm?\.)", r"\1. \2", abbr)
        author, title = COMMENTARIES.get(abbr) or COMMENTARIES.get(abbr.replace("Comm.", "Com.")) or (None, None)
        if author is None:
            continue
        base = f"{author}, {title}"
        end, year, _ = read_edition(text, m.end())
        handles = (base, author)
        if m.group("secs"):
            cites = section_cites(text, start, m, end, base, pin=None, year=year)
            out += [Found(c, base, handles, True) for c in cites]
        else:
            page = m.group("page").replace(" ", "").replace("–", "-")
            key = f"{vol} {base} {re.split(r'-', page)[0]}"
            out.append(Found(make_cite(text, start, end, key, pin=page, year=year), base, handles, False))
    return out

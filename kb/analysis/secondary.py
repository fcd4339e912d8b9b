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
from typing import NamedTuple

from kb.analysis import patterns as P
from kb.models import Cite
from kb.tables import (
    COMMENTARIES,
    DICTIONARY_TITLES,
    JURY_INSTRUCTIONS,
    NOT_AUTHOR_WORDS,
    RESTATEMENT_SERIES,
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
# How far back from "supra", "§" or "at" a short form's name may start.
SHORT_WINDOW = 80
MAX_HANDLE_WORDS = 6

_TOKEN = re.compile(r"\S+")
_SMALL = frozenset({"of", "and", "the", "on", "in", "for", "to", "a", "an", "&", "de", "la", "OF", "AND", "THE", "ON"})
_SENTENCE_WORDS = frozenset(
    {
        "See",
        "In",
        "Under",
        "From",
        "And",
        "But",
        "Also",
        "Both",
        "Compare",
        "Accord",
        "Contra",
        "The",
        "Per",
        "Generally",
        "Quoting",
        "Citing",
        "As",
        "Cf",
        "Like",
        "Unlike",
    }
)
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3},?$")
_NAME = re.compile(r"^(?:Mc|Mac|O['’]|De|La|Van)?[A-Z][a-z][\w'’\-]*,?$")
_TITLE_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*:?|\d+(?:st|nd|rd|th|d)|[IVX]+)$")
_VOLUME = re.compile(r"^\d{1,3}[A-Z]{0,2}$")
# Lower-case words that are words in their own right, never the tail of a split one.
_FUNCTION_WORDS = frozenset(
    [
        "of",
        "and",
        "the",
        "on",
        "in",
        "for",
        "to",
        "a",
        "an",
        "at",
        "by",
        "with",
        "from",
        "into",
        "upon",
        "without",
        "within",
        "against",
        "about",
        "after",
        "before",
        "between",
        "through",
        "under",
        "over",
        "or",
        "nor",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "its",
        "his",
        "her",
        "their",
        "our",
        "not",
        "than",
        "that",
        "this",
        "these",
        "those",
        "who",
        "which",
        "what",
        "when",
        "where",
        "how",
        "why",
        "also",
        "see",
        "generally",
        "ex",
        "rel",
        "defines",
        "defined",
        "says",
        "states",
        "provides",
        "explains",
        "notes",
    ]
)
# First words of "X on Y" titles that are not an eponym ("Commentaries on the Laws of England").
_NOT_EPONYMS = frozenset(
    [
        "Commentaries",
        "Commentary",
        "Treatise",
        "Essays",
        "Essay",
        "Notes",
        "Lectures",
        "Reflections",
        "Observations",
        "Remarks",
        "Thoughts",
        "Letters",
        "Studies",
        "Perspectives",
        "Cases",
        "Materials",
        "Report",
        "Reports",
        "Papers",
    ]
)
# Words of a periodical's name: "Civil Heretic, N. Y. Times Magazine 32" is an article, not a book.
_PERIODICAL_WORDS = frozenset(
    [
        "Times",
        "Magazine",
        "Post",
        "Journal",
        "J.",
        "Review",
        "Rev.",
        "News",
        "Gazette",
        "Tribune",
        "Herald",
        "Weekly",
        "Daily",
    ]
)
_CASE_WORDS = frozenset({"v.", "v", "vs.", "rel."})
_FIRST_WORD_POSSESSIVE = re.compile(r"^[A-Z][\w\-]*['’]s\b")
_EPONYMOUS = re.compile(r"^[A-Z][\w'’\-]+(?:\s+(?:and|&)\s+[A-Z][\w'’\-]+)?\s+on\s")
_PUBLISHED_INSTRUCTIONS = re.compile(
    r"\b(?:Pattern|Model|Standard|Suggested|Uniform|Approved|Criminal|Civil|Crim\.|Civ\.)"
    r"|^(?:[A-Z][a-z]*\.\s?){1,2}$|^(?:Ill|Ala|Ariz|Ark|Cal|Colo|Conn|Del|Fla|Ga|Ind|Kan|Ky|La|Mass|Md|Mich|Minn|Miss|Mo"
    r"|Mont|Neb|Nev|N\.\s?[HJMYCD]|Ohio|Okla|Or|Pa|Tenn|Tex|Utah|Vt|Va|Wash|W\.\s?Va|Wis|Wyo)\."
)
_PARTY_INSTRUCTIONS = re.compile(
    r"\b(?:Proposed|Requested|Supplemental|Special|Defendant|Plaintiff|Government|People|Court's)"
)
_PAGE_BEFORE = re.compile(r"(?<=[A-Za-z'’:])\s+(?P<pages>" + P.PAGES + r")\s*$")
_SUPRA = re.compile(r",\s*supra\b,?")
_SECTION_MARK = re.compile(r"(?:§§?|¶)\s*(?=\d)")
_AT_PAGE = re.compile(r" at\s+(?=\*?\d)")
_AFTER_SUPRA = re.compile(r"\s*(?:(?:§§?|¶)\s*(?P<secs>" + P.WORK_SECS + r")|at\s+(?P<page>" + P.PAGES + r"))")
_SECS = re.compile(P.WORK_SECS)
_PAGES = re.compile(P.PAGES)
_VERSUS = re.compile(r" v\. ")
_LAST_NAME = re.compile(r"([A-Z][\w'’\-]+),?$")
_FIRST_NAME = re.compile(r"([A-Z][\w'’\-]+)")


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
            return not self.authors or re.sub(r"['’]s$", "", first) in self.authors
        eponym = _EPONYMOUS.match(self.title)
        return bool(eponym and first not in _NOT_EPONYMS or (self.authors and first == self.authors[0]))

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
        _dictionary_items,
        _treatise_items,
        _section_title_items,
        _book_items,
        _commentary_items,
        _restatement_items,
        _model_code_items,
        _professional_rule_items,
        _report_items,
        _congressional_record_items,
        _advisory_note_items,
        _jury_instruction_items,
    ):
        found += finder(text)
    found = _drop_overlapping(found)
    shorts = _short_items(text, found) + _restatement_short_items(text, found)
    items = [f.cite for f in found] + shorts
    items.sort(key=lambda c: (c.core_start, c.core_end))
    return items


# ---------------------------------------------------------------------------
# Reading a work's authors and title backwards from a literal


def _word_before(text: str, pos: int) -> bool:
    """Whether a letter or digit runs into ``pos`` (the literal found there is inside a word)."""
    return pos > 0 and text[pos - 1].isalnum()


def _before(rx: re.Pattern[str], text: str, pos: int, width: int) -> re.Match[str] | None:
    """``rx`` (anchored with ``$``) on the ``width`` characters before ``pos``."""
    return rx.search(text, max(0, pos - width), pos)


def _tokens_before(text: str, end: int, window: int) -> list[tuple[str, int, int]]:
    start = max(0, end - window)
    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    if start > 0 and toks and toks[0][1] == start and not text[start - 1].isspace():
        toks = toks[1:]  # cut by the window
    return toks


def _title_back(toks: list[tuple[str, int, int]], limit: int, *, trailing_comma: bool = False) -> int:
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
    while i < len(toks) and (toks[i][0] in _SMALL or toks[i][0].strip('(“"[.,') in _SENTENCE_WORDS):
        i += 1
    return i


def _token_start(toks: list[tuple[str, int, int]], i: int, default: int) -> int:
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
        and tail not in _FUNCTION_WORDS
        and re.fullmatch(r"[A-Z][a-z]*", head)
        and head not in ("See", "Cf", "Compare", "But", "And", "Also")
    )


def _read_work(text: str, end: int, *, need_title: bool = True) -> Work | None:
    """The ``[vol] Authors, Title`` that ends at ``end``, or ``None``.

    Authors are initials and capitalised names joined by commas, ``&``,
    ``and`` or ``et al.``; the title is a run of capitalised words and small
    words. A run of capitalised words too long to be a title, a statute or
    court word among the authors, or a case name before them (``Jones v.
    Smith, Tax Court Memorandum § 3``) gives ``None``.
    """
    toks = _tokens_before(text, end, WORK_WINDOW)
    while toks and not toks[-1][0].strip(",:"):
        toks.pop()
    first = _title_back(toks, MAX_TITLE_WORDS, trailing_comma=True)
    if first < 0 or (need_title and first >= len(toks)):
        return None
    title = _tidy(" ".join(t for t, _, _ in toks[first:])).rstrip(",:")
    if need_title and not title[:1].isupper():
        return None
    authors, et_al, k, given = _authors_back(toks, first)
    start = _token_start(toks, first, end)
    if authors is None:
        return Work(start, None, (), False, title)
    volume = None
    if k > 0 and _VOLUME.match(toks[k - 1][0]):
        k -= 1
        volume = toks[k][0]
    if k > 0 and toks[k - 1][0] in _CASE_WORDS:
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
        if tok in _SENTENCE_WORDS or not (
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
# Keys, names and parentheticals


def _tidy(s: str) -> str:
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
        elif re.fullmatch(r"[IVX]+|[B-DF-HJ-NP-TV-Z&.]+", w):  # numerals and acronyms ("UCC")
            words.append(w)
        else:
            words.append(low[:1].upper() + low[1:])
    return " ".join(words)


def _key_title(title: str) -> str:
    title = _title_case(_tidy(title))
    title = re.sub(
        r"\b([A-Z][a-z]*) ([a-z]{2,}(?:'s)?)\b",
        lambda m: m.group(0) if m.group(2) in _FUNCTION_WORDS else m.group(1) + m.group(2),
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
    title = _key_title(work.title)
    return title if work.eponymous or not work.authors else f"{_authors_key(work)}, {title}"


def _handles(work: Work, key: str) -> tuple[str, ...]:
    """What a short form may call ``work`` by: its authors' surnames, its title, its eponym."""
    out = [key]
    if " " in work.title:  # a one-word title ("Contracts", "Evidence") names too much
        out.append(_key_title(work.title))
    if work.authors:
        out += [_authors_key(work), work.authors[0], f"{work.authors[0]} et al."]
        if len(work.authors) >= 2:
            out.append(f"{work.authors[0]} & {work.authors[1]}")
    m = re.match(r"^([A-Z][\w'\-]+(?:\s+(?:and|&)\s+[A-Z][\w'\-]+)?)(?:\s+on\s|['’]s\s)", _tidy(work.title))
    if m:
        out.append(m.group(1).replace(" and ", " & "))
        if _FIRST_WORD_POSSESSIVE.match(work.title):
            out.append(_tidy(work.title).split()[0])
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


def _cite(
    text: str, start: int, end: int, key: str, *, pin: str | None = None, year: int | None = None, form: str = "full"
) -> Cite:
    item = Cite("other", form, start, end, key=key, source="kb-generic")
    item.name = _tidy(text[start:end]).rstrip(",;")
    item.pin, item.year = pin, year
    return item


def _sections(secs: str) -> list[str]:
    return [re.sub(r"\s+", "", m.group()).replace("–", "-") for m in P.WORK_SEC.finditer(secs)]


def _section_cites(
    text: str, start: int, m: re.Match[str], end: int, base: str, *, pin: str | None, year: int | None
) -> list[Cite]:
    """One cite per section of ``§§ 1401, 1402``; the first spans the work, the last its edition."""
    out: list[Cite] = []
    matches = list(P.WORK_SEC.finditer(text, m.start("secs"), m.end("secs")))
    for i, s in enumerate(matches):
        sec = re.sub(r"\s+", "", s.group()).replace("–", "-")
        c_start = start if i == 0 else s.start()
        c_end = end if i == len(matches) - 1 else s.end()
        out.append(_cite(text, c_start, c_end, f"{base} § {sec}", pin=pin or f"§ {sec}", year=year))
    return out


# ---------------------------------------------------------------------------
# Finders of full citations


def _dictionary_items(text: str) -> list[Found]:
    """``Black's Law Dictionary 1324 (9th ed. 2009)``, ``Curtilage, Mellinkoff's Dictionary ... 145 (1992)``."""
    out: list[Found] = []
    for m in P.DICTIONARY.finditer(text):
        if _word_before(text, m.start()):
            continue
        toks = _tokens_before(text, m.start(), 120)
        first = _title_back(toks, MAX_DICTIONARY_WORDS)
        if first < 0 or (first == len(toks) and not m.group("of")):
            continue  # "the Dictionary", or a run of capitalised words too long to be a title
        start = _token_start(toks, first, m.start())
        pos, pages = m.end(), None
        pm = P.WORK_PAGES.match(text, pos)
        if pm:
            pos, pages = pm.end(), re.sub(r"\s+", "", pm.group("pages")).replace("–", "-").replace(",", ", ")
        dm = P.DEFINITION_PAREN.match(text, pos)
        end, year, has_edition = read_edition(text, dm.end() if dm else pos)
        if not has_edition:
            continue  # "Black's Law Dictionary defines ...": prose, not a cite
        title = _key_title(text[start : m.end()]).replace("Diction ary", "Dictionary")
        title = re.sub(r"^The ", "", title)
        key = DICTIONARY_TITLES.get(title.lower().replace("'", "").replace("-", " "), None)
        key = key or DICTIONARY_TITLES.get(title.lower(), title)
        item = _cite(text, start, end, key, pin=pages, year=year)
        handles = [key, title, key.split()[0]] if key.split()[0].endswith("'s") else [key, title]
        out.append(Found(item, key, tuple(dict.fromkeys(handles)), False))
    return out


def _treatise_items(text: str) -> list[Found]:
    """Treatises by section: ``5 Wright & Miller, Federal Practice and Procedure § 1357 (3d ed. 2004)``."""
    out: list[Found] = []
    for m in P.WORK_LOCATOR.finditer(text):
        work = _read_work(text, m.start())
        if work is None or not (work.authors or work.eponymous):
            continue
        pin_m = P.WORK_PIN.match(text, m.end())
        end, year, has_edition = read_edition(text, pin_m.end() if pin_m else m.end())
        if not has_edition:
            continue  # "Wright & Miller § 3914.23" is a short form, read later
        base = _work_key(work)
        pin = pin_m.group("pin") if pin_m else None
        cites = _section_cites(text, work.start, m, end, base, pin=pin, year=year)
        handles = _handles(work, base)
        out += [Found(c, base, handles, True) for c in cites]
    return out


def _section_title_items(text: str) -> list[Found]:
    """Treatises always cited by section, also when the "§" was lost: ``Federal Practice and Procedure 2767, at 744``."""
    out: list[Found] = []
    for m in P.SECTION_TITLE.finditer(text):
        if P.REPORTER_AFTER.match(text, m.end("secs")):
            continue
        secs = m.group("secs")
        if not m.group("mark") and (
            re.fullmatch(r"\d+(?:st|nd|rd|th|d)|\d+[A-Z]", secs) or text[m.end() : m.end() + 2].strip()[:1].isdigit()
        ):
            continue  # "Criminal 2d" is an edition, "6A 59.08" a volume and its section
        head = _read_work(text, m.end("title"))
        if head is None:
            continue
        pin_m = P.WORK_PIN.match(text, m.end())
        end, year, _ = read_edition(text, pin_m.end() if pin_m else m.end())
        base = _work_key(head)
        cites = _section_cites(text, head.start, m, end, base, pin=pin_m.group("pin") if pin_m else None, year=year)
        handles = _handles(head, base)
        out += [Found(c, base, handles, True) for c in cites]
    return out


def _book_items(text: str) -> list[Found]:
    """Books by page: ``Scalia & Garner, Reading Law 331 (2012)``, ``1 W. Blackstone, Commentaries ... 140 (1765)``.

    Anchored on the edition parenthetical; a page must come right before it
    and a named author before the title, so a case (``Smith v. Jones``), a
    statute or a law review (eyecite's) is never taken.
    """
    out: list[Found] = []
    for m in P.BOOK_PAREN.finditer(text):
        ok, year = _edition(m.group("ed"))
        if not ok:
            continue
        pm = _PAGE_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        if not pm:
            continue
        work = _read_work(text, max(0, m.start() - 40) + pm.start())
        if work is None or not work.named or len(work.title.split()) < 2:
            continue
        if _PERIODICAL_WORDS & set(work.title.split()) or NOT_AUTHOR_WORDS & set(work.title.split()[:1]):
            continue  # an article in a periodical, or a statute or report
        pages = re.sub(r"\s+", "", pm.group("pages")).replace("–", "-").replace(",", ", ")
        first_page = re.split(r"[-,]", pages)[0]
        base = _work_key(work)
        key = f"{work.volume + ' ' if work.volume else ''}{base} {first_page}"
        item = _cite(text, work.start, m.end(), key, pin=pages, year=year)
        out.append(Found(item, base, _handles(work, base), False))
    return out


def _commentary_items(text: str) -> list[Found]:
    """The old abbreviated commentaries: ``3 Black. Com., 177``, ``2 Story's Eq. Jur., §§ 1401, 1402``."""
    out: list[Found] = []
    for m in P.COMMENTARY.finditer(text):
        vol_m = _before(P.VOLUME_BEFORE, text, m.start(), 8)
        if vol_m is None or _word_before(text, m.start()):
            continue
        start, vol = vol_m.start(), vol_m.group("vol")
        abbr = re.sub(r"\s+", " ", m.group("abbr")).replace("’", "'")
        abbr = re.sub(r"^(Bl|Black)\.\s?(Comm?\.)", r"\1. \2", abbr)
        author, title = COMMENTARIES.get(abbr) or COMMENTARIES.get(abbr.replace("Comm.", "Com."), (None, None))
        if author is None:
            continue
        base = f"{author}, {title}"
        end, year, _ = read_edition(text, m.end())
        handles = (base, author)
        if m.group("secs"):
            cites = _section_cites(text, start, m, end, base, pin=None, year=year)
            out += [Found(c, base, handles, True) for c in cites]
        else:
            page = m.group("page").replace(" ", "").replace("–", "-")
            key = f"{vol} {base} {re.split(r'-', page)[0]}"
            out.append(Found(_cite(text, start, end, key, pin=page, year=year), base, handles, False))
    return out


def _restatement_work(m: re.Match[str]) -> str:
    series = m.group("ser") or m.group("ser2") or m.group("ser3") or ""
    series = RESTATEMENT_SERIES.get(re.sub(r"\s+", " ", series.lower()), series)
    subject = _key_title(m.group("subj")).rstrip(",:.")
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
        comment = _tidy(tail.group("cmt") or "") if tail else ""
        comment = re.sub(r"^(?:cmt|comt|[Cc]omment|[Cc]om ?ment)s?\.?,?\s*", "cmt. ", comment)
        for c in _section_cites(text, m.start(), m, end, base, pin=None, year=year):
            sec = c.key.rsplit("§ ", 1)[1]  # type: ignore[union-attr]
            c.pin = pin_m.group("pin") if pin_m else f"§ {sec}{' ' + comment if comment else ''}"
            out.append(Found(c, base, (), True))  # its short forms are read by _restatement_short_items
    return out


def _model_code_items(text: str) -> list[Found]:
    """``Model Penal Code § 2.02(2)(c)``, ``U.C.C. § 2-207``, ``Unif. Probate Code § 2-502``."""
    out: list[Found] = []
    for m in P.MODEL_CODE.finditer(text):
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
                _cite(text, m.start(), end, key, pin=pin_m.group("pin") if pin_m else None, year=year),
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
        out.append(Found(_cite(text, m.start(), end, key, year=year), work, (work,), True))
    return out


def _report_items(text: str) -> list[Found]:
    """Committee reports: ``H.R. Rep. No. 104-828, at 5 (1996)``, ``S. Rep. No. 1011, 93d Cong., 2d Sess. 47 (1974)``."""
    out: list[Found] = []
    for m in P.REPORT.finditer(text):
        ch = _before(P.CHAMBER_BEFORE, text, m.start(), 14)
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
        item = _cite(text, ch.start(), end, key, pin=pin, year=year, form=form)
        item.antecedent_guess = key if form == "short" else None
        out.append(Found(item, key, (), False))
    return out


def _congressional_record_items(text: str) -> list[Found]:
    """``142 Cong. Rec. 1234 (1996)``, ``152 Cong. Rec. S8020 (daily ed. July 20, 2006)``."""
    out: list[Found] = []
    for m in P.CONG_REC.finditer(text):
        vol = _before(P.VOLUME_BEFORE, text, m.start(), 6)
        if vol is None:
            continue
        page = re.sub(r"[\s,]", "", m.group("page"))
        end, year, _ = read_edition(text, m.end())
        more = re.sub(r"\s+", "", m.group("more"))
        more = page + more if more.startswith(("-", "–")) else more.lstrip(",")
        key = f"{vol.group('vol')} Cong. Rec. {page}"
        out.append(Found(_cite(text, vol.start(), end, key, pin=more or None, year=year), key, (), False))
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
        rule_m = _before(P.RULE_BEFORE, text, m.start() - 1, 40)
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
    return Found(_cite(text, start, end, key, year=year), key, (), False)


def _jury_instruction_items(text: str) -> list[Found]:
    """``CALCRIM No. 3400``, ``IPI Criminal 4th No. 3.14``, ``Illinois Pattern Jury Instructions, Criminal, No. 3.14``."""
    out: list[Found] = []
    spans: list[tuple[int, int, str, str, str]] = []  # start, end, numbers, title, "No." or "§"
    for m in P.CALIFORNIA_INSTRUCTION.finditer(text):
        if not _word_before(text, m.start()):
            spans.append((m.start(), m.end(), m.group("nums"), m.group("set"), "No."))
    for m in P.IPI.finditer(text):
        if not _word_before(text, m.start()):
            spans.append((m.start(), m.end(), m.group("nums"), JURY_INSTRUCTIONS[f"IPI {m.group('div')}"], "No."))
    for m in P.JURY_INSTRUCTIONS.finditer(text):
        toks = _tokens_before(text, m.start(), 100)
        first = _title_back(toks, 8)
        tail = P.JURY_TAIL.match(text, m.end())
        if first < 0 or first == len(toks) or not tail:
            continue  # "Jury Instructions" as a heading, or no instruction number
        start = _token_start(toks, first, m.start())
        head = _tidy(text[start : m.start()])
        if not _PUBLISHED_INSTRUCTIONS.search(head) or _PARTY_INSTRUCTIONS.search(head):
            continue  # "Defendant's Proposed Jury Instruction No. 22" is a filing, not an authority
        title = _key_title(f"{head} Jury Instructions").replace("Ill. ", "Illinois ")
        sub = _tidy(tail.group("sub")).strip(" ,()")
        if sub.startswith("for "):
            title += f" {sub}"
        elif sub:
            title += f", {_key_title(sub).replace(' Cases', '')}"
        spans.append((start, tail.end(), tail.group("nums"), title, "§" if tail.group("mark") == "§" else "No."))
    for start, stop, nums, title, mark in spans:
        end, year, _ = read_edition(text, stop)
        for n in re.split(r"\s*(?:,|and|&)\s*", nums):
            n = re.sub(r"\s+", "", n).replace("–", "-")
            numbered = mark == "No." and title not in ("CALCRIM", "CALJIC")
            key = f"{title}, No. {n}" if numbered else f"{title} {mark} {n}"
            out.append(Found(_cite(text, start, end, key, year=year), title, (), False))
    return out


# ---------------------------------------------------------------------------
# Short forms


def _drop_overlapping(found: list[Found]) -> list[Found]:
    """One full cite per stretch of text: the longer (it names more of the work), then the earlier."""
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (-(f.cite.core_end - f.cite.core_start), f.cite.core_start)):
        c = f.cite
        if not any(c.core_start < k.cite.core_end and k.cite.core_start < c.core_end for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: f.cite.core_start)
    return kept


def _short_items(text: str, found: list[Found]) -> list[Cite]:
    """``Wright & Miller, supra, § 1357``, ``LaFave, supra, at 12``, ``Black's, supra``, ``Prosser and Keeton §42``.

    A short form names a work cited in full before it, by its authors,
    title or eponym. A bare surname that is also a party to a case in the
    opinion (``Wright v. United States``) is too ambiguous and is not taken.
    """
    parties = _case_parties(text)
    out: list[Cite] = []
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
        before = _before(_LAST_NAME, text, m.start(), 40)
        after = _FIRST_NAME.match(text, m.end())
        names.update(x.group(1) for x in (before, after) if x)
    return names


def _handle_before(text: str, pos: int, known: dict[str, Found], parties: set[str]) -> tuple[int, Found] | None:
    toks = _tokens_before(text, pos, SHORT_WINDOW)
    for k in range(min(MAX_HANDLE_WORDS, len(toks)), 0, -1):
        cand = _tidy(" ".join(t for t, _, _ in toks[-k:])).rstrip(",").replace(" and ", " & ")
        f = known.get(cand)
        if f is None or (" " not in cand and cand in parties):
            continue
        start = toks[-k][1]
        if len(toks) > k and _VOLUME.match(toks[-k - 1][0]):
            start = toks[-k - 1][1]
        if len(toks) > k and toks[-k - 1][0] in _CASE_WORDS:
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
    if sec and f.by_section:
        sections = _sections(sec)
        key, pin = f"{f.work} § {sections[0]}", f"§ {sections[0]}"
    elif page and not f.by_section and f.cite.key != f.work:
        first = re.split(r"[-–,]", page)[0].strip()
        vol = re.match(r"^(\d{1,3}[A-Z]{0,2}) ", text[start:pos])
        key, pin = f"{vol.group(1) + ' ' if vol else ''}{f.work} {first}", page
    else:
        key, pin = f.cite.key, (f"§ {sec}" if sec else page)
    item = _cite(text, start, pos, key or f.work, pin=pin, form="short")  # type: ignore[arg-type]
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
        for c in _section_cites(text, m.start(), m, end, f.work, pin=None, year=None):
            c.form, c.antecedent_guess = "short", f.cite.key
            out.append(c)
    return out

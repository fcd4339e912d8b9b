"""Plain records that flow between the pipeline stages.

Every record is a frozen, slotted dataclass: hashable, cheap, and safe to share
between stages. Offsets (``start``/``end``) always point into the *original*
text of the opinion, never into the cleaned text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any

#: Authority kinds, in the order a table of authorities lists them.
KINDS = ("case", "constitution", "statute", "regulation", "rule", "other")

#: Reference forms: how the opinion points at the authority.
FORMS = ("full", "short", "id", "supra", "bare")

#: The page of a citation not yet paginated ("577 U.S. ___"): printed, never an identity.
BLANK_PAGE = "___"

#: How an opinion treats a case it cites (tests/eval/TREATMENT.md), and the negative ones.
TREATMENTS = ("followed", "explained", "distinguished", "criticized", "limited", "overruled", "declined", "mentioned")
NEGATIVE_TREATMENTS = frozenset({"distinguished", "criticized", "limited", "overruled", "declined"})


@dataclass(frozen=True, slots=True)
class OpinionMeta:
    """What we know about an opinion apart from its text."""

    case_name: str
    court: str | None = None
    court_id: str | None = None
    date: str | None = None
    docket: str | None = None
    citations: tuple[str, ...] = ()
    judge: str | None = None
    #: ``"dissenting"`` or ``"concurring"`` for a separate opinion filed on its own
    #: (it shares the decision's citation but is not the decision others cite).
    writing: str | None = None
    #: Offset in the original text where the opinion's own text begins (after
    #: header, caption, counsel, panel, syllabus and publisher notes); citations
    #: before it are header matter, not references.
    body_start: int = 0
    #: Fields that could not be read from the text (``"case_name"``, ``"court"``,
    #: ...): a value listed here is a fallback or empty, never a reading.
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Caption:
    """What an opinion's own head says about it (see :func:`kb.caption.read_caption`).

    A field the text does not give is ``None`` (or empty) and is named in
    ``unknown``; ``judge`` is ``None`` for a per curiam opinion, which
    ``per_curiam`` then says.
    """

    case_name: str | None = None
    court: str | None = None
    court_id: str | None = None
    date: str | None = None
    docket: str | None = None
    citations: tuple[str, ...] = ()
    judge: str | None = None
    per_curiam: bool = False
    #: ``"dissenting"`` or ``"concurring"`` when the file holds one justice's or
    #: judge's separate opinion ("JUSTICE GINSBURG ... dissenting."), else None.
    writing: str | None = None
    body_start: int = 0
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """One opinion as loaded from disk."""

    path: str
    stem: str
    text: str
    sha256: str
    meta: OpinionMeta
    #: The format the text was read from (see :data:`kb.formats.FORMATS`).
    format: str = "text"
    #: The source recorded no page break (a DOCX never laid out by Word): page numbers are counted, not read.
    pages_estimated: bool = False


@dataclass(frozen=True, slots=True)
class Reference:
    """One place where an opinion refers to an authority.

    ``key`` is the canonical authority key (``"525 U.S. 471"``,
    ``"8 U.S.C. § 1252(g)"``) or ``None`` when the reference resolved to
    nothing; unresolved references are kept so they can be listed.
    """

    key: str | None
    kind: str
    form: str
    start: int
    end: int
    text: str
    pin_cite: str | None = None
    signal: str | None = None
    parenthetical: str | None = None
    name: str | None = None
    court: str | None = None
    court_id: str | None = None
    year: int | None = None
    citations: tuple[str, ...] = ()
    parent_key: str | None = None
    location: str | None = None
    in_parenthetical: bool = False
    #: Every pin with the reporter it pins (``("556 U.S.", "678"), ("129 S. Ct.", "1949–50")``);
    #: the reporter is ``None`` where the text does not say (a statute's pin).
    pins: tuple[tuple[str | None, str], ...] = ()
    #: A parenthetical that belongs to the decision's full citation: ``en banc``, ``per curiam``, ``mem.``.
    disposition: str | None = None
    short_name: str | None = None
    sentence: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    #: How the opinion treats the authority here (one of :data:`TREATMENTS`), and
    #: the words that show it (the cue, or the signal), kept as evidence.
    treatment: str | None = None
    treatment_cue: str | None = None
    #: Index of the :class:`Cite` this reference came from (analysis only; not stored).
    cite_index: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Nested:
    """An authority-to-authority relation stated inside a citation.

    ``Iqbal, 556 U.S. at 678 (quoting Twombly, 550 U.S. at 570)`` gives
    ``Nested("556 U.S. 662", "550 U.S. 544", "quoting")``.
    """

    citing: str
    cited: str
    relation: str


@dataclass(frozen=True, slots=True)
class History:
    """A decision's later (or prior) history, as a citing opinion states it.

    ``Roe v. Wade, 410 U.S. 113 (1973), overruled by Dobbs ..., 597 U.S. 215``
    gives ``History("410 U.S. 113", "597 U.S. 215", "overruled by", ...)``:
    a relation between two decisions, never a reference of the citing opinion.
    """

    cited: str
    later: str | None
    relation: str
    citation: str | None = None
    name: str | None = None
    year: int | None = None
    start: int = 0
    end: int = 0
    court: str | None = None


@dataclass(frozen=True, slots=True)
class Binding:
    """Whether an authority binds a court: ``binding``, ``persuasive`` or ``unknown``, and why."""

    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class Proposition:
    """The point a reference is cited for: its sentence or its explanatory parenthetical.

    ``ref`` is the index of the reference in :attr:`Extraction.references`;
    offsets are in the original text.
    """

    ref: int
    kind: str
    text: str
    pin_cite: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything kb extracted from one opinion.

    ``own_citations`` are the opinion's own reporter citations (from its
    metadata) in the canonical form the store keys authorities by.
    """

    references: tuple[Reference, ...]
    nested: tuple[Nested, ...] = ()
    record_cites: int = 0
    propositions: tuple[Proposition, ...] = ()
    own_citations: tuple[str, ...] = ()
    history: tuple[History, ...] = ()


# --- analysis ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text plus what the cleaning removed, in cleaned-text offsets."""

    text: str
    original: str
    anchors_clean: tuple[int, ...]
    anchors_orig: tuple[int, ...]
    star_pages: tuple[tuple[int, str], ...]
    footnote_calls: tuple[tuple[int, int], ...]
    paragraph_starts: tuple[int, ...]
    filing_pages: tuple[tuple[int, str], ...] = ()

    def to_original(self, pos: int) -> int:
        """Map an offset in the cleaned text to the original text."""
        i = bisect_right(self.anchors_clean, pos) - 1
        return self.anchors_orig[i] + (pos - self.anchors_clean[i])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open cleaned span to the original text."""
        if end <= start:
            s = self.to_original(start)
            return s, s
        return self.to_original(start), self.to_original(end - 1) + 1

    def star_page_at(self, pos: int) -> str | None:
        """The reporter page a cleaned offset falls on, if the text has star pages."""
        i = bisect_right(self.star_pages, (pos, "\U0010ffff")) - 1
        return self.star_pages[i][1] if i >= 0 else None

    def paragraph_at(self, pos: int) -> int:
        """1-based paragraph number of a cleaned offset."""
        return bisect_right(self.paragraph_starts, pos)


@dataclass(slots=True)
class Paren:
    """A parenthetical after a citation (offsets of its content, cleaned text)."""

    text: str
    start: int
    end: int
    explanatory: bool
    relation: str | None = None
    defines: str | None = None


@dataclass(slots=True)
class Cite:
    """One citation found in the cleaned text (offsets into the cleaned text).

    The one mutable record: the finders create it from its core span, and
    :mod:`kb.analysis.surroundings` fills in what surrounds it in place.
    It never leaves the analysis stage, which turns it into :class:`Reference`.
    """

    kind: str
    form: str
    core_start: int
    core_end: int
    start: int = -1  # where the citation with its name begins; set when surroundings are read
    end: int = -1  # where it ends, pins and parentheticals included
    cites: list[tuple[str, str, str]] = field(default_factory=list)
    pin: str | None = None
    parallel_pins: list[tuple[str, str]] = field(default_factory=list)  # (reporter, pin) of each parallel cite
    disposition: str | None = None  # "en banc", "per curiam", "mem." ...
    name: str | None = None
    short_name: str | None = None
    court_id: str | None = None
    court: str | None = None
    year: int | None = None
    parens: list[Paren] = field(default_factory=list)
    signal: str | None = None
    key: str | None = None
    parent_key: str | None = None
    code: str | None = None
    section: str | None = None
    subsections: str = ""
    ina: bool = False
    owner: int | None = None
    relation: str | None = None
    antecedent_guess: str | None = None
    absorbed: bool = False
    source: str = "kb"  # which finder: "kb", "eyecite" or "kb-generic" (loses ties)
    subject: str | None = None  # a code named without its state ("Penal Code"): resolve names it
    history_of: int | None = None  # this citation is the later history of citation N ("aff'd, ...")
    history: str | None = None  # the history relation ("cert. denied", "overruled by")
    of_act: bool = False  # a bare section of a named act ("section 2 of the Voting Rights Act")
    relative: str | None = None  # a part of the section being read: "(14)" of "sub. (14)", "1." of "subd. 1."
    id_number: str | None = None  # "9(a)(1)" of "Id. 9(a)(1)": the rule an Id. after a court rule moves to

    @property
    def explanatory(self) -> str | None:
        """The first explanatory parenthetical, if any."""
        for paren in self.parens:
            if paren.explanatory:
                return paren.text
        return None


# --- ingest, maps, evaluation ------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileResult:
    """What ingest did with one file: ``added``, ``replaced``, ``unchanged`` or ``failed``."""

    path: str
    status: str
    references: int = 0
    authorities: int = 0
    error: str | None = None


@dataclass(slots=True)
class IngestReport:
    """Outcome of one ``ingest_paths`` run."""

    results: list[FileResult] = field(default_factory=list)
    interrupted: bool = False
    # Why the run stopped early when the store itself failed (damaged, disk full, read-only).
    stopped: str | None = None

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass(frozen=True, slots=True)
class MapResult:
    """The written page and what it shows."""

    html: str
    nodes: int
    edges: int
    total_nodes: int
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class MapSelection:
    """What a map shows, chosen from the store: the subgraph, and what was left out."""

    graph: Any  # networkx.MultiDiGraph (networkx is imported only where graphs are built)
    total: int
    notice: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Score:
    """Accuracy of one opinion's authorities against gold."""

    opinion: str
    gold: int = 0
    found: int = 0
    ours: int = 0
    correct: int = 0
    parallel_groups: int = 0
    parallel_merged: int = 0
    counts_exact: int = 0
    ref_error: int = 0
    gold_refs: int = 0
    parentheticals_gold: int = 0
    parentheticals_found: int = 0
    parentheticals_ours: int = 0
    names_checked: int = 0
    names_right: int = 0
    courts_right: int = 0
    years_right: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong_counts: list[str] = field(default_factory=list)
    wrong_names: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.ours if self.ours else 1.0

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(recall=round(self.recall, 3), precision=round(self.precision, 3))
        return d


@dataclass(frozen=True, slots=True)
class FormatText:
    """The text of a PDF, HTML or DOCX file (see :mod:`kb.formats`), page breaks as form feeds.

    ``pages`` is how many pages the source has (0 when it does not say);
    ``pages_estimated`` says the source recorded no page break, so page
    numbers are counted, not read.
    """

    text: str
    format: str
    pages: int = 0
    pages_estimated: bool = False


@dataclass(frozen=True, slots=True)
class PageMap:
    """A document's pages: where each begins (original offsets) and the number printed on it.

    A label is ``""`` for a page that prints none; ``estimated`` says the
    pages were counted by characters, not read (see :func:`kb.pages.find_pages`).
    """

    starts: tuple[int, ...]
    labels: tuple[str, ...]
    estimated: bool = False
    #: Spans of the lines that print a page number (page furniture, not text).
    furniture: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> str | None:
        """The label of the page holding ``offset`` (None when the document has no page numbers)."""
        i = bisect_right(self.starts, offset) - 1
        return (self.labels[i] or None) if i >= 0 else None

"""Plain records that flow between the pipeline stages.

Every record is a frozen, slotted dataclass: hashable, cheap, and safe to share
between stages. Offsets (``start``/``end``) always point into the *original*
text of the opinion, never into the cleaned text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Authority kinds, in the order a table of authorities lists them.
KINDS = ("case", "constitution", "statute", "regulation", "rule", "other")

#: Reference forms: how the opinion points at the authority.
FORMS = ("full", "short", "id", "supra", "bare")


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


@dataclass(frozen=True, slots=True)
class Document:
    """One opinion as loaded from disk."""

    path: str
    stem: str
    text: str
    sha256: str
    meta: OpinionMeta


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
    parallel_pins: tuple[str, ...] = ()
    short_name: str | None = None
    sentence: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None


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
class Extraction:
    """Everything kb extracted from one opinion."""

    references: tuple[Reference, ...]
    nested: tuple[Nested, ...] = ()
    record_cites: int = 0


@dataclass(frozen=True, slots=True)
class Authority:
    """An authority as the store knows it, summed over every citing opinion."""

    id: int
    key: str
    kind: str
    name: str | None
    citation: str
    citations: tuple[str, ...] = ()
    court: str | None = None
    court_id: str | None = None
    year: int | None = None
    parent_key: str | None = None
    opinion_id: int | None = None
    extra: dict[str, object] = field(default_factory=dict, hash=False, compare=False)

"""Where kb wraps eyecite: a faster court lookup and the tokenizer choice.

Court lookup. ``eyecite.helpers.get_court_by_paren`` is called for every
court-and-date parenthetical and, for each, loops over every courts-db entry
running a regex substitution on the entry's citation string. That is about
half of ``get_citations``' time on a typical opinion. :func:`install_court_cache`
swaps in a function with the same contract and the same answers (same
normalisation, same exact-then-last-prefix rule, same return types) whose
courts-db strings are normalised once per process and whose results are
memoised per input string. ``tests/test_eyecite_hooks.py`` checks that it
answers exactly like eyecite's own on every courts-db citation string, their
prefixes and every parenthetical of the bundled opinions, and that
``get_citations`` returns the same citations with and without it.

Upstream note (eyecite): ``get_court_by_paren`` could normalise the courts-db
strings once at import (or build a dict for the exact-match case); the
function is also reached only through ``add_post_citation``, so a resolver-style
callback for court lookup would let callers plug in their own.

Reference citations. After each full case citation, eyecite looks for
``Name, 123 at 4``-style references with ``extract_pincited_reference_citations``,
which builds and compiles a fresh verbose regex (the citation's party names
joined to its large pin-cite pattern) for every full citation: about 3 ms of
compiling each, a sixth of ``get_citations`` on an opinion whose names are
new. :func:`install_reference_patterns` swaps in a function with the same
contract and the same matches that compiles the pin-cite pattern once and
only the short name patterns per citation; ``tests/test_eyecite_hooks.py``
checks it against eyecite's own on every full citation of the bundled and
development opinions.

Upstream note (eyecite): compile ``PIN_CITE_REGEX`` once and match the names
and the pin cite in two steps (or cache the compiled pattern by names).

Tokenizer. eyecite's default tokenizer picks, with an Aho-Corasick scan,
the extractors (one regex per reporter and form) whose literal strings occur
in the text, then runs each picked regex over the whole text: 100 to 200
regexes, most finding nothing, about half of ``get_citations``' time. Every
match contains one of its extractor's strings, so :class:`WindowedTokenizer`
(kb's default, passed through ``get_citations``' public ``tokenizer``
argument) runs each regex only within WINDOW characters of where its strings
occur, picking the same extractors in the same order.
``tests/test_eyecite_hooks.py`` checks that it yields exactly the tokens of
eyecite's default tokenizer on the bundled, development and benchmark
opinions.

Upstream note (eyecite): ``AhocorasickTokenizer`` could do the same (it
already knows where the strings are), and ``TokenExtractor.__hash__`` hashes
the extractor's ``repr`` (its whole regex) on every lookup.

eyecite's Aho-Corasick tokenizer, windowed as above, is used unless
``kb ingest --tokenizer hyperscan`` (``tokenizer="hyperscan"``) asks for
its Hyperscan tokenizer (the optional ``kb[hyperscan]`` extra): about 2.3
times faster on our opinions, after a one-time compile of about 20 s whose
64 MB result is cached. Hyperscan drops short cites next to an en dash
(``204 F.3d at 746–47``), so kb hands eyecite the text with dashes as hyphens
(one character for one, spans unchanged); ``tests/test_eyecite_hooks.py``
checks that both tokenizers give kb identical references.

Upstream note (eyecite): the Hyperscan tokenizer's short-cite pattern should
accept an en dash in a pin range, as the default tokenizer does.
"""

from __future__ import annotations

import logging
import os
import re
from bisect import bisect_left, bisect_right
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, cast

logger = logging.getLogger(__name__)

# Distinct parenthetical strings remembered per process.
COURT_CACHE_SIZE = 65_536


@cache
def _normalized_courts() -> tuple[tuple[str, str, object], ...]:
    """courts-db citation strings normalised as eyecite does, once."""
    import regex  # eyecite normalises with the `regex` module; use the same one
    from eyecite.helpers import courts

    return tuple((regex.sub(r"[^\w]", "", c["citation_string"]).lower(), str(c["id"]), c["id"]) for c in courts)


@cache
def _court_index() -> tuple[dict[str, str], list[str], list[int]]:
    """The first courts-db entry of each normalised string, and the strings sorted (with their positions)."""
    courts = _normalized_courts()
    exact: dict[str, str] = {}
    for normalized, id_str, _ in courts:
        exact.setdefault(normalized, id_str)
    order = sorted(range(len(courts)), key=lambda i: courts[i][0])
    return exact, [courts[i][0] for i in order], order


@lru_cache(maxsize=COURT_CACHE_SIZE)
def cached_court_by_paren(paren_string: str) -> str | None:
    """Same contract and answers as ``eyecite.helpers.get_court_by_paren``, memoised.

    eyecite returns the first entry equal to the string, else the last entry
    the string is a prefix of; the sorted strings find both without a scan.
    """
    import regex

    court_str = regex.sub(r"[^\w]", "", paren_string).lower()
    if not court_str:
        return None
    exact, ordered, positions = _court_index()
    if court_str in exact:
        return exact[court_str]
    lo = bisect_left(ordered, court_str)
    hi = bisect_left(ordered, court_str + "\U0010ffff", lo)
    if lo == hi:
        return None
    return _normalized_courts()[max(positions[lo:hi])][2]  # type: ignore[return-value]


def install_court_cache() -> None:
    """Point eyecite's post-citation metadata at the cached court lookup (idempotent)."""
    import eyecite.helpers as helpers

    helpers.get_court_by_paren = cached_court_by_paren


@cache
def _pin_cite_pattern() -> re.Pattern[str]:
    from eyecite.regexes import PIN_CITE_REGEX

    return re.compile(PIN_CITE_REGEX, re.VERBOSE)


# Party-name patterns remembered per process: an opinion cites the same case
# under the same names many times, and compiling is most of the cost of a lookup.
NAME_PATTERN_CACHE = 4096


@lru_cache(maxsize=NAME_PATTERN_CACHE)
def _name_patterns(
    names: tuple[tuple[str, str], ...],
) -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """The pattern of any of ``names`` and, in order, the pattern of each (``(field, name)`` pairs)."""
    any_name = re.compile(rf"\b(?:{'|'.join(re.escape(v) for _, v in names)})", re.VERBOSE)
    each = tuple((key, re.compile(rf"\b(?P<{key}>{re.escape(v)})\s+", re.VERBOSE)) for key, v in names)
    return any_name, each


# The document the last reference searches were made in, and per set of names the
# start of the scan and its matches ``(start, end, field, name, pin groups)``.
_Match = tuple[int, int, str, str, dict[str, Any]]
_scanned: dict[str, Any] = {"text": None, "scans": {}}


def pincited_reference_citations(citation: Any, plain_text: str) -> list[Any]:
    """Same contract and matches as ``eyecite.find.extract_pincited_reference_citations``.

    eyecite's pattern is ``\\b(?:name|name…)\\s+PIN`` over the text after the
    citation, matched left to right without overlaps: at each place a name
    begins, the names are tried in order and the first followed by a pin cite
    wins. The same search in two steps needs no per-citation compile of PIN.

    eyecite searches the rest of the document once for every full citation,
    quadratic in a long document citing one case many times. Here the text is
    scanned once per set of names: a later citation of the same case takes the
    matches past its end (the scan from there would find exactly those, as no
    match of the earlier scan runs across that point).
    """
    from eyecite.models import CaseReferenceToken, ReferenceCitation
    from eyecite.utils import is_valid_name

    names = tuple(
        (key, value)
        for key in ReferenceCitation.name_fields
        if (value := getattr(citation.metadata, key, None)) and is_valid_name(value)
    )
    if not names:
        return []
    offset = citation.span()[-1]
    matches = _matches_after(plain_text, offset, names)
    found = []
    for at, end, key, name, pin_groups in matches:
        metadata = {k: None for k, _ in names} | {key: name} | pin_groups
        found.append(
            ReferenceCitation(
                token=CaseReferenceToken(data=plain_text[at:end], start=at, end=end),
                span_start=at,
                span_end=end,
                full_span_start=at,
                full_span_end=end,
                index=0,
                metadata=metadata,
            )
        )
    return found


def _matches_after(text: str, offset: int, names: tuple[tuple[str, str], ...]) -> list[_Match]:
    """The reference matches of ``names`` in ``text`` after ``offset``, from one scan per document and names."""
    if _scanned["text"] is not text:
        _scanned["text"], _scanned["scans"] = text, {}
    scans: dict[tuple[tuple[str, str], ...], tuple[int, list[int], list[_Match]]] = _scanned["scans"]
    # eyecite searches the text from the citation's end as a string of its own, where a
    # name starting right there is at a word boundary whatever precedes it: scan that alone.
    if any(text.startswith(v, offset) for _, v in names):
        return _scan(text[offset:], 0, names, shift=offset)
    known = scans.get(names)
    if known is not None and known[0] <= offset:
        scan_start, starts, matches = known
        k = bisect_left(starts, offset)
        if k == 0 or matches[k - 1][1] <= offset:
            return matches[k:]
    matches = _scan(text, offset, names)
    scans[names] = (offset, [m[0] for m in matches], matches)
    return matches


def _scan(text: str, pos: int, names: tuple[tuple[str, str], ...], shift: int = 0) -> list[_Match]:
    any_name, each = _name_patterns(names)
    pin = _pin_cite_pattern()
    out: list[_Match] = []
    while (start := any_name.search(text, pos)) is not None:
        at = start.start()
        for key, name in each:
            named = name.match(text, at)
            cite = pin.match(text, named.end()) if named else None
            if named and cite:
                out.append((at + shift, cite.end() + shift, key, named.group(key), cite.groupdict()))
                pos = cite.end()
                break
        else:
            pos = at + 1
    return out


def install_reference_patterns() -> None:
    """Point eyecite's reference-citation search at :func:`pincited_reference_citations` (idempotent)."""
    import eyecite.find as find

    find.extract_pincited_reference_citations = pincited_reference_citations


# A regex runs this many characters either side of each place its extractor's
# strings occur; far longer than any citation token.
WINDOW = 600


def _windowed_tokenizer_class() -> type:
    from eyecite.tokenizers import _WHITESPACE_RE, AhocorasickTokenizer

    class WindowedTokenizer(AhocorasickTokenizer):
        """eyecite's Aho-Corasick tokenizer, running each extractor only near its strings.

        Extractors run in the order of ``self.extractors`` (eyecite iterates a
        set, whose order follows string hashing and so changes from process to
        process: two extractors matching the same span then win by chance).
        """

        def extract_tokens(self, text: str) -> Any:
            runs = [m.span() for m in _WHITESPACE_RE.finditer(text)]
            stripped = _WHITESPACE_RE.sub("", text)
            lowered = stripped.lower()
            order = _extractor_order(self)
            if len(lowered) != len(stripped):  # lowercasing changed offsets: no windows
                for extractor in sorted(self.get_extractors(text), key=lambda e: order[id(e)]):
                    yield from (extractor.get_token(m) for m in extractor.get_matches(text))  # type: ignore[no-untyped-call]
                return
            # Stripped offset -> original offset: add the whitespace removed before it.
            removed, at_stripped = [0], []
            for start, end in runs:
                at_stripped.append(start - removed[-1])
                removed.append(removed[-1] + end - start)
            chosen = {id(e): e for e in self.unfiltered_extractors}
            places: dict[int, list[int]] = {}
            for found in (self.case_sensitive_filter.iter(stripped), self.case_insensitive_filter.iter(lowered)):
                for end, extractors in found:
                    original = end + removed[bisect_right(at_stripped, end)]
                    for e in extractors:
                        chosen.setdefault(id(e), e)
                        places.setdefault(id(e), []).append(original)
            size = len(text)
            for key in sorted(chosen, key=order.__getitem__):
                extractor = chosen[key]
                if not extractor.strings:
                    yield from (extractor.get_token(m) for m in extractor.get_matches(text))
                    continue
                pattern = extractor.compiled_regex
                for start, end in _windows(places[key], size):
                    for m in pattern.finditer(text, start, end):
                        yield extractor.get_token(m)

    return WindowedTokenizer


def _extractor_order(tokenizer: Any) -> dict[int, int]:
    """Position of each of ``tokenizer``'s extractors, by identity (cached on the tokenizer)."""
    order = tokenizer.__dict__.get("_kb_order")
    if order is None:
        order = {id(e): i for i, e in enumerate(tokenizer.extractors)}
        tokenizer.__dict__["_kb_order"] = order
    return cast("dict[int, int]", order)


def ordered_tokenizer() -> Any:
    """eyecite's own Aho-Corasick tokenizer with its extractors run in a fixed order (for parity tests)."""
    from eyecite.tokenizers import AhocorasickTokenizer, default_tokenizer

    class Ordered(AhocorasickTokenizer):
        def extract_tokens(self, text: str) -> Any:
            order = _extractor_order(self)
            for extractor in sorted(self.get_extractors(text), key=lambda e: order[id(e)]):
                yield from (extractor.get_token(m) for m in extractor.get_matches(text))  # type: ignore[no-untyped-call]

    ordered = object.__new__(Ordered)
    ordered.__dict__.update(default_tokenizer.__dict__)
    ordered.__dict__.pop("_kb_order", None)
    return ordered


def _windows(places: list[int], size: int) -> list[tuple[int, int]]:
    """Merged spans of WINDOW characters either side of each place."""
    spans: list[tuple[int, int]] = []
    for place in sorted(places):
        start, end = max(0, place - WINDOW), min(size, place + WINDOW)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


@cache
def windowed_tokenizer() -> Any:
    """kb's default tokenizer: shares the extractors and filters eyecite built for its own at import."""
    from eyecite.tokenizers import default_tokenizer

    windowed: Any = object.__new__(_windowed_tokenizer_class())
    windowed.__dict__.update(default_tokenizer.__dict__)
    windowed.__dict__.pop("_kb_order", None)
    return windowed


def check_tokenizer(name: str) -> str:
    """``name`` if it is a tokenizer kb can use here; one clear error for an unknown name or a missing extra.

    Builds nothing, so a command with no opinion to analyse never loads eyecite.
    """
    from kb.errors import KbError

    choice = (name or "default").lower()
    if choice == "hyperscan":
        try:
            import hyperscan  # noqa: F401
        except ImportError:
            raise KbError("the hyperscan tokenizer needs the optional extra: pip install 'kb[hyperscan]'") from None
    elif choice != "default":
        raise KbError(f"unknown tokenizer {name!r}; choose default or hyperscan")
    return choice


@cache
def get_tokenizer(name: str = "default", cache_dir: str | None = None) -> object:
    """The tokenizer kb passes to ``get_citations``, built once per process.

    Args:
        name: ``"default"`` (kb's windowed tokenizer) or ``"hyperscan"``.
        cache_dir: where Hyperscan keeps its compiled patterns
            (default: :data:`HYPERSCAN_CACHE`).
    """
    if check_tokenizer(name) == "hyperscan":
        from eyecite.tokenizers import HyperscanTokenizer

        folder = Path(cache_dir) if cache_dir else HYPERSCAN_CACHE
        folder.mkdir(parents=True, exist_ok=True)
        return HyperscanTokenizer(cache_dir=str(folder))
    return windowed_tokenizer()


# Hyperscan compiles eyecite's patterns once (about 20 s, 64 MB) and keeps them here.
HYPERSCAN_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kb" / "hyperscan"

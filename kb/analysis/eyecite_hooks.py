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

With the optional ``hyperscan`` package (the ``kb[hyperscan]`` extra),
:class:`HyperscanWindowedTokenizer` uses eyecite's compiled Hyperscan database
(compiled once, about 20 s, and cached) only to say where each extractor
matches, in an ASCII view of the text whose stand-in characters keep every
character class; each extractor's own regex then runs in the windows around
those places, and an extractor Hyperscan does not report is never compiled or
run. eyecite's own Hyperscan tokenizer re-runs each regex on the bare span
reported, where a pin cite or section cut short still matches, and drops
matches next to multi-byte characters: on 200 corpus opinions it changed 127
of 9,270 references; this one changes none (``tests/test_eyecite_hooks.py``
checks tokens on sampled corpus text).

Upstream note (eyecite): the Hyperscan tokenizer could re-run each regex on
the whole text at the reported start, not on the reported span.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from bisect import bisect_left, bisect_right
from functools import cache, lru_cache
from itertools import accumulate
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


_WORD_CHAR = re.compile(r"\w")
_SPACES_AFTER = re.compile(r"\s+")


def _word_boundary(text: str, at: int) -> bool:
    r"""Whether ``\b`` holds at ``at`` in ``text`` (as Python's ``re`` reads it, Unicode word characters)."""
    before = at > 0 and _WORD_CHAR.match(text, at - 1) is not None
    after = at < len(text) and _WORD_CHAR.match(text, at) is not None
    return before != after


def _next_name(text: str, pos: int, name: str) -> int:
    r"""Where ``\b`` + ``name`` next occurs in ``text`` from ``pos``, or -1."""
    at = text.find(name, pos)
    while at != -1 and not _word_boundary(text, at):
        at = text.find(name, at + 1)
    return at


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
    r"""eyecite's ``\b(?:name|name…)\s+PIN`` scan from ``pos``, the names found with ``str.find``.

    eyecite compiles that pattern (with the names escaped, so literal) for
    every citation; the leftmost place any name occurs at a word boundary is
    where the pattern's search stops, and there the names are tried in order.
    """
    pin = _pin_cite_pattern()
    out: list[_Match] = []
    distinct = list(dict.fromkeys(v for _, v in names))
    upcoming = {v: _next_name(text, pos, v) for v in distinct}
    while True:
        for v in distinct:
            if -1 < upcoming[v] < pos:
                upcoming[v] = _next_name(text, pos, v)
        found = [at for at in upcoming.values() if at != -1]
        if not found:
            return out
        at = min(found)
        for key, name in names:
            spaces = _SPACES_AFTER.match(text, at + len(name)) if text.startswith(name, at) else None
            cite = pin.match(text, spaces.end()) if spaces else None
            if spaces and cite:
                out.append((at + shift, cite.end() + shift, key, name, cite.groupdict()))
                pos = cite.end()
                break
        else:
            pos = at + 1


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
            stripped = _WHITESPACE_RE.sub("", text)
            lowered = stripped.lower()
            order = _extractor_order(self)
            if len(lowered) != len(stripped):  # lowercasing changed offsets: no windows
                for extractor in sorted(self.get_extractors(text), key=lambda e: order[id(e)]):
                    yield from (extractor.get_token(m) for m in extractor.get_matches(text))  # type: ignore[no-untyped-call]
                return
            removed, at_stripped = _whitespace_removed(text)
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
                for start, end in _cut_at_space(text, _windows(places[key], size)):
                    for m in pattern.finditer(text, start, end):
                        yield extractor.get_token(m)

    return WindowedTokenizer


_WHITESPACE_RUNS = re.compile(r"(\s+)")


def _whitespace_removed(text: str) -> tuple[list[int], list[int]]:
    """How to map an offset in ``text`` stripped of whitespace back to ``text``.

    Returns ``(removed, at_stripped)``: ``at_stripped[k]`` is where the k-th
    whitespace run starts in the stripped text and ``removed[k]`` the
    whitespace removed before it, so stripped offset ``i`` is original offset
    ``i + removed[bisect_right(at_stripped, i)]``. Built from one split and
    running sums, no Python loop over the runs.
    """
    parts = _WHITESPACE_RUNS.split(text)  # word, run, word, run, ..., word
    at_stripped = list(accumulate(map(len, parts[0:-1:2])))
    removed = [0, *accumulate(map(len, parts[1::2]))]
    return removed, at_stripped


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


# Hyperscan scans bytes with ASCII classes, Python's regexes read str with Unicode
# ones. Each character outside ASCII (and each ASCII character Python counts as
# whitespace and Hyperscan does not) stands in the view Hyperscan scans as an
# ASCII character of the same classes for every extractor kb trusts to Hyperscan
# (none has a non-ASCII character): a word character as "_", a space as " ",
# anything else as DEL. A Unicode digit ("0" is in [0-9]) and the four letters
# IGNORECASE matches with ASCII ones (İ ı ſ K) have no such stand-in; a text
# with one is scanned without Hyperscan.
_NEEDS_STAND_IN = re.compile(r"[\x1c-\x1f\x80-\U0010ffff]")
_WORD, _SPACE, _DIGIT = re.compile(r"\w"), re.compile(r"\s"), re.compile(r"\d")
_ASCII_LETTER_IGNORING_CASE = re.compile(r"[a-z]", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _stand_in(char: str) -> str:
    """The ASCII character ``char`` is in Hyperscan's view; "" when it has none."""
    if _DIGIT.match(char) or _ASCII_LETTER_IGNORING_CASE.match(char):
        return ""
    if _WORD.match(char):
        return "_"
    return " " if _SPACE.match(char) else "\x7f"


def ascii_view(text: str) -> str | None:
    """``text`` as Hyperscan scans it, one ASCII character for each; ``None`` when it has a Unicode digit."""
    if text.isascii() and not _NEEDS_STAND_IN.search(text):
        return text
    view = _NEEDS_STAND_IN.sub(lambda m: _stand_in(m.group()), text)
    return view if len(view) == len(text) else None


_IGNORECASE = int(re.IGNORECASE)


def _caseless(extractor: Any) -> bool:
    """Whether ``extractor`` ignores case (its flags as an int: ``RegexFlag &`` is slow over 6,835 of them)."""
    return bool(int(extractor.flags) & _IGNORECASE)


def _trusted(extractor: Any) -> bool:
    """Whether Hyperscan's matches of ``extractor`` on the ASCII view are exactly Python's on the text."""
    return bool(extractor.strings) and extractor.regex.isascii()


def _hyperscan_tokenizer_class() -> type:
    from eyecite.tokenizers import _WHITESPACE_RE, AhocorasickTokenizer, HyperscanTokenizer, _strip_ws

    base = _windowed_tokenizer_class()

    class HyperscanWindowedTokenizer(base):  # type: ignore[misc, valid-type]
        """The windowed tokenizer, with Hyperscan saying where each extractor matches.

        eyecite's Hyperscan tokenizer re-runs each regex on the bare span
        Hyperscan reports, where a pin cite or a section cut short by the span's
        end still matches, and loses matches next to multi-byte characters. Here
        Hyperscan only locates: every match of a trusted extractor ends where
        Hyperscan reports one on the ASCII view, so the extractor's own regex
        runs in WINDOW characters around those places, exactly as the windowed
        tokenizer runs it around its strings, and an extractor Hyperscan does
        not report is neither compiled nor run. The few extractors Hyperscan
        cannot be trusted with are windowed around their strings as before.
        """

        def setup_hyperscan(self, cache_dir: str) -> None:
            self._kb_db = _cached_hyperscan_db(self.extractors, Path(cache_dir))
            if self._kb_db is None:  # not compiled yet: eyecite compiles it (about 20 s) and caches it
                self._kb_db = HyperscanTokenizer(extractors=self.extractors, cache_dir=cache_dir).hyperscan_db
            self._kb_trusted = [_trusted(e) for e in self.extractors]
            self._kb_needles = [
                (tuple({_strip_ws(s).lower() if _caseless(e) else _strip_ws(s) for s in e.strings}), _caseless(e))
                for e in self.extractors
            ]
            rest = [e for e, ok in zip(self.extractors, self._kb_trusted, strict=True) if not ok and e.strings]
            make = AhocorasickTokenizer.make_ahocorasick_filter
            sensitive = [(_strip_ws(s), e) for e in rest if not _caseless(e) for s in e.strings]
            insensitive = [(_strip_ws(s).lower(), e) for e in rest if _caseless(e) for s in e.strings]
            # (filter, whether it reads the lowercased text), for the groups that have strings
            self._kb_filters = [
                (make(items), lower) for items, lower in ((sensitive, False), (insensitive, True)) if items
            ]

        def extract_tokens(self, text: str) -> Any:
            view = ascii_view(text)
            stripped = _WHITESPACE_RE.sub("", text)
            lowered = stripped.lower()
            if view is None or len(lowered) != len(stripped):
                yield from super().extract_tokens(text)
                return
            found: list[tuple[int, int]] = []
            self._kb_db.scan(
                view.encode("ascii"), match_event_handler=lambda i, _s, end, _f, _c: found.append((i, end))
            )
            trusted, needles = self._kb_trusted, self._kb_needles
            places: dict[int, list[int]] = {}
            for i, end in found:
                if trusted[i]:
                    places.setdefault(i, []).append(end)
            # The default tokenizer runs an extractor only when its strings occur (whitespace aside).
            for i in [
                i for i in places if not any(n in (lowered if needles[i][1] else stripped) for n in needles[i][0])
            ]:
                del places[i]
            order = _extractor_order(self)
            hits = [hit for f, lower in self._kb_filters for hit in f.iter(lowered if lower else stripped)]
            if hits:  # rare enough to map stripped offsets back only when there are some
                removed, at_stripped = _whitespace_removed(text)
                for end, extractors in hits:
                    original = end + removed[bisect_right(at_stripped, end)]
                    for e in extractors:
                        places.setdefault(order[id(e)], []).append(original)
            for e in self.unfiltered_extractors:
                places.setdefault(order[id(e)], [])
            size = len(text)
            for i in sorted(places):
                extractor = self.extractors[i]
                if not extractor.strings:
                    yield from (extractor.get_token(m) for m in extractor.get_matches(text))
                    continue
                pattern = extractor.compiled_regex
                for start, end in _cut_at_space(text, _windows(places[i], size)):
                    for m in pattern.finditer(text, start, end):
                        yield extractor.get_token(m)

    return HyperscanWindowedTokenizer


def hyperscan_fingerprint(extractors: list[Any]) -> str:
    """The name of the file eyecite's Hyperscan tokenizer caches its database of ``extractors`` in.

    eyecite converts every pattern character by character (``str.encode`` of
    each, 1.5 million calls, a sixth of a second in every process) just to
    name the file; the same expressions and flags are made here in one pass
    for the ASCII patterns, eyecite's way for the rest.
    """
    import hyperscan

    expressions = []
    for e in extractors:
        regex = _OMITTED_MINIMUM.sub(r"{0,\1}", e.regex)
        if not regex.isascii():
            long_chars = {c for c in regex if not c.isascii()}
            regex = re.sub(rf"([{''.join(long_chars)}])\?", r"(?:\1)?", regex)
        expressions.append(regex.encode("utf8"))
    caseless, leftmost = hyperscan.HS_FLAG_CASELESS, hyperscan.HS_FLAG_SOM_LEFTMOST
    flags = [(caseless if _caseless(e) else 0) | leftmost for e in extractors]
    return hashlib.md5(str(expressions).encode("utf8") + str(flags).encode("utf8")).hexdigest()


# eyecite writes "{,3}" for "{0,3}", which Hyperscan does not read.
_OMITTED_MINIMUM = re.compile(r"\{,(\d+)\}")


def _cached_hyperscan_db(extractors: list[Any], cache_dir: Path) -> Any:
    """eyecite's cached Hyperscan database of ``extractors`` in ``cache_dir``, or None if it is not there (or unreadable)."""
    import hyperscan

    cached = cache_dir / hyperscan_fingerprint(extractors)
    if not cached.exists():
        return None
    try:
        db = hyperscan.loadb(cached.read_bytes(), mode=hyperscan.HS_MODE_BLOCK)
    except hyperscan.InvalidError:
        return None
    db.scratch = hyperscan.Scratch(db)
    return db


def hyperscan_available() -> bool:
    """Whether the optional ``hyperscan`` package imports here."""
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def hyperscan_tokenizer(cache_dir: str | None = None) -> Any:
    """The windowed tokenizer located by Hyperscan (needs the ``kb[hyperscan]`` extra), built once per process.

    Args:
        cache_dir: where Hyperscan keeps its compiled patterns (default: :data:`HYPERSCAN_CACHE`).
    """
    from eyecite.tokenizers import default_tokenizer

    folder = Path(cache_dir) if cache_dir else HYPERSCAN_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer: Any = object.__new__(_hyperscan_tokenizer_class())
    tokenizer.__dict__.update(default_tokenizer.__dict__)
    tokenizer.__dict__.pop("_kb_order", None)
    tokenizer.setup_hyperscan(str(folder))
    return tokenizer


_SPACE_CHAR = re.compile(r"\s")


def _cut_at_space(text: str, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    r"""``windows`` each ending just before a whitespace character (or at the end), merged where they then meet.

    A regex run up to a window's end sees the text end there, and every ``$``
    in eyecite's extractors is ``(?:[^a-zA-Z0-9]|$)`` or ``(?:\s|$)``: cut
    mid-word, "F.3d 12" of "F.3d 123" would match. Cut before whitespace, a
    match the cut allows is one the whole text has too, so its own window
    reaches past the cut and the two merge.
    """
    out: list[tuple[int, int]] = []
    for start, end in windows:
        space = _SPACE_CHAR.search(text, end)
        end = space.start() if space else len(text)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


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
        name: ``"default"`` (the Hyperscan-located windowed tokenizer when the
            ``hyperscan`` package imports, else the Aho-Corasick windowed one:
            the same tokens either way) or ``"hyperscan"`` (that package required).
        cache_dir: where Hyperscan keeps its compiled patterns
            (default: :data:`HYPERSCAN_CACHE`).
    """
    if check_tokenizer(name) == "hyperscan" or hyperscan_available():
        # one tokenizer (and one 64 MB database) whichever way the default folder is asked for
        return hyperscan_tokenizer(cache_dir) if cache_dir else hyperscan_tokenizer()
    return windowed_tokenizer()


# Hyperscan compiles eyecite's patterns once (about 20 s, 64 MB) and keeps them here.
HYPERSCAN_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kb" / "hyperscan"

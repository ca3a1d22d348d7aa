"""Quotes: who gets to speak in each outlet, in whose words, with which reporting verb.

The per-article quotes come from the extractor (:mod:`analysis.extract.quotes`,
read back from the extraction store or from the shared parse:
:func:`analysis.store.article_rows`); this module links speakers to actors
and builds the tables: :func:`quotes` (one row per quote),
:func:`share_of_voice`, :func:`verb_profile`, :func:`shared_statements`,
and the report summaries :func:`top_speakers` and :func:`verb_classes_by_outlet`.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp
from rapidfuzz import fuzz

from ..extract.quotemarks import quoted_spans
from ..extract.quotes.roles import affiliation_key
from ..extract.rows import rows_to_quotes
from ..store import article_rows, table
from .actors import actors as actor_table

if TYPE_CHECKING:
    from ..core.corpus import Corpus

__all__ = ["QUOTE_COLUMNS", "quotes", "share_of_voice", "verb_profile", "shared_statements", "statement_copies",
           "speaker_name", "speaker_label", "top_speakers", "verb_classes_by_outlet"]

QUOTE_COLUMNS = ["doc_id", "outlet", "quote", "kind", "start", "end", "speaker", "speaker_mention",
                 "speaker_start", "speaker_end", "speaker_actor_id", "side", "anonymous", "affiliation",
                 "cue", "verb_class", "n_words", "medium", "speaker_role", "speaker_affiliation"]

# The actor dictionary's type -> speaker_role (the dictionary wins where it says; a person or an
# organisation type says nothing about the role, the text decides).
_ROLE_OF_TYPE = {"state": "government official", "government": "government official",
                 "international body": "government official", "military": "military", "armed group": "military",
                 "media": "journalist or media"}
_STATE_TYPES = frozenset({"state", "government"})


def _quoted_words(content: str, kind: str) -> int:
    """Words a quote gives its speaker: in a split direct quote ('“A,” he said. “B.”') only the
    words inside quotation marks, not the frame's."""
    if kind == "direct":
        parts = [q for q in quoted_spans(content) if q.level == 0]
        # Marks that pair up otherwise than the quote ('“A “b” c.”' read as two quotes) keep the
        # whole count.
        if len(parts) > 1 and parts[0].start == 0 and parts[-1].end == len(content.rstrip()):
            return sum(len(content[q.start:q.end].split()) for q in parts)
    return len(content.split())


@table
def quotes(corpus, *, model: str | None = None) -> pd.DataFrame:
    """One row per quote in the corpus.

    Columns: ``doc_id, outlet, quote, kind (direct|indirect|mixed), start,
    end, speaker, speaker_mention, speaker_start, speaker_end,
    speaker_actor_id, side, anonymous, affiliation, cue, verb_class,
    n_words, medium, speaker_role, speaker_affiliation``.  Offsets are into ``corpus.articles.text``;
    ``quote == text[start:end]``.  ``speaker_mention`` is the words naming the
    source where it is written ("he", "the ministry"); ``speaker`` the
    resolved name; ``cue`` the reporting verb's lemma; ``medium`` the
    channel the text names apart from the speaker ("a statement", "the
    newspaper"), else None.  ``speaker_role`` is one of government official,
    politician, military, expert, advocate, business, citizen, journalist or
    media, anonymous, unknown; ``speaker_affiliation`` the party, country or
    organisation as the text writes it ("R-Minn.", "Republican", "SDF"), else
    None; both read from the speaker's titles, appositions, parentheticals
    and modifiers anywhere in the article (:mod:`analysis.extract.quotes.roles`),
    and from the actor dictionary where the speaker is one of its actors (its
    type gives the role: state, government -> government official, military,
    armed group -> military, media -> journalist or media; a body's name is
    its affiliation); a named speaker whose article says nothing of their role
    or affiliation takes what most other articles quoting the same actor say
    (:func:`_roles_across_articles`). ``affiliation`` stays the anonymous
    source's.  Sorted by doc_id and start.
    """
    # The actors table (speaker links, below) made first, while this process holds no quote: made in
    # a child of this one (analysis.store.table), it would otherwise start with every quote's row.
    actor_table.prepare(corpus)
    rows = []
    per_doc = article_rows(corpus, "quotes", model=model)
    for art in corpus.articles.itertuples(index=False):
        text = art.text
        for q in rows_to_quotes(per_doc[art.doc_id]):
            rows.append({"doc_id": art.doc_id, "outlet": art.outlet, "quote": text[q.start:q.end],
                         "kind": q.kind, "start": q.start, "end": q.end, "speaker": q.speaker,
                         "speaker_mention": q.speaker_mention, "speaker_start": q.speaker_start,
                         "speaker_end": q.speaker_end, "speaker_actor_id": None, "side": None,
                         "anonymous": bool(q.anonymous), "affiliation": q.affiliation, "cue": q.cue,
                         "verb_class": q.verb_class, "n_words": _quoted_words(text[q.start:q.end], q.kind),
                         "medium": q.medium, "speaker_role": q.speaker_role,
                         "speaker_affiliation": q.speaker_affiliation})
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    frame = frame.astype({"start": int, "end": int, "n_words": int, "anonymous": bool})
    for col in ("speaker_start", "speaker_end"):
        frame[col] = frame[col].astype("Int64")
    frame = _link_speakers_to_actors(frame, corpus)
    frame = _roles_from_dictionary(frame, corpus)
    frame = _roles_across_articles(frame)
    return frame.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)


def _link_speakers_to_actors(quotes_df: pd.DataFrame, corpus) -> pd.DataFrame:
    """Fill ``speaker_actor_id`` and ``side`` from the actors table.

    The actor mention that overlaps the speaker's words most wins ("spokesman
    Sean Spicer" -> sean-spicer), so a speaker gets the id the actors table
    gave that mention (people unified across the corpus).  For a pronoun or a
    nominal mention, the resolved speaker name is looked up among the
    article's actor mentions (its surfaces, without a possessive, then its
    last word: "Mr. Paddock" -> the Paddock the article named), then among
    the corpus's actor names and unambiguous surfaces, only where one actor
    answers to it (a bare "Clinton" of another article stays unlinked).
    """
    if quotes_df.empty:
        return quotes_df
    mentions = actor_table(corpus)
    # Plain sorted lists per document: a pandas filter per quote costs more than extracting the quotes.
    by_doc: dict[str, list[tuple[int, int, str, str]]] = {}
    in_doc: dict[tuple[str, str], dict[str, str]] = {}
    in_corpus: dict[str, dict[str, str]] = {}

    def forms(text: str) -> set[str]:
        key = " ".join(str(text).split()).casefold()
        for tail in ("'s", "’s"):
            if key.endswith(tail):
                key = key[:-len(tail)]
        return {key, key.split()[-1]} if key else set()

    cols = ["doc_id", "start", "end", "actor_id", "side", "surface", "actor_name", "source"]
    ambiguous = mentions["ambiguous"] if "ambiguous" in mentions else pd.Series(False, index=mentions.index)
    for row, amb in zip(mentions[cols].itertuples(index=False), ambiguous):
        by_doc.setdefault(row.doc_id, []).append((int(row.start), int(row.end), row.actor_id, row.side))
        if row.source == "nominal":
            continue
        for key in forms(row.surface) | forms(row.actor_name):
            in_doc.setdefault((row.doc_id, key), {})[row.actor_id] = row.side
        corpus_keys = {str(row.actor_name).casefold()}
        if not amb:
            corpus_keys.add(" ".join(str(row.surface).split()).casefold())
        for key in corpus_keys:
            in_corpus.setdefault(key, {})[row.actor_id] = row.side
    for rows in by_doc.values():
        rows.sort(key=lambda r: (r[0], r[1]))
    starts_of = {d: [r[0] for r in rows] for d, rows in by_doc.items()}
    longest = max((r[1] - r[0] for rows in by_doc.values() for r in rows), default=0)

    def by_name(doc_id: str, speaker: str) -> tuple[str, str] | None:
        key = " ".join(speaker.split()).casefold()
        for k in (key, *sorted(forms(speaker) - {key}, key=len, reverse=True)):
            hits = in_doc.get((doc_id, k))
            if hits and len(hits) == 1:
                return next(iter(hits.items()))
        hits = in_corpus.get(key)
        return next(iter(hits.items())) if hits and len(hits) == 1 else None

    ids, sides = [], []
    for q in quotes_df[["doc_id", "speaker_start", "speaker_end", "speaker"]].itertuples(index=False):
        found = None
        rows = by_doc.get(q.doc_id)
        if rows and pd.notna(q.speaker_start):
            s0, s1 = int(q.speaker_start), int(q.speaker_end)
            lo = bisect.bisect_left(starts_of[q.doc_id], s0 - longest)
            hi = bisect.bisect_left(starts_of[q.doc_id], s1)
            best = 0
            for start, end, actor_id, side in rows[lo:hi]:
                overlap = min(end, s1) - max(start, s0)
                if overlap > best:
                    best, found = overlap, (actor_id, side)
        if found is None and isinstance(q.speaker, str) and q.speaker.strip():
            found = by_name(q.doc_id, q.speaker)
        ids.append(found[0] if found else None)
        sides.append(found[1] if found else None)
    quotes_df = quotes_df.copy()
    quotes_df["speaker_actor_id"] = ids
    quotes_df["side"] = sides
    return quotes_df


# A speaker's role or affiliation read in other articles fills an 'unknown' or empty one: at least
# this share of the articles quoting the actor with one agree, and at least this many articles.  On
# PolNeAR train as a corpus (840 articles, 13,319 quotes of named speakers with an actor id), 3,598
# had no role and 5,151 no affiliation; 1,542 roles and 1,260 affiliations were filled.
_ROLE_AGREEMENT, _ROLE_ARTICLES = 2 / 3, 2


def _roles_across_articles(quotes_df: pd.DataFrame) -> pd.DataFrame:
    """An ``unknown`` (or age-only ``citizen``) role or a missing affiliation of a named speaker from
    what the other articles
    that quote the same actor (one id across the corpus, :func:`analysis.tables.actors.actors`) say:
    an article that quotes 'Trump' without saying what he is leaves it to the articles that do.
    Each article counts once for an actor (an article that quotes him twenty times is one voice), and
    only a clear majority of at least :data:`_ROLE_ARTICLES` articles fills
    (:data:`_ROLE_AGREEMENT`).  Affiliations are compared by
    :func:`~analysis.extract.quotes.roles.affiliation_key` ('R-N.Y.', 'GOP' and 'Republican' are one
    party) and filled with the form the articles write most; the same person as 'Democratic',
    'I-Vt.' and 'Vermont' is no majority and stays empty.  Anonymous quotes are left alone."""
    if quotes_df.empty or quotes_df["doc_id"].nunique() < _ROLE_ARTICLES:
        return quotes_df  # (an article page's one-article corpus: nothing to vote)
    named = quotes_df["speaker_actor_id"].notna() & ~quotes_df["anonymous"]
    quotes_df = quotes_df.copy()
    # 'citizen' is what an age alone gives ('Donald Trump, 70,'): weak evidence the other articles
    # may overrule, as they fill 'unknown'; votes for 'citizen' are not counted either
    for col, missing in (("speaker_role", quotes_df["speaker_role"].isin(["unknown", "citizen"])),
                         ("speaker_affiliation", quotes_df["speaker_affiliation"].isna())):
        known = quotes_df[named & ~missing]
        if col == "speaker_affiliation":
            key = known[col].map(affiliation_key)
            known = known.assign(key=key)[key != ""]
        else:
            known = known.assign(key=known[col])
        per_article = known.drop_duplicates(["speaker_actor_id", "doc_id", "key"])
        votes = per_article.groupby("speaker_actor_id").agg(rows=("key", "size"), articles=("doc_id", "nunique"))
        top = (per_article.groupby(["speaker_actor_id", "key"]).size().rename("n").reset_index()
               .sort_values(["speaker_actor_id", "n", "key"], ascending=[True, False, True])
               .drop_duplicates("speaker_actor_id").join(votes, on="speaker_actor_id"))
        top = top[(top["articles"] >= _ROLE_ARTICLES) & (top["n"] >= _ROLE_AGREEMENT * top["rows"])]
        # the form the articles write most for the winning key (ties: the first in order)
        written = known.merge(top[["speaker_actor_id", "key"]], on=["speaker_actor_id", "key"])
        written = (written.groupby(["speaker_actor_id", col]).size().rename("n").reset_index()
                   .sort_values(["speaker_actor_id", "n", col], ascending=[True, False, True])
                   .drop_duplicates("speaker_actor_id"))
        fill = dict(zip(written["speaker_actor_id"], written[col]))
        todo = named & missing & quotes_df["speaker_actor_id"].isin(fill)
        quotes_df.loc[todo, col] = quotes_df.loc[todo, "speaker_actor_id"].map(fill)
    return quotes_df


def _roles_from_dictionary(quotes_df: pd.DataFrame, corpus) -> pd.DataFrame:
    """``speaker_role`` and ``speaker_affiliation`` from the actor dictionary where the speaker is
    one of its actors (``source == 'dictionary'`` in the actors table): the actor's type gives the
    role (``_ROLE_OF_TYPE``; the text's 'military' where the type is only a state body,
    :data:`_STATE_TYPES`), a body's name is its affiliation; the text's reading stays elsewhere."""
    if quotes_df.empty or quotes_df["speaker_actor_id"].isna().all():
        return quotes_df
    mentions = actor_table(corpus)
    mentions = mentions[mentions["source"] == "dictionary"]
    listed = mentions.drop_duplicates("actor_id").set_index("actor_id")
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for d, a, s0, s1 in zip(mentions["doc_id"], mentions["actor_id"], mentions["start"], mentions["end"]):
        spans.setdefault((d, a), []).append((int(s0), int(s1)))

    def is_the_actor(doc_id, actor_id, s0, s1) -> bool:
        # The speaker is the actor, not someone the actor's name describes ('a top US general'):
        # the actor's mention covers at least half the speaker's words, or none overlaps them
        # (a pronoun or description resolved to the actor by name).
        if pd.isna(s0) or s1 <= s0:
            return True
        overlaps = [min(e, s1) - max(s, s0) for s, e in spans.get((doc_id, actor_id), ())]
        overlaps = [o for o in overlaps if o > 0]
        return not overlaps or max(overlaps) >= 0.5 * (s1 - s0)

    roles, affs = [], []
    for doc_id, actor_id, s0, s1, role, aff in zip(quotes_df["doc_id"], quotes_df["speaker_actor_id"],
                                                   quotes_df["speaker_start"], quotes_df["speaker_end"],
                                                   quotes_df["speaker_role"], quotes_df["speaker_affiliation"]):
        if isinstance(actor_id, str) and actor_id in listed.index and is_the_actor(doc_id, actor_id, s0, s1):
            kind = listed.at[actor_id, "actor_type"]
            typed = _ROLE_OF_TYPE.get(kind, role)
            # A 'state' or 'government' type does not tell a civil body from a military one: the
            # text's 'military' stands ('the Russian Defense Ministry', 'the Pentagon').
            if role != "anonymous" and not (role == "military" and kind in _STATE_TYPES):
                role = typed
            if kind != "person":
                aff = listed.at[actor_id, "actor_name"]
        roles.append(role)
        affs.append(aff)
    quotes_df = quotes_df.copy()
    quotes_df["speaker_role"] = roles
    quotes_df["speaker_affiliation"] = affs
    return quotes_df


_quotes = quotes  # for the summaries below, whose ``quotes`` argument shadows the table


_GROUPS = {"side": "side", "role": "speaker_role", "affiliation": "speaker_affiliation"}


@table
def share_of_voice(corpus, *, by_actor: bool = False, by: str = "side") -> pd.DataFrame:
    """Who gets to speak, per outlet and side (and actor with ``by_actor``).

    ``by`` groups the speakers: ``"side"`` (the actor dictionary's sides),
    ``"role"`` (``speaker_role``: government official, politician, military,
    ...; read from the text, so it says something without a dictionary) or
    ``"affiliation"`` (``speaker_affiliation`` as written).

    Columns: ``outlet, side[, speaker_actor_id], quotes, quoted_words,
    direct, indirect, mixed, named, anonymous, share_quotes, share_words``
    (shares of the outlet's quotes / quoted words, rounded to 3 places),
    with ``speaker_role`` or ``speaker_affiliation`` in place of ``side``
    for the other groupings.  Quotes without a side (role, affiliation) fall
    under ``unknown``.
    """
    if by not in _GROUPS:
        raise ValueError(f"share_of_voice: by={by!r} is not one of {sorted(_GROUPS)}")
    group = _GROUPS[by]
    q = quotes(corpus)
    q[group] = q[group].fillna("unknown").replace("", "unknown")
    keys = ["outlet", group] + (["speaker_actor_id"] if by_actor else [])
    if by_actor:
        q["speaker_actor_id"] = q["speaker_actor_id"].fillna("")
    cols = keys + ["quotes", "quoted_words", "direct", "indirect", "mixed", "named", "anonymous",
                   "share_quotes", "share_words"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    g = q.groupby(keys, dropna=False)
    out = g.agg(quotes=("quote", "size"), quoted_words=("n_words", "sum"),
                direct=("kind", lambda s: int((s == "direct").sum())),
                indirect=("kind", lambda s: int((s == "indirect").sum())),
                mixed=("kind", lambda s: int((s == "mixed").sum())),
                anonymous=("anonymous", "sum")).reset_index()
    out["named"] = out["quotes"] - out["anonymous"]
    tot = out.groupby("outlet")[["quotes", "quoted_words"]].transform("sum")
    out["share_quotes"] = (out["quotes"] / tot["quotes"]).round(3)
    out["share_words"] = (out["quoted_words"] / tot["quoted_words"].where(tot["quoted_words"] > 0)).round(3)
    out = out.astype({c: int for c in ("quotes", "quoted_words", "direct", "indirect", "mixed", "named",
                                       "anonymous")})
    return out[cols].sort_values(keys, kind="stable").reset_index(drop=True)


@table
def verb_profile(corpus) -> pd.DataFrame:
    """Reporting-verb class by speaker side and outlet (who gets "said", who gets "claimed").

    Columns: ``outlet, side, verb_class, quotes, share`` -- share of the
    (outlet, side)'s cued quotes, rounded to 3 places.  Quotes without a cue
    (bare quotes) are left out.
    """
    q = quotes(corpus)
    q = q[q["verb_class"].notna()].copy()
    cols = ["outlet", "side", "verb_class", "quotes", "share"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    q["side"] = q["side"].fillna("unknown").replace("", "unknown")
    out = q.groupby(["outlet", "side", "verb_class"]).size().rename("quotes").reset_index()
    out["share"] = (out["quotes"] / out.groupby(["outlet", "side"])["quotes"].transform("sum")).round(3)
    return out[cols].sort_values(["outlet", "side", "verb_class"], kind="stable").reset_index(drop=True)


# A token in more quotes than this share of them (and than _COMMON_MIN) is too common to make
# two quotes candidates for one statement ("say", "people"); it still counts in their score.
_COMMON_SHARE = 0.05
_COMMON_MIN = 50


def _statement_candidates(keys: list[str], *, min_shared: int,
                          apart: np.ndarray | None = None) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, i < j, in order, of statement keys that share ``min_shared`` tokens or more, one of
    them not common (see ``_COMMON_SHARE``); with ``apart`` (a code per key), only pairs whose codes
    differ (quotes of two outlets), dropped before anything is built for them.

    Blocking instead of all pairs: the candidate pairs come from a sparse
    token-by-quote product (scipy), so the cost follows the pairs that share a
    rare token, not the square of the number of quotes.  A corpus that holds
    one outlet's article several times (a re-crawl, an export of updates) has
    many same-outlet pairs: on PolNeAR train repeated four times they were
    most of the candidates, and a Python tuple each.
    """
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, key in enumerate(keys):
        for w in set(key.split()):
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    if not vocab:
        return
    n = len(keys)
    X = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(n, len(vocab)))
    df = np.asarray(X.sum(axis=0)).ravel()
    rare = X[:, np.flatnonzero(df <= max(_COMMON_MIN, _COMMON_SHARE * n))].tocsr()
    rare_t = rare.T.tocsr()
    step = 200_000
    # The product is made for a block of keys at a time and its pairs handed out as they are
    # checked, so what is held follows one block's pairs.  All at once, PolNeAR train filed four
    # times (1.19 million pairs kept) took 250 MiB for the product and as much again for the
    # pairs as Python tuples.
    for lo in range(0, n, _BLOCK_KEYS):
        block = (rare[lo:lo + _BLOCK_KEYS] @ rare_t).tocoo()
        row, col = block.row.astype(np.int64) + lo, block.col.astype(np.int64)
        del block
        keep = col > row
        if apart is not None:
            keep &= apart[row] != apart[col]
        row, col = row[keep], col[keep]
        order = np.lexsort((col, row))
        row, col = row[order], col[order]
        for start in range(0, len(row), step):
            i, j = row[start:start + step], col[start:start + step]
            shared = np.asarray(X[i].multiply(X[j]).sum(axis=1)).ravel()
            keep = shared >= min_shared
            yield from zip(i[keep].tolist(), j[keep].tolist())


_BLOCK_KEYS = 1024  # statement keys whose candidate pairs are found together


def _statement_nodes(corpus, min_words: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quotes of at least ``min_words`` words with their statement key (``key``), ``owner`` and
    ``node``: one node per owner (the outlet; the article when the corpus has one outlet) and
    non-empty key; and each node's first quote, its representative, in node order."""
    q = quotes(corpus)
    q = q[q["n_words"] >= min_words].reset_index(drop=True)
    stored = article_rows(corpus, "quotes")
    by_span = {(d, r["start"], r["end"]): r["statement_key"] for d, rs in stored.items() for r in rs}
    keys = [by_span.get((r.doc_id, r.start, r.end), "") for r in q.itertuples()]
    several_outlets = q["outlet"].nunique() > 1
    owner = (q["outlet"] if several_outlets else q["doc_id"]).astype(str)
    # an empty key (no content word) is a node of its own: nothing to say it is the same statement
    ident = [f"{o}\x00{k}" if k else f"\x01{n}" for n, (o, k) in enumerate(zip(owner, keys))]
    q = q.assign(key=keys, node=pd.factorize(pd.Series(ident))[0], owner=owner)
    # factorize numbers the nodes in order of first appearance: the representatives in node order
    return q, q.drop_duplicates("node").reset_index(drop=True)


@table
def shared_statements(corpus, *, threshold: float = 55.0, min_words: int = 6, min_shared: int = 2) -> pd.DataFrame:
    """The same statement quoted by several outlets, also in different English words.

    Pairs of quotes from different documents (and outlets when the corpus has
    several) whose statement keys (:func:`analysis.extract.statements.statement_key`:
    content lemmas, names and numbers; lemmas absorb part of the translation
    differences, "conducting"/"conducts") share at least ``min_shared`` tokens,
    one of them not common to many quotes, are scored with rapidfuzz: the mean
    of ``token_set_ratio`` (the shared core) and ``token_sort_ratio`` (which
    punishes a tiny subset match); pairs scoring at least ``threshold`` (0-100)
    are kept.  Quotes of fewer than ``min_words`` words are left out.

    One statement quoted again by the same outlet in the same content words
    (a re-crawl, an article filed again, a follow-up repeating the quote) is
    one side of a pair, shown by its first quote (by doc_id and offset), with
    ``copies_a`` / ``copies_b`` the number of that outlet's quotes it stands
    for (:func:`statement_copies` lists them): PolNeAR train filed four times
    made 16 pairs of every pair, 1.18 million rows.

    Columns: ``doc_id_a, outlet_a, start_a, end_a, quote_a, speaker_a,
    doc_id_b, outlet_b, start_b, end_b, quote_b, speaker_b, score, copies_a,
    copies_b`` sorted by score (descending), then doc ids and offsets.
    """
    cols = ["doc_id_a", "outlet_a", "start_a", "end_a", "quote_a", "speaker_a",
            "doc_id_b", "outlet_b", "start_b", "end_b", "quote_b", "speaker_b", "score", "copies_a", "copies_b"]
    q, reps = _statement_nodes(corpus, min_words)
    keys = reps["key"].tolist()
    sizes = q["node"].value_counts().reindex(range(len(reps))).to_numpy()
    # pairs of two owners: two outlets when the corpus has several (same doc implies same outlet)
    apart = pd.factorize(reps["owner"])[0]
    rows = []
    recs = list(reps.itertuples())
    for i, j in _statement_candidates(keys, min_shared=min_shared, apart=apart):
        a, b = recs[i], recs[j]
        score = 0.5 * fuzz.token_set_ratio(keys[i], keys[j]) + 0.5 * fuzz.token_sort_ratio(keys[i], keys[j])
        if score >= threshold:
            rows.append([a.doc_id, a.outlet, a.start, a.end, a.quote, a.speaker,
                         b.doc_id, b.outlet, b.start, b.end, b.quote, b.speaker, round(score, 1),
                         int(sizes[i]), int(sizes[j])])
    out = pd.DataFrame(rows, columns=cols).astype({"copies_a": int, "copies_b": int})
    return out.sort_values(["score", "doc_id_a", "start_a", "doc_id_b", "start_b"],
                           ascending=[False, True, True, True, True], kind="stable").reset_index(drop=True)


def statement_copies(corpus, *, min_words: int = 6) -> pd.DataFrame:
    """Which quote each side of :func:`shared_statements` stands for: ``doc_id, start, doc_id_rep,
    start_rep`` (the representative's doc_id and start), a row for every quote of at least
    ``min_words`` words, itself included."""
    q, reps = _statement_nodes(corpus, min_words)
    reps = reps.set_index("node")
    return pd.DataFrame({"doc_id": q["doc_id"], "start": q["start"],
                         "doc_id_rep": q["node"].map(reps["doc_id"]).to_numpy(),
                         "start_rep": q["node"].map(reps["start"]).to_numpy()})


# --------------------------------------------------------------------------- summaries for the reports

def speaker_name(speaker, mention) -> str:
    """A quote's speaker as the reports name it: the resolved speaker, else the words naming it ('' if none)."""
    for value in (speaker, mention):
        if isinstance(value, str) and value:
            return value
    return ""


def speaker_label(quotes: pd.DataFrame) -> pd.Series:
    """:func:`speaker_name` of every quote row, '(unknown)' where there is none."""
    return pd.Series([speaker_name(s, m) or "(unknown)" for s, m in zip(quotes["speaker"], quotes["speaker_mention"])],
                     index=quotes.index, dtype=object)


@table
def top_speakers(corpus: Corpus, *, n: int = 5, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``n`` most quoted speakers of each outlet.

    Speakers are grouped by actor id where the quote extractor linked one
    (so "Dunford" and "General Joe Dunford" are one speaker), else by name.

    Columns: ``outlet, rank, speaker, speaker_actor_id, side, quotes,
    quoted_words, direct, anonymous``; ranked by quotes, then quoted words,
    then name.
    """
    q = _quotes(corpus) if quotes is None else quotes
    cols = ["outlet", "rank", "speaker", "speaker_actor_id", "side", "quotes", "quoted_words", "direct", "anonymous"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    q = q.assign(label=speaker_label(q), speaker_actor_id=q["speaker_actor_id"].fillna(""),
                 side=q["side"].fillna("unknown").replace("", "unknown"))
    q["key"] = q["speaker_actor_id"].where(q["speaker_actor_id"] != "", "name:" + q["label"])
    # The longest name used for the speaker (the fullest form) labels the group.
    names = q.assign(_len=q["label"].str.len()).sort_values(["key", "_len", "label"], ascending=[True, False, True]) \
        .drop_duplicates("key").set_index("key")["label"]
    out = q.groupby(["outlet", "key"]).agg(side=("side", "first"), speaker_actor_id=("speaker_actor_id", "first"),
                                           quotes=("quote", "size"), quoted_words=("n_words", "sum"),
                                           direct=("kind", lambda s: int((s == "direct").sum())),
                                           anonymous=("anonymous", "sum")).reset_index()
    out["speaker"] = out["key"].map(names)
    out = out.sort_values(["outlet", "quotes", "quoted_words", "speaker"], ascending=[True, False, False, True],
                          kind="stable")
    out["rank"] = out.groupby("outlet").cumcount() + 1
    out = out[out["rank"] <= n].astype({"quotes": int, "quoted_words": int, "direct": int, "anonymous": int})
    return out[cols].reset_index(drop=True)


@table
def verb_classes_by_outlet(corpus: Corpus, *, profile: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reporting-verb classes per outlet, all speakers together: ``outlet, verb_class, quotes, share``.

    From :func:`analysis.tables.quotes.verb_profile` summed over sides; ``share`` of the
    outlet's cued quotes, rounded to 3 places.
    """
    profile = verb_profile(corpus) if profile is None else profile
    cols = ["outlet", "verb_class", "quotes", "share"]
    if profile.empty:
        return pd.DataFrame(columns=cols)
    out = profile.groupby(["outlet", "verb_class"])["quotes"].sum().reset_index()
    out["share"] = (out["quotes"] / out.groupby("outlet")["quotes"].transform("sum")).round(3)
    return out[cols].sort_values(["outlet", "verb_class"]).reset_index(drop=True)

"""Stories: which articles report the same event, and the outlets compared story by story.

Outlets can only be compared fairly on the same event: an outlet that wrote
about another day's news is not framing the first one differently.  This
module groups a corpus into stories and restricts the comparisons to them:

* :func:`stories` -- one row per article: its story (a manifest/export
  ``story`` column as given, else found by clustering), a short label, and
  the article's similarity to its story;
* :func:`story_coverage` -- story x outlet: who covered each story, and which
  outlets were publishing at the time but did not;
* :func:`story_corpus` -- the part of a corpus one story holds (any table --
  quotes, naming, hedges, shared statements, reuse -- for that story alone);
* :func:`story_measures` and :func:`matched_comparisons` -- per story and
  outlet: share of voice by speaker type, direct-quote share, hedges per
  1,000 words, reporting-verb classes; and for each pair of outlets the
  paired difference over the stories both covered, with a bootstrap
  interval over stories (the event held fixed);
* :func:`bcubed` -- B-cubed precision, recall and F1 of a grouping against a
  gold one (Bagga & Baldwin 1998), for scoring story grouping.

The clustering follows retrospective event detection in the Topic Detection
and Tracking tradition (Yang, Pierce & Carbonell 1998, "A study on
retrospective and on-line event detection", SIGIR): TF-IDF document vectors,
cosine similarity damped by the time between two articles, and group-average
agglomerative clustering (UPGMA) cut at a similarity threshold.  It scales by
blocking (see :func:`stories`): no similarity matrix is built over more than
one connected group of candidate articles.
"""
from __future__ import annotations

import hashlib
import logging
import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.cluster import contingency_matrix
from sklearn.preprocessing import normalize
from spacy.util import get_lang_class

from ..store import subset, table
from .framing import hedges
from .quotes import quotes
from .sources import sources, typed_quotes

if TYPE_CHECKING:
    from ..core.corpus import Corpus

__all__ = ["STORY_COLUMNS", "STORY_COLUMN_NAMES", "COVERAGE_COLUMNS", "MEASURE_COLUMNS", "MATCHED_COLUMNS",
           "stories", "story_coverage", "story_corpus", "story_measures", "matched_comparisons", "bcubed"]

log = logging.getLogger(__name__)

STORY_COLUMNS = ["doc_id", "story_id", "story_label", "method", "score"]
# Manifest / export columns naming an article's story, in the order they are looked for.
STORY_COLUMN_NAMES = ("story", "story_id", "event")
COVERAGE_COLUMNS = ["story_id", "story_label", "outlet", "status", "articles", "words", "first_date", "last_date",
                    "outlet_articles_during"]
MEASURE_COLUMNS = ["story_id", "outlet", "measure", "value", "n"]
MATCHED_COLUMNS = ["outlet_a", "outlet_b", "measure", "n_stories", "mean_a", "mean_b", "diff", "ci_low", "ci_high"]

# A word: letters, inner apostrophes and hyphens ("ez-zor", "o'brien"); digits alone are no word.
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
_DAY = 86400.0


# --------------------------------------------------------------------------- features

def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop list of an ISO 639-1 language (no model needed); empty for an unknown or blank code."""
    try:
        return frozenset(get_lang_class((language or "")[:2].lower()).Defaults.stop_words)
    except Exception:  # spaCy raises ImportError / KeyError / ValueError for languages it lacks
        return frozenset()


def _content_words(text: str, stop: frozenset[str]) -> list[str]:
    words = (m.group(0).lower().replace("’", "'") for m in _WORD.finditer(text))
    return [w for w in words if len(w) > 1 and w not in stop]


def _features(articles: pd.DataFrame, *, title_weight: float) -> tuple[sp.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF rows of ``articles`` (in their order) and the content-word vocabulary.

    Two blocks, stacked and normalised together: content words of headline
    and text (sublinear tf, smoothed idf), and the headline's words alone,
    weighted ``title_weight`` (the headline names the event; TDT systems
    weight it up the same way).  Stop words are spaCy's list for each
    article's language.
    """
    def column(name: str) -> list[str]:
        values = articles[name] if name in articles.columns else [""] * len(articles)
        return [v if isinstance(v, str) else "" for v in values]

    languages = column("language")
    stops = {lang: _stop_words(lang) for lang in set(languages)}
    titles = [_content_words(t, stops[lang]) for t, lang in zip(column("title"), languages)]
    bodies = [_content_words(t, stops[lang]) for t, lang in zip(column("text"), languages)]
    vec = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True, lowercase=False)
    try:
        body = vec.fit_transform([t + b for t, b in zip(titles, bodies)])
        vocab = vec.get_feature_names_out()
    except ValueError:  # no word at all in the corpus
        return sp.csr_matrix((len(articles), 0)), np.array([], dtype=object)
    blocks = [body]
    if title_weight and any(titles):
        blocks.append(title_weight * TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True,
                                                     lowercase=False).fit_transform(titles))
    return normalize(sp.hstack(blocks).tocsr()), vocab


def _days(articles: pd.DataFrame) -> np.ndarray:
    """Article dates in days (float); NaN for an article without a date."""
    if "date" not in articles.columns:
        return np.full(len(articles), np.nan)
    dates = pd.to_datetime(articles["date"])
    out = (dates - pd.Timestamp("1970-01-01")).dt.total_seconds().to_numpy(dtype=float) / _DAY
    return out


def _decay(delta: np.ndarray, *, window_days: float, decay_days: float, max_days: float) -> np.ndarray:
    """Time damping of a similarity: 1 within ``window_days``, then 1 / (1 + excess / decay_days),
    0 beyond ``max_days``; a missing date (NaN) does not damp."""
    delta = np.nan_to_num(np.abs(delta), nan=0.0)
    factor = 1.0 / (1.0 + np.maximum(0.0, delta - window_days) / decay_days)
    return np.where(delta <= max_days, factor, 0.0)


# --------------------------------------------------------------------------- blocking

_ROWS = 500  # rows of a block compared at once (memory, not results)


def _similar_pairs(X: sp.csr_matrix, days: np.ndarray, *, threshold: float, max_days: float, max_block: int,
                   common_share: float, candidate_floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``(i, j, cosine)``, i < j, dated at most ``max_days`` apart, whose cosine reaches ``threshold``
    (time damping, at most 1, is applied by the caller).

    Hand-written because no library blocks this way: sorted by date, the
    articles fall in consecutive blocks ``max_days`` long, and each block is
    compared with itself and the next block only, so the cost follows the
    articles of one period, not the square of the corpus.  A block pair of
    at most ``max_block`` articles is compared exactly (one sparse product,
    scipy); a larger one through its rare words only (words in at most
    ``common_share`` of the block pair's articles): pairs whose rare-word similarity
    reaches ``candidate_floor * threshold`` are candidates, and their exact
    cosine decides.  Undated articles are compared with every article.
    """
    n = X.shape[0]
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def compare(a: np.ndarray, b: np.ndarray) -> None:
        if not len(a) or not len(b):
            return
        exact = len(np.union1d(a, b)) <= max_block
        left, right, floor = X[a], X[b], threshold
        if not exact:  # the words common in this period (in the block pair) make no candidates
            both = np.union1d(a, b)
            df = np.bincount(X[both].indices, minlength=X.shape[1])
            rare = sp.diags((df <= max(2, common_share * len(both))).astype(float))
            left, right, floor = left @ rare, right @ rare, candidate_floor * threshold
        right = right.T.tocsc()
        # _ROWS rows of ``a`` at a time: the product of a block with itself holds a pair of many
        # copies of a story in every cell (PolNeAR train filed four times: 600 MB at once)
        for lo in range(0, len(a), _ROWS):
            prod = (left[lo:lo + _ROWS] @ right).tocoo()
            keep = prod.data >= floor
            i, j = a[lo + prod.row[keep]], b[prod.col[keep]]
            sim = prod.data[keep] if exact else _pair_similarity(X, i, j)
            found.append((np.minimum(i, j), np.maximum(i, j), sim))

    dated = np.flatnonzero(~np.isnan(days))
    if len(dated):
        order = dated[np.argsort(days[dated], kind="stable")]
        block = np.floor((days[order] - days[order[0]]) / max(max_days, 1e-9)).astype(np.int64)
        bounds = np.flatnonzero(np.diff(block)) + 1
        parts = np.split(order, bounds)
        keys = [int(block[0])] + [int(block[b]) for b in bounds]
        for k, part in enumerate(parts):
            nxt = parts[k + 1] if k + 1 < len(parts) and keys[k + 1] == keys[k] + 1 else order[:0]
            compare(part, np.concatenate([part, nxt]))
    compare(np.flatnonzero(np.isnan(days)), np.arange(n))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    i, j, sim = (np.concatenate(parts_) for parts_ in zip(*found))
    keep = i < j
    i, j, sim = i[keep], j[keep], sim[keep]
    _, first = np.unique(i * n + j, return_index=True)   # a pair seen twice (undated, overlapping blocks) once
    return i[first], j[first], sim[first]


def _pair_similarity(X: sp.csr_matrix, i: np.ndarray, j: np.ndarray, *, chunk: int = 50_000) -> np.ndarray:
    """Exact cosine of each pair (rows of X are L2-normalised), in chunks to bound memory."""
    out = np.empty(len(i))
    for s in range(0, len(i), chunk):
        a, b = X[i[s:s + chunk]], X[j[s:s + chunk]]
        out[s:s + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def _average_linkage(X: sp.csr_matrix, days: np.ndarray, *, threshold: float, window_days: float,
                     decay_days: float, max_days: float) -> np.ndarray:
    """Group-average (UPGMA) clusters of a block of articles cut at ``threshold`` (scipy)."""
    if X.shape[0] == 1:
        return np.ones(1, dtype=int)
    sim = (X @ X.T).toarray()
    sim *= _decay(days[:, None] - days[None, :], window_days=window_days, decay_days=decay_days,
                  max_days=max_days)
    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    return fcluster(linkage(squareform(dist, checks=False), "average"), 1.0 - threshold, "distance")


def _cluster(X: sp.csr_matrix, days: np.ndarray, *, threshold: float, window_days: float, decay_days: float,
             max_days: float, max_block: int, common_share: float, candidate_floor: float) -> np.ndarray:
    """Cluster labels (0..k-1) of the articles: blocking, then average linkage per connected block.

    Group-average clusters cut at ``threshold`` never join two articles unless
    a chain of pairs at or above ``threshold`` links them, so the connected
    components of the graph of such pairs hold every cluster whole: linkage
    runs on each component alone, exactly.  A component over ``max_block``
    articles is split by raising its edge threshold in steps of 0.02 until
    its parts fit (an approximation, logged).
    """
    n = X.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return labels
    i, j, sim = _similar_pairs(X, days, threshold=threshold, max_days=max_days, max_block=max_block,
                               common_share=common_share, candidate_floor=candidate_floor)
    sim = sim * _decay(days[i] - days[j], window_days=window_days, decay_days=decay_days,
                                             max_days=max_days)
    keep = sim >= threshold
    i, j, sim = i[keep], j[keep], sim[keep]
    next_label = 0
    todo = [(np.arange(n), i, j, sim, threshold)]
    while todo:
        members, ei, ej, es, edge = todo.pop()
        local = {int(m): k for k, m in enumerate(members)}
        li = np.array([local[int(x)] for x in ei], dtype=np.int64)
        lj = np.array([local[int(x)] for x in ej], dtype=np.int64)
        graph = sp.coo_matrix((np.ones(len(li)), (li, lj)), shape=(len(members), len(members)))
        _, comp = connected_components(graph, directed=False)
        order = np.argsort(comp, kind="stable")
        for part_idx in np.split(order, np.flatnonzero(np.diff(comp[order])) + 1):
            part, c = members[part_idx], comp[part_idx[0]]
            if len(part) == 1:
                labels[part] = next_label
                next_label += 1
                continue
            if len(part) > max_block:
                inside = (comp[li] == c) & (es >= edge + 0.02)
                log.warning("stories: a block of %d articles is over max_block=%d; splitting it at similarity "
                            "%.2f (approximate)", len(part), max_block, edge + 0.02)
                todo.append((part, ei[inside], ej[inside], es[inside], edge + 0.02))
                continue
            sub = _average_linkage(X[part], days[part], threshold=threshold, window_days=window_days,
                                   decay_days=decay_days, max_days=max_days)
            labels[part] = next_label + sub - 1
            next_label += int(sub.max())
    return labels


# --------------------------------------------------------------------------- the stories table

def _story_id(doc_ids) -> str:
    """An id derived from the story's members: stable across runs and article order."""
    h = hashlib.blake2b("\x1f".join(sorted(map(str, doc_ids))).encode("utf-8"), digest_size=5)
    return f"story-{h.hexdigest()}"


def _manifest_column(articles: pd.DataFrame) -> str | None:
    for name in STORY_COLUMN_NAMES:
        if name in articles.columns:
            return name
    return None


def _mean_to_others(X: sp.csr_matrix, groups: np.ndarray) -> np.ndarray:
    """Each article's mean cosine similarity to the other members of its group (NaN for a group of one)."""
    _, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    member = sp.csr_matrix((np.ones(len(groups)), (inverse, np.arange(len(groups)))))
    sums = member @ X                                       # each group's summed vector
    to_group = np.asarray(X.multiply(sums[inverse]).sum(axis=1)).ravel()
    self_sim = np.asarray(X.multiply(X).sum(axis=1)).ravel()
    size = counts[inverse]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(size > 1, (to_group - self_sim) / (size - 1), np.nan)


def _labels(X_words: sp.csr_matrix, vocab: np.ndarray, groups: np.ndarray, *, n_terms: int) -> dict:
    """group -> its heaviest ``n_terms`` content words (summed TF-IDF), comma-joined."""
    out = {}
    if not len(vocab):
        return {g: "" for g in np.unique(groups)}
    for g in np.unique(groups):
        weights = np.asarray(X_words[groups == g].sum(axis=0)).ravel()
        top = np.lexsort((vocab, -weights))[:n_terms]
        out[g] = ", ".join(vocab[k] for k in top if weights[k] > 0)
    return out


@table
def stories(corpus: "Corpus", *, threshold: float = 0.11, title_weight: float = 0.5, window_days: float = 30,
            decay_days: float = 90, max_days: float = 365, label_terms: int = 4, max_block: int = 2000,
            common_share: float = 0.05, candidate_floor: float = 0.5) -> pd.DataFrame:
    """The story of every article: ``doc_id, story_id, story_label, method, score``, one row per article.

    A ``story`` column in the manifest or export (or one named ``story_id`` or
    ``event``) is used as given: ``method == "manifest"``, ``story_id`` and
    ``story_label`` its value.  Articles without a value there (all of them
    when there is no such column) are grouped automatically
    (``method == "clustered"``): TF-IDF vectors of content words (headline and
    text, plus the headline alone weighted ``title_weight``; spaCy's stop
    list of each article's language; scikit-learn's vectoriser), cosine
    similarity damped by the days between two articles, and group-average
    agglomerative clustering (UPGMA, scipy) cut where the average similarity
    falls under ``threshold`` -- the retrospective event detection of Yang,
    Pierce & Carbonell (1998).  An article that fits no story stays alone:
    its own story of one.  No parse is needed (named entities would need the
    parser, 60x the loading time; capitalised words as a parse-free stand-in
    lowered B-cubed F1 on the development data, so neither is used).

    ``story_id`` is ``story-`` and a hash of the sorted member doc_ids (the
    same on every run and in any article order); ``story_label`` the
    story's heaviest content words (not one outlet's headline: the label
    should not take a side); ``score`` the article's mean cosine similarity
    (TF-IDF, undamped) to the other members of its story, NaN for a story of
    one.  Sorted by doc_id.

    Scale: pairs are compared only when dated at most ``max_days`` apart and
    sharing rare words (a sparse product per date block); linkage runs on
    each connected group of pairs above the threshold, exactly, never on the
    whole corpus (see ``max_block``).

    Defaults: chosen by cross-validation over the stories of the development
    corpus ``news_cluster`` (383 articles, 69 stories; ``tools/score_stories.py``):
    5 folds of stories, 3 random splits; on each fold the setting with the
    best B-cubed F1 on the other folds (among those that split the seeds into
    their two stories) was taken; the defaults are the setting chosen most
    often (held-out F1 0.930 on average; 0.935 on the whole corpus).

    Args:
        threshold: the average similarity two groups need to merge (0.11; the
            folds chose 0.10-0.12).  Higher: smaller, purer stories.
        title_weight: weight of the headline block (0.5; chosen over 1 in 11
            of 15 folds).
        window_days: days within which time does not damp similarity (30: a
            month of an event's reports and follow-ups; chosen in 10 of 15
            folds over 3, 7 and 14).
        decay_days: beyond the window, similarity is divided by
            ``1 + (days - window_days) / decay_days`` (90: a story a quarter
            past its month needs twice the similarity; chosen over 30, 60,
            180 and 365).  The seeds' two stories, three months apart and on
            one topic, are told apart by this damping.
        max_days: articles further apart are never compared (365: a year
            apart, damping already asks for about five times the threshold);
            also the date-block length of the blocking.
        label_terms: words in ``story_label`` (4).
        max_block: the most articles compared or linked at once (2,000: a
            2,000 x 2,000 float matrix, 32 MB); a larger date block is
            compared through its rare words, a larger connected group split.
        common_share: words in more than this share of a date block's articles
            do not make two of its articles candidates (0.05, as in
            :func:`analysis.tables.quotes.shared_statements`); they still count
            in the similarity.
        candidate_floor: a pair is a candidate when its rare-word similarity
            reaches this share of ``threshold`` (0.5); its exact similarity
            then decides.
    """
    arts = corpus.articles.sort_values("doc_id", kind="stable").reset_index(drop=True)
    if arts.empty:
        return pd.DataFrame(columns=STORY_COLUMNS).astype({"score": float})
    X, vocab = _features(arts, title_weight=title_weight)
    n_words = len(vocab)
    X_words = X[:, :n_words]
    column = _manifest_column(arts)
    given = arts[column].fillna("").astype(str).str.strip() if column else pd.Series("", index=arts.index)
    manual = (given != "").to_numpy()
    groups = np.empty(len(arts), dtype=object)
    ids = np.empty(len(arts), dtype=object)
    labels = np.empty(len(arts), dtype=object)
    groups[manual] = ["m:" + v for v in given[manual]]
    ids[manual] = given[manual].to_numpy()
    labels[manual] = given[manual].to_numpy()
    auto = np.flatnonzero(~manual)
    if len(auto):
        found = _cluster(X[auto], _days(arts.iloc[auto]), threshold=threshold, window_days=window_days,
                         decay_days=decay_days, max_days=max_days, max_block=max_block,
                         common_share=common_share, candidate_floor=candidate_floor)
        groups[auto] = [f"c:{k}" for k in found]
        doc_ids = arts["doc_id"].astype(str).to_numpy()
        auto_groups = pd.Series(doc_ids[auto]).groupby(found).agg(list)
        story_of = {k: _story_id(members) for k, members in auto_groups.items()}
        ids[auto] = [story_of[k] for k in found]
        words = _labels(X_words[auto], vocab, found, n_terms=label_terms)
        labels[auto] = [words[k] for k in found]
    frame = pd.DataFrame({"doc_id": arts["doc_id"], "story_id": ids, "story_label": labels,
                          "method": np.where(manual, "manifest", "clustered"),
                          "score": np.round(_mean_to_others(X, groups.astype(str)), 4)})
    return frame[STORY_COLUMNS].reset_index(drop=True)


def story_corpus(corpus: "Corpus", story_id: str, **options) -> "Corpus":
    """The articles of one story, as a corpus with the same attached store (:func:`analysis.store.subset`).

    Any table then compares the outlets on that story alone:
    ``quotes(story_corpus(corpus, sid))``, ``naming(...)``, ``hedges(...)``,
    ``shared_statements(...)``, ``reuse(...)``.  ``options`` go to
    :func:`stories`.

    Raises:
        ValueError: no story ``story_id`` in the corpus.
    """
    table_ = stories(corpus, **options)
    members = table_.loc[table_["story_id"] == str(story_id), "doc_id"]
    if members.empty:
        largest = table_["story_id"].value_counts().index[:5].tolist()
        raise ValueError(f"{corpus.name}: no story {story_id!r}; the largest are {largest}")
    return subset(corpus, members)


def _story_frame(corpus: "Corpus", options: dict) -> pd.DataFrame:
    """Articles with their story: ``doc_id, outlet, date, n_words, story_id, story_label``."""
    st = stories(corpus, **options)
    arts = corpus.articles.reindex(columns=["doc_id", "outlet", "date", "n_words"])
    arts = arts.assign(date=pd.to_datetime(arts["date"]), n_words=arts["n_words"].fillna(0).astype(int))
    return arts.merge(st[["doc_id", "story_id", "story_label"]], on="doc_id", how="inner")


@table
def story_coverage(corpus: "Corpus", *, slack_days: int = 1, **options) -> pd.DataFrame:
    """Story x outlet: who covered each story, and who was publishing then but did not.

    Columns: ``story_id, story_label, outlet, status`` (``covered``, or
    ``missed``: the outlet published other articles of the corpus while the
    story ran -- between its first and last date, widened by ``slack_days``
    each side (1: a day's lag in publishing or dating) -- but none on the
    story), ``articles, words`` (the outlet's on the story; 0 when missed),
    ``first_date, last_date`` (of the outlet's articles on the story; of the
    story when missed), ``outlet_articles_during`` (the outlet's articles of
    any story in that period).  Outlets that published nothing then are not
    listed for the story: they could not have covered it.  Undated stories
    list no missed outlets.  Sorted by story size (largest first), story_id,
    status, outlet.  ``options`` go to :func:`stories`.
    """
    frame = _story_frame(corpus, options)
    if frame.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    covered = frame.groupby(["story_id", "outlet"]).agg(
        story_label=("story_label", "first"), articles=("doc_id", "size"), words=("n_words", "sum"),
        first_date=("date", "min"), last_date=("date", "max")).reset_index()
    covered["status"] = "covered"
    span = frame.groupby("story_id").agg(story_label=("story_label", "first"), first=("date", "min"),
                                         last=("date", "max"), size=("doc_id", "size"))
    slack = pd.Timedelta(days=slack_days)
    dated = frame.dropna(subset=["date"])
    rows = []
    for sid, s in span.dropna(subset=["first"]).iterrows():
        lo, hi = s["first"].normalize() - slack, s["last"].normalize() + slack + pd.Timedelta(days=1)
        active = dated[(dated["date"] >= lo) & (dated["date"] < hi)].groupby("outlet").size()
        for outlet, n in active.items():
            rows.append((sid, outlet, int(n)))
    during = pd.DataFrame(rows, columns=["story_id", "outlet", "outlet_articles_during"])
    out = covered.merge(during, on=["story_id", "outlet"], how="outer")
    missed = out["status"].isna()
    out.loc[missed, "status"] = "missed"
    out.loc[missed, "story_label"] = out.loc[missed, "story_id"].map(span["story_label"])
    out.loc[missed, "first_date"] = out.loc[missed, "story_id"].map(span["first"])
    out.loc[missed, "last_date"] = out.loc[missed, "story_id"].map(span["last"])
    out[["articles", "words", "outlet_articles_during"]] = out[["articles", "words", "outlet_articles_during"]
                                                               ].fillna(0).astype(int)
    out["_size"] = out["story_id"].map(span["size"])
    out = out.sort_values(["_size", "story_id", "status", "outlet"], ascending=[False, True, True, True],
                          kind="stable")
    return out[COVERAGE_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- matched comparisons

@table
def story_measures(corpus: "Corpus", *, hedge_categories: tuple[str, ...] = ("hedge", "attribution_hedge"),
                   **options) -> pd.DataFrame:
    """Per story and outlet, the measures the matched comparisons pair up: ``story_id, outlet, measure, value, n``.

    Measures (``n`` is the count the value rests on):

    * ``voice:<type>`` -- share of the quoted words (:func:`analysis.tables.quotes.quotes`,
      ``n_words``) given to speakers of that type (``person, official,
      organisation, media, wire, anonymous, other``, the typing of
      :func:`analysis.tables.sources.sources`; ``unknown`` when no speaker is
      typed); n = quotes;
    * ``direct_share`` -- direct quotes / all quotes; n = quotes;
    * ``hedges_per_1000`` -- the outlet's own-voice hedges (``hedge_categories``
      of :func:`analysis.tables.framing.hedges`: hedges and attribution
      hedges; quoted speakers' hedges are theirs) per 1,000 words; n = words;
    * ``verb:<class>`` -- share of the cued quotes whose reporting verb is of
      that class (``verb_class``); n = cued quotes.

    A share is only defined for a story and outlet with quotes (cued quotes
    for ``verb:``); every type or class seen in the corpus gets a row there
    (0 when absent).  ``options`` go to :func:`stories`.  Sorted by story,
    outlet, measure.
    """
    frame = _story_frame(corpus, options)
    story_of = dict(zip(frame["doc_id"], frame["story_id"]))
    cells = frame.groupby(["story_id", "outlet"])["n_words"].sum()
    rows = []
    q = typed_quotes(corpus)
    q["story_id"] = q["doc_id"].map(story_of)
    if not q.empty:
        groups = sorted(q["group"].unique())
        classes = sorted(q["verb_class"].dropna().unique())
        for (sid, outlet), g in q.groupby(["story_id", "outlet"], sort=True):
            total = g["n_words"].sum()
            by_group = g.groupby("group")["n_words"].sum()
            for grp in groups:
                value = by_group.get(grp, 0) / total if total else np.nan
                rows.append((sid, outlet, f"voice:{grp}", value, len(g)))
            rows.append((sid, outlet, "direct_share", float((g["kind"] == "direct").mean()), len(g)))
            cued = g["verb_class"].dropna()
            if len(cued):
                shares = cued.value_counts(normalize=True)
                rows.extend((sid, outlet, f"verb:{c}", float(shares.get(c, 0.0)), len(cued)) for c in classes)
    h = hedges(corpus)
    h = h[h["category"].isin(hedge_categories) & (h["voice"] == "own")]
    n_hedges = h.assign(story_id=h["doc_id"].map(story_of)).groupby(["story_id", "outlet"]).size()
    for (sid, outlet), words in cells.items():
        if words > 0:
            rows.append((sid, outlet, "hedges_per_1000", 1000.0 * n_hedges.get((sid, outlet), 0) / words, int(words)))
    out = pd.DataFrame(rows, columns=MEASURE_COLUMNS).dropna(subset=["value"])
    out = out.astype({"value": float, "n": int}).round({"value": 4})
    return out.sort_values(["story_id", "outlet", "measure"], kind="stable").reset_index(drop=True)


@table
def matched_comparisons(corpus: "Corpus", *, n_boot: int = 2000, seed: int = 0, level: float = 0.95,
                        min_stories: int = 1, measures: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """For each pair of outlets, the paired difference of each measure over the stories both covered.

    Columns: ``outlet_a, outlet_b`` (a before b alphabetically), ``measure``
    (see :func:`story_measures`), ``n_stories`` (stories where both outlets
    have the measure), ``mean_a, mean_b`` (the outlets' means over those
    stories, each story weighted alike), ``diff`` (mean of a - b per story),
    ``ci_low, ci_high`` (percentile bootstrap interval of ``diff`` at
    ``level``: stories resampled with replacement ``n_boot`` times with
    numpy's generator seeded ``seed``; Efron & Tibshirani 1993, ch. 13;
    NaN with fewer than 2 stories).  Holding the story fixed, a difference
    is the outlets' and not the news agenda's.  Pairs sharing fewer than
    ``min_stories`` stories are left out.  Values rounded to 4 places; sorted
    by outlet_a, outlet_b, measure.

    Args:
        n_boot: bootstrap resamples (2,000: percentile limits at 95% settle
            to about 0.01 of their spread; Efron & Tibshirani recommend
            1,000-2,000 for intervals).
        seed: the generator's seed (fixed: the table is deterministic).
        level: the interval's coverage (0.95).
        min_stories: the fewest shared stories a pair needs to be listed (1).
        measures: a :func:`story_measures` table to compare instead of the corpus's own
            (``story_id, outlet, measure, value``).
        options: passed to :func:`stories`.
    """
    m = story_measures(corpus, **options) if measures is None else measures
    if m.empty:
        return pd.DataFrame(columns=MATCHED_COLUMNS)
    wide = m.pivot_table(index=["measure", "story_id"], columns="outlet", values="value", aggfunc="first")
    rng = np.random.default_rng(seed)
    alpha = (1.0 - level) / 2.0
    outlets = sorted(wide.columns)
    rows = []
    for measure, block in wide.groupby(level="measure", sort=True):
        values = block.to_numpy()
        for ia, a in enumerate(outlets):
            for ib in range(ia + 1, len(outlets)):
                both = ~np.isnan(values[:, ia]) & ~np.isnan(values[:, ib])
                n = int(both.sum())
                if n < max(1, min_stories):
                    continue
                va, vb = values[both, ia], values[both, ib]
                d = va - vb
                lo = hi = np.nan
                if n >= 2:
                    boot = d[rng.integers(0, n, size=(n_boot, n))].mean(axis=1)
                    lo, hi = np.quantile(boot, [alpha, 1.0 - alpha])
                rows.append((a, outlets[ib], measure, n, va.mean(), vb.mean(), d.mean(), lo, hi))
    out = pd.DataFrame(rows, columns=MATCHED_COLUMNS)
    num = ["mean_a", "mean_b", "diff", "ci_low", "ci_high"]
    out[num] = out[num].astype(float).round(4)
    return out.sort_values(["outlet_a", "outlet_b", "measure"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- scoring

def bcubed(predicted, gold) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a grouping against a gold grouping (Bagga & Baldwin 1998).

    ``predicted`` and ``gold`` are equal-length sequences of group labels, one
    per item.  Precision averages, over items, the share of the item's
    predicted group that shares its gold group; recall the share of its gold
    group in its predicted group.  From scikit-learn's contingency matrix.
    """
    pred = np.asarray(predicted, dtype=object).astype(str)
    true = np.asarray(gold, dtype=object).astype(str)
    if len(pred) != len(true):
        raise ValueError(f"bcubed: {len(pred)} predicted labels for {len(true)} gold labels")
    if not len(pred):
        return 1.0, 1.0, 1.0
    c = contingency_matrix(true, pred, sparse=True).tocsr().astype(float)
    sq = c.multiply(c)
    precision = float((np.asarray(sq.sum(axis=0)).ravel() / np.asarray(c.sum(axis=0)).ravel()).sum() / len(pred))
    recall = float((np.asarray(sq.sum(axis=1)).ravel() / np.asarray(c.sum(axis=1)).ravel()).sum() / len(pred))
    return precision, recall, 2 * precision * recall / (precision + recall)

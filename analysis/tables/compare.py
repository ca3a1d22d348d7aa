"""Outlet comparison with the uncertainty shown: rates and shares with bootstrap intervals, and findings.

Every measure is a ratio of two per-article counts (hedges / own-voice words,
direct quotes / quotes, an agency credit / one article ...).  An outlet's
figure is the ratio of its sums; its 95% interval is a percentile bootstrap
over its articles, or over its stories where the corpus has stories (the
articles one outlet wrote on one story are resampled together: they are not
independent evidence) -- a cluster bootstrap of a ratio estimator (Efron &
Tibshirani 1993, ch. 13 and 9.3; Davison & Hinkley 1997, sec. 3.8).  An
outlet is compared with the other outlets pooled (the baseline): both sides
are resampled independently and a difference is called only when the 95%
interval of (outlet - baseline) excludes 0.  Where an outlet has fewer than
``min_units`` articles (or stories) behind a measure, the figure is left out
and the row says ``too few articles``: a bootstrap over three articles has
ten distinct resamples and an interval that means nothing.

Tables (each ``@table``; columns in the docstrings):

* :func:`measure_parts` -- per article and measure: numerator and denominator;
* :func:`outlet_rates` -- per outlet and measure: figure and 95% interval;
* :func:`outlet_differences` -- each outlet against the others, with a verdict;
* :func:`findings` -- the "What differs" section, one plain sentence a row;
* :func:`finding_examples` -- the top examples behind each finding (title,
  outlet, sentence, marked words: no ids or offsets);
* :func:`speaker_groups` -- share of voice by speaker group (or side).

The random generator is seeded from ``seed`` and the measure's name, so every
table is deterministic and adding a measure leaves the others' intervals alone.
"""
from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..store import table
from .actors import actors, main_actors
from .framing import evidence_lines, hedges, loaded_terms
from .quotes import quotes, shared_statements, statement_copies
from .reuse import reuse
from .sources import typed_quotes, wire_copy
from .stories import stories
from .vocabulary import voice_segments, distinctive_terms, tokenize

if TYPE_CHECKING:
    from ..core.corpus import Corpus

__all__ = ["PART_COLUMNS", "RATE_COLUMNS", "DIFFERENCE_COLUMNS", "FINDING_COLUMNS", "EXAMPLE_COLUMNS",
           "MEASURES", "SPEAKER_GROUPS", "NO_SIDE", "bootstrap_ratio", "finding_name", "outlet_names", "measure_parts", "outlet_rates",
           "outlet_differences", "findings", "finding_examples", "speaker_groups"]

PART_COLUMNS = ["doc_id", "outlet", "measure", "level", "num", "den"]
RATE_COLUMNS = ["measure", "level", "outlet", "unit", "n_articles", "n_units", "figure", "low", "high", "status"]
DIFFERENCE_COLUMNS = ["measure", "level", "outlet", "unit", "n_articles", "figure", "low", "high", "baseline",
                      "baseline_low", "baseline_high", "diff", "diff_low", "diff_high", "verdict"]
FINDING_COLUMNS = ["measure", "outlet", "figure", "low", "high", "baseline", "verdict", "sentence"]
EXAMPLE_COLUMNS = ["measure", "level", "outlet", "title", "sentence", "marked"]

# measure -> (what the figure is, its scale: 100 = a percentage, 1000 = per 1,000 words)
MEASURES: dict[str, tuple[str, int]] = {
    "share of voice": ("of the quoted words", 100),
    "share of voice by side": ("of the quoted words", 100),
    "direct quotes": ("of the quotes", 100),
    "reporting verbs": ("of the quotes with a reporting verb", 100),
    "hedges": ("per 1,000 words in the outlet's own voice", 1000),
    "loaded terms": ("per 1,000 words in the outlet's own voice", 1000),
    "naming": ("of the outlet's own-voice mentions of the actor", 100),
    "wire copy": ("of the articles", 100),
    "copied passages": ("of the articles", 100),
    "shared statements": ("of the quotes", 100),
}
# The sources table's speaker types (analysis.tables.sources) as a reader names them.
# Named like the quotes table's speaker_role values where they overlap, so the two mix in one chart.
SPEAKER_GROUPS = {"person": "named person", "official": "government official", "organisation": "institution",
                  "media": "journalist or media", "wire": "wire agency", "anonymous": "anonymous",
                  "other": "other speaker", "unknown": "speaker not identified"}
NO_SIDE = "no side given"
TOO_FEW = "too few articles"
# The one level of a yes/no measure.
_YES = {"direct quotes": "direct", "wire copy": "credited to an agency",
        "copied passages": "shares a passage with another outlet", "shared statements": "quoted alike in another outlet"}


# --------------------------------------------------------------------------- the bootstrap

def _rng(seed: int, *key: str) -> np.random.Generator:
    """A generator seeded by ``seed`` and a key (stable across runs: crc32, not Python's salted hash)."""
    return np.random.default_rng([seed, zlib.crc32("\x1f".join(key).encode("utf-8"))])


def bootstrap_ratio(num: np.ndarray, den: np.ndarray, *, rng: np.random.Generator, n_boot: int = 2000
                    ) -> np.ndarray:
    """``n_boot`` bootstrap replicates of ``sum(num) / sum(den)``, units (rows) resampled with replacement.

    A replicate whose resampled denominator is 0 is NaN.
    """
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    idx = rng.integers(0, len(num), size=(n_boot, len(num)))
    d = den[idx].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(d > 0, num[idx].sum(axis=1) / np.where(d > 0, d, 1), np.nan)


def _widen(lo: float, hi: float, units: pd.DataFrame, scale: int) -> tuple[float, float]:
    """An interval that the bootstrap left at a point (no unit had an event, or every unit was all events)
    widened by the rule of three (Hanley & Lippman-Hand 1983): a share of 0 out of n units is below 3/n at
    95%; a rate of 0 events in W words is below 3/W.  Resampling cannot show uncertainty it never saw."""
    if not (lo == hi):
        return lo, hi
    num, den = float(units["num"].sum()), float(units["den"].sum())
    n = len(units) if scale == 100 else den
    bound = min(1.0, 3.0 / n) if scale == 100 else 3.0 / max(den, 1.0)
    if num == 0:
        return 0.0, bound
    if scale == 100 and num >= den:
        return 1.0 - bound, 1.0
    return lo, hi


def _interval(boot: np.ndarray, level: float) -> tuple[float, float]:
    alpha = (1.0 - level) / 2.0
    boot = boot[~np.isnan(boot)]
    if not len(boot):
        return np.nan, np.nan
    lo, hi = np.quantile(boot, [alpha, 1.0 - alpha])
    return float(lo), float(hi)


# --------------------------------------------------------------------------- per-article parts

def _own_words(corpus: "Corpus") -> dict[str, int]:
    """Words outside quotation marks per article (the quote-mark scanner behind every own/quoted split)."""
    out = dict.fromkeys(corpus.articles["doc_id"], 0)
    for doc_id, _outlet, piece in voice_segments(corpus, "own"):
        out[doc_id] += len(tokenize(piece))
    return out


def _speaker_group(q: pd.DataFrame, corpus: "Corpus") -> pd.Series:
    """Each quote's speaker group: the quotes table's ``speaker_role`` where it gives one, else the sources
    table's speaker type (:data:`SPEAKER_GROUPS`: a named person without a role is a named person), never
    one "unknown" for all."""
    typed = typed_quotes(corpus)["group"].map(SPEAKER_GROUPS).fillna("other speaker")
    typed.index = q.index
    if "speaker_role" in q.columns:  # a role the text gives ("the mayor", "an analyst"); "unknown" is none
        given = q["speaker_role"].notna() & ~q["speaker_role"].astype(str).str.strip().isin(["", "unknown"])
        role = q["speaker_role"].where(given)
        return role.fillna(typed).astype(str)
    return typed


def _has_sides(q: pd.DataFrame) -> bool:
    side = q["side"].fillna("").astype(str).str.strip()
    return bool((~side.isin(["", "unknown"])).any())


def _share_parts(frame: pd.DataFrame, measure: str, level_col: str, weight: str | None) -> list[pd.DataFrame]:
    """Per article and level: the level's weight (words or 1 a row) over the article's total."""
    if frame.empty:
        return []
    w = frame[weight].astype(float) if weight else pd.Series(1.0, index=frame.index)
    f = frame.assign(_w=w)
    den = f.groupby("doc_id")["_w"].sum()
    num = f.groupby(["doc_id", level_col])["_w"].sum().unstack(fill_value=0.0)
    out = num.stack().rename("num").reset_index().rename(columns={level_col: "level"})
    out["den"] = out["doc_id"].map(den)
    return [out.assign(measure=measure)]


def _flag_parts(corpus: "Corpus", doc_ids, measure: str, level: str) -> pd.DataFrame:
    """One row per article: 1 if the article is in ``doc_ids``, over 1."""
    arts = corpus.articles["doc_id"]
    return pd.DataFrame({"doc_id": arts, "measure": measure, "level": level,
                         "num": arts.isin(set(doc_ids)).astype(float), "den": 1.0})


@table
def measure_parts(corpus: "Corpus", *, n_actors: int = 5, n_labels: int = 2, statement_score: float = 60.0
                  ) -> pd.DataFrame:
    """Per article and measure, the numerator and denominator every figure is a ratio of.

    Columns: ``doc_id, outlet, measure, level, num, den``.  Measures
    (:data:`MEASURES`; ``level`` says which part of it):

    * ``share of voice`` -- quoted words of each speaker group (:func:`speaker_groups`) / quoted words;
    * ``share of voice by side`` -- the same by the actor dictionary's side, the rest ``no side given``
      (only when some speaker has a side);
    * ``direct quotes`` -- direct quotes / quotes;
    * ``reporting verbs`` -- quotes of each verb class / quotes with a reporting verb;
    * ``hedges`` -- own-voice hedges (``hedges``: hedge and attribution hedge; ``boosters``) / own-voice
      words (quoted speakers' hedges are theirs);
    * ``loaded terms`` -- own-voice loaded terms of each category / own-voice words;
    * ``naming`` -- for the ``n_actors`` main actors, own-voice mentions with each of the ``n_labels``
      commonest labels / own-voice mentions of the actor (level ``actor: 'label'``);
    * ``wire copy`` -- the article is credited to an agency / 1;
    * ``copied passages`` -- the article shares a passage of 8+ words with another outlet's / 1;
    * ``shared statements`` -- quotes matched (score >= ``statement_score``) with a quote of another
      outlet / quotes.

    An article without a denominator (no quotes, no mention of the actor) has no row for the measure.
    """
    # The tables the measures come from, made first (each in a child process, :func:`analysis.store.table`)
    # while this process holds none of them: the child making shared_statements started with the
    # quotes tables this function had read, and was the comparison's largest process (889 MiB on
    # PolNeAR train filed four times).
    for source in (quotes, typed_quotes, shared_statements, hedges, loaded_terms, actors, wire_copy, reuse):
        source.prepare(corpus)
    arts = corpus.articles
    outlet_of = dict(zip(arts["doc_id"], arts["outlet"]))
    parts: list[pd.DataFrame] = []
    q = quotes(corpus)
    if not q.empty:
        q = q.assign(group=_speaker_group(q, corpus))
        parts += _share_parts(q, "share of voice", "group", "n_words")
        if _has_sides(q):
            side = q["side"].fillna("").astype(str).str.strip()
            q = q.assign(side_given=side.where(~side.isin(["", "unknown"]), NO_SIDE))
            parts += _share_parts(q, "share of voice by side", "side_given", "n_words")
        parts += _share_parts(q.assign(k=np.where(q["kind"] == "direct", "direct", "other")), "direct quotes",
                              "k", None)
        cued = q[q["verb_class"].notna() & q["verb_class"].astype(str).ne("")]
        parts += _share_parts(cued, "reporting verbs", "verb_class", None)
        st = shared_statements(corpus)
        st = st[(st["score"] >= statement_score) & (st["outlet_a"] != st["outlet_b"])]
        reps = set(zip(st["doc_id_a"], st["start_a"])) | set(zip(st["doc_id_b"], st["start_b"]))
        copies = statement_copies(corpus)  # a side of a pair stands for its outlet's copies of the quote
        matched = {(d, s) for d, s, rd, rs in copies.itertuples(index=False) if (rd, rs) in reps}
        flag = [("matched" if (d, s) in matched else "other") for d, s in zip(q["doc_id"], q["start"])]
        parts += _share_parts(q.assign(m=flag), "shared statements", "m", None)
    own = _own_words(corpus)
    for measure, matches, level_of in (
            ("hedges", hedges(corpus), {"hedge": "hedges", "attribution_hedge": "hedges", "booster": "boosters"}),
            ("loaded terms", loaded_terms(corpus), None)):
        m = matches[matches["voice"] == "own"]
        levels = m["category"].map(level_of) if level_of else m["category"]
        m = m.assign(level=levels).dropna(subset=["level"])
        all_levels = sorted(set(level_of.values()) if level_of else set(m["level"]))
        counts = m.groupby(["doc_id", "level"]).size()
        rows = [(d, measure, lv, float(counts.get((d, lv), 0)), float(w)) for d, w in own.items() if w > 0
                for lv in all_levels]
        parts.append(pd.DataFrame(rows, columns=["doc_id", "measure", "level", "num", "den"]))
    parts.append(_naming_parts(corpus, n_actors=n_actors, n_labels=n_labels))
    parts.append(_flag_parts(corpus, wire_copy(corpus)["doc_id"], "wire copy", "credited to an agency"))
    passages = reuse(corpus)
    across = passages[passages["outlet"] != passages["outlet_b"]]
    flagged = set(across["doc_id"]) | set(across["doc_id_b"])
    copies = passages[passages["copy"]]  # an article filed again shares what its first copy shares
    flagged |= set(copies.loc[copies["doc_id"].isin(flagged), "doc_id_b"])
    parts.append(_flag_parts(corpus, flagged, "copied passages", "shares a passage with another outlet"))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=PART_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["outlet"] = out["doc_id"].map(outlet_of)
    out = out[PART_COLUMNS].astype({"num": float, "den": float})
    # "other" levels of the yes/no shares are the complement: not a measure of their own.
    keep = ~(out["measure"].isin(["direct quotes", "shared statements"]) & (out["level"] == "other"))
    out = out[keep]
    for measure in ("direct quotes", "shared statements"):
        out.loc[out["measure"] == measure, "level"] = _YES[measure]
    return out.sort_values(["measure", "level", "doc_id"], kind="stable").reset_index(drop=True)


def _naming_parts(corpus: "Corpus", *, n_actors: int, n_labels: int) -> pd.DataFrame:
    cols = ["doc_id", "measure", "level", "num", "den"]
    m = actors(corpus)
    m = m[(m["source"] != "nominal") & ~m["in_quote"].astype(bool)]
    focus = main_actors(corpus, n=n_actors)
    rows = []
    for aid in focus:
        g = m[m["actor_id"] == aid]
        if g.empty:
            continue
        label = g["surface"].astype(str).str.replace(r"^(?:the|The)\s+|['’]s?$", "", regex=True)
        common = label.value_counts()
        common = common[common.index != ""]
        if len(common) < 2:
            continue  # one label only: nothing to choose between
        name = str(g["actor_name"].iloc[0])
        den = g.groupby("doc_id").size()
        for lab in sorted(common.index[:n_labels]):
            num = g[label == lab].groupby("doc_id").size()
            rows.extend((d, "naming", f"{name}: '{lab}'", float(num.get(d, 0)), float(n)) for d, n in den.items())
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- rates and differences

def _units(corpus: "Corpus", unit: str, min_units: int) -> tuple[str, dict[str, str]]:
    """The resampling unit ('story' or 'article') and each article's cluster key.

    ``auto``: stories when the outlets have them -- the corpus's stories join
    articles (not every story a single article) and the median outlet covers
    at least ``min_units`` stories -- else articles.
    """
    ids = corpus.articles["doc_id"]
    if unit == "article":
        return "article", dict(zip(ids, ids))
    st = stories(corpus)
    story_of = dict(zip(st["doc_id"], st["story_id"].astype(str)))
    if unit == "auto":
        joined = st["story_id"].duplicated(keep=False).any()
        per_outlet = corpus.articles.assign(s=ids.map(story_of)).groupby("outlet")["s"].nunique()
        if not joined or per_outlet.empty or per_outlet.median() < min_units:
            return "article", dict(zip(ids, ids))
    return "story", {d: story_of.get(d, d) for d in ids}


def _clusters(block: pd.DataFrame, key: dict[str, str]) -> pd.DataFrame:
    """Numerator and denominator per outlet and cluster (story or article)."""
    return block.assign(unit=block["doc_id"].map(key)).groupby(["outlet", "unit"], sort=True)[["num", "den"]].sum()


@table
def outlet_rates(corpus: "Corpus", *, unit: str = "auto", min_units: int = 5, level: float = 0.95,
                 n_boot: int = 2000, seed: int = 0, parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per outlet and measure: the figure and its bootstrap interval.

    Columns: ``measure, level, outlet, unit`` (what was resampled: ``story``
    or ``article``), ``n_articles`` (articles with a denominator),
    ``n_units``, ``figure`` (sum of numerators / sum of denominators, times
    the measure's scale: percent, or per 1,000 words), ``low, high`` (the
    percentile interval at ``level``), ``status`` (``ok``, or ``too few
    articles`` when fewer than ``min_units`` units: figure and interval NaN).
    Sorted by measure, level, outlet.

    Args:
        unit: ``auto`` (stories where the corpus has them, see the module), ``story`` or ``article``.
        min_units: the fewest articles (stories) an outlet needs for a figure (5).
        n_boot: bootstrap resamples (2,000: the percentile limits settle to about 1% of the interval).
        seed: fixes the generator (with each measure's name).
        parts: a :func:`measure_parts` table to use instead of the corpus's.
    """
    parts = measure_parts(corpus) if parts is None else parts
    unit_name, key = _units(corpus, unit, min_units)
    rows = []
    for (measure, lvl), block in parts.groupby(["measure", "level"], sort=True):
        scale = MEASURES.get(measure, ("", 1))[1]
        per = _clusters(block[block["den"] > 0], key)
        n_art = block[block["den"] > 0].groupby("outlet")["doc_id"].nunique()
        for outlet in sorted(n_art.index):
            c = per.loc[outlet]
            if len(c) < min_units:
                rows.append((measure, lvl, outlet, unit_name, int(n_art[outlet]), len(c), np.nan, np.nan, np.nan,
                             TOO_FEW))
                continue
            boot = bootstrap_ratio(c["num"].to_numpy(), c["den"].to_numpy(), rng=_rng(seed, measure, lvl, outlet),
                                   n_boot=n_boot)
            lo, hi = _widen(*_interval(boot, level), c, scale)
            rows.append((measure, lvl, outlet, unit_name, int(n_art[outlet]), len(c),
                         scale * c["num"].sum() / c["den"].sum(), scale * lo, scale * hi, "ok"))
    out = pd.DataFrame(rows, columns=RATE_COLUMNS)
    out[["figure", "low", "high"]] = out[["figure", "low", "high"]].astype(float).round(3)
    return out.sort_values(["measure", "level", "outlet"], kind="stable").reset_index(drop=True)


@table
def outlet_differences(corpus: "Corpus", *, unit: str = "auto", min_units: int = 5, level: float = 0.95,
                       n_boot: int = 2000, seed: int = 0, parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each outlet against the other outlets pooled (the baseline), per measure.

    Columns: ``measure, level, outlet, unit, n_articles, figure, low, high``
    (as :func:`outlet_rates`), ``baseline, baseline_low, baseline_high`` (the
    other outlets' articles pooled, with its interval), ``diff, diff_low,
    diff_high`` (figure - baseline; the interval from independent resamples
    of both sides), ``verdict``: ``higher`` / ``lower`` when the difference's
    interval excludes 0, ``no reliable difference``, or ``too few articles``
    (the outlet or the baseline has fewer than ``min_units`` units).  With
    many measures a few "differences" are expected by chance (about 1 in 20
    rows where nothing differs): read them with their examples.  Sorted by
    measure, level, outlet.  Arguments as :func:`outlet_rates`.
    """
    parts = measure_parts(corpus) if parts is None else parts
    unit_name, key = _units(corpus, unit, min_units)
    rows = []
    for (measure, lvl), block in parts.groupby(["measure", "level"], sort=True):
        scale = MEASURES.get(measure, ("", 1))[1]
        block = block[block["den"] > 0]
        per = _clusters(block, key)
        n_art = block.groupby("outlet")["doc_id"].nunique()
        if len(n_art) < 2:
            continue
        for outlet in sorted(n_art.index):
            mine = per.loc[outlet]
            rest = per.drop(index=outlet, level="outlet")
            row = [measure, lvl, outlet, unit_name, int(n_art[outlet])]
            if len(mine) < min_units or len(rest) < min_units:
                rows.append(row + [np.nan] * 9 + [TOO_FEW])
                continue
            rng = _rng(seed, measure, lvl, outlet, "vs rest")
            b_mine = bootstrap_ratio(mine["num"].to_numpy(), mine["den"].to_numpy(), rng=rng, n_boot=n_boot)
            b_rest = bootstrap_ratio(rest["num"].to_numpy(), rest["den"].to_numpy(), rng=rng, n_boot=n_boot)
            fig = mine["num"].sum() / mine["den"].sum()
            base = rest["num"].sum() / rest["den"].sum()
            lo, hi = _widen(*_interval(b_mine, level), mine, scale)
            blo, bhi = _widen(*_interval(b_rest, level), rest, scale)
            dlo, dhi = _interval(b_mine - b_rest, level)
            verdict = "higher" if dlo > 0 else "lower" if dhi < 0 else "no reliable difference"
            if verdict != "no reliable difference" and (lo <= base <= hi or blo <= fig <= bhi):
                verdict = "no reliable difference"  # a side's interval was widened (rule of three) to the other
            rows.append(row + [scale * v for v in (fig, lo, hi, base, blo, bhi, fig - base, dlo, dhi)] + [verdict])
    out = pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)
    num = DIFFERENCE_COLUMNS[5:14]
    out[num] = out[num].astype(float).round(3)
    return out.sort_values(["measure", "level", "outlet"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- findings

def _fmt(value: float, scale: int) -> str:
    if pd.isna(value):
        return "n/a"
    if scale == 100:
        return f"{value:.0f}%" if abs(value) >= 10 else f"{value:.1f}%"
    return f"{value:.1f}"


_SUBJECT = {"share of voice": "'{}' speakers have", "share of voice by side": "speakers of side '{}' have",
            "direct quotes": "direct quotes are", "reporting verbs": "'{}' reporting verbs are",
            "hedges": "{} come", "loaded terms": "'{}' loaded terms come", "naming": "{} makes",
            "wire copy": "articles credited to an agency are",
            "copied passages": "articles sharing a passage with another outlet are",
            "shared statements": "quotes another outlet also quoted are"}


def finding_name(measure: str, level: str) -> str:
    """How a finding names its measure: ``share of voice: anonymous``; a yes/no measure by its name alone."""
    return measure if measure in ("direct quotes", "wire copy", "copied passages", "shared statements") \
        else f"{measure}: {level}"


def _sentence(r) -> str:
    what, scale = MEASURES.get(r.measure, ("", 1))
    subject = _SUBJECT.get(r.measure, "{}").format(r.level)
    return (f"{r.outlet}: {subject} {_fmt(r.figure, scale)} {what} (95% interval {_fmt(r.low, scale)} to "
            f"{_fmt(r.high, scale)}), {r.verdict} than the other outlets' {_fmt(r.baseline, scale)} "
            f"({_fmt(r.baseline_low, scale)} to {_fmt(r.baseline_high, scale)}).")


@table
def findings(corpus: "Corpus", *, unit: str = "auto", min_units: int = 5, n_terms: int = 3,
             min_count: int = 2, differences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The report's "What differs": per measure, the outlets that stand apart, in plain words.

    Columns: ``measure`` (``measure: level``), ``outlet``, ``figure, low,
    high`` (the outlet's figure and 95% interval), ``baseline`` (the other
    outlets pooled), ``verdict``, ``sentence``.  One row per difference that
    survives the uncertainty (:func:`outlet_differences`: ``higher`` /
    ``lower``); a measure where none does gets one row, outlet ``all``,
    verdict ``no reliable difference`` ("no reliable difference at this
    size") or ``too few articles`` (naming the outlets with too few), so
    every measure is accounted for.  Distinctive terms add up to
    ``n_terms`` rows per outlet with verdict ``distinctive``
    (:func:`analysis.tables.vocabulary.distinctive_terms`, significant
    terms; figure = uses per 1,000 terms, baseline = the others' rate).
    Reliable differences first (measure order), then the rest.
    """
    diffs = outlet_differences(corpus, unit=unit, min_units=min_units) if differences is None else differences
    rows = []
    quiet = []
    for (measure, lvl), g in diffs.groupby(["measure", "level"], sort=True):
        name = finding_name(measure, lvl)
        called = g[g["verdict"].isin(["higher", "lower"])]
        for r in called.itertuples():
            rows.append((name, r.outlet, r.figure, r.low, r.high, r.baseline, r.verdict, _sentence(r)))
        if called.empty:
            few = sorted(g.loc[g["verdict"] == TOO_FEW, "outlet"])
            if len(few) == len(g):
                quiet.append((name, "all", np.nan, np.nan, np.nan, np.nan, TOO_FEW,
                              f"{name}: too few articles to compare ({', '.join(few)})."))
            else:
                extra = f"; too few articles for {', '.join(few)}" if few else ""
                quiet.append((name, "all", np.nan, np.nan, np.nan, np.nan, "no reliable difference",
                              f"{name}: no reliable difference at this size{extra}."))
    terms = distinctive_terms(corpus, ngram=1, min_count=min_count)
    if not terms.empty:
        sig = terms[terms["significant"].astype(bool) & (terms["z"] > 0)]
        for outlet, g in sig.groupby("outlet", sort=True):
            for r in g.nlargest(n_terms, "z").itertuples():
                base = 1000.0 * r.n_vs / max(1, r.n_tokens_vs) if hasattr(r, "n_tokens_vs") else np.nan
                rows.append(("distinctive terms", outlet, float(r.rate_per_1000), np.nan, np.nan, round(base, 3),
                             "distinctive", f"{outlet} uses '{r.term}' {r.rate_per_1000:.1f} times per 1,000 "
                                            f"words, the others {base:.1f} (z = {r.z:.1f})."))
    out = pd.DataFrame(rows + quiet, columns=FINDING_COLUMNS)
    return out.reset_index(drop=True)


@table
def finding_examples(corpus: "Corpus", *, n: int = 3, window: int = 100, found: pd.DataFrame | None = None,
                     unit: str = "auto", min_units: int = 5, min_count: int = 2) -> pd.DataFrame:
    """The top ``n`` examples behind each finding that names an outlet (no ids, no offsets).

    Columns: ``measure, level, outlet, title`` (the article's), ``sentence``
    (the words around the evidence, ``window`` characters each side),
    ``marked`` (the words the finding counts: the hedge, the label, the
    quote's reporting verb or speaker).  Examples are the outlet's, taken
    in article order; wire copy shows the credit line.  The findings are ``found``, else
    :func:`findings` with ``unit``, ``min_units`` and ``min_count``.
    """
    found = findings(corpus, unit=unit, min_units=min_units, min_count=min_count) if found is None else found
    titles = dict(zip(corpus.articles["doc_id"], corpus.articles["title"].fillna("").astype(str)))
    rows = []
    for f in found[found["outlet"] != "all"].itertuples():
        measure, _, lvl = f.measure.partition(": ")
        lvl = lvl or _YES.get(measure, "")
        ev = _evidence_rows(corpus, measure, lvl, f.outlet)
        if ev.empty:
            continue
        lines = evidence_lines(corpus, ev.head(n), label="what", window=window)
        for r in lines.itertuples():
            rows.append((measure, lvl, f.outlet, titles.get(r.doc_id, ""),
                         f"…{r.left}{r.match}{r.right}…", r.match))
    return pd.DataFrame(rows, columns=EXAMPLE_COLUMNS)


def _evidence_rows(corpus: "Corpus", measure: str, lvl: str, outlet: str) -> pd.DataFrame:
    """Rows with ``doc_id, start, end, what`` for one finding's evidence, in article order."""
    cols = ["doc_id", "start", "end", "what"]
    if measure in ("hedges", "loaded terms"):
        m = (hedges if measure == "hedges" else loaded_terms)(corpus)
        m = m[(m["outlet"] == outlet) & (m["voice"] == "own")]
        if measure == "hedges":
            m = m[m["category"].isin(["booster"] if lvl == "boosters" else ["hedge", "attribution_hedge"])]
        else:
            m = m[m["category"] == lvl]
        return m.assign(what=m["category"])[cols]
    if measure in ("share of voice", "share of voice by side", "direct quotes", "reporting verbs"):
        q = quotes(corpus)
        q = q.assign(group=_speaker_group(q, corpus))
        q = q[q["outlet"] == outlet]
        if measure == "share of voice":
            q = q[q["group"] == lvl]
        elif measure == "share of voice by side":
            side = q["side"].fillna("").astype(str)
            q = q[side.where(~side.isin(["", "unknown"]), NO_SIDE) == lvl]
        elif measure == "direct quotes":
            q = q[q["kind"] == "direct"]
        else:
            q = q[q["verb_class"] == lvl]
        return q.assign(what=lvl)[cols]
    if measure == "naming":
        name, _, label = lvl.partition(": ")
        m = actors(corpus)
        m = m[(m["outlet"] == outlet) & (m["actor_name"] == name) & ~m["in_quote"].astype(bool)
              & m["surface"].astype(str).str.contains(label.strip("'"), regex=False)]
        return m.assign(what=lvl)[cols]
    if measure == "shared statements":
        st = shared_statements(corpus)
        st = st[st["outlet_a"] == outlet].rename(columns={"doc_id_a": "doc_id", "start_a": "start", "end_a": "end"})
        return st.assign(what=measure)[cols]
    return pd.DataFrame(columns=cols)


# --------------------------------------------------------------------------- speaker groups

@table
def speaker_groups(corpus: "Corpus", *, unit: str = "auto", min_units: int = 5) -> pd.DataFrame:
    """Share of voice by speaker group, per outlet, with intervals: the chart without an actor dictionary.

    The groups are the quotes table's ``speaker_role`` where the quotes carry
    one, else the sources table's speaker types (:data:`SPEAKER_GROUPS`:
    named person, official, institution, media, wire agency, anonymous ...);
    with sides in the dictionary, also the ``share of voice by side`` rows
    (speakers without a side are ``no side given``).  Columns as
    :func:`outlet_rates`, measure ``share of voice`` or ``share of voice by side``.
    """
    rates = outlet_rates(corpus, unit=unit, min_units=min_units)
    return rates[rates["measure"].isin(["share of voice", "share of voice by side"])].reset_index(drop=True)


# --------------------------------------------------------------------------- outlet names

@table
def outlet_names(corpus: "Corpus") -> pd.DataFrame:
    """Outlet names merged at loading (the manifest's ``outlets`` aliases, or a shared site): ``outlet,
    name_as_given, articles``, one row per name merged into another; empty when nothing was merged."""
    cols = ["outlet", "name_as_given", "articles"]
    arts = corpus.articles
    if "outlet_as_given" not in arts.columns:
        return pd.DataFrame(columns=cols)
    g = arts.groupby(["outlet", "outlet_as_given"]).size().rename("articles").reset_index()
    merged = g["outlet"].isin(g.loc[g["outlet"] != g["outlet_as_given"], "outlet"])
    out = g[merged].rename(columns={"outlet_as_given": "name_as_given"})
    return out[cols].sort_values(["outlet", "name_as_given"]).reset_index(drop=True)

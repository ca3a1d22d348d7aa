"""Train the attribution scorer: ``analysis/data/attribution_model.json`` from the PolNeAR train split.

PolNeAR (Newell, Margolin & Ruths 2018) annotates every attribution, not only
speech: "accused Cruz of ...", "his claim that ...", "support for ...".  The
hand-written rules of :mod:`analysis.extract.quotes` find the speech; what else fires
is decided by a logistic-regression scorer over *candidates*:

* the rules' own indirect attributions without quotation marks (kept when the
  scorer says so: 'found the car', 'proved popular' are dropped), and
* every (cue, construction) of :func:`analysis.extract.quotes.cue_constructions`
  with a source and whose content no other attribution covers (added when the scorer says so,
  best first, one per cue token).

Features (:func:`analysis.extract.quotes.candidate_features`) are lemmas and labels
only: cue lemma, part of speech, construction, lemma x construction, source
type, modality, negation, question, content length and first word ...

Steps:

1. parse each train article (or read cached parses, ``--docbin``), run the
   extractor without the scorer (``doc_quotes(doc, scorer=None)``) and read off
   the fixed output (quotes, colon and bare quotes) and the candidates;
2. a candidate is positive when its content matches a gold Content span the
   fixed output missed (character Dice >= 0.5, as ``score_quotes.py`` scores);
3. L2-regularised logistic regression (features seen at least ``--min-count``
   times); the regularisation strength and the decision threshold are chosen
   by 5-fold cross-validation by article, maximising F1 of the whole extractor
   (fixed output + selected candidates, matched as ``score_quotes.py`` does);
4. the decision thresholds are checked on the real extractor: ``doc_quotes`` run on each
   held-out fold with that fold's model, over a grid at and below the simulated choice
   (:func:`extraction_cv`; needs the parsed Docs, about 3 minutes);
5. the final model is fitted on all of train with the chosen strength.

Dev is never read.  The JSON holds feature names (lemmas, labels) and
weights, no PolNeAR text.  Skipped (exit 0) when ``../shared`` is absent.

    python tools/train_attributions.py [--docbin /tmp/q2/train.spacy --ids /tmp/q2/train.ids.json]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis.extract.quotemarks import QuoteIndex, quoted_spans
from analysis.extract.quotes import (Scorer, attributions, bare_quote_spans, candidate_features,
                                     construction_candidates, doc_quotes, veto_key)
from analysis.extract.quotes.base import _Att
from analysis.extract.quotes.filters import _physical_reading, _when_only
from analysis.nlp import doc_text, load_pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SPLIT = SHARED / "data" / "polnear" / "train"
OUT = ROOT / "analysis" / "data" / "attribution_model.json"
_WORD = re.compile(r"[a-z][a-z'-]*")


@lru_cache(maxsize=1)
def _scorer():
    """The official scorer module (its gold reader, Dice and overlap are the measure trained for)."""
    spec = importlib.util.spec_from_file_location("score_quotes", SHARED / "eval" / "score_quotes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _docs(split: Path, docbin: Path | None, ids_path: Path | None):
    nlp = load_pipeline()
    if docbin is not None:
        from spacy.tokens import DocBin

        ids = json.loads(ids_path.read_text())
        return zip(ids, DocBin().from_disk(docbin).get_docs(nlp.vocab))
    files = sorted((split / "text").glob("*.txt"))
    texts = (f.read_text(encoding="utf-8") for f in files)
    return zip((f.stem for f in files), nlp.pipe(texts, batch_size=32))


def doc_candidates(doc):
    """(fixed output spans, candidates) of one parsed Doc, as ``doc_quotes`` sees them.

    The rules' indirect contents are read as :func:`~analysis.extract.quotes.scorer.kept_rule_attributions`
    judges them; the construction candidates are the extractor's own
    (:func:`~analysis.extract.quotes.construction_candidates`) over the fixed output.
    """
    spans = quoted_spans(doc_text(doc))
    marks = QuoteIndex(spans)
    quotes = doc_quotes(doc, scorer=None)
    final = [(q.start, q.end) for q in quotes]
    kept = set(final)
    bare = bare_quote_spans(quotes, marks)
    rule = attributions(doc, spans=spans)
    others = [(t.start, t.end) for t in rule]
    cands, rule_spans = [], set()
    for t in rule:
        key = veto_key(doc, t.start, t.end, t.cue, spans)
        if key is None or (t.start, t.end) not in kept or t.cue_i is None:
            continue  # quoted, or dropped later by the rules themselves
        feats = candidate_features(doc, doc[t.cue_i], t.start, t.end, t.src, "rule_" + key.rsplit(" ", 1)[1],
                                   others=others, quotes=marks)
        cands.append(("rule", t.cue_i, (t.start, t.end), feats, ()))
        rule_spans.add((t.start, t.end))
    fixed = [s for s in final if s not in rule_spans]
    # The rules' own contents may be vetoed, so they do not block a construction here; the
    # features see them as other attributions all the same.
    for c in construction_candidates(doc, [q for q in quotes if (q.start, q.end) not in rule_spans],
                                     others=fixed + sorted(rule_spans)):
        if not _WORD.fullmatch(c.construction.split(" ", 1)[0]):
            continue  # numbers, symbols: no cue
        att = _Att(c.start, c.end, c.src, c.cue.lemma_.lower(), c.cue.i)
        if _physical_reading(doc, att) or _when_only(doc, att):
            continue
        span = (c.start, c.end)
        cands.append(("cons", c.cue.i, span, c.features, [b for b in bare if span[0] <= b[0] and b[1] <= span[1]]))
    return fixed, cands


def collect(split: Path, docbin: Path | None = None, ids_path: Path | None = None,
            keep_docs: list | None = None) -> list[tuple]:
    """Per article: (gold spans, fixed output spans, candidates, labels); the parsed Docs are
    appended to ``keep_docs`` in the same order when it is given."""
    sq = _scorer()
    anns = sorted((split / "attributions").glob("*.ann"))
    data = []
    for stem, doc in _docs(split, docbin, ids_path):
        ann = next((a for a in anns if a.name.startswith(stem + "_")), None)
        if ann is None:
            continue
        try:
            golds = [g["content"] for g in sq.read_gold(ann)]
        except ValueError:
            continue  # one malformed .ann in train
        fixed, cands = doc_candidates(doc)
        missed = [g for g in golds if not any(sq.dice(g, f) >= 0.5 for f in fixed)]
        labels = [any(sq.dice(g, c[2]) >= 0.5 for g in missed) for c in cands]
        data.append((golds, fixed, cands, labels))
        if keep_docs is not None:
            keep_docs.append(doc)
    return data


def select(fixed, cands, scores, threshold: float, rule_threshold: float) -> list[tuple[int, int]]:
    """The extractor's output: fixed spans, rule candidates above rule_threshold, then construction
    candidates above threshold, best first, one per cue token, none overlapping (as ``doc_quotes`` does)."""
    out = list(fixed)
    out += [c[2] for c, s in zip(cands, scores) if c[0] == "rule" and s >= rule_threshold]
    fired = set()
    for s, k in sorted(((-s, k) for k, (c, s) in enumerate(zip(cands, scores)) if c[0] == "cons" and s >= threshold)):
        c = cands[k]
        if c[1] in fired or any(_scorer().overlaps(c[2], o) for o in out if o not in c[4]):
            continue
        fired.add(c[1])
        out = [o for o in out if o not in c[4]]  # the bare quotes it takes in
        out.append(c[2])
    return out


_MATCHES: dict = {}


def _matches(golds, span) -> list[tuple[float, int]]:
    """(Dice, gold index) of the golds a span matches, memoised: the CV grid asks again and again."""
    key = (id(golds), span)
    if key not in _MATCHES:
        # The entry holds ``golds`` itself, so its id cannot be reused by another list while it lives.
        _MATCHES[key] = (golds, [(d, gi) for gi, g in enumerate(golds) if (d := _scorer().dice(g, span)) >= 0.5])
    return _MATCHES[key][1]


def matched_pairs(golds, out) -> list[tuple[int, int]]:
    """(gold index, output index) of one article's matches: each side at most once, best Dice first
    (as score_quotes.py)."""
    pairs = sorted(((d, gi, si) for si, s in enumerate(out) for d, gi in _matches(golds, s)), reverse=True)
    used_g, used_s, matched = set(), set(), []
    for d, gi, si in pairs:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            matched.append((gi, si))
    return matched


def _n_matched(golds, out) -> int:
    """Number of matched pairs of one article's output (:func:`matched_pairs`)."""
    return len(matched_pairs(golds, out))


def _prf(n_gold: int, n_sys: int, n_match: int) -> tuple[float, float, float]:
    p, r = n_match / max(1, n_sys), n_match / max(1, n_gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def extractor_prf(data, scores_per_doc, threshold: float, rule_threshold: float) -> tuple[float, float, float]:
    """P, R, F1 of the whole extractor on ``data`` with the candidates' scores."""
    n_gold = n_sys = n_match = 0
    for (golds, fixed, cands, _), scores in zip(data, scores_per_doc):
        out = select(fixed, cands, scores, threshold, rule_threshold)
        n_gold += len(golds)
        n_sys += len(out)
        n_match += _n_matched(golds, out)
    return _prf(n_gold, n_sys, n_match)


def vocabulary(data, min_count: int) -> dict[str, int]:
    counts = Counter(f for _, _, cands, _ in data for c in cands for f in set(c[3]))
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def design(data, vocab):
    """Sparse binary design matrix (candidates x features) and labels."""
    from scipy.sparse import csr_matrix

    rows, cols, y = [], [], []
    k = 0
    for _, _, cands, labels in data:
        for c, lab in zip(cands, labels):
            for f in set(c[3]):
                j = vocab.get(f)
                if j is not None:
                    rows.append(k)
                    cols.append(j)
            y.append(lab)
            k += 1
    X = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(k, len(vocab)))
    return X, np.asarray(y, dtype=float)


def fit(X, y, l2: float) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression (bias unpenalised): weights, bias.

    scikit-learn is not installed; scipy (already a dependency, via
    datasketch) has L-BFGS and sparse matrices, which is all this needs.
    """
    from scipy.optimize import minimize

    def loss(theta):
        w, b = theta[:-1], theta[-1]
        z = X @ w + b
        # log(1 + e^z) - y z, computed stably
        nll = np.sum(np.logaddexp(0, z) - y * z) + 0.5 * l2 * w @ w
        p = 0.5 * (1 + np.tanh(0.5 * z))
        g = p - y
        return nll, np.append(X.T @ g + l2 * w, g.sum())

    res = minimize(loss, np.zeros(X.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x[:-1], float(res.x[-1])


def doc_scores(data, vocab, w, b) -> list[list[float]]:
    out = []
    for _, _, cands, _ in data:
        out.append([b + sum(w[vocab[f]] for f in set(c[3]) if f in vocab) for c in cands])
    return out


THRESHOLDS = [round(t, 2) for t in np.arange(-0.5, 0.51, 0.1)]  # log-odds
RULE_THRESHOLDS = [round(t, 2) for t in np.arange(-1.5, 0.51, 0.25)]


def cross_validate(data, vocab, l2s, folds: int = 5):
    """{l2: held-out scores per doc} with folds by article (article k is in fold k % folds)."""
    out = {}
    for l2 in l2s:
        scores = [None] * len(data)
        for f in range(folds):
            train = [d for k, d in enumerate(data) if k % folds != f]
            X, y = design(train, vocab)
            w, b = fit(X, y, l2)
            held = [k for k in range(len(data)) if k % folds == f]
            for k, s in zip(held, doc_scores([data[k] for k in held], vocab, w, b)):
                scores[k] = s
        out[l2] = scores
    return out


def extraction_cv(data, docs, vocab, l2: float, grid, folds: int = 5) -> dict:
    """{(threshold, rule_threshold): (P, R, F1)} of the real extractor (``doc_quotes``) on held-out
    folds, each fold scored by a model fitted on the others.

    The quick selection simulation above (:func:`select`) leaves out what ``doc_quotes`` does
    after the scorer (nested attitudes, physical senses, bare quotes taken in ...), and its best
    threshold was not the extractor's: the thresholds are chosen here, on the real output.
    """
    names = sorted(vocab, key=vocab.get)
    counts = {key: [0, 0, 0] for key in grid}  # gold, system, matched
    for f in range(folds):
        X, y = design([d for k, d in enumerate(data) if k % folds != f], vocab)
        w, b = fit(X, y, l2)
        weights = {n: float(w[j]) for j, n in enumerate(names) if w[j]}
        lemmas = frozenset(n[len("lemma="):] for n in weights if n.startswith("lemma="))
        for t, rt in grid:
            scorer = Scorer(weights, b, t, rt, lemmas)
            c = counts[(t, rt)]
            for k in range(f, len(data), folds):
                golds = data[k][0]
                out = [(q.start, q.end) for q in doc_quotes(docs[k], scorer=scorer)]
                c[0] += len(golds)
                c[1] += len(out)
                c[2] += _n_matched(golds, out)
    return {key: _prf(*c) for key, c in counts.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", type=Path, default=SPLIT)
    ap.add_argument("--docbin", type=Path, help="cached parses of the split (spaCy DocBin), in --ids order")
    ap.add_argument("--ids", type=Path, help="JSON list of the doc ids in --docbin")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--l2", type=float, nargs="+", default=[3.0, 5.0, 10.0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not (args.split / "text").is_dir():
        print(f"skipped: {args.split} not found")
        return 0
    docs: list = []
    data = collect(args.split, args.docbin, args.ids, keep_docs=docs)
    return train(data, args.min_count, args.l2, args.out, docs=docs)


def train(data, min_count: int, l2s, out: Path, docs: list | None = None) -> int:
    vocab = vocabulary(data, min_count)
    n = sum(len(d[2]) for d in data)
    pos = sum(sum(d[3]) for d in data)
    print(f"{len(data)} articles, {n} candidates ({pos} positive), {len(vocab)} features")
    base = extractor_prf(data, [[-1.0] * len(d[2]) for d in data], 0.0, 0.0)
    print(f"fixed output only: P {base[0]:.4f} R {base[1]:.4f} F1 {base[2]:.4f}")
    best = (0.0, None, None, None)
    for l2, scores in cross_validate(data, vocab, l2s).items():
        for t in THRESHOLDS:
            for rt in RULE_THRESHOLDS:
                p, r, f1 = extractor_prf(data, scores, t, rt)
                print(f"l2 {l2:g} threshold {t:+.1f} rule {rt:+.2f}: CV P {p:.4f} R {r:.4f} F1 {f1:.4f}")
                if f1 > best[0]:
                    best = (f1, l2, (t, rt), (p, r))
    f1, l2, (t, rt), (p, r) = best
    print(f"chosen: l2 {l2:g}, threshold {t:+.1f}, rule {rt:+.2f} (CV P {p:.4f} R {r:.4f} F1 {f1:.4f})")
    if docs is not None:
        grid = [(round(t + dt, 2), round(rt + drt, 2)) for dt in (-0.6, -0.4, -0.2, 0.0) for drt in (-0.25, 0.0, 0.25)]
        results = extraction_cv(data, docs, vocab, l2, grid)
        for (gt, grt), (gp, gr, gf) in sorted(results.items()):
            print(f"extractor CV threshold {gt:+.1f} rule {grt:+.2f}: P {gp:.4f} R {gr:.4f} F1 {gf:.4f}")
        (t, rt), (p, r, f1) = max(results.items(), key=lambda kv: kv[1][2])
        print(f"chosen on the extractor: threshold {t:+.1f}, rule {rt:+.2f} (CV P {p:.4f} R {r:.4f} F1 {f1:.4f})")
    X, y = design(data, vocab)
    w, b = fit(X, y, l2)
    tp, tr, tf = extractor_prf(data, doc_scores(data, vocab, w, b), t, rt)
    print(f"refit on all of train: train P {tp:.4f} R {tr:.4f} F1 {tf:.4f}")
    weights = {f: round(float(w[j]), 4) for f, j in sorted(vocab.items()) if abs(w[j]) >= 5e-4}
    model = {
        "note": ("Attribution scorer of analysis/extract/quotes/ (candidate_features -> log-odds that the candidate "
                 "matches a PolNeAR Content span). Generated by tools/train_attributions.py from the PolNeAR "
                 "train split (Newell, Margolin & Ruths 2018, LREC): L2 logistic regression, features seen >= "
                 f"{min_count} times, regularisation and threshold by 5-fold CV by article maximising the "
                 f"extractor's F1 (CV P {p:.4f} R {r:.4f} F1 {f1:.4f}; train {tf:.4f}). Feature names are "
                 "lemmas and labels only, no corpus text. Do not edit by hand."),
        "l2": l2,
        "bias": round(b, 4),
        "threshold": t,
        "rule_threshold": rt,
        "weights": weights,
    }
    out.write_text(json.dumps(model, indent=0, sort_keys=False, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"wrote {len(weights)} weights to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

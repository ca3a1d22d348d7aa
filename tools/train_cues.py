"""Learn which cue constructions fire: ``analysis/data/learned_cues.yml`` from the PolNeAR train split.

PolNeAR (Newell, Margolin & Ruths 2018) annotates every attribution, not only
speech: "accused Cruz of ...", "his claim that ...", "support for ...",
"hopes to ...".  Single-lemma rules for such cues are imprecise ("see",
"find", "support" fire on every use), so the table is estimated per (cue
lemma, part of speech, construction) -- the dependent that carries the
content (:func:`analysis.quotes.cue_constructions`):

1. parse each train article (or read cached parses, ``--docbin``), run the
   hand-written extractor without the table (``doc_quotes(learned=False)``);
2. every construction whose content does not overlap that output is a
   candidate; it is correct when its content matches a gold Content span the
   extractor missed (character Dice >= 0.5, as ``score_quotes.py`` scores);
3. precision per construction is smoothed, ``(correct + 1) / (seen + 2)``,
   and kept when seen at least ``--min-count`` times;
4. the precision threshold is the one that maximises F1 on train when the
   kept constructions are added the way the extractor adds them;
5. the other way round, the hand-written rules' own indirect attributions
   are counted per (reporting verb, construction) (:func:`analysis.quotes.veto_key`)
   and the pairs whose smoothed precision falls below a second threshold --
   'find dobj', 'prove oprd' -- are vetoed (``vetoes``); both thresholds are
   chosen together, the table being re-estimated without the vetoed output.

The YAML holds only lemmas, labels and counts, no PolNeAR text.  Skipped
(exit 0) when ``../shared`` is absent.

    python tools/train_cues.py [--docbin /tmp/q2/train.spacy --ids /tmp/qa/train.ids.json]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SPLIT = SHARED / "data" / "polnear" / "train"
OUT = ROOT / "analysis" / "data" / "learned_cues.yml"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_quotes", SHARED / "eval" / "score_quotes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _docs(split: Path, docbin: Path | None, ids_path: Path | None):
    from analysis.nlp import load_pipeline

    nlp = load_pipeline()
    if docbin is not None:
        from spacy.tokens import DocBin

        ids = json.loads(ids_path.read_text())
        return zip(ids, DocBin().from_disk(docbin).get_docs(nlp.vocab))
    files = sorted((split / "text").glob("*.txt"))
    texts = (f.read_text(encoding="utf-8") for f in files)
    return zip((f.stem for f in files), nlp.pipe(texts, batch_size=32))


def collect(split: Path, docbin: Path | None = None, ids_path: Path | None = None):
    """Per article: (gold content spans, hand-written output (span, veto key), candidates (key, cue index, span))."""
    from analysis.quotes import _dependent_content, cue_constructions, doc_quotes, quoted_spans, veto_key

    sq = _scorer()
    anns = sorted((split / "attributions").glob("*.ann"))
    first: dict[str, Path] = {}
    for a in anns:
        first.setdefault(a.name.rsplit("_", 1)[0], a)
    data = []
    for stem, doc in _docs(split, docbin, ids_path):
        ann = next((a for a in anns if a.name.startswith(stem + "_")), None)
        if ann is None:
            continue
        try:
            golds = [g["content"] for g in sq.read_gold(ann)]
        except ValueError:
            continue  # one malformed .ann in train
        spans = quoted_spans(doc.text)
        system = [((q.start, q.end), veto_key(doc, q.start, q.end, q.cue, spans))
                  for q in doc_quotes(doc, learned=False)]
        cands = []
        for cue, key, child in cue_constructions(doc):
            span = _dependent_content(doc, cue, child)
            if span is not None:
                cands.append((key, cue.i, span))
        data.append((golds, system, cands))
    return data, sq.dice


def estimate_vetoes(data, dice) -> dict[str, list[int]]:
    """veto key -> [seen, correct] over the hand-written rules' indirect attributions."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for golds, system, _ in data:
        for span, key in system:
            if key is not None:
                stats[key][0] += 1
                stats[key][1] += any(dice(g, span) >= 0.5 for g in golds)
    return stats


def without_vetoed(data, vetoes: set[str]):
    """The data with the vetoed attributions taken out of the hand-written output (spans only)."""
    return [(golds, [span for span, key in system if key not in vetoes], cands) for golds, system, cands in data]


def _overlaps(a, b) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def estimate(data, dice) -> dict[str, list[int]]:
    """key -> [seen, correct] over candidates outside the hand-written output."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for golds, system, cands in data:
        missed = [g for g in golds if not any(dice(g, s) >= 0.5 for s in system)]
        for key, _, span in cands:
            if any(_overlaps(span, s) for s in system):
                continue
            stats[key][0] += 1
            stats[key][1] += any(dice(g, span) >= 0.5 for g in missed)
    return stats


def _f1(data, dice, table: dict[str, float]) -> float:
    """F1 on the split with the table's constructions added as the extractor adds them."""
    n_gold = n_sys = n_match = 0
    for golds, system, cands in data:
        out = list(system)
        fired = set()
        for _, span, ci, key in sorted((-table[k], span, ci, k) for k, ci, span in cands if k in table):
            if ci in fired or any(_overlaps(span, s) for s in out):
                continue
            fired.add(ci)
            out.append(span)
        pairs = sorted(((dice(g, s), gi, si) for gi, g in enumerate(golds) for si, s in enumerate(out)), reverse=True)
        used_g, used_s = set(), set()
        for d, gi, si in pairs:
            if d < 0.5:
                break
            if gi not in used_g and si not in used_s:
                used_g.add(gi)
                used_s.add(si)
        n_gold += len(golds)
        n_sys += len(out)
        n_match += len(used_g)
    p, r = n_match / max(1, n_sys), n_match / max(1, n_gold)
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", type=Path, default=SPLIT)
    ap.add_argument("--docbin", type=Path, help="cached parses of the split (spaCy DocBin), in --ids order")
    ap.add_argument("--ids", type=Path, help="JSON list of the doc ids in --docbin")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--prior", type=float, nargs=2, default=(2.0, 0.5), metavar=("STRENGTH", "MEAN"),
                    help="precision = (correct + STRENGTH*MEAN) / (seen + STRENGTH)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not (args.split / "text").is_dir():
        print(f"skipped: {args.split} not found")
        return 0
    raw, dice = collect(args.split, args.docbin, args.ids)
    a, p0 = args.prior

    def smooth(stats):
        # Word lemmas only: numbers, symbols and names are no cue (and no text leaks into the table).
        return {k: ((m + a * p0) / (n + a), n, m) for k, (n, m) in stats.items()
                if n >= args.min_count and re.fullmatch(r"[a-z][a-z'-]*", k.split(" ", 1)[0])}

    veto_stats = smooth(estimate_vetoes(raw, dice))
    best = (0.0, 0.0, 1.0)
    for veto_theta in [t / 100 for t in range(0, 51, 5)]:
        vetoes = {k for k, (p, _, _) in veto_stats.items() if p < veto_theta}
        data = without_vetoed(raw, vetoes)
        smoothed = smooth(estimate(data, dice))
        for theta in [t / 100 for t in range(35, 61, 5)]:
            table = {k: p for k, (p, _, _) in smoothed.items() if p >= theta}
            f1 = _f1(data, dice, table)
            print(f"veto below {veto_theta:.2f} ({len(vetoes)} vetoed), threshold {theta:.2f}: "
                  f"{len(table)} constructions, train F1 {f1:.4f}")
            best = max(best, (f1, -veto_theta, -theta))
    veto_theta, theta = -best[1], -best[2]
    vetoed = sorted((k, v) for k, v in veto_stats.items() if v[0] < veto_theta)
    data = without_vetoed(raw, {k for k, _ in vetoed})
    smoothed = smooth(estimate(data, dice))
    kept = sorted((k, v) for k, v in smoothed.items() if v[0] >= theta)
    lines = [
        "# Learned cue constructions: which (cue lemma, part of speech, construction) pairs",
        "# introduce an attribution.  Generated by tools/train_cues.py -- do not edit by hand.",
        "#",
        "# Provenance: estimated on the PolNeAR train split (Newell, Margolin & Ruths 2018,",
        "# LREC; 840 political news articles, first annotator's .ann per text) against the",
        "# hand-written extractor's output (analysis/quotes.py, doc_quotes(learned=False)).",
        "# Only lemmas, labels and counts are stored, no corpus text.",
        "# A construction names the dependent that carries the content: ccomp, xcomp, dobj,",
        "# pcomp (verbs), acl, ccomp (nouns: 'claim that'), prep_<word> ('support for').",
        "#",
        f"# cues: 'lemma POS construction': [smoothed precision (correct+{a * p0:g})/(seen+{a:g}), seen, correct]",
        f"# kept: seen >= {args.min_count} and precision >= {theta:.2f}",
        "# vetoes: 'lemma construction' of the hand-written rules' indirect attributions",
        "# (analysis.quotes.veto_key), same counts; vetoed: seen >= min_count and precision",
        f"# < {veto_theta:.2f}.  Both thresholds maximise F1 on train together: {best[0]:.4f}.",
        f"min_count: {args.min_count}",
        f"threshold: {theta:.2f}",
        f"veto_threshold: {veto_theta:.2f}",
        "cues:",
    ]
    lines += [f"  {json.dumps(k)}: [{p:.3f}, {n}, {m}]" for k, (p, n, m) in kept]
    lines += ["vetoes:"] + [f"  {json.dumps(k)}: [{p:.3f}, {n}, {m}]" for k, (p, n, m) in vetoed]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(kept)} constructions (threshold {theta:.2f}) and {len(vetoed)} vetoes "
          f"(below {veto_theta:.2f}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

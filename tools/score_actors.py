"""Score person unification against the hand gold ``tests/data/actors_gold.json``; count phantom actors.

The gold: person mentions in 45 articles of two uncurated corpora
(PolNeAR train built as a corpus, ``benchmarks.polnear_corpus``, and the
``news_cluster`` Media Cloud export), each labelled by reading the article
with a corpus-wide person id; offsets into ``corpus.articles.text`` and ids
only (no text), with each article's text SHA-1 so a changed cleaner is
noticed (the article is then skipped and counted).  It includes ambiguous
surnames: Bill / Hillary / Chelsea Clinton, George W. / George H.W. / Jeb /
Billy Bush, Liz / Dick Cheney, Donald / Eric Trump, Stephen / Eric / Patrick
Paddock, Max / Jos Verstappen, and family uses ("the Bush family", "the
Clinton campaign") left out as not person mentions.

Measures, over the gold mentions only:

* each gold mention is aligned to the system's non-nominal mention that
  overlaps it most (``analysis.actors``); a gold mention with no system
  mention is a singleton system cluster of its own;
* **B-cubed** (Bagga & Baldwin 1998) over mentions: for mention m with gold
  cluster G(m) and system cluster S(m) (both restricted to the gold
  mentions of that corpus), precision(m) = |G(m) ∩ S(m)| / |S(m)|, recall(m)
  = |G(m) ∩ S(m)| / |G(m)|, averaged over the mentions.  Precision falls
  when different people share an id (Mary/Liz Cheney), recall when one
  person is split over ids (Trump / Donald J. Trump).  Clusters span the
  whole corpus, so both within- and cross-article unification count;
* **pairwise**: precision and recall over the pairs of gold mentions put in
  one cluster (the stricter figure, dominated by the most mentioned people).

Phantom actors: discovered actors (``analysis.discovered_actors``) whose
name is a possessive phrase (``X's Y``) or a bare nationality or party
adjective (``analysis.core.lexicons.affiliations``), on the seeds and both
development corpora.

Figures only.  Needs ``../shared`` (skips otherwise); parses ~1,200
articles (a few minutes on 2 CPUs).

    python -m tools.score_actors [--gold tests/data/actors_gold.json] [--no-phantoms] [--misses]

``--misses`` lists, per corpus, each gold person split over system ids (recall misses, with the
doc id and offset of every mention outside the person's main id) and each system id holding
several gold people (precision misses): ids and offsets only, to read against the articles.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `python tools/score_actors.py` from anywhere: analysis and benchmarks importable
SHARED = ROOT.parent / "shared" / "data"
GOLD = ROOT / "tests" / "data" / "actors_gold.json"


def build_corpora(tmp: Path) -> dict[str, Path]:
    """The two development corpus folders, written under ``tmp`` (texts never enter the project)."""
    from benchmarks.polnear_corpus import build

    out = {}
    pn = build(tmp / "polnear-train")
    if pn is not None:
        out["polnear-train"] = pn
    src = SHARED / "news_cluster" / "articles.jsonl"
    if src.is_file():
        (tmp / "news_cluster").mkdir()
        (tmp / "news_cluster" / "articles.jsonl").write_bytes(src.read_bytes())
        out["news_cluster"] = tmp / "news_cluster"
    return out


def align(gold_mentions: list[list], system: list[tuple[int, int, str]]) -> list[str | None]:
    """The system actor id of each gold ``[start, end, person]``: the overlapping mention with the most overlap."""
    out = []
    for start, end, _ in gold_mentions:
        best, found = 0, None
        for s, e, aid in system:
            overlap = min(e, end) - max(s, start)
            if overlap > best:
                best, found = overlap, aid
        out.append(found)
    return out


def b_cubed(gold: list[str], system: list[str]) -> tuple[float, float]:
    """B-cubed precision and recall of ``system`` labels against ``gold`` labels (same mentions, same order)."""
    g_members, s_members = defaultdict(set), defaultdict(set)
    for i, (g, s) in enumerate(zip(gold, system)):
        g_members[g].add(i)
        s_members[s].add(i)
    p = r = 0.0
    for g, s in zip(gold, system):
        both = len(g_members[g] & s_members[s])
        p += both / len(s_members[s])
        r += both / len(g_members[g])
    n = max(len(gold), 1)
    return p / n, r / n


def pairwise(gold: list[str], system: list[str]) -> tuple[float, float]:
    """Precision and recall over mention pairs placed in one cluster."""
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        same_g, same_s = gold[i] == gold[j], system[i] == system[j]
        tp += same_g and same_s
        fp += same_s and not same_g
        fn += same_g and not same_s
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def score_corpus(gold_articles: dict, mentions, texts: dict[str, str]) -> dict:
    """Labels of one corpus's gold mentions: ``{"gold": [...], "system": [...], "skipped": n}``.

    ``mentions`` is the corpus's ``analysis.actors`` table; ``texts`` its ``doc_id -> text``.
    """
    m = mentions[mentions["source"] != "nominal"]
    by_doc: dict[str, list] = defaultdict(list)
    for d, s, e, a in m[["doc_id", "start", "end", "actor_id"]].itertuples(index=False):
        by_doc[d].append((int(s), int(e), a))
    gold, system, where, skipped = [], [], [], 0
    for doc_id, art in sorted(gold_articles.items()):
        text = texts.get(doc_id)
        if text is None or hashlib.sha1(text.encode("utf-8")).hexdigest() != art["text_sha1"]:
            skipped += 1
            continue
        for (start, end, person), aid in zip(art["mentions"], align(art["mentions"], by_doc.get(doc_id, []))):
            gold.append(person)
            system.append(aid if aid is not None else f"(missed {doc_id} {start})")
            where.append(f"{doc_id}:{start}")
    return {"gold": gold, "system": system, "where": where, "skipped": skipped}


def misses(lab: dict) -> list[str]:
    """Lines naming the recall misses (a gold person's mentions outside its most common system id) and the
    precision misses (system ids holding several gold people) of one corpus's labels."""
    by_gold: dict[str, Counter] = defaultdict(Counter)
    by_system: dict[str, Counter] = defaultdict(Counter)
    for g, s in zip(lab["gold"], lab["system"]):
        by_gold[g][s] += 1
        by_system[s][g] += 1
    lines = []
    for g, counts in sorted(by_gold.items()):
        if len(counts) > 1:
            main = counts.most_common(1)[0][0]
            where = [w for w, gg, s in zip(lab["where"], lab["gold"], lab["system"]) if gg == g and s != main]
            lines.append(f"  recall miss: {g} over {dict(counts)}; outside {main}: {where}")
    for s, counts in sorted(by_system.items()):
        if len(counts) > 1:
            lines.append(f"  precision miss: {s} holds {dict(counts)}")
    return lines


def report(labels: dict[str, dict]) -> list[str]:
    """Figure lines: per corpus and pooled (corpora pooled as disjoint cluster sets)."""
    lines = []
    pooled_g, pooled_s = [], []
    for name, lab in labels.items():
        g, s = lab["gold"], lab["system"]
        pooled_g += [f"{name}/{x}" for x in g]
        pooled_s += [f"{name}/{x}" for x in s]
        bp, br = b_cubed(g, s)
        pp, pr = pairwise(g, s)
        lines.append(f"{name}: {len(g)} mentions, {len(set(g))} people ({lab['skipped']} articles skipped: text "
                     f"changed); B-cubed P {bp:.3f} R {br:.3f}; pairwise P {pp:.3f} R {pr:.3f}")
    bp, br = b_cubed(pooled_g, pooled_s)
    pp, pr = pairwise(pooled_g, pooled_s)
    lines.append(f"all: {len(pooled_g)} mentions; B-cubed P {bp:.3f} R {br:.3f}; pairwise P {pp:.3f} R {pr:.3f}")
    return lines


def phantoms(found) -> dict[str, int]:
    """Discovered actors named by a possessive phrase or a bare nationality/party adjective."""
    from analysis.core.lexicons import affiliations

    adjectives = affiliations().adjectives
    names = [str(n) for n in found["name"]]
    possessive = sum(any(p in n for p in ("'s ", "’s ", "' ", "’ ")) for n in names)
    adjective = sum(n.casefold() in adjectives for n in names)
    return {"possessive": possessive, "adjective": adjective}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.score_actors")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--no-phantoms", action="store_true", help="skip the phantom-actor counts")
    parser.add_argument("--misses", action="store_true", help="list the recall and precision misses")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} not found")
        return 0
    import analysis

    gold = json.loads(args.gold.read_text(encoding="utf-8"))["corpora"]
    labels = {}
    with tempfile.TemporaryDirectory() as tmp:
        folders = build_corpora(Path(tmp))
        for name, folder in folders.items():
            corpus = analysis.load_corpus(folder)
            texts = dict(zip(corpus.articles["doc_id"], corpus.articles["text"]))
            if name in gold:
                labels[name] = score_corpus(gold[name], analysis.actors(corpus), texts)
            if not args.no_phantoms:
                print(f"phantom actors, {name}: {phantoms(analysis.discovered_actors(corpus))}")
    if not args.no_phantoms:
        print(f"phantom actors, seeds: {phantoms(analysis.discovered_actors(analysis.load_corpus(ROOT / 'seeds')))}")
    if args.misses:
        for name, lab in labels.items():
            print(f"{name} misses:")
            for line in misses(lab):
                print(line)
    for line in report(labels):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Cross-article person unification at scale: :func:`analysis.tables.actors._resolve` over synthetic mentions.

No parse: the per-article mentions of ``--articles`` articles (default
10,000) are generated with a fixed seed, the shape of a news corpus's
stored ``mentions`` rows: per article ``--people`` people (default 8) drawn
from a pool of 20,000 (5,000 surnames, so most surnames are shared by
several people, the hard case of the surname rules), each named once in
full ("Sen. Given X. Surname" variants: titles, middle initials, suffixes)
and then by surname three times ("Mr. Surname"; one in four tagged ORG, as
the model does), plus ten organisation and place mentions from a pool of
2,000; with ``--given`` (default 0.25) that share of the people is also named
by the given name alone, half of them clipped to a pet form ("Mar" of
"Marel": the given-name rules), drawn from a second seeded generator so the
rest of the corpus is the same as without it.  About 420,000 mentions at the
default size.

Reports the seconds of ``_resolve`` (every rule of the actors table after
the parse: full-name clustering, per-article surname resolution, the
corpus-wide fallback, the table) beside a baseline measured in the same
run: building the same rows into a pandas DataFrame and counting mentions
per name (the floor of any table over these rows).  Target: seconds, not
minutes, at 10,000 articles.

    python -m benchmarks.bench_unification [--articles 10000] [--people 8] [--seed 0] [--given 0.25]
"""
from __future__ import annotations

import argparse
import random
import sys
import time

from .machine import describe

SYLLABLES = ["ka", "ro", "mi", "lan", "dor", "ve", "sti", "bel", "mar", "tu", "son", "ne", "qui", "ash", "el", "vo"]
TITLES = ["", "", "Sen. ", "Gov. ", "President ", "Sheriff "]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def synthetic_raw(n_articles: int, *, people: int = 8, seed: int = 0, given_share: float = 0.25) -> list:
    """``(doc_id, outlet, Mention, sentence, in_quote)`` rows of a synthetic corpus (see the module docstring)."""
    from analysis.extract.mentions import Mention, name_key

    rng = random.Random(seed)
    rng_given = random.Random(seed + 1)  # the given-name mentions: the rest of the corpus is unchanged
    surnames = sorted({_word(rng, 3) for _ in range(5000)})
    givens = sorted({_word(rng, 2) for _ in range(500)})
    pool = [(rng.choice(givens), rng.choice(surnames), rng.choice(["", "", "", " J.", " A."]),
             rng.choice(["", "", "", "", " Jr."])) for _ in range(20000)]
    orgs = [(f"{_word(rng, 2)} {rng.choice(['Ministry', 'Party', 'Council', 'Agency'])}", "ORG") for _ in range(1000)]
    orgs += [(_word(rng, 3), "GPE") for _ in range(1000)]
    raw = []
    for a in range(n_articles):
        doc_id = f"a{a:06d}"
        pos = sent = 0
        items = []
        for given, surname, middle, suffix in rng.sample(pool, people):
            items.append((f"{rng.choice(TITLES)}{given}{middle} {surname}{suffix}", "PERSON"))
            items += [(f"Mr. {surname}" if k == 0 else surname, "ORG" if rng.random() < 0.25 else "PERSON")
                      for k in range(3)]
            if rng_given.random() < given_share:
                items.append((given if rng_given.random() < 0.5 else given[:3], "PERSON"))
        items += rng.sample(orgs, 10)
        for surface, label in items:
            key = f"{label}:{name_key(surface, person=label == 'PERSON')}"
            m = Mention(pos, pos + len(surface), surface, key, "discovered", pos, pos + len(surface.split()))
            raw.append((doc_id, f"outlet-{a % 20}", m, sent, False))
            pos += len(surface) + 40
            sent += 1
    return raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_unification")
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--people", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--given", type=float, default=0.25, help="share of people also named by given name alone")
    args = parser.parse_args(argv)

    import pandas as pd

    from analysis.tables.actors import _resolve

    t0 = time.perf_counter()
    raw = synthetic_raw(args.articles, people=args.people, seed=args.seed, given_share=args.given)
    made = time.perf_counter() - t0

    t0 = time.perf_counter()
    frame = pd.DataFrame([(d, o, m.surface, m.key, m.start, m.end, s) for d, o, m, s, _ in raw],
                         columns=["doc_id", "outlet", "surface", "key", "start", "end", "sentence"])
    frame.groupby("key").size()
    baseline = time.perf_counter() - t0

    t0 = time.perf_counter()
    table, clusters = _resolve(raw, None)
    resolve = time.perf_counter() - t0
    people = table[table["actor_type"] == "person"]

    print(f"machine: {describe()}")
    print(f"synthetic corpus: {args.articles} articles, {len(raw)} mentions (generated in {made:.1f} s)")
    print(f"baseline (DataFrame + count per name): {baseline:6.2f} s")
    print(f"unification (_resolve, whole table):   {resolve:6.2f} s  ({resolve / max(baseline, 1e-9):.1f}x baseline; "
          f"{table['actor_id'].nunique()} actors, {people['actor_id'].nunique()} people, "
          f"{int(table['ambiguous'].sum())} ambiguous mentions)")
    print("target: seconds, not minutes, at 10,000 articles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

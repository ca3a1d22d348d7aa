"""Quotes + actors extraction time over a bare ``nlp.pipe`` on the same texts (target: <= 1.15x).

Texts: the PolNeAR train split (``../shared/data/polnear/train/text/*.txt``
from the project root; never committed; skipped when absent).  Both runs use
the same model, batch size and texts, in the same process:

* bare: ``load_pipeline(model).pipe(texts)``, the Docs consumed and dropped;
* quotes+actors: :func:`analysis.actors` then :func:`analysis.quotes` from a
  cold corpus cache, i.e. the one shared parse (with the actor dictionary's
  EntityRuler, ``seeds/actors.yml`` as the corpus's ``actors.yml``) plus every
  step of actor and quote extraction and the speaker-to-actor linking.

    python -m benchmarks.bench_quotes [--limit 200] [--batch-size 32]
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from .common import pipe_seconds, text_bench_parser, text_files
from .machine import describe


def main(argv: list[str] | None = None) -> int:
    args = text_bench_parser("python -m benchmarks.bench_quotes", limit=200,
                             limit_help="use only the first N files (0: all)").parse_args(argv)

    files = text_files(args.texts, limit=args.limit)
    if not files:
        print(f"bench_quotes: skipped (no PolNeAR texts at {args.texts})")
        return 0

    from analysis import actors, quotes
    from analysis.core.corpus import load_files
    from analysis.core.dictionary import DICTIONARY_FILE, load_dictionary
    from analysis.nlp import build_pipeline, load_pipeline, model_name

    with tempfile.TemporaryDirectory() as tmp:
        # The corpus's own actors.yml, so actors and quotes share one parse as in a report run.
        shutil.copy(args.dictionary, Path(tmp) / DICTIONARY_FILE)
        corpus = load_files(files, raw=True)
        corpus.path = Path(tmp)
        texts = list(corpus.articles["text"])
        words = int(corpus.articles["n_words"].sum())
        bare_nlp = load_pipeline(args.model)
        build_pipeline(load_dictionary(args.dictionary), model=args.model)  # loading is not measured
        for _ in bare_nlp.pipe(texts[:5]):  # warm-up
            pass

        bare = pipe_seconds(bare_nlp, texts, batch_size=args.batch_size)

        t0 = time.perf_counter()
        n_mentions = len(actors(corpus, model=args.model, batch_size=args.batch_size))
        t_actors = time.perf_counter() - t0
        t0 = time.perf_counter()
        n_quotes = len(quotes(corpus, model=args.model))
        t_quotes = time.perf_counter() - t0

    full = t_actors + t_quotes
    print(f"machine: {describe()}; model {model_name(args.model)}")
    print(f"texts: {len(texts)} PolNeAR train files, {words} words; batch_size={args.batch_size}, n_process=1")
    print(f"bare nlp.pipe:                 {bare:7.1f} s")
    print(f"actors (parse + extraction):   {t_actors:7.1f} s  ({n_mentions} mentions)")
    print(f"quotes (on the shared parse):  {t_quotes:7.1f} s  ({n_quotes} quotes)")
    print(f"ratio (quotes+actors) / bare:  {full / bare:.3f}  (target <= 1.15)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

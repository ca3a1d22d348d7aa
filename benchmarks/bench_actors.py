"""Actor extraction speed as a ratio to a bare ``nlp.pipe`` over the same texts.

Texts: the PolNeAR train split (``../shared/data/polnear/train/text/*.txt``
from the project root; never committed).  Both runs use the same model,
batch size and n_process, in the same process:

* bare: ``load_pipeline(model).pipe(texts)``, the Docs consumed and dropped;
* actors: :func:`analysis.actors` from a cold corpus cache, i.e. the
  dictionary pipeline's parse plus every step of extraction and clustering.

The dictionary is ``seeds/actors.yml`` (or ``--dictionary``), so the
EntityRuler's matching cost is included.  Reports words/s and the ratio
(target: actors >= 0.85 of bare throughput, i.e. at most 1.1x the bare parse's time) and
the machine.

    python -m benchmarks.bench_actors [--limit N (default $OUTLET_LENS_BENCH_N or 300)] [--batch-size 32] [--n-process 1]
"""
from __future__ import annotations

import os
import sys
import time

from .common import pipe_seconds, text_bench_parser, text_files
from .machine import describe


def main(argv: list[str] | None = None) -> int:
    parser = text_bench_parser("python -m benchmarks.bench_actors",
                               limit=int(os.environ.get("OUTLET_LENS_BENCH_N", 300)),
                               limit_help="use only the first N files (0: all; default 300, $OUTLET_LENS_BENCH_N)")
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args(argv)

    files = text_files(args.texts, limit=args.limit)
    if not files:
        print(f"skipped: no PolNeAR texts at {args.texts}")
        return 0

    from analysis import actors
    from analysis.core.corpus import load_files
    from analysis.core.dictionary import load_dictionary
    from analysis.nlp import build_pipeline, load_pipeline, model_name

    corpus = load_files(files, raw=True)
    texts = list(corpus.articles["text"])
    words = int(corpus.articles["n_words"].sum())
    dictionary = load_dictionary(args.dictionary)
    bare_nlp = load_pipeline(args.model)
    build_pipeline(dictionary, model=args.model)  # model loading is not what is measured
    for _ in bare_nlp.pipe(texts[:5]):  # warm-up
        pass

    bare = pipe_seconds(bare_nlp, texts, batch_size=args.batch_size, n_process=args.n_process)

    t0 = time.perf_counter()
    table = actors(corpus, dictionary=dictionary, model=args.model, batch_size=args.batch_size,
                   n_process=args.n_process)
    full = time.perf_counter() - t0

    print(f"machine: {describe()}; model {model_name(args.model)}")
    print(f"texts: {len(texts)} files, {words} words; batch_size={args.batch_size}, n_process={args.n_process}")
    print(f"bare nlp.pipe:     {bare:8.1f} s  {words / bare:9.0f} words/s")
    print(f"actor extraction:  {full:8.1f} s  {words / full:9.0f} words/s  ({len(table)} mentions, "
          f"{table['actor_id'].nunique()} actors)")
    print(f"ratio (actors / bare throughput): {bare / full:.3f}  (target >= 0.85)")
    print(f"time ratio (actors / bare parse): {full / bare:.3f}  (target <= 1.1, issue 24: person unification, "
          f"possessive and affiliation rules included)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

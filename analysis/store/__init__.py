"""The store layer: parse once, keep what the tables need, and cache the tables.

* :mod:`.parquet` -- the store folder: per-article rows in Parquet part files,
  keyed by article text, model, versions and the extraction code;
* :mod:`.extraction` -- :func:`extract` (local ``n_process`` or Dask) and
  :func:`open_corpus`;
* :mod:`.cache` -- :func:`article_rows` (stored rows, or the shared parse) and
  the one table cache, the :func:`table` decorator.

The rows themselves are built by :mod:`analysis.extract.rows`: the store
imports no table module.  Imports only ``core``, ``nlp`` and ``extract``.
"""
from .cache import (article_rows, attach, attached_store, corpus_digest, corpus_fingerprint, share_tables,
                    subset, table)
from .extraction import available_cores, extract, local_cluster, open_corpus
from .parquet import (DICTIONARY_TABLES, STORE_DIR, TABLES, Store, default_store_path, package_digest, pipeline_key,
                      text_sha)

__all__ = ["Store", "STORE_DIR", "TABLES", "DICTIONARY_TABLES", "text_sha", "pipeline_key", "default_store_path",
           "extract", "local_cluster", "open_corpus", "attach", "attached_store", "share_tables", "subset",
           "article_rows", "table",
           "corpus_digest", "corpus_fingerprint", "package_digest", "available_cores"]

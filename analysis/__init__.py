"""Outlet Lens: how different news outlets cover the same event.

The public API: load a corpus, then ask who appears, who speaks and how the
story is framed.  Every function returns a tidy pandas DataFrame.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

from .corpus import ArticleProblem, Corpus, CorpusError, load_corpus
from .dictionary import DictionaryError, load_dictionary
# Binds the name ``actors`` to the table function (the module stays importable
# as ``analysis.actors`` through sys.modules: ``from analysis.actors import ...``).
from .actors import actor_coverage, actors, cooccurrence, discovered_actors, naming  # noqa: E402

try:
    __version__ = _version("outlet-lens")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["ArticleProblem", "Corpus", "CorpusError", "DictionaryError", "load_corpus", "load_dictionary",
           "actors", "actor_coverage", "naming", "cooccurrence", "discovered_actors", "__version__"]

"""Outlet Lens: how different news outlets cover the same event.

The public API: load a corpus, then ask who appears, who speaks and how the
story is framed.  Every function returns a tidy pandas DataFrame.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

from .corpus import ArticleProblem, Corpus, CorpusError, load_corpus
from .quotes import classify_quote_span, is_scare_quote, quotes, share_of_voice, shared_statements, verb_profile

try:
    __version__ = _version("outlet-lens")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["ArticleProblem", "Corpus", "CorpusError", "load_corpus", "__version__"]
__all__ += ["quotes", "share_of_voice", "verb_profile", "shared_statements", "is_scare_quote",
            "classify_quote_span"]

"""Outlet Lens: how different news outlets cover the same event.

The public API: load a corpus, then ask who appears, who speaks and how the
story is framed.  Every function returns a tidy pandas DataFrame.

The table functions ``actors`` and ``quotes`` share their modules' names: the
package attribute is the function, and the modules stay importable with
``from analysis.actors import ...`` / ``from analysis.quotes import ...``.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

from .corpus import ArticleProblem, Corpus, CorpusError, load_corpus
from .dictionary import DictionaryError, load_dictionary
from .actors import actor_coverage, actors, cooccurrence, discovered_actors, naming  # noqa: E402
from .quotes import classify_quote_span, is_scare_quote, quotes, share_of_voice, shared_statements, verb_profile
from .vocabulary import distinctive_terms
from .reuse import reuse
from .framing import hedges, kwic, loaded_terms
from .framing import scare_quotes
from .sources import sources
from .store import cached_table, extract, open_corpus

# With an extraction store attached to the corpus, each public table is kept whole in it
# (analysis/store.py); without one these are the plain functions.
(actors, actor_coverage, naming, cooccurrence, discovered_actors, quotes, share_of_voice, verb_profile,
 shared_statements, distinctive_terms, reuse, hedges, loaded_terms, scare_quotes, sources) = map(cached_table, (
    actors, actor_coverage, naming, cooccurrence, discovered_actors, quotes, share_of_voice, verb_profile,
    shared_statements, distinctive_terms, reuse, hedges, loaded_terms, scare_quotes, sources))

try:
    __version__ = _version("outlet-lens")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["ArticleProblem", "Corpus", "CorpusError", "DictionaryError", "load_corpus", "load_dictionary",
           "actors", "actor_coverage", "naming", "cooccurrence", "discovered_actors",
           "quotes", "share_of_voice", "verb_profile", "shared_statements", "is_scare_quote", "classify_quote_span",
           "distinctive_terms", "reuse", "hedges", "loaded_terms", "kwic", "__version__"]
__all__ += ["scare_quotes", "sources", "extract", "open_corpus"]

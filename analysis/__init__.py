"""Outlet Lens: how different news outlets cover the same event.

The public API: load a corpus, then ask who appears, who speaks and how the
story is framed.  Every table function returns a tidy pandas DataFrame.

The package is layered, each layer importing only the ones before it::

    core  ->  nlp  ->  extract  ->  store  ->  tables  ->  report  ->  cli

``core`` loads corpora and data files; ``nlp`` owns the spaCy pipeline;
``extract`` turns one parsed Doc into named tuples; ``store`` keeps them in
Parquet and caches tables; ``tables`` builds the corpus tables; ``report``
runs and feeds the notebooks.  The names below are loaded on first use, so
``python -m analysis --help`` does not import spaCy.

``analysis.extract`` is the extract layer's package; calling it
(``analysis.extract(corpus, store=...)``) runs :func:`analysis.store.extract`.
"""
from __future__ import annotations

import importlib
import sys
import types
from typing import Any

from .core import __version__ as __version__

# name -> the module (relative to this package) that defines it
_EXPORTS = {
    "ArticleProblem": ".core.corpus", "Corpus": ".core.corpus", "CorpusError": ".core.corpus",
    "load_corpus": ".core.corpus",
    "DictionaryError": ".core.dictionary", "load_dictionary": ".core.dictionary",
    "actors": ".tables.actors", "actor_coverage": ".tables.actors", "naming": ".tables.actors",
    "cooccurrence": ".tables.actors", "discovered_actors": ".tables.actors", "main_actors": ".tables.actors",
    "quotes": ".tables.quotes", "share_of_voice": ".tables.quotes", "verb_profile": ".tables.quotes",
    "shared_statements": ".tables.quotes", "statement_copies": ".tables.quotes", "top_speakers": ".tables.quotes",
    "verb_classes_by_outlet": ".tables.quotes",
    "is_scare_quote": ".extract.quotes.scare", "classify_quote_span": ".extract.quotes.scare",
    "distinctive_terms": ".tables.vocabulary", "term_counts": ".tables.vocabulary",
    "group_sizes": ".tables.vocabulary", "Z_THRESHOLD": ".tables.vocabulary",
    "house_style": ".tables.vocabulary", "house_style_summary": ".tables.vocabulary",
    "topic_choice": ".tables.vocabulary",
    "reuse": ".tables.reuse", "reuse_matrix": ".tables.reuse", "copied_and_quoted": ".tables.reuse",
    "hedges": ".tables.framing", "loaded_terms": ".tables.framing", "scare_quotes": ".tables.framing",
    "kwic": ".tables.framing", "own_voice_rates": ".tables.framing", "framing_rates": ".tables.framing",
    "evidence_lines": ".tables.framing",
    "sources": ".tables.sources", "source_summary": ".tables.sources", "wire_copy": ".tables.sources",
    "typed_quotes": ".tables.sources",
    "wire_credits": ".tables.sources",
    "stories": ".tables.stories", "story_coverage": ".tables.stories", "story_corpus": ".tables.stories",
    "story_measures": ".tables.stories", "matched_comparisons": ".tables.stories",
    "outlet_rates": ".tables.compare", "outlet_differences": ".tables.compare", "findings": ".tables.compare",
    "finding_examples": ".tables.compare", "speaker_groups": ".tables.compare", "measure_parts": ".tables.compare",
    "outlet_names": ".tables.compare",
    "open_corpus": ".store.extraction",
    "article_view": ".report.views", "actor_profile": ".report.views", "resolve_actor": ".report.views",
    "NotInCorpusError": ".report.views", "story_view": ".report.views",
    "figure": ".report.display", "heading": ".report.display", "highlight": ".report.display",
    "note": ".report.display", "table": ".report.display",
}
# Modules the notebooks use by name (``from analysis import overview, plots``).
_MODULES = {"overview": ".tables.overview", "plots": ".report.plots", "display": ".report.display",
            "views": ".report.views"}

__all__ = sorted([*_EXPORTS, *_MODULES, "extract", "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    elif name in _MODULES:
        value = importlib.import_module(_MODULES[name], __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _ExtractPackage(types.ModuleType):
    """The extract layer's package, callable as :func:`analysis.store.extract` (its documented name
    ``analysis.extract(corpus, store=...)``); ``import analysis.extract`` is the package."""

    def __call__(self, *args: Any, **kwargs: Any):
        from .store.extraction import extract  # lazy: the store loads spaCy's pipeline code

        return extract(*args, **kwargs)


importlib.import_module(".extract", __name__).__class__ = _ExtractPackage
extract = sys.modules[__name__ + ".extract"]

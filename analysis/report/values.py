"""What a ``for_each`` job repeats over: a registry of value sources.

A job with ``for_each: NAME`` runs its notebook once per value of the
registry entry ``NAME``, the value going to the notebook parameter the entry
names.  A new kind of page (stories, outlets) is one :func:`register` call,
not an edit of the runner (papermill's extension by registry).

=============  ============  ==========================================================  ===========
entry          parameter     values                                                      default top
=============  ============  ==========================================================  ===========
``doc_id``     ``doc_id``    every article, by doc_id                                    all
``actor``      ``actor``     the most quoted actors (then the most mentioned), by count  3
``story_id``   ``story_id``  the largest stories (articles, then outlets), of 2 or more  5
=============  ============  ==========================================================  ===========
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..tables.actors import main_actors
from ..tables.quotes import quotes
from ..tables.stories import stories

if TYPE_CHECKING:
    from ..core.corpus import Corpus

__all__ = ["ForEach", "FOR_EACH", "register", "article_ids", "most_quoted_actors", "largest_stories"]


@dataclass(frozen=True)
class ForEach:
    parameter: str                                        # the notebook parameter that gets the value
    values: Callable[["Corpus", int | None], list[str]]   # (corpus, top) -> values, in page order
    default_top: int | None = None                        # how many values when the job gives no ``top``
    needs_tables: bool = False                            # the values come from the tables (a store helps)


FOR_EACH: dict[str, ForEach] = {}


def register(name: str, values: Callable[["Corpus", int | None], list[str]], *, parameter: str | None = None,
             default_top: int | None = None, needs_tables: bool = False) -> None:
    """Make ``for_each: name`` available to report configs."""
    FOR_EACH[name] = ForEach(parameter or name, values, default_top, needs_tables)


def article_ids(corpus: "Corpus", top: int | None = None) -> list[str]:
    """Every article's doc_id, sorted (the first ``top``)."""
    ids = sorted(str(v) for v in corpus.articles["doc_id"].unique())
    return ids[:top] if top else ids


def most_quoted_actors(corpus: "Corpus", top: int | None = 3) -> list[str]:
    """The ``top`` actors quoted most often (quotes whose speaker is linked to an actor), then, to fill
    the list, the most mentioned (:func:`analysis.tables.actors.main_actors`); ids, ties by id."""
    q = quotes(corpus)
    counts = q.dropna(subset=["speaker_actor_id"]).groupby("speaker_actor_id").size()
    quoted = [str(a) for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    n = top or len(quoted)
    out = quoted[:n]
    for actor in main_actors(corpus, n=n + len(out)):
        if len(out) >= n:
            break
        if actor not in out:
            out.append(actor)
    return out


def largest_stories(corpus: "Corpus", top: int | None = 5) -> list[str]:
    """The ``top`` stories (:func:`analysis.tables.stories.stories`) with the most articles, then the
    most outlets, of two articles or more; ties by id."""
    st = stories(corpus).merge(corpus.articles[["doc_id", "outlet"]], on="doc_id")
    size = st.groupby("story_id").agg(n=("doc_id", "size"), outlets=("outlet", "nunique")).reset_index()
    size = size[size["n"] >= 2].sort_values(["n", "outlets", "story_id"], ascending=[False, False, True])
    ids = [str(s) for s in size["story_id"]]
    return ids[:top] if top else ids


register("doc_id", article_ids)
register("actor", most_quoted_actors, default_top=3, needs_tables=True)
register("story_id", largest_stories, default_top=5)

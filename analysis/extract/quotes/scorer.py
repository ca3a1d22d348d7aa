"""The learned attribution scorer: candidates, their features, and the scorer that judges them.

A logistic regression over lemma-and-label features (:func:`candidate_features`:
cue lemma, construction, source type, modality, negation, content length and
first word ...), trained on PolNeAR train by ``tools/train_attributions.py``
(weights in ``data/attribution_model.json``) -- a supervised attribution
classifier in the spirit of Pareti 2016, over candidates a parse proposes
(:func:`cue_constructions`).  It judges the rules' indirect contents without
quotation marks and, where nothing else found an attribution, every (cue,
construction) candidate (:func:`construction_candidates`).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, NamedTuple

from spacy.attrs import LEMMA

from ...core.lexicons import attribution_model
from ...nlp import doc_text, sentence_of
from ..quotemarks import QuoteIndex, QuoteSpan, doc_marks
from .base import _Att, _QUOTE_CHARS
from .cues import _cue_lemma, verb_class
from .speakers import _construction_source, _source_type
from .content import _dependent_content
from .filters import _physical_reading, _when_only

if TYPE_CHECKING:
    from spacy.tokens import Token


def veto_key(doc, start: int, end: int, cue: str | None, spans: list[QuoteSpan]) -> str | None:
    """``"lemma construction"`` of an indirect attribution read by the lexicon rules, else None.

    The construction is the dependency label of the content's head word
    ('ccomp' for 'said that ...', 'dobj' for 'found the car', 'oprd' for
    'proved popular').  Contents with quotation marks (direct and mixed
    quotes) and quotes without a cue have no key: they are never vetoed.
    ``spans`` are the Doc's quoted spans (:func:`quoted_spans`).
    """
    if cue is None or any(q.start < end and start < q.end for q in spans):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return f"{cue} {span.root.dep_}"


# Dependents that can carry a cue's content, per part of speech of the cue
# (clauses, objects, prepositional objects: 'hopes to', 'his claim that',
# 'support for', 'critical of').
_CONSTRUCTION_DEPS = {"VERB": {"ccomp", "xcomp", "dobj", "pcomp"}, "NOUN": {"acl", "ccomp"},
                      "ADJ": {"ccomp", "xcomp"}}


def cue_constructions(doc, *, lemmas: set[str] | None = None) -> Iterator[tuple]:
    """``(cue token, "lemma POS construction", dependent)`` for every verb, noun and adjective.

    The construction is the dependency label of the dependent that would
    carry the content (``ccomp``, ``xcomp``, ``dobj``, ``acl`` ...) or
    ``prep_<word>`` for a prepositional object.  With ``lemmas``, only cues
    with those lemmas are read (selected over the Doc's lemma array).
    """
    if lemmas is None:
        toks = doc
    else:
        strings = doc.vocab.strings
        wanted = {strings.add(w) for w in lemmas}
        toks = [doc[i] for i, lemma in enumerate(doc.to_array([LEMMA]).tolist()) if lemma in wanted]
    for tok in toks:
        deps = _CONSTRUCTION_DEPS.get(tok.pos_)
        if deps is None:
            continue
        if tok.lower_ == "order" and tok.i > 0 and doc[tok.i - 1].lower_ == "in":
            continue  # 'in order to': a purpose, no order given
        stem = f"{tok.lemma_.lower()} {tok.pos_} "
        for c in tok.children:
            if c.dep_ in deps:
                yield tok, stem + c.dep_, c
            elif c.dep_ == "prep":
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp"):
                        yield tok, stem + "prep_" + c.lower_, g


_MODALS = {"will": "will", "'ll": "will", "wo": "will", "would": "would", "'d": "would", "could": "could",
           "can": "can", "ca": "can", "may": "may", "might": "may", "should": "should", "must": "must"}
_WH = {"what", "how", "why", "whether", "if", "who", "whom", "which", "when", "where"}
_LEN_BUCKETS = (1, 2, 4, 8, 16, 32)


class Scorer(NamedTuple):
    """A logistic-regression attribution scorer: feature -> weight, plus bias and decision thresholds
    (construction candidates are added at ``threshold``, the rules' own kept at ``rule_threshold``)."""
    weights: dict[str, float]
    bias: float
    threshold: float
    rule_threshold: float
    lemmas: frozenset[str]   # cue lemmas with a weight of their own: the only construction cues read

    def score(self, features) -> float:
        """The candidate's log-odds of matching an annotated attribution (a dot product over active features)."""
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in features)


@lru_cache(maxsize=1)
def attribution_scorer() -> Scorer | None:
    """The scorer in ``data/attribution_model.json`` (made by ``tools/train_attributions.py``), or None when absent."""
    data = attribution_model()
    if data is None:
        return None
    weights = {k: float(v) for k, v in data["weights"].items()}
    lemmas = frozenset(k[len("lemma="):] for k in weights if k.startswith("lemma="))
    return Scorer(weights, float(data["bias"]), float(data["threshold"]), float(data["rule_threshold"]), lemmas)


def kept_rule_attributions(doc, atts: list[_Att], spans: list[QuoteSpan], scorer: Scorer) -> list[_Att]:
    """The rules' attributions without those ``scorer`` rejects.

    Only indirect contents without quotation marks are judged (:func:`veto_key`):
    'found the car', 'proved popular' go, 'said that ...' stays.
    """
    others = [(t.start, t.end) for t in atts]
    marks = QuoteIndex(spans)
    out = []
    for t in atts:
        key = veto_key(doc, t.start, t.end, t.cue, spans)
        if key is not None and t.cue_i is not None:
            feats = candidate_features(doc, doc[t.cue_i], t.start, t.end, t.src, "rule_" + key.rsplit(" ", 1)[1],
                                       others=others, quotes=marks)
            if scorer.score(feats) < scorer.rule_threshold:
                continue
        out.append(t)
    return out


class Candidate(NamedTuple):
    """A construction candidate: a cue, the construction that carries its content, and who holds it."""
    cue: "Token"
    construction: str           # "lemma POS dep" (:func:`cue_constructions`)
    start: int                  # the content's character span
    end: int
    src: tuple[int, int]        # the source's token span
    features: list[str]         # :func:`candidate_features`


def construction_candidates(doc, atts, *, lemmas: set[str] | None = None,
                            others: list[tuple[int, int]] | None = None) -> Iterator[Candidate]:
    """Every (cue, construction) candidate with a source whose content no attribution in ``atts``
    (anything with ``start, end, cue``) overlaps, except bare quotes it takes in whole.

    The one candidate loop: :func:`scored_constructions` scores these, and
    ``tools/train_attributions.py`` labels them for training.  With ``lemmas``,
    only cues with those lemmas are read.  ``others`` are the contents the
    features see as other attributions (default: those of ``atts``).
    """
    covering = [(t.start, t.end) for t in atts]
    others = covering if others is None else others
    text = doc_text(doc)
    marks = doc_marks(doc)
    # Bare quotes (no cue) may be taken into a content that contains them whole.
    bare = bare_quote_spans(atts, marks)
    # Characters inside the other contents, for an O(length) overlap test per candidate.
    covered = bytearray(len(text) + 1)
    for a, b in covering:
        if (a, b) not in bare:
            covered[a:b] = b"\x01" * (b - a)
    for cue, key, child in cue_constructions(doc, lemmas=lemmas):
        span = _dependent_content(doc, cue, child)
        if span is None or 1 in covered[span[0]:span[1]]:
            continue
        if cuts_into(span, bare):
            continue
        src = _construction_source(cue, span)
        if src is None:  # a content nobody holds is rarely annotated, and its speaker would be wrong
            continue
        yield Candidate(cue, key, span[0], span[1], src,
                        candidate_features(doc, cue, *span, src, key.rsplit(" ", 1)[1], others=others, quotes=marks))


def scored_constructions(doc, atts: list[_Att], scorer: Scorer) -> list[_Att]:
    """Construction candidates (:func:`construction_candidates`) that ``scorer`` accepts where no
    other attribution covers the text: best first, one per cue token, none overlapping."""
    bare = bare_quote_spans(atts, doc_marks(doc))
    taken = [(t.start, t.end) for t in atts if (t.start, t.end) not in bare]
    cands = []
    for c in construction_candidates(doc, atts, lemmas=scorer.lemmas):
        score = scorer.score(c.features)
        if score >= scorer.threshold:
            cands.append((-score, (c.start, c.end), c.cue.i, _Att(c.start, c.end, c.src, _cue_lemma(c.cue), c.cue.i)))
    fired, out = set(), []
    for _, (s, e), ci, att in sorted(cands, key=lambda c: (c[0], c[1])):
        if ci in fired or any(min(e, b) > max(s, a) for a, b in taken):
            continue
        if _physical_reading(doc, att) or _when_only(doc, att):
            continue
        fired.add(ci)
        taken.append((s, e))
        out.append(att)
    return out


def bare_quote_spans(atts, marks: QuoteIndex) -> list[tuple[int, int]]:
    """Spans of the whole quotes among ``atts`` (anything with ``start, end, cue``) that no cue
    frames: a quoted phrase in a clause ('acting as "the judge and the jury" in ...') until
    a candidate content takes it in."""
    return [(t.start, t.end) for t in atts if t.cue is None and marks.exact(t.start, t.end)]


def cuts_into(span: tuple[int, int], quotes: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps one of ``quotes`` without containing it whole."""
    return any(min(span[1], b) > max(span[0], a) and not (span[0] <= a and b <= span[1]) for a, b in quotes)


def candidate_features(doc, cue, start: int, end: int, src: tuple[int, int] | None, construction: str, *,
                       others=(), quotes: QuoteIndex | None = None) -> list[str]:
    """Features of one attribution candidate: cue token, character content span, source token span.

    ``construction`` is the dependency construction that carries the
    content (:func:`cue_constructions`: 'ccomp', 'prep_of' ...) or
    ``rule_<dep>`` for the hand-written rules' own indirect attributions
    (the content head's label, as :func:`veto_key`).  Names are lemmas and
    labels only: 'lemma=accuse', 'cons=prep_of', 'lc=accuse prep_of',
    'src=person', 'modal=would', 'neg', 'question', 'len=8', 'first=that' ...
    ``others`` are the character spans of the other attributions ('nested':
    the cue sits in one's content), ``quotes`` the Doc's quoted spans
    ('cue_quoted': the cue is someone's quoted words).
    """
    lemma = _cue_lemma(cue) if construction.startswith("rule_") else cue.lemma_.lower()
    span = doc.char_span(start, end, alignment_mode="expand")
    n = len(span) if span is not None else 0
    first = span[0] if n else None
    first_kind = ("that" if first.lower_ == "that" else "to" if first.lower_ == "to" else
                  "wh" if first.lower_ in _WH else first.pos_) if first is not None else "none"
    # Modality and aspect live on the cue's auxiliaries, or on the verb a noun/xcomp cue hangs off.
    verb = cue if cue.pos_ in ("VERB", "AUX") else cue.head
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    modal = next((_MODALS[c.lower_] for c in aux if c.lower_ in _MODALS), "none")
    src_type = _source_type(doc, src)
    length = next((str(b) for b in _LEN_BUCKETS if n <= b), "long")
    sent = sentence_of(doc, cue.i)
    quoted = any(c in _QUOTE_CHARS - {"'", "’"} for c in doc_text(doc)[start:end])
    feats = [
        f"lemma={lemma}", f"pos={cue.pos_}", f"cons={construction}", f"lc={lemma} {construction}",
        f"tag={cue.tag_}", f"dep={cue.dep_}", f"src={src_type}", f"lsrc={lemma} {src_type}",
        f"csrc={construction} {src_type}", f"modal={modal}", f"len={length}", f"first={first_kind}",
        f"cfirst={construction} {first_kind}", f"lfirst={lemma} {first_kind}",
        f"root={span.root.dep_ if n else 'none'}", f"after={start >= cue.idx}",
    ]
    if any(c.dep_ == "neg" for c in aux) or any(c.dep_ == "neg" for c in cue.children):
        feats.append("neg")
    if any(c.dep_ == "auxpass" for c in aux):
        feats.append("passive")
    if sent.text.rstrip().rstrip("\"”’'").endswith("?"):
        feats.append("question")
    if quoted:
        feats.append("quoted")
    if any(a <= cue.idx < b and (a, b) != (start, end) for a, b in others):
        feats.append("nested")
    if quotes is not None and quotes.contains(cue.idx, cue.idx + 1):
        feats.append("cue_quoted")
    vclass = verb_class(lemma) or "none"
    feats += [f"vclass={vclass}", f"lpos={lemma} {cue.pos_}",
              f"clause={any(w.pos_ in ('VERB', 'AUX') for w in span) if n else False}"]
    return feats


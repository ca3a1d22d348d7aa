"""Quotes: who gets to speak, in whose words, with which reporting verb.

A textacy-style package (compare ``textacy.extract.triples.direct_quotations``,
which finds only direct quotes next to a speech verb): a parsed spaCy ``Doc``
in, :class:`Quote` tuples out, no corpus and no cache; the corpus table is
:func:`analysis.tables.quotes.quotes`.  One module per concern:

* :mod:`.cues` -- reporting cues and their classes (``data/reporting_verbs.yml``);
* :mod:`.content` -- where a content starts and stops;
* :mod:`.speakers` -- the source, the medium, the resolved speaker;
* :mod:`.rules` -- the cue rules that put the three together;
* :mod:`.frames` -- quotes no cue governs, attributed by their frame;
* :mod:`.filters` -- readings that are no attribution, nested reports;
* :mod:`.scorer` -- the learned attribution scorer and its candidates;
* :mod:`.scare` -- the scare-quote test.

Method of :func:`doc_quotes`, in order (each step cites what it follows):

1. :func:`analysis.extract.quotemarks.quoted_spans` pairs quotation marks in
   the raw text (curly and straight, double and single, multi-paragraph and
   unclosed quotes; Chicago Manual of Style 13.30).
2. :func:`.rules.attributions` finds reporting cues and reads content and
   source off the dependency parse, following the PolNeAR annotation
   conventions (Newell, Margolin & Ruths 2018; Pareti 2016's PARC scheme).
3. Quotes no cue governs are attributed to their frame (:mod:`.frames`), else
   to the previous speaker when they form a paragraph of their own or follow a
   quote (Pouliquen et al. 2007), and dropped as scare quotes when short
   (:func:`.scare.is_scare_quote`).
4. A learned scorer (:mod:`.scorer`) judges the rules' indirect contents
   without quotation marks and adds construction candidates where nothing else
   found an attribution.
5. Speakers are resolved (:func:`.speakers._speaker_info`): pronouns and
   nominal mentions to the nearest preceding compatible named mention (Lappin
   & Leass 1994), anonymous sources marked with their affiliation.

Every offset is a character offset into the text that was parsed;
``quote == text[start:end]`` always holds.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...nlp import doc_text, ents_in
from ..quotemarks import QuoteIndex, QuoteSpan, doc_marks, quoted_spans
from .base import Quote, _Att, _DASH_CHARS, _chars, _kind
from .cues import verb_class
from .content import _listed_runs
from .filters import _drop_nested_attitudes, _drop_nested_reports, _physical_reading, _when_only
from .frames import (_characterisation, _colon_attributions, _credit_lines, _frame_attribution, _frame_subject,
                     _join_following_quotes, _nested)
from .rules import attributions
from .scare import classify_quote_span, is_scare_quote
from .scorer import (Candidate, Scorer, attribution_scorer, bare_quote_spans, candidate_features,
                     construction_candidates, cue_constructions, cuts_into, kept_rule_attributions,
                     scored_constructions, veto_key)
from .roles import one_role_per_speaker, people, role_words, same_person, speaker_affiliation, speaker_role
from .speakers import _SALIENT_CHARS, _speaker_info, _speaker_kind

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Quote", "QuoteSpan", "doc_quotes", "attributions", "verb_class", "is_scare_quote",
           "classify_quote_span", "Scorer", "attribution_scorer", "Candidate", "construction_candidates",
           "cue_constructions", "candidate_features", "veto_key", "bare_quote_spans", "cuts_into"]

DEFAULT = object()  # doc_quotes' scorer: the packaged attribution scorer


def doc_quotes(doc: "Doc", *, scorer: Scorer | None | object = DEFAULT) -> list[Quote]:
    """All quotes in a parsed Doc, in text order (see the package docstring for the method).

    ``scorer`` judges the attribution candidates: the packaged
    :func:`~.scorer.attribution_scorer` by default, another :class:`~.scorer.Scorer`
    (the training tool's cross-validation), or None to leave the learned step
    out (as its training does).
    """
    if scorer is DEFAULT:
        scorer = attribution_scorer()
    text = doc_text(doc)
    if not text.strip():
        return []
    spans = quoted_spans(text)
    atts = attributions(doc, spans=spans)
    if scorer is not None:
        atts = kept_rule_attributions(doc, atts, spans, scorer)

    atts.extend(_colon_attributions(doc, atts))
    atts = _drop_nested_attitudes(doc, atts)
    # A credited line is one quote, whatever attributions lie inside it; one that another
    # attribution cuts into is not taken.
    taken = [(t.start, t.end) for t in atts]
    atts.extend(c for c in _credit_lines(doc) if not cuts_into((c.start, c.end), taken))
    covered = [(t.start, t.end) for t in atts]
    # Bare quotes: inherit the previous attribution's source.
    for q in _listed_runs(text, [q for q in spans if not any(min(q.end, e) > max(q.start, s) for s, e in covered)]):
        if any(min(q.end, e) - max(q.start, s) > 0 for s, e in covered):
            continue
        framed = _characterisation(doc, q) or _frame_attribution(doc, q)
        if framed is not None:
            atts.append(framed)
            covered.append((framed.start, framed.end))
            continue
        if is_scare_quote(doc, q.start, q.end):
            continue
        src = _frame_subject(doc, q)
        if src is None:
            prev = sorted((t for t in atts if t.end <= q.start and t.src is not None and not _nested(doc, t, atts)),
                          key=lambda t: t.end)
            src = prev[-1].src if prev else None
            if prev and q.start - prev[-1].end > 1500:
                src = None
        atts.append(_Att(q.start, q.end, src, None, None))
    if scorer is not None:
        added = scored_constructions(doc, atts, scorer)
        # A bare quoted phrase inside an added content is part of it ('accused Comey of acting
        # as "the judge and the jury" in ...'): the clause replaces the phrase.
        taken_in = {(s, e) for s, e in bare_quote_spans(atts, doc_marks(doc)) if any(a.start <= s and e <= a.end for a in added)}
        atts = [t for t in atts if (t.start, t.end) not in taken_in or t.cue is not None]
        atts.extend(added)
    atts = [t for t in atts if not _physical_reading(doc, t) and not _when_only(doc, t)]
    atts = _drop_nested_reports(atts, text, spans)
    atts.sort(key=lambda t: (t.start, t.end))
    atts = _join_following_quotes(doc, atts)

    # Named mentions so far, for resolving pronouns and nominals.
    # Names inside quotation marks are what a speaker talks about, not candidate speakers.
    marks = QuoteIndex(spans)
    ents = sorted((e.start_char, e.text, "PERSON" if e.label_ == "PERSON" else "NORP" if e.label_ == "NORP" else "ORG")
                  for e in ents_in(doc, 0, len(doc))
                  if e.label_ in ("PERSON", "ORG", "NORP", "GPE") and not marks.contains(e.start_char, e.start_char + 1))
    # Earlier named speakers count too: the small model misses many names.
    for t in atts:
        if t.src:
            span = doc[t.src[0]:t.src[1]]
            if span.root.pos_ == "PROPN" and not any(e.label_ == "PERSON" for e in ents_in(doc, *t.src)):
                # A named subject of a speech verb is most likely a person,
                # whatever the small model's entity label says.
                kind = "ORG" if span.root.ent_type_ in ("GPE", "NORP") else "PERSON"
                ents.append((span.start_char, span.text, kind))
    ents.sort()
    persons = people(doc, marks)
    out = []
    previous = None  # (char offset, resolved speaker, kind) of the last attribution with a source
    for t in atts:
        anchor = doc[t.src[0]].idx if t.src else t.start
        history = [(name, kind) for s, name, kind in ents if s < anchor]
        if previous is not None and previous[0] <= anchor and anchor - previous[0] < _SALIENT_CHARS:
            # The last speaker is the most salient antecedent for 'he' / 'it' (subjects rank
            # first in Lappin & Leass 1994's salience weights), ahead of names inside its quote.
            history.append(previous[1:])
        mention, speaker, anon, aff = _speaker_info(doc, t.src, history,
                                                    [p for p in persons if p.start < anchor])
        if t.src and speaker and not anon:
            previous = (anchor, speaker, _speaker_kind(doc, t.src))
        s_start = s_end = None
        if t.src:
            s_start, s_end = _chars(doc, *t.src)
            # A credit dash glued to the name ('-Ann Reed') is one token, not part of the name.
            glued = len(mention) - len(mention.lstrip(_DASH_CHARS))
            if glued:
                s_start, mention, speaker = s_start + glued, mention[glued:], speaker.lstrip(_DASH_CHARS)
        kind = _kind(text, t.start, t.end, spans, None if t.cue_i is None else doc[t.cue_i].idx)
        # A cue outside the lexicon (found by its reporting frame) is of the class 'other'.
        v_class = (verb_class(t.cue) or "other") if t.cue else None
        medium = doc[t.medium[0]:t.medium[1]].text if t.medium else None
        span = doc[t.src[0]:t.src[1]] if t.src else None
        profile = [p for p in persons if speaker and same_person(p.name, speaker)] if span is not None else []
        role = speaker_role(role_words(span), profile, anonymous=anon, speaker=speaker) if span is not None else "unknown"
        affiliation = aff if anon else speaker_affiliation(span, profile, speaker) if span is not None else None
        out.append(Quote(t.start, t.end, kind, s_start, s_end, mention, speaker, anon, aff, t.cue,
                         v_class, medium, role, affiliation))
    return one_role_per_speaker(out)


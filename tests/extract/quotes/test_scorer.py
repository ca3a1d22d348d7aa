"""The learned attribution scorer: its model file, candidate features, vetoes and added attributions
(analysis.extract.quotes.scorer)."""
from __future__ import annotations

import math
import re

from analysis.extract.quotes import doc_quotes

from .conftest import find, run


def test_attribution_model_is_data_of_lemmas_and_labels():
    from analysis.extract.quotes import attribution_scorer

    scorer = attribution_scorer()
    assert scorer is not None, "analysis/data/attribution_model.json is missing"
    assert len(scorer.weights) > 1000 and math.isfinite(scorer.bias)
    assert -5 < scorer.threshold < 5 and -5 < scorer.rule_threshold < 5
    for name, weight in scorer.weights.items():
        kind, _, value = name.partition("=")
        # 'lemma=accuse', 'lc=accuse prep_of', 'neg': short lowercase names, never sentences
        assert re.fullmatch(r"[a-z_]+", kind) and len(value.split()) <= 3, name
        assert math.isfinite(weight)
    assert {"lemma=accuse", "lemma=claim", "cons=prep_of", "src=person", "neg"} <= set(scorer.weights)
    assert "accuse" in scorer.lemmas and "claim" in scorer.lemmas


def test_candidate_features_of_a_made_up_sentence(nlp):
    from analysis.extract.quotes import candidate_features

    text = "The senator would not accuse the mayor of lying about the budget?"
    doc = nlp(text)
    cue = next(t for t in doc if t.lemma_ == "accuse")
    start = text.index("the mayor")
    feats = candidate_features(doc, cue, start, text.index("?"), (0, 2), "dobj", others=[(0, len(text))])
    assert {"lemma=accuse", "pos=VERB", "cons=dobj", "lc=accuse dobj", "modal=would", "neg", "question",
            "src=noun_person", "first=DET", "len=8", "after=True", "nested"} <= set(feats)
    plain = candidate_features(doc, cue, start, text.index("?"), None, "rule_dobj")
    assert "src=none" in plain and "nested" not in plain and "cons=rule_dobj" in plain


def test_scorer_decides_by_threshold(nlp):
    from analysis.extract.quotes import Scorer, scored_constructions

    doc = nlp("Their criticism of the new tax plan was sharp.")
    for w, fires in [(3.0, True), (-3.0, False)]:
        scorer = Scorer({"lemma=criticism": w, "cons=prep_of": 0.5}, -1.0, 0.0, 0.0, frozenset({"criticism"}))
        assert (scorer.score(["lemma=criticism", "cons=prep_of", "unknown"]) >= scorer.threshold) is fires
        added = scored_constructions(doc, [], scorer)
        assert [doc.text[a.start:a.end] for a in added] == (["the new tax plan"] if fires else [])


def test_a_scored_content_takes_in_the_bare_quote_inside_it(nlp, monkeypatch):
    import importlib

    Q = importlib.import_module("analysis.extract.quotes")  # analysis.quotes is the table function

    # 'picture' is no reporting verb of the lexicon: only the scorer reads it as a cue (with
    # the rule for quoted labels, which reads the same sentence, switched off).
    monkeypatch.setattr(Q, "_characterisation", lambda doc, q: None)
    text = 'The senator pictured the director as "the judge and the jury" in the inquiry.'
    doc, qs = run(nlp, text)
    assert any(text[q.start:q.end] == '"the judge and the jury"' for q in doc_quotes(doc, scorer=None))
    scorer = Q.Scorer({"lemma=picture": 5.0}, 0.0, 0.0, -10.0, frozenset({"picture"}))
    monkeypatch.setattr(Q, "attribution_scorer", lambda: scorer)
    qs = doc_quotes(doc)
    q = find(text, qs, "the jury")
    assert text[q.start:q.end].startswith("the director as") and q.kind == "mixed"
    assert q.cue == "picture" and q.speaker_mention == "The senator"
    assert len([q for q in qs if "the jury" in text[q.start:q.end]]) == 1  # the bare quote is gone


def test_a_content_that_cuts_into_a_bare_quote_is_not_taken():
    from analysis.extract.quotes import cuts_into

    assert cuts_into((10, 20), [(15, 30)]) and cuts_into((10, 20), [(5, 12)])
    assert not cuts_into((10, 40), [(15, 30)]) and not cuts_into((10, 20), [(25, 30)])


def test_scorer_drops_non_speech_senses(nlp):
    # 'found the car' and 'proved popular' are no attributions; 'found that ...' still is.
    for text, gone in [("The police found the car near the border on Monday.", "the car"),
                       ("The new plan proved popular with farmers.", "popular")]:
        doc = nlp(text)
        assert any(gone in text[q.start:q.end] for q in doc_quotes(doc, scorer=None)), "rule no longer fires"
        assert not any(gone in text[q.start:q.end] for q in doc_quotes(doc)), text
    text = "Investigators found that the car had been stolen."
    _, qs = run(nlp, text)
    assert text[find(text, qs, "stolen").start:].startswith("that the car")


def test_quoted_content_is_never_vetoed(nlp):
    from analysis.extract.quotes import quoted_spans, veto_key

    text = 'The report found "serious flaws" in the plan. The police found the car.'
    doc = nlp(text)
    spans = quoted_spans(text)
    assert veto_key(doc, text.index('"serious'), text.index(" in the plan"), "find", spans) is None
    car = text.index("the car")
    assert veto_key(doc, car, car + len("the car"), "find", spans) == "find dobj"
    assert veto_key(doc, car, car + len("the car"), None, spans) is None


def test_scorer_adds_attributions(nlp):
    # An attitude the lexicon of speech verbs lacks: the scorer adds it, with its holder.
    text = "The mayor is critical of the decision to close the library."
    doc = nlp(text)
    without = {(q.start, q.end) for q in doc_quotes(doc, scorer=None)}
    learned = [q for q in doc_quotes(doc) if (q.start, q.end) not in without]
    assert [text[q.start:q.end] for q in learned] == ["the decision to close the library"]
    assert learned[0].speaker_mention == "The mayor" and learned[0].cue == "critical"

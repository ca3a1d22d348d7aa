"""Actor mentions: dictionary aliases, acronyms, nominal mentions, in-quote flags (analysis.extract.mentions),
read through the actors table."""
from __future__ import annotations

from ..conftest import make_corpus, rows


def test_literal_alias_is_case_insensitive_and_offsets_are_exact():
    c = make_corpus("Fighters of daesh fled. DAESH lost the town.")
    m = rows(c)
    hits = m[m.actor_id == "islamic-state"]
    assert list(hits.surface) == ["daesh", "DAESH"]
    text = c.articles.text[0]
    assert all(text[s:e] == sur for s, e, sur in zip(hits.start, hits.end, hits.surface))
    assert set(hits.source) == {"dictionary"}


def test_case_sensitive_alias_ignores_the_word_is():
    c = make_corpus("The town is quiet now that IS fighters have left, and it is safe.")
    m = rows(c)
    hits = m[m.actor_id == "islamic-state"]
    assert list(hits.surface) == ["IS"]


def test_token_pattern_alias():
    c = make_corpus("Regime troops advanced while government forces shelled the hills.")
    hits = rows(c).query("actor_id == 'regime'")
    assert list(hits.surface) == ["Regime troops", "government forces"]


def test_acronym_defined_in_parentheses_becomes_an_alias():
    c = make_corpus("The Northern Valley Alliance (NVA) said it held the bridge. "
                    "Later NVA commanders met reporters in the square.")
    m = rows(c)
    nva = m[m.surface.isin(["Northern Valley Alliance", "NVA"])]
    assert len(nva) == 3
    assert nva.actor_id.nunique() == 1
    assert nva.actor_name.iloc[0] == "Northern Valley Alliance"


def test_nominal_mentions_tie_to_the_actor_named_before():
    c = make_corpus('The Russian Defense Ministry denied the report. "We did not strike," the ministry said. '
                    "The Pentagon stated on Saturday that a strike took place. "
                    '"Advisers were present," the statement added.')
    m = rows(c)
    nominal = m[m.source == "nominal"]
    assert list(zip(nominal.surface, nominal.actor_id)) == [("the ministry", "mod"), ("the statement", "pentagon")]


def test_nominal_group_needs_a_compatible_antecedent():
    c = make_corpus("Islamic State fighters attacked the town. The group later withdrew.",
                    "The Pentagon spoke on Monday. The group later withdrew.")
    m = rows(c)
    nominal = m[m.source == "nominal"]
    assert list(zip(nominal.doc_id, nominal.actor_id)) == [("d0", "islamic-state")]


def test_in_quote_flags():
    c = make_corpus('Officials said Daesh was beaten. "Daesh is finished," the Pentagon said.\n'
                    "\u201cThe Syrian government will win and Daesh\n"
                    "Daesh is outside quotes here.")
    hits = rows(c).query("actor_id == 'islamic-state'")
    assert list(hits.in_quote) == [False, True, True, False]


# ---------------------------------------------------------------------- phantoms and attributes (issue 24)

def _doc_with_ents(words: list[str], ents: list[tuple[int, int, str]], spaces=None):
    """A parsed Doc of ``words`` whose entities are exactly ``ents`` (token start, end, label)."""
    from spacy.tokens import Span

    from analysis.nlp import load_pipeline

    nlp = load_pipeline()
    doc = nlp(" ".join(words))
    assert [t.text for t in doc] == words, [t.text for t in doc]
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def test_possessive_phrase_is_its_owner_plus_the_body_it_names():
    from analysis.extract.mentions import entity_mentions

    words = ["Trump", "'s", "Twitter", "account", "and", "Obama", "'s", "State", "Department", "spoke", "."]
    doc = _doc_with_ents(words, [(0, 3, "PERSON"), (5, 9, "ORG")])
    found = [(m.surface, m.key) for m in entity_mentions(doc)]
    assert found == [("Trump", "PERSON:trump"), ("Obama", "ORG:obama"), ("State Department", "ORG:state department")]


def test_nationality_and_party_adjectives_are_attributes_not_actors():
    c = make_corpus("Russian Foreign Minister Sergey Lavrov met Republican Sen. Ted Cruz on Monday. "
                    "Republicans in Congress welcomed the talks, and Russian officials agreed.")
    m = rows(c)
    assert not m.surface.isin(["Russian", "Republican"]).any()
    affiliation = dict(zip(m.surface, m.affiliation))
    assert affiliation["Sergey Lavrov"] == "Russia" and affiliation["Ted Cruz"] == "Republican Party"
    party = m[m.surface == "Republicans"]
    assert list(party.actor_name) == ["Republican Party"]


def test_a_surname_the_model_missed_is_the_person_named_in_full():
    c = make_corpus("Sen. Ted Cruz spoke in Iowa on Monday. Later that week, Cruz dropped out of the race.")
    m = rows(c)
    cruz = m[m.surface.str.contains("Cruz")]
    assert len(cruz) == 2 and cruz.actor_id.nunique() == 1 and (cruz.actor_type == "person").all()


def test_a_person_name_ends_at_the_name():
    from analysis.extract.mentions import entity_mentions

    doc = _doc_with_ents(["The", "Donald", "Trump", "-", "led", "effort", "failed", "."], [(1, 5, "PERSON")])
    assert [(m.surface, m.key) for m in entity_mentions(doc)] == [("Donald Trump", "PERSON:donald trump")]


# ---------------------------------------------------------------------- issue 24: recall of person mentions

def _set(doc, i: int, *, pos: str | None = None, dep: str | None = None):
    """Fix one token's tags, so a rule is tested whatever the model reads."""
    if pos is not None:
        doc[i].pos_ = pos
    if dep is not None:
        doc[i].dep_ = dep
    return doc


def _person(doc, start: int, end: int):
    from analysis.extract.mentions import Mention, name_key

    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, f"PERSON:{name_key(span.text, person=True)}",
                   "discovered", start, end)


def test_a_surname_the_model_reads_as_a_common_noun_is_still_the_person():
    from analysis.extract.mentions import surname_mentions

    words = ["Professor", "Nadia", "Quellar", "teaches", ".", "Quellar", "said", "the", "race", "is", "close", "."]
    doc = _doc_with_ents(words, [(1, 3, "PERSON")])
    _set(doc, 5, pos="NOUN", dep="nsubj")          # "Quellar said", read as a plural noun
    found = list(surname_mentions(doc, [_person(doc, 1, 3)]))
    assert [(m.surface, m.key, m.token_start) for m in found] == [("Quellar", "PERSON:quellar", 5)]
    _set(doc, 5, dep="compound")                    # a modifier ("the Quellar campaign") is no mention
    assert list(surname_mentions(doc, [_person(doc, 1, 3)])) == []


def test_a_noun_surname_inside_another_entity_is_left_to_it():
    from spacy.tokens import Span

    from analysis.extract.mentions import surname_mentions

    words = ["Tom", "Price", "spoke", ".", "Price", "rose", "in", "Price", "County", "."]
    doc = _doc_with_ents(words, [(0, 2, "PERSON")])
    doc.ents = list(doc.ents) + [Span(doc, 7, 9, label="GPE")]
    _set(doc, 4, pos="NOUN", dep="nsubj")
    _set(doc, 7, pos="NOUN", dep="pobj")
    found = [m.token_start for m in surname_mentions(doc, [_person(doc, 0, 2)])]
    assert found == [4]   # "Price County" is a place's name, not a mention of Tom Price


def test_a_poll_figure_run_into_a_name_is_cut_from_it():
    from analysis.extract.mentions import entity_mentions

    words = ["Clinton", "led", "Trump", "47", "percent", "to", "39", "."]
    doc = _doc_with_ents(words, [(0, 1, "PERSON"), (2, 6, "ORG")])
    assert [(m.surface, m.key) for m in entity_mentions(doc)] == [("Clinton", "PERSON:clinton"),
                                                                  ("Trump", "ORG:trump")]
    # a number inside a name with no lower-case word after it stays
    doc = _doc_with_ents(["Formula", "1", "Racing", "won", "."], [(0, 3, "ORG")])
    assert [m.surface for m in entity_mentions(doc)] == ["Formula 1 Racing"]


def test_a_title_case_headline_name_ends_at_its_verb():
    from analysis.extract.mentions import entity_mentions

    words = ["Dana", "Okafor", "Responds", "To", "Critics", "On", "Taxes"]
    doc = _doc_with_ents(words, [(0, 5, "PERSON")])
    _set(doc, 2, pos="VERB")
    assert [(m.surface, m.key) for m in entity_mentions(doc)] == [("Dana Okafor", "PERSON:dana okafor")]
    # a one-word name is never cut to nothing by a verb reading
    doc = _doc_with_ents(["Will", "Okafor", "spoke", "."], [(0, 2, "PERSON")])
    _set(doc, 0, pos="AUX")
    assert [m.surface for m in entity_mentions(doc)] == ["Will Okafor"]

"""Distinctive vocabulary (weighted log-odds, Monroe et al. 2008) on normalised terms, within stories;
house style and topic choice apart from it.  Synthetic corpora only."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.core.corpus import Corpus
from analysis.tables.vocabulary import (Z_THRESHOLD, distinctive_terms, group_sizes, house_style,
                                        house_style_summary, terms, tokenize, topic_choice)

NO_QUOTES = pd.DataFrame(columns=["outlet", "cue"])


def _corpus(texts: dict[str, tuple[str, str]], urls: dict[str, str] | None = None,
            stories: dict[str, str] | None = None) -> Corpus:
    rows = [{"doc_id": d, "outlet": o, "text": t, "wire": "", "n_words": len(t.split()),
             "url": (urls or {}).get(o, "")} for d, (o, t) in sorted(texts.items())]
    frame = pd.DataFrame(rows)
    if stories is not None:
        frame["story"] = frame["doc_id"].map(stories)
    return Corpus(None, frame)


# --------------------------------------------------------------------------- the log-odds themselves

def test_tokenize_keeps_abbreviations_and_inner_hyphens():
    assert tokenize("The U.S.-led coalition’s jets hit Deir ez-Zor.") == [
        "the", "u.s.", "led", "coalition's", "jets", "hit", "deir", "ez-zor"]


def test_log_odds_matches_hand_computation():
    corpus = _corpus({"a": ("A", "regime regime forces"), "b": ("B", "government forces")})
    table = distinctive_terms(corpus, voice="all")
    row = table[(table.outlet == "A") & (table.term == "regime")].iloc[0]
    # pooled prior: regime 2, forces 2, government 1 -> a0 = 5; A: n=3, B: n=2
    om_i = (2 + 2) / (3 + 5 - 2 - 2)
    om_j = (0 + 2) / (2 + 5 - 0 - 2)
    delta = math.log(om_i) - math.log(om_j)
    z = delta / math.sqrt(1 / (2 + 2) + 1 / (0 + 2))
    assert row.log_odds == pytest.approx(delta, abs=1e-3)
    assert row.z == pytest.approx(z, abs=1e-3)
    assert (row.n, row.n_vs, row.n_tokens, row.n_docs) == (2, 0, 3, 1)
    assert not row.within_stories and row.n_stories == 0
    forces = table[table.term == "forces"]
    assert (forces.z.abs() < table[table.term == "regime"].z.abs().max()).all()


def test_significance_needs_enough_evidence():
    many = " ".join(["regime"] * 30 + ["forces"] * 30)
    corpus = _corpus({"a": ("A", many), "b": ("B", " ".join(["government"] * 30 + ["forces"] * 30))})
    table = distinctive_terms(corpus, voice="all").set_index(["outlet", "term"])
    assert table.loc[("A", "regime"), "significant"] and table.loc[("A", "regime"), "z"] > Z_THRESHOLD
    assert not table.loc[("A", "forces"), "significant"]


def test_pairwise_bigrams_and_min_count():
    corpus = _corpus({"a": ("A", "syrian regime forces attacked"), "b": ("B", "syrian government forces attacked"),
                      "c": ("C", "syrian army advanced")})
    table = distinctive_terms(corpus, vs="B", ngram=2, voice="all")
    assert set(table.outlet) == {"A", "C"} and set(table.vs) == {"B"}
    assert "syrian regime" in set(table[table.outlet == "A"].term)
    assert "regime forces" not in set(distinctive_terms(corpus, ngram=2, min_count=2, voice="all").term)
    with pytest.raises(ValueError, match="neither 'rest' nor one of the groups"):
        distinctive_terms(corpus, vs="Nope", voice="all")


def test_bigrams_do_not_cross_paragraphs_or_left_out_words():
    corpus = _corpus({"a": ("A", "end here\nstart there, regime of forces"), "b": ("B", "other words")})
    bigrams = set(distinctive_terms(corpus, ngram=2, voice="all").term)
    assert "here start" not in bigrams and "regime forces" not in bigrams


def test_drop_stopwords_keeps_scores_without_normalising():
    corpus = _corpus({"a": ("A", "the regime and the regime forces"), "b": ("B", "a government of forces")})
    full = distinctive_terms(corpus, voice="all", normalise=False)
    lean = distinctive_terms(corpus, voice="all", drop_stopwords=True, normalise=False)
    assert "the" in set(full.term) and "the" not in set(lean.term) and "and" not in set(lean.term)
    merged = lean.merge(full, on=["outlet", "term"], suffixes=("", "_full"))
    assert len(merged) == len(lean) and (merged.z == merged.z_full).all()
    bigrams = distinctive_terms(corpus, voice="all", ngram=2, drop_stopwords=True, normalise=False)
    assert "the regime" in set(bigrams.term) and "and the" not in set(bigrams.term)
    assert "the" not in set(distinctive_terms(corpus, voice="all").term)   # normalised: not a term at all


# --------------------------------------------------------------------------- normalised terms

def test_terms_fold_abbreviations_and_drop_titles_initials_function_words():
    text = ("Sen. Elizabeth Warren told the F.B.I. and the FBI that the U.S. didn't know. "
            "President Donald J. Trump's lawyers said the Affordable Care Act was repealed. "
            "The president spoke. Secretary of State Rex Tillerson met Martin Luther King Jr. in New York City.")
    got = terms(text)
    assert got.count("FBI") == 2 and "US" in got and "us" not in got
    assert {"Elizabeth Warren", "Donald Trump", "Affordable Care Act", "Rex Tillerson", "Martin Luther King",
            "New York City"} <= set(got)
    assert "president" in got                       # a noun, not a title here
    for left_out in ("sen", "sen.", "president donald", "j", "didn't", "the", "said", "told", "secretary",
                     "jr", "trump's", "Donald J. Trump"):
        assert left_out not in got


def test_outlet_names_are_no_terms_for_any_outlet():
    corpus = _corpus({"a": ("HuffPost", "x"), "b": ("Fox News", "y"), "c": ("nyt", "z"), "d": ("wash-post", "w")},
                     urls={"HuffPost": "https://www.huffingtonpost.com/entry/1"})
    text = ("The Huffington Post and HuffPost's editors, Fox News Channel and Fox, the New York Times "
            "and The Washington Post's reporters met huffingtonpost staff about the regime.")
    got = terms(text, outlet="Fox News", corpus=corpus)
    assert got == ["editors", "reporters", "met", "staff", "regime"]


# --------------------------------------------------------------------------- a corpus full of house style

def _house_style_corpus() -> Corpus:
    """Three outlets on the same two stories.  Each has its house style (own names, honorifics,
    initials, function-word habits, dotted or undotted abbreviations, said or says); the Planet
    frames with "regime" and "Obamacare", the Herald with "government" and "Affordable Care Act"."""
    style = {
        "The Daily Planet": dict(name="the Daily Planet", title="Mr.", abbr=("F.B.I.", "U.S."), verb="said",
                                 filler="They had said that most of it had been of use to them.",
                                 ruler="regime", law="Obamacare"),
        "Metro Herald": dict(name="Metro Herald", title="Sen.", abbr=("FBI", "US"), verb="says",
                             filler="Though it doesn't matter, we didn't do it, though.",
                             ruler="government", law="Affordable Care Act"),
        "Capital Wire": dict(name="Capital Wire", title="Rep.", abbr=("FBI", "U.S."), verb="told reporters",
                             filler="It was what it was, as ever, and so on.",
                             ruler="authorities", law="health law"),
    }
    texts = {}
    for o, s in style.items():
        for k in range(6):
            story = ("The border talks went on near the river crossing with officials from both sides."
                     if k % 2 else "The vote on the health bill in the chamber was delayed again by a day.")
            texts[f"{o[:3]}-{k}"] = (o, "\n".join([
                f"{s['title']} Jones {s['verb']} to {s['name']} that the {s['ruler']} asked the {s['abbr'][0]} "
                f"and the {s['abbr'][1]} about the {s['law']}.",
                story, s["filler"], f"{s['name']} reported, {s['title']} Smith and J. Doe agreed, "
                f"and the {s['ruler']} backed the {s['law']} on plan B.",
            ]))
    urls = {"The Daily Planet": "https://www.dailyplanet.com/a", "Metro Herald": "https://metroherald.co.uk/b",
            "Capital Wire": "http://capitalwire.net/c"}
    return _corpus(texts, urls)


HOUSE_STYLE_TOKENS = {
    "daily", "planet", "dailyplanet", "the daily planet", "metro", "herald", "metro herald", "metroherald",
    "capital", "wire", "capital wire", "capitalwire",                       # self-names
    "mr", "mr.", "sen", "sen.", "rep", "rep.",                              # honorifics
    "j", "b", "j.",                                                         # one-letter tokens
    "f.b.i.", "u.s.", "fbi", "us",                                          # abbreviation variants (FBI, US stay)
    "said", "says", "told",                                                 # attribution verbs
}


def test_no_house_style_in_any_outlets_top_terms():
    corpus = _house_style_corpus()
    from spacy.lang.en.stop_words import STOP_WORDS

    before = distinctive_terms(corpus, normalise=False).groupby("outlet").head(15)
    assert set(before.term) & HOUSE_STYLE_TOKENS and set(before.term) & STOP_WORDS   # the corpus is a fair test
    table = distinctive_terms(corpus)
    top = table.groupby("outlet").head(15)
    assert not set(top.term) & HOUSE_STYLE_TOKENS
    assert not set(top.term) & STOP_WORDS
    assert not {t for t in top.term if len(t) == 1 or "'" in t}
    # the planted framing difference is found
    first = table.groupby("outlet").head(2).groupby("outlet")["term"].apply(set)
    assert {"regime", "obamacare"} == first["The Daily Planet"]
    assert {"government", "Affordable Care Act"} == first["Metro Herald"]
    assert table.set_index(["outlet", "term"]).loc[("Metro Herald", "Affordable Care Act"), "significant"]


def test_house_style_table_counts_what_was_left_out():
    style = house_style(_house_style_corpus(), quotes=NO_QUOTES).set_index(["outlet", "measure", "form"])
    assert style.loc[("The Daily Planet", "abbreviation", "dotted"), "share"] == 1.0
    assert style.loc[("Metro Herald", "abbreviation", "undotted"), "share"] == 1.0
    assert style.loc[("Capital Wire", "abbreviation", "dotted"), "share"] == 0.5
    assert style.loc[("The Daily Planet", "title", "mr."), "n"] == 12
    assert style.loc[("Metro Herald", "title", "sen."), "n"] == 12
    assert style.loc[("Metro Herald", "attribution", "says"), "share"] == 1.0
    assert style.loc[("Capital Wire", "attribution", "told"), "n"] == 6
    assert style.loc[("The Daily Planet", "self_name", "daily planet"), "n"] == 12
    assert ("Metro Herald", "self_name", "daily planet") not in style.index
    row = style.loc[("Metro Herald", "title", "sen.")]
    assert row.per_1000_words == pytest.approx(1000 * 12 / row.n_words, abs=0.01)
    summary = house_style_summary(house_style(_house_style_corpus(), quotes=NO_QUOTES)).set_index("outlet")
    assert summary.loc["Metro Herald", "says_share"] == 1.0 and summary.loc["The Daily Planet", "says_share"] == 0.0
    assert summary.loc["The Daily Planet", "top_titles"] == "mr. 100%"


def test_house_style_reads_the_quotes_cues():
    quotes = pd.DataFrame({"outlet": ["A", "A", "A", "B"], "cue": ["say", "say", "claim", None]})
    corpus = _corpus({"a": ("A", "Regime words."), "b": ("B", "Other words.")})
    style = house_style(corpus, quotes=quotes)
    cues = style[style.measure == "attribution_cue"].set_index(["outlet", "form"])
    assert cues.loc[("A", "say"), "n"] == 2 and cues.loc[("A", "say"), "share"] == pytest.approx(0.667)
    assert ("B", "None") not in cues.index


# --------------------------------------------------------------------------- topic choice apart from framing

def _stories_corpus(*, framing: bool) -> tuple[Corpus, dict[str, str]]:
    """Outlet A covers the asylum story eight times and the tariff story twice, B the other way round;
    with ``framing`` A also says "regime" where B says "government", in the same stories."""
    asylum = "Asylum seekers waited at the border while judges heard asylum claims on the border."
    tariff = "Steel tariffs rose as factories counted tariff costs on steel imports."
    texts, stories = {}, {}
    for outlet, n_asylum, word in (("A", 8, "regime" if framing else "officials"),
                                   ("B", 2, "government" if framing else "officials")):
        for k in range(10):
            story = "asylum" if k < n_asylum else "tariff"
            body = asylum if story == "asylum" else tariff
            texts[f"{outlet}{k}"] = (outlet, f"{body} {body} The {word} responded, the {word} acted, the {word} won.")
            stories[f"{outlet}{k}"] = story
    return _corpus(texts, stories=stories), stories


def test_topic_choice_is_not_framing_within_stories():
    corpus, stories = _stories_corpus(framing=False)
    pooled = distinctive_terms(corpus, within_stories=False).set_index(["outlet", "term"])
    assert pooled.loc[("A", "asylum"), "z"] > Z_THRESHOLD            # pooled: topic choice looks like framing
    within = distinctive_terms(corpus)
    assert within.within_stories.all() and (within.n_stories == 2).all()
    assert within.z.abs().max() < 0.01                               # same words within each story: no framing
    choice = topic_choice(corpus).set_index(["outlet", "story_id"])
    assert choice.loc[("A", "asylum"), "z"] > 0 > choice.loc[("A", "tariff"), "z"]
    assert choice.loc[("A", "asylum"), "n_docs"] == 8 and choice.loc[("A", "asylum"), "share"] == 0.8
    # the same from a stories table instead of the articles' column
    table = pd.DataFrame({"doc_id": list(stories), "story_id": list(stories.values())})
    plain = _corpus({d: (o, t) for d, o, t in zip(corpus.articles.doc_id, corpus.articles.outlet,
                                                  corpus.articles.text)})
    assert distinctive_terms(plain, stories=table).equals(within)
    assert not distinctive_terms(plain).within_stories.any() and topic_choice(plain).empty


def test_framing_within_the_same_stories_is_found():
    corpus, _ = _stories_corpus(framing=True)
    within = distinctive_terms(corpus)
    assert within.within_stories.all()
    top = within.groupby("outlet").head(1).set_index("outlet")["term"]
    assert top["A"] == "regime" and top["B"] == "government"
    assert within.set_index(["outlet", "term"]).loc[("A", "regime"), "z"] > Z_THRESHOLD
    topic = within[within.term.isin({"asylum", "tariff", "border", "steel"})]
    assert len(topic) == 8 and topic.z.abs().max() < 0.5             # the stories' words are not framing
    sizes = group_sizes(within)
    assert list(sizes.n_stories) == [2, 2] and list(sizes.n_docs) == [10, 10]


def test_a_story_only_one_side_covered_is_left_out():
    corpus = _corpus({"a1": ("A", "regime talks"), "a2": ("A", "solo story words"), "b1": ("B", "government talks")},
                     stories={"a1": "s1", "a2": "s2", "b1": "s1"})
    within = distinctive_terms(corpus)
    assert "solo" not in set(within.term) and set(within.n_docs) == {1}


def test_stories_found_automatically_and_a_group_without_shared_story_pooled():
    quake = "The earthquake shook the coastal city and rescuers searched the rubble for survivors. "
    vote = "The parliament vote on the budget bill passed after a long night of debate. "
    rows = []
    for k in range(3):
        rows.append(("A", f"a{k}", "2020-01-0%d" % (k + 1), "Quake hits coast", quake * 3 + "The regime responded."))
        rows.append(("B", f"b{k}", "2020-01-0%d" % (k + 1), "Coast quake", quake * 3 + "The government responded."))
    rows.append(("C", "c0", "2020-09-01", "Budget vote", vote * 3))
    frame = pd.DataFrame([{"doc_id": d, "outlet": o, "date": dt, "title": ti, "text": t, "wire": "", "url": "",
                           "language": "en", "n_words": len(t.split())} for o, d, dt, ti, t in rows])
    corpus = Corpus(None, frame)
    within = distinctive_terms(corpus)
    flags = within.groupby("outlet")[["within_stories", "n_stories"]].first()
    assert flags.loc["A"].tolist() == [True, 1] and flags.loc["B"].tolist() == [True, 1]
    assert flags.loc["C"].tolist() == [False, 0]                    # its story is its own: pooled
    assert within.groupby("outlet").head(1).set_index("outlet").loc["A", "term"] == "regime"
    choice = topic_choice(corpus)
    assert choice.groupby("outlet")["covered"].sum().to_dict() == {"A": 1, "B": 1, "C": 1}

"""Plotting functions, checked on the figure's data and labels (nbval does not compare images)."""
from __future__ import annotations

import numpy as np

from analysis import overview, plots
from analysis.display import figure


def test_articles_per_outlet(seeds_corpus):
    fig = plots.articles_per_outlet(overview.outlet_summary(seeds_corpus))
    ax = fig.axes[0]
    assert ax.get_title() == "Articles per outlet"
    assert ax.get_xlabel() == "Articles (count)"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == seeds_corpus.outlets
    assert [p.get_width() for p in ax.patches] == [1, 1, 1, 1]


def test_article_lengths(seeds_corpus):
    fig = plots.article_lengths(seeds_corpus.articles)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Length (words)"
    offsets = ax.collections[0].get_offsets()
    assert sorted(np.asarray(offsets)[:, 0].tolist()) == sorted(seeds_corpus.articles.n_words.tolist())


def test_figure_renders_png(seeds_corpus):
    image = figure(plots.articles_per_outlet(overview.outlet_summary(seeds_corpus)))
    assert image.data.startswith(b"\x89PNG")


def test_heatmap_cells_and_labels():
    import pandas as pd

    frame = pd.DataFrame({"actor": ["a", "a", "b"], "outlet": ["X", "Y", "X"], "n": [1.0, 2.0, 3.0]})
    fig = plots.heatmap(frame, index="actor", columns="outlet", values="n", title="T", xlabel="Outlet",
                        ylabel="Actor", colorbar="Mentions")
    ax = fig.axes[0]
    assert ax.get_title() == "T" and ax.get_xlabel() == "Outlet" and ax.get_ylabel() == "Actor"
    assert ax.images[0].get_array().tolist() == [[1.0, 2.0], [3.0, 0.0]]
    assert sorted(t.get_text() for t in ax.texts) == ["1.0", "2.0", "3.0"]  # zero cells unlabelled
    assert fig.axes[1].get_ylabel() == "Mentions"


def test_stacked_bars_normalised_to_percent():
    import pandas as pd

    frame = pd.DataFrame({"outlet": ["X", "X", "Y"], "side": ["s1", "s2", "s1"], "words": [30, 10, 5]})
    fig = plots.stacked_bars(frame, category="outlet", stack="side", value="words", title="Share of voice",
                             xlabel="Quoted words (%)", ylabel="Outlet")
    ax = fig.axes[0]
    widths = sorted(round(p.get_width(), 1) for p in ax.patches)
    assert widths == [0.0, 25.0, 75.0, 100.0]  # X: 30 of 40 and 10 of 40; Y: all s1
    assert ax.get_xlim() == (0.0, 100.0)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["s1", "s2"]


def test_log_odds_scatter_greys_non_significant(seeds_corpus):
    from analysis.vocabulary import distinctive_terms

    terms = distinctive_terms(seeds_corpus, voice="all")
    fig = plots.log_odds_scatter(terms, outlet="RT")
    ax = fig.axes[0]
    grey, red = ax.collections[0], ax.collections[1]
    rt = terms[terms.outlet == "RT"]
    assert len(grey.get_offsets()) == int((~rt.significant).sum())
    assert len(red.get_offsets()) == int(rt.significant.sum())
    assert "z-score" in ax.get_ylabel() and ax.get_xscale() == "log"

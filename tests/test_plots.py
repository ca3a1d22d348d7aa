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

"""Plotting functions, checked on the figure's data and labels (nbval does not compare images)."""
from __future__ import annotations

import numpy as np

from analysis import overview, plots
from analysis.report.display import figure


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
    from analysis.tables.vocabulary import distinctive_terms

    terms = distinctive_terms(seeds_corpus, voice="all")
    fig = plots.log_odds_scatter(terms, outlet="RT")
    ax = fig.axes[0]
    grey, red = ax.collections[0], ax.collections[1]
    rt = terms[terms.outlet == "RT"]
    assert len(grey.get_offsets()) == int((~rt.significant).sum())
    assert len(red.get_offsets()) == int(rt.significant.sum())
    assert "z-score" in ax.get_ylabel() and ax.get_xscale() == "log"


def test_grouped_bars_values_and_legend():
    import pandas as pd

    frame = pd.DataFrame({"category": ["hedge", "hedge", "booster"], "outlet": ["X", "Y", "X"],
                          "rate": [2.5, 1.0, 4.0]})
    fig = plots.grouped_bars(frame, category="category", group="outlet", value="rate",
                             title="Own voice", xlabel="Per 1,000 words", ylabel="Category")
    ax = fig.axes[0]
    assert ax.get_title() == "Own voice" and ax.get_xlabel() == "Per 1,000 words"
    assert sorted(p.get_width() for p in ax.patches) == [0.0, 1.0, 2.5, 4.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["hedge", "booster"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["X", "Y"]


def test_top_terms_bars_one_panel_per_outlet_red_when_significant():
    import pandas as pd

    terms = pd.DataFrame({"outlet": ["A", "A", "A", "B"], "term": ["regime", "forces", "the", "talks"],
                          "z": [3.0, 1.0, -2.0, 2.5], "significant": [True, False, True, True]})
    fig = plots.top_terms_bars(terms, k=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["A", "B"]
    a = visible[0]
    assert [t.get_text() for t in a.get_yticklabels()] == ["forces", "regime"]  # top 2 by z, largest on top
    assert [p.get_width() for p in a.patches] == [1.0, 3.0]
    colors = [tuple(round(c, 2) for c in p.get_facecolor()[:3]) for p in a.patches]
    assert colors[0] != colors[1]  # grey (not significant) vs red
    assert "1.96" in fig.get_suptitle()


# --------------------------------------------------------------------------- figures with intervals (issue 22)

def _rates():
    import pandas as pd

    return pd.DataFrame({"measure": "hedges", "level": ["hedges", "hedges", "hedges"], "outlet": ["A", "B", "C"],
                         "figure": [5.0, 2.0, float("nan")], "low": [4.0, 1.0, float("nan")],
                         "high": [6.5, 3.0, float("nan")], "status": ["ok", "ok", "too few articles"]})


def test_interval_plot_draws_error_bars_and_says_too_few():
    fig = plots.interval_plot(_rates(), title="Rates", xlabel="Per 1,000 words")
    ax = fig.axes[0]
    line = ax.lines[0]
    assert sorted(line.get_xdata().tolist()) == [2.0, 5.0]
    segments = ax.collections[0].get_segments()  # the error bars: from low to high
    assert sorted((round(s[0][0], 3), round(s[1][0], 3)) for s in segments) == [(1.0, 3.0), (4.0, 6.5)]
    assert any(t.get_text() == "too few articles" for t in ax.texts)
    assert ax.get_xlabel() == "Per 1,000 words"


def test_dumbbell_colours_the_called_difference():
    diffs = _rates().iloc[:2].assign(baseline=[2.0, 5.0], verdict=["higher", "no reliable difference"])
    fig = plots.dumbbell(diffs, title="Apart", xlabel="x")
    ax = fig.axes[0]
    grey = [line for line in ax.lines if line.get_color() == "#bbbbbb"]
    assert sorted(tuple(sorted(line.get_xdata())) for line in grey) == [(2.0, 5.0), (2.0, 5.0)]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["hedges · A", "hedges · B"]


def test_top_heatmap_keeps_the_top_rows_only():
    import pandas as pd

    frame = pd.DataFrame({"actor": [f"x{i}" for i in range(20)] * 2, "outlet": ["A"] * 20 + ["B"] * 20,
                          "n": list(range(20)) * 2})
    fig = plots.top_heatmap(frame, index="actor", columns="outlet", values="n", top=5, title="t", xlabel="x",
                            ylabel="y", colorbar="c")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(labels) == ["x15", "x16", "x17", "x18", "x19"]


def test_z_bars_one_bar_per_term():
    import pandas as pd

    terms = pd.DataFrame({"outlet": ["A"] * 8 + ["B"] * 8, "term": [f"t{i}" for i in range(16)],
                          "z": np.linspace(3, -1, 16), "significant": [True] * 4 + [False] * 12})
    ax = plots.z_bars(terms, k=3).axes[0]
    assert len(ax.patches) == 6

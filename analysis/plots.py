"""Static matplotlib figures for the reports.

Each function takes a tidy DataFrame from the package, returns a
``matplotlib.figure.Figure`` with a title, axis labels and units, and draws
nothing else: tests check the figure's data and labels (nbval does not
compare images).
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

import matplotlib.axes  # noqa: F401  (type of the axes returned by _figure)

__all__ = ["articles_per_outlet", "article_lengths"]

WIDTH = 7.5  # inches: fits an A4 page with margins


def _figure(height: float) -> tuple[Figure, "matplotlib.axes.Axes"]:
    # Figure objects made without pyplot: no global state, no backend or screen
    # needed, nothing left open; analysis.display.figure renders them to PNG.
    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    return fig, fig.add_subplot()


def articles_per_outlet(summary: pd.DataFrame) -> Figure:
    """Horizontal bars: articles per outlet, from :func:`analysis.overview.outlet_summary`."""
    data = summary.sort_values(["n_articles", "outlet"], ascending=[True, False])
    fig, ax = _figure(0.45 * len(data) + 1.2)
    ax.barh(data["outlet"], data["n_articles"], color="#4c72b0")
    ax.set_title("Articles per outlet")
    ax.set_xlabel("Articles (count)")
    ax.set_ylabel("Outlet")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def article_lengths(articles: pd.DataFrame) -> Figure:
    """One dot per article: words after boilerplate removal, by outlet."""
    data = articles.sort_values(["outlet", "doc_id"])
    outlets = sorted(data["outlet"].unique())
    fig, ax = _figure(0.45 * len(outlets) + 1.2)
    ypos = {o: i for i, o in enumerate(outlets)}
    ax.scatter(data["n_words"], data["outlet"].map(ypos), color="#dd8452", zorder=3)
    ax.set_yticks(range(len(outlets)), outlets)
    ax.set_title("Article length after boilerplate removal")
    ax.set_xlabel("Length (words)")
    ax.set_ylabel("Outlet")
    ax.set_xlim(left=0)
    ax.grid(axis="x", alpha=0.3)
    return fig

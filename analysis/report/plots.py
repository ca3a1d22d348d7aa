"""Static matplotlib figures for the reports.

Each function takes a tidy DataFrame from the package, returns a
``matplotlib.figure.Figure`` with a title, axis labels and units, and draws
nothing else: tests check the figure's data and labels (nbval does not
compare images).
"""
from __future__ import annotations

import matplotlib
import matplotlib.axes
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["articles_per_outlet", "article_lengths", "heatmap", "stacked_bars", "grouped_bars", "log_odds_scatter",
           "top_terms_bars", "interval_plot", "dumbbell", "top_heatmap", "z_bars"]

WIDTH = 7.5  # inches: fits an A4 page with margins


def _figure(height: float) -> tuple[Figure, "matplotlib.axes.Axes"]:
    # Figure objects made without pyplot: no global state, no backend or screen
    # needed, nothing left open; analysis.report.display.figure renders them to PNG.
    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    return fig, fig.add_subplot()


def articles_per_outlet(summary: pd.DataFrame) -> Figure:
    """Horizontal bars: articles per outlet, from :func:`analysis.tables.overview.outlet_summary`."""
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


def heatmap(frame: pd.DataFrame, *, index: str, columns: str, values: str, title: str, xlabel: str, ylabel: str,
            colorbar: str, fmt: str = "{:.1f}") -> Figure:
    """A labelled heatmap of a tidy table (rows ``index`` x columns ``columns``), each cell annotated."""
    grid = frame.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0)
    grid = grid.sort_index().reindex(sorted(grid.columns), axis=1)
    fig, ax = _figure(max(2.0, 0.32 * len(grid) + 1.6))
    image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Blues")
    ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns], rotation=30, ha="right")
    ax.set_yticks(range(grid.shape[0]), [str(i) for i in grid.index])
    top = float(grid.to_numpy().max()) if grid.size else 0.0
    for (r, c), v in np.ndenumerate(grid.to_numpy(dtype=float)):
        if v:
            ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=7,
                    color="white" if v > 0.6 * top else "black")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.colorbar(image, ax=ax, label=colorbar)
    return fig


def stacked_bars(frame: pd.DataFrame, *, category: str, stack: str, value: str, title: str, xlabel: str,
                 ylabel: str, normalize: bool = True) -> Figure:
    """Horizontal stacked bars: one bar per ``category``, segments per ``stack`` (shares if ``normalize``)."""
    grid = frame.pivot_table(index=category, columns=stack, values=value, aggfunc="sum", fill_value=0)
    grid = grid.sort_index(ascending=False).reindex(sorted(grid.columns), axis=1)
    if normalize:
        totals = grid.sum(axis=1).replace(0, 1)
        grid = grid.div(totals, axis=0) * 100
    fig, ax = _figure(max(2.0, 0.45 * len(grid) + 1.6))
    left = np.zeros(len(grid))
    colors = matplotlib.colormaps["tab10"]
    for i, col in enumerate(grid.columns):
        ax.barh([str(x) for x in grid.index], grid[col].to_numpy(), left=left, label=str(col), color=colors(i % 10))
        left += grid[col].to_numpy()
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if normalize:
        ax.set_xlim(0, 100)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return fig


def grouped_bars(frame: pd.DataFrame, *, category: str, group: str, value: str, title: str, xlabel: str,
                 ylabel: str) -> Figure:
    """Horizontal grouped bars: one cluster per ``category``, one bar per ``group``."""
    grid = frame.pivot_table(index=category, columns=group, values=value, aggfunc="sum", fill_value=0)
    grid = grid.sort_index(ascending=False).reindex(sorted(grid.columns), axis=1)
    n_groups = max(1, grid.shape[1])
    height = 0.8 / n_groups
    fig, ax = _figure(max(2.0, 0.22 * grid.size + 1.6))
    colors = matplotlib.colormaps["tab10"]
    for i, col in enumerate(grid.columns):
        ax.barh(np.arange(len(grid)) + i * height, grid[col].to_numpy(), height=height, label=str(col),
                color=colors(i % 10))
    ax.set_yticks(np.arange(len(grid)) + height * (n_groups - 1) / 2, [str(x) for x in grid.index])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return fig


def log_odds_scatter(terms: pd.DataFrame, *, outlet: str, label_top: int = 12) -> Figure:
    """z-score against frequency for one outlet's terms; non-significant terms grey (Monroe et al. 2008, fig. 4)."""
    data = terms[terms["outlet"] == outlet]
    fig, ax = _figure(4.2)
    sig = data["significant"].astype(bool)
    ax.scatter(data.loc[~sig, "n"], data.loc[~sig, "z"], s=10, color="#bbbbbb", label="not significant")
    ax.scatter(data.loc[sig, "n"], data.loc[sig, "z"], s=14, color="#c44e52", label="|z| > 1.96")
    for row in data.reindex(data["z"].abs().sort_values(ascending=False).index).head(label_top).itertuples():
        ax.annotate(row.term, (row.n, row.z), fontsize=7, xytext=(3, 2), textcoords="offset points")
    ax.axhline(1.96, color="#888888", lw=0.8, ls="--")
    ax.axhline(-1.96, color="#888888", lw=0.8, ls="--")
    ax.set_xscale("log")
    ax.set_title(f"Distinctive terms: {outlet} vs {data['vs'].iloc[0] if len(data) else 'rest'}")
    ax.set_xlabel("Term count in the outlet (log scale)")
    ax.set_ylabel("Weighted log-odds (z-score)")
    ax.legend(fontsize=8, frameon=False)
    return fig


def top_terms_bars(terms: pd.DataFrame, *, k: int = 8) -> Figure:
    """Top-k terms by z-score for each outlet, one panel per outlet."""
    outlets = sorted(terms["outlet"].unique())
    fig = Figure(figsize=(WIDTH, 1.0 + 0.22 * k * max(1, (len(outlets) + 1) // 2)), layout="constrained")
    axes = fig.subplots(max(1, (len(outlets) + 1) // 2), 2 if len(outlets) > 1 else 1, squeeze=False).ravel()
    for ax, outlet in zip(axes, outlets):
        top = terms[terms["outlet"] == outlet].nlargest(k, "z").iloc[::-1]
        colors = ["#c44e52" if s else "#bbbbbb" for s in top["significant"]]
        ax.barh(top["term"], top["z"], color=colors)
        ax.set_title(outlet, fontsize=9)
        ax.set_xlabel("z-score")
        ax.tick_params(labelsize=7)
    for ax in axes[len(outlets):]:
        ax.set_visible(False)
    fig.suptitle("Most distinctive terms per outlet (red: |z| > 1.96)")
    return fig


# --------------------------------------------------------------------------- figures with their uncertainty

def interval_plot(rates: pd.DataFrame, *, title: str, xlabel: str, label: str = "level") -> Figure:
    """Dots with 95% error bars: one panel row per ``label`` value, one dot per outlet
    (:func:`analysis.tables.compare.outlet_rates` columns ``outlet, figure, low, high, status``).

    An outlet with too few articles gets no dot: its row says "too few articles".
    """
    data = rates.sort_values([label, "outlet"], ascending=[True, False], kind="stable").reset_index(drop=True)
    fig, ax = _figure(max(2.0, 0.28 * len(data) + 1.2))
    ypos = np.arange(len(data))[::-1]
    ok = data["status"].eq("ok").to_numpy() & data["figure"].notna().to_numpy()
    x, lo, hi = (data[c].to_numpy(dtype=float) for c in ("figure", "low", "high"))
    ax.errorbar(x[ok], ypos[ok], xerr=[np.maximum(0, x[ok] - lo[ok]), np.maximum(0, hi[ok] - x[ok])], fmt="o",
                color="#4c72b0", ecolor="#8da0cb", capsize=3, ms=5)
    for y in ypos[~ok]:
        ax.text(0, y, "too few articles", va="center", fontsize=7, color="#777777")
    ax.set_yticks(ypos, [f"{g}  ·  {o}" for g, o in zip(data[label], data["outlet"])], fontsize=7)
    groups = data[label].to_numpy()
    for i in range(1, len(data)):
        if groups[i] != groups[i - 1]:
            ax.axhline(ypos[i] + 0.5, color="#dddddd", lw=0.8)
    ax.set_xlim(left=0)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    return fig


def dumbbell(diffs: pd.DataFrame, *, title: str, xlabel: str) -> Figure:
    """Outlet vs the other outlets: a dumbbell per row (:func:`analysis.tables.compare.outlet_differences`:
    ``measure, level, outlet, figure, low, high, baseline, verdict``), the outlet's dot with its 95% bar, a
    grey dot for the others; red when the difference survives the uncertainty."""
    data = diffs[diffs["figure"].notna()].reset_index(drop=True)
    fig, ax = _figure(max(2.0, 0.3 * len(data) + 1.3))
    ypos = np.arange(len(data))[::-1]
    for y, r in zip(ypos, data.itertuples()):
        called = r.verdict in ("higher", "lower")
        color = "#c44e52" if called else "#4c72b0"
        ax.plot([r.baseline, r.figure], [y, y], color="#bbbbbb", lw=2, zorder=1)
        ax.scatter([r.baseline], [y], color="#999999", s=22, zorder=2)
        ax.errorbar([r.figure], [y], xerr=[[max(0, r.figure - r.low)], [max(0, r.high - r.figure)]], fmt="o",
                    color=color, ecolor=color, capsize=3, ms=5, zorder=3)
    ax.set_yticks(ypos, [f"{r.level} · {r.outlet}" for r in data.itertuples()], fontsize=7)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_xlim(left=0)
    ax.grid(axis="x", alpha=0.3)
    return fig


def top_heatmap(frame: pd.DataFrame, *, index: str, columns: str, values: str, top: int = 12, title: str,
                xlabel: str, ylabel: str, colorbar: str, fmt: str = "{:.0f}") -> Figure:
    """:func:`heatmap` of the ``top`` rows with the largest totals only (ties by name): a compact matrix."""
    totals = frame.groupby(index)[values].sum()
    keep = sorted(totals.index, key=lambda k: (-totals[k], str(k)))[:top]
    return heatmap(frame[frame[index].isin(keep)], index=index, columns=columns, values=values, title=title,
                   xlabel=xlabel, ylabel=ylabel, colorbar=colorbar, fmt=fmt)


def z_bars(terms: pd.DataFrame, *, k: int = 6) -> Figure:
    """A compact chart of each outlet's top ``k`` terms by z-score, one row per term, grouped by outlet;
    red past the significance threshold, dashed lines at +-1.96."""
    rows = terms.sort_values(["outlet", "z"], ascending=[True, False]).groupby("outlet").head(k)
    rows = rows.reset_index(drop=True)
    fig, ax = _figure(max(2.0, 0.22 * len(rows) + 1.2))
    ypos = np.arange(len(rows))[::-1]
    colors = ["#c44e52" if s else "#bbbbbb" for s in rows["significant"].astype(bool)]
    ax.barh(ypos, rows["z"].to_numpy(dtype=float), color=colors)
    ax.set_yticks(ypos, [f"{t} · {o}" for t, o in zip(rows["term"], rows["outlet"])], fontsize=7)
    ax.axvline(1.96, color="#888888", lw=0.8, ls="--")
    ax.set_title("Most distinctive terms per outlet (red: |z| > 1.96)")
    ax.set_xlabel("Weighted log-odds (z-score)")
    return fig

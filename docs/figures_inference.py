"""Draw the figures of docs/guide/statistics.md's inference sections (partial AUC, bands, smoothing, curve tests,
small-sample intervals) from pROC's aSAH data (tests/data/aSAH.csv) and simulations.

Run: PYTHONPATH=src python docs/figures_inference.py   (writes docs/images/*.png; about a minute)
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from statistics import NormalDist

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import rocauc  # noqa: E402
from rocauc.plot import PrecisionRecallDisplay, RocDisplay  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
ND = NormalDist()


def asah():
    d = pd.read_csv(ROOT / "tests" / "data" / "aSAH.csv")
    return d, (d["outcome"] == "Poor").to_numpy()


def partial_figure(d, poor):
    fig, ax = plt.subplots(figsize=(6.4, 6.0))
    RocDisplay.from_predictions(
        poor,
        {"wfns": d["wfns"], "s100b": d["s100b"]},
        ax=ax,
        ci=None,
        title="Partial AUC for FPR 0-0.2 (specificity 80-100%)",
    )
    for line, name in zip(ax.get_lines(), ("wfns", "s100b")):
        x, y = line.get_xdata(), line.get_ydata()
        grid = np.linspace(0, 0.2, 400)
        ax.fill_between(grid, 0, np.interp(grid, x, y), color=line.get_color(), alpha=0.18)
        ci = rocauc.partial_auc_ci(poor, d[name], fpr=(0, 0.2), standardized=True)
        line.set_label(f"{name}: standardized pAUC {ci:.3f} (DeLong-type)")
    ax.axvline(0.2, color="0.4", linestyle=":", linewidth=1)
    c = rocauc.compare(poor, d["wfns"], d["s100b"], fpr=(0, 0.2), standardized=True)
    ax.legend(
        loc="lower right",
        fontsize="small",
        title=f"paired test: z = {c.statistic:.2f}, p = {c.p_value:.3f}",
        title_fontsize="small",
    )
    fig.tight_layout()
    fig.savefig(OUT / "partial_auc.png", dpi=90)


def band_figure(d, poor):
    fig, axs = plt.subplots(1, 2, figsize=(12, 6))
    RocDisplay.from_predictions(poor, {"wfns": d["wfns"], "s100b": d["s100b"]}, band="simultaneous", ax=axs[0])
    PrecisionRecallDisplay.from_predictions(
        poor, {"wfns": d["wfns"], "s100b": d["s100b"]}, band="simultaneous", ax=axs[1]
    )
    fig.tight_layout()
    fig.savefig(OUT / "bands.png", dpi=90)


def smooth_figure(d, poor):
    fig, axs = plt.subplots(1, 2, figsize=(12, 6))
    for ax, method in zip(axs, ("binormal", "density")):
        RocDisplay.from_predictions(
            poor,
            {"s100b": d["s100b"], "ndka": d["ndka"]},
            smooth=method,
            ax=ax,
            title=f"{method} smoothing (grey: empirical curves)",
        )
    fig.tight_layout()
    fig.savefig(OUT / "smooth.png", dpi=90)


def venkatraman_figure():
    rng = np.random.default_rng(0)
    y = np.r_[np.ones(150, bool), np.zeros(150, bool)]
    neg = rng.normal(0, 1, 150)
    a = np.r_[rng.normal(1.0, 1.0, 150), neg]
    b = np.r_[rng.normal(2.24, 3.0, 150), neg + rng.normal(0, 0.01, 150)]  # the same true AUC, 0.76
    fig, ax = plt.subplots(figsize=(6.4, 6.0))
    RocDisplay.from_predictions(
        y,
        {"A (equal variances)": a, "B (positives 3x wider)": b},
        ax=ax,
        title="Crossing ROC curves with the same true AUC",
    )
    dl = rocauc.compare(y, a, b)
    vk = rocauc.compare(y, a, b, method="venkatraman", random_state=0)
    ax.text(
        0.45,
        0.27,
        f"DeLong: z = {dl.statistic:.2f}, p = {dl.p_value:.2f}\n"
        f"Venkatraman: E = {vk.statistic:.0f}, p = {vk.p_value:.4f}",
        fontsize="small",
        bbox=dict(facecolor="white", edgecolor="0.7"),
    )
    fig.tight_layout()
    fig.savefig(OUT / "venkatraman.png", dpi=90)


def coverage_figure(reps: int = 1000):
    sizes = [30, 60, 100, 300, 1000]
    fig, ax = plt.subplots(figsize=(7, 4.8))
    for auc, style in ((0.76, "-"), (0.9, "--")):
        mu = math.sqrt(2) * ND.inv_cdf(auc)
        for method, color in (("delong", "tab:red"), ("delong-logit", "tab:blue")):
            cov = []
            for n in sizes:
                rng = np.random.default_rng(n)
                m = round(0.3 * n)
                y = np.r_[np.ones(m, bool), np.zeros(n - m, bool)]
                hits = 0
                for _ in range(reps):
                    ci = rocauc.roc_auc_ci(y, rng.normal(size=n) + mu * y, method=method)
                    hits += ci.low <= auc <= ci.high
                cov.append(hits / reps)
            ax.plot(sizes, cov, style, marker="o", color=color, label=f"{method}, true AUC {auc}")
    ax.axhspan(0.94, 0.96, color="0.9", zorder=0)
    ax.axhline(0.95, color="0.4", linewidth=1)
    ax.set(
        xscale="log",
        xlabel="samples (30% positives, binormal)",
        ylabel="coverage of the true AUC",
        title=f"95% AUC intervals: simulated coverage ({reps} data sets per point)",
        ylim=(0.8, 1.0),
    )
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(OUT / "coverage.png", dpi=90)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    d, poor = asah()
    partial_figure(d, poor)
    band_figure(d, poor)
    smooth_figure(d, poor)
    venkatraman_figure()
    coverage_figure(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)


if __name__ == "__main__":
    main()

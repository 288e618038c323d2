"""The ``rocauc`` command (a first version: ``rocauc demo``; reports and comparisons come with the CLI issue)."""

from __future__ import annotations

import argparse
import sys

from ._errors import require


def _demo(_: argparse.Namespace) -> int:
    datasets = require("sklearn.datasets", "demo", "rocauc demo")
    ensemble = require("sklearn.ensemble", "demo", "rocauc demo")
    linear = require("sklearn.linear_model", "demo", "rocauc demo")
    from . import evaluate

    X, y = datasets.make_classification(n_samples=4000, n_features=20, n_informative=6, random_state=0)
    train, test = slice(0, 3000), slice(3000, None)
    models = {
        "logistic regression": linear.LogisticRegression(max_iter=1000),
        "random forest": ensemble.RandomForestClassifier(n_estimators=100, random_state=0),
    }
    print(f"{'model':<22} {'ROC AUC':>8} {'AP':>8} {'accuracy':>9}")
    for name, model in models.items():
        model.fit(X[train], y[train])
        ev = evaluate(y[test], model.predict_proba(X[test]))
        print(f"{name:<22} {ev.roc_auc:>8.4f} {ev.average_precision:>8.4f} {ev.decision.accuracy:>9.4f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rocauc", description="Evaluate classifiers: ROC and PR curves, AUC.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="evaluate two classifiers on built-in data").set_defaults(run=_demo)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

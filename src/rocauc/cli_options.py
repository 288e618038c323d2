"""The settings of one ``rocauc report`` (:class:`ReportOptions`): read once from the command line's arguments
and handed to whichever engine computes the report, in memory (:func:`rocauc.report`), out of core
(:mod:`rocauc.cli_outofcore`) or on a cluster (:mod:`rocauc.cli_cluster`), so that no engine re-reads or
re-defaults them.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import Any

__all__ = ["ReportOptions"]


@dataclass(frozen=True)
class ReportOptions:
    """What a report computes and how it is titled, whatever the engine.

    ``ci``, ``band`` and ``smooth`` are None where the command line says ``none`` (or leaves them out);
    ``pos_label`` is the positive class as written (each engine types it against the target's values);
    ``n_points`` (the exact curve points kept beyond memory) and ``chunk_rows`` (rows per batch out of core) are
    used by the engines that read in batches; ``random_state`` seeds the in-memory report's bootstraps.

    >>> options = ReportOptions(level=0.9, ci=None)
    >>> options.level, options.ci, options.calibration_bins
    (0.9, None, 10)
    """

    level: float = 0.95
    ci: str | None = "auto"
    threshold: float | None = None
    pos_label: str | None = None
    from_logits: bool = False
    title: str | None = None
    calibration: bool = True
    calibration_bins: int = 10
    band: str | None = None
    smooth: str | None = None
    random_state: int = 0
    n_points: int = 2000
    chunk_rows: int = 1 << 20

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> ReportOptions:
        """The options of ``rocauc report``'s parsed arguments; the title, unless given, names the file.

        >>> from rocauc.cli import build_parser
        >>> args = build_parser().parse_args(["report", "data/preds.csv", "--target", "y", "--score", "p"])
        >>> ReportOptions.from_args(args).title
        'rocauc report: preds.csv'
        """
        return cls(
            level=args.level,
            ci=None if args.ci == "none" else args.ci,
            threshold=args.threshold,
            pos_label=args.pos_label,
            from_logits=args.from_logits,
            title=args.title or f"rocauc report: {os.path.basename(os.path.normpath(args.file))}",
            calibration=args.calibration,
            calibration_bins=args.bins,
            band=None if args.band == "none" else args.band,
            smooth=args.smooth,
            chunk_rows=args.chunk_rows,
        )

    def report_keywords(self) -> dict[str, Any]:
        """The keywords of :func:`rocauc.report` these options set (the in-memory report; the caller adds the
        data, the typed ``pos_label`` and the ``labels``)."""
        return {
            "from_logits": self.from_logits,
            "threshold": self.threshold,
            "ci": self.ci,
            "level": self.level,
            "random_state": self.random_state,
            "title": self.title,
            "band": self.band,
            "smooth": self.smooth,
            "calibration": self.calibration,
            "calibration_bins": self.calibration_bins,
        }

"""Power and sample size of AUC studies (pROC's ``power.roc.test``): one AUC against chance, and two AUCs
(correlated, on the same cases, or independent).

Every design reduces to one relation between the difference to detect ``delta``, the variance of its estimate
under the null hypothesis ``V0`` and under the alternative ``VA`` (both *per case*: the variance times the
number of cases), the number of cases ``n`` and the normal quantiles of the level and the power::

    sqrt(n) * |delta| = z_alpha * sqrt(V0) + z_power * sqrt(VA)

(one tail of the test: a two-sided level ``alpha`` uses ``z = Phi^-1(1 - alpha / 2)``, as pROC and the published
tables do). Given all but one of power, ``n``, ``alpha`` and the AUC, the missing one is solved for. The
variances come from

- Obuchowski (2004, eq. 3) for one AUC: ``V(theta) = 0.0099 exp(-A^2/2) ((5A^2 + 8) + (A^2 + 8) / kappa)`` with
  ``A = 1.414 Phi^-1(theta)`` and ``V0 = 0.0792 (1 + 1/kappa)`` (the published constants, kept as published);
- Hanley and McNeil (1982): ``Var = [theta(1-theta) + (m-1)(Q1-theta^2) + (n-1)(Q2-theta^2)] / (m n)`` with
  ``Q1 = theta / (2 - theta)``, ``Q2 = 2 theta^2 / (1 + theta)``;
- Obuchowski and McClish (1997, eqs. 4-5) for two binormal curves ``TPR = Phi(A + B Phi^-1(FPR))``, full or
  partial areas, correlated through the correlations of the two scores in cases (``r_cases``) and in controls;
- pilot data: DeLong's variances and covariance (pROC's default), or Obuchowski's from a binormal fit.

``kappa`` (here ``ratio``) is the number of controls per case. Two AUCs take curve 1 as the null
(``V0 = 2 V1 - 2 C12``, ``VA = V1 + V2 - 2 C12``), as pROC does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from ..core.types import Labels, Scores

__all__ = ["PowerResult", "auc_variance", "power_auc", "power_compare", "power_from_pilot"]

_NORMAL = NormalDist()
_ALTERNATIVES = ("two-sided", "one-sided")
_VARIANCES = ("obuchowski", "hanley-mcneil")
_NAN = float("nan")


@dataclass(frozen=True)
class PowerResult:
    """The solved design of an AUC study, as :func:`power_auc`, :func:`power_compare` and :func:`power_from_pilot`
    return it.

    It holds the numbers of cases and controls, the level ``alpha``, the ``power``, the AUC(s) and which of them was
    ``solved_for`` (``"power"``, ``"n"``, ``"alpha"``, ``"auc"`` or ``"auc2"``). ``auc2`` is None for a single AUC
    tested against 0.5. Sample sizes are not rounded: take ``math.ceil``.

    Examples
    --------
    >>> r = power_auc(0.8, power=0.9, alpha=0.05, alternative="one-sided")
    >>> math.ceil(r.n_cases), math.ceil(r.n_controls)
    (14, 14)
    """

    n_cases: float
    n_controls: float
    alpha: float
    power: float
    auc: float
    auc2: float | None
    alternative: str
    method: str
    solved_for: str

    @property
    def difference(self) -> float:
        """The difference the design detects: ``auc - 0.5`` for one AUC, ``auc - auc2`` for two."""
        return self.auc - (0.5 if self.auc2 is None else self.auc2)

    def __str__(self) -> str:
        what = f"AUC {self.auc:.4f} vs 0.5" if self.auc2 is None else f"AUC {self.auc:.4f} vs {self.auc2:.4f}"
        return (
            f"{what}: {self.n_cases:.1f} cases and {self.n_controls:.1f} controls give power {self.power:.4f} "
            f"at alpha = {self.alpha:.4g} ({self.alternative}, {self.method} variance; solved for "
            f"{self.solved_for})"
        )

    def to_dict(self) -> dict:
        return {
            "n_cases": self.n_cases,
            "n_controls": self.n_controls,
            "alpha": self.alpha,
            "power": self.power,
            "auc": self.auc,
            "auc2": self.auc2,
            "alternative": self.alternative,
            "method": self.method,
            "solved_for": self.solved_for,
        }


# ------------------------------------------------------------------------------------------------ variances


def auc_variance(auc: float, n_cases: float, n_controls: float, *, method: str = "hanley-mcneil") -> float:
    """Variance of the estimated AUC of ``n_cases`` cases and ``n_controls`` controls whose true AUC is ``auc``.

    ``method="hanley-mcneil"``: Hanley and McNeil (1982), exponential-score approximation;
    ``"obuchowski"``: Obuchowski (2004), binormal with equal variances.

    >>> round(math.sqrt(auc_variance(0.893, 51, 58)), 4)  # Hanley and McNeil's CT example
    0.0325
    """
    _check_unit("auc", auc, closed=True)
    _check_positive("n_cases", n_cases)
    _check_positive("n_controls", n_controls)
    if method not in _VARIANCES:
        raise ValueError(f"method={method!r} is not one of {_VARIANCES}.")
    if method == "obuchowski":
        return _obuchowski_one(auc, n_controls / n_cases) / n_cases
    return _hanley_mcneil(auc, n_cases, n_controls)


def _hanley_mcneil(theta: float, m: float, n: float) -> float:
    q1 = theta / (2.0 - theta)
    q2 = 2.0 * theta * theta / (1.0 + theta)
    t2 = theta * theta
    return (theta * (1.0 - theta) + (m - 1.0) * (q1 - t2) + (n - 1.0) * (q2 - t2)) / (m * n)


def _obuchowski_one(theta: float, kappa: float) -> float:
    """Per-case variance of one AUC (Obuchowski 2004, eq. 3, with its published constants)."""
    a = _NORMAL.inv_cdf(min(max(theta, 1e-15), 1 - 1e-15)) * 1.414
    return 0.0099 * math.exp(-a * a / 2.0) * ((5.0 * a * a + 8.0) + (a * a + 8.0) / kappa)


_OBUCHOWSKI_NULL = 0.0792  # per-case variance of an AUC of 0.5 with kappa = 1, halved (0.0792 (1 + 1/kappa))


def _fg(a: float, b: float, fpr_range: tuple[float, float] | None) -> tuple[float, float]:
    """Obuchowski and McClish's (1997) derivatives f, g of the (partial) binormal area in A and B."""
    e1 = math.exp(-a * a / (2.0 * (1.0 + b * b)))
    e2 = 1.0 + b * b
    if fpr_range is None:
        return e1 / math.sqrt(2.0 * math.pi * e2), -e1 * a * b / math.sqrt(2.0 * math.pi * e2**3)
    lo, hi = fpr_range
    c1, c2 = (_cut(a, b, lo), _cut(a, b, hi))
    e3 = _NORMAL.cdf(c2) - _NORMAL.cdf(c1) if np.isfinite(c2) else 1.0 - _NORMAL.cdf(c1)
    e4 = math.exp(-c2 * c2 / 2.0) - math.exp(-c1 * c1 / 2.0)
    f = e1 / math.sqrt(2.0 * math.pi * e2) * e3
    g = -e1 / (2.0 * math.pi * e2) * e4 - a * b * e1 / math.sqrt(2.0 * math.pi * e2**3) * e3
    return f, g


def _cut(a: float, b: float, fpr: float) -> float:
    if fpr <= 0:
        return -math.inf
    if fpr >= 1:
        return math.inf
    return (_NORMAL.inv_cdf(fpr) + a * b / (1.0 + b * b)) * math.sqrt(1.0 + b * b)


def _binormal_var(a: float, b: float, kappa: float, fpr_range) -> float:
    f, g = _fg(a, b, fpr_range)
    return f * f * (1.0 + b * b / kappa + a * a / 2.0) + g * g * b * b * (1.0 + kappa) / (2.0 * kappa)


def _binormal_cov(a1, b1, a2, b2, r_cases, r_controls, kappa, fpr_range) -> float:
    f1, g1 = _fg(a1, b1, fpr_range)
    f2, g2 = _fg(a2, b2, fpr_range)
    ra, rn = r_cases, r_controls
    return (
        f1 * f2 * (ra + rn * b1 * b2 / kappa + ra * ra * a1 * a2 / 2.0)
        + g1 * g2 * (b1 * b2 * (rn * rn + kappa * ra * ra) / (2.0 * kappa))
        + f1 * g2 * (ra * ra * a1 * b2 / 2.0)
        + f2 * g1 * (ra * ra * a2 * b1 / 2.0)
    )


def binormal_area(a: float, b: float, fpr_range: tuple[float, float] | None = None) -> float:
    """Area under ``TPR = Phi(a + b Phi^-1(FPR))``, over all FPR or over ``fpr_range`` (not standardized)."""
    if fpr_range is None:
        return _NORMAL.cdf(a / math.sqrt(1.0 + b * b))
    lo, hi = fpr_range
    # integrate in z = Phi^-1(FPR): dFPR = phi(z) dz, on a fine grid (Simpson), exact to ~1e-12
    zl = _NORMAL.inv_cdf(lo) if lo > 0 else -9.0
    zh = _NORMAL.inv_cdf(hi) if hi < 1 else 9.0
    z = np.linspace(zl, zh, 4001)
    from math import erf

    cdf = np.array([0.5 * (1.0 + erf((a + b * v) / math.sqrt(2.0))) for v in z])
    y = cdf * np.exp(-z * z / 2.0) / math.sqrt(2.0 * math.pi)
    h = (zh - zl) / (z.size - 1)
    return float(h / 3.0 * (y[0] + y[-1] + 4.0 * y[1:-1:2].sum() + 2.0 * y[2:-1:2].sum()))


# ------------------------------------------------------------------------------------------------ checks


def _check_unit(name: str, value: Any, closed: bool = False) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    v = float(value) if ok else _NAN
    inside = (0 <= v <= 1) if closed else (0 < v < 1)
    if not (ok and inside):
        rng = "[0, 1]" if closed else "(0, 1)"
        raise ValueError(f"{name} must be a number in {rng}, got {value!r}.")
    return v


def _check_positive(name: str, value: Any) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not ok or not math.isfinite(float(value)) or float(value) <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}.")
    return float(value)


def _check_alternative(alternative: str) -> int:
    if alternative not in _ALTERNATIVES:
        raise ValueError(f"alternative={alternative!r} is not one of {_ALTERNATIVES}.")
    return 2 if alternative == "two-sided" else 1


def _sizes(n_cases: Any, n_controls: Any, ratio: Any) -> tuple[float | None, float]:
    """(n_cases or None, ratio of controls per case) from what was given."""
    if n_cases is not None:
        n_cases = _check_positive("n_cases", n_cases)
    if n_controls is not None:
        n_controls = _check_positive("n_controls", n_controls)
    if n_cases is not None and n_controls is not None:
        return n_cases, n_controls / n_cases
    ratio = 1.0 if ratio is None else _check_positive("ratio", ratio)
    if n_controls is not None:
        return n_controls / ratio, ratio
    return n_cases, ratio


def _missing_one(**given: Any) -> str:
    missing = [k for k, v in given.items() if v is None]
    if len(missing) != 1:
        names = ", ".join(given)
        raise ValueError(
            f"leave exactly one of {names} as None (the one to solve for); got "
            f"{'none' if not missing else ', '.join(missing)} missing."
        )
    return missing[0]


# ------------------------------------------------------------------------------------------------ solving


Variances = Callable[[float, float], tuple[float, float, float]]  # (theta, n_cases) -> (delta, V0, VA) totals


def _power_of(delta: float, v0: float, va: float, alpha: float, sides: int) -> float:
    z_alpha = _NORMAL.inv_cdf(1.0 - alpha / sides)
    return _NORMAL.cdf((abs(delta) - z_alpha * math.sqrt(v0)) / math.sqrt(va))


def _alpha_of(delta: float, v0: float, va: float, power: float, sides: int) -> float:
    z = (abs(delta) - _NORMAL.inv_cdf(power) * math.sqrt(va)) / math.sqrt(v0)
    return sides * (1.0 - _NORMAL.cdf(z))


def _bisect(f: Callable[[float], float], lo: float, hi: float, what: str, iterations: int = 200) -> float:
    """Root of a monotone ``f`` on [lo, hi] (sign change required)."""
    flo, fhi = f(lo), f(hi)
    if not (np.isfinite(flo) and np.isfinite(fhi)) or flo * fhi > 0:
        raise ValueError(
            f"no {what} between {lo:g} and {hi:g} reaches the requested power at this level; "
            "ask for less power, a larger alpha or a larger difference."
        )
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        fm = f(mid)
        if fm == 0 or hi - lo <= 1e-14 * max(1.0, abs(mid)):
            return mid
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _smallest_auc(f: Callable[[float], float], lo: float, hi: float) -> float:
    """The smallest AUC in (lo, hi) where ``f`` (power minus the target) turns non-negative. The power is not
    monotone in the AUC when the study is tiny (a near-perfect AUC has a small variance under the alternative but
    not under the null), so a grid finds the first crossing and bisection refines it."""
    grid = np.linspace(lo, hi, 2001)
    values = np.array([f(t) for t in grid])
    above = np.flatnonzero(values >= 0)
    if not above.size:
        # the power may just touch the target between grid points (its maximum): find the maximum
        i = int(np.argmax(values))
        a, b = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, grid.size - 1)])
        ratio = (math.sqrt(5) - 1) / 2
        for _ in range(100):
            c, d = b - ratio * (b - a), a + ratio * (b - a)
            if f(c) >= f(d):
                b = d
            else:
                a = c
        peak = (a + b) / 2
        if f(peak) >= -1e-12:
            return peak
        return _bisect(f, lo, hi, "AUC")  # raises the explanatory error
    if above[0] == 0:
        return float(grid[0])
    i = int(above[0])
    return _bisect(f, float(grid[i - 1]), float(grid[i]), "AUC")


def _solve_n(variances: Callable[[float], tuple[float, float, float]], power: float, alpha: float, sides: int) -> float:
    """Smallest (continuous) number of cases with the requested power; the total variances scale like 1/n or
    nearly (Hanley-McNeil), so the power grows with n."""

    def gap(log_n: float) -> float:
        d, v0, va = variances(math.exp(log_n))
        return _power_of(d, v0, va, alpha, sides) - power

    return math.exp(_bisect(gap, math.log(1e-6), math.log(1e12), "number of cases"))


def _solve(
    missing: str,
    variances: Callable[[float, float], tuple[float, float, float]],
    theta: float | None,
    n: float | None,
    alpha: float | None,
    power: float | None,
    sides: int,
    lowest: float,
) -> tuple[float, float, float, float]:
    """(AUC, cases, alpha, power) with the ``missing`` one solved; ``variances(auc, cases)`` gives the difference
    and its null and alternative variances; a solved AUC lies above ``lowest``."""
    if missing == "power":
        assert theta is not None and n is not None and alpha is not None
        return theta, n, alpha, _power_of(*variances(theta, n), alpha, sides)
    if missing == "alpha":
        assert theta is not None and n is not None and power is not None
        return theta, n, _alpha_of(*variances(theta, n), power, sides), power
    if missing == "n_cases":
        assert theta is not None and alpha is not None and power is not None
        t, a, pw = theta, alpha, power
        return t, _solve_n(lambda cases: variances(t, cases), pw, a, sides), a, pw
    assert n is not None and alpha is not None and power is not None
    size, a, pw = n, alpha, power
    solved = _smallest_auc(lambda t: _power_of(*variances(t, size), a, sides) - pw, lowest + 1e-12, 1.0 - 1e-12)
    return solved, size, a, pw


def _result(
    kind: str,
    n: float,
    ratio: float,
    alpha: float,
    power: float,
    auc: float,
    auc2: float | None,
    alternative: str,
    method: str,
) -> PowerResult:
    return PowerResult(n, n * ratio, alpha, power, auc, auc2, alternative, method, kind)


# ------------------------------------------------------------------------------------------------ one AUC


def power_auc(
    auc: float | None = None,
    *,
    n_cases: float | None = None,
    n_controls: float | None = None,
    ratio: float | None = None,
    alpha: float | None = 0.05,
    power: float | None = None,
    alternative: str = "two-sided",
    variance: str = "obuchowski",
) -> PowerResult:
    """Power and sample size of the test of one AUC against 0.5 (pROC's ``power.roc.test(auc=...)``).

    Leave exactly one of ``auc``, ``power``, ``alpha`` or the sample size (``n_cases`` and ``n_controls``) as
    None: it is solved for. A solved AUC is the smallest above 0.5 with the requested power.

    Parameters
    ----------
    auc : float, optional
        The AUC expected under the alternative.
    n_cases, n_controls : float, optional
        The numbers of cases (positives) and controls; one of them with ``ratio`` is enough.
    ratio : float, optional
        Controls per case (pROC's ``kappa``), 1 by default.
    alpha : float or None, default 0.05
        The level of the test (two-sided: ``alpha / 2`` in each tail, as pROC).
    power : float, optional
        The power wanted.
    alternative : {"two-sided", "one-sided"}
        The test's alternative.
    variance : {"obuchowski", "hanley-mcneil"}
        Obuchowski's (2004, pROC's) or Hanley and McNeil's (1982) variance of the AUC.

    Returns
    -------
    PowerResult
        The design with the missing quantity filled in.

    Examples
    --------
    >>> r = power_auc(0.73, n_cases=41, n_controls=72)
    >>> round(r.power, 4)
    0.9897
    >>> round(power_auc(n_cases=41, n_controls=72, power=0.95).auc, 4)
    0.6961
    """
    sides = _check_alternative(alternative)
    if variance not in _VARIANCES:
        raise ValueError(f"variance={variance!r} is not one of {_VARIANCES}.")
    n, kappa = _sizes(n_cases, n_controls, ratio)
    missing = _missing_one(auc=auc, power=power, alpha=alpha, n_cases=n)
    if auc is not None:
        auc = _check_unit("auc", auc, closed=True)
        if auc == 0.5:
            raise ValueError(
                "auc = 0.5 is the null hypothesis itself: no sample size detects it; pass the AUC you "
                "expect, e.g. auc=0.75."
            )
    if power is not None:
        power = _check_unit("power", power)
    if alpha is not None:
        alpha = _check_unit("alpha", alpha)

    def variances(theta: float, cases: float) -> tuple[float, float, float]:
        if variance == "obuchowski":
            return theta - 0.5, _OBUCHOWSKI_NULL * (1 + 1 / kappa) / cases, _obuchowski_one(theta, kappa) / cases
        return theta - 0.5, _hanley_mcneil(0.5, cases, kappa * cases), _hanley_mcneil(theta, cases, kappa * cases)

    theta, size, level, pw = _solve(missing, variances, auc, n, alpha, power, sides, 0.5)
    return _result("n" if missing == "n_cases" else missing, size, kappa, level, pw, theta, None, alternative, variance)


# ------------------------------------------------------------------------------------------------ two AUCs


def _correlations(correlation: Any) -> tuple[float, float]:
    if isinstance(correlation, (tuple, list)):
        if len(correlation) != 2:
            raise ValueError(f"correlation must be a number or (r_cases, r_controls), got {correlation!r}.")
        pair = tuple(correlation)
    else:
        pair = (correlation, correlation)
    out = []
    for r in pair:
        ok = isinstance(r, (int, float, np.integer, np.floating)) and not isinstance(r, bool) and -1 <= r <= 1
        if not ok:
            raise ValueError(
                f"correlation must lie in [-1, 1] (a number, or (r_cases, r_controls)); got {correlation!r}."
            )
        out.append(float(r))
    return out[0], out[1]


def power_compare(
    auc1: float | None = None,
    auc2: float | None = None,
    *,
    n_cases: float | None = None,
    n_controls: float | None = None,
    ratio: float | None = None,
    alpha: float | None = 0.05,
    power: float | None = None,
    correlation: float | tuple[float, float] = 0.0,
    b: tuple[float, float] = (1.0, 1.0),
    binormal: tuple[float, float, float, float] | None = None,
    fpr_range: tuple[float, float] | None = None,
    difference: float | None = None,
    alternative: str = "two-sided",
    variance: str = "obuchowski",
) -> PowerResult:
    """Power and sample size of the comparison of two AUCs (Obuchowski and McClish 1997; pROC's
    ``power.roc.test(list(A1=, B1=, ...))``).

    ``auc1`` is the reference (the null hypothesis takes both curves as curve 1); leave one of ``auc2``, ``power``,
    ``alpha`` or the sample size as None to solve for it (a solved ``auc2`` is the smallest AUC above ``auc1`` that
    is detected).

    Parameters
    ----------
    auc1, auc2 : float, optional
        The two AUCs (not needed with ``binormal``).
    n_cases, n_controls, ratio : float, optional
        The sample size: cases and controls, or one of them with ``ratio`` (controls per case, 1 by default).
    alpha : float or None, default 0.05
        The level of the test.
    power : float, optional
        The power wanted.
    correlation : float or (float, float), default 0
        ``variance="obuchowski"``: the correlation of the two classifiers' scores among cases and among controls
        (one number, or ``(r_cases, r_controls)``); 0 for independent samples (two groups of patients), larger for
        paired designs. ``variance="hanley-mcneil"``: the correlation of the two AUC *estimates* (Hanley and McNeil
        1983 tabulate it).
    b : (float, float), default (1, 1)
        The slopes ``B`` of the binormal curves ``TPR = Phi(A + B Phi^-1(FPR))``; ``A`` follows from the AUC.
    binormal : (float, float, float, float), optional
        ``(A1, B1, A2, B2)`` given directly instead of the AUCs.
    fpr_range : (float, float), optional
        Compare partial areas over this false positive range.
    difference : float, optional
        The difference to detect (pROC's ``delta``), instead of that of the binormal (partial) areas.
    alternative : {"two-sided", "one-sided"}
        The test's alternative.
    variance : {"obuchowski", "hanley-mcneil"}
        Binormal variances and covariance, or each AUC's Hanley-McNeil variance.

    Returns
    -------
    PowerResult
        The design with the missing quantity filled in.

    Examples
    --------
    >>> r = power_compare(binormal=(2.6, 1, 1.9, 1), correlation=0.6, fpr_range=(0, 0.2), difference=0.037,
    ...                   n_cases=None, power=0.8)
    >>> round(r.n_cases, 2)
    107.02
    """
    sides = _check_alternative(alternative)
    if variance not in _VARIANCES:
        raise ValueError(f"variance={variance!r} is not one of {_VARIANCES}.")
    r_cases, r_controls = _correlations(correlation)
    if fpr_range is not None:
        if variance != "obuchowski":
            raise ValueError("fpr_range (partial areas) needs variance='obuchowski'.")
        if len(fpr_range) != 2 or not all(0 <= float(v) <= 1 for v in fpr_range) or fpr_range[0] == fpr_range[1]:
            raise ValueError(f"fpr_range must be two different false positive rates in [0, 1], got {fpr_range!r}.")
        fpr_range = (min(map(float, fpr_range)), max(map(float, fpr_range)))
    if binormal is not None:
        if variance != "obuchowski":
            raise ValueError("binormal=(A1, B1, A2, B2) needs variance='obuchowski'.")
        if len(binormal) != 4:
            raise ValueError(f"binormal must be (A1, B1, A2, B2), got {binormal!r}.")
        a1, b1, a2, b2 = (float(v) for v in binormal)
        given_a: tuple[float, float] | None = (a1, a2)
        reference, auc2 = binormal_area(a1, b1), binormal_area(a2, b2)
    else:
        if auc1 is None:
            raise ValueError("auc1 (the reference AUC) is required, or binormal=(A1, B1, A2, B2).")
        reference = _check_unit("auc1", auc1)
        if auc2 is not None:
            auc2 = _check_unit("auc2", auc2)
        b1, b2 = (_check_positive("b", v) for v in b)
        given_a = None
    n, kappa = _sizes(n_cases, n_controls, ratio)
    missing = _missing_one(auc2=auc2, power=power, alpha=alpha, n_cases=n)
    if power is not None:
        power = _check_unit("power", power)
    if alpha is not None:
        alpha = _check_unit("alpha", alpha)
    if missing == "auc2" and difference is not None:
        raise ValueError(
            "difference fixes the difference to detect: give auc2 (or binormal) and solve for power, "
            "alpha or the sample size."
        )

    def variances(theta2: float, cases: float) -> tuple[float, float, float]:
        if variance == "hanley-mcneil":
            v1 = _hanley_mcneil(reference, cases, kappa * cases)
            v2 = _hanley_mcneil(theta2, cases, kappa * cases)
            c12 = r_cases * math.sqrt(v1 * v2)
            c11 = r_cases * v1
            return reference - theta2, 2 * v1 - 2 * c11, v1 + v2 - 2 * c12
        if given_a is not None:
            A1, A2 = given_a
        else:
            A1 = _NORMAL.inv_cdf(reference) * math.sqrt(1 + b1 * b1)
            A2 = _NORMAL.inv_cdf(min(theta2, 1 - 1e-15)) * math.sqrt(1 + b2 * b2)
        v1 = _binormal_var(A1, b1, kappa, fpr_range)
        v2 = _binormal_var(A2, b2, kappa, fpr_range)
        c12 = _binormal_cov(A1, b1, A2, b2, r_cases, r_controls, kappa, fpr_range)
        if difference is not None:
            delta = difference
        elif fpr_range is not None:
            delta = binormal_area(A1, b1, fpr_range) - binormal_area(A2, b2, fpr_range)
        else:
            delta = reference - theta2
        return delta, (2 * v1 - 2 * c12) / cases, (v1 + v2 - 2 * c12) / cases

    theta2, size, level, pw = _solve(missing, variances, auc2, n, alpha, power, sides, reference)
    return _result(
        "n" if missing == "n_cases" else missing,
        size,
        kappa,
        level,
        pw,
        reference,
        theta2,
        alternative,
        "Obuchowski-McClish (binormal)" if variance == "obuchowski" else "Hanley-McNeil",
    )


# ------------------------------------------------------------------------------------------------ pilot data


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    x = x - x.mean()
    y = y - y.mean()
    denom = math.sqrt(float(x @ x) * float(y @ y))
    return float(x @ y) / denom if denom > 0 else 0.0


def binormal_fit(y: np.ndarray, score: np.ndarray) -> tuple[float, float]:
    """pROC's binormal fit (``smooth(method="binormal")``): least squares of ``Phi^-1(specificity)`` on
    ``Phi^-1(sensitivity)`` over the empirical ROC points where both are finite; (intercept, slope) are the
    ``A`` and ``B`` pROC passes to Obuchowski's formulas."""
    from ..core.counts import exact_counts

    c = exact_counts(y, np.asarray(score, dtype=np.float64))
    se, sp = c.tp / c.P, 1.0 - c.fp / c.N
    keep = (se > 0) & (se < 1) & (sp > 0) & (sp < 1)
    if np.count_nonzero(keep) < 2:
        raise ValueError(
            "the binormal fit needs at least two ROC points with sensitivity and specificity strictly "
            "between 0 and 1; use method='delong'."
        )
    x = np.array([_NORMAL.inv_cdf(v) for v in se[keep]])
    z = np.array([_NORMAL.inv_cdf(v) for v in sp[keep]])
    xm, zm = x.mean(), z.mean()
    sxx = float((x - xm) @ (x - xm))
    if sxx == 0:
        raise ValueError("the binormal fit needs ROC points at two different sensitivities; use method='delong'.")
    slope = float((x - xm) @ (z - zm)) / sxx
    return float(zm - slope * xm), slope


def power_from_pilot(
    y_true: Labels,
    y_score: Scores,
    y_score_b: Any = None,
    *,
    n_cases: float | None = None,
    n_controls: float | None = None,
    ratio: float | None = None,
    alpha: float | None = 0.05,
    power: float | None = None,
    alternative: str = "two-sided",
    method: str = "delong",
    max_fpr: float | None = None,
    n_resamples: int = 2000,
    random_state: Any = None,
    pos_label: Any = None,
) -> PowerResult:
    """Power or sample size of a study planned from pilot data (pROC's ``power.roc.test(roc1[, roc2])``).

    One score: its AUC tested against 0.5 (Obuchowski's variance, as :func:`power_auc`); the sample size defaults
    to the pilot's (to solve for power or alpha) and ``ratio`` to the pilot's controls per case. Two scores on the
    same cases: their AUC difference, with the variances and covariance of the pilot (``method="delong"``,
    pROC's default; ``"obuchowski"`` from pROC's binormal fit and the score correlations in each class; or
    ``"bootstrap"``, ``n_resamples`` stratified resamples of the cases, which also compares partial AUCs up to
    ``max_fpr``), per case, so the ratio of controls to cases is the pilot's. Leave ``power`` None to get the power
    at the pilot's size (or at ``n_cases``); give ``power`` to get the sample size, and also ``alpha=None`` to get
    the level.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The pilot's binary labels.
    y_score, y_score_b : array-like of shape (n_samples,)
        One or two classifiers' scores on the pilot cases.
    n_cases, n_controls, ratio : float, optional
        The planned sample size (one score; by default the pilot's) or number of cases (two scores).
    alpha : float or None, default 0.05
        The level of the test; None to solve for it.
    power : float, optional
        The power wanted; None to compute it.
    alternative : {"two-sided", "one-sided"}
        The test's alternative.
    method : {"delong", "obuchowski", "bootstrap"}
        Where the variances of two scores come from.
    max_fpr : float, optional
        Compare McClish's standardized partial AUCs up to this false positive rate (``method="bootstrap"``).
    n_resamples : int, default 2000
        Bootstrap resamples.
    random_state : None, int or numpy Generator
        Seed of the bootstrap.
    pos_label : optional
        The positive class of ``y_true``.

    Returns
    -------
    PowerResult
        The design with the missing quantity filled in.

    Examples
    --------
    >>> y = [0, 0, 0, 0, 1, 1, 1, 1, 0, 1]
    >>> r = power_from_pilot(y, [.1, .3, .2, .6, .7, .4, .9, .8, .35, .65], power=0.9)
    >>> r.solved_for, round(r.n_cases, 1)
    ('n', 4.5)
    """
    from ..core.inputs import normalize

    sides = _check_alternative(alternative)
    if method not in ("delong", "obuchowski", "bootstrap"):
        raise ValueError(f"method={method!r} is not one of ('delong', 'obuchowski', 'bootstrap').")
    if max_fpr is not None:
        if method != "bootstrap":
            raise ValueError(
                f"partial AUCs (max_fpr) need method='bootstrap' (method={method!r} applies to the full AUC only)."
            )
        if y_score_b is None:
            raise ValueError("max_fpr applies to the comparison of two pilot scores; pass y_score_b.")
    problem = normalize(y_true, y_score, pos_label=pos_label, task="binary")
    y = problem.y
    m, k = int(np.count_nonzero(y)), int(np.count_nonzero(~y))
    if m < 2 or k < 2:
        raise ValueError(f"pilot data need at least two cases and two controls; got {m} cases and {k} controls.")
    solve_size = power is not None and alpha is not None
    if y_score_b is None:
        from ..core.counts import exact_counts
        from ..core.scores import auc as table_auc

        theta = table_auc(exact_counts(y, problem.score))
        if theta < 0.5:
            theta = 1 - theta  # pROC orients each curve so that its AUC is at least 0.5
        if solve_size:
            return power_auc(
                theta, ratio=k / m if ratio is None else ratio, alpha=alpha, power=power, alternative=alternative
            )
        if n_cases is None and n_controls is None:
            n_cases, n_controls = m, k
        return power_auc(
            theta,
            n_cases=n_cases,
            n_controls=n_controls,
            ratio=ratio,
            alpha=alpha,
            power=power,
            alternative=alternative,
        )
    if ratio is not None:
        raise ValueError(
            "ratio does not apply to two pilot scores: the per-case variances carry the pilot's ratio "
            f"of controls to cases ({k}/{m}); pass n_cases only."
        )
    other = normalize(y_true, y_score_b, pos_label=pos_label, task="binary")
    sa, sb = np.asarray(problem.score, np.float64), np.asarray(other.score, np.float64)
    if method == "bootstrap":
        theta1, theta2, v1, v2, c12 = _bootstrap_moments(problem, other, max_fpr, n_resamples, random_state)
    else:
        theta1, theta2, v1, v2, c12 = _pilot_moments(y, sa, sb, method)
    n = float(m if n_cases is None else _check_positive("n_cases", n_cases))
    kappa = k / m
    v0, va = 2 * v1 - 2 * c12, v1 + v2 - 2 * c12
    delta = theta1 - theta2
    if solve_size:
        assert alpha is not None and power is not None
        alpha, power = _check_unit("alpha", alpha), _check_unit("power", power)
        if delta == 0:
            raise ValueError("the two pilot AUCs are equal: no sample size detects a zero difference.")
        z = _NORMAL.inv_cdf(1 - alpha / sides) * math.sqrt(v0) + _NORMAL.inv_cdf(power) * math.sqrt(va)
        n = z * z / (delta * delta)
        missing = "n"
    elif power is None:
        alpha = _check_unit("alpha", alpha)
        power = _power_of(delta, v0 / n, va / n, alpha, sides)
        missing = "power"
    else:
        power = _check_unit("power", power)
        alpha = _alpha_of(delta, v0 / n, va / n, power, sides)
        missing = "alpha"
    name = {
        "delong": "DeLong (pilot)",
        "obuchowski": "Obuchowski (pilot binormal fit)",
        "bootstrap": f"bootstrap (pilot, {n_resamples} resamples)",
    }[method]
    if max_fpr is not None:
        name += f", standardized partial AUC up to FPR {max_fpr:g}"
    return _result(missing, n, kappa, alpha, power, theta1, theta2, alternative, name)


def _pilot_moments(y: np.ndarray, sa: np.ndarray, sb: np.ndarray, method: str):
    """(AUC a, AUC b, per-case variance of each, per-case covariance) of two scores on the same pilot cases."""
    from .delong import influence, layout

    m = int(np.count_nonzero(y))
    ia, ib = influence(layout(y, sa)), influence(layout(y, sb))
    # orient each curve as pROC does (AUC >= 0.5): a flipped score has AUC 1 - A and influence -psi
    flip_a, flip_b = (-1.0 if ia.auc < 0.5 else 1.0), (-1.0 if ib.auc < 0.5 else 1.0)
    theta1 = ia.auc if flip_a > 0 else 1 - ia.auc
    theta2 = ib.auc if flip_b > 0 else 1 - ib.auc
    if method == "delong":
        return (
            theta1,
            theta2,
            float(ia.psi @ ia.psi) * m,
            float(ib.psi @ ib.psi) * m,
            flip_a * flip_b * float(ia.psi @ ib.psi) * m,
        )
    k = y.size - m
    kappa = k / m
    A1, B1 = binormal_fit(y, flip_a * sa)
    A2, B2 = binormal_fit(y, flip_b * sb)
    r_cases = _pearson(flip_a * sa[y], flip_b * sb[y])
    r_controls = _pearson(flip_a * sa[~y], flip_b * sb[~y])
    v1 = _binormal_var(A1, B1, kappa, None)
    v2 = _binormal_var(A2, B2, kappa, None)
    c12 = _binormal_cov(A1, B1, A2, B2, r_cases, r_controls, kappa, None)
    return theta1, theta2, v1, v2, c12


def _bootstrap_moments(pa: Any, pb: Any, max_fpr: float | None, n_resamples: int, random_state: Any):
    """(AUC a, AUC b, per-case variances and covariance) from stratified bootstrap replicates of both scores on the
    same resampled cases (McClish's standardized partial AUC up to ``max_fpr``: a linear map of the raw partial
    area, the same for both curves, so the power it gives is that of the raw areas)."""
    from ..core.counts import exact_counts
    from ..core.inputs import binary_problem
    from ..core.scores import auc
    from . import bootstrap as bs
    from .intervals import _check_resamples, resampling_plan, rng_from, spec_for, strata

    spec = spec_for("roc_auc", max_fpr)
    n_resamples = _check_resamples(n_resamples)
    # orient each score as pROC does (its full AUC at least 0.5), before any partial area is taken
    oriented = []
    for p in (pa, pb):
        s = np.asarray(p.score, dtype=np.float64)
        if auc(exact_counts(p.y, s, p.weight)) < 0.5:
            s = -s
        oriented.append(binary_problem(p.y, s, p.weight))
    pa, pb = oriented
    draws, position = strata(pa, True)
    plans = [resampling_plan(p, spec, None, position) for p in (pa, pb)]
    width = max(plan.width for plan in plans)

    def values_of(mult: np.ndarray) -> np.ndarray:
        return np.concatenate([plan.values(mult) for plan in plans], axis=1)

    estimates = values_of(np.ones((1, draws.n_samples), dtype=np.int64))[0]
    values = bs.bootstrap(draws, values_of, width, n_resamples, rng_from(random_state), False)
    cov = np.cov(values[np.isfinite(values).all(axis=1)].T)
    m = int(np.count_nonzero(pa.y))
    return float(estimates[0]), float(estimates[1]), cov[0, 0] * m, cov[1, 1] * m, cov[0, 1] * m

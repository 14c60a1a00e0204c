"""Regression with AR(1) errors on a daily calendar with gaps, and Benjamini–Hochberg.

Day-to-day pain carries over from one morning to the next, and some factors
(the mattress) stay the same for weeks; ordinary least squares then reports
effects that are not there. The model here is

    y_t = X_t β + u_t,   u_t = φ u_(t−1) + ε_t,

fitted by generalised least squares. Days are dated, not counted: two logged
mornings ``g`` days apart have error correlation φ^g, so missing days stay
missing instead of making two distant mornings look adjacent. This is the
Prais–Winsten transformation generalised to gaps; φ is chosen by restricted
maximum likelihood (``scipy.optimize.minimize_scalar``), and the coefficients,
standard errors, 95 % intervals and p-values come from ``statsmodels`` OLS on
the transformed data (exact GLS given φ). Without gaps this is the same model
as ``statsmodels`` ``ARIMA(order=(1, 0, 0), exog=X)``; the tests compare them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.multitest import multipletests

PHI_BOUNDS = (-0.9, 0.99)


@dataclass(frozen=True)
class Coefficient:
    estimate: float
    ci_low: float
    ci_high: float
    p: float
    se: float


@dataclass(frozen=True)
class AR1Fit:
    """A fitted regression with AR(1) errors."""

    names: tuple[str, ...]
    params: np.ndarray
    bse: np.ndarray
    conf_int: np.ndarray  # shape (k, 2), 95 %
    pvalues: np.ndarray
    phi: float
    sigma: float  # standard deviation of the stationary error u
    n: int
    df_resid: int

    def __getitem__(self, name: str) -> Coefficient:
        i = self.names.index(name)
        return Coefficient(
            float(self.params[i]),
            float(self.conf_int[i, 0]),
            float(self.conf_int[i, 1]),
            float(self.pvalues[i]),
            float(self.bse[i]),
        )


def _whiten(values: np.ndarray, rho: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Prais–Winsten transform with per-gap correlation ``rho``: uncorrelated errors of equal variance."""
    out = np.empty_like(values)
    out[0] = values[0]
    out[1:] = (values[1:] - rho[:, None] * values[:-1]) / scale[:, None]
    return out


def _gap_correlation(phi: float, gaps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rho = np.power(phi, gaps)
    scale = np.sqrt(np.maximum(1.0 - rho**2, 1e-12))
    return rho, scale


def whiten(values: np.ndarray, days: np.ndarray, phi: float) -> np.ndarray:
    """Rows of ``values`` (dated by ``days``) transformed so that AR(1) errors with ``phi`` become uncorrelated.

    Least squares on the whitened rows is GLS; the whitened errors all have the
    stationary error variance. Used to plan and to re-fit with a known ``phi``.
    """
    values = np.asarray(values, dtype=float)
    matrix = values.reshape(len(values), -1)
    rho, scale = _gap_correlation(phi, np.diff(np.asarray(days, dtype=float)))
    out = _whiten(matrix, rho, scale)
    return out.reshape(values.shape)


def _neg_restricted_loglik(phi: float, y: np.ndarray, X: np.ndarray, gaps: np.ndarray) -> float:
    rho, scale = _gap_correlation(phi, gaps)
    data = _whiten(np.column_stack([y, X]), rho, scale)
    zy, zx = data[:, 0], data[:, 1:]
    beta, *_ = np.linalg.lstsq(zx, zy, rcond=None)
    ssr = float(np.sum((zy - zx @ beta) ** 2))
    n, k = zx.shape
    sign, logdet = np.linalg.slogdet(zx.T @ zx)
    if ssr <= 0 or sign <= 0:
        return np.inf
    loglik = -0.5 * (n - k) * np.log(ssr / (n - k)) - np.sum(np.log(scale)) - 0.5 * logdet
    return -loglik


def fit_ar1_regression(
    y: np.ndarray,
    X: np.ndarray,
    days: np.ndarray,
    names: Sequence[str],
    *,
    phi: float | None = None,
) -> AR1Fit:
    """GLS of ``y`` on ``X`` (which must hold the intercept) with AR(1) errors over dated ``days``.

    ``days`` are integer day numbers in increasing order; gaps between them are
    missing days. ``phi`` is estimated (restricted maximum likelihood) unless given.
    """
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    days = np.asarray(days, dtype=float)
    n, k = X.shape
    if n <= k + 1:
        raise ValueError(f"{n} days cannot estimate {k} coefficients and the autocorrelation")
    gaps = np.diff(days)
    if np.any(gaps <= 0):
        raise ValueError("days must be strictly increasing")
    if phi is None:
        found = optimize.minimize_scalar(
            _neg_restricted_loglik,
            bounds=PHI_BOUNDS,
            args=(y, X, gaps),
            method="bounded",
            options={"xatol": 1e-4},
        )
        phi = float(found.x)
    rho, scale = _gap_correlation(phi, gaps)
    data = _whiten(np.column_stack([y, X]), rho, scale)
    result = OLS(data[:, 0], data[:, 1:]).fit()
    return AR1Fit(
        names=tuple(names),
        params=np.asarray(result.params),
        bse=np.asarray(result.bse),
        conf_int=np.asarray(result.conf_int(0.05)),
        pvalues=np.asarray(result.pvalues),
        phi=phi,
        sigma=float(np.sqrt(result.scale)),
        n=n,
        df_resid=int(result.df_resid),
    )


def benjamini_hochberg(pvalues: Sequence[float]) -> list[float]:
    """False-discovery-rate adjusted p-values (``q``), Benjamini–Hochberg."""
    if len(pvalues) == 0:
        return []
    return [float(q) for q in multipletests(list(pvalues), method="fdr_bh")[1]]

"""Regression with AR(1) errors on a daily calendar with gaps, and Benjamini–Hochberg.

Day-to-day pain carries over from one morning to the next, and some factors
(the mattress) stay the same for weeks; ordinary least squares then reports
effects that are not there. The model here is

    y_t = X_t β + u_t,   u_t = φ u_(t−1) + ε_t,

fitted by generalised least squares. Days are dated, not counted: two logged
mornings ``g`` days apart have error correlation φ^g, so missing days stay
missing instead of making two distant mornings look adjacent. This is the
Prais–Winsten transformation generalised to gaps; φ is chosen by restricted
maximum likelihood (Brent's bounded minimisation, as ``scipy.optimize.fminbound``).
Given φ the coefficients are exact GLS: least squares on the transformed data,
solved from its cross-products (a Cholesky factor of the same cross-products
the likelihood uses, so a ten-year diary costs no more than a few passes over
its rows), with t-based standard errors, 95 % intervals and p-values (Student's
t from ``student_t``). A design that is not of full rank is fitted on its
column space (φ included), and only the coefficients it can estimate get a number:
one it cannot tell apart from other columns gets none (NaN), never a confident
share of theirs, as the pseudo-inverse alone would give. Without gaps this is the same model as
``statsmodels`` ``ARIMA(order=(1, 0, 0), exog=X)``, and the q-values are
``statsmodels``' ``fdr_bh``; the tests compare them.

Only numpy is imported: scipy and statsmodels take seconds to load, which a
person opening the Factors page would wait for (even ``scipy.special`` alone
takes longer to load than the diary takes to fit a ten-year diary's model).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import ALPHA
from .student_t import t_quantile, t_tail

PHI_BOUNDS = (-0.9, 0.99)
ESTIMABLE = 1e-8  # a unit vector this close to the design's row space is in it: its coefficient is estimable


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
    phi: float
    sigma: float  # standard deviation of the stationary error u
    n: int
    df_resid: int
    unit_bse: np.ndarray  # the standard errors were sigma 1 (``bse / sigma``, known at sigma 0 too)

    def with_sigma_at_least(self, floor: float) -> AR1Fit:
        """The same fit with the errors' standard deviation taken as no lower than ``floor`` (wider intervals).

        For a fit from so few mornings that their spread may be small by chance
        (pain is a whole number: four mornings can lie exactly on a line).
        """
        if not self.sigma < floor:
            return self
        bse = self.unit_bse * floor
        return _fit(self.names, self.params, bse, self.phi, floor, self.n, self.df_resid, self.unit_bse)

    @functools.cached_property
    def pvalues(self) -> np.ndarray:
        """Two-sided p-values from Student's t, every coefficient's (worked out when first asked for)."""
        return self._p(slice(None))

    def _p(self, which: int | slice) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return 2 * t_tail(np.abs(self.params[which] / self.bse[which]), self.df_resid)

    def __getitem__(self, name: str) -> Coefficient:
        """One coefficient; its p only is worked out (a fit has a column per trend term it never reports)."""
        i = self.names.index(name)
        return Coefficient(
            float(self.params[i]),
            float(self.conf_int[i, 0]),
            float(self.conf_int[i, 1]),
            float(self._p(i)),
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


class _Moments:
    """The cross-products the restricted likelihood needs, grouped by gap, so each φ costs O(k²), not O(nk²).

    Whitened, row t is (d_t − ρ_g d_(t−1)) / s_g with ρ_g = φ^g for its gap g, so
    Z'Z = d_0 d_0' + Σ_g (A_g − ρ_g (B_g + B_g') + ρ_g² C_g) / s_g², where A_g, B_g
    and C_g sum d_t d_t', d_t d_(t−1)' and d_(t−1) d_(t−1)' over the rows with gap g.
    """

    def __init__(self, y: np.ndarray, X: np.ndarray, gaps: np.ndarray) -> None:
        data = np.column_stack([y, X])
        self.first = np.outer(data[0], data[0])
        self.gaps, where = np.unique(gaps, return_inverse=True)
        self.counts = np.bincount(where, minlength=len(self.gaps))
        now, before = data[1:], data[:-1]
        # Every row's sums at once, then the rarer gaps' own; the commonest gap (a day, mostly) is the rest.
        # d_t d_t' over every row but the first is d_(t−1) d_(t−1)' over every row but the last, moved by one.
        a_all = now.T @ now
        every = (a_all, before.T @ now, a_all - np.outer(data[-1], data[-1]) + self.first)
        common = int(np.argmax(self.counts)) if len(self.counts) else -1  # no gaps: a single day
        sums: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for gap in range(len(self.gaps)):
            if gap != common:
                rows = np.flatnonzero(where == gap)
                a, b = now[rows], before[rows]
                sums[gap] = (a.T @ a, b.T @ a, b.T @ b)
                for whole, part in zip(every, sums[gap], strict=True):
                    whole -= part
        sums[common] = every
        self.sums = [sums[gap] for gap in range(len(self.gaps))]  # a single day: none

    def full_rank(self) -> bool:
        """Whether the design's columns are independent (X'X has a Cholesky factor; whitening keeps that)."""
        try:
            np.linalg.cholesky(self.whitened_crossproduct(0.0)[0][1:, 1:])
        except np.linalg.LinAlgError:
            return False
        return True

    def whitened_crossproduct(self, phi: float) -> tuple[np.ndarray, float]:
        """Z'Z for ``phi``, and the sum of log scales (the Jacobian of the whitening)."""
        rho, scale = _gap_correlation(phi, self.gaps)
        total = self.first.copy()
        for r, s, (a, ba, bb) in zip(rho, scale, self.sums, strict=True):
            total += (a - r * (ba + ba.T) + r * r * bb) / (s * s)
        return total, float(np.sum(self.counts * np.log(scale)))


class _Factored(NamedTuple):
    """The whitened cross-products at one ``phi``: y'y, X'y, the Cholesky factor of X'X, and the log scales."""

    yy: float
    xy: np.ndarray
    lower: np.ndarray
    log_scales: float


def _factored(moments: _Moments, phi: float) -> _Factored | None:
    """The cross-products at ``phi`` with X'X factored; None when it has no Cholesky factor (not of full rank)."""
    zz, log_scales = moments.whitened_crossproduct(phi)
    try:
        lower = np.linalg.cholesky(zz[1:, 1:])
    except np.linalg.LinAlgError:
        return None
    return _Factored(float(zz[0, 0]), zz[1:, 0], lower, log_scales)


def _neg_restricted_loglik(phi: float, moments: _Moments, n: int) -> float:
    factored = _factored(moments, phi)
    if factored is None:
        return np.inf
    zyy, chol = factored.yy, factored.lower
    k = chol.shape[0]
    solved = np.linalg.solve(chol, factored.xy)
    ssr = float(zyy - solved @ solved)
    if not ssr > 1e-12 * max(zyy, 1e-300):
        return np.inf
    logdet = 2.0 * float(np.sum(np.log(np.diag(chol))))
    loglik = -0.5 * (n - k) * np.log(ssr / (n - k)) - factored.log_scales - 0.5 * logdet
    return -loglik


def fit_ar1_regression(
    y: np.ndarray,
    X: np.ndarray,
    days: np.ndarray,
    names: Sequence[str],
    *,
    phi: float | None = None,
    phi_uncertainty: bool = False,
) -> AR1Fit:
    """GLS of ``y`` on ``X`` (which must hold the intercept) with AR(1) errors over dated ``days``.

    ``days`` are integer day numbers in increasing order; gaps between them are
    missing days. ``phi`` is estimated (restricted maximum likelihood) unless given: estimated, it needs
    two days more than coefficients; given, one. ``phi_uncertainty``: when φ is estimated, widen the
    standard errors for its uncertainty (Kenward–Roger, ``_phi_uncertainty``), which the plug-in GLS errors
    ignore: without it short diaries' small p-values come about 1.2 times too often.
    """
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    days = np.asarray(days, dtype=float)
    n, k = X.shape
    if phi is None and n <= k + 1:
        raise ValueError(f"{n} days cannot estimate {k} coefficients and the autocorrelation")
    if n <= k:
        raise ValueError(f"{n} days cannot estimate {k} coefficients and how much mornings vary")
    gaps = np.diff(days)
    if np.any(gaps <= 0):
        raise ValueError("days must be strictly increasing")
    moments = _Moments(y, X, gaps)
    if phi is None:
        if not moments.full_rank():  # the likelihood has no value anywhere: fitted on the column space
            return _rank_deficient_fit(y, X, days, names, phi)
        if not np.isfinite(_neg_restricted_loglik(0.0, moments, n)):
            # The design fits every day exactly (the same pain every morning), whatever φ: there is no
            # carry-over of the errors to estimate, for there are no errors.
            return _rank_deficient_fit(y, X, days, names, 0.0)
        phi = minimise_bounded(lambda value: _neg_restricted_loglik(value, moments, n), *PHI_BOUNDS)
    else:
        phi_uncertainty = False  # a given φ has none
    solved = _gls(moments, phi, n)
    if solved is None:
        return _rank_deficient_fit(y, X, days, names, phi)
    params, unscaled, scale = solved
    if phi_uncertainty:
        unscaled = unscaled + 2.0 * _phi_uncertainty(moments, X, gaps, phi, n, unscaled)
    unit_bse = np.sqrt(np.diag(unscaled))
    return _fit(names, params, unit_bse * np.sqrt(scale), phi, float(np.sqrt(scale)), n, n - k, unit_bse)


def _phi_uncertainty(
    moments: _Moments, X: np.ndarray, gaps: np.ndarray, phi: float, n: int, unscaled: np.ndarray
) -> np.ndarray:
    """Kackar–Harville's term for the uncertainty of the estimated φ, at unit error variance:
    var(φ̂) · U⁻¹ (Q − P U⁻¹ P) U⁻¹, with U = Z'Z = X'R⁻¹X, P = X'(∂R⁻¹/∂φ)X, Q = X'(∂R⁻¹/∂φ) R (∂R⁻¹/∂φ)X
    (Kenward & Roger 1997, who add it twice: the extra variance of β̂, and the bias of the plug-in
    covariance); var(φ̂) from the curvature of the restricted likelihood. Zero where that fails.

    Computed from the whitened rows, O(n k²): no n × n matrix is formed.
    """
    h = 1e-4
    low, high = max(phi - h, PHI_BOUNDS[0]), min(phi + h, PHI_BOUNDS[1])
    mid = 0.5 * (low + high)
    f = [_neg_restricted_loglik(v, moments, n) for v in (low, mid, high)]
    curvature = (f[0] - 2 * f[1] + f[2]) / (0.5 * (high - low)) ** 2
    if not (np.isfinite(curvature) and curvature > 0):
        return np.zeros_like(unscaled)
    var_phi = 1.0 / curvature
    rho, scale = _gap_correlation(phi, gaps)
    step = gaps * np.power(phi, gaps - 1) / scale**3  # ρ'/s³, row by row
    # Three n × k arrays at most, each reused in place (ten years: n = 3,650, k about 120).
    Z = _whiten(X, rho, scale)
    Zd = np.zeros_like(X)  # ∂(WX)/∂φ
    np.multiply(X[1:], rho[:, None], out=Zd[1:])
    Zd[1:] -= X[:-1]
    Zd[1:] *= step[:, None]
    P = Zd.T @ Z
    P += P.T  # P = Zφ'Z + Z'Zφ
    # G = W⁻ᵀ Wφ' Z + Zφ, so that Q = G'G
    v = np.zeros_like(X)  # Wφ' Z (Wφ has (t,t) = ρ ρ'/s³ and (t, t−1) = −ρ'/s³) ...
    v[1:] = (rho * step)[:, None] * Z[1:]
    v[:-1] -= step[:, None] * Z[1:]
    del Z
    # ... then W' v = Wφ' Z solved in place (W' upper bidiagonal: diagonal 1/s, super-diagonal −ρ/s)
    v[-1] *= scale[-1]
    for t in range(len(v) - 2, -1, -1):
        v[t] += rho[t] / scale[t] * v[t + 1]
        if t:
            v[t] *= scale[t - 1]
    v += Zd  # G
    Q = v.T @ v
    return var_phi * unscaled @ (Q - P @ unscaled @ P) @ unscaled


def _fit(
    names: Sequence[str],
    params: np.ndarray,
    bse: np.ndarray,
    phi: float,
    sigma: float,
    n: int,
    df_resid: int,
    unit_bse: np.ndarray,
) -> AR1Fit:
    """The fit with its 95 % intervals (its p-values are worked out when asked for)."""
    margin = t_quantile(1 - ALPHA / 2, df_resid) * bse
    return AR1Fit(
        names=tuple(names),
        params=params,
        bse=bse,
        conf_int=np.column_stack([params - margin, params + margin]),
        phi=phi,
        sigma=sigma,
        n=n,
        df_resid=df_resid,
        unit_bse=unit_bse,
    )


def _gls(moments: _Moments, phi: float, n: int) -> tuple[np.ndarray, np.ndarray, float] | None:
    """GLS given ``phi`` from the whitened cross-products: coefficients, their covariance at unit error
    variance ((Z'Z)⁻¹), and the error variance.

    None when the design is not of full rank (its cross-product has no Cholesky factor).
    """
    factored = _factored(moments, phi)
    if factored is None:
        return None
    k = factored.lower.shape[0]
    inverse_lower = np.linalg.solve(factored.lower, np.eye(k))
    inverse = inverse_lower.T @ inverse_lower  # (Z'Z)⁻¹ from its Cholesky factor
    params = inverse @ factored.xy
    ssr = float(factored.yy - factored.xy @ params)
    if not ssr > 0:
        return None
    scale = ssr / (n - k)
    return params, inverse, scale


def _rank_deficient_fit(
    y: np.ndarray, X: np.ndarray, days: np.ndarray, names: Sequence[str], phi: float | None
) -> AR1Fit:
    """GLS for a design that is not of full rank: fitted on its column space, the coefficients it cannot
    estimate left without a number (NaN).

    φ (when not given) comes from an orthonormal basis of the design's columns: the same fitted values and
    the same restricted likelihood up to a constant. The coefficients are the least-squares solution of
    least length on the whitened rows (from their singular values, as OLS with the pseudo-inverse), and the
    residual degrees of freedom the rows less the design's rank. A coefficient is estimable when its unit
    vector lies in the design's row space; any other is a share of what columns the design cannot tell
    apart do together, which the pseudo-inverse would give a finite, confident-looking number.
    """
    norms = np.linalg.norm(X, axis=0)
    norms[norms == 0] = 1.0
    scaled = X / norms  # the rank and the estimable coefficients do not depend on the columns' units
    if phi is None:
        basis, singular, _ = np.linalg.svd(scaled, full_matrices=False)
        rank = _rank(singular, scaled.shape)
        phi = fit_ar1_regression(y, basis[:, :rank], days, [f"basis {i}" for i in range(rank)]).phi
    rho, scale = _gap_correlation(phi, np.diff(days))
    data = _whiten(np.column_stack([y, scaled]), rho, scale)
    zy, zx = data[:, 0], data[:, 1:]
    u, singular, vt = np.linalg.svd(zx, full_matrices=False)
    rank = _rank(singular, zx.shape)
    u, singular, vt = u[:, :rank], singular[:rank], vt[:rank]
    params = vt.T @ ((u.T @ zy) / singular)
    df_resid = len(y) - rank
    variance = float(np.sum((zy - zx @ params) ** 2)) / df_resid
    unit_bse = np.sqrt(np.sum((vt / singular[:, None]) ** 2, axis=0))  # diag(V S⁻² V'), at σ = 1
    estimable = np.sum(vt**2, axis=0) > 1 - ESTIMABLE
    params = np.where(estimable, params / norms, np.nan)
    unit_bse = np.where(estimable, unit_bse / norms, np.nan)
    sigma = float(np.sqrt(variance))
    return _fit(names, params, unit_bse * sigma, phi, sigma, len(y), df_resid, unit_bse)


def _rank(singular: np.ndarray, shape: tuple[int, ...]) -> int:
    """The rank from a matrix's singular values (largest first), with numpy's ``matrix_rank`` tolerance."""
    if not singular.size or not singular[0] > 0:
        raise ValueError("the design has no column that is not zero")
    return int(np.sum(singular > singular[0] * max(shape) * np.finfo(float).eps))


def minimise_bounded(
    function: Callable[[float], float], low: float, high: float, *, xatol: float = 1e-5, most: int = 500
) -> float:
    """Where ``function`` is least on [low, high]: Brent's method (golden sections with parabolic steps).

    The algorithm of ``scipy.optimize.fminbound`` (Brent 1973, ch. 5), here so
    that fitting does not load scipy's optimisers.
    """
    golden = 0.5 * (3.0 - np.sqrt(5.0))
    a, b = low, high
    x = w = v = a + golden * (b - a)
    fx = fw = fv = function(x)
    step = previous = 0.0
    for _ in range(most):
        middle = 0.5 * (a + b)
        tol1 = 1.4901161193847656e-08 * abs(x) + xatol / 3.0
        tol2 = 2.0 * tol1
        if abs(x - middle) <= tol2 - 0.5 * (b - a):
            break
        parabolic = False
        if abs(previous) > tol1:
            with np.errstate(invalid="ignore"):  # a side where the likelihood has no value (inf): no parabola
                r = (x - w) * (fx - fv)
                q = (x - v) * (fx - fw)
                p = (x - v) * q - (x - w) * r
                q = 2.0 * (q - r)
            if q > 0.0:
                p = -p
            q = abs(q)
            if abs(p) < abs(0.5 * q * previous) and q * (a - x) < p < q * (b - x):
                previous, step = step, p / q
                parabolic = True
                u = x + step
                if (u - a) < tol2 or (b - u) < tol2:
                    step = tol1 if middle >= x else -tol1
        if not parabolic:
            previous = (b - x) if x < middle else (a - x)
            step = golden * previous
        u = x + (step if abs(step) >= tol1 else (tol1 if step > 0 else -tol1))
        fu = function(u)
        if fu <= fx:
            if u >= x:
                a = x
            else:
                b = x
            v, fv, w, fw, x, fx = w, fw, x, fx, u, fu
        else:
            if u < x:
                a = u
            else:
                b = u
            if fu <= fw or w == x:
                v, fv, w, fw = w, fw, u, fu
            elif fu <= fv or v in (x, w):
                v, fv = u, fu
    return float(x)


def benjamini_hochberg(pvalues: Sequence[float]) -> list[float]:
    """False-discovery-rate adjusted p-values (``q``), Benjamini–Hochberg."""
    if len(pvalues) == 0:
        return []
    p = np.asarray(pvalues, dtype=float)
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    stepped = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    q = np.empty_like(p)
    q[order] = stepped
    return [float(value) for value in q]

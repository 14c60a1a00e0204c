"""The statistics every answer rests on: regression with AR(1) errors on a calendar with gaps, and the
Benjamini–Hochberg correction (``regression``); Student's t tails and quantiles (``student_t``).

Kept apart from ``diary.analysis`` so that a trial's figures load them without the whole analysis; numpy is
all they need.
"""

from .regression import AR1Fit, Coefficient, benjamini_hochberg, fit_ar1_regression, whiten
from .student_t import t_quantile, t_tail

__all__ = [
    "AR1Fit",
    "Coefficient",
    "benjamini_hochberg",
    "fit_ar1_regression",
    "t_quantile",
    "t_tail",
    "whiten",
]

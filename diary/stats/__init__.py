"""The statistics every answer rests on: regression with AR(1) errors on a calendar with gaps, and the
Benjamini–Hochberg correction (``regression``); Student's t tails and quantiles (``student_t``); and the one
level every finding is judged at (``ALPHA``).

Kept apart from ``diary.analysis`` so that a trial's figures load them without the whole analysis. Importing
the package loads neither module, so that ``ALPHA`` costs nothing to read; the two need numpy alone.
"""

ALPHA = 0.05
"""The level every finding is judged at: 95 % intervals, and a q- or p-value below it (factors, lags, switches, trials)."""

"""The statistics every answer rests on: regression with AR(1) errors on a calendar with gaps, and the
Benjamini–Hochberg correction (``regression``); Student's t tails and quantiles (``student_t``).

Kept apart from ``diary.analysis`` so that a trial's figures load them without the whole analysis.
"""

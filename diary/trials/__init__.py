"""Self-experiments: plan, follow and judge a randomised trial of two conditions (DESIGN "Self-experiments")."""

from .judge import trial_result
from .limits import TrialError
from .plan import Night, Trial, new_trial, night_on, schedule
from .power import Noise, detectable, diary_noise, options, suggested_pairs
from .result import TrialResult

__all__ = [
    "Night",
    "Noise",
    "Trial",
    "TrialError",
    "TrialResult",
    "detectable",
    "diary_noise",
    "new_trial",
    "night_on",
    "options",
    "schedule",
    "suggested_pairs",
    "trial_result",
]

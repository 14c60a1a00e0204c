"""Self-experiments: plan, follow and judge a randomised trial of two conditions (DESIGN "Self-experiments")."""

from .judge import trial_result
from .limits import TrialError
from .noise import Noise, diary_noise
from .plan import Night, Trial, new_trial, night_on, schedule
from .power import detectable, options, suggested_pairs
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

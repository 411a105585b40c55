"""The eligibility engine: why a person or unit does or does not qualify, check by check."""

from awards.eligibility.engine import evaluate, evaluate_each, evaluate_many, quota_check
from awards.eligibility.verdict import FAIL, PASS, UNKNOWN, Check, EligibilityError, Verdict

__all__ = [
    "FAIL",
    "PASS",
    "UNKNOWN",
    "Check",
    "EligibilityError",
    "Verdict",
    "evaluate",
    "evaluate_each",
    "evaluate_many",
    "quota_check",
]

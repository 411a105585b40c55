"""The shape of an eligibility verdict: one check per criterion, each explained and cited."""

from dataclasses import dataclass, field

PASS = "pass"
FAIL = "fail"
UNKNOWN = "unknown"

TO_CONFIRM_SUFFIX = " (cần xác minh / to confirm)"


class EligibilityError(Exception):
    """Refuse a request the engine cannot judge (unknown code, wrong nominee, no rule set)."""

    def __init__(self, message_vi, message_en):
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(f"{message_vi} / {message_en}")


def combine(statuses):
    """Return the status of alternatives: one passing suffices, else unknown, else fail."""
    statuses = list(statuses)
    if PASS in statuses:
        return PASS
    if UNKNOWN in statuses:
        return UNKNOWN
    return FAIL


@dataclass
class Check:
    """One criterion of a title: its status, why, under which article, from which data.

    Checks that share a `group` are alternatives (the law's "one of the following"): the group
    passes when one of them passes.
    """

    code: str
    status: str
    message_vi: str
    message_en: str
    citation: str
    evidence: list[str] = field(default_factory=list)
    group: str = ""

    def message(self, language="vi"):
        """Return the message in a language ("en…" gives English, anything else Vietnamese)."""
        return self.message_en if (language or "vi").startswith("en") else self.message_vi

    def as_dict(self):
        return {
            "code": self.code,
            "status": self.status,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "citation": self.citation,
            "evidence": list(self.evidence),
            "group": self.group or None,
        }


@dataclass
class Verdict:
    """The checks of one nominee for one title or form in one year, under one rule set."""

    award: object
    year: int
    rule_set: object
    nominee: object = None
    checks: list[Check] = field(default_factory=list)

    @property
    def groups(self):
        """Return {group: combined status} of the alternatives, in the order they appear."""
        found = {}
        for check in self.checks:
            if check.group:
                found.setdefault(check.group, []).append(check.status)
        return {group: combine(statuses) for group, statuses in found.items()}

    @property
    def eligible(self):
        """Return True when every criterion passes, False when one fails, None when data is
        missing. A group of alternatives counts as one criterion (see `combine`)."""
        statuses = {check.status for check in self.checks if not check.group}
        statuses |= set(self.groups.values())
        if FAIL in statuses:
            return False
        if UNKNOWN in statuses:
            return None
        return True

    def check(self, code):
        """Return the check with a code, or None."""
        return next((c for c in self.checks if c.code == code), None)

    def as_dict(self):
        return {
            "eligible": self.eligible,
            "title": self.award.code,
            "year": self.year,
            "rule_set": self.rule_set.code,
            "checks": [check.as_dict() for check in self.checks],
            "alternatives": self.groups,
        }

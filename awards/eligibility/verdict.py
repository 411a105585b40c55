"""The shape of an eligibility verdict: one check per criterion, each explained and cited."""

from dataclasses import dataclass, field

from django.utils import translation

PASS = "pass"
FAIL = "fail"
UNKNOWN = "unknown"


def render(message, language):
    """Return a lazy message as it reads in a language ("en…" gives English, else Vietnamese)."""
    with translation.override("en" if (language or "vi").startswith("en") else "vi"):
        return str(message)


class EligibilityError(Exception):
    """Refuse a request the engine cannot judge (unknown code, wrong nominee, no rule set).

    `text` is lazy: the error reads in the language active where it is shown.
    """

    def __init__(self, text):
        self.text = text
        super().__init__(text)

    def __str__(self):
        return str(self.text)

    @property
    def message_vi(self):
        return render(self.text, "vi")

    @property
    def message_en(self):
        return render(self.text, "en")


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

    The message (`text`), the citation and each evidence item are lazy strings (see
    `awards.eligibility.text`): they read in the language active wherever they are shown.

    Checks that share a `group` are alternatives (the law's "one of the following"): the group
    passes when one of them passes.
    """

    code: str
    status: str
    text: str
    citation: str
    evidence: list[str] = field(default_factory=list)
    group: str = ""

    @property
    def message_vi(self):
        return self.message("vi")

    @property
    def message_en(self):
        return self.message("en")

    def message(self, language="vi"):
        """Return the message in a language ("en…" gives English, anything else Vietnamese)."""
        return render(self.text, language)

    def as_dict(self):
        """Return the check for JSON: the message in both languages, the rest in the active one."""
        return {
            "code": self.code,
            "status": self.status,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "citation": str(self.citation),
            "evidence": [str(item) for item in self.evidence],
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
    # The Rule rows the checks read, in the order first read (see RuleSet.recording).
    rules: list = field(default_factory=list)

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
            "rules": [rule.key for rule in self.rules],
        }

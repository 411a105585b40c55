"""The rules a council's vote is counted against, by the rule set of the year considered."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import (
    CouncilSession,
    Rule,
    RuleSet,
)

MANAGE_DENIED = gettext_lazy("Only the emulation officer keeps the council's members.")

# The rule each award's vote is counted against; an award not named here, or a rule set without
# its rule, needs more than half of the members (council.majority_percent).
VOTE_RULES = {
    "CSTD_TINH": "council.vote_percent_cstd_tinh",
    "CSTD_TQ": "council.vote_percent_cstd_tinh",
    "CSTDCS": "council.vote_percent_cstdcs",
    "CO_TINH": "council.vote_percent_flag",
    "CO_CP": "council.vote_percent_flag",
}
MAJORITY_RULE = "council.majority_percent"
QUORUM_RULE = "council.quorum_fraction"
QUOTA_AWARD = "CSTDCS"


# --- the rule a vote is counted against -------------------------------------------------------


@dataclass(frozen=True)
class VoteRule:
    rule: Rule
    strict: bool

    @property
    def percent(self) -> Decimal:
        return self.rule.value

    def passes(self, agree: int, members: int) -> bool:
        """True when the agree votes reach the rule's share of the total membership."""
        if members <= 0:
            return False
        if self.strict:
            return agree * 100 > self.percent * members
        return agree * 100 >= self.percent * members

    def needed(self, members: int) -> int:
        """Return the fewest agree votes that pass with this many members."""
        return next(
            (agree for agree in range(members + 1) if self.passes(agree, members)), members + 1
        )


def vote_rule(rule_set: RuleSet, award_code: str) -> VoteRule:
    """Return the rule of the rule set an award's vote is counted against."""
    key = VOTE_RULES.get(award_code)
    if key is not None:
        try:
            return VoteRule(rule_set.rule(key), strict=False)
        except KeyError:
            pass
    try:
        return VoteRule(rule_set.rule(MAJORITY_RULE), strict=True)
    except KeyError:
        raise ValidationError(
            _("The rule set %(rule_set)s has no council vote rule for %(award)s.")
            % {"rule_set": rule_set.code, "award": award_code}
        ) from None


def rule_set_of(session: CouncilSession) -> RuleSet:
    rule_set = RuleSet.objects.prefetch_related("rules").for_year(session.year)
    if rule_set is None:
        raise ValidationError(
            _("No rule set judges %(year)s: the vote cannot be counted.") % {"year": session.year}
        )
    return rule_set

"""Judge a person or a unit against a title or form of commendation in a year: the entry points.

Every threshold is read from the rule set in force for the year (awards.models.Rule). The checks
live in `person.py` and `unit.py`, what they share (context, citations, evidence strings) in
`common.py`; this module picks the handler for a code, loads the rule set and the facts, and
decides a batch's CSTĐCS quota. A few criteria are not thresholds and have no Rule row yet; they
are kept as named constants next to the checks that use them, and those checks say so in their
citation: which rule sets demand an initiative for CSTĐCS, how far back an initiative may be
recognised, and the wording of the law's article where a check has no Rule row (taken from the
catalogue's legal basis). Registration, a basis of every emulation title under the 2003 law,
is checked here for the titles, before the title's own checks.
"""

from django.utils.translation import gettext_lazy as _

from awards.eligibility import facts as data
from awards.eligibility.common import (
    LEVEL_RANK,
    Context,
    award_name,
    check_registration,
    cite_award,
)
from awards.eligibility.person import (
    check_quota_batch,
    person_bang_khen_tinh,
    person_bang_khen_ttg,
    person_cstd_tinh,
    person_cstd_tq,
    person_cstdcs,
    person_giay_khen,
    person_ldtt,
)
from awards.eligibility.text import text
from awards.eligibility.unit import (
    unit_bang_khen_tinh,
    unit_bang_khen_ttg,
    unit_giay_khen_tt,
    unit_ttldtt,
    unit_ttldxs,
)
from awards.eligibility.verdict import PASS, Check, EligibilityError, Verdict
from awards.models import Award, RuleSet
from organizations.models import Person, Unit

# LEVEL_RANK is re-exported: rule values name rating levels by it (see 0005_more_rules).
__all__ = [
    "LEVEL_RANK",
    "PERSON_TITLES",
    "UNIT_TITLES",
    "evaluate",
    "evaluate_each",
    "evaluate_many",
    "load_rule_set",
    "quota_check",
]

PERSON_TITLES = {
    "LDTT": person_ldtt,
    "CSTDCS": person_cstdcs,
    "CSTD_TINH": person_cstd_tinh,
    "CSTD_TQ": person_cstd_tq,
    "GIAY_KHEN": person_giay_khen,
    "BANG_KHEN_TINH": person_bang_khen_tinh,
    "BANG_KHEN_TTG": person_bang_khen_ttg,
}
UNIT_TITLES = {
    "TTLDTT": unit_ttldtt,
    "TTLDXS": unit_ttldxs,
    "GIAY_KHEN_TT": unit_giay_khen_tt,
    "BANG_KHEN_TINH_TT": unit_bang_khen_tinh,
    "BANG_KHEN_TTG_TT": unit_bang_khen_ttg,
}


# --- entry points ----------------------------------------------------------------------------


def load_rule_set(year):
    found = RuleSet.objects.for_year(year)
    if found is None:
        raise EligibilityError(text(_("No rule set applies to the year %(year)s."), year=year))
    # Load the rules once; rule(key) iterates the prefetched rows.
    return RuleSet.objects.prefetch_related("rules").get(pk=found.pk)


def _award_for(title_code, award, is_person):
    """Return the award a code names, if the engine judges it for this kind of nominee."""
    if award is None:
        raise EligibilityError(
            text(
                _("There is no title or form of commendation with the code “%(code)s”."),
                code=title_code,
            )
        )
    if is_person is None:
        raise EligibilityError(_("The nominee must be a person or a unit."))
    wants = Award.Subject.PERSON if is_person else Award.Subject.COLLECTIVE
    if award.subject != wants:
        if is_person:
            message = _("“%(award)s” is for a collective, not for a person.")
        else:
            message = _("“%(award)s” is for a person, not for a collective.")
        raise EligibilityError(text(message, award=award_name(award)))
    if award.code not in (PERSON_TITLES if is_person else UNIT_TITLES):
        if award.is_title:
            message = _("The engine does not judge the title “%(award)s” (%(code)s) yet.")
        else:
            message = _(
                "The engine does not judge the form of commendation “%(award)s” (%(code)s) yet."
            )
        raise EligibilityError(text(message, award=award_name(award), code=award.code))
    return award


def evaluate_many(nominee, title_codes, year, *, batch=None):
    """Return {code: Verdict, or the EligibilityError that refuses it} for several codes.

    The awards, the rule set and the nominee's records are loaded once for all the codes, so a
    page judging a person for every title costs what judging one title costs, plus the checks.
    """
    return _Judging(year, title_codes).verdicts(nominee, title_codes, batch)


def evaluate_each(cases, year):
    """Return the result of each `(nominee, code, batch)` case, in order: a Verdict, or the
    EligibilityError that refuses it (`batch` as for `evaluate`).

    The awards, the rule set and the records of every person among the nominees are loaded
    once for all the cases, so a unit's page judging thirty dossiers costs what judging one
    costs, plus the checks (a unit nominee's members are loaded unit by unit).
    """
    cases = list(cases)
    people = [nominee for nominee, _code, _batch in cases if isinstance(nominee, Person)]
    judging = _Judging(year, [code for _nominee, code, _batch in cases], people)
    return [judging.verdicts(nominee, [code], batch)[code] for nominee, code, batch in cases]


class _Judging:
    """What judging in a year shares between nominees: the awards named, the year's rule set
    (loaded when first needed) and the people's records (`facts.load_people`)."""

    def __init__(self, year, title_codes, people=()):
        self.year = int(year)
        codes = {(raw or "").strip().upper() for raw in title_codes}
        self.awards = {award.code: award for award in Award.objects.filter(code__in=codes)}
        self.rule_set = None
        self.people = data.load_people(people) if people else {}
        self.counted = {}  # figures the checks share, such as a unit's advanced workers

    def facts(self, nominee, is_person):
        if not is_person:
            return data.load_unit(nominee, self.year)
        if nominee.pk not in self.people:
            self.people.update(data.load_people([nominee]))
        return self.people[nominee.pk]

    def verdicts(self, nominee, title_codes, batch):
        if isinstance(nominee, Person):
            is_person = True
        elif isinstance(nominee, Unit):
            is_person = False
        else:
            is_person = None
        year = self.year
        results, facts = {}, None
        for raw in title_codes:
            code = (raw or "").strip().upper()
            try:
                award = _award_for(raw, self.awards.get(code), is_person)
                if self.rule_set is None:
                    self.rule_set = load_rule_set(year)
                if facts is None:
                    facts = self.facts(nominee, is_person)
            except EligibilityError as error:
                results[raw] = error
                continue
            rule_set = self.rule_set
            handler = (PERSON_TITLES if is_person else UNIT_TITLES)[award.code]
            ctx = Context(
                award,
                year,
                rule_set,
                facts,
                batch=batch if is_person else None,
                counted=self.counted,
            )
            with rule_set.recording() as rules_read:
                # Registration is a basis of every emulation title under the 2003 law, never of
                # a form of commendation (check_registration says when it applies).
                checks = (check_registration(ctx) if award.is_title else []) + handler(ctx)
            results[raw] = Verdict(
                award=award,
                year=year,
                rule_set=rule_set,
                nominee=nominee,
                checks=checks,
                rules=list(rules_read.values()),
            )
        return results


def evaluate(nominee, title_code, year, *, batch=None):
    """Return the verdict on a person or unit for a title or form in a year.

    `batch` is an optional `(unit, nominees)` pair: the CSTĐCS nominees of a unit judged
    together. When given, a rule set with a CSTĐCS quota decides it with `quota_check` on that
    batch (the nominee added when missing); without it, the quota check stays unknown.

    Raise EligibilityError for an unknown code, a code the engine does not judge, a title meant
    for the other kind of nominee, or a year with no rule set.
    """
    result = evaluate_many(nominee, [title_code], year, batch=batch)[title_code]
    if isinstance(result, EligibilityError):
        raise result
    return result


def quota_check(unit, year, nominees):
    """Return the batch check of a list of CSTĐCS nominees against the unit's quota.

    The quota (Nghị định 91/2017 Khoản 3 Điều 9) counts the advanced workers (LĐTT recorded for
    the year) of the unit and every unit below it. A rule set without a quota passes any batch.
    """
    rule_set = load_rule_set(int(year))
    nominees = list(nominees)
    try:
        rule_set.rule("cstdcs.quota_percent_of_ldtt")
    except KeyError:
        award = Award.objects.get(code="CSTDCS")
        return Check(
            "quota",
            PASS,
            text(
                _(
                    "The rule set %(rule_set)s sets no quota on grassroots emulation fighters "
                    "(%(count)s nominated)."
                ),
                rule_set=rule_set.code,
                count=len(nominees),
            ),
            cite_award(rule_set, award),
        )
    return check_quota_batch(rule_set, unit, year, nominees)

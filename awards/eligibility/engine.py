"""Judge a person or a unit against a title or form of commendation in a year: the entry points.

Every threshold is read from the rule set in force for the year (awards.models.Rule). The checks
live in `person.py` and `unit.py`, what they share (context, citations, evidence strings) in
`common.py`; this module picks the handler for a code, loads the rule set and the facts, and
decides a batch's CSTĐCS quota. A few criteria are not thresholds and have no Rule row yet; they
are kept as named constants next to the checks that use them, and those checks say so in their
citation: which rule sets demand an initiative for CSTĐCS, how far back an initiative may be
recognised, and the wording of the law's article where a check has no Rule row (taken from the
catalogue's legal basis).
"""

from awards.eligibility import facts as data
from awards.eligibility.common import LEVEL_RANK, Context, cite_award
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
from awards.eligibility.unit import (
    unit_bang_khen_tinh,
    unit_bang_khen_ttg,
    unit_ttldtt,
    unit_ttldxs,
)
from awards.eligibility.verdict import PASS, Check, EligibilityError, Verdict
from awards.models import Award, RuleSet
from organizations.models import Person, Unit

# LEVEL_RANK is re-exported: rule values name rating levels by it (see 0005_more_rules).
__all__ = ["LEVEL_RANK", "PERSON_TITLES", "UNIT_TITLES", "evaluate", "load_rule_set", "quota_check"]

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
    "BANG_KHEN_TINH_TT": unit_bang_khen_tinh,
    "BANG_KHEN_TTG_TT": unit_bang_khen_ttg,
}


# --- entry points ----------------------------------------------------------------------------


def load_rule_set(year):
    found = RuleSet.objects.for_year(year)
    if found is None:
        raise EligibilityError(
            f"Không có bộ quy định nào áp dụng cho năm {year}.",
            f"No rule set applies to the year {year}.",
        )
    # Load the rules once; rule(key) iterates the prefetched rows.
    return RuleSet.objects.prefetch_related("rules").get(pk=found.pk)


def evaluate(nominee, title_code, year, *, batch=None):
    """Return the verdict on a person or unit for a title or form in a year.

    `batch` is an optional `(unit, nominees)` pair: the CSTĐCS nominees of a unit judged
    together. When given, a rule set with a CSTĐCS quota decides it with `quota_check` on that
    batch (the nominee added when missing); without it, the quota check stays unknown.

    Raise EligibilityError for an unknown code, a code the engine does not judge, a title meant
    for the other kind of nominee, or a year with no rule set.
    """
    code = (title_code or "").strip().upper()
    award = Award.objects.filter(code=code).first()
    if award is None:
        raise EligibilityError(
            f"Không có danh hiệu hay hình thức khen thưởng mã “{title_code}”.",
            f"There is no title or form of commendation with the code “{title_code}”.",
        )
    is_person = isinstance(nominee, Person)
    if not is_person and not isinstance(nominee, Unit):
        raise EligibilityError(
            "Đối tượng xét phải là một cá nhân hoặc một đơn vị.",
            "The nominee must be a person or a unit.",
        )
    wants = Award.Subject.PERSON if is_person else Award.Subject.COLLECTIVE
    if award.subject != wants:
        raise EligibilityError(
            f"“{award.name_vi}” dành cho "
            + (
                "tập thể, không xét cho cá nhân."
                if is_person
                else "cá nhân, không xét cho tập thể."
            ),
            f"“{award.name_en}” is for a "
            + ("collective, not for a person." if is_person else "person, not for a collective."),
        )
    handlers = PERSON_TITLES if is_person else UNIT_TITLES
    handler = handlers.get(award.code)
    if handler is None:
        kind_vi = "danh hiệu" if award.is_title else "hình thức khen thưởng"
        kind_en = "title" if award.is_title else "form of commendation"
        raise EligibilityError(
            f"Chưa xét tự động được {kind_vi} “{award.name_vi}” ({award.code}).",
            f"The engine does not judge the {kind_en} “{award.name_en}” ({award.code}) yet.",
        )
    rule_set = load_rule_set(int(year))
    facts = data.load_person(nominee) if is_person else data.load_unit(nominee, int(year))
    ctx = Context(award, int(year), rule_set, facts, batch=batch if is_person else None)
    return Verdict(
        award=award, year=int(year), rule_set=rule_set, nominee=nominee, checks=handler(ctx)
    )


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
            f"Bộ quy định {rule_set.code} không giới hạn tỷ lệ Chiến sĩ thi đua cơ sở "
            f"({len(nominees)} đề nghị).",
            f"The rule set {rule_set.code} sets no quota on grassroots emulation fighters "
            f"({len(nominees)} nominated).",
            cite_award(rule_set, award),
        )
    return check_quota_batch(rule_set, unit, year, nominees)

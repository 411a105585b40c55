"""Pages of eligibility: "what could this person / unit get this year"."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from awards.eligibility.batch import cstdcs_batch
from awards.models import RuleSet
from awards.selectors import kept_judgement
from awards.verdicts import verdict_rows
from organizations.access import get_for_user
from organizations.models import Person, Unit

# --- eligibility pages: "what could this person / unit get this year" --------------------------

PERSON_TITLE_CODES = (
    "LDTT",
    "CSTDCS",
    "CSTD_TINH",
    "CSTD_TQ",
    "GIAY_KHEN",
    "BANG_KHEN_TINH",
    "BANG_KHEN_TTG",
)
UNIT_TITLE_CODES = ("TTLDTT", "TTLDXS", "GIAY_KHEN_TT", "BANG_KHEN_TINH_TT", "BANG_KHEN_TTG_TT")
# The units whose head decides grassroots titles for their staff and the units below them.


def _rule_set_covering(rule_sets, year):
    """Return the rule set in force on 31 December of the year, as RuleSet.objects.for_year."""
    day = datetime.date(year, 12, 31)
    found = [
        rs
        for rs in rule_sets
        if rs.effective_from <= day and (rs.effective_to is None or rs.effective_to >= day)
    ]
    return max(found, key=lambda rs: rs.effective_from, default=None)


def _judged_year(request, rated_years=()):
    """Return (year, rule set or None, message or "", years to choose from) for the page.

    The default is the latest past year a rule set covers and the nominee was rated for (its
    `rated_years`), else the latest past year a rule set covers: the current year is judged
    only after its year-end review, and a year without a rating has nothing to judge.
    """
    rule_sets = list(RuleSet.objects.all())
    this_year = timezone.localdate().year
    first = min((rs.effective_from.year for rs in rule_sets), default=this_year - 1)
    years = list(range(this_year, first - 1, -1))
    judged = [y for y in range(this_year - 1, first - 1, -1) if _rule_set_covering(rule_sets, y)]
    rated = set(rated_years)
    default = next((y for y in judged if y in rated), judged[0] if judged else this_year - 1)
    raw = request.GET.get("year", "").strip()
    if not raw:
        year = default
    else:
        try:
            year = int(raw)
        except ValueError:
            return default, None, _("“%(value)s” is not a year.") % {"value": raw}, years
        if not 1900 <= year <= this_year:
            return (
                year,
                None,
                _("%(year)s cannot be judged: choose a year up to %(this_year)s.")
                % {"year": year, "this_year": this_year},
                years,
            )
    rule_set = _rule_set_covering(rule_sets, year)
    if rule_set is None:
        return (
            year,
            None,
            _("No rule set applies to the year %(year)s, so it cannot be judged.") % {"year": year},
            years,
        )
    return year, rule_set, "", years


def _cstdcs_batch(request, person, year):
    """Return the CSTĐCS quota batch with the people the reader may see named, or None."""
    found = cstdcs_batch(person, year)
    if found is None:
        return None
    unit, nominees = found
    # Name only the people the reader may see; the others are counted.
    visible = set(
        Person.objects.visible_to(request.user)
        .filter(pk__in=[n.pk for n in nominees])
        .values_list("pk", flat=True)
    )
    return {
        "unit": unit,
        "nominees": nominees,
        "named": [n for n in nominees if n.pk in visible],
        "hidden": sum(1 for n in nominees if n.pk not in visible),
    }


def _verdict_cards(request, nominee, year: int, judge) -> str:
    """Return the verdict cards of the nominee for the year, drawn from `judge()` (the cards'
    context): kept as the engine's judgements are, for the language and the reader (whose scope
    names the CSTĐCS batch and whose rights show the evidence)."""
    return kept_judgement(
        f"verdict-cards:{nominee._meta.model_name}:{nominee.pk}:{year}"
        f":{get_language()}:{request.user.pk}",
        lambda: render_to_string("awards/_verdict_cards.html", judge(), request=request),
    )


@login_required
@require_GET
def person_eligibility(request, code):
    person = get_for_user(request, Person.objects.select_related("unit"), code=code)
    year, rule_set, message, years = _judged_year(
        request, person.ratings.values_list("year", flat=True)
    )

    def judge():
        batch = _cstdcs_batch(request, person, year)
        verdicts = verdict_rows(
            person,
            PERSON_TITLE_CODES,
            year,
            batch=(batch["unit"], batch["nominees"]) if batch else None,
        )
        hide = not request.user.has_perm("organizations.view_personal_data", person)
        return {
            "verdicts": verdicts,
            "batch": batch,
            "year": year,
            "hide_evidence": hide,
            "nominee_name": person.full_name,
        }

    return render(
        request,
        "awards/eligibility_person.html",
        {
            "person": person,
            # One's own page speaks to its reader ("you"), not of "this person".
            "is_self": person.user_id is not None and person.user_id == request.user.pk,
            "year": year,
            "years": years,
            "rule_set": rule_set,
            "message": message,
            "cards": _verdict_cards(request, person, year, judge) if rule_set else "",
        },
    )


@login_required
@require_GET
def unit_eligibility(request, code):
    unit = get_for_user(request, Unit, code=code)
    year, rule_set, message, years = _judged_year(
        request, unit.ratings.values_list("year", flat=True)
    )

    def judge():
        return {"verdicts": verdict_rows(unit, UNIT_TITLE_CODES, year), "year": year}

    return render(
        request,
        "awards/eligibility_unit.html",
        {
            "unit": unit,
            "year": year,
            "years": years,
            "rule_set": rule_set,
            "message": message,
            "cards": _verdict_cards(request, unit, year, judge) if rule_set else "",
        },
    )

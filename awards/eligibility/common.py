"""What the person and unit checks share: the evaluation context, citations, formatting, the
words a sentence names ratings, disciplines, leave and reviews with, and the evidence strings."""

from decimal import Decimal

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from awards.eligibility.text import join, text
from awards.eligibility.verdict import FAIL, PASS, Check
from awards.models import RegistrationList
from organizations.models import AnnualRating, DisciplineRecord, LeaveRecord, PendingReview

# The rule every rule set has whose document names the law of the set (for citations).
LAW_RULE_KEY = "ttldtt.min_percent_ldtt"
# Whether an emulation title needs the nominee's registration for the year (1 under the 2003
# law, Điểm b Khoản 1 Điều 10; 0 under the 2022 law, whose Điều 7 no longer lists it).
REGISTRATION_RULE_KEY = "title.registration_required"

# How a sentence names ratings, discipline forms, leave and review kinds. The models' labels are
# for lists and forms: capitalised, and in English glossed with the Vietnamese term.
Level = AnnualRating.Level
RATING = {
    Level.EXCELLENT: pgettext_lazy("rating level", "excellently completed duties"),
    Level.GOOD: pgettext_lazy("rating level", "well completed duties"),
    Level.COMPLETED: pgettext_lazy("rating level", "completed duties"),
    Level.NOT_COMPLETED: pgettext_lazy("rating level", "did not complete duties"),
}
# Rule values that name a rating level (e.g. `ttldtt.min_unit_rating` = 2: good or better).
LEVEL_RANK = {Level.NOT_COMPLETED: 0, Level.COMPLETED: 1, Level.GOOD: 2, Level.EXCELLENT: 3}
RANK_LEVEL = {rank: level for level, rank in LEVEL_RANK.items()}
Form = DisciplineRecord.Form
DISCIPLINE = {
    Form.REPRIMAND: pgettext_lazy("discipline form", "reprimand"),
    Form.WARNING: pgettext_lazy("discipline form", "warning"),
    Form.SALARY_DOWNGRADE: pgettext_lazy("discipline form", "salary downgrade"),
    Form.DEMOTION: pgettext_lazy("discipline form", "demotion"),
    Form.REMOVAL: pgettext_lazy("discipline form", "removal from office"),
    Form.DISMISSAL: pgettext_lazy("discipline form", "dismissal"),
}
Leave = LeaveRecord.Kind
LEAVE = {
    Leave.MATERNITY: pgettext_lazy("leave kind", "maternity leave"),
    Leave.SICK: pgettext_lazy("leave kind", "sick leave"),
    Leave.UNPAID: pgettext_lazy("leave kind", "unpaid leave"),
    Leave.TRAINING: pgettext_lazy("leave kind", "short training course"),
    Leave.OTHER: pgettext_lazy("leave kind", "other leave"),
}
Review = PendingReview.Kind
REVIEW = {
    Review.DISCIPLINE: pgettext_lazy("review kind", "discipline under consideration"),
    Review.INSPECTION: pgettext_lazy("review kind", "investigation or inspection"),
    Review.COMPLAINT: pgettext_lazy("review kind", "complaint or denunciation being verified"),
}
# An initiative's scope inside "of … scope or wider".
SCOPE = {
    "unit": pgettext_lazy("initiative scope", "unit"),
    "province": pgettext_lazy("initiative scope", "province-wide"),
    "nation": pgettext_lazy("initiative scope", "nationwide"),
}


# --- citations -------------------------------------------------------------------------------


def to_confirm(citation):
    """Return a citation marked as not confirmed in a primary text, in the reader's language."""
    return text(_("%(citation)s (to confirm)"), citation=citation)


def cite(rule):
    """Return a rule's citation, marked when its value was not confirmed in a primary text."""
    return to_confirm(rule.citation) if rule.to_confirm else rule.citation


def cite_award(rule_set, award):
    """Return the article of the law of the rule set that defines the award.

    The catalogue cites the 2022 law. Under a rule set of another law (the 2003 law) the same
    article number is cited in that law, marked to confirm: the numbering was not read there.
    """
    document, _comma, article = award.legal_basis.rpartition(", ")
    if not article.startswith("Điều"):
        return award.legal_basis
    try:
        law = rule_set.rule(LAW_RULE_KEY, record=False).document
    except KeyError:
        return f"{article}, {document}"
    if law.replace("số ", "") == document.replace("số ", ""):
        return f"{article}, {document}"
    return to_confirm(f"{article}, {law}")


def fmt_date(day):
    return day.strftime("%d/%m/%Y") if day else "…"


def pct(part, whole):
    return Decimal(part * 100) / Decimal(whole) if whole else Decimal(0)


def fmt_num(value):
    """Return a threshold without trailing zeros and without an exponent (70, 66.67)."""
    return f"{value.normalize():f}"


def fmt_pct(value):
    return f"{value.quantize(Decimal('0.1'))} %"


# --- evidence strings ------------------------------------------------------------------------


def rating_evidence(year, level):
    return text(_("Rating %(year)s: %(level)s"), year=year, level=RATING[level])


def discipline_evidence(record):
    period = {"start": fmt_date(record.start_date), "end": fmt_date(record.end_date)}
    if record.decision_number:
        return text(
            _("Discipline: %(form)s (%(decision)s), %(start)s–%(end)s"),
            form=DISCIPLINE[record.form],
            decision=record.decision_number,
            **period,
        )
    return text(
        _("Discipline: %(form)s, %(start)s–%(end)s"), form=DISCIPLINE[record.form], **period
    )


def initiative_evidence(initiative):
    return text(
        _("Initiative «%(title)s», decision %(number)s %(date)s (%(by)s), %(scope)s scope"),
        title=initiative.title,
        number=initiative.decision_number,
        date=fmt_date(initiative.decision_date),
        by=initiative.recognised_by,
        scope=SCOPE[initiative.scope],
    )


def review_evidence(review):
    reference = f" ({review.reference})" if review.reference else ""
    closed = fmt_date(review.closed_on) if review.closed_on else _("still open")
    return text(
        "%(kind)s%(reference)s: %(opened)s–%(closed)s",
        kind=REVIEW[review.kind],
        reference=reference,
        opened=fmt_date(review.opened_on),
        closed=closed,
    )


def award_evidence(record):
    return text(
        _("%(code)s %(year)s: decision %(number)s %(date)s (%(issuer)s)"),
        code=record.award.code,
        year=record.year,
        number=record.decision_number,
        date=fmt_date(record.decision_date),
        issuer=record.issuer,
    )


def award_name(award):
    """Return the catalogue name of an award in the reader's language, when read."""
    return lazy(lambda: award.name, str)()


REGISTRATION_LIST_STATUS = {
    RegistrationList.Status.DRAFT: pgettext_lazy("registration list", "draft"),
    RegistrationList.Status.SUBMITTED: pgettext_lazy("registration list", "submitted"),
    RegistrationList.Status.APPROVED: pgettext_lazy("registration list", "approved"),
    RegistrationList.Status.RETURNED: pgettext_lazy("registration list", "returned"),
}


def registration_evidence(registration):
    return text(
        _("Registration %(year)s: %(title)s (list: %(status)s)"),
        year=registration.year,
        title=award_name(registration.award),
        status=REGISTRATION_LIST_STATUS[registration.registration_list.status],
    )


def unit_rating_evidence(year, level):
    return text(_("Collective rating %(year)s: %(level)s"), year=year, level=RATING[level])


# --- the evaluation context ------------------------------------------------------------------


class Context:
    """What one evaluation needs: the award, the year, the rule set and the loaded facts;
    `counted` keeps figures several evaluations of one page share (a unit's advanced workers)."""

    def __init__(self, award, year, rule_set, facts, batch=None, counted=None):
        self.award = award
        self.year = year
        self.rule_set = rule_set
        self.facts = facts
        self.batch = batch
        self.counted = {} if counted is None else counted

    def rule(self, key):
        return self.rule_set.rule(key)

    def has(self, key):
        """Tell whether the rule set has a rule (some criteria exist under one law only)."""
        try:
            self.rule_set.rule(key)
        except KeyError:
            return False
        return True

    @property
    def award_citation(self):
        return cite_award(self.rule_set, self.award)


def rating_window(ctx, n):
    """Return the n years that end with the year judged, oldest first."""
    return list(range(ctx.year - n + 1, ctx.year + 1))


def check_holds_certificate(held, latest_year, rule):
    """Return the check that one of the records (valid provincial certificates of merit of the
    nominee, oldest first) is of latest_year or before."""
    early = [r for r in held if r.year <= latest_year]
    if early:
        record = early[-1]
        return Check(
            "holds_bang_khen_tinh",
            PASS,
            text(
                _(
                    "Holds the provincial certificate of merit of %(year)s (%(latest)s or "
                    "earlier needed)."
                ),
                year=record.year,
                latest=latest_year,
            ),
            cite(rule),
            [award_evidence(r) for r in early],
        )
    later = [r for r in held if r.year > latest_year]
    if later:
        message = text(
            ngettext_lazy(
                "No provincial certificate of merit of %(latest)s or earlier (the one of "
                "%(years)s is too recent).",
                "No provincial certificate of merit of %(latest)s or earlier (the ones of "
                "%(years)s are too recent).",
                "count",
            ),
            count=len(later),
            latest=latest_year,
            years=", ".join(str(r.year) for r in later),
        )
    else:
        message = text(
            _("No provincial certificate of merit of %(latest)s or earlier."), latest=latest_year
        )
    return Check(
        "holds_bang_khen_tinh", FAIL, message, cite(rule), [award_evidence(r) for r in later]
    )


def check_registration(ctx):
    """Return [the check "registered to take part in the emulation of the year"], or [] when the
    rule set does not make registration a basis of the titles (the 2022 law).

    Under the 2003 law (Điểm b Khoản 1 Điều 10, as amended in 2013) "đăng ký tham gia thi đua" is
    one of the bases for any emulation title: the nominee must have registered for the year. Any
    title registered shows that it took part, on a list in any state (the list's state is shown).
    Forms of commendation never need a registration; the caller judges titles only.
    """
    try:
        required = ctx.rule_set.rule(REGISTRATION_RULE_KEY, record=False).value >= 1
    except KeyError:
        return []
    if not required:
        return []
    rule = ctx.rule(REGISTRATION_RULE_KEY)
    found = [r for r in ctx.facts.registrations if r.year == ctx.year]
    if not found:
        return [
            Check(
                "registration",
                FAIL,
                text(
                    _(
                        "No registration to take part in the emulation of %(year)s is recorded; "
                        "under the 2003 law an emulation title is considered only for those who "
                        "registered."
                    ),
                    year=ctx.year,
                ),
                cite(rule),
            )
        ]
    titles = join(award_name(r.award) for r in found)
    return [
        Check(
            "registration",
            PASS,
            text(
                _("Registered to take part in the emulation of %(year)s (%(titles)s)."),
                year=ctx.year,
                titles=titles,
            ),
            cite(rule),
            [registration_evidence(r) for r in found],
        )
    ]

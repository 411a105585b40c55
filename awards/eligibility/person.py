"""The checks of the person titles and forms: LĐTT, CSTĐCS, CSTĐ cấp tỉnh and toàn quốc, Giấy
khen, and the certificates of merit of the provincial chairman and of the Prime Minister."""

import datetime
import math
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from awards.eligibility import facts as data
from awards.eligibility.common import (
    DISCIPLINE,
    LEAVE,
    LEVEL_RANK,
    RATING,
    REVIEW,
    SCOPE,
    Leave,
    Level,
    award_evidence,
    check_holds_certificate,
    cite,
    discipline_evidence,
    fmt_date,
    fmt_num,
    initiative_evidence,
    rating_evidence,
    rating_window,
    review_evidence,
)
from awards.eligibility.text import join, text
from awards.eligibility.verdict import FAIL, PASS, UNKNOWN, Check
from awards.models import AwardRecord, CouncilItem, Initiative
from organizations.models import LeaveRecord

# The 2003 law (Điều 23) asked a grassroots emulation fighter for an initiative or a research
# topic; the 2022 law (Điều 23) accepts an "excellent" rating instead (docs: DOMAIN.md §5).
CSTDCS_INITIATIVE_REQUIRED = {"ND91_2017"}
# An initiative counts for the year judged and the year before (to confirm: no article read).
INITIATIVE_LOOKBACK_YEARS = 1
# Leave of a person newly recruited in the year that is not working time. Maternity leave counts
# by the rule set's `ldtt.maternity_leave_counted`, a short training course by
# `ldtt.training_counted`; sick leave (paid by social insurance) is counted; unpaid and other
# leave are not (to confirm: no article on them was read, see docs/rules.md). For a person in
# service before the year no leave matters: the law limits only the newly recruited.
LEAVE_NOT_COUNTED = {LeaveRecord.Kind.UNPAID, LeaveRecord.Kind.OTHER}
# The national title counts provincial titles, each resting on consecutive CSTĐCS years.
CSTD_TQ_KEY = "cstd_tq.consecutive_cstd_tinh_years"
CSTD_TINH_KEY = "cstd_tinh.consecutive_cstdcs_years"


def check_rating_good(ctx):
    level = ctx.facts.ratings.get(ctx.year)
    year = ctx.year
    needed = RATING[Level.GOOD]
    if level is None:
        return Check(
            "rating_good",
            UNKNOWN,
            text(
                _(
                    "No quality rating is recorded for %(year)s; the title needs “%(needed)s” "
                    "or better."
                ),
                year=year,
                needed=needed,
            ),
            ctx.award_citation,
        )
    ok = Level(level).is_good_or_better
    if ok:
        message = _("Rated “%(level)s” for %(year)s — meets “%(needed)s” or better.")
    else:
        message = _("Rated “%(level)s” for %(year)s — below “%(needed)s”.")
    return Check(
        "rating_good",
        PASS if ok else FAIL,
        text(message, level=RATING[level], year=year, needed=needed),
        ctx.award_citation,
        [rating_evidence(year, level)],
    )


def check_no_discipline(ctx):
    year = ctx.year
    found = ctx.facts.disciplines_during(year)
    if not found:
        return Check(
            "no_discipline",
            PASS,
            text(_("No disciplinary measure in force during %(year)s."), year=year),
            ctx.award_citation,
        )
    last_end = max((d.end_date for d in found if d.end_date), default=None)
    forms = join(
        text(
            "%(form)s (%(start)s–%(end)s)",
            form=DISCIPLINE[d.form],
            start=fmt_date(d.start_date),
            end=fmt_date(d.end_date),
        )
        for d in found
    )
    if any(d.end_date is None for d in found):
        message = text(
            _(
                "Under discipline in force during %(year)s: %(forms)s. Achievements count only "
                "after the discipline period ends (with no end date yet)."
            ),
            year=year,
            forms=forms,
        )
    else:
        message = text(
            _(
                "Under discipline in force during %(year)s: %(forms)s. Achievements count only "
                "after the discipline period ends (ending %(end)s)."
            ),
            year=year,
            forms=forms,
            end=fmt_date(last_end),
        )
    return Check(
        "no_discipline", FAIL, message, ctx.award_citation, [discipline_evidence(d) for d in found]
    )


def usable_initiatives(ctx, first_year, min_scope):
    """Return the person's initiatives recognised in the window, wide enough and not used else."""
    level = Initiative.Scope(min_scope).level
    found, used = [], []
    for initiative in ctx.facts.initiatives:
        if not first_year <= initiative.decision_date.year <= ctx.year:
            continue
        if Initiative.Scope(initiative.scope).level < level:
            continue
        if initiative.is_used and not (
            initiative.used_for_award_id == ctx.award.pk and initiative.used_for_year == ctx.year
        ):
            used.append(initiative)
            continue
        found.append(initiative)
    return found, used


def used_list(used):
    """Return the initiatives already used for another award, as a message lists them."""
    return ", ".join(f"«{i.title}» ({i.used_for_award.code} {i.used_for_year})" for i in used)


def check_initiative(ctx, code, min_scope, first_year, citation, required):
    """Return the check "an unused initiative of min_scope or wider since first_year"; `required`
    says why one is needed when none is found."""
    found, used = usable_initiatives(ctx, first_year, min_scope)
    params = {"scope": SCOPE[min_scope], "years": f"{first_year}–{ctx.year}"}
    if found:
        return Check(
            code,
            PASS,
            text(
                ngettext_lazy(
                    "%(count)s initiative of %(scope)s scope or wider recognised in %(years)s, "
                    "not used for another award.",
                    "%(count)s initiatives of %(scope)s scope or wider recognised in %(years)s, "
                    "not used for another award.",
                    "count",
                ),
                count=len(found),
                **params,
            ),
            citation,
            [initiative_evidence(i) for i in found],
        )
    if used:
        message = text(
            _(
                "No unused initiative of %(scope)s scope or wider recognised in %(years)s; "
                "%(required)s; already used for another award: %(used)s."
            ),
            required=required,
            used=used_list(used),
            **params,
        )
    else:
        message = text(
            _(
                "No unused initiative of %(scope)s scope or wider recognised in %(years)s; "
                "%(required)s."
            ),
            required=required,
            **params,
        )
    return Check(code, FAIL, message, citation, [initiative_evidence(i) for i in used])


def check_cstdcs_merit(ctx):
    """Return the initiative check (2003 law) or the excellent-or-initiative check (2022 law)."""
    first_year = ctx.year - INITIATIVE_LOOKBACK_YEARS
    citation = ctx.award_citation
    if ctx.rule_set.code in CSTDCS_INITIATIVE_REQUIRED:
        return check_initiative(
            ctx,
            "initiative",
            Initiative.Scope.UNIT,
            first_year,
            citation,
            _("the 2003 law requires an initiative or research topic for this title"),
        )
    level = ctx.facts.ratings.get(ctx.year)
    if level == Level.EXCELLENT:
        return Check(
            "excellent_or_initiative",
            PASS,
            text(
                _("Rated “%(level)s” for %(year)s — this suffices without an initiative."),
                level=RATING[level],
                year=ctx.year,
            ),
            citation,
            [rating_evidence(ctx.year, level)],
        )
    check = check_initiative(
        ctx,
        "excellent_or_initiative",
        Initiative.Scope.UNIT,
        first_year,
        citation,
        text(
            _("needs “%(level)s” for %(year)s or an initiative"),
            level=RATING[Level.EXCELLENT],
            year=ctx.year,
        ),
    )
    if check.status == FAIL and level is None:
        check.status = UNKNOWN
        check.text = join(
            [check.text, text(_("The %(year)s rating is not recorded yet."), year=ctx.year)], " "
        )
    elif level is not None:
        check.evidence.insert(0, rating_evidence(ctx.year, level))
    return check


def check_quota_single(ctx):
    rule = ctx.rule("cstdcs.quota_percent_of_ldtt")
    return Check(
        "quota",
        UNKNOWN,
        text(
            _(
                "Grassroots emulation fighters may be at most %(percent)s %% of the advanced "
                "workers: the quota applies to the unit's whole batch, not to one person (use "
                "quota_check on the list)."
            ),
            percent=fmt_num(rule.value),
        ),
        cite(rule),
    )


def quota_allowed(rule, unit, year) -> tuple[int, int]:
    """Return (advanced workers, CSTĐCS allowed) of a unit and the units below it for a year:
    the quota rule's share of the people recorded LĐTT that year, rounded down."""
    ldtt = (
        AwardRecord.objects.filter(
            award__code="LDTT",
            year=year,
            status=AwardRecord.Status.VALID,
            person__unit__path__startswith=unit.path,
        )
        .values("person")
        .distinct()
        .count()
    )
    return ldtt, math.floor(ldtt * rule.value / 100)


def check_quota_batch(rule_set, unit, year, nominees, counted=None):
    """Return the check of a batch of CSTĐCS nominees against the quota of a rule set that has one.

    The quota (Nghị định 91/2017 Khoản 3 Điều 9) counts the advanced workers (LĐTT recorded for
    the year) of the unit and every unit below it.
    """
    rule = rule_set.rule("cstdcs.quota_percent_of_ldtt")
    nominees = list(nominees)
    counted = {} if counted is None else counted
    key = ("quota", unit.pk, year, rule.value)
    if key not in counted:
        counted[key] = quota_allowed(rule, unit, year)
    ldtt, allowed = counted[key]
    ok = len(nominees) <= allowed
    if ok:
        template = ngettext_lazy(
            "%(count)s grassroots emulation fighter nominee; %(workers)s in %(year)s at "
            "%(unit)s, at most %(percent)s %% = %(allowed)s — within.",
            "%(count)s grassroots emulation fighter nominees; %(workers)s in %(year)s at "
            "%(unit)s, at most %(percent)s %% = %(allowed)s — within.",
            "count",
        )
    else:
        template = ngettext_lazy(
            "%(count)s grassroots emulation fighter nominee; %(workers)s in %(year)s at "
            "%(unit)s, at most %(percent)s %% = %(allowed)s — over the quota.",
            "%(count)s grassroots emulation fighter nominees; %(workers)s in %(year)s at "
            "%(unit)s, at most %(percent)s %% = %(allowed)s — over the quota.",
            "count",
        )
    workers = text(
        ngettext_lazy("%(count)s advanced worker", "%(count)s advanced workers", "count"),
        count=ldtt,
    )
    return Check(
        "quota",
        PASS if ok else FAIL,
        text(
            template,
            count=len(nominees),
            workers=workers,
            year=year,
            unit=unit.name,
            percent=fmt_num(rule.value),
            allowed=allowed,
        ),
        cite(rule),
        [
            text(_("Advanced workers %(year)s: %(count)s"), year=year, count=ldtt),
            text(_("Nominated: %(count)s"), count=len(nominees)),
        ],
    )


def check_consecutive_cstdcs(ctx, key, code="consecutive_cstdcs", group=""):
    rule = ctx.rule(key)
    n = int(rule.value)
    first = ctx.year - n + 1
    held = ctx.facts.award_years("CSTDCS")
    years = list(range(first, ctx.year + 1))
    have = [y for y in years if y in held]
    missing = [y for y in years if y not in held]
    evidence = [award_evidence(held[y]) for y in have]
    params = {"count": n, "held": len(have), "years": f"{first}–{ctx.year}"}
    if not missing:
        message = ngettext_lazy(
            "Grassroots emulation fighter %(count)s consecutive year, %(years)s.",
            "Grassroots emulation fighter %(count)s consecutive years, %(years)s.",
            "count",
        )
        return Check(code, PASS, text(message, **params), cite(rule), evidence, group=group)
    if missing == [ctx.year]:
        message = ngettext_lazy(
            "Grassroots emulation fighter %(held)s/%(count)s year (%(first)s–%(last)s); the "
            "%(year)s title is not recorded yet, so it is not counted. %(count)s consecutive "
            "year %(years)s is needed.",
            "Grassroots emulation fighter %(held)s/%(count)s years (%(first)s–%(last)s); the "
            "%(year)s title is not recorded yet, so it is not counted. %(count)s consecutive "
            "years %(years)s are needed.",
            "count",
        )
        return Check(
            code,
            UNKNOWN,
            text(message, first=first, last=ctx.year - 1, year=ctx.year, **params),
            cite(rule),
            evidence,
            group=group,
        )
    message = ngettext_lazy(
        "Needs %(count)s consecutive year as grassroots emulation fighter (%(years)s); missing "
        "%(missing)s (%(held)s/%(count)s held).",
        "Needs %(count)s consecutive years as grassroots emulation fighter (%(years)s); missing "
        "%(missing)s (%(held)s/%(count)s held).",
        "count",
    )
    return Check(
        code,
        FAIL,
        text(message, missing=", ".join(str(y) for y in missing), **params),
        cite(rule),
        evidence,
        group=group,
    )


def months_back(day, months):
    """Return the first of the month `months` months before a first of the month."""
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def merged_days(periods):
    """Return the number of days the periods (start, end inclusive) cover, overlaps once."""
    total, current = 0, None
    for start, end in sorted(periods):
        if current and start <= current[1] + datetime.timedelta(days=1):
            current = (current[0], max(current[1], end))
            continue
        if current:
            total += (current[1] - current[0]).days + 1
        current = (start, end)
    if current:
        total += (current[1] - current[0]).days + 1
    return total


def leave_days(leave, start, end):
    """Return (first, last, days) of a leave inside start–end (a leave without end runs on), or
    None when it falls outside."""
    first = max(leave.start_date, start)
    last = min(leave.end_date or end, end)
    if first > last:
        return None
    return first, last, (last - first).days + 1


def service_evidence(year, start, end):
    return text(
        ngettext_lazy(
            "In service %(year)s: %(start)s–%(end)s (%(count)s day)",
            "In service %(year)s: %(start)s–%(end)s (%(count)s days)",
            "count",
        ),
        year=year,
        start=fmt_date(start),
        end=fmt_date(end),
        count=(end - start).days + 1,
    )


def check_working_time(ctx):
    """Return the working-time check: the limit on people newly recruited, leave counted by kind.

    Nghị định 91/2017 Điều 10 and Thông tư 01/2024/TT-BNV Điểm d Khoản 5 Điều 1: no LĐTT "đối
    với các cá nhân mới tuyển dụng dưới 10 (06) tháng". The limit concerns people newly
    recruited only ("Luật không quy định về thời gian bị gián đoạn mà chỉ quy định về thời gian
    tuyển dụng đối với người lao động mới", thuvienphapluat.vn; Nghị định 91/2017 dropped the
    40-working-day absence limit of Nghị định 65/2014), so:

    - a person in service before the year judged passes, whatever leave they took;
    - a person recruited in the year (the start date is read as the recruitment date) must have
      worked the last N months of the year: the time in service, less the leave that is not
      working time. Maternity leave counts by `ldtt.maternity_leave_counted`, a short training
      course by `ldtt.training_counted` (Thông tư 01/2024/TT-BNV Khoản 5 Điều 1), sick leave
      counts; unpaid and other leave do not (to confirm). A leave without end runs to 31/12.
    """
    rule = ctx.rule("ldtt.min_months_worked")
    months = int(rule.value)
    person, year = ctx.facts.person, ctx.year
    first, last = data.year_bounds(year)
    next_year = datetime.date(year + 1, 1, 1)
    required_from = months_back(next_year, months)
    need = text(
        ngettext_lazy(
            "at least %(count)s month is needed (%(start)s to 31/12/%(year)s)",
            "at least %(count)s months are needed (%(start)s to 31/12/%(year)s)",
            "count",
        ),
        count=months,
        start=fmt_date(required_from),
        year=year,
    )
    if person.start_date > last or (person.end_date and person.end_date < first):
        return Check(
            "working_time",
            FAIL,
            text(
                _("Not in service during %(year)s (%(start)s to %(end)s); %(need)s."),
                year=year,
                start=fmt_date(person.start_date),
                end=fmt_date(person.end_date),
                need=need,
            ),
            cite(rule),
        )
    end = min(person.end_date or last, last)
    # Newly recruited: in the year judged, or less than the limit before 31/12 (the same thing
    # while the limit is at most 12 months).
    if person.start_date < min(first, required_from):
        return check_working_time_in_service(ctx, rule, months, end)
    start = person.start_date
    maternity_counted = ctx.has("ldtt.maternity_leave_counted") and (
        ctx.rule("ldtt.maternity_leave_counted").value >= 1
    )
    training_counted = ctx.has("ldtt.training_counted") and (
        ctx.rule("ldtt.training_counted").value >= 1
    )
    not_counted = set(LEAVE_NOT_COUNTED)
    if not maternity_counted:
        not_counted.add(Leave.MATERNITY)
    if not training_counted:
        not_counted.add(Leave.TRAINING)
    evidence = [service_evidence(year, start, end)]
    off, counted_kinds, off_kinds = [], set(), set()
    for leave in ctx.facts.leaves:
        inside = leave_days(leave, start, end)
        if inside is None:
            continue
        leave_start, leave_end, days = inside
        if leave.kind in not_counted:
            off.append((leave_start, leave_end))
            off_kinds.add(leave.kind)
            how = ngettext_lazy(
                "%(leave)s: %(start)s–%(end)s (%(count)s day in the year) — not counted as "
                "working time",
                "%(leave)s: %(start)s–%(end)s (%(count)s days in the year) — not counted as "
                "working time",
                "count",
            )
        else:
            counted_kinds.add(leave.kind)
            how = ngettext_lazy(
                "%(leave)s: %(start)s–%(end)s (%(count)s day in the year) — counted as working "
                "time",
                "%(leave)s: %(start)s–%(end)s (%(count)s days in the year) — counted as working "
                "time",
                "count",
            )
        evidence.append(
            text(
                how,
                leave=LEAVE[leave.kind],
                start=fmt_date(leave.start_date),
                end=fmt_date(leave.end_date),
                count=days,
            )
        )
    worked = (end - start).days + 1 - merged_days(off)
    days_in_year = (next_year - first).days
    about = (Decimal(worked * 12) / Decimal(days_in_year)).quantize(Decimal("0.1"))
    ok = worked >= (next_year - required_from).days
    if ok:
        template = ngettext_lazy(
            "Worked %(count)s day in %(year)s (about %(months)s months); %(need)s — met.",
            "Worked %(count)s days in %(year)s (about %(months)s months); %(need)s — met.",
            "count",
        )
    else:
        template = ngettext_lazy(
            "Worked %(count)s day in %(year)s (about %(months)s months); %(need)s — not met.",
            "Worked %(count)s days in %(year)s (about %(months)s months); %(need)s — not met.",
            "count",
        )
    sentences = [
        text(
            _("Newly recruited on %(date)s, so the time worked since then is checked."),
            date=fmt_date(start),
        ),
        text(template, count=worked, year=year, months=about, need=need),
    ]
    citation = cite(rule)
    if Leave.MATERNITY in counted_kinds:
        sentences.append(_("Maternity leave counts as working time."))
        citation = join([citation, cite(ctx.rule("ldtt.maternity_leave_counted"))], "; ")
    if Leave.TRAINING in counted_kinds:
        sentences.append(_("A short training course counts as working time."))
        citation = join([citation, cite(ctx.rule("ldtt.training_counted"))], "; ")
    if off_kinds:
        leaves = join(LEAVE[k] for k in sorted(off_kinds))
        sentences.append(text(_("Not counted: %(leaves)s (to confirm)."), leaves=leaves))
    return Check("working_time", PASS if ok else FAIL, join(sentences, " "), citation, evidence)


def check_working_time_in_service(ctx, rule, months, end):
    """Return the working-time check of a person in service before the year judged: the limit
    is on recruitment only, and no leave or absence reduces a working time the law does not
    ask of them (Nghị định 91/2017 Điều 10; Thông tư 01/2024/TT-BNV Điểm d Khoản 5 Điều 1)."""
    person, year = ctx.facts.person, ctx.year
    first = datetime.date(year, 1, 1)
    evidence = [service_evidence(year, first, end)]
    for leave in ctx.facts.leaves:
        inside = leave_days(leave, first, end)
        if inside is None:
            continue
        evidence.append(
            text(
                ngettext_lazy(
                    "%(leave)s: %(start)s–%(end)s (%(count)s day in the year)",
                    "%(leave)s: %(start)s–%(end)s (%(count)s days in the year)",
                    "count",
                ),
                leave=LEAVE[leave.kind],
                start=fmt_date(leave.start_date),
                end=fmt_date(leave.end_date),
                count=inside[2],
            )
        )
    message = ngettext_lazy(
        "In service since %(date)s, before %(year)s: the limit of %(count)s month applies only "
        "to people newly recruited, and leave taken in the year does not reduce it.",
        "In service since %(date)s, before %(year)s: the limit of %(count)s months applies only "
        "to people newly recruited, and leave taken in the year does not reduce it.",
        "count",
    )
    return Check(
        "working_time",
        PASS,
        text(message, date=fmt_date(person.start_date), year=year, count=months),
        cite(rule),
        evidence,
    )


def blocking_reviews(ctx):
    """Return the reviews open on 31/12 of the year judged, or still open."""
    last = datetime.date(ctx.year, 12, 31)
    return [r for r in ctx.facts.reviews if r.closed_on is None or (r.is_open_on(last))]


def check_no_pending_review(ctx):
    rule = ctx.rule("pending_review.blocks_award")
    found = blocking_reviews(ctx)
    year = ctx.year
    if not found:
        return Check(
            "no_pending_review",
            PASS,
            text(
                _(
                    "No pending review (discipline under consideration, investigation, "
                    "complaint) on 31/12/%(year)s or now."
                ),
                year=year,
            ),
            cite(rule),
        )
    reviews = join(
        text(_("%(kind)s (since %(date)s)"), kind=REVIEW[r.kind], date=fmt_date(r.opened_on))
        for r in found
    )
    return Check(
        "no_pending_review",
        FAIL,
        text(
            _(
                "A review was open on 31/12/%(year)s or is still open: %(reviews)s. No award is "
                "proposed until it is concluded."
            ),
            year=year,
            reviews=reviews,
        ),
        cite(rule),
        [review_evidence(r) for r in found],
    )


def check_excellent_initiatives(ctx, years_key, initiatives_key, code, group=""):
    """Return the check "n consecutive years excellent with k initiatives in that period"."""
    years_rule, count_rule = ctx.rule(years_key), ctx.rule(initiatives_key)
    n, k = int(years_rule.value), int(count_rule.value)
    years = rating_window(ctx, n)
    ratings = ctx.facts.ratings
    below = [y for y in years if y in ratings and ratings[y] != Level.EXCELLENT]
    missing = [y for y in years if y not in ratings]
    excellent = [y for y in years if ratings.get(y) == Level.EXCELLENT]
    found, used = usable_initiatives(ctx, years[0], Initiative.Scope.UNIT)
    span = f"{years[0]}–{years[-1]}"
    if below or len(found) < k:
        status = FAIL
    elif missing:
        status = UNKNOWN
    else:
        status = PASS
    result = [
        text(
            ngettext_lazy(
                "excellent %(excellent)s of %(count)s year",
                "excellent %(excellent)s of %(count)s years",
                "count",
            ),
            excellent=len(excellent),
            count=n,
        )
    ]
    if below:
        result.append(text(_("below excellent in %(years)s"), years=", ".join(map(str, below))))
    if missing:
        result.append(
            text(_("no rating recorded for %(years)s"), years=", ".join(map(str, missing)))
        )
    result.append(
        text(
            ngettext_lazy(
                "%(found)s of %(count)s unused initiative recognised in %(years)s",
                "%(found)s of %(count)s unused initiatives recognised in %(years)s",
                "count",
            ),
            found=len(found),
            count=k,
            years=span,
        )
    )
    if used:
        result.append(
            text(_("already used for another award: %(initiatives)s"), initiatives=used_list(used))
        )
    citation = cite(years_rule)
    if count_rule.citation != years_rule.citation:
        citation = join([citation, cite(count_rule)], "; ")
    message = ngettext_lazy(
        "Needs %(count)s consecutive year (%(years)s) rated excellent and %(initiatives)s in that "
        "period: %(result)s.",
        "Needs %(count)s consecutive years (%(years)s) rated excellent and %(initiatives)s in "
        "that period: %(result)s.",
        "count",
    )
    initiatives = text(
        ngettext_lazy("%(count)s initiative", "%(count)s initiatives", "count"), count=k
    )
    return Check(
        code,
        status,
        text(message, count=n, years=span, initiatives=initiatives, result=join(result, "; ")),
        citation,
        [rating_evidence(y, ratings[y]) for y in years if y in ratings]
        + [initiative_evidence(i) for i in found],
        group=group,
    )


def check_holds_bang_khen_tinh(ctx, latest_year, rule):
    """Return the check that the person holds a provincial certificate of merit of latest_year
    or before."""
    held = [r for r in ctx.facts.awards if r.award.code == "BANG_KHEN_TINH"]
    return check_holds_certificate(held, latest_year, rule)


def good_run_since_certificate(ctx, n, certificate_year):
    """Return (run, possible, below, missing) for the 2022 law's Bằng khen Thủ tướng.

    The years rated good or better "liên tục từ 05 năm trở lên tính đến thời điểm đề nghị" run
    up to the year judged and are counted from the year of the provincial certificate at the
    earliest (the Ministry of Home Affairs' example: certificate 2017, good 2017–2024). Without a
    certificate early enough, the last n years are shown. `run` is the years known to be rated
    good or better without a gap, ending with the year judged; `possible` the longest such span
    that missing ratings could still make (it stops after the last year rated below good);
    `below` and `missing` are the years of that span rated below good and not rated.
    """
    lower = certificate_year if certificate_year is not None else ctx.year - n + 1
    ratings = ctx.facts.ratings
    good = LEVEL_RANK[Level.GOOD]
    years = list(range(lower, ctx.year + 1))
    below = [y for y in years if y in ratings and LEVEL_RANK[ratings[y]] < good]
    floor = max(below) + 1 if below else lower
    possible = list(range(floor, ctx.year + 1))
    missing = [y for y in possible if y not in ratings]
    run_start = max(missing) + 1 if missing else floor
    return list(range(run_start, ctx.year + 1)), possible, below, missing


def span_text(years):
    return f"{years[0]}–{years[-1]}" if years else "—"


def check_consecutive_good_since(ctx, key, certificate_year, spans):
    """Return the check "n or more consecutive years rated good or better up to the year judged,
    from the provincial certificate's year at the earliest" (Luật 06/2022 Điểm b Khoản 1
    Điều 73)."""
    rule = ctx.rule(key)
    n = int(rule.value)
    run, possible, below, missing = spans
    if len(run) >= n:
        status = PASS
    elif len(possible) < n:
        status = FAIL
    else:
        status = UNKNOWN
    ratings = ctx.facts.ratings
    shown = range(min([*below, *possible, ctx.year]), ctx.year + 1)
    evidence = [rating_evidence(y, ratings[y]) for y in shown if y in ratings]
    result = [
        text(
            ngettext_lazy(
                "%(count)s consecutive year (%(years)s)",
                "%(count)s consecutive years (%(years)s)",
                "count",
            ),
            count=len(run),
            years=span_text(run),
        )
    ]
    if below:
        result.append(text(_("below it in %(years)s"), years=", ".join(map(str, below))))
    if missing:
        result.append(
            text(_("no rating recorded for %(years)s"), years=", ".join(map(str, missing)))
        )
    if certificate_year is not None:
        message = ngettext_lazy(
            "Needs %(count)s consecutive year or more rated “%(level)s” or better up to "
            "%(year)s, counted from the year of the provincial certificate of merit "
            "(%(first)s) at the earliest: %(result)s.",
            "Needs %(count)s consecutive years or more rated “%(level)s” or better up to "
            "%(year)s, counted from the year of the provincial certificate of merit "
            "(%(first)s) at the earliest: %(result)s.",
            "count",
        )
    else:
        message = ngettext_lazy(
            "Needs %(count)s consecutive year or more rated “%(level)s” or better up to "
            "%(year)s, counted from the year of a provincial certificate of merit of %(first)s "
            "or earlier, which is missing (%(first)s–%(year)s shown): %(result)s.",
            "Needs %(count)s consecutive years or more rated “%(level)s” or better up to "
            "%(year)s, counted from the year of a provincial certificate of merit of %(first)s "
            "or earlier, which is missing (%(first)s–%(year)s shown): %(result)s.",
            "count",
        )
    first = certificate_year if certificate_year is not None else ctx.year - n + 1
    return Check(
        "consecutive_good",
        status,
        text(
            message,
            count=n,
            level=RATING[Level.GOOD],
            year=ctx.year,
            first=first,
            result=join(result, "; "),
        ),
        cite(rule),
        evidence,
    )


def check_cstdcs_times(ctx, key, spans):
    """Return the check "k grassroots emulation fighter titles in the consecutive years rated
    good or better" (Luật 06/2022 Điểm b Khoản 1 Điều 73: "trong thời gian đó")."""
    rule = ctx.rule(key)
    k = int(rule.value)
    run, possible, _below, missing = spans
    held = ctx.facts.award_years("CSTDCS")
    in_run = [y for y in run if y in held]
    in_possible = [y for y in possible if y in held]
    pending = 0 if ctx.year in held else 1  # this year's title may still be decided
    if len(in_run) >= k:
        status, years, have = PASS, run, in_run
    elif len(in_possible) + pending < k:
        status, years, have = FAIL, possible, in_possible
    else:
        status, years, have = UNKNOWN, possible, in_possible
    params = {"count": k, "years": span_text(years), "held": len(have), "year": ctx.year}
    if status != UNKNOWN:
        message = text(
            ngettext_lazy(
                "Needs %(count)s grassroots emulation fighter title in %(years)s: %(held)s held.",
                "Needs %(count)s grassroots emulation fighter titles in %(years)s: %(held)s held.",
                "count",
            ),
            **params,
        )
    elif len(in_run) + pending >= k:
        message = text(
            ngettext_lazy(
                "Needs %(count)s grassroots emulation fighter title in %(years)s: %(held)s "
                "held; the %(year)s title is not recorded yet.",
                "Needs %(count)s grassroots emulation fighter titles in %(years)s: %(held)s "
                "held; the %(year)s title is not recorded yet.",
                "count",
            ),
            **params,
        )
    else:
        message = text(
            ngettext_lazy(
                "Needs %(count)s grassroots emulation fighter title in %(years)s: %(held)s "
                "held, but the ratings of %(missing)s are not recorded, so the years may not be "
                "consecutive.",
                "Needs %(count)s grassroots emulation fighter titles in %(years)s: %(held)s "
                "held, but the ratings of %(missing)s are not recorded, so the years may not be "
                "consecutive.",
                "count",
            ),
            missing=", ".join(map(str, missing)),
            **params,
        )
    return Check(
        "cstdcs_times", status, message, cite(rule), [award_evidence(held[y]) for y in have]
    )


def person_exclusions(ctx):
    """Return the checks every person award has: no discipline, no pending review."""
    checks = [check_no_discipline(ctx)]
    if ctx.has("pending_review.blocks_award"):
        checks.append(check_no_pending_review(ctx))
    return checks


def person_ldtt(ctx):
    checks = [check_rating_good(ctx)]
    if ctx.has("ldtt.min_months_worked"):
        checks.append(check_working_time(ctx))
    return checks + person_exclusions(ctx)


def person_cstdcs(ctx):
    checks = person_ldtt(ctx) + [check_cstdcs_merit(ctx)]
    try:
        ctx.rule("cstdcs.quota_percent_of_ldtt")
    except KeyError:
        return checks  # the 2022 law has no cap
    if ctx.batch is None:
        checks.append(check_quota_single(ctx))
    else:
        unit, nominees = ctx.batch
        nominees = list(nominees)
        # The nominee is always part of the batch it is judged in.
        if all(getattr(n, "pk", n) != ctx.facts.person.pk for n in nominees):
            nominees.append(ctx.facts.person)
        checks.append(check_quota_batch(ctx.rule_set, unit, ctx.year, nominees, ctx.counted))
    return checks


def person_cstd_tinh(ctx):
    key = CSTD_TINH_KEY
    consecutive = check_consecutive_cstdcs(ctx, key)
    n = int(ctx.rule_set.value(key))
    province = check_initiative(
        ctx,
        "initiative_province",
        Initiative.Scope.PROVINCE,
        ctx.year - n + 1,
        cite(ctx.rule(key)),
        _("a province-wide initiative is required"),
    )
    return person_exclusions(ctx) + [consecutive, province, check_council_vote(ctx, "CSTD_TINH")]


COUNCIL_VOTE_KEY = "council.vote_percent_cstd_tinh"


def check_council_vote(ctx, award_code):
    """Return the check of the council's secret ballot, part of the provincial and national
    emulation fighter titles (Nghị định 91/2017 Khoản 8 Điều 45; the 2022 law's decrees): the
    tally once the council has voted, unknown until it has."""
    rule = ctx.rule(COUNCIL_VOTE_KEY)
    item = ctx.facts.council_votes.get((award_code, ctx.year))
    if item is None:
        return Check(
            "council_vote",
            UNKNOWN,
            text(
                _(
                    "Awaiting the council's secret ballot: at least %(percent)s %% of all its "
                    "members must agree."
                ),
                percent=fmt_num(rule.value),
            ),
            cite(rule),
        )
    passed = item.outcome == CouncilItem.Outcome.PASSED
    return Check(
        "council_vote",
        PASS if passed else FAIL,
        text(
            _(
                "The council voted: %(agree)s of %(members)s members agreed (%(share)s %%); at "
                "least %(percent)s %% needed."
            ),
            agree=item.agree,
            members=item.members,
            share=fmt_num(Decimal(str(item.share))),
            percent=fmt_num(rule.value),
        ),
        cite(rule),
    )


def provincial_title_years(ctx):
    """Return (n, period, years): the rule's number n of consecutive provincial titles, the
    years one title covers, and the years the n titles must be of, oldest first.

    A provincial emulation fighter title rests on `cstd_tinh.consecutive_cstdcs_years` (3)
    consecutive CSTĐCS years, so two titles are consecutive when the second covers the years
    right after the first: 2017 (for 2015–2017) and 2020 (for 2018–2020), six consecutive CSTĐCS
    years. The national title is proposed for the year of the last one ("năm liền kề với năm có
    quyết định công nhận", Nghị định 91/2017 Điểm a Khoản 1 Điều 48, to confirm).
    """
    n = int(ctx.rule_set.value(CSTD_TQ_KEY))
    period = int(ctx.rule_set.value(CSTD_TINH_KEY))
    return n, period, [ctx.year - period * i for i in range(n - 1, -1, -1)]


def check_consecutive_cstd_tinh(ctx):
    """Return the check "n consecutive provincial emulation fighter titles, the last one this
    year" (the 2003 and 2022 laws, Điều 21)."""
    rule, period_rule = ctx.rule(CSTD_TQ_KEY), ctx.rule(CSTD_TINH_KEY)
    n, period, years = provincial_title_years(ctx)
    first = years[0] - period + 1
    held = ctx.facts.award_years("CSTD_TINH")
    have = [y for y in years if y in held]
    missing = [y for y in years if y not in held]
    # Titles in the span that are not of the years a chain needs (e.g. two years apart).
    other = sorted(y for y in held if first <= y <= ctx.year and y not in years)
    evidence = [award_evidence(held[y]) for y in sorted(have + other)]
    citation = join([cite(rule), cite(period_rule)], "; ")
    params = {
        "count": n,
        "period": period,
        "needed": ", ".join(map(str, years)),
        "years": f"{first}–{ctx.year}",
    }
    if not missing:
        message = ngettext_lazy(
            "Provincial emulation fighter %(count)s consecutive time: %(needed)s, each for "
            "%(period)s years (%(years)s).",
            "Provincial emulation fighter %(count)s consecutive times: %(needed)s, each for "
            "%(period)s years (%(years)s).",
            "count",
        )
        return Check("consecutive_cstd_tinh", PASS, text(message, **params), citation, evidence)
    need = text(
        ngettext_lazy(
            "Needs %(count)s consecutive provincial emulation fighter title, each for the "
            "%(period)s years right after the previous one: those of %(needed)s (%(years)s)",
            "Needs %(count)s consecutive provincial emulation fighter titles, each for the "
            "%(period)s years right after the previous one: those of %(needed)s (%(years)s)",
            "count",
        ),
        **params,
    )
    if missing == [ctx.year]:
        status = UNKNOWN
        message = text(
            _(
                "%(need)s; %(held)s of %(count)s held, the %(year)s title is not recorded yet, "
                "so it is not counted."
            ),
            need=need,
            held=len(have),
            count=n,
            year=ctx.year,
        )
    else:
        status = FAIL
        message = text(
            _("%(need)s; missing %(missing)s (%(held)s of %(count)s held)."),
            need=need,
            missing=", ".join(map(str, missing)),
            held=len(have),
            count=n,
        )
    if other:
        note = text(
            ngettext_lazy(
                "The title of %(years)s is not part of such a chain.",
                "The titles of %(years)s are not part of such a chain.",
                "count",
            ),
            count=len(other),
            years=", ".join(map(str, other)),
        )
        message = join([message, note], " ")
    return Check("consecutive_cstd_tinh", status, message, citation, evidence)


def person_cstd_tq(ctx):
    """Return the checks of the national emulation fighter (the 2003 and 2022 laws, Điều 21):
    consecutive provincial titles and a nationwide initiative recognised in the years they cover
    and not used for another award; no discipline, no pending review."""
    consecutive = check_consecutive_cstd_tinh(ctx)
    _n, period, years = provincial_title_years(ctx)
    nation = check_initiative(
        ctx,
        "initiative_nation",
        Initiative.Scope.NATION,
        years[0] - period + 1,
        cite(ctx.rule(CSTD_TQ_KEY)),
        _("an initiative or research topic with nationwide effect is required"),
    )
    return person_exclusions(ctx) + [consecutive, nation, check_council_vote(ctx, "CSTD_TQ")]


def person_giay_khen(ctx):
    return person_ldtt(ctx)


def person_bang_khen_tinh(ctx):
    """Return the checks of the provincial certificate of merit: either path suffices."""
    checks = person_exclusions(ctx)
    if ctx.has("bang_khen_tinh.consecutive_cstdcs_years"):
        checks.append(
            check_consecutive_cstdcs(
                ctx, "bang_khen_tinh.consecutive_cstdcs_years", code="path_cstdcs", group="path"
            )
        )
    checks.append(
        check_excellent_initiatives(
            ctx,
            "bang_khen_tinh.consecutive_excellent_years",
            "bang_khen_tinh.initiatives",
            code="path_excellent_initiatives",
            group="path",
        )
    )
    return checks


def person_bang_khen_ttg(ctx):
    """Return the checks of the Prime Minister's certificate of merit.

    The 2022 law (Điểm b Khoản 1 Điều 73): a provincial certificate, and from its year up to
    the year judged at least n consecutive years rated good or better, with k CSTĐCS in those
    years (not a fixed window of the last n years: the Ministry of Home Affairs counts a
    certificate of 2017, good 2017–2024 and CSTĐCS in 2018–2019, 2020–2021 and 2023–2024 for
    2024). Nghị định 91/2017: a provincial certificate, then n further consecutive years rated
    excellent with k initiatives.
    """
    checks = person_exclusions(ctx)
    if ctx.has("bang_khen_ttg.consecutive_good_years"):
        key = "bang_khen_ttg.consecutive_good_years"
        n = int(ctx.rule_set.value(key))
        # The span runs from the certificate's year, so it must be n years back or more; the
        # earliest such certificate gives the longest span.
        latest = ctx.year - n + 1
        early = sorted(r.year for r in ctx.facts.awards if r.award.code == "BANG_KHEN_TINH")
        early = [y for y in early if y <= latest]
        certificate_year = early[0] if early else None
        spans = good_run_since_certificate(ctx, n, certificate_year)
        checks += [
            check_holds_bang_khen_tinh(ctx, latest, ctx.rule(key)),
            check_consecutive_good_since(ctx, key, certificate_year, spans),
            check_cstdcs_times(ctx, "bang_khen_ttg.cstdcs_times", spans),
        ]
    else:
        key = "bang_khen_ttg.consecutive_excellent_years"
        n = int(ctx.rule_set.value(key))
        checks += [
            check_holds_bang_khen_tinh(ctx, ctx.year - n, ctx.rule(key)),
            check_excellent_initiatives(
                ctx, key, "bang_khen_ttg.initiatives", code="excellent_initiatives"
            ),
        ]
    return checks

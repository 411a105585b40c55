"""The checks of the collective titles and forms: TTLĐTT, TTLĐXS, the certificate of commendation
of the department head (Giấy khen) and the certificates of merit of the provincial chairman and of
the Prime Minister for a collective."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from awards.eligibility.common import (
    LEVEL_RANK,
    RANK_LEVEL,
    RATING,
    Form,
    Level,
    award_evidence,
    check_holds_certificate,
    cite,
    discipline_evidence,
    fmt_num,
    fmt_pct,
    pct,
    rating_window,
    unit_rating_evidence,
)
from awards.eligibility.text import join, text
from awards.eligibility.verdict import FAIL, PASS, UNKNOWN, Check


def is_strict(rule):
    """Tell whether a share must be exceeded ("trên 50%") rather than reached ("ít nhất 70%")."""
    return rule.description_en.lower().startswith("more than")


def check_members_ldtt_share(ctx, key):
    rule = ctx.rule(key)
    facts = ctx.facts
    total = len(facts.members)
    holders = facts.holders("LDTT")
    count = sum(1 for m in facts.members if m.pk in holders)
    threshold = rule.value
    strict = is_strict(rule)
    if strict:
        bar = text(_("more than %(percent)s %%"), percent=fmt_num(threshold))
    else:
        bar = text(_("at least %(percent)s %%"), percent=fmt_num(threshold))
    if not total:
        return Check(
            "members_ldtt_share",
            UNKNOWN,
            text(
                _(
                    "The unit has no active member in %(year)s; %(bar)s must hold the advanced "
                    "worker title."
                ),
                year=ctx.year,
                bar=bar,
            ),
            cite(rule),
        )
    share = pct(count, total)
    ok = share > threshold if strict else share >= threshold
    without = [m.full_name for m in facts.members if m.pk not in holders]
    evidence = [
        text(
            _("Advanced workers %(year)s: %(count)s/%(total)s (%(share)s)"),
            year=ctx.year,
            count=count,
            total=total,
            share=fmt_pct(share),
        )
    ]
    if without:
        names = ", ".join(without[:10]) + (" …" if len(without) > 10 else "")
        evidence.append(text(_("Without the advanced worker title: %(names)s"), names=names))
    if ok:
        message = ngettext_lazy(
            "%(count)s of %(total)s member (%(share)s) holds the advanced worker title for "
            "%(year)s; %(bar)s required — met.",
            "%(count)s of %(total)s members (%(share)s) hold the advanced worker title for "
            "%(year)s; %(bar)s required — met.",
            "total",
        )
    else:
        message = ngettext_lazy(
            "%(count)s of %(total)s member (%(share)s) holds the advanced worker title for "
            "%(year)s; %(bar)s required — not met.",
            "%(count)s of %(total)s members (%(share)s) hold the advanced worker title for "
            "%(year)s; %(bar)s required — not met.",
            "total",
        )
    return Check(
        "members_ldtt_share",
        PASS if ok else FAIL,
        text(message, count=count, total=total, share=fmt_pct(share), year=ctx.year, bar=bar),
        cite(rule),
        evidence,
    )


def check_no_member_warning(ctx, key="ttldtt.max_discipline_level"):
    rule = ctx.rule(key)
    # Level 1 is a reprimand: the rule's value is the heaviest form a member may carry.
    heavy = [d for d in ctx.facts.disciplines if Form(d.form).severity + 1 > int(rule.value)]
    if not heavy:
        return Check(
            "no_member_warning",
            PASS,
            text(
                _("No member under a warning or heavier discipline in force during %(year)s."),
                year=ctx.year,
            ),
            cite(rule),
        )
    message = ngettext_lazy(
        "%(count)s discipline at warning or above in force during %(year)s: %(names)s.",
        "%(count)s disciplines at warning or above in force during %(year)s: %(names)s.",
        "count",
    )
    return Check(
        "no_member_warning",
        FAIL,
        text(
            message,
            count=len(heavy),
            year=ctx.year,
            names=", ".join(sorted({d.person.full_name for d in heavy})),
        ),
        cite(rule),
        [join([d.person.full_name, discipline_evidence(d)], ": ") for d in heavy],
    )


def check_members_completed(ctx):
    rule = ctx.rule("ttldxs.min_percent_ldtt")
    facts = ctx.facts
    total = len(facts.members)
    failed = [m for m in facts.members if facts.ratings.get(m.pk) == Level.NOT_COMPLETED]
    missing = [m for m in facts.members if m.pk not in facts.ratings]
    done = total - len(failed) - len(missing)
    if failed:
        status = FAIL
    elif missing or not total:
        status = UNKNOWN
    else:
        status = PASS
    evidence = [
        text(
            _("Completed duties %(year)s: %(done)s/%(total)s"),
            year=ctx.year,
            done=done,
            total=total,
        )
    ]
    if failed:
        evidence.append(
            text(
                _("Did not complete duties: %(names)s"),
                names=", ".join(m.full_name for m in failed),
            )
        )
    if missing:
        evidence.append(
            text(_("Not rated: %(names)s"), names=", ".join(m.full_name for m in missing))
        )
    message = ngettext_lazy(
        "%(done)s of %(total)s member completed their duties or better in %(year)s; "
        "%(failed)s did not, %(missing)s not rated; 100 %% required.",
        "%(done)s of %(total)s members completed their duties or better in %(year)s; "
        "%(failed)s did not, %(missing)s not rated; 100 %% required.",
        "total",
    )
    return Check(
        "members_completed",
        status,
        text(
            message,
            done=done,
            total=total,
            year=ctx.year,
            failed=len(failed),
            missing=len(missing),
        ),
        cite(rule),
        evidence,
    )


def check_member_cstdcs(ctx):
    holders = ctx.facts.holders("CSTDCS")
    names = [m.full_name for m in ctx.facts.members if m.pk in holders]
    ok = bool(names)
    message = ngettext_lazy(
        "%(count)s member recorded as grassroots emulation fighter for %(year)s; at least one "
        "required.",
        "%(count)s members recorded as grassroots emulation fighter for %(year)s; at least one "
        "required.",
        "count",
    )
    return Check(
        "member_cstdcs",
        PASS if ok else FAIL,
        text(message, count=len(names), year=ctx.year),
        ctx.award_citation,
        [
            text(_("Grassroots emulation fighter %(year)s: %(name)s"), year=ctx.year, name=name)
            for name in names
        ],
    )


def check_unit_rating(ctx, key):
    """Return the check of the collective's own rating for the year against the rule's level."""
    rule = ctx.rule(key)
    need = int(rule.value)
    needed = RATING[RANK_LEVEL[need]]
    level = ctx.facts.unit_ratings.get(ctx.year)
    if level is None:
        return Check(
            "unit_rating",
            UNKNOWN,
            text(
                _(
                    "The collective has no rating recorded for %(year)s; “%(needed)s” or better "
                    "is needed."
                ),
                year=ctx.year,
                needed=needed,
            ),
            cite(rule),
        )
    ok = LEVEL_RANK[level] >= need
    if ok:
        message = _(
            "The collective is rated “%(level)s” for %(year)s; “%(needed)s” or better is "
            "needed — met."
        )
    else:
        message = _(
            "The collective is rated “%(level)s” for %(year)s; “%(needed)s” or better is "
            "needed — not met."
        )
    return Check(
        "unit_rating",
        PASS if ok else FAIL,
        text(message, level=RATING[level], year=ctx.year, needed=needed),
        cite(rule),
        [unit_rating_evidence(ctx.year, level)],
    )


def check_unit_consecutive_excellent(ctx, key):
    """Return the check "n consecutive years rated excellent, or TTLĐXS, up to the year"."""
    rule = ctx.rule(key)
    n = int(rule.value)
    years = rating_window(ctx, n)
    ratings = ctx.facts.unit_ratings
    ttldxs = ctx.facts.unit_award_years("TTLDXS")
    met, below, missing, evidence = [], [], [], []
    for year in years:
        level = ratings.get(year)
        if level is not None:
            evidence.append(unit_rating_evidence(year, level))
        if year in ttldxs:
            evidence.append(award_evidence(ttldxs[year]))
        if level == Level.EXCELLENT or year in ttldxs:
            met.append(year)
        elif level is None:
            missing.append(year)
        else:
            below.append(year)
    status = FAIL if below else UNKNOWN if missing else PASS
    result = [text(_("%(met)s of %(count)s met"), met=len(met), count=n)]
    if below:
        result.append(text(_("not in %(years)s"), years=", ".join(map(str, below))))
    if missing:
        result.append(
            text(_("no rating recorded for %(years)s"), years=", ".join(map(str, missing)))
        )
    message = ngettext_lazy(
        "Needs %(count)s consecutive year (%(years)s) rated excellent or Excellent labour "
        "collective: %(result)s.",
        "Needs %(count)s consecutive years (%(years)s) rated excellent or Excellent labour "
        "collective: %(result)s.",
        "count",
    )
    return Check(
        "consecutive_excellent",
        status,
        text(message, count=n, years=f"{years[0]}–{years[-1]}", result=join(result, "; ")),
        cite(rule),
        evidence,
    )


def unit_ttldtt(ctx):
    return [
        check_members_ldtt_share(ctx, "ttldtt.min_percent_ldtt"),
        check_no_member_warning(ctx),
        check_unit_rating(ctx, "ttldtt.min_unit_rating"),
    ]


def unit_ttldxs(ctx):
    """Return the checks of the Excellent labour collective.

    The 2003 law (Điều 27) asks that no member be disciplined at warning or above; the 2022 law
    (Khoản 1 Điều 27, points a–đ) has no such criterion, so only a rule set with
    `ttldxs.max_discipline_level` (Nghị định 91/2017) checks it.
    """
    checks = [
        check_members_ldtt_share(ctx, "ttldxs.min_percent_ldtt"),
        check_members_completed(ctx),
        check_member_cstdcs(ctx),
    ]
    if ctx.has("ttldxs.max_discipline_level"):
        checks.append(check_no_member_warning(ctx, "ttldxs.max_discipline_level"))
    return checks + [check_unit_rating(ctx, "ttldxs.min_unit_rating")]


def unit_giay_khen_tt(ctx):
    """Return the checks of the department head's certificate of commendation for a collective.

    What the records can show of the law's criteria (Luật 06/2022/QH15 Điều 75, whose Khoản 2
    lets each ministry and province set the details; the 2003 law before it): the collective
    rated good or better for the year, and no member under a warning or heavier discipline in
    force during the year. A one-off achievement is not judged from the records.
    """
    return [
        check_unit_rating(ctx, "giay_khen_tt.min_unit_rating"),
        check_no_member_warning(ctx, "giay_khen_tt.max_discipline_level"),
    ]


def unit_bang_khen_tinh(ctx):
    return [
        check_unit_consecutive_excellent(ctx, "bang_khen_tinh_tt.consecutive_excellent_years"),
        check_no_member_warning(ctx, "bang_khen_tinh_tt.max_discipline_level"),
    ]


def check_unit_award_times(ctx, key, award_code, code, first_year, award_name, group=""):
    """Return the check "the collective received an award at least k times from first_year to
    the year judged" (k from the rule; the award's records are the unit's valid ones)."""
    rule = ctx.rule(key)
    k = int(rule.value)
    held = ctx.facts.unit_award_years(award_code)
    have = sorted(y for y in held if first_year <= y <= ctx.year)
    if len(have) >= k:
        status = PASS
    elif ctx.year not in held and len(have) + 1 >= k:
        status = UNKNOWN  # this year's award may still be decided
    else:
        status = FAIL
    if status == UNKNOWN:
        message = ngettext_lazy(
            "Needs %(award)s %(count)s time in %(years)s: %(held)s held; %(year)s is not "
            "recorded yet.",
            "Needs %(award)s %(count)s times in %(years)s: %(held)s held; %(year)s is not "
            "recorded yet.",
            "count",
        )
    else:
        message = ngettext_lazy(
            "Needs %(award)s %(count)s time in %(years)s: %(held)s held.",
            "Needs %(award)s %(count)s times in %(years)s: %(held)s held.",
            "count",
        )
    return Check(
        code,
        status,
        text(
            message,
            award=award_name,
            count=k,
            years=f"{first_year}–{ctx.year}",
            held=len(have),
            year=ctx.year,
        ),
        cite(rule),
        [award_evidence(held[y]) for y in have],
        group=group,
    )


def unit_bang_khen_ttg(ctx):
    """Return the checks of the Prime Minister's certificate of merit for a collective.

    A provincial certificate for the collective, and the last n years rated excellent (a
    TTLĐXS year counts), with in those years one provincial emulation flag or two TTLĐXS (one
    suffices); no member disciplined at warning or above in the year judged. Under Nghị định
    91/2017 the n years follow the certificate ("05 năm tiếp theo"); under the 2022 law they run
    up to the proposal, the certificate coming before the year judged.
    """
    key = "bang_khen_ttg_tt.consecutive_excellent_years"
    years_rule = ctx.rule(key)
    n = int(years_rule.value)
    after = ctx.rule("bang_khen_ttg_tt.years_after_certificate").value >= 1
    first = ctx.year - n + 1
    held = [r for r in ctx.facts.unit_awards if r.award.code == "BANG_KHEN_TINH_TT"]
    return [
        check_holds_certificate(held, ctx.year - n if after else ctx.year - 1, years_rule),
        check_unit_consecutive_excellent(ctx, key),
        check_unit_award_times(
            ctx,
            "bang_khen_ttg_tt.co_tinh_times",
            "CO_TINH",
            "flag_times",
            first,
            _("the provincial emulation flag"),
            group="distinction",
        ),
        check_unit_award_times(
            ctx,
            "bang_khen_ttg_tt.ttldxs_times",
            "TTLDXS",
            "ttldxs_times",
            first,
            _("the Excellent labour collective title"),
            group="distinction",
        ),
        check_no_member_warning(ctx, "bang_khen_ttg_tt.max_discipline_level"),
    ]

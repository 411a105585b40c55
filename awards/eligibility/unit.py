"""The checks of the collective titles and forms: TTLĐTT, TTLĐXS, the certificate of commendation
of the department head (Giấy khen) and the certificates of merit of the provincial chairman and of
the Prime Minister for a collective."""

from awards.eligibility.common import (
    LEVEL_RANK,
    RANK_LEVEL,
    RATING_EN,
    RATING_VI,
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
    bar_vi = f"trên {fmt_num(threshold)} %" if strict else f"ít nhất {fmt_num(threshold)} %"
    bar_en = f"more than {fmt_num(threshold)} %" if strict else f"at least {fmt_num(threshold)} %"
    if not total:
        return Check(
            "members_ldtt_share",
            UNKNOWN,
            f"Đơn vị không có cá nhân nào đang làm việc trong năm {ctx.year}; cần {bar_vi} đạt "
            "Lao động tiên tiến.",
            f"The unit has no active member in {ctx.year}; {bar_en} must hold the advanced "
            "worker title.",
            cite(rule),
        )
    share = pct(count, total)
    ok = share > threshold if strict else share >= threshold
    without = [m.full_name for m in facts.members if m.pk not in holders]
    evidence = [f"LĐTT {ctx.year}: {count}/{total} ({fmt_pct(share)})"]
    if without:
        evidence.append(
            "Chưa có LĐTT / without: "
            + ", ".join(without[:10])
            + (" …" if len(without) > 10 else "")
        )
    return Check(
        "members_ldtt_share",
        PASS if ok else FAIL,
        f"{count}/{total} cá nhân ({fmt_pct(share)}) đạt Lao động tiên tiến năm {ctx.year}; "
        f"yêu cầu {bar_vi}" + (" — đạt." if ok else " — chưa đạt."),
        f"{count} of {total} members ({fmt_pct(share)}) hold the advanced worker title for "
        f"{ctx.year}; {bar_en} required" + (" — met." if ok else " — not met."),
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
            f"Không có cá nhân nào bị kỷ luật từ cảnh cáo trở lên có hiệu lực trong năm "
            f"{ctx.year}.",
            f"No member under a warning or heavier discipline in force during {ctx.year}.",
            cite(rule),
        )
    names = ", ".join(sorted({d.person.full_name for d in heavy}))
    return Check(
        "no_member_warning",
        FAIL,
        f"{len(heavy)} hình thức kỷ luật từ cảnh cáo trở lên có hiệu lực trong năm {ctx.year}: "
        f"{names}.",
        f"{len(heavy)} discipline(s) at warning or above in force during {ctx.year}: {names}.",
        cite(rule),
        [f"{d.person.full_name}: {discipline_evidence(d)}" for d in heavy],
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
    evidence = [f"Hoàn thành nhiệm vụ / completed {ctx.year}: {done}/{total}"]
    if failed:
        evidence.append(
            "Không hoàn thành / not completed: " + ", ".join(m.full_name for m in failed)
        )
    if missing:
        evidence.append("Chưa xếp loại / not rated: " + ", ".join(m.full_name for m in missing))
    return Check(
        "members_completed",
        status,
        f"{done}/{total} cá nhân hoàn thành nhiệm vụ trở lên năm {ctx.year}; "
        f"{len(failed)} không hoàn thành, {len(missing)} chưa xếp loại; yêu cầu 100 %.",
        f"{done} of {total} members completed their duties or better in {ctx.year}; "
        f"{len(failed)} did not, {len(missing)} not rated; 100 % required.",
        cite(rule),
        evidence,
    )


def check_member_cstdcs(ctx):
    holders = ctx.facts.holders("CSTDCS")
    names = [m.full_name for m in ctx.facts.members if m.pk in holders]
    ok = bool(names)
    return Check(
        "member_cstdcs",
        PASS if ok else FAIL,
        f"{len(names)} cá nhân đạt Chiến sĩ thi đua cơ sở năm {ctx.year} (đã ghi nhận); "
        "cần ít nhất 1.",
        f"{len(names)} member(s) recorded as grassroots emulation fighter for {ctx.year}; at "
        "least one required.",
        ctx.award_citation,
        [f"CSTĐCS {ctx.year}: {name}" for name in names],
    )


def check_unit_rating(ctx, key):
    """Return the check of the collective's own rating for the year against the rule's level."""
    rule = ctx.rule(key)
    need = int(rule.value)
    need_vi, need_en = RATING_VI[RANK_LEVEL[need]], RATING_EN[RANK_LEVEL[need]]
    level = ctx.facts.unit_ratings.get(ctx.year)
    if level is None:
        return Check(
            "unit_rating",
            UNKNOWN,
            f"Tập thể chưa có kết quả xếp loại năm {ctx.year}; cần từ “{need_vi}” trở lên.",
            f"The collective has no rating recorded for {ctx.year}; “{need_en}” or better is "
            "needed.",
            cite(rule),
        )
    ok = LEVEL_RANK[level] >= need
    return Check(
        "unit_rating",
        PASS if ok else FAIL,
        f"Tập thể xếp loại năm {ctx.year}: {RATING_VI[level]}; cần từ “{need_vi}” trở lên"
        + (" — đạt." if ok else " — chưa đạt."),
        f"The collective is rated “{RATING_EN[level]}” for {ctx.year}; “{need_en}” or better "
        "is needed" + (" — met." if ok else " — not met."),
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
    span = f"{years[0]}–{years[-1]}"
    status = FAIL if below else UNKNOWN if missing else PASS
    extra_vi = extra_en = ""
    if below:
        extra_vi += "; dưới mức năm " + ", ".join(map(str, below))
        extra_en += "; not in " + ", ".join(map(str, below))
    if missing:
        extra_vi += "; chưa có xếp loại năm " + ", ".join(map(str, missing))
        extra_en += "; no rating recorded for " + ", ".join(map(str, missing))
    return Check(
        "consecutive_excellent",
        status,
        f"Cần {n} năm liên tục ({span}) tập thể hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể "
        f"lao động xuất sắc: đạt {len(met)}/{n} năm{extra_vi}.",
        f"Needs {n} consecutive years ({span}) rated excellent or Excellent labour collective: "
        f"{len(met)} of {n} met{extra_en}.",
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
    return [
        check_members_ldtt_share(ctx, "ttldxs.min_percent_ldtt"),
        check_members_completed(ctx),
        check_member_cstdcs(ctx),
        check_no_member_warning(ctx),
        check_unit_rating(ctx, "ttldxs.min_unit_rating"),
    ]


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


def check_unit_award_times(ctx, key, award_code, code, first_year, name_vi, name_en, group=""):
    """Return the check "the collective received an award at least k times from first_year to
    the year judged" (k from the rule; the award's records are the unit's valid ones)."""
    rule = ctx.rule(key)
    k = int(rule.value)
    held = ctx.facts.unit_award_years(award_code)
    have = sorted(y for y in held if first_year <= y <= ctx.year)
    span = f"{first_year}–{ctx.year}"
    if len(have) >= k:
        status = PASS
    elif ctx.year not in held and len(have) + 1 >= k:
        status = UNKNOWN  # this year's award may still be decided
    else:
        status = FAIL
    pending_vi = f"; năm {ctx.year} chưa được ghi nhận" if status == UNKNOWN else ""
    pending_en = f"; {ctx.year} is not recorded yet" if status == UNKNOWN else ""
    return Check(
        code,
        status,
        f"Cần {k} lần được tặng {name_vi} trong {span}: có {len(have)}{pending_vi}.",
        f"Needs {k} time(s) {name_en} in {span}: {len(have)} held{pending_en}.",
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
            "Cờ thi đua cấp tỉnh",
            "the provincial emulation flag",
            group="distinction",
        ),
        check_unit_award_times(
            ctx,
            "bang_khen_ttg_tt.ttldxs_times",
            "TTLDXS",
            "ttldxs_times",
            first,
            "danh hiệu Tập thể lao động xuất sắc",
            "the Excellent labour collective title",
            group="distinction",
        ),
        check_no_member_warning(ctx, "bang_khen_ttg_tt.max_discipline_level"),
    ]

"""The checks of the person titles and forms: LĐTT, CSTĐCS, CSTĐ cấp tỉnh and toàn quốc, Giấy
khen, and the certificates of merit of the provincial chairman and of the Prime Minister."""

import datetime
import math
from decimal import Decimal

from awards.eligibility import facts as data
from awards.eligibility.common import (
    DISCIPLINE_EN,
    DISCIPLINE_VI,
    LEAVE_EN,
    LEAVE_VI,
    LEVEL_RANK,
    RANK_LEVEL,
    RATING_EN,
    RATING_VI,
    REVIEW_EN,
    REVIEW_VI,
    SCOPE_EN,
    SCOPE_VI,
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
from awards.eligibility.verdict import FAIL, PASS, TO_CONFIRM_SUFFIX, UNKNOWN, Check
from awards.models import AwardRecord, Initiative
from organizations.models import LeaveRecord

# The 2003 law (Điều 23) asked a grassroots emulation fighter for an initiative or a research
# topic; the 2022 law (Điều 23) accepts an "excellent" rating instead (docs: DOMAIN.md §5).
CSTDCS_INITIATIVE_REQUIRED = {"ND91_2017"}
# An initiative counts for the year judged and the year before (to confirm: no article read).
INITIATIVE_LOOKBACK_YEARS = 1
# Leave that is not working time. Maternity leave counts by the rule set's
# `ldtt.maternity_leave_counted`; sick leave (paid by social insurance) is counted; unpaid and
# other leave are not (to confirm: no article on them was read, see docs/rules.md).
LEAVE_NOT_COUNTED = {LeaveRecord.Kind.UNPAID, LeaveRecord.Kind.OTHER}
# The national title counts provincial titles, each resting on consecutive CSTĐCS years.
CSTD_TQ_KEY = "cstd_tq.consecutive_cstd_tinh_years"
CSTD_TINH_KEY = "cstd_tinh.consecutive_cstdcs_years"


def check_rating_good(ctx):
    level = ctx.facts.ratings.get(ctx.year)
    year = ctx.year
    if level is None:
        return Check(
            "rating_good",
            UNKNOWN,
            f"Chưa có kết quả xếp loại chất lượng năm {year}; cần xếp loại từ "
            "“Hoàn thành tốt nhiệm vụ” trở lên.",
            f"No quality rating is recorded for {year}; the title needs “well completed duties” "
            "or better.",
            ctx.award_citation,
        )
    ok = Level(level).is_good_or_better
    return Check(
        "rating_good",
        PASS if ok else FAIL,
        f"Xếp loại năm {year}: {RATING_VI[level]} — "
        + (
            "đạt yêu cầu từ “Hoàn thành tốt nhiệm vụ” trở lên."
            if ok
            else "dưới mức “Hoàn thành tốt nhiệm vụ”."
        ),
        f"Rated “{RATING_EN[level]}” for {year} — "
        + ("meets “well completed duties” or better." if ok else "below “well completed duties”."),
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
            f"Không có hình thức kỷ luật nào có hiệu lực trong năm {year}.",
            f"No disciplinary measure in force during {year}.",
            ctx.award_citation,
        )
    last_end = max((d.end_date for d in found if d.end_date), default=None)
    open_ended = any(d.end_date is None for d in found)
    forms_vi = ", ".join(
        f"{DISCIPLINE_VI[d.form]} ({fmt_date(d.start_date)}–{fmt_date(d.end_date)})" for d in found
    )
    forms_en = ", ".join(
        f"{DISCIPLINE_EN[d.form]} ({fmt_date(d.start_date)}–{fmt_date(d.end_date)})" for d in found
    )
    until_vi = "chưa có ngày kết thúc" if open_ended else f"hết ngày {fmt_date(last_end)}"
    until_en = "with no end date yet" if open_ended else f"ending {fmt_date(last_end)}"
    return Check(
        "no_discipline",
        FAIL,
        f"Đang chịu kỷ luật trong năm {year}: {forms_vi}. Thành tích chỉ được tính sau khi hết "
        f"thời hạn kỷ luật ({until_vi}).",
        f"Under discipline in force during {year}: {forms_en}. Achievements count only after "
        f"the discipline period ends ({until_en}).",
        ctx.award_citation,
        [discipline_evidence(d) for d in found],
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


def used_note(used):
    if not used:
        return "", ""
    vi = "; đã dùng cho khen thưởng khác: " + ", ".join(
        f"«{i.title}» ({i.used_for_award.code} {i.used_for_year})" for i in used
    )
    en = "; already used for another award: " + ", ".join(
        f"«{i.title}» ({i.used_for_award.code} {i.used_for_year})" for i in used
    )
    return vi, en


def check_initiative(ctx, code, min_scope, first_year, citation, required_vi, required_en):
    found, used = usable_initiatives(ctx, first_year, min_scope)
    years = f"{first_year}–{ctx.year}"
    if found:
        return Check(
            code,
            PASS,
            f"Có {len(found)} sáng kiến phạm vi {SCOPE_VI[min_scope]} trở lên được công nhận trong "
            f"{years}, chưa dùng cho khen thưởng khác.",
            f"{len(found)} initiative(s) of {SCOPE_EN[min_scope]} scope or wider recognised in "
            f"{years}, not used for another award.",
            citation,
            [initiative_evidence(i) for i in found],
        )
    note_vi, note_en = used_note(used)
    return Check(
        code,
        FAIL,
        f"Không có sáng kiến phạm vi {SCOPE_VI[min_scope]} trở lên được công nhận trong {years} "
        f"mà chưa dùng; {required_vi}{note_vi}.",
        f"No unused initiative of {SCOPE_EN[min_scope]} scope or wider recognised in {years}; "
        f"{required_en}{note_en}.",
        citation,
        [initiative_evidence(i) for i in used],
    )


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
            "luật 2003 yêu cầu sáng kiến hoặc đề tài cho Chiến sĩ thi đua cơ sở",
            "the 2003 law requires an initiative or research topic for this title",
        )
    level = ctx.facts.ratings.get(ctx.year)
    if level == Level.EXCELLENT:
        return Check(
            "excellent_or_initiative",
            PASS,
            f"Xếp loại năm {ctx.year}: Hoàn thành xuất sắc nhiệm vụ — đủ điều kiện thay cho sáng "
            "kiến.",
            f"Rated “excellently completed duties” for {ctx.year} — this suffices without an "
            "initiative.",
            citation,
            [rating_evidence(ctx.year, level)],
        )
    check = check_initiative(
        ctx,
        "excellent_or_initiative",
        Initiative.Scope.UNIT,
        first_year,
        citation,
        f"cần xếp loại “Hoàn thành xuất sắc nhiệm vụ” năm {ctx.year} hoặc một sáng kiến",
        f"needs “excellently completed duties” for {ctx.year} or an initiative",
    )
    if check.status == FAIL and level is None:
        check.status = UNKNOWN
        check.message_vi += f" Chưa có xếp loại năm {ctx.year}."
        check.message_en += f" The {ctx.year} rating is not recorded yet."
    elif level is not None:
        check.evidence.insert(0, rating_evidence(ctx.year, level))
    return check


def check_quota_single(ctx):
    rule = ctx.rule("cstdcs.quota_percent_of_ldtt")
    return Check(
        "quota",
        UNKNOWN,
        f"Số Chiến sĩ thi đua cơ sở không quá {fmt_num(rule.value)} % số cá nhân đạt Lao "
        "động tiên tiến: tỷ lệ này xét theo cả đợt của đơn vị, không xét riêng một người "
        "(dùng quota_check cho cả danh sách).",
        f"Grassroots emulation fighters may be at most {fmt_num(rule.value)} % of the "
        "advanced workers: the quota applies to the unit's whole batch, not to one person "
        "(use quota_check on the list).",
        cite(rule),
    )


def check_quota_batch(rule_set, unit, year, nominees):
    """Return the check of a batch of CSTĐCS nominees against the quota of a rule set that has one.

    The quota (Nghị định 91/2017 Khoản 3 Điều 9) counts the advanced workers (LĐTT recorded for
    the year) of the unit and every unit below it.
    """
    rule = rule_set.rule("cstdcs.quota_percent_of_ldtt")
    nominees = list(nominees)
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
    allowed = math.floor(ldtt * rule.value / 100)
    ok = len(nominees) <= allowed
    value = fmt_num(rule.value)
    return Check(
        "quota",
        PASS if ok else FAIL,
        f"{len(nominees)} đề nghị Chiến sĩ thi đua cơ sở; {ldtt} cá nhân đạt Lao động tiên tiến "
        f"năm {year} tại {unit.name}, tối đa {value} % = {allowed}"
        + (" — đạt." if ok else " — vượt tỷ lệ."),
        f"{len(nominees)} grassroots emulation fighter nominee(s); {ldtt} advanced workers in "
        f"{year} at {unit.name}, at most {value} % = {allowed}"
        + (" — within." if ok else " — over the quota."),
        cite(rule),
        [f"LĐTT {year}: {ldtt}", f"Đề nghị / nominated: {len(nominees)}"],
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
    span = f"{first}–{ctx.year}"
    if not missing:
        return Check(
            code,
            PASS,
            f"Đạt Chiến sĩ thi đua cơ sở {n} năm liên tục {span}.",
            f"Grassroots emulation fighter {n} consecutive years, {span}.",
            cite(rule),
            evidence,
            group=group,
        )
    if missing == [ctx.year]:
        return Check(
            code,
            UNKNOWN,
            f"Đạt Chiến sĩ thi đua cơ sở {len(have)}/{n} năm ({first}–{ctx.year - 1}); danh hiệu "
            f"năm {ctx.year} chưa được ghi nhận nên chưa tính. Cần {n} năm liên tục {span}.",
            f"Grassroots emulation fighter {len(have)}/{n} years ({first}–{ctx.year - 1}); the "
            f"{ctx.year} title is not recorded yet, so it is not counted. {n} consecutive years "
            f"{span} are needed.",
            cite(rule),
            evidence,
            group=group,
        )
    gaps = ", ".join(str(y) for y in missing)
    return Check(
        code,
        FAIL,
        f"Cần {n} năm liên tục đạt Chiến sĩ thi đua cơ sở ({span}); thiếu năm {gaps} "
        f"(có {len(have)}/{n}).",
        f"Needs {n} consecutive years as grassroots emulation fighter ({span}); missing {gaps} "
        f"({len(have)}/{n} held).",
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


def check_working_time(ctx):
    """Return the working-time check: enough months worked in the year, leave counted by kind.

    The rule sets cite "not for people recruited less than N months" (N = 10 under Nghị định
    91/2017, 6 under Thông tư 01/2024/TT-BNV): the time in service in the year, less the leave
    that is not working time, must cover the last N months of the year. A leave without an end
    date runs to 31/12.
    """
    rule = ctx.rule("ldtt.min_months_worked")
    months = int(rule.value)
    person, year = ctx.facts.person, ctx.year
    first, last = data.year_bounds(year)
    next_year = datetime.date(year + 1, 1, 1)
    required_from = months_back(next_year, months)
    required = (next_year - required_from).days
    start = max(person.start_date, first)
    end = min(person.end_date or last, last)
    need_vi = f"cần ít nhất {months} tháng (từ {fmt_date(required_from)} đến 31/12/{year})"
    need_en = f"at least {months} months are needed ({fmt_date(required_from)} to 31/12/{year})"
    if start > end:
        return Check(
            "working_time",
            FAIL,
            f"Không làm việc tại cơ quan trong năm {year} (từ {fmt_date(person.start_date)} đến "
            f"{fmt_date(person.end_date)}); {need_vi}.",
            f"Not in service during {year} ({fmt_date(person.start_date)} to "
            f"{fmt_date(person.end_date)}); {need_en}.",
            cite(rule),
        )
    maternity_counted = ctx.has("ldtt.maternity_leave_counted") and (
        ctx.rule("ldtt.maternity_leave_counted").value >= 1
    )
    not_counted = set(LEAVE_NOT_COUNTED) | (set() if maternity_counted else {Leave.MATERNITY})
    service = (end - start).days + 1
    evidence = [
        f"Thời gian công tác / in service {year}: {fmt_date(start)}–{fmt_date(end)} "
        f"({service} ngày / days)"
    ]
    off, counted_kinds, off_kinds = [], set(), set()
    for leave in ctx.facts.leaves:
        leave_start = max(leave.start_date, start)
        leave_end = min(leave.end_date or end, end)
        if leave_start > leave_end:
            continue
        days = (leave_end - leave_start).days + 1
        if leave.kind in not_counted:
            off.append((leave_start, leave_end))
            off_kinds.add(leave.kind)
            how = "không tính là thời gian làm việc / not counted as working time"
        else:
            counted_kinds.add(leave.kind)
            how = "tính là thời gian làm việc / counted as working time"
        evidence.append(
            f"{LEAVE_VI[leave.kind]} / {LEAVE_EN[leave.kind]}: {fmt_date(leave.start_date)}–"
            f"{fmt_date(leave.end_date)} ({days} ngày trong năm / days in the year) — {how}"
        )
    worked = service - merged_days(off)
    days_in_year = (next_year - first).days
    about = (Decimal(worked * 12) / Decimal(days_in_year)).quantize(Decimal("0.1"))
    ok = worked >= required
    note_vi, note_en = "", ""
    citation = cite(rule)
    if Leave.MATERNITY in counted_kinds:
        note_vi += " Thời gian nghỉ thai sản được tính là thời gian làm việc."
        note_en += " Maternity leave counts as working time."
        citation += "; " + cite(ctx.rule("ldtt.maternity_leave_counted"))
    if off_kinds:
        note_vi += (
            " Không tính: "
            + ", ".join(LEAVE_VI[k] for k in sorted(off_kinds))
            + TO_CONFIRM_SUFFIX
            + "."
        )
        note_en += (
            " Not counted: "
            + ", ".join(LEAVE_EN[k] for k in sorted(off_kinds))
            + TO_CONFIRM_SUFFIX
            + "."
        )
    return Check(
        "working_time",
        PASS if ok else FAIL,
        f"Thời gian làm việc năm {year}: {worked} ngày (khoảng {about} tháng); {need_vi}"
        + (" — đạt." if ok else " — chưa đạt.")
        + note_vi,
        f"Worked {worked} days in {year} (about {about} months); {need_en}"
        + (" — met." if ok else " — not met.")
        + note_en,
        citation,
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
            f"Không có vụ việc nào đang xem xét (kỷ luật, thanh tra, kiểm tra, khiếu nại, tố cáo) "
            f"vào 31/12/{year} hay hiện nay.",
            f"No pending review (discipline under consideration, investigation, complaint) on "
            f"31/12/{year} or now.",
            cite(rule),
        )
    kinds_vi = ", ".join(f"{REVIEW_VI[r.kind]} (từ {fmt_date(r.opened_on)})" for r in found)
    kinds_en = ", ".join(f"{REVIEW_EN[r.kind]} (since {fmt_date(r.opened_on)})" for r in found)
    return Check(
        "no_pending_review",
        FAIL,
        f"Đang có vụ việc chưa kết thúc vào 31/12/{year} hoặc hiện nay: {kinds_vi}. Chưa xét khen "
        "thưởng khi vụ việc chưa được kết luận.",
        f"A review was open on 31/12/{year} or is still open: {kinds_en}. No award is proposed "
        "until it is concluded.",
        cite(rule),
        [review_evidence(r) for r in found],
    )


def check_consecutive_ratings(ctx, key, code, min_rank, group=""):
    """Return a check that each of the rule's consecutive years is rated at min_rank or better."""
    rule = ctx.rule(key)
    n = int(rule.value)
    years = rating_window(ctx, n)
    ratings = ctx.facts.ratings
    level_vi, level_en = RATING_VI[RANK_LEVEL[min_rank]], RATING_EN[RANK_LEVEL[min_rank]]
    below = [y for y in years if y in ratings and LEVEL_RANK[ratings[y]] < min_rank]
    missing = [y for y in years if y not in ratings]
    good = [y for y in years if y in ratings and y not in below]
    span = f"{years[0]}–{years[-1]}"
    evidence = [rating_evidence(y, ratings[y]) for y in years if y in ratings]
    status = FAIL if below else UNKNOWN if missing else PASS
    extra_vi = extra_en = ""
    if below:
        extra_vi += "; dưới mức năm " + ", ".join(map(str, below))
        extra_en += "; below it in " + ", ".join(map(str, below))
    if missing:
        extra_vi += "; chưa có xếp loại năm " + ", ".join(map(str, missing))
        extra_en += "; no rating recorded for " + ", ".join(map(str, missing))
    return Check(
        code,
        status,
        f"Cần {n} năm liên tục ({span}) xếp loại từ “{level_vi}” trở lên: đạt {len(good)}/{n} "
        f"năm{extra_vi}.",
        f"Needs {n} consecutive years ({span}) rated “{level_en}” or better: {len(good)} of {n} "
        f"met{extra_en}.",
        cite(rule),
        evidence,
        group=group,
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
    parts_vi = [f"xuất sắc {len(excellent)}/{n} năm"]
    parts_en = [f"excellent {len(excellent)} of {n} years"]
    if below:
        parts_vi.append("dưới mức xuất sắc năm " + ", ".join(map(str, below)))
        parts_en.append("below excellent in " + ", ".join(map(str, below)))
    if missing:
        parts_vi.append("chưa có xếp loại năm " + ", ".join(map(str, missing)))
        parts_en.append("no rating recorded for " + ", ".join(map(str, missing)))
    parts_vi.append(f"{len(found)}/{k} sáng kiến chưa dùng được công nhận trong {span}")
    parts_en.append(f"{len(found)} of {k} unused initiatives recognised in {span}")
    note_vi, note_en = used_note(used)
    citation = cite(years_rule)
    if count_rule.citation != years_rule.citation:
        citation += "; " + cite(count_rule)
    return Check(
        code,
        status,
        f"Cần {n} năm liên tục ({span}) hoàn thành xuất sắc nhiệm vụ và {k} sáng kiến trong thời "
        f"gian đó: " + "; ".join(parts_vi) + note_vi + ".",
        f"Needs {n} consecutive years ({span}) rated excellent and {k} initiatives in that "
        f"period: " + "; ".join(parts_en) + note_en + ".",
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


def check_cstdcs_times(ctx, key, first_year):
    """Return the check "k grassroots emulation fighter titles from first_year to the year"."""
    rule = ctx.rule(key)
    k = int(rule.value)
    held = ctx.facts.award_years("CSTDCS")
    have = sorted(y for y in held if first_year <= y <= ctx.year)
    span = f"{first_year}–{ctx.year}"
    if len(have) >= k:
        status = PASS
    elif ctx.year not in held and len(have) + 1 >= k:
        status = UNKNOWN  # this year's title may still be decided
    else:
        status = FAIL
    pending_vi = f"; danh hiệu năm {ctx.year} chưa được ghi nhận" if status == UNKNOWN else ""
    pending_en = f"; the {ctx.year} title is not recorded yet" if status == UNKNOWN else ""
    return Check(
        "cstdcs_times",
        status,
        f"Cần {k} lần đạt Chiến sĩ thi đua cơ sở trong {span}: có {len(have)}{pending_vi}.",
        f"Needs {k} grassroots emulation fighter titles in {span}: {len(have)} held{pending_en}.",
        cite(rule),
        [award_evidence(held[y]) for y in have],
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
        checks.append(check_quota_batch(ctx.rule_set, unit, ctx.year, nominees))
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
        "cần sáng kiến có phạm vi ảnh hưởng cấp tỉnh",
        "a province-wide initiative is required",
    )
    return person_exclusions(ctx) + [consecutive, province]


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
    span = f"{first}–{ctx.year}"
    held = ctx.facts.award_years("CSTD_TINH")
    have = [y for y in years if y in held]
    missing = [y for y in years if y not in held]
    # Titles in the span that are not of the years a chain needs (e.g. two years apart).
    other = sorted(y for y in held if first <= y <= ctx.year and y not in years)
    evidence = [award_evidence(held[y]) for y in sorted(have + other)]
    citation = cite(rule) + "; " + cite(period_rule)
    needed = ", ".join(map(str, years))
    need_vi = (
        f"Cần {n} lần liên tục đạt Chiến sĩ thi đua cấp tỉnh, mỗi lần cho {period} năm liền sau "
        f"lần trước: các năm {needed} ({span})"
    )
    need_en = (
        f"Needs {n} consecutive provincial emulation fighter titles, each for the {period} years "
        f"right after the previous one: those of {needed} ({span})"
    )
    if not missing:
        return Check(
            "consecutive_cstd_tinh",
            PASS,
            f"Đạt Chiến sĩ thi đua cấp tỉnh {n} lần liên tục: các năm {needed}, mỗi lần cho "
            f"{period} năm ({span}).",
            f"Provincial emulation fighter {n} consecutive times: {needed}, each for {period} "
            f"years ({span}).",
            citation,
            evidence,
        )
    note_vi = note_en = ""
    if other:
        listed = ", ".join(map(str, other))
        note_vi = f" Danh hiệu năm {listed} không nằm trong chuỗi liên tục đó."
        note_en = f" The title of {listed} is not part of such a chain."
    if missing == [ctx.year]:
        return Check(
            "consecutive_cstd_tinh",
            UNKNOWN,
            f"{need_vi}; có {len(have)}/{n}, danh hiệu năm {ctx.year} chưa được ghi nhận nên "
            f"chưa tính.{note_vi}",
            f"{need_en}; {len(have)} of {n} held, the {ctx.year} title is not recorded yet, so "
            f"it is not counted.{note_en}",
            citation,
            evidence,
        )
    gaps = ", ".join(map(str, missing))
    return Check(
        "consecutive_cstd_tinh",
        FAIL,
        f"{need_vi}; thiếu năm {gaps} (có {len(have)}/{n}).{note_vi}",
        f"{need_en}; missing {gaps} ({len(have)} of {n} held).{note_en}",
        citation,
        evidence,
    )


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
        "cần sáng kiến hoặc đề tài có phạm vi ảnh hưởng toàn quốc",
        "an initiative or research topic with nationwide effect is required",
    )
    return person_exclusions(ctx) + [consecutive, nation]


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

    The 2022 law: a provincial certificate already held, then the last n years rated good or
    better with k CSTĐCS in them. Nghị định 91/2017: a provincial certificate, then n further
    consecutive years rated excellent with k initiatives.
    """
    checks = person_exclusions(ctx)
    if ctx.has("bang_khen_ttg.consecutive_good_years"):
        key = "bang_khen_ttg.consecutive_good_years"
        n = int(ctx.rule_set.value(key))
        checks += [
            check_holds_bang_khen_tinh(ctx, ctx.year - 1, ctx.rule(key)),
            check_consecutive_ratings(ctx, key, "consecutive_good", LEVEL_RANK[Level.GOOD]),
            check_cstdcs_times(ctx, "bang_khen_ttg.cstdcs_times", ctx.year - n + 1),
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

"""Judge a person or a unit against a title or form of commendation in a year.

Every threshold is read from the rule set in force for the year (awards.models.Rule). Three
criteria are not thresholds and have no Rule row yet; they are kept here, in one place, and the
checks that use them say so in their citation: which rule sets demand an initiative for CSTĐCS,
how far back an initiative may be recognised, and the wording of the law's article where a check
has no Rule row (taken from the catalogue's legal basis).
"""

import datetime
import math
from decimal import Decimal

from awards.eligibility import facts as data
from awards.eligibility.verdict import (
    FAIL,
    PASS,
    TO_CONFIRM_SUFFIX,
    UNKNOWN,
    Check,
    EligibilityError,
    Verdict,
)
from awards.models import Award, AwardRecord, Initiative, RuleSet
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    LeaveRecord,
    PendingReview,
    Person,
    Unit,
)

# The 2003 law (Điều 23) asked a grassroots emulation fighter for an initiative or a research
# topic; the 2022 law (Điều 23) accepts an "excellent" rating instead (docs: DOMAIN.md §5).
CSTDCS_INITIATIVE_REQUIRED = {"ND91_2017"}
# An initiative counts for the year judged and the year before (to confirm: no article read).
INITIATIVE_LOOKBACK_YEARS = 1
# The rule every rule set has whose document names the law of the set (for citations).
LAW_RULE_KEY = "ttldtt.min_percent_ldtt"
# Leave that is not working time. Maternity leave counts by the rule set's
# `ldtt.maternity_leave_counted`; sick leave (paid by social insurance) is counted; unpaid and
# other leave are not (to confirm: no article on them was read, see docs/rules.md).
LEAVE_NOT_COUNTED = {LeaveRecord.Kind.UNPAID, LeaveRecord.Kind.OTHER}

Level = AnnualRating.Level
RATING_VI = {
    Level.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Level.GOOD: "Hoàn thành tốt nhiệm vụ",
    Level.COMPLETED: "Hoàn thành nhiệm vụ",
    Level.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}
RATING_EN = {
    Level.EXCELLENT: "excellently completed duties",
    Level.GOOD: "well completed duties",
    Level.COMPLETED: "completed duties",
    Level.NOT_COMPLETED: "did not complete duties",
}
# Rule values that name a rating level (e.g. `ttldtt.min_unit_rating` = 2: good or better).
LEVEL_RANK = {Level.NOT_COMPLETED: 0, Level.COMPLETED: 1, Level.GOOD: 2, Level.EXCELLENT: 3}
RANK_LEVEL = {rank: level for level, rank in LEVEL_RANK.items()}
Form = DisciplineRecord.Form
DISCIPLINE_VI = {
    Form.REPRIMAND: "khiển trách",
    Form.WARNING: "cảnh cáo",
    Form.SALARY_DOWNGRADE: "hạ bậc lương",
    Form.DEMOTION: "giáng chức",
    Form.REMOVAL: "cách chức",
    Form.DISMISSAL: "buộc thôi việc",
}
DISCIPLINE_EN = {
    Form.REPRIMAND: "reprimand",
    Form.WARNING: "warning",
    Form.SALARY_DOWNGRADE: "salary downgrade",
    Form.DEMOTION: "demotion",
    Form.REMOVAL: "removal from office",
    Form.DISMISSAL: "dismissal",
}
SCOPE_VI = {"unit": "cơ sở", "province": "cấp tỉnh", "nation": "toàn quốc"}
Leave = LeaveRecord.Kind
LEAVE_VI = {
    Leave.MATERNITY: "nghỉ thai sản",
    Leave.SICK: "nghỉ ốm đau",
    Leave.UNPAID: "nghỉ không hưởng lương",
    Leave.OTHER: "nghỉ khác",
}
LEAVE_EN = {
    Leave.MATERNITY: "maternity leave",
    Leave.SICK: "sick leave",
    Leave.UNPAID: "unpaid leave",
    Leave.OTHER: "other leave",
}
Review = PendingReview.Kind
REVIEW_VI = {
    Review.DISCIPLINE: "đang xem xét kỷ luật",
    Review.INSPECTION: "đang điều tra, thanh tra, kiểm tra",
    Review.COMPLAINT: "đơn thư khiếu nại, tố cáo đang xác minh",
}
REVIEW_EN = {
    Review.DISCIPLINE: "discipline under consideration",
    Review.INSPECTION: "investigation or inspection",
    Review.COMPLAINT: "complaint or denunciation being verified",
}
SCOPE_EN = {"unit": "unit", "province": "province-wide", "nation": "nationwide"}


# --- citations -------------------------------------------------------------------------------


def cite(rule):
    """Return a rule's citation, marked when its value was not confirmed in a primary text."""
    return rule.citation + (TO_CONFIRM_SUFFIX if rule.to_confirm else "")


def cite_award(rule_set, award):
    """Return the article of the law of the rule set that defines the award.

    The catalogue cites the 2022 law. Under a rule set of another law (the 2003 law) the same
    article number is cited in that law, marked to confirm: the numbering was not read there.
    """
    document, _, article = award.legal_basis.rpartition(", ")
    if not article.startswith("Điều"):
        return award.legal_basis
    try:
        law = rule_set.rule(LAW_RULE_KEY).document
    except KeyError:
        return f"{article}, {document}"
    if law.replace("số ", "") == document.replace("số ", ""):
        return f"{article}, {document}"
    return f"{article}, {law}{TO_CONFIRM_SUFFIX}"


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
    return f"Xếp loại {year}: {RATING_VI[level]} / rating {year}: {RATING_EN[level]}"


def discipline_evidence(record):
    decision = f" ({record.decision_number})" if record.decision_number else ""
    return (
        f"Kỷ luật / discipline: {DISCIPLINE_VI[record.form]} / {DISCIPLINE_EN[record.form]}"
        f"{decision}, {fmt_date(record.start_date)}–{fmt_date(record.end_date)}"
    )


def initiative_evidence(initiative):
    return (
        f"Sáng kiến / initiative «{initiative.title}», QĐ / decision {initiative.decision_number} "
        f"{fmt_date(initiative.decision_date)} ({initiative.recognised_by}), phạm vi / scope "
        f"{SCOPE_VI[initiative.scope]} / {SCOPE_EN[initiative.scope]}"
    )


def review_evidence(review):
    reference = f" ({review.reference})" if review.reference else ""
    closed = fmt_date(review.closed_on) if review.closed_on else "chưa kết thúc / still open"
    return (
        f"{REVIEW_VI[review.kind]} / {REVIEW_EN[review.kind]}{reference}: "
        f"{fmt_date(review.opened_on)}–{closed}"
    )


def award_evidence(record):
    return (
        f"{record.award.code} {record.year}: QĐ / decision {record.decision_number} "
        f"{fmt_date(record.decision_date)} ({record.issuer})"
    )


# --- person checks ---------------------------------------------------------------------------


class Context:
    """What one evaluation needs: the award, the year, the rule set and the loaded facts."""

    def __init__(self, award, year, rule_set, facts, batch=None):
        self.award = award
        self.year = year
        self.rule_set = rule_set
        self.facts = facts
        self.batch = batch

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


def rating_window(ctx, n):
    """Return the n years that end with the year judged, oldest first."""
    return list(range(ctx.year - n + 1, ctx.year + 1))


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
    early = [r for r in held if r.year <= latest_year]
    if early:
        record = early[-1]
        return Check(
            "holds_bang_khen_tinh",
            PASS,
            f"Đã được tặng Bằng khen của Chủ tịch UBND tỉnh năm {record.year} (cần năm "
            f"{latest_year} trở về trước).",
            f"Holds the provincial certificate of merit of {record.year} ({latest_year} or "
            "earlier needed).",
            cite(rule),
            [award_evidence(r) for r in early],
        )
    later = [r for r in held if r.year > latest_year]
    return Check(
        "holds_bang_khen_tinh",
        FAIL,
        f"Chưa có Bằng khen của Chủ tịch UBND tỉnh năm {latest_year} trở về trước"
        + (
            " (Bằng khen năm " + ", ".join(str(r.year) for r in later) + " chưa đủ thời gian)."
            if later
            else "."
        ),
        f"No provincial certificate of merit of {latest_year} or earlier"
        + (
            " (the one of " + ", ".join(str(r.year) for r in later) + " is too recent)."
            if later
            else "."
        ),
        cite(rule),
        [award_evidence(r) for r in later],
    )


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
        checks.append(quota_check(unit, ctx.year, nominees))
    return checks


def person_cstd_tinh(ctx):
    key = "cstd_tinh.consecutive_cstdcs_years"
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


# --- unit checks -----------------------------------------------------------------------------


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


def unit_rating_evidence(year, level):
    return (
        f"Xếp loại tập thể {year}: {RATING_VI[level]} / collective rating {year}: "
        f"{RATING_EN[level]}"
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


def unit_bang_khen_tinh(ctx):
    return [
        check_unit_consecutive_excellent(ctx, "bang_khen_tinh_tt.consecutive_excellent_years"),
        check_no_member_warning(ctx, "bang_khen_tinh_tt.max_discipline_level"),
    ]


PERSON_TITLES = {
    "LDTT": person_ldtt,
    "CSTDCS": person_cstdcs,
    "CSTD_TINH": person_cstd_tinh,
    "GIAY_KHEN": person_giay_khen,
    "BANG_KHEN_TINH": person_bang_khen_tinh,
    "BANG_KHEN_TTG": person_bang_khen_ttg,
}
UNIT_TITLES = {
    "TTLDTT": unit_ttldtt,
    "TTLDXS": unit_ttldxs,
    "BANG_KHEN_TINH_TT": unit_bang_khen_tinh,
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
    the year) of the unit and every unit below it.
    """
    rule_set = load_rule_set(int(year))
    award = Award.objects.get(code="CSTDCS")
    nominees = list(nominees)
    try:
        rule = rule_set.rule("cstdcs.quota_percent_of_ldtt")
    except KeyError:
        return Check(
            "quota",
            PASS,
            f"Bộ quy định {rule_set.code} không giới hạn tỷ lệ Chiến sĩ thi đua cơ sở "
            f"({len(nominees)} đề nghị).",
            f"The rule set {rule_set.code} sets no quota on grassroots emulation fighters "
            f"({len(nominees)} nominated).",
            cite_award(rule_set, award),
        )
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

"""What the person and unit checks share: the evaluation context, citations, formatting and the
evidence strings, in Vietnamese and English."""

from decimal import Decimal

from awards.eligibility.verdict import FAIL, PASS, TO_CONFIRM_SUFFIX, Check
from organizations.models import AnnualRating, DisciplineRecord, LeaveRecord, PendingReview

# The rule every rule set has whose document names the law of the set (for citations).
LAW_RULE_KEY = "ttldtt.min_percent_ldtt"

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


def unit_rating_evidence(year, level):
    return (
        f"Xếp loại tập thể {year}: {RATING_VI[level]} / collective rating {year}: "
        f"{RATING_EN[level]}"
    )


# --- the evaluation context ------------------------------------------------------------------


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

"""A pending review (discipline considered, inspection, complaint being verified) blocks awards.

Thông tư 12/2019/TT-BNV (after Thông tư 08/2017/TT-BNV) under Nghị định 91/2017; Nghị định
98/2023 Điều 4; Nghị định 152/2025 Điều 4: no award while such a matter is open.
"""

import datetime

import pytest
from django.utils import translation

from awards.eligibility import FAIL, PASS, evaluate
from organizations.models import AnnualRating, PendingReview
from tests.factories import PendingReviewFactory, PersonFactory, RatingFactory, registered

pytestmark = pytest.mark.django_db

D = datetime.date
ALL_SETS = pytest.mark.parametrize(
    ("year", "rule_set", "source"),
    [
        (2020, "ND91_2017", "Thông tư 12/2019/TT-BNV"),
        (2024, "ND98_2023", "Điều 4, Nghị định 98/2023/NĐ-CP"),
        (2025, "ND152_2025", "Điều 4, Nghị định 152/2025/NĐ-CP"),
    ],
)
PERSON_AWARDS = ["LDTT", "CSTDCS", "CSTD_TINH", "GIAY_KHEN", "BANG_KHEN_TINH", "BANG_KHEN_TTG"]


@pytest.fixture
def person(db):
    person = PersonFactory(full_name="Lương Thị Phương")
    for year in (2020, 2024, 2025):
        RatingFactory(person=person, year=year, level=AnnualRating.Level.GOOD)
    registered(person, 2020)  # a basis of the titles under the 2003 law (Điều 10)
    return person


@ALL_SETS
def test_an_open_complaint_blocks_ldtt(person, year, rule_set, source):
    """A denunciation being verified on 31/12 and still open: LĐTT is not proposed."""
    PendingReviewFactory(person=person, opened_on=D(year, 11, 16), reference="Đơn 12/11")
    verdict = evaluate(person, "LDTT", year)
    check = verdict.check("no_pending_review")
    assert check.status == FAIL
    assert f"complaint or denunciation being verified (since 16/11/{year})" in check.message_en
    assert "đơn thư khiếu nại, tố cáo đang xác minh" in check.message_vi
    assert "(Đơn 12/11)" in check.evidence[0]
    assert "chưa kết thúc" in check.evidence[0]
    assert source in check.citation
    assert check.citation.endswith("(cần xác minh)")
    with translation.override("en"):
        assert "still open" in check.evidence[0]
        assert check.citation.endswith("(to confirm)")
    assert verdict.eligible is False


@ALL_SETS
def test_a_review_closed_before_the_year_end_does_not_block(person, year, rule_set, source):
    PendingReviewFactory(
        person=person,
        kind=PendingReview.Kind.INSPECTION,
        opened_on=D(year, 3, 1),
        closed_on=D(year, 6, 30),
    )
    verdict = evaluate(person, "LDTT", year)
    assert verdict.check("no_pending_review").status == PASS
    assert verdict.eligible is True


@ALL_SETS
def test_a_review_open_on_31_12_blocks_even_if_closed_later(person, year, rule_set, source):
    """Open at the year-end review: the year's award could not be proposed then."""
    PendingReviewFactory(
        person=person,
        kind=PendingReview.Kind.DISCIPLINE,
        opened_on=D(year, 12, 1),
        closed_on=D(year + 1, 1, 20) if year < 2025 else D(2025, 12, 31),
    )
    check = evaluate(person, "LDTT", year).check("no_pending_review")
    if year < 2025:
        assert check.status == FAIL
        assert "discipline under consideration" in check.message_en
    else:
        assert check.status == PASS  # closed on 31/12 itself: no longer open that day


@ALL_SETS
def test_a_review_opened_after_the_year_and_still_open_blocks(person, year, rule_set, source):
    """Still open now: no award is proposed until it is concluded."""
    PendingReviewFactory(person=person, opened_on=D(2025, 1, 5) if year < 2025 else D(year, 12, 30))
    assert evaluate(person, "LDTT", year).check("no_pending_review").status == FAIL


@ALL_SETS
@pytest.mark.parametrize("code", PERSON_AWARDS)
def test_every_person_award_has_the_check(person, year, rule_set, source, code):
    PendingReviewFactory(person=person, opened_on=D(year, 2, 1))
    verdict = evaluate(person, code, year)
    assert verdict.check("no_pending_review").status == FAIL
    assert verdict.eligible is False

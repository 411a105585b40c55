"""`manage.py load_demo`, decisions part: the 2020 list posted with a comment answered, decision
246/QĐ-SKHCN with its rewards and certificates, the provincial titles sent and decided, one award
revoked later — each page and a certificate's verification tried as the README says."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardRecord, Decision, Nomination, Posting, Submission
from organizations.events import describe
from organizations.models import Event
from tests.emulation.conftest import FAST_HASHERS

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def local(moment) -> datetime.datetime:
    return timezone.localtime(moment)


def test_the_2020_list_was_posted_for_three_working_days_and_a_comment_answered(demo):
    posting = Posting.objects.get(year=2020)
    assert posting.state.published and posting.closes_on == datetime.date(2020, 12, 23)
    assert local(posting.published_at).date() == datetime.date(2020, 12, 18)
    (comment,) = posting.comments.all()
    assert comment.status == comment.Status.ANSWERED
    assert local(comment.created_at).date() == datetime.date(2020, 12, 21)
    assert comment.entry.nomination.nominee_name == "Đặng Văn Cường"


def test_decision_246_awards_what_the_director_decides_with_its_rewards(demo):
    decision = Decision.objects.get(symbol="246/QĐ-SKHCN")
    assert decision.signed_on == datetime.date(2020, 12, 28)
    assert decision.signer_name == "Lương Văn Khải" and decision.base_salary == 1_490_000
    records = list(decision.records.select_related("award").order_by("book_number"))
    assert [record.book_number for record in records] == [1, 2, 3, 4, 5, 6]
    awards = sorted(record.award.code for record in records)
    assert awards == ["CSTDCS", "GIAY_KHEN", "GIAY_KHEN_TT", "TTLDTT", "TTLDTT", "TTLDTT"]
    rewards = {record.award.code: record.amount for record in records}
    # Nghị định 91/2017: CSTĐCS 1.0, TTLĐTT 0.8, Giấy khen 0.3 and 0.6 of 1.490.000 đồng,
    # rounded up to ten thousand.
    assert rewards == {
        "CSTDCS": 1_490_000,
        "TTLDTT": 1_200_000,
        "GIAY_KHEN": 450_000,
        "GIAY_KHEN_TT": 900_000,
    }
    assert all(record.certificate_code for record in records)
    # Every 2020 dossier the council passed is closed: awarded here, by the paper decisions
    # already in the history, or by the province.
    passed = Nomination.objects.filter(year=2020).exclude(status=Nomination.Status.NOT_PASSED)
    assert set(passed.values_list("status", flat=True)) == {Nomination.Status.DECIDED}


def test_the_provincial_titles_went_up_and_came_back_decided(demo):
    submission = Submission.objects.get(year=2020)
    assert submission.symbol == "01/TTr-SKHCN" and submission.state.decided
    assert submission.addressee == "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"
    records = AwardRecord.objects.filter(decision_number="312/QĐ-UBND")
    assert sorted(records.values_list("award__code", flat=True)) == ["CSTD_TINH", "TTLDXS"]
    assert set(records.values_list("source_document", flat=True)) == {"Tờ trình số 01/TTr-SKHCN"}


def test_the_revoked_award_and_the_readme_verification(demo, client):
    revoked = AwardRecord.objects.get(status=AwardRecord.Status.REVOKED)
    assert revoked.revoked_on == datetime.date(2021, 3, 15)
    assert revoked.revoking_decision == "45/QĐ-SKHCN"
    # `make run` prints the addresses of a valid and the revoked certificate.
    addresses = re.findall(r"/khen-thuong/xac-thuc/[\w-]+/", demo)
    assert len(addresses) == 2
    valid, gone = (client.get(address) for address in addresses)
    assert 'data-status="valid"' in valid.text
    assert 'data-status="revoked"' in gone.text and "15/03/2021" in gone.text
    assert "Đặng Văn Cường" in gone.text


def test_the_pages_open_for_the_officer_and_staff(demo, client):
    from django.contrib.auth.models import User

    decision = Decision.objects.get(symbol="246/QĐ-SKHCN")
    client.force_login(User.objects.get(username="tdkt"))
    for url in (
        reverse("awards:decision_list"),
        decision.get_absolute_url(),
        reverse("awards:submission_list"),
        Submission.objects.get(year=2020).get_absolute_url(),
        Posting.objects.get(year=2020).get_absolute_url(),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(username="canbo"))
    page = client.get(decision.get_absolute_url())
    assert page.status_code == 200 and "Nông Thị Thu Hà" in page.text


def test_every_event_of_the_award_chain_reads_in_the_readers_words(demo):
    prefixes = ("nomination_", "decision_", "submission_", "posting_", "document_", "award_")
    events = Event.objects.filter(verb__regex=r"^(" + "|".join(prefixes) + ")")
    for verb in events.values_list("verb", flat=True).distinct():
        event = events.filter(verb=verb).first()
        assert describe(event) != event.summary, verb


def test_loading_again_changes_nothing(demo):
    before = (
        Decision.objects.count(),
        Submission.objects.count(),
        AwardRecord.objects.count(),
        Event.objects.count(),
    )
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("load_demo", stdout=StringIO())
    after = (
        Decision.objects.count(),
        Submission.objects.count(),
        AwardRecord.objects.count(),
        Event.objects.count(),
    )
    assert after == before

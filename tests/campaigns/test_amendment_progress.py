"""Progress carries over an amendment: a copied commitment continues the one it copies.

The story, as in the demo: the parties report Q1 and Q2 on version 1, an amendment changes a
target, drops a commitment and adds one, every party signs it, and Q3 is reported on version 2.
"""

import datetime
import html
import importlib
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from campaigns import selectors, services
from campaigns.models import CampaignReview, Commitment, Covenant, Evidence, ProgressReport
from organizations.models import Notification
from tests.campaigns.test_party_progress import add_commitments, pdf, report, sign_all
from tests.factories import CampaignFactory, FocusAreaFactory
from tests.jobs import run_job_download
from tests.pages import text_of

pytestmark = pytest.mark.usefixtures("english", "media")


def progress_url(party):
    return reverse("campaigns:party_progress", args=[party.pk])


def counts(tally):
    return {status: count for status, count in tally.as_list() if count}


def technical_of(covenant, org):
    return covenant.parties.get(unit=org.technical)


@pytest.fixture
def reported(org, leader, covenant):
    """Version 1 in force with Q1 (accepted) and Q2 reported; KT has a second commitment."""
    technical = technical_of(covenant, org)
    kept = technical.commitments.get()
    dropped = services.commitment_save(
        actor=org.alice.user,
        commitment=Commitment(party=technical),
        focus_area=covenant.campaign.focus_areas.get(number=2),
        text="Tổ chức hội thảo khoa học cấp Sở",
        measure="yes_no",
        target=Decimal(1),
        due_date=datetime.date(2020, 6, 30),
    )
    sign_all(org, leader, covenant)
    q1 = report(org.carol.user, kept, "Q1", "on_track", Decimal(85), files=[pdf()])
    services.report_review(actor=org.alice.user, report=q1, accept=True)
    q2 = report(org.carol.user, kept, "Q2", "at_risk", Decimal(87))
    report(org.carol.user, dropped, "Q1", "met", Decimal(1))
    return SimpleNamespace(v1=covenant, kept=kept, dropped=dropped, q1=q1, q2=q2)


def amend(org, leader, story, *, sign=True):
    """Start the amendment: KT's target drops to 95, the seminar goes, a new commitment comes."""
    v2 = services.covenant_amend(actor=org.alice.user, covenant=story.v1)
    technical = technical_of(v2, org)
    story.v2 = v2
    story.kept_v2 = technical.commitments.get(carried_from=story.kept)
    services.commitment_save(
        actor=org.carol.user, commitment=story.kept_v2, target=Decimal(95), text="Sửa: 95% hồ sơ"
    )
    services.commitment_delete(
        actor=org.carol.user, commitment=technical.commitments.get(carried_from=story.dropped)
    )
    story.added = services.commitment_save(
        actor=org.carol.user,
        commitment=Commitment(party=technical),
        focus_area=v2.campaign.focus_areas.get(number=1),
        text="Đề xuất 2 sáng kiến cấp cơ sở",
        measure="number",
        unit_label="sáng kiến",
        target=Decimal(2),
        due_date=datetime.date(2020, 12, 31),
    )
    if sign:
        sign_all(org, leader, v2)
        story.v1.refresh_from_db()
    return story


@pytest.fixture
def amended(org, leader, reported):
    """The amendment in force and Q3 reported on version 2."""
    story = amend(org, leader, reported)
    story.q3 = report(org.carol.user, story.kept_v2, "Q3", "met", Decimal(95))
    return story


# The link


def test_the_amendment_links_each_copied_commitment_to_the_one_it_continues(org, leader, reported):
    v2 = services.covenant_amend(actor=org.alice.user, covenant=reported.v1)
    pairs = {
        (c.party.unit_id, c.carried_from.party.unit_id, c.carried_from.party.covenant_id)
        for c in Commitment.objects.filter(party__covenant=v2).select_related(
            "party", "carried_from__party"
        )
    }
    units = {org.technical.pk, org.union.pk, leader.unit.pk}
    assert pairs == {(unit, unit, reported.v1.pk) for unit in units}
    assert Commitment.objects.filter(party__covenant=v2, carried_from__isnull=True).count() == 0


def test_an_edit_keeps_the_link_and_a_new_commitment_has_none(org, leader, reported):
    story = amend(org, leader, reported, sign=False)
    story.kept_v2.refresh_from_db()
    assert story.kept_v2.carried_from_id == story.kept.pk
    assert story.kept_v2.target == Decimal(95)
    assert story.added.carried_from_id is None


def test_a_commitment_cannot_continue_one_outside_the_amended_version(org, leader, reported):
    v2 = services.covenant_amend(actor=org.alice.user, covenant=reported.v1)
    union_commitment = v2.parties.get(unit=org.union).commitments.get()
    stray = Commitment(
        party=technical_of(v2, org),
        focus_area=union_commitment.focus_area,
        text="Nhận lịch sử của đơn vị khác",
        measure="number",
        target=Decimal(1),
        due_date=datetime.date(2020, 12, 31),
        # The union's commitment of version 1: another party's history.
        carried_from=union_commitment.carried_from,
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        stray.full_clean()
    assert "can only continue one of the same party" in str(refused.value)


# Which version is reported on


def test_while_the_amendment_is_signed_reports_go_to_the_version_in_force(
    org, leader, reported, login
):
    story = amend(org, leader, reported, sign=False)
    before = ProgressReport.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        report(org.carol.user, story.kept_v2, "Q3", "on_track")
    assert "Progress is reported once the covenant is in force." in refused.value.messages
    assert ProgressReport.objects.count() == before

    report(org.carol.user, story.kept, "Q3", "on_track", Decimal(90))
    assert ProgressReport.objects.get(commitment=story.kept, period="Q3").value == Decimal(90)

    # The amendment's party page says where to report, and offers no form.
    client = login(org.carol)
    response = client.get(progress_url(technical_of(story.v2, org)))
    page = text_of(response)
    assert "progress is reported on version 1, in force" in page
    assert progress_url(technical_of(reported.v1, org)) in response.content.decode()
    assert 'data-testid="report-form"' not in response.content.decode()
    # Version 1's page still takes reports.
    page_v1 = client.get(progress_url(technical_of(reported.v1, org))).content.decode()
    assert page_v1.count('data-testid="report-form"') == 2


def test_once_the_amendment_is_in_force_reports_go_to_it(org, leader, amended, login):
    assert amended.v1.status == Covenant.Status.AMENDED
    assert amended.q3.commitment_id == amended.kept_v2.pk
    before = ProgressReport.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        report(org.carol.user, amended.kept, "Q4", "met")
    assert refused.value.messages == [
        "This version of the covenant has been superseded; report on the amendment."
    ]
    assert ProgressReport.objects.count() == before

    client = login(org.carol)
    response = client.get(progress_url(technical_of(amended.v1, org)))
    assert 'data-testid="report-form"' not in response.content.decode()
    assert progress_url(technical_of(amended.v2, org)) in response.content.decode()
    assert "Go to the progress on version 2" in text_of(response)


def test_a_period_accepted_under_the_earlier_version_cannot_be_reported_again(
    org, leader, amended, login
):
    before = ProgressReport.objects.count()
    response = login(org.carol).post(
        reverse("campaigns:report_submit", args=[amended.kept_v2.pk]),
        {
            f"c{amended.kept_v2.pk}-period": "Q1",
            f"c{amended.kept_v2.pk}-status": "met",
            f"c{amended.kept_v2.pk}-value": "95",
        },
    )
    assert response.status_code == 200
    assert "The report for quarter 1 has been accepted and can no longer be changed." in (
        text_of(response)
    )
    assert ProgressReport.objects.count() == before


def test_a_period_awaiting_review_under_the_earlier_version_waits_for_the_review(
    org, leader, amended, login
):
    before = ProgressReport.objects.count()
    response = login(org.carol).post(
        reverse("campaigns:report_submit", args=[amended.kept_v2.pk]),
        {
            f"c{amended.kept_v2.pk}-period": "Q2",
            f"c{amended.kept_v2.pk}-status": "on_track",
            f"c{amended.kept_v2.pk}-value": "90",
        },
    )
    assert response.status_code == 200
    assert (
        "The report for quarter 2 filed under version 1 is awaiting review; it can be reported "
        "again once the emulation officer has returned it."
    ) in text_of(response)
    assert ProgressReport.objects.count() == before
    amended.q2.refresh_from_db()
    assert (amended.q2.review, amended.q2.value) == ("pending", Decimal(87))


def test_a_period_returned_under_the_earlier_version_is_replaced_by_a_new_report(
    org, leader, amended, login
):
    services.report_review(
        actor=org.alice.user, report=amended.q2, accept=False, comment="Thiếu biên bản."
    )
    replacement = report(org.carol.user, amended.kept_v2, "Q2", "on_track", Decimal(90))
    assert replacement.commitment_id == amended.kept_v2.pk
    amended.q2.refresh_from_db()
    assert amended.q2.review == ProgressReport.Review.RETURNED  # left where it was filed

    response = login(org.bob).get(progress_url(technical_of(amended.v2, org)))
    (kept,) = [c for c in response.context["groups"][0][1] if c.pk == amended.kept_v2.pk]
    assert [(r.period, r.earlier_version, r.superseded) for r in kept.reports_in_order] == [
        ("Q1", 1, False),
        ("Q2", 1, True),
        ("Q2", None, False),
        ("Q3", None, False),
    ]
    assert kept.reports_by_period["Q2"] == replacement
    assert "Replaced by a later report for this period" in text_of(response)


# Where progress is read


def test_the_party_page_shows_q1_to_q3_with_the_earlier_ones_marked(org, leader, amended, login):
    response = login(org.bob).get(progress_url(technical_of(amended.v2, org)))
    page = response.content.decode()
    groups = dict((area.number, items) for area, items in response.context["groups"])
    kept, added = groups[1]
    assert [(r.period, r.earlier_version) for r in kept.reports_in_order] == [
        ("Q1", 1),
        ("Q2", 1),
        ("Q3", None),
    ]
    assert kept.latest_report == amended.q3
    assert added.reports_in_order == []
    assert 2 not in groups  # the seminar was dropped
    assert page.count('data-testid="earlier-version"') == 2
    assert "Filed under version 1" in text_of(response)
    assert "carry over to version 2" in text_of(response)
    # The earlier reports are read against the target they were filed against.
    assert "85% / 100%" in text_of(response)
    assert "95% / 95%" in text_of(response)
    # Their evidence stays where it was filed, and is still downloadable.
    evidence = Evidence.objects.get(report=amended.q1)
    assert reverse("campaigns:evidence_download", args=[evidence.pk]) in page
    summary = {s["status"]: s["count"] for s in response.context["summary"]["segments"]}
    assert summary["met"] == 1 and summary["not_reported"] == 1


def test_the_earlier_version_keeps_its_own_history(org, leader, amended, login):
    client = login(org.bob)
    covenant_page = client.get(amended.v1.get_absolute_url()).content.decode()
    assert progress_url(technical_of(amended.v1, org)) in covenant_page
    response = client.get(progress_url(technical_of(amended.v1, org)))
    groups = dict((area.number, items) for area, items in response.context["groups"])
    (kept,) = groups[1]
    (dropped,) = groups[2]
    assert [r.period for r in kept.reports_in_order] == ["Q1", "Q2"]
    assert all(r.earlier_version is None for r in kept.reports_in_order)
    assert [r.period for r in dropped.reports_in_order] == ["Q1"]
    assert "Tổ chức hội thảo khoa học cấp Sở" in text_of(response)


def test_the_tallies_count_each_commitment_once_by_its_latest_report_in_the_chain(
    org, leader, amended, login
):
    tallies = selectors.progress_tallies(amended.v2.campaign)
    parties = {tally.label: counts(tally) for tally in tallies["parties"]}
    # KT: the carried commitment by its Q3 status; the new one unreported; the dropped one
    # no longer counts.
    assert parties["Phòng Quản lý công nghệ"] == {"met": 1, "not_reported": 1}
    assert counts(tallies["overall"]) == {"met": 1, "not_reported": 3}

    response = login(org.bob).get(amended.v2.campaign.get_absolute_url())
    rows = {
        row["label"]: {s["status"]: s["count"] for s in row["segments"] if s["count"]}
        for row in response.context["party_rows"]
    }
    assert rows["Phòng Quản lý công nghệ"] == {"met": 1, "not_reported": 1}
    assert response.context["overall"]["total"] == 4
    # Asked about both versions at once, each reads its own chain: version 1 stops at Q2.
    assert selectors.latest_statuses([amended.kept.pk, amended.kept_v2.pk]) == {
        amended.kept.pk: "at_risk",
        amended.kept_v2.pk: "met",
    }


def test_before_q3_the_carried_commitment_counts_with_its_q2_status(org, leader, reported):
    story = amend(org, leader, reported)
    technical = [
        t
        for t in selectors.progress_tallies(story.v2.campaign)["parties"]
        if t.key.unit_id == org.technical.pk
    ]
    assert counts(technical[0]) == {"at_risk": 1, "not_reported": 1}
    assert selectors.latest_statuses([story.kept_v2.pk]) == {story.kept_v2.pk: "at_risk"}


def test_the_final_review_compiles_from_the_chain(org, leader, amended, login):
    services.review_open(actor=org.alice.user, campaign=amended.v2.campaign, kind="final")
    client = login(org.alice)
    url = reverse("campaigns:review_detail", args=[amended.v2.campaign.code, "final"])
    live = client.get(url)
    rows = {
        row["label"]: {s["status"]: s["count"] for s in row["segments"] if s["count"]}
        for row in live.context["party_rows"]
    }
    assert rows["Phòng Quản lý công nghệ"] == {"met": 1, "not_reported": 1}
    response = client.post(
        reverse("campaigns:review_conclude", args=[amended.v2.campaign.code, "final"]),
        {"conclusions": "Tổng kết năm 2020."},
    )
    assert response.status_code == 302
    review = CampaignReview.objects.get(campaign=amended.v2.campaign, kind="final")
    technical = next(
        row for row in review.snapshot["parties"] if row["label"] == "Phòng Quản lý công nghệ"
    )
    assert technical["counts"]["met"] == 1
    assert technical["total"] == 2
    assert review.snapshot["overall"]["counts"]["met"] == 1
    amended.v1.refresh_from_db()
    amended.v2.refresh_from_db()
    # The amendment closes with the campaign; the superseded version stays superseded.
    assert (amended.v1.status, amended.v2.status) == ("amended", "closed")
    closed = selectors.progress_tallies(amended.v2.campaign)
    assert counts(closed["overall"]) == {"met": 1, "not_reported": 3}


def test_the_review_queue_marks_a_report_filed_under_the_earlier_version(
    org, leader, amended, login
):
    response = login(org.alice).get(
        reverse("campaigns:reports_pending", args=[amended.v2.campaign.code])
    )
    page = response.content.decode()
    pending = {report.pk for report in response.context["page"].object_list}
    assert amended.q2.pk in pending and amended.q3.pk in pending
    item = page[page.index(f'data-report="{amended.q2.pk}"') :]
    item = item[: item.index("</article>")]
    assert "Filed under version 1" in html.unescape(item)
    item = page[page.index(f'data-report="{amended.q3.pk}"') :]
    assert 'data-testid="earlier-version"' not in item[: item.index("</article>")]


def test_returning_an_earlier_report_points_the_reporter_to_the_amendment(org, leader, amended):
    services.report_review(
        actor=org.alice.user, report=amended.q2, accept=False, comment="Thiếu biên bản."
    )
    notice = Notification.objects.filter(recipient=org.carol.user).latest("pk")
    expected = progress_url(technical_of(amended.v2, org)) + f"#commitment-{amended.kept_v2.pk}"
    assert notice.url == expected


def test_the_workbook_of_the_amendment_shows_the_quarters_of_the_chain(org, leader, amended, login):
    url = reverse("campaigns:covenant_export", args=[amended.v2.code])
    response = run_job_download(login(org.bob), url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    (kept,) = [row for row in rows if row[2] == "Sửa: 95% hồ sơ"]
    assert kept[8:14] == ["On track", 85, "At risk", 87, "Met", 95]
    assert kept[-1] == "Met"
    assert not any(row[2] == "Tổ chức hội thảo khoa học cấp Sở" for row in rows)


def test_a_commitment_met_before_the_amendment_is_not_announced_as_due(org, leader, reported):
    services.report_review(actor=org.alice.user, report=reported.q2, accept=True)
    report(org.carol.user, reported.kept, "H1", "met", Decimal(100))
    story = amend(org, leader, reported)
    before = Notification.objects.filter(recipient=org.carol.user).count()
    result = services.deadlines_notify(today=datetime.date(2020, 12, 26))
    # The board's and the union's commitments are due; KT's carried one was met, the new one
    # is due.
    announced = Notification.objects.filter(recipient=org.carol.user).order_by("pk")[before:]
    (notice,) = announced
    assert story.added.text in notice.body
    assert "Sửa: 95% hồ sơ" not in notice.body
    assert result["commitments"] == 3


# The amendment's pages


def test_the_amendment_page_marks_what_changed_and_what_is_new(org, leader, reported, login):
    story = amend(org, leader, reported, sign=False)
    page = login(org.bob).get(story.v2.get_absolute_url()).content.decode()
    marks = re.findall(r'id="commitment-(\d+)".*?(?:data-mark="(\w+)"|</tr>)', page, re.S)
    marks = {int(pk): mark for pk, mark in marks}
    assert marks[story.kept_v2.pk] == "changed"
    assert marks[story.added.pk] == "new"
    assert sum(1 for mark in marks.values() if mark) == 2  # the board and union: unchanged


def test_the_amend_confirmation_says_progress_carries_over(org, reported, login):
    page = text_of(
        login(org.alice).get(reverse("campaigns:covenant_amend", args=[reported.v1.code]))
    )
    assert "Progress reported so far carries over" in page


def test_removing_a_carried_commitment_warns_that_its_history_stops_counting(org, reported, login):
    v2 = services.covenant_amend(actor=org.alice.user, covenant=reported.v1)
    copy = technical_of(v2, org).commitments.get(carried_from=reported.dropped)
    page = text_of(login(org.carol).get(reverse("campaigns:commitment_delete", args=[copy.pk])))
    assert "This commitment continues one of version 1." in page
    assert "no longer counts once this amendment is in force" in page


# Query counts


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def three_versions(org, leader, *, extra):
    """Build a launched campaign whose covenant was amended twice, with Q1–Q2 reported on
    version 1 and Q3 on version 3; KT has `extra` commitments more than the other parties."""
    campaign = CampaignFactory(organiser=org.agency)
    for number in (1, 2):
        FocusAreaFactory(campaign=campaign, number=number)
    services.campaign_launch(actor=org.alice.user, campaign=campaign)
    covenant = services.covenant_create(
        actor=org.alice.user,
        campaign=campaign,
        title="Giao ước thi đua",
        signing_date=datetime.date(2020, 1, 2),
        signing_place="Lạng Sơn",
    )
    signers = [(leader.unit, leader), (org.union, org.dave), (org.technical, org.carol)]
    for unit, persona in signers:
        party = services.party_add(
            actor=org.alice.user, covenant=covenant, unit=unit, representative=persona.person
        )
        add_commitments(org, party, 1 + (extra if unit == org.technical else 0))
    services.covenant_open(actor=org.alice.user, covenant=covenant)
    sign_all(org, leader, covenant)
    reporters = {unit.pk: persona.user for unit, persona in signers}
    for commitment in Commitment.objects.filter(party__covenant=covenant).select_related("party"):
        for period in ["Q1", "Q2"]:
            report(reporters[commitment.party.unit_id], commitment, period, files=[pdf()])
    latest = covenant
    for _version in (2, 3):
        latest = services.covenant_amend(actor=org.alice.user, covenant=latest)
        sign_all(org, leader, latest)
    for commitment in Commitment.objects.filter(party__covenant=latest).select_related("party"):
        report(reporters[commitment.party.unit_id], commitment, "Q3", files=[pdf()])
    return campaign, latest


def page_urls(campaign, covenant, org):
    return [
        progress_url(technical_of(covenant, org)),
        campaign.get_absolute_url(),
        reverse("campaigns:review_detail", args=[campaign.code, "interim"]),
        reverse("campaigns:reports_pending", args=[campaign.code]),
        covenant.get_absolute_url(),
    ]


def test_query_counts_stay_constant_with_amendments_as_data_grows(org, leader, login):
    small_campaign, small_covenant = three_versions(org, leader, extra=0)
    large_campaign, large_covenant = three_versions(org, leader, extra=9)
    client = login(org.alice)
    client.get(small_campaign.get_absolute_url())  # warm the session and content types
    cache.clear()  # but count the campaign's progress afresh on both, as its first view does
    small = [count_queries(client, url) for url in page_urls(small_campaign, small_covenant, org)]
    large = [count_queries(client, url) for url in page_urls(large_campaign, large_covenant, org)]
    assert large == small

    response = client.get(progress_url(technical_of(large_covenant, org)))
    periods = [
        [(r.period, r.earlier_version) for r in c.reports_in_order]
        for _area, items in response.context["groups"]
        for c in items
    ]
    assert periods == [[("Q1", 1), ("Q2", 1), ("Q3", None)]] * 10
    assert selectors.progress_tallies(large_campaign)["overall"].total == 12


# The migration


def test_the_migration_links_amendments_made_before_the_link_existed(org, leader, reported):
    story = amend(org, leader, reported)
    Commitment.objects.filter(party__covenant=story.v2).update(carried_from=None)
    migration = importlib.import_module("campaigns.migrations.0002_commitment_carried_from")
    migration.link_existing_amendments(apps, None)
    links = dict(
        Commitment.objects.filter(party__covenant=story.v2).values_list("pk", "carried_from_id")
    )
    board = story.v2.parties.get(unit=leader.unit).commitments.get()
    union = story.v2.parties.get(unit=org.union).commitments.get()
    assert links[board.pk] == story.v1.parties.get(unit=leader.unit).commitments.get().pk
    assert links[union.pk] == story.v1.parties.get(unit=org.union).commitments.get().pk
    # Its text changed: it cannot be told from a new commitment, and stays unlinked.
    assert links[story.kept_v2.pk] is None
    assert links[story.added.pk] is None

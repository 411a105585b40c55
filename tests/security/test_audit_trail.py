"""The audit trail on an object's page (issue "Trust"): the emulation officer reads who did what
and when on a campaign, a covenant, a decision, a posting and a submission; others do not."""

import re

import pytest

from awards.services import posting as posting_services
from tests.factories import PersonFactory, passed

pytestmark = pytest.mark.usefixtures("english")


def entries(page) -> list[str]:
    body = page.content.decode()
    if 'data-testid="audit-trail"' not in body:
        return []
    trail = body.split('data-testid="audit-trail"')[1].split("</section>")[0]
    chunks = trail.split('data-testid="audit-entry">')[1:]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", chunk)).strip() for chunk in chunks]


def test_the_officer_reads_the_campaign_and_covenant_trail(org, leader, login, covenant_in_force):
    campaign = covenant_in_force.campaign
    officer = login(org.alice)
    trail = entries(officer.get(campaign.get_absolute_url()))
    assert trail and any("Nguyễn Thị Alice" in entry for entry in trail)
    # Each entry says what happened, not only what it is about.
    assert any(f"Campaign launched: {campaign.name}" in entry for entry in trail)
    assert any("Milestone saved: 18/05/2020" in entry for entry in trail)
    signed = entries(officer.get(covenant_in_force.get_absolute_url()))
    assert sum("Lê Thị Carol" in entry or "Lương Thị Lena" in entry for entry in signed) >= 2
    assert sum("Covenant signed for: " in entry for entry in signed) == 3
    assert entries(login(leader).get(campaign.get_absolute_url())) == []
    assert entries(login(org.carol).get(covenant_in_force.get_absolute_url())) == []


def test_the_officer_reads_the_posting_trail(org, login):
    passed(PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa"))
    posting = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    posting_services.posting_publish(actor=org.alice.user, posting=posting)
    trail = entries(login(org.alice).get(posting.get_absolute_url()))
    assert len(trail) == 2
    assert "List published, open to comments" in trail[0] and "List of 2020 prepared" in trail[1]
    assert all("Nguyễn Thị Alice" in entry for entry in trail)

"""Award events read as sentences in a person's recent changes, not as stored codes."""

import datetime

from django.urls import reverse

from awards import services
from awards.models import Award, AwardRecord


def record(org):
    return services.award_record_add(
        actor=org.alice.user,
        award=Award.objects.get(code="LDTT"),
        person=org.carol.person,
        year=2019,
        decision_number="45/QĐ-SKHCN",
        decision_date=datetime.date(2020, 1, 10),
        issuer="Giám đốc Sở",
        source=AwardRecord.Source.ENTERED,
        source_document="Bản sao quyết định 45/QĐ-SKHCN",
    )


def recent_changes(client):
    response = client.get(reverse("organizations:person_detail", args=["CAROL"]))
    return [entry.text for entry in response.context["events"]]


def test_an_added_and_a_revoked_award_read_in_english(org, login):
    services.award_record_revoke(
        actor=org.alice.user, record=record(org), reason="Hồ sơ sai", revoking_decision="9/QĐ"
    )
    client = login(org.alice)
    client.cookies["portal_language"] = "en"
    assert recent_changes(client) == [
        "Award revoked: Advanced worker for 2019, by decision 9/QĐ",
        "Award history: Advanced worker for 2019, decision 45/QĐ-SKHCN",
    ]


def test_an_added_award_reads_in_vietnamese(org, login):
    record(org)
    assert recent_changes(login(org.alice)) == [
        "Quá trình khen thưởng: Lao động tiên tiến năm 2019, quyết định 45/QĐ-SKHCN"
    ]

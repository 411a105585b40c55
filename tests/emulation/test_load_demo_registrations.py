"""`manage.py load_demo`, registrations part: the 2020 round, its states, and idempotence."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from awards.models import Registration, RegistrationList
from emulation.demo.registrations import RETURN_COMMENT
from organizations.models import Event, Notification, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def statuses() -> dict[str, str]:
    return dict(RegistrationList.objects.filter(year=2020).values_list("unit__code", "status"))


def test_most_lists_are_approved_one_returned_one_waiting_one_draft(demo):
    found = statuses()
    assert found == {
        "VP": "approved",
        "KHTC": "approved",
        "QLKH": "approved",
        "QLCN": "returned",
        "TT": "approved",
        "CCTCDLCL": "approved",
        "QLDL": "approved",
        "TTUDKHCN": "approved",
        "UDCG": "submitted",
        "TTTTKHCN": "draft",
    }
    returned = RegistrationList.objects.get(year=2020, unit__code="QLCN")
    assert returned.review_comment == RETURN_COMMENT
    assert returned.reviewed_by.username == "tdkt"
    # Every 2020 list belongs to the 2020 campaign (2021's are in emulation/demo/nominations.py).
    lists = RegistrationList.objects.filter(year=2020)
    assert set(lists.values_list("campaign__name", flat=True)) == {
        "Phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ chính trị, mục tiêu phát "
        "triển kinh tế - xã hội năm 2020"
    }


def test_everyone_at_work_registered_for_ldtt_and_canbo_registered_herself(demo):
    units = list(statuses())
    working = Person.objects.filter(unit__code__in=units).active(datetime.date(2020, 1, 6))
    registered = set(
        Registration.objects.filter(award__code="LDTT", year=2020).values_list(
            "person_id", flat=True
        )
    )
    assert set(working.values_list("pk", flat=True)) == registered
    mine = Registration.objects.filter(person__user__username="canbo", year=2020).order_by(
        "award__rank"
    )
    assert [(r.award.code, r.registered_by.username) for r in mine] == [
        ("LDTT", "canbo"),
        ("CSTDCS", "canbo"),
    ]
    assert (
        Registration.objects.get(
            person__full_name="Chu Đức Thuận", award__code="CSTD_TINH"
        ).registered_by.username
        == "hoidong4"
    )
    # The returned list lacks its collective title: that is what the officer asks for.
    assert not Registration.objects.filter(unit__code="QLCN").exists()
    assert set(
        Registration.objects.filter(unit__code="TT").values_list("award__code", flat=True)
    ) == {"TTLDTT", "TTLDXS"}


def test_the_round_happens_in_january_2020(demo):
    january = (datetime.date(2020, 1, 1), datetime.date(2020, 1, 31))
    lists = RegistrationList.objects.filter(year=2020)
    for registration_list in lists:
        for moment in (registration_list.created_at, registration_list.submitted_at):
            if moment is not None:
                assert january[0] <= moment.date() <= january[1]
    assert all(
        january[0] <= when.date() <= january[1]
        for when in Registration.objects.filter(year=2020).values_list("created_at", flat=True)
    )
    events = Event.objects.filter(verb__startswith="registration").for_targets(
        RegistrationList, lists.values_list("pk", flat=True)
    )
    assert events.count() > 50
    assert not events.filter(created_at__year__gt=2020).exists()
    qlkh = lists.get(unit__code="QLKH")
    verbs = list(
        events.filter(target_id=str(qlkh.pk))
        .order_by("created_at", "id")
        .values_list("verb", flat=True)
    )
    assert verbs[-2:] == ["registration_list_submitted", "registration_list_approved"]


def row_counts():
    return (
        RegistrationList.objects.count(),
        Registration.objects.count(),
        Event.objects.count(),
        Notification.objects.count(),
        sorted(statuses().items()),
    )


def test_running_it_twice_changes_nothing(demo):
    before = row_counts()
    output = load_demo()
    assert row_counts() == before
    assert re.search(r"^  Registration lists 2020\s+10  \(0 new\)$", output, re.M)
    assert re.search(r"^  Registrations 2020\s+\d+  \(0 new\)$", output, re.M)


def test_the_demo_logins_see_the_round(demo, client):
    client.cookies["portal_language"] = "en"
    client.force_login(User.objects.get(username="canbo"))
    mine = client.get(reverse("awards:registration_mine"), {"year": 2020})
    assert [e.award.code for e in mine.context["entries"]] == ["LDTT", "CSTDCS"]
    assert "Approved" in mine.text

    client.force_login(User.objects.get(username="tdkt"))
    queue = client.get(reverse("awards:registration_queue"))
    assert [item.unit.code for item in queue.context["page"].object_list] == ["UDCG"]
    assert [item.unit.code for item in queue.context["returned"]] == ["QLCN"]
    table = client.get(reverse("awards:registration_table"), {"year": 2020, "q": "nong thi thu ha"})
    assert {e.registrant_name for e in table.context["page"].object_list} == {"Nông Thị Thu Hà"}

    client.force_login(User.objects.get(username="qlcn"))
    page = client.get(RegistrationList.objects.get(unit__code="QLCN").get_absolute_url())
    assert page.context["can_edit"] and page.context["can_submit"]
    assert RETURN_COMMENT in page.text

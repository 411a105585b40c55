"""`manage.py load_demo`: the seed's agency, its staff and records, and a login for every role."""

import datetime
import html
import re
import unicodedata
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from organizations import roles
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    Event,
    Membership,
    Person,
    Unit,
)
from organizations.vietnamese import name_sort_key

pytestmark = pytest.mark.django_db

K = Unit.Kind
UNIT_TREE = {
    # code: (kind, parent code)
    "SKHCN": (K.AGENCY, None),
    "BLD": (K.LEADERSHIP_BOARD, "SKHCN"),
    "VP": (K.DIVISION, "SKHCN"),
    "KHTC": (K.DIVISION, "SKHCN"),
    "QLKH": (K.DIVISION, "SKHCN"),
    "QLCN": (K.DIVISION, "SKHCN"),
    "TT": (K.DIVISION, "SKHCN"),
    "CCTCDLCL": (K.SUBORDINATE_UNIT, "SKHCN"),
    "QLDL": (K.DIVISION, "CCTCDLCL"),
    "TTUDKHCN": (K.SUBORDINATE_UNIT, "SKHCN"),
    "UDCG": (K.DIVISION, "TTUDKHCN"),
    "TTTTKHCN": (K.SUBORDINATE_UNIT, "SKHCN"),
    "CD": (K.TRADE_UNION, "SKHCN"),
    "DTN": (K.YOUTH_UNION, "SKHCN"),
    "CB": (K.PARTY_CELL, "SKHCN"),
}

STAFF, HEAD, OFFICER, COUNCIL = roles.STAFF, roles.UNIT_HEAD, roles.OFFICER, roles.COUNCIL_MEMBER
LOGINS = {
    # username: (groups, unit code of the person)
    "admin": ({STAFF}, "TTTTKHCN"),
    "canbo": ({STAFF}, "QLKH"),
    "truongphong": ({HEAD, STAFF}, "QLKH"),
    "tdkt": ({OFFICER, STAFF}, "VP"),
    "hoidong1": ({COUNCIL, STAFF}, None),
    "hoidong2": ({COUNCIL, HEAD, STAFF}, None),
    "hoidong3": ({COUNCIL, HEAD, STAFF}, None),
    "hoidong4": ({COUNCIL, HEAD, STAFF}, None),
    "hoidong5": ({COUNCIL, HEAD, STAFF}, None),
    "lanhdao": ({roles.LEADERSHIP, COUNCIL, STAFF}, "BLD"),
    "congdoan": ({roles.UNION_CHAIR, STAFF}, None),
    "doanthanhnien": ({roles.UNION_CHAIR, STAFF}, None),
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The demo hashes a dozen passwords per run; the real hasher would make this file crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def row_counts() -> dict[str, int]:
    """Count every row the demo may write, history and events included."""
    labels = ["auth.User", "auth.Group"] + [
        model._meta.label for model in apps.get_app_config("organizations").get_models()
    ]
    return {label: apps.get_model(label).objects.count() for label in labels}


def test_it_builds_the_unit_tree(demo):
    units = {unit.code: unit for unit in Unit.objects.select_related("parent")}
    assert set(units) == set(UNIT_TREE)
    for code, (kind, parent) in UNIT_TREE.items():
        unit = units[code]
        assert unit.kind == kind, code
        assert (unit.parent.code if unit.parent else None) == parent, code
        assert re.fullmatch(r"[A-Z]+", code)
    assert units["SKHCN"].name == "Sở Khoa học và Công nghệ tỉnh Lạng Sơn"
    assert units["QLDL"].path == "/SKHCN/CCTCDLCL/QLDL/"


def test_it_builds_about_sixty_plausible_people(demo):
    people = list(Person.objects.select_related("unit"))
    assert 55 <= len(people) <= 70
    assert len({person.full_name for person in people}) == len(people)
    for person in people:
        assert re.fullmatch(r"SKHCN\d{3}", person.code)
        assert unicodedata.normalize("NFC", person.full_name) == person.full_name
        middle = person.full_name.split()[1]
        if middle == "Thị":
            assert person.gender == Person.Gender.FEMALE, person
        if middle == "Văn":
            assert person.gender == Person.Gender.MALE, person
        assert 1995 <= person.start_date.year <= 2019
        assert person.date_of_birth.year + 21 <= person.start_date.year
        in_centre = person.unit.path.startswith(("/SKHCN/TTUDKHCN/", "/SKHCN/TTTTKHCN/"))
        if person.employment_type != Person.EmploymentType.CONTRACT:
            expected = (
                Person.EmploymentType.PUBLIC_EMPLOYEE
                if in_centre
                else Person.EmploymentType.CIVIL_SERVANT
            )
            assert person.employment_type == expected, person
    left = [person for person in people if person.end_date]
    assert len(left) == 2
    assert {person.end_date.year for person in left} == {2019, 2020}
    assert any(p.employment_type == Person.EmploymentType.CONTRACT for p in people)
    leaders = {p.position: p.unit.code for p in people if p.position.endswith("Giám đốc Sở")}
    assert leaders == {"Giám đốc Sở": "BLD", "Phó Giám đốc Sở": "BLD"}


@pytest.mark.parametrize("username", LOGINS)
def test_each_demo_login_authenticates_and_has_its_groups(demo, username):
    groups, unit_code = LOGINS[username]
    request = RequestFactory().get("/")
    user = authenticate(request=request, username=username, password="demo")
    assert user is not None
    assert set(user.groups.values_list("name", flat=True)) == groups
    person = Person.objects.select_related("unit").get(user=user)
    if unit_code:
        assert person.unit.code == unit_code
    assert user.is_superuser == (username == "admin")
    assert user.is_staff == (username == "admin")


def test_every_login_is_a_different_person(demo):
    linked = Person.objects.filter(user__username__in=LOGINS)
    assert linked.count() == len(LOGINS)
    director = Person.objects.get(user__username="lanhdao")
    assert director.position == "Giám đốc Sở"
    assert Person.objects.get(user__username="truongphong").position == "Trưởng phòng"
    council = Person.objects.filter(user__username__startswith="hoidong")
    assert director not in council
    assert council.count() == 5


def test_it_rates_everyone_employed_in_2017_to_2019(demo):
    ratings = AnnualRating.objects.filter(year__in=(2017, 2018, 2019))
    # 2020 ratings exist only for the people of the eligibility cases (emulation/demo/awards.py),
    # 2021 ratings only for Phòng Quản lý khoa học (emulation/demo/nominations.py).
    assert set(AnnualRating.objects.values_list("year", flat=True)) == {
        2017,
        2018,
        2019,
        2020,
        2021,
    }
    assert set(
        AnnualRating.objects.filter(year=2021).values_list("person__unit__code", flat=True)
    ) == {"QLKH"}
    rated = set(ratings.values_list("person__code", "year"))
    for year in (2017, 2018, 2019):
        employed = Person.objects.filter(start_date__lte=datetime.date(year, 6, 30)).exclude(
            end_date__lt=datetime.date(year, 12, 31)
        )
        assert employed.count() > 40
        for code in employed.values_list("code", flat=True):
            assert (code, year) in rated, (code, year)
    levels = list(ratings.values_list("level", flat=True))
    excellent = levels.count(AnnualRating.Level.EXCELLENT) / len(levels)
    assert 0.12 <= excellent <= 0.20
    assert levels.count(AnnualRating.Level.GOOD) > len(levels) / 2
    assert levels.count(AnnualRating.Level.COMPLETED) >= 3
    assert 1 <= levels.count(AnnualRating.Level.NOT_COMPLETED) <= 2


def test_it_records_a_reprimand_and_a_warning(demo):
    records = {record.form: record for record in DisciplineRecord.objects.all()}
    assert records[DisciplineRecord.Form.REPRIMAND].start_date.year == 2019
    warning = records[DisciplineRecord.Form.WARNING]
    assert (warning.start_date.year, warning.end_date.year) == (2018, 2019)
    assert Event.objects.filter(verb="discipline_recorded").count() == 2


def test_union_chairs_chair_their_organisations(demo):
    for code in ("CD", "DTN", "CB"):
        chairs = Membership.objects.filter(organisation__code=code, role=Membership.Role.CHAIR)
        assert chairs.count() == 1, code
    for username, code in (("congdoan", "CD"), ("doanthanhnien", "DTN")):
        membership = Membership.objects.get(
            person__user__username=username, organisation__code=code
        )
        assert membership.role == Membership.Role.CHAIR
    people = Person.objects.count()
    assert Membership.objects.filter(organisation__code="CD").count() > 0.8 * people
    assert Membership.objects.filter(organisation__code="DTN").count() >= 10
    assert Membership.objects.filter(organisation__code="CB").count() >= 10


def test_running_it_twice_changes_nothing(demo):
    before = row_counts()
    output = load_demo()
    assert row_counts() == before
    assert set(re.findall(r"\((\d+) new\)", output)) == {"0"}
    assert User.objects.get(username="canbo").check_password("demo")


def test_a_unit_moved_since_is_put_back_with_the_units_below_it(demo):
    from organizations.actors import SYSTEM
    from organizations.services import unit_move

    unit_move(
        actor=SYSTEM,
        unit=Unit.objects.get(code="CCTCDLCL"),
        parent=Unit.objects.get(code="VP"),
    )
    assert Unit.objects.get(code="QLDL").path == "/SKHCN/VP/CCTCDLCL/QLDL/"
    load_demo()
    assert Unit.objects.get(code="CCTCDLCL").parent.code == "SKHCN"
    assert Unit.objects.get(code="QLDL").path == "/SKHCN/CCTCDLCL/QLDL/"


def test_a_second_run_resets_passwords_and_groups(demo):
    user = User.objects.get(username="canbo")
    user.set_password("changed")
    user.save()
    user.groups.clear()
    load_demo()
    user.refresh_from_db()
    assert user.check_password("demo")
    assert set(user.groups.values_list("name", flat=True)) == {STAFF}


def test_it_prints_the_counts_and_the_logins(demo):
    assert "People" in demo
    for username in LOGINS:
        assert username in demo
    assert "Lương Văn Khải" in demo
    assert "password: demo" in demo


def test_each_login_signs_in_through_the_login_page(demo, client):
    for username in LOGINS:
        person = Person.objects.get(user__username=username)
        response = client.post(reverse("login"), {"username": username, "password": "demo"})
        assert response.status_code == 302, username
        assert response.url == reverse("home")
        response = client.get(reverse("home"))
        assert response.status_code == 200
        assert person.full_name in response.content.decode(), username
        client.logout()


def test_people_list_sorts_names_the_vietnamese_way(demo, client, settings):
    client.force_login(User.objects.get(username="tdkt"))
    response = client.get(reverse("organizations:person_list"))
    assert response.status_code == 200
    prefix = re.escape(reverse("organizations:person_detail", args=["X"]).rsplit("X", 1)[0])
    names = [
        html.unescape(name)
        for name in re.findall(rf'<a href="{prefix}[^"/]+/">([^<]+)</a>', response.content.decode())
    ]
    assert len(names) == min(settings.PAGE_SIZE, Person.objects.count())
    assert names == sorted(names, key=name_sort_key)
    everyone = sorted(Person.objects.values_list("full_name", flat=True), key=name_sort_key)
    assert names == everyone[: len(names)]

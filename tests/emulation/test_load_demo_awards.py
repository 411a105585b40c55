"""`manage.py load_demo`, awards part: every 2020 outcome, and page and command agree on them."""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from awards.eligibility import EligibilityError, evaluate, evaluate_many
from awards.eligibility.batch import cstdcs_batch
from awards.eligibility.engine import PERSON_TITLES, UNIT_TITLES
from awards.models import AwardRecord, Initiative
from organizations import roles
from organizations.models import (
    AnnualRating,
    LeaveRecord,
    PendingReview,
    Person,
    Unit,
    UnitRating,
)
from tests.factories import PersonFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

# (person or unit code, title, expected eligible) for 2020; see emulation/demo/awards.py.
PERSON_CASES = [
    ("Nông Thị Thu Hà", "CSTDCS", True),  # (a)
    ("Hà Thị Kim Oanh", "LDTT", True),  # (b)
    ("Hà Thị Kim Oanh", "CSTDCS", False),  # (b)
    ("Hoàng Văn Chiến", "LDTT", False),  # (c)
    ("Trần Thị Minh Nguyệt", "LDTT", None),  # (d)
    ("Chu Đức Thuận", "CSTD_TINH", True),  # (f)
    ("Lương Thị Phương", "LDTT", False),  # (g) pending review
    ("Hồ Thị Yến", "LDTT", True),  # (h) maternity leave of a person in service
    ("Chu Đức Thuận", "BANG_KHEN_TINH", True),  # (i) by two consecutive CSTĐCS
    ("Nông Thị Thu Hà", "BANG_KHEN_TINH", True),  # (i) by excellent years and initiatives
]
UNIT_CASES = [
    ("TT", "TTLDTT", True),  # (e) above
    ("TT", "TTLDXS", True),
    ("QLDL", "TTLDTT", False),  # (e) below
    ("QLDL", "TTLDXS", False),
    ("TT", "BANG_KHEN_TINH_TT", True),  # (j)
    ("QLDL", "BANG_KHEN_TINH_TT", False),
]
OUTCOME = {True: "eligible", False: "not_eligible", None: "unknown"}


@pytest.fixture
def demo(demo_output, db, client):
    client.cookies["portal_language"] = "en"
    return client


def verdict_card(text, code):
    return text.split(f'data-testid="verdict-{code}"', 1)[1].split('data-testid="verdict-')[0]


def page_result(client, url, code):
    response = client.get(url + "?year=2020")
    assert response.status_code == 200
    card = verdict_card(response.text, code)
    outcome = re.match(r' data-outcome="([a-z_]+)"', card).group(1)
    return outcome, dict(re.findall(r'data-code="([a-z_]+)" data-status="([a-z]+)"', card))


def command_result(kind, key, code):
    out = StringIO()
    call_command(
        "eligibility", f"--{kind}", key, "--title", code, "--year", "2020", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    return data["eligible"], {c["code"]: c["status"] for c in data["checks"]}


def test_each_demo_case_gives_the_expected_verdict(demo):
    for name, code, expected in PERSON_CASES:
        verdict = evaluate(Person.objects.get(full_name=name), code, 2020)
        if code == "CSTDCS":
            # Alone, the batch quota stays unknown; the other checks decide.
            quota = verdict.check("quota")
            assert quota.status == "unknown"
            others = {c.status for c in verdict.checks if c.code != "quota"}
            assert ("fail" not in others) is expected, name
        else:
            assert verdict.eligible is expected, (name, code)
    for unit_code, code, expected in UNIT_CASES:
        assert evaluate(Unit.objects.get(code=unit_code), code, 2020).eligible is expected


def test_the_new_checks_decide_the_new_cases(demo):
    """(g) the open denunciation, (h) the maternity leave, (i) one path each, (j) the unit, and
    the 2020 registrations the 2003 law asks of every title (Điểm b Khoản 1 Điều 10)."""
    phuong = evaluate(Person.objects.get(full_name="Lương Thị Phương"), "LDTT", 2020)
    assert phuong.check("rating_good").status == "pass"
    assert phuong.check("no_pending_review").status == "fail"
    assert not phuong.nominee.awards.filter(award__code="LDTT", year=2020).exists()
    yen = evaluate(Person.objects.get(full_name="Hồ Thị Yến"), "LDTT", 2020)
    working_time = yen.check("working_time")
    assert working_time.status == "pass"
    # In service before 2020: the 10 months of Nghị định 91/2017 Điều 10 are a newcomer's.
    assert "applies only to people newly recruited" in working_time.message_en
    with translation.override("en"):
        assert any(
            "maternity leave: 02/03/2020–31/08/2020" in str(e) for e in working_time.evidence
        )
    for name, code, expected in PERSON_CASES:
        verdict = evaluate(Person.objects.get(full_name=name), code, 2020)
        if expected is not False and verdict.award.is_title:
            assert verdict.check("registration").status == "pass", (name, code)
    for unit_code, code, expected in UNIT_CASES:
        if expected and code in ("TTLDTT", "TTLDXS"):
            verdict = evaluate(Unit.objects.get(code=unit_code), code, 2020)
            assert verdict.check("registration").status == "pass", (unit_code, code)
    thuan = evaluate(Person.objects.get(full_name="Chu Đức Thuận"), "BANG_KHEN_TINH", 2020)
    assert thuan.check("path_cstdcs").status == "pass"
    assert thuan.check("path_excellent_initiatives").status == "fail"
    thu_ha = evaluate(Person.objects.get(full_name="Nông Thị Thu Hà"), "BANG_KHEN_TINH", 2020)
    assert thu_ha.check("path_cstdcs").status == "fail"
    assert thu_ha.check("path_excellent_initiatives").status == "pass"
    assert thu_ha.check("registration") is None  # a form of commendation: never needed
    inspectorate = evaluate(Unit.objects.get(code="TT"), "BANG_KHEN_TINH_TT", 2020)
    assert inspectorate.check("consecutive_excellent").status == "pass"
    # The collectives' own ratings agree with (e).
    assert evaluate(Unit.objects.get(code="TT"), "TTLDXS", 2020).check("unit_rating").status == (
        "pass"
    )
    assert evaluate(Unit.objects.get(code="QLDL"), "TTLDTT", 2020).check("unit_rating").status == (
        "fail"
    )


def test_cstdcs_case_is_decided_on_the_agency_batch(demo):
    thu_ha = Person.objects.get(full_name="Nông Thị Thu Hà")
    batch = list(
        Person.objects.filter(ratings__year=2020, ratings__level=AnnualRating.Level.EXCELLENT)
    )
    assert {p.full_name for p in batch} == {"Nông Thị Thu Hà", "Chu Đức Thuận"}
    verdict = evaluate(thu_ha, "CSTDCS", 2020, batch=(Unit.objects.get(code="SKHCN"), batch))
    assert verdict.eligible is True
    assert "19 advanced workers" in verdict.check("quota").message_en


def test_page_and_command_agree_on_the_demo_cases(demo):
    demo.force_login(User.objects.get(username="admin"))
    for name, code, expected in PERSON_CASES:
        person = Person.objects.get(full_name=name)
        url = reverse("awards:person_eligibility", args=[person.code])
        outcome, page_checks = page_result(demo, url, code)
        eligible, command_checks = command_result("person", person.code, code)
        assert outcome == OUTCOME[expected], (name, code)
        if code == "CSTDCS":
            # Both decide the quota on the agency batch (the two rated excellent, plus the
            # nominee: 3 for Oanh, over 15 % of 19).
            assert page_checks["quota"] == ("pass" if expected else "fail")
        assert eligible is expected, (name, code)
        assert page_checks == command_checks, (name, code)
    for unit_code, code, expected in UNIT_CASES:
        url = reverse("awards:unit_eligibility", args=[unit_code])
        outcome, page_checks = page_result(demo, url, code)
        eligible, command_checks = command_result("unit", unit_code, code)
        assert outcome == OUTCOME[expected] and eligible is expected
        assert page_checks == command_checks


def in_both_languages(text):
    """Return a lazy message as it reads in Vietnamese and in English."""
    with translation.override("vi"):
        vietnamese = str(text)
    with translation.override("en"):
        return vietnamese, str(text)


def test_every_demo_verdict_reads_wholly_in_vietnamese_or_in_english(demo):
    """Each message and evidence line of the 2020 verdicts (and each refusal) has Vietnamese of
    its own, and a citation is marked "to confirm" in the reader's language only."""
    judged = [
        (person, [*PERSON_TITLES, "TTLDTT"], cstdcs_batch(person, 2020))
        for person in Person.objects.all()
    ] + [(unit, [*UNIT_TITLES, "LDTT"], None) for unit in Unit.objects.all()]
    codes = set()
    for nominee, titles, batch in judged:
        for result in evaluate_many(nominee, titles, 2020, batch=batch).values():
            if isinstance(result, EligibilityError):
                texts, citations = [result.text], []
            else:
                codes.update(check.code for check in result.checks)
                texts = [t for check in result.checks for t in (check.text, *check.evidence)]
                citations = [check.citation for check in result.checks]
            for text in texts:
                vietnamese, english = in_both_languages(text)
                assert vietnamese != english, english
                assert "to confirm" not in vietnamese and "cần xác minh" not in english, english
            # A citation names a Vietnamese legal text in both languages; only the mark differs.
            for citation in citations:
                vietnamese, english = in_both_languages(citation)
                assert "to confirm" not in vietnamese and "cần xác minh" not in english, english
    assert len(codes) >= 20  # the demo shows nearly every check


def test_colleague_reads_the_page_and_outsider_gets_404(demo):
    oanh = Person.objects.get(full_name="Hà Thị Kim Oanh")
    url = reverse("awards:person_eligibility", args=[oanh.code]) + "?year=2020"
    demo.force_login(User.objects.get(username="canbo"))  # staff in the same division
    assert demo.get(url).status_code == 200
    other = UnitFactory(code="STC", name="Sở Tài chính", kind=Unit.Kind.AGENCY)
    outsider = UserFactory(username="charlie", roles=[roles.STAFF])
    PersonFactory(code="CHARLIE", full_name="Phạm Văn Charlie", unit=other, user=outsider)
    demo.force_login(outsider)
    assert demo.get(url).status_code == 404
    unit_url = reverse("awards:unit_eligibility", args=["TT"]) + "?year=2020"
    assert demo.get(unit_url).status_code == 404


def test_year_without_rule_set_shows_a_message(demo):
    demo.force_login(User.objects.get(username="admin"))
    thu_ha = Person.objects.get(full_name="Nông Thị Thu Hà")
    response = demo.get(reverse("awards:person_eligibility", args=[thu_ha.code]) + "?year=2015")
    assert response.status_code == 200
    assert "No rule set applies to the year 2015" in response.text


def test_load_demo_twice_changes_nothing(demo):
    models = (AnnualRating, AwardRecord, Initiative, PendingReview, LeaveRecord, UnitRating)
    before = {model: model.objects.count() for model in models}
    used = list(Initiative.objects.values_list("used_for_award__code", "used_for_year"))
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert {model: model.objects.count() for model in models} == before
    assert list(Initiative.objects.values_list("used_for_award__code", "used_for_year")) == used
    assert "Award history (entered)" in out.getvalue()
    # Entered by hand with their document, or written by a decision made in the portal.
    assert AwardRecord.objects.filter(source="entered").exclude(source_document="").count() == (
        AwardRecord.objects.exclude(source="portal").count()
    )

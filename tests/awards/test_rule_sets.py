"""Rule sets are versioned by effective date and chosen by the year judged (issue 4, item 2)."""

import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Rule, RuleSet

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("awards:rule_sets")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "code"),
    [
        (2018, "ND91_2017"),
        (2020, "ND91_2017"),
        (2023, "ND91_2017"),
        (2024, "ND98_2023"),
        (2025, "ND152_2025"),
        (2026, "ND152_2025"),
    ],
)
def test_for_year_picks_the_rule_set_in_force_on_31_december(year, code):
    assert RuleSet.objects.for_year(year).code == code


@pytest.mark.django_db
def test_for_year_returns_none_before_the_first_rule_set():
    assert RuleSet.objects.for_year(2010) is None


@pytest.mark.django_db
def test_the_15_percent_cstdcs_quota_exists_under_decree_91_only():
    """Nghị định 91/2017/NĐ-CP Khoản 3 Điều 9: CSTĐCS ≤ 15 % of LĐTT; the 2022 law has no cap."""
    nd91 = RuleSet.objects.get(code="ND91_2017")
    assert nd91.value("cstdcs.quota_percent_of_ldtt") == 15
    assert nd91.rule("cstdcs.quota_percent_of_ldtt").article == "Khoản 3 Điều 9"
    for code in ("ND98_2023", "ND152_2025"):
        with pytest.raises(KeyError):
            RuleSet.objects.get(code=code).value("cstdcs.quota_percent_of_ldtt")


@pytest.mark.django_db
def test_the_collective_share_of_advanced_workers_rose_from_50_to_70_percent():
    """Luật TĐKT 2003 Điều 28: more than 50 %; Luật 06/2022/QH15 Điều 28: at least 70 %."""
    assert RuleSet.objects.get(code="ND91_2017").value("ttldtt.min_percent_ldtt") == 50
    assert RuleSet.objects.get(code="ND98_2023").value("ttldtt.min_percent_ldtt") == 70
    assert RuleSet.objects.get(code="ND152_2025").value("ttldtt.min_percent_ldtt") == 70


@pytest.mark.django_db
def test_the_provincial_certificate_of_merit_thresholds_cite_article_74():
    """Luật 06/2022/QH15 Điểm d Khoản 1 Điều 74: 2 consecutive CSTĐCS, or 2 excellent years."""
    rule_set = RuleSet.objects.for_year(2024)
    for key in (
        "bang_khen_tinh.consecutive_cstdcs_years",
        "bang_khen_tinh.consecutive_excellent_years",
    ):
        rule = rule_set.rule(key)
        assert rule.value == 2
        assert rule.article == "Điểm d Khoản 1 Điều 74"
        assert not rule.to_confirm


@pytest.mark.django_db
def test_every_rule_set_has_the_core_thresholds():
    core = {
        "ttldtt.min_percent_ldtt",
        "ttldtt.max_discipline_level",
        "ttldxs.min_percent_ldtt",
        "cstd_tinh.consecutive_cstdcs_years",
        "cstd_tq.consecutive_cstd_tinh_years",
        "bang_khen_tinh.consecutive_cstdcs_years",
        "bang_khen_tinh.consecutive_excellent_years",
    }
    for rule_set in RuleSet.objects.all():
        assert core <= set(rule_set.rules.values_list("key", flat=True)), rule_set.code
    for code in ("ND98_2023", "ND152_2025"):
        keys = set(RuleSet.objects.get(code=code).rules.values_list("key", flat=True))
        assert {
            "council.vote_percent_cstdcs",
            "council.vote_percent_cstd_tinh",
            "council.quorum_fraction",
            "bang_khen_ttg.consecutive_good_years",
        } <= keys


@pytest.mark.django_db
def test_a_rule_without_a_known_article_is_never_marked_confirmed():
    unknown = Rule.objects.filter(article__contains="?")
    assert unknown.exists()
    assert not unknown.filter(status=Rule.Status.CONFIRMED).exists()
    # A confirmed rule always names a concrete article.
    for rule in Rule.objects.filter(status=Rule.Status.CONFIRMED):
        assert rule.article.startswith(("Điều", "Khoản", "Điểm")), rule.key


@pytest.mark.django_db
def test_the_council_quorum_is_stored_as_a_percentage():
    rule = RuleSet.objects.get(code="ND98_2023").rule("council.quorum_fraction")
    assert rule.value == Decimal("66.67")
    assert rule.unit == "%"
    assert rule.to_confirm


@pytest.mark.django_db
def test_a_key_appears_once_per_rule_set():
    rule_set = RuleSet.objects.get(code="ND98_2023")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rule.objects.create(
            rule_set=rule_set,
            key="ttldtt.min_percent_ldtt",
            value=60,
            description_vi="x",
            description_en="x",
            document="x",
            article="x",
        )


@pytest.mark.django_db
def test_a_rule_set_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleSet.objects.filter(code="ND98_2023").update(effective_to="2023-01-01")


def test_it_requires_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_page_lists_each_rule_set_with_its_period_and_rules(org, login):
    response = login(org.bob).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("ND91_2017", "ND98_2023", "ND152_2025"):
        assert f'data-testid="rule-set-{code}"' in html
    assert "In force 31/07/2017 – 31/12/2023" in html
    assert "In force from 01/07/2025" in html
    assert "Khoản 3 Điều 9, Nghị định 91/2017/NĐ-CP" in html
    assert "Grassroots emulation fighters are at most 15 % of the advanced workers" in html


def test_the_page_flags_unconfirmed_rules(org, login):
    response = login(org.bob).get(URL)
    html = response.content.decode()
    start = html.index('data-testid="rule-council.quorum_fraction"')
    row = html[start : html.index("</tr>", start)]
    assert "Not checked against the original text" in row
    start = html.index('data-testid="rule-cstdcs.quota_percent_of_ldtt"')
    row = html[start : html.index("</tr>", start)]
    assert "Not checked against the original text" not in row
    assert (
        html.count('data-testid="to-confirm"')
        == Rule.objects.filter(status=Rule.Status.TO_CONFIRM).count()
    )


def test_the_page_shows_users_the_rule_not_the_maintainers_notes_or_codes(org, login):
    """How a value was read (notes, links, "not read") is the maintainers' business, kept in the
    admin; the page shows the rule, its value, its legal basis, and whether it was checked."""
    rule = Rule.objects.filter(status=Rule.Status.TO_CONFIRM).exclude(note="").first()
    assert rule is not None
    html = login(org.bob).get(URL).content.decode()
    assert rule.note not in html
    assert f'<code class="small">{rule.key}</code>' not in html
    assert f">{rule.key}<" not in html
    assert "ND91_2017</code>" not in html
    # Each table scrolls sideways on a phone, and takes the keyboard's focus to do it.
    assert (
        html.count('class="table-responsive" tabindex="0" role="region"')
        == RuleSet.objects.filter(rules__isnull=False).distinct().count()
    )


def test_query_count_does_not_grow_with_rules(org, login):
    client = login(org.bob)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for number in range(5):
        rule_set = RuleSet.objects.create(
            code=f"OLD{number}",
            name=f"Old {number}",
            documents="-",
            effective_from=f"199{number}-01-01",
            effective_to=f"199{number}-12-31",
        )
        for key in range(10):
            Rule.objects.create(
                rule_set=rule_set,
                key=f"k{key}",
                value=key,
                description_vi="x",
                description_en="x",
                document="x",
                article="Điều 1",
            )
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)


@pytest.mark.django_db
def test_thresholds_read_in_the_readers_language_not_in_the_stored_unit(org, client):
    """ "10 tháng", "Có", "Hoàn thành tốt nhiệm vụ" on a Vietnamese page, never "10 months" or
    "1 yes/no" (the unit is stored in English for the maintainers)."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    client.force_login(org.bob.user)
    values = re.findall(r'data-testid="rule-value">([^<]+)<', client.get(URL).content.decode())
    assert "10 tháng" in values and "3 năm" in values and "15 %" in values and "Có" in values
    assert "Hoàn thành tốt nhiệm vụ" in values
    assert not [value for value in values if re.search(r"months|years|yes/no|level", value)]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL).content.decode()
    assert 'data-testid="rule-value">10 months<' in english
    assert 'data-testid="rule-value">Yes<' in english

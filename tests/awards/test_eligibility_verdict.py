"""The verdict's arithmetic: every criterion must pass; a group of alternatives counts as one."""

import pytest

from awards.eligibility import FAIL, PASS, UNKNOWN, Check, Verdict
from awards.models import Award, RuleSet

pytestmark = pytest.mark.django_db


def verdict(*checks):
    return Verdict(
        award=Award.objects.get(code="BANG_KHEN_TINH"),
        year=2024,
        rule_set=RuleSet.objects.get(code="ND98_2023"),
        checks=[
            Check(code, status, f"message of {code}", "Điều 74", group=group)
            for code, status, group in checks
        ],
    )


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        ((PASS, FAIL), True),
        ((FAIL, PASS), True),
        ((UNKNOWN, PASS), True),
        ((FAIL, UNKNOWN), None),
        ((FAIL, FAIL), False),
    ],
)
def test_one_passing_path_is_enough(paths, expected):
    result = verdict(("no_discipline", PASS, ""), ("a", paths[0], "path"), ("b", paths[1], "path"))
    assert result.eligible is expected


def test_a_failing_standalone_check_fails_whatever_the_paths():
    result = verdict(("no_discipline", FAIL, ""), ("a", PASS, "path"), ("b", PASS, "path"))
    assert result.eligible is False


def test_as_dict_keeps_its_shape_and_names_the_groups():
    data = verdict(("no_discipline", PASS, ""), ("a", FAIL, "path"), ("b", PASS, "path")).as_dict()
    assert data["eligible"] is True
    assert data["alternatives"] == {"path": "pass"}
    assert [(c["code"], c["group"]) for c in data["checks"]] == [
        ("no_discipline", None),
        ("a", "path"),
        ("b", "path"),
    ]
    assert set(data["checks"][0]) == {
        "code",
        "status",
        "message_vi",
        "message_en",
        "citation",
        "evidence",
        "group",
    }

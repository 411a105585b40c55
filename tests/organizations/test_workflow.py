"""The workflow engine and the access helper: declarations, states, transitions, the 404/403."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory

from campaigns.models import Campaign, Covenant
from organizations.access import get_for_user, require, require_action
from organizations.actors import SYSTEM
from organizations.models import Event, PendingReview
from organizations.workflow import (
    Action,
    UnknownState,
    Workflow,
    can,
    perform,
    workflow_for,
    workflows,
)
from tests.factories import CampaignFactory, FocusAreaFactory, PendingReviewFactory

ROOT = Path(__file__).resolve().parents[2]


def test_templates_read_a_state_by_name_and_a_typo_fails_loudly():
    campaign = Campaign(status=Campaign.Status.LAUNCHED)
    assert campaign.state.launched and not campaign.state.draft
    assert str(campaign.state) == str(Campaign.Status.LAUNCHED.label)
    html = Template("{% if c.state.launched %}yes{% endif %}").render(Context({"c": campaign}))
    assert html == "yes"
    with pytest.raises(UnknownState):
        Template("{% if c.state.lanched %}yes{% endif %}").render(Context({"c": campaign}))


def test_a_declaration_naming_a_state_that_does_not_exist_is_refused():
    with pytest.raises(UnknownState):
        Workflow(
            "broken",
            Covenant,
            actions=[Action("go", "Go", who=None, automatic=True, sources={"nowhere"})],
        )


def test_asking_for_an_action_that_is_not_declared_is_an_error():
    with pytest.raises(ImproperlyConfigured):
        workflow_for(Campaign).action("publish")


def test_every_stateful_model_declares_its_workflow():
    declared = {workflow.model.__name__ for workflow in workflows()}
    assert {
        "Campaign",
        "Covenant",
        "Party",
        "ProgressReport",
        "CampaignReview",
        "RegistrationList",
        "Registration",
        "Initiative",
        "AwardRecord",
        "PendingReview",
    } <= declared


@pytest.fixture
def draft(org):
    campaign = CampaignFactory(organiser=org.agency)
    FocusAreaFactory(campaign=campaign, number=1)
    return campaign


def test_perform_checks_the_right_before_anything_is_written(org, draft, english):
    with pytest.raises(PermissionDenied, match="Only the emulation officer launches"):
        perform(actor=org.bob.user, obj=draft, action="launch")
    draft.refresh_from_db()
    assert draft.state.draft
    assert not Event.objects.filter(verb="campaign_launched").exists()


def test_perform_refuses_the_wrong_state_with_a_message(org, campaign, english):
    with pytest.raises(ValidationError, match="Only a draft campaign can be launched"):
        perform(actor=org.alice.user, obj=campaign, action="launch")


def test_perform_saves_the_target_state_and_records_the_declared_event(org, draft):
    launched = perform(actor=org.alice.user, obj=draft, action="launch", summary="launched")
    assert launched.state.launched
    draft.refresh_from_db()
    assert draft.state.launched
    event = Event.objects.for_target(draft).get(verb="campaign_launched")
    assert event.actor == org.alice.user and event.summary == "launched"


def test_a_failing_apply_leaves_nothing_behind(org, draft):
    def apply(campaign):
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        perform(actor=org.alice.user, obj=draft, action="launch", apply=apply)
    draft.refresh_from_db()
    assert draft.state.draft
    assert not Event.objects.filter(verb="campaign_launched").exists()


def test_an_automatic_action_is_offered_to_nobody(org, campaign):
    assert not can(org.alice.user, campaign, "close")
    assert not workflow_for(campaign).permits(SYSTEM, campaign, "close")


def test_the_system_acts_but_never_signs_in_a_persons_name(org, covenant):
    party = covenant.parties.first()
    assert not workflow_for(party).permits(SYSTEM, party, "sign")
    assert workflow_for(covenant).permits(SYSTEM, covenant, "open")


def test_a_superuser_cannot_sign_for_a_representative(org, covenant, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    party = covenant.parties.first()
    assert not can(root, party, "sign")


def test_the_template_tag_asks_the_workflow(org, draft, rf=None):
    request = RequestFactory().get("/")
    template = Template('{% load workflow %}{% can c "launch" as ok %}{{ ok|yesno:"yes,no" }}')
    request.user = org.alice.user
    assert template.render(Context({"request": request, "c": draft})) == "yes"
    request.user = org.bob.user
    assert template.render(Context({"request": request, "c": draft})) == "no"


# The access helper: 404 outside the scope, 403 without the right.


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_access_answers_404_outside_the_scope(org, draft):
    with pytest.raises(Http404):
        get_for_user(_request(org.charlie.user), Campaign, code=draft.code)


def test_access_answers_403_in_scope_without_the_right(org, campaign, draft):
    with pytest.raises(PermissionDenied):
        get_for_user(_request(org.bob.user), Campaign, action="change", code=campaign.code)
    # A draft is not in staff's scope at all (its author's and the officer's).
    with pytest.raises(Http404):
        get_for_user(_request(org.bob.user), Campaign, action="launch", code=draft.code)
    with pytest.raises(PermissionDenied):
        require(_request(org.bob.user), "campaigns.manage_campaigns")


def test_access_returns_the_object_with_the_right_whatever_its_state(org, campaign):
    # The state is the service's to refuse, with a message: not a 403.
    found = get_for_user(_request(org.alice.user), Campaign, action="launch", code=campaign.code)
    assert found == campaign
    require_action(_request(org.alice.user), campaign, "launch")


def test_records_of_people_are_loaded_within_the_scope(org):
    review = PendingReviewFactory(person=org.carol.person)
    assert PendingReview.objects.visible_to(org.alice.user).filter(pk=review.pk).exists()
    assert not PendingReview.objects.visible_to(org.charlie.user).filter(pk=review.pk).exists()


# The rules of the shape, read from the code itself.

STATE_WORDS = {"status", "review", "state"}
COMPARISON = re.compile(
    r"""([\w.]+)\s*(?:==|!=)\s*["'](\w+)["']|["'](\w+)["']\s*(?:==|!=)\s*([\w.]+)"""
)


def _declared_states() -> set[str]:
    return {state for workflow in workflows() for state in workflow.states}


def test_no_template_compares_a_state_string():
    states = _declared_states()
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in COMPARISON.finditer(line):
                name = match.group(1) or match.group(4)
                literal = match.group(2) or match.group(3)
                attribute = name.rsplit(".", 1)[-1]
                if attribute in STATE_WORDS or (literal in states and attribute != "value"):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert not found, "Ask the workflow or read obj.state.<name> instead:\n" + "\n".join(found)


def test_no_view_module_defines_its_own_permission_helper():
    found = []
    for path in sorted(ROOT.glob("*/views/*.py")) + [ROOT / "emulation" / "views.py"]:
        text = path.read_text()
        for pattern in (
            r"def _require\w*\(",
            r"def _get_\w+_for_user\(",
            r"raise PermissionDenied",
            r"get_object_or_404\(",
            r"roles\.\w+ in ",
        ):
            for match in re.finditer(pattern, text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert not found, "Use organizations.access instead:\n" + "\n".join(found)


def test_every_permission_the_code_asks_for_is_declared():
    """A misspelt or retired permission name reads as "no" everywhere, silently: refuse it."""
    import rules

    asked = set()
    sources = [
        p
        for app in ("organizations", "campaigns", "awards", "emulation")
        for p in (ROOT / app).rglob("*.py")
        if "migrations" not in p.parts
    ]
    for path in sources:
        text = path.read_text()
        asked |= set(re.findall(r"""has_perm\(\s*["']([\w.]+)["']""", text))
        asked |= set(re.findall(r"""require(?:_right)?\(\s*\w+,\s*["']([\w.]+)["']""", text))
        asked |= set(re.findall(r"""permission=["']([\w.]+)["']""", text))
    for path in (ROOT / "templates").rglob("*.html"):
        asked |= {
            f"{app}.{name}" for app, name in re.findall(r"perms\.(\w+)\.(\w+)", path.read_text())
        }
    assert asked, "the scan found no permission at all"
    assert {name for name in asked if not rules.perm_exists(name)} == set()

"""Who gets what from every address of the portal: the permission matrix (issue "Trust").

Each row of `MATRIX` is one URL name: how to fill its arguments for an object in the role's
scope (tests/permission_world.py says which object each role is given), and the answer each
role gets to a GET and to a POST, one code a role, in the order of the header:

    an anonymous   st staff (bob)       uh unit head (carol)   uc union chair (dave)
    of officer     le leadership (lena) cm council member      su superuser (no person)

    2 200          3 302, not to the sign-in page (done, or a redirect the page makes)
    B 400 (the form is shown again with its errors: past the permission check)
    L 302 to the sign-in page   F 403 (may read, may not act)   N 404   M 405

A row with arguments is requested three times: with the in-scope object, with the same kind of
object in another agency (OTHER; by default a 404 for everyone but the superuser, who sees
everything, and the anonymous, who is sent to sign in) and with an object that does not exist
(a 404 for the superuser too). A POST carries no data and no CSRF token (the test client does
not check it): the point is who gets past the permission check, not what the form says. Each
request runs in a transaction rolled back after it, so an allowed POST changes nothing for the
next role.

A URL pattern without a row fails `test_every_url_has_a_row`.
"""

import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from awards.models import Award
from tests import permission_world as world
from tests.pages import text_of

ROLES = world.ROLES
SIGN_IN = "/dang-nhap/"
STATUS = {"2": 200, "3": 302, "B": 400, "L": 302, "F": 403, "N": 404, "M": 405}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}

# URL names left out of the matrix, each with its reason.
EXCLUDED = {
    # Django's own language switch: no object, no permission; any visitor sets a cookie.
    "set_language": "Django's i18n view: no permission to check",
}
EXCLUDED_NAMESPACES = {
    "admin": "Django admin: its own permission system (is_staff, model permissions)",
}
# Static files and uploads are not URL patterns here: whitenoise serves /static/ as middleware
# and uploads go through views that check the scope (emulation/urls.py says so).


@dataclass(frozen=True)
class Row:
    """One URL name: the answers to a GET and a POST, how to fill its arguments, and the
    answers for another agency's object or a missing one when they are not the defaults."""

    name: str
    get: str
    post: str
    kwargs: object = None  # a function of the scene (see Scene) or None: no argument
    out_get: str | None = None  # the other agency's object, when not the default
    out_post: str | None = None
    missing_get: str | None = None  # a missing object, when not the default
    missing_post: str | None = None
    file: str | None = None  # the content type an allowed GET answers with
    why: str = ""  # a note on a surprising answer

    def codes(self, method: str, variant: str) -> list[str]:
        base = _split(getattr(self, method))
        if variant == "in":
            return base
        out = getattr(self, f"out_{method}")
        out = _split(out) if out else _outside(base)
        if variant == "out":
            return out
        missing = getattr(self, f"missing_{method}")
        return _split(missing) if missing else _missing(out)


def _split(codes: str) -> list[str]:
    found = codes.split()
    assert len(found) == len(ROLES) and set(found) <= set(STATUS), codes
    return found


def _outside(codes: list[str]) -> list[str]:
    """The default for another agency's object: 404, but the superuser sees everything, the
    anonymous is sent to sign in and a refused method stays refused."""
    return [
        code if code == "M" or role in ("anonymous", "superuser") else "N"
        for role, code in zip(ROLES, codes, strict=True)
    ]


def _missing(codes: list[str]) -> list[str]:
    """The default for an object that does not exist: as another agency's, but the superuser
    finds nothing either."""
    return [
        "N" if role == "superuser" and code != "M" else code
        for role, code in zip(ROLES, codes, strict=True)
    ]


# --- the scene: the objects a role is given ---------------------------------------------------

PARTY = {"unit_head": "technical", "union_chair": "union", "leadership": "board"}


class Scene:
    """The objects of one agency as one role is given them (tests/permission_world.py)."""

    def __init__(self, test_world, agency_key: str, role: str):
        self._world = test_world
        self._agency_key = agency_key
        self.role = role
        self.unit_attr, self.person_key, self.list_key = world.HOME[role]

    def _family(self, name):
        return self._world.family(name, self._agency_key)

    @property
    def agency(self):
        return self._world.agency(self._agency_key)

    @property
    def unit(self):
        return getattr(self.agency, self.unit_attr)

    @property
    def person(self):
        return self._family("colleagues").person[self.person_key]

    @property
    def pending_review(self):
        return self._family("colleagues").review[self.person_key]

    @property
    def c(self):
        """The campaign, its covenant and the role's own party in it (or the technical one)."""
        found = self._family("campaign")
        party_key = PARTY.get(self.role, "technical")
        return SimpleNamespace(
            **vars(found),
            my_party=found.party[party_key],
            my_commitment=found.commitment[party_key],
        )

    @property
    def registration(self):
        return self._family("registrations").registration[self.list_key]

    @property
    def registration_list(self):
        return self._family("registrations").list[self.list_key]

    @property
    def nomination(self):
        return self._family("nominations").nomination[self.list_key]

    @property
    def nomination_list(self):
        return self._family("nominations").list[self.list_key]

    @property
    def attachment(self):
        return self._family("nominations").attachment[self.list_key]

    @property
    def initiative(self):
        return self._family("history").initiative[self.person_key]

    @property
    def record(self):
        return self._family("history").record[self.person_key]

    @property
    def council(self):
        return self._family("council")

    @property
    def p(self):
        """The posting, its comment, decision, submission and the awards the decision made."""
        found = self._family("posting")
        return SimpleNamespace(**vars(found), my_record=found.record[self.list_key])

    @property
    def notification(self):
        return self._own("notifications")

    @property
    def job(self):
        return self._own("jobs")

    def _own(self, family):
        """The role's own notice or job; another agency's object is the outsider's."""
        found = self._world.family(family, "in")
        if self._agency_key == "out":
            return found["outside"]
        return found["staff" if self.role == "anonymous" else self.role]


class World:
    """The families of objects of both agencies, built the first time a row asks for one."""

    def __init__(self, request, org, leader, users):
        self._request = request
        self._org, self._leader, self.users = org, leader, users
        self._agencies = {}
        self._families = {}

    def agency(self, key):
        if key not in self._agencies:
            if key == "in":
                self._agencies[key] = world.skhcn(self._org, self._leader, self._people())
            else:
                self._agencies[key] = world.other_agency(self._org, self.users["superuser"])
        return self._agencies[key]

    def _people(self):
        return {"council_member": SimpleNamespace(person=self.users["council_member"].person)}

    def family(self, name, key):
        if (name, key) not in self._families:
            self._families[(name, key)] = self._build(name, key)
        return self._families[(name, key)]

    def _build(self, name, key):
        agency = self.agency(key)
        if name == "colleagues":
            return world.colleagues(agency)
        if name == "campaign":
            covenant = self._request.getfixturevalue("covenant_in_force") if key == "in" else None
            return world.campaign(agency, covenant)
        if name in ("registrations", "nominations", "history"):
            return getattr(world, name)(agency, self.family("colleagues", key))
        if name in ("council", "posting"):
            return getattr(world, name)(agency)
        if name in ("notifications", "jobs"):
            return getattr(world, name)(self.users, self._org.charlie.user)
        raise KeyError(name)


@pytest.fixture
def test_world(request, org, leader):
    return World(request, org, leader, world.users(org, leader))


# --- the matrix ---------------------------------------------------------------------------------
# Columns:         an st uh uc of le cm su
EVERYONE = "        L  2  2  2  2  2  2  2"
NOT_ALLOWED = "     L  M  M  M  M  M  M  M"
OFFICER = "         L  F  F  F  2  F  F  2"
OFFICER_GOES = "    L  F  F  F  3  F  F  3"
PUBLIC = "          2  2  2  2  2  2  2  2"
NOBODY = "          M  M  M  M  M  M  M  M"
EVERYONE_STARTS = " L  3  3  3  3  3  3  3"  # a job of one's own, then its page
OWNER_ONLY = "      L  N  N  N  N  N  N  N"  # another's job: not even the superuser
IMPORTS_CHECKED = " L  F  F  F  N  F  F  N"  # the importer's own check of a file, else 404
SPEAKS = "          L  F  2  2  2  2  F  2"  # for the party: its head, chair, board; the officer
UNIT_ACTS = "       L  F  2  F  2  F  F  2"  # for the unit: its head or the officer
UNIT_GOES = "       L  F  3  F  3  F  F  3"
DOSSIER_READ = "    L  2  2  N  2  2  N  2"  # the person, the heads above, officer, leadership
DOSSIER_ACTS = "    L  F  2  N  2  F  N  2"
DOSSIER_GOES = "    L  F  3  N  3  F  N  3"
DOSSIER_REVIEW = "  L  F  F  N  2  F  N  2"
COUNCIL_READ = "    L  N  N  N  2  2  2  2"
COUNCIL_RUNS = "    L  N  N  N  3  F  F  3"  # the officer or the council's secretary
COUNCIL_FORM = "    L  N  N  N  B  F  F  B"
POSTING_KEEPS = "   L  N  N  N  3  F  N  3"
PROVINCE_READ = "   L  N  N  N  2  2  N  2"
OVERSEERS = "       L  F  F  F  2  2  F  2"  # the leadership and the officer
OVERSEERS_START = " L  F  F  F  3  3  F  3"

# The arguments of a row, from the objects the role is given (Scene).
ON = SimpleNamespace(
    unit=lambda o: {"code": o.unit.code},
    person=lambda o: {"code": o.person.code},
    pending_review=lambda o: {"code": o.person.code, "pk": o.pending_review.pk},
    notification=lambda o: {"pk": o.notification.pk},
    job=lambda o: {"code": o.job.code},
    campaign=lambda o: {"code": o.c.campaign.code},
    focus_area=lambda o: {"code": o.c.campaign.code, "pk": o.c.focus_area.pk},
    milestone=lambda o: {"code": o.c.campaign.code, "pk": o.c.milestone.pk},
    document=lambda o: {"pk": o.c.document.pk},
    review=lambda o: {"code": o.c.campaign.code, "kind": "interim"},
    campaign_report=lambda o: {"code": o.c.campaign.code, "kind": "tong-ket"},
    covenant=lambda o: {"code": o.c.covenant.code},
    party=lambda o: {"party_id": o.c.my_party.pk},
    commitment=lambda o: {"pk": o.c.my_commitment.pk},
    report=lambda o: {"pk": o.c.report["technical"].pk},
    evidence=lambda o: {"pk": o.c.evidence["technical"].pk},
    registration=lambda o: {"pk": o.registration.pk},
    registration_list=lambda o: {"pk": o.registration_list.pk},
    initiative=lambda o: {"pk": o.initiative.pk},
    record=lambda o: {"pk": o.record.pk},
    nomination=lambda o: {"code": o.nomination.code},
    nomination_list=lambda o: {"pk": o.nomination_list.pk},
    attachment=lambda o: {"pk": o.attachment.pk},
    council=lambda o: {"pk": o.council.council.pk},
    member=lambda o: {"pk": o.council.council.pk, "member_pk": o.council.member.pk},
    session=lambda o: {"pk": o.council.session.pk},
    item=lambda o: {"pk": o.council.session.pk, "item_pk": o.council.item.pk},
    minutes=lambda o: {"pk": o.council.closed.pk, "kind": "bien-ban-kiem-phieu"},
    posting=lambda o: {"code": o.p.posting.code},
    comment=lambda o: {"pk": o.p.comment.pk},
    decision=lambda o: {"code": o.p.decision.code},
    award=lambda o: {"pk": o.p.my_record.pk},
    certificate=lambda o: {"code": o.p.my_record.certificate_code},
    submission=lambda o: {"code": o.p.submission.code},
)
ALL_404 = "N  N  N  N  N  N  N  N"
SUPERUSER_HAS_NO_AGENCY = "the superuser has no agency of its own: sent back with a message"

MATRIX = [
    # The portal's own pages. A page that only reads answers a POST with 405.
    Row("home", EVERYONE, NOT_ALLOWED),
    Row("healthz", PUBLIC, NOBODY),
    Row("login", "2  3  3  3  3  3  3  3", "2  3  3  3  3  3  3  3"),
    Row("logout", NOBODY, "L  L  L  L  L  L  L  L", why="signing out ends on the sign-in page"),
    # Units and people.
    Row("organizations:unit_tree", EVERYONE, NOT_ALLOWED),
    Row("organizations:unit_detail", EVERYONE, NOT_ALLOWED, ON.unit),
    Row("organizations:unit_children", EVERYONE, NOT_ALLOWED, ON.unit),
    Row("organizations:unit_suggest", EVERYONE, NOT_ALLOWED),
    Row("organizations:unit_rating_add", OFFICER, OFFICER, ON.unit),
    Row("organizations:person_list", EVERYONE, NOT_ALLOWED),
    Row("organizations:person_export", NOT_ALLOWED, "L  F  F  F  3  3  F  3"),
    Row("organizations:person_detail", EVERYONE, NOT_ALLOWED, ON.person),
    Row("organizations:rating_add", OFFICER, OFFICER, ON.person),
    Row("organizations:discipline_add", OFFICER, OFFICER, ON.person),
    Row("organizations:pending_review_add", OFFICER, OFFICER, ON.person),
    Row("organizations:pending_review_close", OFFICER, OFFICER, ON.pending_review),
    Row("organizations:leave_add", OFFICER, OFFICER, ON.person),
    Row("organizations:import_upload", OFFICER, OFFICER),
    Row(
        "organizations:import_confirm",
        NOT_ALLOWED,
        IMPORTS_CHECKED,
        ON.job,
        out_post=IMPORTS_CHECKED,
        why="the role's own job is an export, not a check of a staff file: not found",
    ),
    Row("organizations:import_template", OFFICER, NOT_ALLOWED, file="xlsx"),
    Row("organizations:notification_list", EVERYONE, NOT_ALLOWED),
    # Nobody opens another's notice, the superuser neither.
    Row(
        "organizations:notification_open",
        NOT_ALLOWED,
        "L  3  3  3  3  3  3  3",
        ON.notification,
        out_post="L  N  N  N  N  N  N  N",
    ),
    Row("organizations:notification_read_all", NOT_ALLOWED, "L  3  3  3  3  3  3  3"),
    # Background jobs: each is its owner's alone.
    Row("organizations:job_list", EVERYONE, NOT_ALLOWED),
    Row("organizations:job_detail", EVERYONE, NOT_ALLOWED, ON.job, out_get=OWNER_ONLY),
    Row("organizations:job_status", EVERYONE, NOT_ALLOWED, ON.job, out_get=OWNER_ONLY),
    Row(
        "organizations:job_download",
        EVERYONE,
        NOT_ALLOWED,
        ON.job,
        out_get=OWNER_ONLY,
        file="xlsx",
    ),
    Row(
        "organizations:job_retry",
        NOT_ALLOWED,
        EVERYONE_STARTS,
        ON.job,
        out_post=OWNER_ONLY,
        why="a finished job is not started again: its page",
    ),
    # Campaigns and covenants: everyone of the agency reads them; the officer keeps them.
    Row("campaigns:campaign_list", EVERYONE, NOT_ALLOWED),
    Row("campaigns:campaign_create", OFFICER, OFFICER),
    Row("campaigns:campaign_detail", EVERYONE, NOT_ALLOWED, ON.campaign),
    Row("campaigns:campaign_edit", OFFICER, OFFICER, ON.campaign),
    Row("campaigns:campaign_launch", OFFICER, OFFICER_GOES, ON.campaign),
    Row("campaigns:focus_area_add", OFFICER, OFFICER, ON.campaign),
    Row("campaigns:focus_area_edit", OFFICER, OFFICER, ON.focus_area),
    Row("campaigns:milestone_add", OFFICER, OFFICER, ON.campaign),
    Row("campaigns:milestone_edit", OFFICER, OFFICER, ON.milestone),
    Row("campaigns:document_add", OFFICER, OFFICER, ON.campaign),
    Row("campaigns:document_download", EVERYONE, NOT_ALLOWED, ON.document, file="pdf"),
    Row("campaigns:covenant_create", OFFICER, OFFICER, ON.campaign),
    Row("campaigns:covenant_detail", EVERYONE, NOT_ALLOWED, ON.covenant),
    Row("campaigns:party_add", OFFICER, OFFICER, ON.covenant),
    # In force: the confirmation page says why it cannot be opened again.
    Row("campaigns:covenant_open", OFFICER, OFFICER, ON.covenant),
    Row("campaigns:covenant_amend", OFFICER, OFFICER_GOES, ON.covenant),
    # The covenant's PDF and workbook: jobs of their own.
    Row("campaigns:covenant_pdf", NOT_ALLOWED, EVERYONE_STARTS, ON.covenant),
    Row("campaigns:covenant_export", NOT_ALLOWED, EVERYONE_STARTS, ON.covenant),
    # The party a role is given is its own: the head's KT, the chair's union, the board.
    Row(
        "campaigns:covenant_sign",
        "L  F  2  2  F  2  F  F",
        "L  F  2  2  F  2  F  F",
        ON.party,
        why="only the party's representative signs, in person (the superuser neither)",
    ),
    Row("campaigns:commitment_add", SPEAKS, SPEAKS, ON.party),
    Row("campaigns:commitment_edit", SPEAKS, SPEAKS, ON.commitment),
    Row("campaigns:commitment_delete", SPEAKS, SPEAKS, ON.commitment),
    Row("campaigns:party_progress", EVERYONE, NOT_ALLOWED, ON.party),
    Row("campaigns:report_submit", NOT_ALLOWED, SPEAKS, ON.commitment),
    Row("campaigns:report_review", NOT_ALLOWED, OFFICER, ON.report),
    Row("campaigns:evidence_download", EVERYONE, NOT_ALLOWED, ON.evidence, file="pdf"),
    Row("campaigns:reports_pending", OFFICER, NOT_ALLOWED, ON.campaign),
    Row("campaigns:reports_pending_all", OFFICER, NOT_ALLOWED),
    Row("campaigns:review_detail", EVERYONE, NOT_ALLOWED, ON.review),
    Row("campaigns:review_open", OFFICER, OFFICER_GOES, ON.review),
    Row("campaigns:review_conclude", NOT_ALLOWED, OFFICER, ON.review),
    # Awards: the catalogue and eligibility (what the page shows: the last test below).
    Row("awards:index", EVERYONE, NOT_ALLOWED),
    Row("awards:catalogue", EVERYONE, NOT_ALLOWED),
    Row("awards:rule_sets", EVERYONE, NOT_ALLOWED),
    Row("awards:person_eligibility", EVERYONE, NOT_ALLOWED, ON.person),
    Row("awards:unit_eligibility", EVERYONE, NOT_ALLOWED, ON.unit),
    # Registrations: staff and the council member are given the staff member's own entry and
    # the office's list; the others the KT colleague's entry and KT's list.
    Row("awards:registration_mine", EVERYONE, EVERYONE),
    Row(
        "awards:registration_remove",
        NOT_ALLOWED,
        "L  3  3  F  3  F  F  3",
        ON.registration,
        why="the registrant, its unit head or the officer; a colleague may not",
    ),
    Row("awards:registration_unit", EVERYONE, NOT_ALLOWED, ON.unit),
    Row("awards:registration_unit_add_person", NOT_ALLOWED, UNIT_ACTS, ON.unit),
    Row("awards:registration_unit_add_collective", NOT_ALLOWED, UNIT_ACTS, ON.unit),
    Row("awards:registration_list_submit", NOT_ALLOWED, UNIT_GOES, ON.registration_list),
    Row("awards:registration_list_approve", NOT_ALLOWED, OFFICER, ON.registration_list),
    Row("awards:registration_list_return", NOT_ALLOWED, OFFICER, ON.registration_list),
    Row("awards:registration_list_pdf", EVERYONE, NOT_ALLOWED, ON.registration_list, file="pdf"),
    Row("awards:registration_queue", OFFICER, NOT_ALLOWED),
    Row("awards:registration_table", "L  F  2  F  2  2  F  2", NOT_ALLOWED),
    Row("awards:registration_export", NOT_ALLOWED, "L  F  3  F  3  3  F  3"),
    # Initiatives and the award history: everyone reads them in scope; the officer keeps them.
    Row("awards:initiative_list", EVERYONE, NOT_ALLOWED),
    Row("awards:initiative_export", NOT_ALLOWED, EVERYONE_STARTS),
    Row("awards:initiative_create", OFFICER, OFFICER),
    Row("awards:initiative_detail", EVERYONE, NOT_ALLOWED, ON.initiative),
    Row("awards:initiative_use", OFFICER, OFFICER, ON.initiative),
    Row("awards:history_list", EVERYONE, NOT_ALLOWED),
    Row("awards:history_add", OFFICER, NOT_ALLOWED),
    Row("awards:history_export", NOT_ALLOWED, EVERYONE_STARTS, why="a job of its own"),
    Row("awards:history_import", OFFICER, OFFICER),
    Row(
        "awards:history_import_confirm",
        NOT_ALLOWED,
        IMPORTS_CHECKED,
        ON.job,
        out_post=IMPORTS_CHECKED,
        why="the role's own job is an export, not a check of a history file: not found",
    ),
    Row("awards:history_import_template", OFFICER, NOT_ALLOWED, file="xlsx"),
    Row("awards:award_revoke", OFFICER, OFFICER, ON.record),
    Row("awards:person_history", EVERYONE, OFFICER, ON.person),
    Row("awards:unit_history", EVERYONE, OFFICER, ON.unit),
    # Decisions: a public act, read by everyone of the agency once issued (the one used here).
    Row("awards:decision_list", EVERYONE, NOT_ALLOWED),
    Row("awards:decision_export", NOT_ALLOWED, EVERYONE_STARTS, why="a job of its own"),
    Row(
        "awards:sequence_continue",
        NOT_ALLOWED,
        "L  F  F  F  B  F  F  3",
        why=SUPERUSER_HAS_NO_AGENCY,
    ),
    Row(
        "awards:decision_create",
        NOT_ALLOWED,
        "L  N  N  N  3  F  N  3",
        ON.posting,
        why="a posting is kept by the agency: outside the scope of a division's people",
    ),
    Row("awards:decision_detail", EVERYONE, NOT_ALLOWED, ON.decision),
    Row("awards:decision_edit", NOT_ALLOWED, "L  F  F  F  B  F  F  B", ON.decision),
    Row("awards:decision_awardee", NOT_ALLOWED, OFFICER_GOES, ON.decision),
    Row("awards:decision_issue", NOT_ALLOWED, OFFICER_GOES, ON.decision),
    Row("awards:decision_pdf", EVERYONE, NOT_ALLOWED, ON.decision, file="pdf"),
    Row("awards:decision_certificates", NOT_ALLOWED, OFFICER_GOES, ON.decision, why="a job"),
    Row("awards:record_certificate", EVERYONE, NOT_ALLOWED, ON.award, file="pdf"),
    Row("awards:record_decision", "L  3  3  3  3  3  3  3", NOT_ALLOWED, ON.award),
    Row(
        "awards:certificate_verify",
        PUBLIC,
        NOBODY,
        ON.certificate,
        out_get=PUBLIC,
        missing_get=ALL_404,
        why="public: anyone checks a certificate of any agency",
    ),
    # Nominations: a dossier shows ratings, discipline and leave, so only the person, the heads
    # above it, the officer and the leadership read it. Staff and the council member are given
    # the staff member's own dossier (bob's: the council member is his colleague), the others
    # the KT colleague's (the union chair works in KT: a colleague too).
    Row("awards:nomination_unit", "L  F  2  F  2  2  F  2", NOT_ALLOWED, ON.unit),
    Row("awards:nomination_unit_from_registrations", NOT_ALLOWED, UNIT_ACTS, ON.unit),
    Row("awards:nomination_unit_add", NOT_ALLOWED, UNIT_ACTS, ON.unit),
    Row("awards:nomination_list_submit", NOT_ALLOWED, UNIT_GOES, ON.nomination_list),
    Row("awards:nomination_detail", DOSSIER_READ, NOT_ALLOWED, ON.nomination),
    Row("awards:nomination_edit", NOT_ALLOWED, DOSSIER_ACTS, ON.nomination),
    Row("awards:nomination_sign", NOT_ALLOWED, DOSSIER_ACTS, ON.nomination),
    Row("awards:nomination_attach", NOT_ALLOWED, DOSSIER_ACTS, ON.nomination),
    Row("awards:nomination_resubmit", NOT_ALLOWED, DOSSIER_GOES, ON.nomination),
    Row("awards:nomination_remove", NOT_ALLOWED, DOSSIER_GOES, ON.nomination),
    Row("awards:nomination_return", NOT_ALLOWED, DOSSIER_REVIEW, ON.nomination),
    Row("awards:nomination_accept", NOT_ALLOWED, DOSSIER_REVIEW, ON.nomination),
    Row("awards:nomination_report_pdf", DOSSIER_READ, NOT_ALLOWED, ON.nomination, file="pdf"),
    Row("awards:nomination_signed_report", DOSSIER_READ, NOT_ALLOWED, ON.nomination, file="pdf"),
    Row("awards:nomination_attachment", DOSSIER_READ, NOT_ALLOWED, ON.attachment, file="pdf"),
    Row("awards:nomination_attachment_remove", NOT_ALLOWED, DOSSIER_GOES, ON.attachment),
    Row("awards:nomination_desk", OFFICER, NOT_ALLOWED),
    Row("awards:nomination_desk_accept", NOT_ALLOWED, OFFICER_GOES),
    Row("awards:nomination_desk_export", NOT_ALLOWED, OFFICER_GOES),
    # The council: an agency-level body; the director chairs it and hanh sits on it.
    Row("awards:council_list", "L  F  F  F  2  2  2  2", NOT_ALLOWED),
    Row(
        "awards:council_create",
        NOT_ALLOWED,
        "L  F  F  F  B  F  F  3",
        why=SUPERUSER_HAS_NO_AGENCY,
    ),
    Row("awards:council_detail", COUNCIL_READ, NOT_ALLOWED, ON.council),
    Row("awards:council_member_add", NOT_ALLOWED, COUNCIL_FORM, ON.council),
    Row("awards:council_member_change", NOT_ALLOWED, COUNCIL_RUNS, ON.member),
    Row(
        "awards:session_create",
        NOT_ALLOWED,
        COUNCIL_FORM,
        ON.council,
        why="the officer or the council's secretary calls a session (runs_council)",
    ),
    Row("awards:council_session", COUNCIL_READ, NOT_ALLOWED, ON.session),
    Row("awards:session_items_add", NOT_ALLOWED, COUNCIL_RUNS, ON.session),
    Row("awards:session_item_remove", NOT_ALLOWED, COUNCIL_RUNS, ON.item),
    Row("awards:session_attendance", NOT_ALLOWED, COUNCIL_RUNS, ON.session),
    Row("awards:session_open", NOT_ALLOWED, COUNCIL_RUNS, ON.session),
    Row(
        "awards:ballot_cast",
        NOT_ALLOWED,
        "L  N  N  N  F  B  B  F",
        ON.session,
        why="a member sitting on the council votes, in person",
    ),
    Row("awards:written_ballot_enter", NOT_ALLOWED, COUNCIL_FORM, ON.session),
    Row("awards:session_close", NOT_ALLOWED, COUNCIL_RUNS, ON.session),
    Row(
        "awards:tie_break",
        NOT_ALLOWED,
        "L  N  N  N  F  B  F  F",
        ON.session,
        why="the council's chair decides a tie, in person",
    ),
    Row("awards:session_minutes_pdf", COUNCIL_READ, NOT_ALLOWED, ON.minutes, file="pdf"),
    # The public posting: the officer keeps it (an agency-level object); anyone reads the
    # published list and comments on it, signed in or not, whatever the agency.
    Row("awards:posting_list", OFFICER, NOT_ALLOWED),
    Row(
        "awards:posting_create",
        NOT_ALLOWED,
        "L  F  F  F  B  F  F  3",
        why=SUPERUSER_HAS_NO_AGENCY,
    ),
    Row("awards:posting_detail", "L  N  N  N  2  F  N  2", NOT_ALLOWED, ON.posting),
    Row("awards:posting_edit", NOT_ALLOWED, POSTING_KEEPS, ON.posting),
    Row("awards:posting_publish", NOT_ALLOWED, POSTING_KEEPS, ON.posting),
    Row("awards:comment_answer", NOT_ALLOWED, POSTING_KEEPS, ON.comment),
    Row("awards:comment_resolve", NOT_ALLOWED, POSTING_KEEPS, ON.comment),
    Row("awards:posting_index", PUBLIC, NOBODY),
    Row(
        "awards:posting_public",
        PUBLIC,
        "B  B  B  B  B  B  B  B",
        ON.posting,
        out_get=PUBLIC,
        out_post="B  B  B  B  B  B  B  B",
        missing_get=ALL_404,
        missing_post=ALL_404,
    ),
    # Submissions to the province: the officer keeps them, the leadership reads them.
    Row("awards:submission_list", OVERSEERS, NOT_ALLOWED),
    Row("awards:submission_create", NOT_ALLOWED, OFFICER_GOES),
    Row("awards:submission_detail", PROVINCE_READ, NOT_ALLOWED, ON.submission),
    Row("awards:submission_edit", NOT_ALLOWED, "L  N  N  N  B  F  N  B", ON.submission),
    Row("awards:submission_send", NOT_ALLOWED, POSTING_KEEPS, ON.submission),
    Row("awards:submission_return", NOT_ALLOWED, POSTING_KEEPS, ON.submission),
    Row("awards:submission_record", NOT_ALLOWED, POSTING_KEEPS, ON.submission),
    Row("awards:submission_pdf", PROVINCE_READ, NOT_ALLOWED, ON.submission, file="pdf"),
    Row("awards:submission_zip", PROVINCE_READ, NOT_ALLOWED, ON.submission, file="zip"),
    # Dashboards. A unit's: its head, its union's chair (the union itself), the officer and the
    # leadership. The reports, jobs: the right is checked before the campaign is looked up.
    Row("dashboards:agency", OVERSEERS, NOT_ALLOWED),
    Row("dashboards:unit", "L  F  2  2  2  2  F  2", NOT_ALLOWED, ON.unit),
    Row(
        "dashboards:report_pdf",
        NOT_ALLOWED,
        OVERSEERS_START,
        ON.campaign_report,
        out_post="L  F  F  F  N  N  F  3",
    ),
    Row(
        "dashboards:report_xlsx",
        NOT_ALLOWED,
        OVERSEERS_START,
        ON.campaign_report,
        out_post="L  F  F  F  N  N  F  3",
    ),
]
ROWS = {row.name: row for row in MATRIX}


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            prefix = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            if inner in EXCLUDED_NAMESPACES and not namespace:
                continue
            yield from _url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_has_a_row():
    names = set(_url_names(get_resolver().url_patterns)) - set(EXCLUDED)
    assert len(ROWS) == len(MATRIX), "a URL name has two rows"
    assert names - set(ROWS) == set(), "URL patterns without a row in the matrix"
    assert set(ROWS) - names == set(), "rows of the matrix for no URL pattern"


def test_every_url_pattern_is_named():
    def unnamed(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in EXCLUDED_NAMESPACES:
                    yield from unnamed(pattern.url_patterns)
            elif not pattern.name:
                yield str(pattern.pattern)

    assert list(unnamed(get_resolver().url_patterns)) == []


# --- running a row ------------------------------------------------------------------------------


def _missing_kwargs(kwargs: dict) -> dict:
    """Replace the object's key (its code or id) by one no object has."""
    found = dict(kwargs)
    for key, value in kwargs.items():
        if key == "kind":
            continue
        if isinstance(value, uuid.UUID):
            found[key] = uuid.uuid4()
        elif isinstance(value, int):
            found[key] = 987654
        else:
            found[key] = "KHONG-CO-MA-NAY"
    return found


def _answer(response) -> str:
    status = response.status_code
    if status == 302:
        return "L" if response["Location"].startswith(SIGN_IN) else "3"
    found = {value: code for code, value in STATUS.items() if code not in "L3"}
    return found.get(status, str(status))


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _signed_out(client) -> bool:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie is None or not cookie.value


def _request(client, method, url) -> tuple[str, object]:
    """Ask once, in a transaction undone afterwards; return the answer's code and response."""
    with transaction.atomic():
        try:
            response = getattr(client, method)(url)
        except Exception as exc:  # noqa: BLE001 - an error is an answer the matrix reports
            transaction.set_rollback(True)
            return f"error {type(exc).__name__}: {exc}", None
        transaction.set_rollback(True)
    return _answer(response), response


def _check_file(row, response) -> str | None:
    expected = CONTENT_TYPES[row.file]
    content_type = response["Content-Type"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if not content_type.startswith(expected):
        return f"content type {content_type}, expected {expected}"
    if not content:
        return "an empty file"
    return None


@pytest.mark.parametrize("name", sorted(ROWS))
def test_who_gets_what(name, test_world):
    row = ROWS[name]
    differences = []
    for role in ROLES:
        user = test_world.users[role]
        client = _client(user)
        for method in ("get", "post"):
            variants = ("in", "out", "missing") if row.kwargs else ("in",)
            for variant in variants:
                if row.kwargs is None:
                    url = reverse(name)
                else:
                    agency_key, given = ("in", role) if variant == "in" else ("out", world.OUTSIDE)
                    kwargs = row.kwargs(Scene(test_world, agency_key, given))
                    if variant == "missing":
                        kwargs = _missing_kwargs(kwargs)
                    url = reverse(name, kwargs=kwargs)
                expected = row.codes(method, variant)[ROLES.index(role)]
                got, response = _request(client, method, url)
                where = f"{role:15} {method.upper():4} {variant:7}"
                if got != expected:
                    differences.append(f"{where} got {got}, expected {expected}  {url}")
                elif row.file and method == "get" and got == "2" and variant == "in":
                    problem = _check_file(row, response)
                    if problem:
                        differences.append(f"{where} {problem}  {url}")
                if response is not None and response.streaming:
                    # Read to its end: the test client then closes it as a server would. Calling
                    # close() here would fire request_finished and close the test's connection
                    # to PostgreSQL.
                    b"".join(response.streaming_content)
                if user is not None and _signed_out(client):  # signing out ends the session
                    client = _client(user)
    assert not differences, f"{name}{' (' + row.why + ')' if row.why else ''}:\n" + "\n".join(
        differences
    )


# --- personal data, by content --------------------------------------------------------------------


@pytest.fixture
def subjects(test_world, org):
    """The two colleagues with HR records of every kind (tests/permission_world.py), each with
    an award: Khoa of KT, who signs in as himself and has a second KT staff member (Khánh) as a
    colleague; Mai of VP, a member of the union, colleague of bob and of hanh."""
    from organizations.models import Person
    from tests.factories import AwardRecordFactory, UserFactory

    people = test_world.family("colleagues", "in").person
    khoa = people["kt"]
    khoa.user = UserFactory(username="khoa", roles=["staff"])
    khoa.save()
    khanh = UserFactory(username="khanh", roles=["staff"])
    Person.objects.create(
        code="KHANH",
        full_name="Bùi Thị Khánh",
        unit=org.technical,
        user=khanh,
        start_date=khoa.start_date,
    )
    for person in people.values():
        AwardRecordFactory(person=person, year=2019)
    users = test_world.users
    # Who reads a person's ratings, discipline, pending reviews and leave (issue "Trust"): the
    # person, the head of its unit, the emulation officer and the leadership; colleagues and
    # the union's chair see its name, unit, position, titles and awards. The superuser is the
    # Django administrator and reads everything.
    return {
        khoa: {
            "himself": (khoa.user, True),
            "his unit head (carol)": (users["unit_head"], True),
            "the officer": (users["officer"], True),
            "the leadership": (users["leadership"], True),
            "the superuser": (users["superuser"], True),
            "a colleague in KT (khanh)": (khanh, False),
            "the union chair, a colleague in KT (dave)": (users["union_chair"], False),
        },
        people["vp"]: {
            "the officer": (users["officer"], True),
            "the leadership": (users["leadership"], True),
            "a colleague in VP (bob)": (users["staff"], False),
            "a colleague in VP on the council (hanh)": (users["council_member"], False),
            "the chair of her union (dave)": (users["union_chair"], False),
        },
    }


def _markers() -> dict[str, tuple[str, ...]]:
    """Return what betrays each kind of record on a page: its planted text, the dates the
    eligibility checks quote, and the rating's level (unlike any generic text of the pages)."""
    with translation.override(settings.LANGUAGE_CODE):
        rating = str(world.RATING.label)
    quoted = {**world.QUOTED, "rating": (rating,)}
    return {kind: (text, *quoted[kind]) for kind, text in world.PLANTED.items()}


def test_personal_data_is_shown_only_to_those_who_need_it(subjects):
    markers = _markers()
    award = Award.objects.get(code="LDTT").name
    problems = []
    for person, viewers in subjects.items():
        public = (person.full_name, person.unit.name, person.position, award)
        pages = {
            "person": reverse("organizations:person_detail", args=[person.code]),
            "eligibility": reverse("awards:person_eligibility", args=[person.code]) + "?year=2020",
        }
        for viewer, (user, may_read) in viewers.items():
            client = _client(user)
            for page, url in pages.items():
                response = client.get(url)
                where = f"{person.full_name}'s {page} page"
                if response.status_code != 200:
                    problems.append(f"{viewer}: {where} answers {response.status_code}")
                    continue
                text = text_of(response)
                seen = {kind for kind, found in markers.items() if any(m in text for m in found)}
                if may_read and seen != set(markers):
                    problems.append(f"{viewer} misses {sorted(set(markers) - seen)} on {where}")
                if not may_read and seen:
                    problems.append(f"{viewer} sees {sorted(seen)} on {where}")
                hidden = [fact for fact in public if fact not in text]
                if page == "person" and hidden:
                    problems.append(f"{viewer} does not see {hidden} on {where}")
    assert not problems, "\n".join(problems)

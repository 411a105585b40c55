"""Fixtures shared by every test: the language, uploads, and personas after healthchecks'
alice/bob/charlie. Helpers that read a response are in tests/pages.py, factories in
tests/factories.py; docs/testing.md says how the suite runs.

The agency `SKHCN` has two divisions, `VP` (office) and `KT` (technical), and a trade union `CD`.
- alice: emulation officer in VP; sees the whole agency and may write HR records.
- bob: staff in VP; sees VP only and may not write (the read-only user, 403 on writes).
- carol: unit head of KT.
- charlie: staff in another agency `OTHER`; sees nothing of SKHCN (the outsider, 404).
- dave: staff in KT who chairs the trade union.
"""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db.models.signals import post_migrate
from django.test import override_settings
from django.utils import translation

from organizations import roles
from organizations.models import Membership, Unit
from tests.factories import MembershipFactory, PersonFactory, UnitFactory, UserFactory


def restore_reference_data(sender, **kwargs):
    """Put back the role groups, the catalogue and the rule sets after a flush.

    Data migrations write them; a transactional test (browser, concurrency) ends with a flush
    that empties every table, then sends post_migrate. A plain run puts those tests last, but
    under pytest-xdist a worker goes on to other modules, which expect the migrated data.
    """
    from tests.concurrency import recreate_reference_data

    recreate_reference_data()


post_migrate.connect(
    restore_reference_data,
    sender=apps.get_app_config("awards"),
    dispatch_uid="tests.restore_reference_data",
)


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Store uploads under the test process's own temporary directory, never in ./media: the
    browser tests upload through the live server, and parallel workers must not share files."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache: the summaries kept in it (organizations.summaries)
    are keyed by a version each test's database starts again from."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in Vietnamese, the portal's default language.

    The language middleware activates each request's language in the test's own thread and
    nothing resets it, so without this a test's fixtures would speak whatever language the
    previous test's last request used, and results would depend on the order tests run in.
    """
    translation.deactivate()


@pytest.fixture
def english(client):
    """Speak English to the test client (the language cookie) and in the test's own thread, so
    assertions on pages and on services' messages hold once Vietnamese translations land.

    A module reads in English with `pytestmark = pytest.mark.usefixtures("english")`.
    """
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


@pytest.fixture
def media(settings, tmp_path):
    """Store this test's uploads in its own directory and return it, to count the files."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def org(db):
    agency = UnitFactory(code="SKHCN", name="Sở Khoa học và Công nghệ", kind=Unit.Kind.AGENCY)
    office = UnitFactory(code="VP", name="Văn phòng Sở", parent=agency)
    technical = UnitFactory(code="KT", name="Phòng Quản lý công nghệ", parent=agency)
    union = UnitFactory(
        code="CD", name="Công đoàn cơ sở", kind=Unit.Kind.TRADE_UNION, parent=agency
    )
    other = UnitFactory(code="OTHER", name="Sở Tài chính", kind=Unit.Kind.AGENCY)

    def persona(username, full_name, unit, role_names):
        user = UserFactory(username=username, roles=role_names)
        person = PersonFactory(code=username.upper(), full_name=full_name, unit=unit, user=user)
        return SimpleNamespace(user=user, person=person)

    alice = persona("alice", "Nguyễn Thị Alice", office, [roles.OFFICER, roles.STAFF])
    bob = persona("bob", "Trần Văn Bob", office, [roles.STAFF])
    carol = persona("carol", "Lê Thị Carol", technical, [roles.UNIT_HEAD, roles.STAFF])
    charlie = persona("charlie", "Phạm Văn Charlie", other, [roles.STAFF])
    dave = persona("dave", "Hoàng Văn Dave", technical, [roles.UNION_CHAIR, roles.STAFF])
    MembershipFactory(person=dave.person, organisation=union, role=Membership.Role.CHAIR)
    MembershipFactory(person=bob.person, organisation=union)
    return SimpleNamespace(
        agency=agency,
        office=office,
        technical=technical,
        union=union,
        other=other,
        alice=alice,
        bob=bob,
        carol=carol,
        charlie=charlie,
        dave=dave,
    )


@pytest.fixture
def login(client):
    """Sign a persona in and return the test client."""

    def _login(persona):
        client.force_login(persona.user)
        return client

    return _login


@pytest.fixture
def leader(org):
    """lena: the director, on the leadership board `BLD`; she signs for the board."""
    board = UnitFactory(
        code="BLD", name="Ban lãnh đạo Sở", kind=Unit.Kind.LEADERSHIP_BOARD, parent=org.agency
    )
    user = UserFactory(username="lena", roles=[roles.LEADERSHIP, roles.STAFF])
    person = PersonFactory(code="LENA", full_name="Lương Thị Lena", unit=board, user=user)
    return SimpleNamespace(user=user, person=person, unit=board)


@pytest.fixture
def campaign(org, leader):
    """A launched 2020 campaign of SKHCN with two focus areas and a few milestones."""
    import datetime

    from campaigns import services
    from tests.factories import CampaignFactory, FocusAreaFactory

    campaign = CampaignFactory(
        organiser=org.agency, name="Phong trào thi đua hoàn thành nhiệm vụ năm 2020"
    )
    FocusAreaFactory(campaign=campaign, number=1, title="Sáng kiến, ứng dụng KH&CN")
    FocusAreaFactory(campaign=campaign, number=2, title="Kỷ luật, kỷ cương hành chính")
    for day, title in [(datetime.date(2020, 5, 18), "Ngày KH&CN Việt Nam")]:
        services.milestone_save(
            actor=org.alice.user,
            milestone=campaign.milestones.model(campaign=campaign),
            date=day,
            title=title,
            kind="commemoration",
        )
    return services.campaign_launch(
        actor=org.alice.user, campaign=campaign, launch_date=datetime.date(2019, 12, 31)
    )


@pytest.fixture
def covenant(org, leader, campaign):
    """An open covenant: the board (lena signs), the trade union (dave) and KT (carol)."""
    import datetime
    from decimal import Decimal

    from campaigns import services
    from campaigns.models import Commitment

    covenant = services.covenant_create(
        actor=org.alice.user,
        campaign=campaign,
        title="Giao ước thi đua năm 2020",
        signing_date=datetime.date(2019, 12, 31),
        signing_place="Lạng Sơn",
    )
    parties = [
        services.party_add(actor=org.alice.user, covenant=covenant, unit=unit, representative=rep)
        for unit, rep in [
            (leader.unit, leader.person),
            (org.union, org.dave.person),
            (org.technical, org.carol.person),
        ]
    ]
    area = campaign.focus_areas.get(number=1)
    for party in parties:
        services.commitment_save(
            actor=org.alice.user,
            commitment=Commitment(party=party),
            focus_area=area,
            text=f"{party.unit}: 100% hồ sơ công việc được xử lý trên phần mềm",
            measure="percentage",
            target=Decimal(100),
            baseline=Decimal(80),
            due_date=datetime.date(2020, 12, 31),
        )
    return services.covenant_open(actor=org.alice.user, covenant=covenant)


@pytest.fixture
def covenant_in_force(org, leader, covenant):
    """The covenant above, signed by all three representatives."""
    from campaigns import services

    signers = [leader.user, org.dave.user, org.carol.user]
    for party, user in zip(covenant.parties.order_by("order"), signers, strict=True):
        services.covenant_sign(actor=user, party=party)
    covenant.refresh_from_db()
    return covenant

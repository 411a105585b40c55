from campaigns.models import Covenant


def test_the_fixtures_build_a_covenant_in_force(covenant_in_force):
    assert covenant_in_force.status == Covenant.Status.IN_FORCE
    assert covenant_in_force.parties.filter(signature__isnull=False).count() == 3

"""Finding 9 of the security review: the imports answered "outside your scope" for a code of
another agency and "no such person" for an unknown one, which told an officer what other
agencies hold. Both now get the same answer."""

import pytest

from tests.awards.test_history_import import refused, row, xlsx
from tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("english", "media")


def test_the_history_import_answers_a_foreign_code_as_an_unknown_one(org, login):
    PersonFactory(code="FOREIGN1", unit=org.other)
    found = refused(login(org.alice), xlsx([row("FOREIGN1"), row("NOBODY1")]))
    foreign, unknown = (message for _sheet, _row, _column, message in found)
    assert foreign.replace("FOREIGN1", "X") == unknown.replace("NOBODY1", "X")
    found = refused(
        login(org.alice), xlsx([row("", "OTHER", "TTLDTT"), row("", "NOWHERE", "TTLDTT")])
    )
    foreign, unknown = (message for _sheet, _row, _column, message in found)
    assert foreign.replace("OTHER", "X") == unknown.replace("NOWHERE", "X")


def test_the_staff_import_answers_a_foreign_unit_as_an_unknown_one(org, login):
    from tests.organizations.test_import import errors_of, staff_row, upload
    from tests.organizations.test_import import xlsx as staff_xlsx

    response = upload(
        login(org.alice),
        staff_xlsx(staff=[staff_row("CB201", "OTHER"), staff_row("CB202", "NOPE")]),
    )
    foreign, unknown = (message for _sheet, _row, _column, message in errors_of(response))
    assert foreign.replace("OTHER", "X") == unknown.replace("NOPE", "X")

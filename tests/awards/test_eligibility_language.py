"""A verdict reads in one language, the reader's: its messages, citations and evidence."""

import ast
import datetime
import gettext
import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from awards.eligibility import Check
from awards.eligibility.common import to_confirm
from awards.eligibility.text import text
from organizations.models import AnnualRating, LeaveRecord
from tests.factories import DisciplineFactory, LeaveFactory, RatingFactory, registered

ENGINE = Path(settings.BASE_DIR) / "awards" / "eligibility"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.mo"
# Words of the engine's English that a Vietnamese page must not show.
ENGLISH = re.compile(
    r"\b(rated|rating|worked|days?|months?|needs?|needed|leave|counted|discipline|reprimand|"
    r"decision|confirm|met|held|service|since|initiative|scope|law|title|the|of|or|and|for)\b",
    re.IGNORECASE,
)
# Letters only Vietnamese uses (the English page shows names and law titles only in citations).
VIETNAMESE = re.compile(r"[À-ỹĐđ]")
GETTEXT_CALLS = {"_", "gettext_lazy", "ngettext_lazy", "pgettext_lazy"}


def check_rows(page, code):
    """Return {check code: [message, citation, evidence]} of a verdict card, as text."""
    card = page.split(f'data-testid="verdict-{code}"', 1)[1].split('data-testid="verdict-')[0]
    rows = {}
    for row in card.split('<tr data-testid="check"')[1:]:
        check = re.match(r' data-code="([a-z_]+)"', row).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.split("</tr>")[0], re.DOTALL)
        rows[check] = [html.unescape(re.sub(r"<[^>]+>", " ", cell)) for cell in cells[1:]]
    return rows


@pytest.fixture
def bob_2020(org):
    """Bob in 2020 (Nghị định 91/2017): registered, recruited on 01/01/2020 (so his leave is
    weighed against the 10 months of a newcomer), rated good, on maternity and unpaid leave,
    reprimanded."""
    person = org.bob.person
    person.start_date = datetime.date(2020, 1, 1)
    person.save()
    registered(person, 2020)
    RatingFactory(person=person, year=2020, level=AnnualRating.Level.GOOD)
    LeaveFactory(person=person, start_date=datetime.date(2020, 3, 2))
    LeaveFactory(
        person=person,
        kind=LeaveRecord.Kind.UNPAID,
        start_date=datetime.date(2020, 10, 1),
        end_date=datetime.date(2020, 10, 10),
    )
    DisciplineFactory(person=person)
    return person


def page(org, login, client, person, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("awards:person_eligibility", args=[person.code]) + "?year=2020"
    response = login(org.alice).get(url)
    assert response.status_code == 200
    return response.text


def test_a_vietnamese_page_shows_the_verdict_in_vietnamese_only(org, login, client, bob_2020):
    text = page(org, login, client, bob_2020, "vi")
    assert "to confirm" not in text
    rows = check_rows(text, "LDTT")
    assert set(rows) == {
        "registration",
        "rating_good",
        "working_time",
        "no_discipline",
        "no_pending_review",
    }
    rows["initiative"] = check_rows(text, "CSTDCS")["initiative"]
    for code, (message, citation, evidence) in rows.items():
        for cell in (message, citation, evidence):
            assert not ENGLISH.search(cell), (code, cell)
    message, citation, evidence = rows["working_time"]
    assert "Thời gian nghỉ thai sản được tính là thời gian làm việc." in message
    assert "Không tính: nghỉ không hưởng lương (cần xác minh)." in message
    assert citation.endswith("Khoản 4 Điều 10, Nghị định 91/2017/NĐ-CP (cần xác minh)")
    assert "nghỉ thai sản: 02/03/2020–31/08/2020 (183 ngày trong năm)" in evidence
    assert "Kỷ luật: khiển trách, 01/03/2019–28/02/2020" in rows["no_discipline"][2]


def test_an_english_page_shows_the_same_verdict_in_english_only(org, login, client, bob_2020):
    text = page(org, login, client, bob_2020, "en")
    assert "cần xác minh" not in text
    rows = check_rows(text, "LDTT")
    rows["initiative"] = check_rows(text, "CSTDCS")["initiative"]
    for code, (message, _citation, evidence) in rows.items():
        assert not VIETNAMESE.search(message), (code, message)
        assert not VIETNAMESE.search(evidence), (code, evidence)
    message, citation, evidence = rows["working_time"]
    assert "Maternity leave counts as working time." in message
    assert "Not counted: unpaid leave (to confirm)." in message
    assert citation.endswith("Khoản 4 Điều 10, Nghị định 91/2017/NĐ-CP (to confirm)")
    assert "maternity leave: 02/03/2020–31/08/2020 (183 days in the year)" in evidence
    assert "Discipline: reprimand, 01/03/2019–28/02/2020" in rows["no_discipline"][2]


def engine_msgids():
    """Yield the catalogue key of every literal gettext call in the engine's modules."""
    for module in sorted(ENGINE.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") in GETTEXT_CALLS):
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "pgettext_lazy":
                yield module.name, f"{args[0]}\x04{args[1]}"
            elif node.func.id == "ngettext_lazy":
                yield module.name, (args[0], 0)
            else:
                yield module.name, args[0]


def test_every_message_of_the_engine_has_a_vietnamese_translation():
    with CATALOGUE.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    found = list(engine_msgids())
    assert len(found) > 100
    missing = [(module, key) for module, key in found if not catalogue.get(key)]
    assert missing == []


def test_a_check_keeps_its_message_in_both_languages():
    check = Check(
        "rating_good",
        "unknown",
        text(_("No rule set applies to the year %(year)s."), year=2020),
        to_confirm("Điều 24"),
        [text(_("Nominated: %(count)s"), count=3)],
    )
    assert (
        check.message_vi == check.message("vi") == "Không có bộ quy định nào áp dụng cho năm 2020."
    )
    assert check.message_en == check.message("en-gb") == "No rule set applies to the year 2020."
    with translation.override("en"):
        assert str(check.text) == check.message_en
        data = json.loads(json.dumps(check.as_dict()))
    assert data["message_vi"] == check.message_vi
    assert data["citation"] == "Điều 24 (to confirm)"
    assert data["evidence"] == ["Nominated: 3"]


def test_numbers_read_in_the_reader_s_locale_without_a_needless_decimal():
    """ "About 12.0 months" and "0.0 %" read as a program's numbers: a whole number is shown
    whole, another with the locale's decimal comma; a count stays a number for the plural."""
    from decimal import Decimal

    template = "%(months)s months, %(share)s %%"
    with translation.override("vi"):
        assert str(text(template, months=Decimal("12.0"), share=Decimal("0.0"))) == "12 months, 0 %"
        assert str(text(template, months=Decimal("11.5"), share=Decimal("12.50"))) == (
            "11,5 months, 12,50 %"
        )
    with translation.override("en"):
        assert str(text(template, months=Decimal("11.5"), share=Decimal("3"))) == "11.5 months, 3 %"

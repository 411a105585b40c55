"""The first draft of an achievement report (báo cáo thành tích), written from the year's record.

A unit writes one report per dossier, in the layout the decrees' annexes use (Nghị định
91/2017/NĐ-CP, Mẫu số 01 for a person, Mẫu số 02 for a collective; kept by Nghị định
98/2023/NĐ-CP): who the nominee is, what it achieved, the emulation titles and forms of
commendation it already holds. The portal knows most of it already: the commitments the unit
signed and how they ended, the annual ratings, the initiatives, the earlier awards. This writes
that down; the unit edits the text, prints it to sign and uploads the signed copy.

The report is an administrative document: it is written in Vietnamese whatever the reader's
language, through the same catalogue as every other string.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from awards.models import AwardRecord, Initiative
from campaigns import selectors as campaign_selectors
from campaigns.models import ProgressReport
from organizations.models import AnnualRating, Person, Unit, UnitRating

DOCUMENT_LANGUAGE = "vi"
YEARS_OF_AWARDS = 5


def _number(value) -> str:
    text = f"{value:f}".rstrip("0").rstrip(".") if value is not None else "—"
    return text.replace(".", ",")


def _commitment_line(commitment) -> str:
    report = commitment.latest_report
    if report is None:
        outcome = _("not reported")
    else:
        outcome = ProgressReport.Status(report.status).label
        if report.value is not None:
            outcome = f"{outcome} ({_number(report.value)}/{_number(commitment.target)})"
    line = f"- {commitment.text}: {outcome}."
    if report is not None and report.narrative.strip():
        line += f" {report.narrative.strip()}"
    return line


def _ratings(nominee, year: int) -> list[str]:
    if isinstance(nominee, Person):
        rows = AnnualRating.objects.filter(person=nominee, year__lte=year)
    else:
        rows = UnitRating.objects.filter(unit=nominee, year__lte=year)
    return [
        "- " + _year(rating.year) + f": {rating.get_level_display()}"
        for rating in rows.order_by("-year")[:3]
    ]


def _year(year: int) -> str:
    # Outside an f-string, so that makemessages finds it.
    return _("Year %(year)s") % {"year": year}


def _initiatives(nominee, year: int) -> list[str]:
    if isinstance(nominee, Person):
        rows = Initiative.objects.filter(authors__person=nominee)
    else:
        rows = Initiative.objects.filter(unit=nominee)
    rows = rows.filter(decision_date__year__lte=year, decision_date__year__gte=year - 2)
    return [
        f"- {initiative.title} ("
        + _("recognised by %(body)s, decision %(number)s of %(date)s; scope: %(scope)s")
        % {
            "body": initiative.recognised_by,
            "number": initiative.decision_number,
            "date": f"{initiative.decision_date:%d/%m/%Y}",
            "scope": initiative.get_scope_display().lower(),
        }
        + ")"
        for initiative in rows.order_by("-decision_date", "pk").distinct()
    ]


def _awards(nominee, year: int) -> list[str]:
    records = AwardRecord.objects.filter(
        status=AwardRecord.Status.VALID, year__gte=year - YEARS_OF_AWARDS, year__lte=year
    ).select_related("award")
    if isinstance(nominee, Person):
        records = records.filter(person=nominee)
    else:
        records = records.filter(unit=nominee)
    return [
        "- "
        + _year(record.year)
        + f": {record.award.name_vi}, "
        + _("decision %(number)s of %(date)s by %(issuer)s")
        % {
            "number": record.decision_number,
            "date": f"{record.decision_date:%d/%m/%Y}",
            "issuer": record.issuer,
        }
        for record in records.order_by("-year", "award__rank")
    ]


def _section(title: str, lines: list[str], empty: str) -> str:
    return "\n".join([title, *(lines or [f"- {empty}"])])


def draft_report(nominee: Person | Unit, year: int) -> str:
    """Return the first draft of the nominee's achievement report for the year, in Vietnamese."""
    with translation.override(DOCUMENT_LANGUAGE):
        if isinstance(nominee, Person):
            about = [
                _("Full name: %(name)s") % {"name": nominee.full_name},
                _("Position: %(position)s") % {"position": nominee.position or "—"},
                _("Unit: %(unit)s") % {"unit": nominee.unit.name},
            ]
            if nominee.date_of_birth:
                born = f"{nominee.date_of_birth:%d/%m/%Y}"
                about.insert(1, _("Date of birth: %(day)s") % {"day": born})
            unit = nominee.unit
        else:
            about = [_("Name of the collective: %(name)s") % {"name": nominee.name}]
            unit = nominee
        commitments = [
            _commitment_line(commitment)
            for commitment in campaign_selectors.unit_commitments_of_year(unit, year)
        ]
        parts = [
            _section(_("I. ABOUT THE NOMINEE"), about, ""),
            _("II. ACHIEVEMENTS IN %(year)s") % {"year": year},
            _section(
                _("1. Results against the commitments of the emulation covenant"),
                commitments,
                _("No commitment recorded for this year."),
            ),
            _section(_("2. Quality rating"), _ratings(nominee, year), _("No rating recorded yet.")),
            _section(
                _("3. Initiatives and research topics applied"),
                _initiatives(nominee, year),
                _("No initiative recorded."),
            ),
            _section(
                _("III. EMULATION TITLES AND FORMS OF COMMENDATION RECEIVED"),
                _awards(nominee, year),
                _("None recorded in the portal."),
            ),
        ]
    return "\n\n".join(parts)

"""Documents made from a covenant: the signed text as a PDF, its commitments as a workbook."""

import datetime
import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from campaigns import selectors
from campaigns.models import Covenant, ProgressReport
from organizations.importer import value_cell

QUARTERS = [
    ProgressReport.Period.Q1,
    ProgressReport.Period.Q2,
    ProgressReport.Period.Q3,
    ProgressReport.Period.Q4,
]


def vietnamese_date_line(place: str, date: datetime.date) -> str:
    """Return the place-and-date line of an administrative document.

    "Lạng Sơn, ngày 31 tháng 12 năm 2019". Days below 10 and the months 1 and 2 take a leading
    zero ("ngày 05 tháng 02 năm 2020"), as Nghị định 30/2020/NĐ-CP (Phụ lục I) prescribes, so
    that nobody can turn them into another date by adding a digit.
    """
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    line = f"ngày {date.day:02d} tháng {month} năm {date.year}"
    return f"{place}, {line}" if place else line.capitalize()


def covenant_filename(covenant: Covenant, extension: str) -> str:
    """Return "giao-uoc-2020.pdf"; an amendment adds its version ("giao-uoc-2020-v2.pdf")."""
    version = f"-v{covenant.version}" if covenant.version > 1 else ""
    return f"giao-uoc-{covenant.campaign.year}{version}.{extension}"


def _signature_of(party):
    try:
        return party.signature
    except party.__class__.signature.RelatedObjectDoesNotExist:
        return None


def covenant_pdf(covenant: Covenant, parties, *, base_url: str) -> bytes:
    """Render the covenant as a Vietnamese administrative document (A4 PDF).

    `parties` come from `selectors.covenant_with_parties`. The document is an official text,
    so it is written in Vietnamese whatever language the reader uses on screen.
    """
    import weasyprint  # imported here: loading Pango costs time that only this view needs

    campaign = covenant.campaign
    for party in parties:
        party.signed = _signature_of(party)
    with translation.override("vi"):
        html = render_to_string(
            "campaigns/covenant_pdf.html",
            {
                "covenant": covenant,
                "campaign": campaign,
                "agency": campaign.organiser,
                "parent_agency": campaign.organiser.parent,
                "focus_areas": list(campaign.focus_areas.order_by("number")),
                "parties": parties,
                "date_line": vietnamese_date_line(covenant.signing_place, covenant.signing_date),
            },
        )
        return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def covenant_workbook(covenant: Covenant, parties) -> bytes:
    """Build the workbook of a covenant's commitments with the progress reported each quarter.

    A commitment carried over by an amendment shows the quarters reported under the versions it
    continues (the newest version's report for a quarter wins). Reads the links, the quarters
    and the latest statuses in a few queries, however many commitments there are.
    """
    commitments = [
        (party, commitment) for party in parties for commitment in party.commitments.all()
    ]
    chains = selectors.commitment_chains([commitment for _party, commitment in commitments])
    filed = {
        (commitment_id, period): (status, value)
        for commitment_id, period, status, value in ProgressReport.objects.filter(
            commitment_id__in={pk for chain in chains.values() for pk in chain},
            period__in=QUARTERS,
        ).values_list("commitment_id", "period", "status", "value")
    }

    def quarter(commitment, period):
        for pk in chains[commitment.pk]:  # newest version first
            if (pk, period) in filed:
                return filed[(pk, period)]
        return None, None

    latest = selectors.latest_statuses([commitment for _party, commitment in commitments])
    status_label = {choice.value: choice.label for choice in ProgressReport.Status}

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Commitments"))[:31]
    headers = [
        (_("Party"), 28),
        (_("Focus area"), 30),
        (_("Commitment"), 60),
        (_("Measure"), 14),
        (_("Baseline"), 11),
        (_("Target"), 11),
        (_("Unit of measure"), 14),
        (_("Due date"), 12),
    ]
    for period in QUARTERS:
        headers += [
            (_("%(period)s status") % {"period": period.value}, 13),
            (_("%(period)s value") % {"period": period.value}, 11),
        ]
    headers.append((_("Latest status"), 14))
    sheet.append([str(title) for title, _width in headers])
    bold = Font(bold=True)
    for index, (_title, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    for party, commitment in commitments:
        row = [
            party.unit.name,
            str(commitment.focus_area),
            commitment.text,
            str(commitment.get_measure_display()),
            commitment.baseline,
            commitment.target,
            commitment.unit_label,
            commitment.due_date,
        ]
        for period in QUARTERS:
            status, value = quarter(commitment, period.value)
            row += [str(status_label[status]) if status else None, value]
        status = latest.get(commitment.pk)
        row.append(str(status_label[status]) if status else None)
        # A party's commitment is its own text: never a formula in the workbook.
        sheet.append([value_cell(sheet, value) for value in row])
        sheet.cell(row=sheet.max_row, column=8).number_format = "DD/MM/YYYY"
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

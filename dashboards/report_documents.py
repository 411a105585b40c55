"""The campaign's year-end (or mid-year) report as an official PDF and as a workbook."""

import re

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from awards.services.decisions import signature_lines
from campaigns.documents import vietnamese_date_line
from campaigns.models import CampaignReview
from dashboards.report import YearReport
from organizations.importer import Column, data_sheet, workbook_bytes

# The colours of the classes the chart templates give their shapes (Bootstrap's, on screen).
CHART_COLOURS = {
    "primary": "#0d6efd",
    "success": "#198754",
    "info": "#0dcaf0",
    "warning": "#ffc107",
    "danger": "#dc3545",
    "secondary": "#6c757d",
}
# WeasyPrint draws an inline <svg> as a document of its own, which the page's stylesheet does
# not reach: each chart is given the colours of its classes inside it (a PDF has no CSP).
_SVG_STYLE = "<style>{}</style>".format(
    "".join(f".text-{name}{{color:{colour}}}" for name, colour in CHART_COLOURS.items())
)
_SVG_OPENING = re.compile(r"<svg\b[^>]*>")
NO_BREAK = "\u00a0"
# The signature block's title when the leadership board names no head with a position.
HEAD_OF_AGENCY = "THỦ TRƯỞNG CƠ QUAN"

SLUGS = {CampaignReview.Kind.FINAL: "tong-ket", CampaignReview.Kind.INTERIM: "so-ket"}
# The kind of report an address (or a job's parameters) names by its slug.
KINDS = {slug: kind for kind, slug in SLUGS.items()}
# Who downloads the reports: the page refuses anyone else, a job its owner who lost the right.
READERS_ONLY = gettext_lazy(
    "Only the leadership and the emulation officer download the campaign's reports."
)

SHEET_TITLES = {
    "general": gettext_lazy("General"),
    "areas": gettext_lazy("Focus areas"),
    "commitments": gettext_lazy("Commitments by party"),
    "awards": gettext_lazy("Awards by unit"),
    "years": gettext_lazy("Awards over five years"),
    "initiatives": gettext_lazy("Initiatives"),
    "one_off": gettext_lazy("One-off awards"),
    "sessions": gettext_lazy("Council sessions"),
    "conclusions": gettext_lazy("Conclusions"),
}


def report_filename(report: YearReport, extension: str) -> str:
    """Return "bao-cao-tong-ket-2020.pdf" or "bao-cao-so-ket-2020.xlsx"."""
    return f"bao-cao-{SLUGS[report.kind]}-{report.year}.{extension}"


def _colour_charts(html: str) -> str:
    return _SVG_OPENING.sub(lambda match: match.group(0) + _SVG_STYLE, html)


def _recipients(report: YearReport) -> list[str]:
    """The report goes up to the parent agency, to the council and to the covenant's parties."""
    lines = [f"{report.parent_agency.name} (để báo cáo);"] if report.parent_agency else []
    return lines + [
        "Hội đồng Thi đua - Khen thưởng;",
        "Các bên ký giao ước thi đua;",
        "Lưu: VT.",
    ]


def report_pdf(report: YearReport, *, base_url: str) -> bytes:
    """Render the report as a Vietnamese administrative document (A4 PDF) with its charts."""
    import weasyprint  # imported here: loading Pango costs time that only this view needs

    if report.signer is not None:
        authority_line, position_line = signature_lines(report.signer.position)
        signer_name = report.signer.full_name
    else:
        authority_line, position_line, signer_name = "", "", ""
    position_line = position_line or HEAD_OF_AGENCY
    with translation.override("vi"):
        html = render_to_string(
            "dashboards/report_pdf.html",
            {
                "report": report,
                "campaign": report.campaign,
                "agency": report.agency,
                "parent_agency": report.parent_agency,
                "number_line": f"Số:{NO_BREAK * 10}/BC-{report.agency.code}",
                "date_line": vietnamese_date_line(report.place, report.compiled_on),
                "recipients": _recipients(report),
                "authority_line": authority_line,
                "position_line": position_line,
                "signer_name": signer_name,
                "colours": CHART_COLOURS,
            },
        )
        return weasyprint.HTML(string=_colour_charts(html), base_url=base_url).write_pdf()


def _columns(*headers) -> list[Column]:
    """Return the columns of a sheet from (key, header, width); headers come translated."""
    return [
        Column(key, str(header), str(header), False, width=width) for key, header, width in headers
    ]


def report_workbook(report: YearReport) -> bytes:
    """Build the report's workbook: one sheet per section, user text always written as text."""
    book = Workbook(write_only=True)
    with translation.override("vi"):
        _general_sheet(book, report)
        _areas_sheet(book, report)
        _commitments_sheet(book, report)
        _awards_sheet(book, report)
        _years_sheet(book, report)
        _initiatives_sheet(book, report)
        _one_off_sheet(book, report)
        _sessions_sheet(book, report)
        _conclusions_sheet(book, report)
    return workbook_bytes(book)


def _title(key: str) -> str:
    return str(SHEET_TITLES[key])[:31]


def _general_sheet(book, report: YearReport) -> None:
    overall = report.overall
    rows = [
        [_("Campaign"), report.campaign.name],
        [_("Organising agency"), report.agency.name],
        [_("Parent agency"), report.parent_agency.name if report.parent_agency else ""],
        [_("Report"), str(report.kind.label)],
        [_("Year"), report.year],
        [_("Period from"), report.starts],
        [_("Period to"), report.ends],
        [_("Statuses as at the end of"), _("Quarter %(number)s") % {"number": report.quarter_name}],
        [_("Commitments"), overall["total"]],
        *[[segment["label"], segment["count"]] for segment in overall["segments"]],
        [_("Titles and forms awarded"), report.awards_total],
        *[
            [_("Initiatives: %(scope)s") % {"scope": bar.label}, bar.count]
            for bar in report.initiatives_chart.bars
        ],
        [_("One-off awards"), len(report.one_off)],
        [_("Council sessions"), len(report.sessions)],
        [_("Compiled on"), report.compiled_on],
    ]
    columns = _columns(("item", _("Item"), 40), ("value", _("Value"), 70))
    data_sheet(book, _title("general"), columns, ([str(label), value] for label, value in rows))


def _areas_sheet(book, report: YearReport) -> None:
    columns = _columns(
        ("number", _("Number"), 8),
        ("area", _("Focus area"), 50),
        *[(key, label, 14) for key, label in report.columns],
        ("total", _("Total"), 10),
    )
    data_sheet(
        book,
        _title("areas"),
        columns,
        (
            [
                area.number,
                area.title,
                *[segment["count"] for segment in area.row["segments"]],
                area.row["total"],
            ]
            for area in report.focus_areas
        ),
    )


def _commitments_sheet(book, report: YearReport) -> None:
    columns = _columns(
        ("party", _("Party"), 30),
        ("area", _("Focus area"), 30),
        ("text", _("Commitment"), 60),
        ("target", _("Target"), 10),
        ("unit_label", _("Unit of measure"), 14),
        ("due_date", _("Due date"), 12),
        ("status", _("Status"), 16),
    )
    data_sheet(
        book,
        _title("commitments"),
        columns,
        (
            [
                party.unit.name,
                str(commitment.focus_area),
                commitment.text,
                commitment.target,
                commitment.unit_label,
                commitment.due_date,
                str(commitment.status_label),
            ]
            for party in report.parties
            for commitment in party.commitments
        ),
    )


def _awards_sheet(book, report: YearReport) -> None:
    columns = _columns(
        ("unit", _("Unit"), 36),
        ("award", _("Award"), 40),
        ("kind", _("Kind"), 22),
        ("count", _("Number awarded"), 12),
    )
    data_sheet(
        book,
        _title("awards"),
        columns,
        (
            [row.unit_name, row.award_name, row.award_kind, row.count]
            for row in report.awards_by_unit
        ),
    )


def _years_sheet(book, report: YearReport) -> None:
    chart = report.years_chart
    columns = _columns(("award", _("Award"), 40), *[(year, year, 8) for year in chart["columns"]])
    data_sheet(
        book,
        _title("years"),
        columns,
        ([row["label"], *[cell["count"] for cell in row["cells"]]] for row in chart["rows"]),
    )


def _initiatives_sheet(book, report: YearReport) -> None:
    columns = _columns(
        ("title", _("Initiative"), 50),
        ("unit", _("Unit"), 30),
        ("decision_number", _("Decision number"), 16),
        ("decision_date", _("Decision date"), 12),
        ("scope", _("Scope of effect"), 16),
        ("recognised_by", _("Recognised by"), 30),
    )
    data_sheet(
        book,
        _title("initiatives"),
        columns,
        (
            [
                initiative.title,
                initiative.unit.name if initiative.unit_id else "",
                initiative.decision_number,
                initiative.decision_date,
                str(initiative.get_scope_display()),
                initiative.recognised_by,
            ]
            for initiative in report.initiatives
        ),
    )


def _one_off_sheet(book, report: YearReport) -> None:
    columns = _columns(
        ("name", _("Person or collective"), 30),
        ("unit", _("Unit"), 30),
        ("award", _("Award"), 30),
        ("decision_number", _("Decision number"), 16),
        ("decision_date", _("Decision date"), 12),
    )
    data_sheet(
        book,
        _title("one_off"),
        columns,
        (
            [
                record.person.full_name if record.person_id else record.unit.name,
                record.person.unit.name if record.person_id else record.unit.name,
                record.award.name_vi,
                record.decision_number,
                record.decision_date,
            ]
            for record in report.one_off
        ),
    )


def _sessions_sheet(book, report: YearReport) -> None:
    columns = _columns(
        ("date", _("Date"), 12),
        ("time", _("Time"), 8),
        ("place", _("Place"), 40),
        ("status", _("Status"), 24),
        ("considered", _("Dossiers considered"), 12),
        ("passed", _("Dossiers passed"), 12),
    )

    def row(session):
        starts = timezone.localtime(session.starts_at)
        return [
            starts.date(),
            f"{starts:%H:%M}",
            session.place,
            str(session.get_status_display()),
            session.considered,
            session.passed,
        ]

    data_sheet(book, _title("sessions"), columns, (row(session) for session in report.sessions))


def _conclusions_sheet(book, report: YearReport) -> None:
    columns = _columns(("conclusions", _("Conclusions"), 120))
    if report.conclusions:
        # One paragraph a row: a long text in one cell reads badly without wrapping.
        lines = [[line] for line in report.conclusions.splitlines() if line.strip()]
    else:
        lines = [[_("No conclusions recorded yet.")]]
    data_sheet(book, _title("conclusions"), columns, lines)

"""The achievement report (báo cáo thành tích) as the paper the unit prints and signs (A4 PDF).

Laid out as an administrative document (Nghị định 30/2020/NĐ-CP), as the covenant and the
registration list are, after the annex forms of the decrees (Nghị định 91/2017/NĐ-CP, Mẫu số
01 for a person, Mẫu số 02 for a collective), and written in Vietnamese whatever language the
reader uses on screen.
"""

import re

from django.template.loader import render_to_string
from django.utils import timezone, translation

from awards.models import Nomination
from awards.registration_documents import signing_place
from campaigns.documents import vietnamese_date_line
from organizations.selectors import default_representative


def achievement_report_filename(nomination: Nomination) -> str:
    """Return "bao-cao-thanh-tich-2020-LDTT-SKHCN007.pdf": year, award and nominee's code."""
    nominee = nomination.person.code if nomination.person_id else nomination.unit.code
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{nomination.award.code}-{nominee}").strip("-")
    return f"bao-cao-thanh-tich-{nomination.year}-{code}.pdf"


HEADING = re.compile(r"^(?:[IVX]+|\d+)\.\s")


def _paragraphs(text: str) -> list[tuple[str, bool]]:
    """Return the report's non-empty lines, each with whether it heads a section ("II. …")."""
    lines = (line.strip() for line in text.splitlines())
    return [(line, bool(HEADING.match(line))) for line in lines if line]


def achievement_report_pdf(nomination: Nomination, *, base_url: str) -> bytes:
    """Render a dossier's achievement report to print and sign."""
    import weasyprint  # imported here: loading Pango costs time that only this view needs

    html = achievement_report_html(nomination)
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def achievement_report_html(nomination: Nomination) -> str:
    """Return the report's HTML (a submission to the province renders it into its package)."""
    unit = nomination.nomination_list.unit
    sent = nomination.submitted_at is not None
    document_date = timezone.localdate(nomination.submitted_at) if sent else timezone.localdate()
    with translation.override("vi"):
        return render_to_string(
            "awards/nomination_report_pdf.html",
            {
                "nomination": nomination,
                "unit": unit,
                "agency": unit,
                "parent_agency": unit.parent,
                "date_line": vietnamese_date_line(
                    signing_place(nomination.nomination_list), document_date
                ),
                "paragraphs": _paragraphs(nomination.achievement_report),
                "head": default_representative(unit),
                "printed_at": timezone.localtime(),
            },
        )

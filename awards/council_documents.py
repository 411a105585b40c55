"""The council's minutes as the papers its chair and secretary sign (A4 PDF): the minutes of the
meeting (biên bản họp Hội đồng) and the minutes of the count (biên bản kiểm phiếu), laid out as
administrative documents (Nghị định 30/2020/NĐ-CP) like the covenant, in Vietnamese."""

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from awards.models import CouncilMember, CouncilSession
from awards.models.council import by_role
from campaigns.documents import vietnamese_date_line

KINDS = {
    "bien-ban-hop": "awards/council_minutes_pdf.html",
    "bien-ban-kiem-phieu": "awards/council_count_pdf.html",
}


def minutes_filename(session: CouncilSession, kind: str) -> str:
    day = timezone.localtime(session.starts_at)
    return f"{kind}-{day:%Y-%m-%d}-{session.pk}.pdf"


def minutes_pdf(session: CouncilSession, *, kind: str, base_url: str) -> bytes:
    """Render the minutes of a counted session: the meeting's, or the count's."""
    import weasyprint  # imported here: loading Pango costs time that only this view needs

    html = minutes_html(session, kind=kind)
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def minutes_html(session: CouncilSession, *, kind: str) -> str:
    """Return the minutes' HTML (a submission to the province renders it into its package)."""
    template = KINDS.get(kind)
    if template is None:
        raise Http404(kind)
    items = list(
        session.items.select_related(
            "nomination__award", "nomination__person__unit", "nomination__unit"
        ).order_by("position")
    )
    roll = by_role(session.roll.select_related("member__person__unit"))
    seats = {entry.member.role: entry.member for entry in roll}
    agency = session.council.agency
    starts = timezone.localtime(session.starts_at)
    with translation.override("vi"):
        return render_to_string(
            template,
            {
                "session": session,
                "council": session.council,
                "agency": agency,
                "parent_agency": agency.parent,
                "date_line": vietnamese_date_line("", starts.date()),
                "starts": starts,
                "items": items,
                "roll": roll,
                "present": [entry for entry in roll if entry.present],
                "absent": [entry for entry in roll if not entry.present],
                "chair": seats.get(CouncilMember.Role.CHAIR),
                "secretary": seats.get(CouncilMember.Role.SECRETARY),
                "passed": [item for item in items if item.passed],
                "not_passed": [item for item in items if not item.passed],
                "rules_used": list(
                    dict.fromkeys(
                        (item.threshold_strict, item.threshold, item.citation) for item in items
                    )
                ),
                "closed": timezone.localtime(session.closed_at),
                "concluded": timezone.localtime(session.concluded_at or session.closed_at),
            },
        )

"""The papers of a decision on commendation: the decision itself (A4, laid out as Nghị định
30/2020/NĐ-CP lays out an administrative decision, like the covenant), and the certificates
handed to the awardees (A4 landscape), each with the QR code of its public verification page.

The texts are Vietnamese whatever the reader's language: they are the documents signed."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from awards.models import Award, AwardRecord, Decision, Nomination, RuleSet
from awards.services.decisions import reward_of, signature_lines
from campaigns.documents import vietnamese_date_line

# Certificates are rendered in batches of this many pages, so a long decision reports progress.
CERTIFICATE_BATCH = 25


@dataclass
class AnnexRow:
    """One awardee of a decision's annex: issued (its record) or drafted (its dossier)."""

    award: Award
    name: str
    unit_name: str
    is_person: bool
    amount: Decimal | None
    book_number: int | None


def annex_rows(decision: Decision) -> list[AnnexRow]:
    """Return the awardees in the decision's order: titles before forms, by rank and unit."""
    if decision.state.issued:
        records = decision.records.select_related("award", "person__unit", "unit").order_by(
            "book_number", "pk"
        )
        return [
            AnnexRow(
                award=record.award,
                name=record.person.full_name if record.person_id else record.unit.name,
                unit_name=record.person.unit.name if record.person_id else "",
                is_person=record.person_id is not None,
                amount=record.amount,
                book_number=record.book_number,
            )
            for record in records
        ]
    rule_set = RuleSet.objects.for_year(decision.year)
    if rule_set is not None:
        rule_set = RuleSet.objects.prefetch_related("rules").get(pk=rule_set.pk)
    nominations = decision.nominations.select_related(
        "award", "person__unit", "unit", "nomination_list__unit"
    ).order_by(
        "-award__kind", "-award__subject", "award__rank", "nomination_list__unit__path", "pk"
    )
    return [
        AnnexRow(
            award=nomination.award,
            name=nomination.nominee_name,
            unit_name=nomination.person.unit.name if nomination.person_id else "",
            is_person=nomination.person_id is not None,
            amount=reward_of(nomination.award, rule_set, decision.base_salary),
            book_number=None,
        )
        for nomination in nominations
    ]


@dataclass
class AwardGroup:
    award: Award
    rows: list[AnnexRow]

    @property
    def people(self) -> int:
        return sum(row.is_person for row in self.rows)

    @property
    def collectives(self) -> int:
        return sum(not row.is_person for row in self.rows)


def _groups(rows: list[AnnexRow]) -> list[AwardGroup]:
    groups: dict[int, AwardGroup] = {}
    for row in rows:
        groups.setdefault(row.award.pk, AwardGroup(row.award, [])).rows.append(row)
    return list(groups.values())


def _counted(people: int, collectives: int) -> str:
    parts = []
    if people:
        parts.append(f"{people:02d} cá nhân")
    if collectives:
        parts.append(f"{collectives:02d} tập thể")
    return " và ".join(parts)


def decision_context(decision: Decision) -> dict:
    rows = annex_rows(decision)
    groups = _groups(rows)
    titles = [group for group in groups if group.award.is_title]
    forms = [group for group in groups if not group.award.is_title]
    amounts = [row.amount for row in rows if row.amount is not None]
    authority_line, position_line = signature_lines(
        decision.signer_position or (decision.signer.position if decision.signer else "")
    )
    head = (authority_line[4:] if authority_line else position_line) or "THỦ TRƯỞNG"
    agency = decision.agency
    numbered = [
        name
        for name, present in (
            ("titles", titles),
            ("forms", forms),
            ("reward", amounts),
            ("effect", True),
        )
        if present
    ]
    return {
        "article": {name: number for number, name in enumerate(numbered, start=1)},
        "decision": decision,
        "agency": agency,
        "parent_agency": agency.parent,
        "number_line": (
            f"Số: {decision.symbol}" if decision.symbol else f"Số:        /QĐ-{agency.code}"
        ),
        "date_line": vietnamese_date_line(decision.place, decision.signed_on),
        "issuer_title": f"{head} {agency.name.upper()}",
        "groups": groups,
        "titles": titles,
        "forms": forms,
        "titles_count": _counted(sum(g.people for g in titles), sum(g.collectives for g in titles)),
        "forms_count": _counted(sum(g.people for g in forms), sum(g.collectives for g in forms)),
        "total": sum(amounts) if amounts else None,
        "rule_set": RuleSet.objects.for_year(decision.year),
        "authority_line": authority_line,
        "position_line": position_line,
        "signer_name": decision.signer_name
        or (decision.signer.full_name if decision.signer else ""),
        "is_draft": decision.state.draft,
    }


def decision_pdf(decision: Decision, *, base_url: str) -> bytes:
    """Render the decision, its annex of awardees included; a draft is marked "DỰ THẢO"."""
    import weasyprint  # imported here: loading Pango costs time that only this view needs

    with translation.override("vi"):
        html = render_to_string("awards/decision_pdf.html", decision_context(decision))
        return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def decision_filename(decision: Decision, extension: str = "pdf") -> str:
    if decision.number:
        return f"quyet-dinh-{decision.number:02d}-{decision.signed_on.year}.{extension}"
    return f"du-thao-quyet-dinh-{decision.pk}.{extension}"


# --- certificates -----------------------------------------------------------------------------


def qr_data_uri(url: str) -> str:
    """Return the QR code of a URL as an SVG data URI an <img> shows (nothing fetched)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _achievement(record: AwardRecord) -> str:
    """The line of the certificate that says what the award is for."""
    nomination: Nomination | None = record.nomination
    entry = getattr(nomination, "posting_entry", None) if nomination is not None else None
    if entry is not None and entry.summary:
        return entry.summary
    if nomination is not None and nomination.kind == Nomination.Kind.ONE_OFF:
        return "Đã có thành tích đột xuất xuất sắc"
    if record.award.is_title:
        return f"Đã đạt danh hiệu {record.award.name_vi} năm {record.year}"
    return f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {record.year}"


def certificates_of(decision: Decision):
    """Return the awards of a decision that carry a certificate (the code its QR prints)."""
    return decision.records.filter(certificate_code__isnull=False)


def verify_url_on(site: str) -> Callable[[str], str]:
    """Return how a certificate's QR code links to its public verification page on the portal
    at `site` (organizations.downloads.site_url)."""
    return lambda code: f"{site}{reverse('awards:certificate_verify', args=[code])}"


def certificate_records(queryset) -> list[AwardRecord]:
    """Load what a certificate prints of each record, in the honour book's order."""
    return list(
        queryset.select_related(
            "award", "person__unit", "unit", "decision__agency", "nomination__posting_entry"
        ).order_by("book_number", "pk")
    )


def certificate_pages(records: list[AwardRecord], verify_url: Callable[[str], str]) -> list[dict]:
    pages = []
    for record in records:
        decision = record.decision
        position = decision.signer_position if decision else ""
        authority_line, position_line = signature_lines(position)
        head = (authority_line[4:] if authority_line else position_line) or "THỦ TRƯỞNG"
        agency = decision.agency if decision else None
        url = verify_url(record.certificate_code)
        person = record.person
        pages.append(
            {
                "record": record,
                "is_title": record.award.is_title,
                "issuer_title": f"{head} {agency.name.upper()}" if agency else record.issuer,
                "honorific": (
                    ("Ông" if person.gender == person.Gender.MALE else "Bà")
                    if person is not None
                    else "Tập thể"
                ),
                "name": person.full_name if person is not None else record.unit.name,
                "unit_name": person.unit.name if person is not None else "",
                "achievement": _achievement(record),
                "date_line": vietnamese_date_line(
                    decision.place if decision else "", record.decision_date
                ),
                "authority_line": authority_line,
                "position_line": position_line,
                "signer_name": decision.signer_name if decision else "",
                "qr": qr_data_uri(url),
                "url": url,
            }
        )
    return pages


def certificates_pdf(
    records: Iterable[AwardRecord],
    *,
    verify_url: Callable[[str], str],
    base_url: str,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """Render one certificate page per record, as one PDF.

    The work is cut in batches and `progress(done, total)` is called after each, so a job
    runner can show a progress bar; nothing here needs a request.
    """
    import weasyprint

    records = list(records)
    documents = []
    with translation.override("vi"):
        for start in range(0, len(records), CERTIFICATE_BATCH):
            batch = records[start : start + CERTIFICATE_BATCH]
            html = render_to_string(
                "awards/certificate_pdf.html", {"pages": certificate_pages(batch, verify_url)}
            )
            documents.append(weasyprint.HTML(string=html, base_url=base_url).render())
            if progress is not None:
                progress(start + len(batch), len(records))
    if not documents:
        raise ValueError("No certificate to print.")
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def certificate_filename(record: AwardRecord) -> str:
    return f"giay-khen-{record.year}-{record.book_number or record.pk}.pdf"

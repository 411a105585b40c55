"""The package of a submission to the province, as the province's emulation board receives it:
one A4 PDF holding the cover letter (tờ trình, laid out as Nghị định 30/2020/NĐ-CP lays out an
administrative document) with the list of nominees, the council's minutes and each nominee's
achievement report; and one ZIP of the proofs attached to the dossiers, a folder per nominee.

The texts are Vietnamese whatever the reader's language: they are the documents signed."""

import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from awards.council_documents import minutes_html
from awards.documents import achievement_report_html
from awards.models import Award, CouncilSession, Nomination, RuleSet, Submission
from awards.services.decisions import signature_lines
from campaigns.documents import vietnamese_date_line

# The longest file or folder name written in the ZIP (its extension kept).
NAME_LIMIT = 80
CHUNK = 1024 * 1024


@dataclass
class ListRow:
    """One nominee of the submission's list."""

    nomination: Nomination
    name: str
    unit_name: str
    is_person: bool
    award: Award
    summary: str


def nominations_of(submission: Submission) -> list[Nomination]:
    """Return the submission's dossiers in the posted list's order, with what the papers print."""
    return list(
        submission.nominations.select_related(
            "award",
            "person__unit",
            "unit",
            "nomination_list__unit",
            "posting_entry",
            "award_record",
        ).order_by("posting_entry__position", "pk")
    )


def _summary(nomination: Nomination) -> str:
    """The one-line achievement the public read on the posted list, or what the title says."""
    entry = getattr(nomination, "posting_entry", None)
    if entry is not None and entry.summary:
        return entry.summary
    if nomination.award.is_title:
        return f"Đạt tiêu chuẩn danh hiệu {nomination.award.name_vi} năm {nomination.year}"
    return f"Có thành tích xuất sắc trong thực hiện nhiệm vụ năm {nomination.year}"


def list_rows(nominations: list[Nomination]) -> list[ListRow]:
    return [
        ListRow(
            nomination=nomination,
            name=nomination.nominee_name,
            # A collective is its own unit: the column stays empty, as on the decision's annex.
            unit_name=nomination.person.unit.name if nomination.person_id else "",
            is_person=nomination.person_id is not None,
            award=nomination.award,
            summary=_summary(nomination),
        )
        for nomination in nominations
    ]


def _counted(rows: list[ListRow]) -> str:
    people = sum(row.is_person for row in rows)
    collectives = len(rows) - people
    parts = []
    if people:
        parts.append(f"{people:02d} cá nhân")
    if collectives:
        parts.append(f"{collectives:02d} tập thể")
    return " và ".join(parts)


def _by_award(rows: list[ListRow]) -> list[tuple[Award, int]]:
    counts: dict[int, list] = {}
    for row in rows:
        counts.setdefault(row.award.pk, [row.award, 0])[1] += 1
    return [(award, count) for award, count in counts.values()]


def council_sessions(nominations: list[Nomination]) -> list[CouncilSession]:
    """Return the concluded council sessions that passed the submission's dossiers."""
    return list(
        CouncilSession.objects.filter(
            items__nomination__in=[nomination.pk for nomination in nominations],
            status=CouncilSession.Status.CONCLUDED,
        )
        .select_related("council__agency__parent")
        .distinct()
        .order_by("starts_at", "pk")
    )


def cover_letter_context(
    submission: Submission, nominations: list[Nomination], sessions: list[CouncilSession]
) -> dict:
    rows = list_rows(nominations)
    position = submission.signer_position or (
        submission.signer.position if submission.signer else ""
    )
    authority_line, position_line = signature_lines(position)
    agency = submission.agency
    posting = submission.posting
    rule_set = RuleSet.objects.for_year(submission.year)
    bases = []
    if rule_set is not None:
        bases = [
            f"Căn cứ {document.strip()};"
            for document in rule_set.documents.split(";")
            if document.strip()
        ]
    return {
        "submission": submission,
        "agency": agency,
        "parent_agency": agency.parent,
        "number_line": (
            f"Số: {submission.symbol}" if submission.symbol else f"Số:        /TTr-{agency.code}"
        ),
        "date_line": vietnamese_date_line(submission.place, submission.signed_on),
        "bases": bases,
        "sessions": [
            {"session": session, "day": timezone.localtime(session.starts_at).date()}
            for session in sessions
        ],
        "posting": posting,
        "posted_from": (
            timezone.localtime(posting.published_at).date()
            if posting is not None and posting.published_at
            else None
        ),
        "rows": rows,
        "by_award": _by_award(rows),
        "counted": _counted(rows),
        "recipients": ["Như trên;", "Ban Thi đua - Khen thưởng tỉnh;", "Lưu: VT, TĐKT."],
        "authority_line": authority_line,
        "position_line": position_line,
        "signer_name": submission.signer_name
        or (submission.signer.full_name if submission.signer else ""),
        "is_draft": not submission.symbol,
    }


def cover_letter_html(
    submission: Submission,
    nominations: list[Nomination] | None = None,
    sessions: list[CouncilSession] | None = None,
) -> str:
    """Return the cover letter (tờ trình) with its list of nominees, as HTML."""
    nominations = nominations_of(submission) if nominations is None else nominations
    sessions = council_sessions(nominations) if sessions is None else sessions
    with translation.override("vi"):
        return render_to_string(
            "awards/submission_pdf.html", cover_letter_context(submission, nominations, sessions)
        )


def package_pdf(submission: Submission, *, base_url: str) -> bytes:
    """Render the package as one PDF: the cover letter and its list, the council's minutes, and
    each nominee's achievement report, in the list's order. An unsent one reads "DỰ THẢO"."""
    import weasyprint  # imported here: loading Pango costs time that only this view needs

    nominations = nominations_of(submission)
    sessions = council_sessions(nominations)
    parts = [cover_letter_html(submission, nominations, sessions)]
    parts += [minutes_html(session, kind="bien-ban-hop") for session in sessions]
    parts += [achievement_report_html(nomination) for nomination in nominations]
    documents = [weasyprint.HTML(string=html, base_url=base_url).render() for html in parts]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def package_filename(submission: Submission, extension: str = "pdf") -> str:
    if submission.number:
        return f"to-trinh-{submission.number:02d}-{submission.signed_on.year}.{extension}"
    return f"du-thao-to-trinh-{submission.pk}.{extension}"


# --- the attachments ----------------------------------------------------------------------------


def safe_name(name: str, fallback: str = "tep") -> str:
    """Return a file or folder name that is safe in a ZIP on any system: the last part of the
    name only (never a path), in ASCII letters, digits, dots, dashes and underscores, not
    starting with a dot, and not too long (its extension kept)."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = name.replace("đ", "d").replace("Đ", "D")
    name = unicodedata.normalize("NFD", name)
    name = "".join(char for char in name if unicodedata.category(char) != "Mn")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name)
    name = re.sub(r"[-_]*\.[-_.]*", ".", name).strip(".-_ ")
    if not name:
        return fallback
    if len(name) > NAME_LIMIT:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 8:
            name = f"{stem[: NAME_LIMIT - len(extension) - 1].rstrip('.-_')}.{extension}"
        else:
            name = name[:NAME_LIMIT].rstrip(".-_")
    return name or fallback


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem}-{number}.{extension}" if extension else f"{stem}-{number}"
    taken.add(candidate.lower())
    return candidate


def _files_of(nomination: Nomination):
    """Yield (original name, file field) for the signed report, then each attachment."""
    if nomination.signed_report:
        name = nomination.signed_report_name or "bao-cao-thanh-tich-da-ky.pdf"
        yield f"bao-cao-thanh-tich-da-ky-{name}", nomination.signed_report
    for attachment in nomination.attachments.all():
        yield attachment.original_name, attachment.file


def write_attachments_zip(submission: Submission, target) -> None:
    """Write into a binary file a ZIP of the dossiers' files, a folder per nominee
    ("01-Nguyen-Van-An"), each file copied in chunks (scans are large); a file no longer stored
    is named in the folder's "THIEU-TEP.txt" instead."""
    nominations = list(
        submission.nominations.select_related("person", "unit")
        .prefetch_related("attachments")
        .order_by("posting_entry__position", "pk")
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, nomination in enumerate(nominations, start=1):
            folder = f"{number:02d}-{safe_name(nomination.nominee_name, 'ho-so')}"
            taken: set[str] = set()
            missing = []
            for original, field in _files_of(nomination):
                name = _unique(safe_name(original), taken)
                try:
                    handle = field.open("rb")
                except FileNotFoundError:
                    missing.append(original)
                    continue
                with handle, archive.open(f"{folder}/{name}", "w") as entry:
                    shutil.copyfileobj(handle, entry, CHUNK)
            if missing:
                note = "Không còn lưu trữ các tệp sau:\n" + "\n".join(missing) + "\n"
                archive.writestr(f"{folder}/THIEU-TEP.txt", note.encode("utf-8"))


def attachments_filename(submission: Submission) -> str:
    return package_filename(submission, "zip").replace(".zip", "-dinh-kem.zip")

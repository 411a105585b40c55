"""The registration list as a printed document: a unit's "Bản đăng ký thi đua" (A4 PDF).

The unit head signs it on paper and sends it to the emulation office, so it follows the layout
of an administrative document (Nghị định 30/2020/NĐ-CP), as the covenant does, and is written in
Vietnamese whatever language the reader uses on screen.
"""

import re
from collections import Counter
from itertools import groupby
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Length
from django.template.loader import render_to_string
from django.utils import timezone, translation

from awards.models import RegistrationList
from campaigns.documents import vietnamese_date_line
from campaigns.models import Covenant
from organizations.selectors import default_representative


def registration_list_filename(registration_list: RegistrationList) -> str:
    """Return "dang-ky-thi-dua-2020-QLKH.pdf": the year and the unit's code."""
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", registration_list.unit.code).strip("-")
    return f"dang-ky-thi-dua-{registration_list.year}-{code or registration_list.unit.pk}.pdf"


def _paths_above(path: str) -> list[str]:
    """Return the paths of a unit and of every unit above it ("/A/B/" -> ["/A/", "/A/B/"])."""
    codes = path.strip("/").split("/")
    return ["/" + "/".join(codes[: depth + 1]) + "/" for depth in range(len(codes))]


def signing_place(registration_list: RegistrationList) -> str:
    """Return the place where the unit's agency signs its documents, or "" when none is known.

    The portal keeps no address of an agency; the place its covenants were signed at is the
    one it writes on its documents. The covenants of the list's campaign come first, then those
    of the campaigns run by the nearest unit above the list's unit, the latest first.
    """
    own_campaign = Case(
        When(campaign_id=registration_list.campaign_id, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    place = (
        Covenant.objects.filter(
            Q(campaign_id=registration_list.campaign_id)
            | Q(campaign__organiser__path__in=_paths_above(registration_list.unit.path))
        )
        .exclude(signing_place="")
        .order_by(own_campaign, Length("campaign__organiser__path").desc(), "-signing_date", "-pk")
        .values_list("signing_place", flat=True)
        .first()
    )
    return (place or "").strip()


def _names_of_users(*users_ids) -> dict[int, str]:
    """Return the name of each user: its person's full name, else its login."""
    ids = [pk for pk in users_ids if pk is not None]
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).select_related("person")
    names = {}
    for user in users:
        person = getattr(user, "person", None)
        names[user.pk] = person.full_name if person is not None else user.get_username()
    return names


def _person_rows(entries) -> list[SimpleNamespace]:
    """Group the people's entries (already in name order) into one row per person."""
    rows = []
    for _person_id, group in groupby(entries, key=lambda entry: entry.person_id):
        group = list(group)
        rows.append(
            SimpleNamespace(
                person=group[0].person,
                titles=[entry.award.name_vi for entry in group],
                notes=[entry.note for entry in group if entry.note],
            )
        )
    return rows


def registration_list_pdf(registration_list: RegistrationList, *, base_url: str) -> bytes:
    """Render a unit's registration list as a Vietnamese administrative document (A4 PDF).

    Its queries do not depend on the number of registrations: the entries with their people
    and titles, the unit above, the head, the place, and the submitter and reviewer names.
    """
    import weasyprint  # imported here: loading Pango costs time that only this view needs

    unit = registration_list.unit
    entries = list(
        registration_list.entries.select_related("award", "person", "unit").order_by(
            # Vietnamese name order (given name first), a person's titles together by rank.
            F("person__sort_key").asc(nulls_first=True),
            "person_id",
            "award__rank",
            "pk",
        )
    )
    collective_entries = [entry for entry in entries if entry.unit_id]
    person_entries = [entry for entry in entries if entry.person_id]
    counts = Counter(entry.award for entry in person_entries)
    title_counts = [
        (award.name_vi, count)
        for award, count in sorted(counts.items(), key=lambda item: (item[0].rank, item[0].code))
    ]

    status = registration_list.status
    sent = status in (RegistrationList.Status.SUBMITTED, RegistrationList.Status.APPROVED)
    # A list that was sent is dated the day it was sent; a draft, the day it is printed.
    if sent and registration_list.submitted_at is not None:
        document_date = timezone.localdate(registration_list.submitted_at)
    else:
        document_date = timezone.localdate()
    names = _names_of_users(registration_list.submitted_by_id, registration_list.reviewed_by_id)

    with translation.override("vi"):
        html = render_to_string(
            "awards/registration_list_pdf.html",
            {
                "registration_list": registration_list,
                "unit": unit,
                "campaign": registration_list.campaign,
                "agency": unit,
                "parent_agency": unit.parent,
                "date_line": vietnamese_date_line(signing_place(registration_list), document_date),
                "collective_entries": collective_entries,
                "rows": _person_rows(person_entries),
                "title_counts": title_counts,
                "head": default_representative(unit),
                "submitted_by_name": names.get(registration_list.submitted_by_id, ""),
                "reviewed_by_name": names.get(registration_list.reviewed_by_id, ""),
                "printed_at": timezone.localtime(),
            },
        )
        return weasyprint.HTML(string=html, base_url=base_url).write_pdf()

"""Public posting (công khai danh sách): the officer posts the list the council passed; anyone
comments while it is open; the officer answers. Each write atomic, with an event."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import Nomination, Posting, PostingComment, PostingEntry, working_days_after
from organizations.actors import require_right, user_or_none
from organizations.bulk import create_all, update_all
from organizations.events import event_record
from organizations.models import Unit
from organizations.workflow import check, perform

MANAGE_DENIED = gettext_lazy("Only the emulation officer keeps the public posting.")
# A flood from one address: at most this many comments in the last ten minutes, and in a day.
FLOOD_SHORT, FLOOD_DAY = 3, 20


def passed_waiting(agency: Unit, year: int):
    """Return the dossiers of the agency the council passed for a year, not yet posted."""
    return Nomination.objects.filter(
        status=Nomination.Status.PASSED,
        year=year,
        nomination_list__unit__path__startswith=agency.path,
        posting_entry__isnull=True,
    )


@transaction.atomic
def posting_create(*, actor, agency: Unit, year: int, working_days: int = 5) -> Posting:
    """Prepare the posting of a year's passed list; every passed dossier not yet posted is on it."""
    require_right(actor, "awards.manage_postings", agency, denied=MANAGE_DENIED)
    nominations = list(
        passed_waiting(agency, year)
        .select_for_update(of=("self",))
        .order_by("award__kind", "award__rank", "nomination_list__unit__path", "pk")
    )
    if not nominations:
        raise ValidationError(
            _("The council has passed no dossier of %(year)s that is not posted yet.")
            % {"year": year}
        )
    posting = Posting(
        agency=agency,
        year=year,
        title=_("List proposed for commendation, %(year)s") % {"year": year},
        working_days=working_days,
        created_by=user_or_none(actor),
    )
    posting.full_clean()
    posting.save()
    create_all(
        PostingEntry,
        [
            PostingEntry(posting=posting, nomination=nomination, position=number)
            for number, nomination in enumerate(nominations, start=1)
        ],
        actor=actor,
    )
    event_record(
        actor=actor,
        verb="posting_created",
        target=posting,
        summary=f"{posting}: {len(nominations)}",
        data={"year": year, "count": len(nominations)},
    )
    return posting


@transaction.atomic
def posting_edit(*, actor, posting: Posting, title: str, working_days: int, summaries: dict):
    """Change the title, the window and the one-line summaries while the list is a draft."""
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    check(actor, posting, "change")
    posting.title = (title or "").strip()
    posting.working_days = working_days
    posting.full_clean()
    posting.save(update_fields=["title", "working_days"])
    entries = list(posting.entries.all())
    for entry in entries:
        if entry.pk in summaries:
            entry.summary = (summaries[entry.pk] or "").strip()[:300]
    update_all(PostingEntry, entries, ["summary"], actor=actor)
    event_record(actor=actor, verb="posting_edited", target=posting, summary=str(posting))
    return posting


@transaction.atomic
def posting_publish(*, actor, posting: Posting) -> Posting:
    """Publish the list: it is open to comments until its last working day."""
    today = timezone.localdate()
    return perform(
        actor=actor,
        obj=posting,
        action="publish",
        changes=lambda posting: {
            "published_at": timezone.now(),
            "closes_on": working_days_after(today, posting.working_days),
        },
        summary=lambda posting: f"{posting}: {posting.closes_on:%d/%m/%Y}",
        data=lambda posting: {"closes_on": posting.closes_on.isoformat()},
    )


def sender_of(address: str) -> str:
    """Return a keyed hash of a sender's address: it tells a flood, and nothing else."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def comment_add(
    *, posting: Posting, author: str, text: str, address: str, entry: PostingEntry | None = None
) -> PostingComment:
    """Take a comment from the public while the posting is open; refuse a flood."""
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if not posting.window_open():
        raise ValidationError(_("Comments are closed: the posting has ended."))
    if entry is not None and entry.posting_id != posting.pk:
        raise ValidationError({"entry": _("Choose a name on this list.")})
    sender = sender_of(address)
    now = timezone.now()
    recent = PostingComment.objects.filter(sender=sender)
    if (
        recent.filter(created_at__gte=now - timezone.timedelta(minutes=10)).count() >= FLOOD_SHORT
        or recent.filter(created_at__gte=now - timezone.timedelta(days=1)).count() >= FLOOD_DAY
    ):
        raise ValidationError(
            _("Too many comments have been sent from your address; please try again later.")
        )
    comment = PostingComment(
        posting=posting,
        entry=entry,
        author=(author or "").strip(),
        text=(text or "").strip(),
        sender=sender,
    )
    comment.full_clean()
    comment.save()
    event_record(
        actor=None,
        verb="posting_comment_received",
        target=posting,
        summary=f"{comment.author}: {comment.text[:80]}",
    )
    return comment


@transaction.atomic
def comment_answer(*, actor, comment: PostingComment, answer: str) -> PostingComment:
    """Answer a comment; the answer shows on the public page under it."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer the public will read.")})
    return perform(
        actor=actor,
        obj=comment,
        action="answer",
        changes={
            "answer": answer,
            "answered_by": user_or_none(actor),
            "answered_at": timezone.now(),
        },
        summary=lambda comment: f"{comment.author}: {answer[:80]}",
    )


@transaction.atomic
def comment_resolve(*, actor, comment: PostingComment) -> PostingComment:
    """Mark a comment dealt with, without a public answer (a duplicate, an off-topic note)."""
    return perform(
        actor=actor,
        obj=comment,
        action="resolve",
        changes={"answered_by": user_or_none(actor), "answered_at": timezone.now()},
        summary=lambda comment: str(comment),
    )

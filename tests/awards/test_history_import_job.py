"""The award history's import as a background job (awards/jobs.py): a check offers to import the
same file without uploading it again; the same file imported twice, one after the other or at
the same moment, adds its records once and refuses them the second time; an import that breaks
in the middle changes nothing and can be started again; the job checks its owner's right again.

tests/awards/test_history_import.py holds what the import finds in a file, through the same path.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from awards import services as award_services
from awards.models import AwardRecord
from awards.services import history_import
from organizations import jobs, roles
from organizations.models import Event, Job
from tests.awards.test_history_import import (
    UPLOAD_URL,
    errors_of,
    imported,
    row,
    snapshot,
    upload,
    xlsx,
)
from tests.concurrency import at_the_same_moment, meeting_point, postgresql_only

pytestmark = pytest.mark.usefixtures("english", "media")

KIND = "awards.history_import"


def workbook() -> bytes:
    return xlsx([row(), row("", "KT", "TTLDTT")])


def confirm(client, job, **kwargs):
    return client.post(reverse("awards:history_import_confirm", args=[job.code]), **kwargs)


def queued_imports(owner, count):
    """Jobs importing the same file, waiting for a worker."""
    found = []
    for _ in range(count):
        job = Job.objects.create(
            owner=owner,
            kind=KIND,
            title="Award history: Excel import",
            params={"dry_run": False, "filename": "khen-thuong.xlsx"},
        )
        job.source.save(f"{job.code}.xlsx", ContentFile(workbook()))
        found.append(job)
    return found


def test_the_upload_returns_at_once_to_the_jobs_page(org, login):
    response = login(org.alice).post(
        UPLOAD_URL, {"file": ContentFile(workbook(), name="khen-thuong.xlsx"), "dry_run": "on"}
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.title, job.params) == (
        KIND,
        "Award history: Excel check",
        {"dry_run": True, "filename": "khen-thuong.xlsx"},
    )


def test_a_check_offers_to_import_the_same_file_without_uploading_it_again(org, login):
    client = login(org.alice)
    before = snapshot()
    check = upload(client, workbook(), dry_run=True).context["job"]
    assert snapshot() == before and check.can_be_imported
    summary = imported(confirm(client, check, follow=True))
    assert summary == "2 award records: 1 for people, 1 for collectives."
    assert AwardRecord.objects.filter(source="imported").count() == 2
    job = Job.objects.exclude(pk=check.pk).get()
    assert job.source.read() == check.source.read() and job.source.name != check.source.name


def test_only_a_check_without_problems_is_imported_by_its_owner(org, login, client):
    alice = login(org.alice)
    refused = upload(alice, xlsx([row("CB404")]), dry_run=True)
    check = refused.context["job"]
    assert check.status == Job.Status.FAILED and errors_of(refused)
    assert confirm(alice, check)["Location"] == check.get_absolute_url()
    clean = upload(alice, workbook(), dry_run=True).context["job"]
    assert alice.get(reverse("awards:history_import_confirm", args=[clean.code])).status_code == 405
    assert confirm(login(org.bob), clean).status_code == 403
    assert confirm(login(org.charlie), clean).status_code == 403
    assert Job.objects.count() == 2 and not AwardRecord.objects.exists()


def test_the_same_file_imported_twice_is_refused_the_second_time(org, login):
    client = login(org.alice)
    imported(upload(client, workbook()))
    before = snapshot()
    again = upload(client, workbook())
    assert snapshot() == before
    assert [(number, column) for _sheet, number, column, _message in errors_of(again)] == [
        (2, "Mã danh hiệu/hình thức"),
        (3, "Mã danh hiệu/hình thức"),
    ]
    assert "already has" in errors_of(again)[0][3]
    assert again.context["job"].error == "The file has 2 problems; nothing has been saved."


def test_an_import_that_breaks_in_the_middle_changes_nothing_and_starts_again(
    org, login, monkeypatch
):
    """The worker fails once the records are written, before the import's event: the
    transaction takes them back, and starting the job again imports the file."""

    def breaks(**kwargs):
        raise RuntimeError("the worker's machine went down")

    monkeypatch.setattr(history_import, "event_record", breaks)
    client = login(org.alice)
    before = snapshot()
    response = upload(client, workbook())
    assert snapshot() == before
    failed = response.context["job"]
    assert failed.status == Job.Status.FAILED and failed.result == {}
    assert "The work stopped on an unexpected error." in response.content.decode()

    monkeypatch.undo()
    again = client.post(reverse("organizations:job_retry", args=[failed.code]), follow=True)
    imported(again)
    assert AwardRecord.objects.count() == 2
    assert Event.objects.filter(verb="award_history_imported").count() == 1


def test_the_job_checks_its_owners_right_again(org):
    (job,) = queued_imports(org.alice.user, 1)
    org.alice.user.groups.remove(Group.objects.get(name=roles.OFFICER))
    jobs.run_job.call(str(job.code), "en")
    job.refresh_from_db()
    assert (job.status, job.error) == (
        Job.Status.FAILED,
        "Only the emulation officer imports the award history.",
    )
    assert not AwardRecord.objects.exists()


def test_the_job_counts_the_rows_it_imports(org, login):
    job = upload(login(org.alice), workbook()).context["job"]
    assert (job.done, job.total) == (2, 2)


@postgresql_only
def test_two_workers_importing_one_file_at_once_add_its_records_once(org, monkeypatch):
    """Each worker is held where its records are written and not committed, until the other
    gets there too; the second waits for the first, then refuses every row as recorded."""
    first, second = queued_imports(org.alice.user, 2)
    workers = meeting_point(monkeypatch, award_services, "award_history_imported")
    at_the_same_moment(
        lambda: jobs.run_job.call(str(first.code), "en"),
        lambda: jobs.run_job.call(str(second.code), "en"),
        workers=workers,
    )
    for job in (first, second):
        job.refresh_from_db()
    assert sorted(job.status for job in (first, second)) == [Job.Status.DONE, Job.Status.FAILED]
    refused = first if first.status == Job.Status.FAILED else second
    assert refused.result["error_count"] == 2
    assert AwardRecord.objects.count() == 2
    assert Event.objects.filter(verb="award_history_imported").count() == 1

"""The units and staff import as a background job (organizations/imports.py): the upload stores
the file and returns at once; the job's page shows what the import found; a check offers to
import the same file without uploading it again; the same file imported twice, one after the
other or at the same moment, leaves one person per code; an import that breaks in the middle
changes nothing and can be started again; the job checks its owner's right again.

tests/organizations/test_import.py holds what the import finds in a file, through the same
path; the real queues are tested as tests/organizations/test_jobs.py tests them.
"""

import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from organizations import importer, jobs, roles
from organizations import services as organization_services
from organizations.models import Event, Job, Notification, Person, Unit
from tests.concurrency import at_the_same_moment, meeting_point, postgresql_only
from tests.organizations.test_import import (
    UPLOAD_URL,
    database_unchanged,
    errors_of,
    imported,
    staff_row,
    upload,
    xlsx,
)
from tests.organizations.test_jobs import queue  # noqa: F401 (fixture: each real queue)
from tests.pages import text_of

pytestmark = pytest.mark.usefixtures("english", "media")

CODES = ["CB100", "CB101"]


def workbook() -> bytes:
    """A new division and two people, one in it: what a first import of an agency looks like."""
    return xlsx(
        units=[["PKH", "Phòng Kế hoạch", "Phòng", "SKHCN"]],
        staff=[staff_row("CB100", "PKH"), staff_row("CB101", "VP")],
    )


def url(name, job):
    return reverse(name, args=[job.code])


def confirm(client, job, **kwargs):
    return client.post(url("organizations:import_confirm", job), **kwargs)


def people_per_code():
    return {code: Person.objects.filter(code=code).count() for code in CODES}


def test_the_upload_stores_the_file_and_returns_at_once_to_the_jobs_page(org, login, media):
    content = workbook()
    response = login(org.alice).post(
        UPLOAD_URL, {"file": ContentFile(content, name="Cán bộ 2026.xlsx")}
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.owner, job.kind, job.title) == (
        org.alice.user,
        "organizations.staff_import",
        "Units and staff: Excel import",
    )
    assert job.params == {"dry_run": False, "filename": "Cán bộ 2026.xlsx"}
    # Named by the job in the default storage, not by the uploader.
    assert job.source.name == f"jobs/in/{datetime.date.today():%Y/%m}/{job.code}.xlsx"
    assert (media / job.source.name).read_bytes() == content
    assert not job.file  # nothing to download: the page shows the finding


def test_a_check_offers_to_import_the_same_file_without_uploading_it_again(org, login):
    client = login(org.alice)
    with database_unchanged():
        response = upload(client, workbook(), dry_run=True)
    check = response.context["job"]
    assert (check.status, check.title) == (Job.Status.DONE, "Units and staff: Excel check")
    page = response.content.decode()
    assert 'data-testid="dry-run-counts"' in page and "CB100, CB101" in page
    assert f'action="{url("organizations:import_confirm", check)}"' in page
    notice = Notification.objects.get(recipient=org.alice.user)
    assert notice.title == "Finished: Units and staff: Excel check"
    assert notice.body == check.result["summary"]

    summary = imported(confirm(client, check, follow=True))
    assert "Units: 1 created" in summary and "People: 2 created" in summary
    assert people_per_code() == {"CB100": 1, "CB101": 1}
    job = Job.objects.exclude(pk=check.pk).get()
    assert job.params == {"dry_run": False, "filename": "can-bo.xlsx"}
    # Its own copy of the checked file: either may go without the other.
    assert job.source.name != check.source.name
    assert job.source.read() == check.source.read()
    assert Notification.objects.filter(title="Finished: Units and staff: Excel import").exists()


def test_a_check_shows_what_each_update_changes_field_by_field(org, login):
    client = login(org.alice)
    imported(upload(client, workbook()))
    changed = xlsx(
        units=[["PKH", "Phòng Kế hoạch - Tài chính", "Phòng", "SKHCN"]],
        staff=[
            staff_row("CB100", "KT", **{"Chức vụ": "Phó Trưởng phòng", "Ngày sinh": "16/05/1985"}),
            staff_row("CB101", "VP"),
        ],
    )
    with database_unchanged():
        check = upload(client, changed, dry_run=True).context["job"]
    assert check.result["changes"] == [
        ["PKH", "Name", "Phòng Kế hoạch", "Phòng Kế hoạch - Tài chính"],
        ["CB100", "Date of birth", "15/05/1985", "16/05/1985"],
        ["CB100", "Position", "Chuyên viên", "Phó Trưởng phòng"],
        # The unit by its code and the name it will have.
        ["CB100", "Unit", "PKH – Phòng Kế hoạch - Tài chính", f"KT – {org.technical.name}"],
    ]
    page = text_of(client.get(check.get_absolute_url()))
    assert "What the updates change" in page
    assert "Chuyên viên Phó Trưởng phòng" in page
    # The unchanged person and the created ones list no change.
    assert "CB101" not in {change[0] for change in check.result["changes"]}


def test_only_a_check_without_problems_is_imported(org, login):
    client = login(org.alice)
    refused = upload(client, xlsx(staff=[staff_row("CB100", "NOPE")]), dry_run=True)
    check = refused.context["job"]
    assert check.status == Job.Status.FAILED and errors_of(refused)
    assert 'data-testid="import-confirm"' not in refused.content.decode()
    assert 'data-testid="job-retry"' not in refused.content.decode()  # the same file, again
    done = upload(client, workbook()).context["job"]
    for job in (check, done):
        assert confirm(client, job)["Location"] == job.get_absolute_url()
    assert Job.objects.count() == 2


def test_a_file_full_of_problems_lists_the_first_ones(org, login, monkeypatch):
    monkeypatch.setattr(importer, "KEPT_ERRORS", 2)
    response = upload(login(org.alice), xlsx(staff=[staff_row(f"CB{n}", "NOPE") for n in range(3)]))
    job = response.context["job"]
    assert (job.result["error_count"], job.result["listed"]) == (3, 2)
    assert job.error == "The file has 3 problems; nothing has been saved."
    assert len(job.result["file_errors"] + job.result["row_errors"]) == 2
    page = text_of(response)
    assert "The file has 3 problems; nothing has been saved." in page
    assert "Only the first 2 problems are listed." in page


def test_importing_a_check_takes_the_importers_right_and_the_check_is_its_owners(
    org, login, client, django_user_model
):
    check = upload(login(org.alice), workbook(), dry_run=True).context["job"]
    assert login(org.alice).get(url("organizations:import_confirm", check)).status_code == 405
    assert confirm(login(org.bob), check).status_code == 403
    # Even the superuser, who may import, does not import another's check.
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    assert confirm(client, check).status_code == 404
    assert Job.objects.count() == 1 and not Person.objects.filter(code__in=CODES).exists()


def test_the_same_file_imported_twice_updates_instead_of_adding(org, login):
    client = login(org.alice)
    imported(upload(client, workbook()))
    again = upload(client, workbook())
    imported(again)
    assert again.context["job"].result["counts"] == {
        "units_created": 0,
        "units_updated": 0,
        "units_unchanged": 1,
        "people_created": 0,
        "people_updated": 0,
        "people_unchanged": 2,
    }
    # And a check imported twice (its button pressed twice).
    check = upload(client, workbook(), dry_run=True).context["job"]
    imported(confirm(client, check, follow=True))
    imported(confirm(client, check, follow=True))
    assert people_per_code() == {"CB100": 1, "CB101": 1}
    assert Unit.objects.filter(code="PKH").count() == 1
    assert Event.objects.filter(verb="staff_imported").count() == 4


def test_an_import_that_breaks_in_the_middle_changes_nothing_and_starts_again(
    org, login, monkeypatch
):
    """The worker fails after the division and one person are written: the transaction takes
    them back, the job says it stopped, and starting it again imports the file."""
    save = Person.save
    saved = []

    def breaks_on_the_second(person, *args, **kwargs):
        if person.code in CODES:
            saved.append(person.code)
            if len(saved) == 2:
                raise RuntimeError("the worker's machine went down")
        return save(person, *args, **kwargs)

    monkeypatch.setattr(Person, "save", breaks_on_the_second)
    client = login(org.alice)
    with database_unchanged():
        response = upload(client, workbook())
    assert saved == CODES
    failed = response.context["job"]
    assert failed.status == Job.Status.FAILED and failed.result == {}
    page = response.content.decode()
    assert "The work stopped on an unexpected error." in page
    assert "went down" not in page and 'data-testid="job-retry"' in page
    assert Notification.objects.get(recipient=org.alice.user).title == (
        "Could not finish: Units and staff: Excel import"
    )

    monkeypatch.undo()
    again = client.post(url("organizations:job_retry", failed), follow=True)
    imported(again)
    retried = again.context["job"]
    assert retried.params == failed.params and retried.title == failed.title
    assert retried.source.read() == failed.source.read()
    assert people_per_code() == {"CB100": 1, "CB101": 1}


def test_the_job_checks_its_owners_right_again(org, login):
    """Started by the officer, run once she is an officer no more: refused, nothing written."""
    job = Job.objects.create(
        owner=org.alice.user,
        kind="organizations.staff_import",
        title="Units and staff: Excel import",
        params={"dry_run": False, "filename": "can-bo.xlsx"},
    )
    job.source.save(f"{job.code}.xlsx", ContentFile(workbook()))
    org.alice.user.groups.remove(Group.objects.get(name=roles.OFFICER))
    with database_unchanged():
        jobs.run_job.call(str(job.code), "en")
    job.refresh_from_db()
    assert (job.status, job.error) == (
        Job.Status.FAILED,
        "Only the emulation officer imports units and staff.",
    )


def test_the_job_counts_the_rows_it_imports(org, login):
    job = upload(login(org.alice), workbook()).context["job"]
    assert (job.done, job.total) == (3, 3)  # one unit, two people


@pytest.mark.django_db(transaction=True)
def test_a_worker_of_each_queue_runs_the_import(org, login, queue):  # noqa: F811
    client = login(org.alice)
    client.post(UPLOAD_URL, {"file": ContentFile(workbook(), name="can-bo.xlsx")})
    job = Job.objects.get()
    assert job.status == Job.Status.QUEUED and not Person.objects.filter(code__in=CODES)
    queue()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    imported(client.get(job.get_absolute_url()))
    assert people_per_code() == {"CB100": 1, "CB101": 1}


# --- PostgreSQL: two workers at the same moment ---------------------------------------------


def queued_imports(owner, count):
    """Jobs importing the same file, waiting for a worker."""
    found = []
    for _ in range(count):
        job = Job.objects.create(
            owner=owner,
            kind="organizations.staff_import",
            title="Units and staff: Excel import",
            params={"dry_run": False, "filename": "can-bo.xlsx"},
        )
        job.source.save(f"{job.code}.xlsx", ContentFile(workbook()))
        found.append(job)
    return found


@postgresql_only
def test_two_workers_importing_one_file_at_once_import_it_one_after_the_other(org, monkeypatch):
    """Each worker is held where its import is written and not committed, until the other gets
    there too: without the import's lock both would add the division and the people, and one
    would fail on their codes; with it, the second waits, then finds them and changes nothing."""
    first, second = queued_imports(org.alice.user, 2)
    workers = meeting_point(monkeypatch, organization_services, "staff_imported")
    at_the_same_moment(
        lambda: jobs.run_job.call(str(first.code), "en"),
        lambda: jobs.run_job.call(str(second.code), "en"),
        workers=workers,
    )
    results = []
    for job in (first, second):
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.error
        results.append(job.result["counts"]["people_created"])
    assert sorted(results) == [0, 2]
    assert people_per_code() == {"CB100": 1, "CB101": 1}
    assert Unit.objects.filter(code="PKH").count() == 1


@postgresql_only
def test_a_job_in_one_long_transaction_reports_its_progress_from_another_connection(
    org, monkeypatch
):
    monkeypatch.setattr(jobs, "REPORT_EVERY", datetime.timedelta(milliseconds=50))
    job = Job.objects.create(owner=org.alice.user, kind="x", title="x", status="running")
    progress = jobs.Progress(job)
    with transaction.atomic(), progress.aside():
        Event.objects.create(verb="held", summary="a write the transaction holds")
        progress.set_total(3)
        progress.advance()
        for _ in range(100):
            # Read committed: each query sees what the reporting connection committed.
            done, total = Job.objects.filter(pk=job.pk).values_list("done", "total").get()
            if done == 1:
                break
            time.sleep(0.05)
        assert (done, total) == (1, 3)

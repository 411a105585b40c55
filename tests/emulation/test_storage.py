"""Uploads and the files jobs write go through the default storage only, never a local path, so
that an S3 bucket (PORTAL_STORAGE=s3) serves every web host and worker. Tested on Django's
in-memory storage, refusing like S3 to give a local path: code that asked for one would fail."""

import io
import os
from io import StringIO

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils._os import safe_join
from openpyxl import load_workbook

from awards.models import Award
from campaigns.models import CampaignDocument
from organizations.models import Job
from tests.factories import AwardRecordFactory, PersonFactory
from tests.jobs import run_export
from tests.uploads import PDF_BYTES

pytestmark = pytest.mark.usefixtures("english")


class PathlessStorage(InMemoryStorage):
    """Files in memory, and no local path: as S3Storage."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):
        # How InMemoryStorage finds its own files, which it does through path().
        return os.path.relpath(safe_join(self.location, name), self.location)


@pytest.fixture
def object_storage(settings, media):
    """Store files in memory instead of MEDIA_ROOT; check at the end that none reached it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.PathlessStorage"},
    }
    yield
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_a_jobs_file_is_written_and_read_through_the_storage(org, login, object_storage):
    award = Award.objects.get(code="LDTT")
    for _ in range(2):
        AwardRecordFactory(person=PersonFactory(unit=org.office), award=award, year=2019)
    download = run_export(login(org.alice), reverse("awards:history_export"))
    assert download.status_code == 200
    sheet = list(load_workbook(io.BytesIO(download.content)).active.values)
    assert len(sheet) == 3
    job = Job.objects.get()
    assert isinstance(default_storage._wrapped, PathlessStorage)
    assert default_storage.exists(job.file.name) and job.file.name.startswith("jobs/")


def test_an_upload_is_stored_and_downloaded_through_the_storage(
    campaign, org, login, object_storage
):
    client = login(org.alice)
    response = client.post(
        reverse("campaigns:document_add", args=[campaign.code]),
        {
            "kind": "plan",
            "title": "Kế hoạch",
            "file": SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    document = CampaignDocument.objects.get()
    assert default_storage.exists(document.file.name)
    download = client.get(reverse("campaigns:document_download", args=[document.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_backup_says_the_buckets_files_are_not_in_it(db, object_storage, tmp_path_factory):
    archive = tmp_path_factory.mktemp("archives") / "backup.tar.gz"
    out, err = StringIO(), StringIO()
    call_command("backup", str(archive), stdout=out, stderr=err)
    assert "0 media files" in out.getvalue()
    assert "backup and restore carry the database only" in err.getvalue()

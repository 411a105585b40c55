"""The emulation officer exports the award history, in the browser, on the demo: the export runs
as a background job on the database queue; the page that opens shows the job waiting with its
progress bar, a worker takes it, the page turns to the download without a reload, and the file
holds the list as it was filtered."""

import io
import re

from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from awards.models import AwardRecord
from organizations.models import Job


def test_the_officer_exports_the_award_history_as_a_job(
    page, live_server, demo, sign_in, shot, settings
):
    settings.TASKS = {
        "default": {"BACKEND": settings.TASK_BACKENDS["database"], "QUEUES": ["default"]}
    }
    sign_in("tdkt")
    page.goto(f"{live_server.url}/khen-thuong/qua-trinh/?year=2019")
    page.get_by_test_id("export-link").click()
    page.wait_for_url(re.compile(r"/to-chuc/viec/[0-9a-f-]+/$"))
    progress = page.get_by_test_id("job-progress")
    expect(progress.get_by_test_id("job-status")).to_have_text("Đang chờ xử lý")
    expect(progress.get_by_test_id("job-bar")).to_be_visible()
    expect(progress).to_contain_text("Bạn có thể rời trang này")
    shot("waiting")

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    # The page polls: the download appears without a reload.
    download_button = page.get_by_test_id("job-download")
    expect(download_button).to_be_visible()
    expect(progress.get_by_test_id("job-status")).to_have_text("Hoàn thành")
    shot("done")
    with page.expect_download() as download:
        download_button.click()
    assert download.value.suggested_filename.startswith("khen-thuong-")
    sheet = list(load_workbook(io.BytesIO(download.value.path().read_bytes())).active.values)
    job = Job.objects.get()
    expected = AwardRecord.objects.visible_to(job.owner).filter(year=2019).count()
    assert expected > 0 and len(sheet) - 1 == expected
    assert {line[3] for line in sheet[1:]} == {2019}
    # The bell says so too, with a link back to the job.
    page.goto(f"{live_server.url}/to-chuc/thong-bao/")
    notice = page.get_by_test_id("notification").first
    expect(notice).to_contain_text("Tệp của bạn đã sẵn sàng: Xuất Excel quá trình khen thưởng")
    notice.click()
    page.wait_for_url(re.compile(r"/to-chuc/viec/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("job-download")).to_be_visible()

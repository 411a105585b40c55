"""The covenant's commitments and their quarterly progress as an Excel workbook."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from campaigns import services
from campaigns.models import Commitment
from organizations.models import Job
from tests.campaigns.test_covenant_detail import add_parties
from tests.jobs import job_run_for, run_job_download

pytestmark = pytest.mark.usefixtures("english")

HEADERS = [
    "Party",
    "Focus area",
    "Commitment",
    "Measure",
    "Baseline",
    "Target",
    "Unit of measure",
    "Due date",
    "Q1 status",
    "Q1 value",
    "Q2 status",
    "Q2 value",
    "Q3 status",
    "Q3 value",
    "Q4 status",
    "Q4 value",
    "Latest status",
]


def export_url(covenant):
    return reverse("campaigns:covenant_export", args=[covenant.code])


def sheet_of(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_it_exports_one_row_per_commitment_with_its_quarterly_progress(
    covenant_in_force, org, login
):
    kt = Commitment.objects.get(party__covenant=covenant_in_force, party__unit=org.technical)
    services.report_submit(
        actor=org.carol.user, commitment=kt, period="Q1", status="on_track", value=Decimal(85)
    )
    services.report_submit(
        actor=org.carol.user, commitment=kt, period="Q2", status="at_risk", value=Decimal("86.5")
    )
    response = run_job_download(login(org.bob), export_url(covenant_in_force))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="giao-uoc-2020.xlsx"'
    sheet = sheet_of(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [row[0] for row in rows[1:]] == [
        "Ban lãnh đạo Sở",
        "Công đoàn cơ sở",
        "Phòng Quản lý công nghệ",
    ]
    kt_row = rows[3]
    assert kt_row[1] == "1. Sáng kiến, ứng dụng KH&CN"
    assert kt_row[2] == "Phòng Quản lý công nghệ: 100% hồ sơ công việc được xử lý trên phần mềm"
    assert kt_row[3] == "Percentage"
    assert (kt_row[4], kt_row[5]) == (80, 100)
    assert kt_row[7] == datetime.datetime(2020, 12, 31)
    assert sheet.cell(row=4, column=8).number_format == "DD/MM/YYYY"
    assert kt_row[8:16] == ("On track", 85, "At risk", 86.5, None, None, None, None)
    assert kt_row[16] == "At risk"
    assert rows[1][8:] == (None,) * 9  # the board has not reported


def test_headers_are_bold_frozen_and_wide_enough(covenant_in_force, org, login):
    sheet = sheet_of(run_job_download(login(org.alice), export_url(covenant_in_force)))
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["C"].width >= 40


def test_an_open_covenant_exports_too(covenant, org, login):
    response = run_job_download(login(org.carol), export_url(covenant))
    assert response.status_code == 200
    assert sheet_of(response).max_row == 4


def test_the_number_of_queries_does_not_grow_with_commitments(covenant, org, login):
    client = login(org.alice)
    run_job_download(client, export_url(covenant))
    with CaptureQueriesContext(connection) as few:
        run_job_download(client, export_url(covenant))
    add_parties(covenant, 6, org.alice.user)
    with CaptureQueriesContext(connection) as many:
        response = run_job_download(client, export_url(covenant))
    assert sheet_of(response).max_row == 1 + 3 + 12
    assert len(many) == len(few)


def test_it_is_a_job_started_by_a_post(covenant_in_force, org, login):
    client = login(org.bob)
    page = client.get(covenant_in_force.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{export_url(covenant_in_force)}"' in page
    assert client.get(export_url(covenant_in_force)).status_code == 405
    started = client.post(export_url(covenant_in_force))
    job = Job.objects.get()
    assert started["Location"] == job.get_absolute_url()
    assert (job.owner, job.kind, job.params["code"], job.status) == (
        org.bob.user,
        "campaigns.covenant_export",
        str(covenant_in_force.code),
        Job.Status.DONE,
    )


def test_an_outsider_gets_404(covenant_in_force, org, login):
    assert login(org.charlie).post(export_url(covenant_in_force)).status_code == 404
    assert not Job.objects.exists()


def test_the_job_fails_if_its_owner_may_no_longer_read_the_covenant(covenant_in_force, org):
    params = {"code": str(covenant_in_force.code)}
    job = job_run_for(org.charlie.user, "campaigns.covenant_export", params)
    assert job.status == Job.Status.FAILED and not job.file
    assert job.error == "You may no longer read this covenant."


def test_it_requires_sign_in(client, covenant_in_force):
    assert client.post(export_url(covenant_in_force)).status_code == 302
    assert not Job.objects.exists()

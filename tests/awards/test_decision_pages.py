"""The pages of decisions: the registry with its search and Excel export, a decision's page and
PDF, the certificates with a QR code that opens the public verification page, and who may do
what (issue 10, items 2, 4, 5 and 6)."""

import io
from importlib import import_module

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.decision_documents import decision_filename
from awards.models import AwardRecord, Decision
from awards.services import decisions as services
from awards.services.history import award_record_revoke
from organizations import roles
from organizations.listing import keys_or_rows
from organizations.models import Job, Person
from organizations.vietnamese import fold
from tests.awards.test_decisions import board, dossiers, draft, end_window, posting
from tests.factories import PersonFactory, UserFactory, passed
from tests.jobs import job_run_for, run_export, run_job_download
from tests.qr import qr_codes_in_pdf
from tests.uploads import pdf_text

pytestmark = pytest.mark.usefixtures("english")

__all__ = ["board", "dossiers", "draft", "posting"]  # fixtures shared with the service tests


@pytest.fixture
def issued(org, draft):
    end_window(draft.posting)
    return services.decision_issue(actor=org.alice.user, decision=draft)


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.wsgi_request._messages)


def test_the_officer_drafts_edits_and_issues_from_the_pages(org, board, posting, login, dossiers):
    client = login(org.alice)
    response = client.post(reverse("awards:decision_create", args=[posting.code]))
    decision = Decision.objects.get()
    assert response.url == decision.get_absolute_url()
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Vũ Thị Hoa" in page and 'data-action="decision.issue"' in page
    # Bad input: the form says why and nothing changes.
    response = client.post(
        reverse("awards:decision_edit", args=[decision.code]),
        {"title": "", "place": "Lạng Sơn", "signed_on": "31/02/2020", "signer": board.director.pk},
    )
    assert response.status_code == 400
    decision.refresh_from_db()
    assert decision.title.startswith("Về việc khen thưởng")
    end_window(posting)
    response = client.post(
        reverse("awards:decision_edit", args=[decision.code]),
        {
            "title": "Về việc khen thưởng thành tích năm 2020",
            "place": "Lạng Sơn",
            "signed_on": timezone.localdate().strftime("%d/%m/%Y"),
            "signer": board.deputy.pk,
            "base_salary": "1490000",
            "bases": "Căn cứ Luật Thi đua, khen thưởng;\nXét đề nghị của Hội đồng.",
            "recipients": "Như Điều 3;\nLưu: VT.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # Giang waits: taken off the draft, one dossier at a time.
    toggle = reverse("awards:decision_awardee", args=[decision.code])
    response = client.post(toggle, {"nomination": dossiers.giang.code, "on": "0", "page": "1"})
    assert response.url == f"{decision.get_absolute_url()}?page=1"
    assert list(decision.nominations.all()) == [dossiers.hoa]
    issue_url = reverse("awards:decision_issue", args=[decision.code])
    # A date that is no date: said, nothing issued.
    response = client.post(issue_url, {"signed_on": "31/02/2021"})
    assert "Give the date the decision was signed" in messages_of(response)
    decision.refresh_from_db()
    assert decision.state.draft
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(issue_url, {"signed_on": today})
    assert "Decision 01/QĐ-SKHCN is issued" in messages_of(response)
    decision.refresh_from_db()
    assert decision.state.issued and decision.records.get().amount == 450_000
    # The draft issued once: a second press says so and changes nothing.
    response = client.post(issue_url, {"signed_on": today})
    assert "already been issued" in messages_of(response)


def test_the_decision_pdf_has_the_number_the_bases_and_every_awardee(org, login, issued):
    response = login(org.alice).get(reverse("awards:decision_pdf", args=[issued.code]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "QUYẾT ĐỊNH" in text and "Số: 01/QĐ-SKHCN" in text
    assert "Căn cứ" in text and "Nghị định 91/2017" in text
    for name in ("Vũ Thị Hoa", "Đinh Văn Giang"):
        assert name in text
    assert "Lương Văn Khải" in text and "GIÁM ĐỐC" in text
    assert "Nơi nhận" in text and "DANH SÁCH" in text


def test_a_draft_pdf_is_marked_as_a_draft(org, login, draft):
    text = pdf_text(login(org.alice).get(reverse("awards:decision_pdf", args=[draft.code])).content)
    assert "DỰ THẢO" in text and "/QĐ-SKHCN" in text


def test_the_certificate_qr_opens_the_verification_page(org, login, issued, client):
    record = issued.records.order_by("book_number").first()
    response = login(org.alice).get(reverse("awards:record_certificate", args=[record.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "GIẤY KHEN" not in text  # LĐTT is a title: a certificate of the title
    assert "CHỨNG NHẬN" in text and "Vũ Thị Hoa" in text and "Số vào sổ: 1" in text
    assert f"Quyết định số {issued.symbol}" in text
    (url,) = qr_codes_in_pdf(response.content)
    assert url.endswith(reverse("awards:certificate_verify", args=[record.certificate_code]))
    client.logout()
    page = client.get(url.removeprefix("http://testserver"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-status="valid"' in body and "Vũ Thị Hoa" in body and issued.symbol in body
    # Nothing beyond what the certificate says: no unit, no staff code, no rating.
    assert record.person.code not in body and "Phòng Quản lý công nghệ" not in body
    award_record_revoke(
        actor=org.alice.user,
        record=record,
        reason="Khai man hồ sơ",
        revoking_decision="30/QĐ-SKHCN",
        revoked_on=timezone.localdate(),
    )
    body = client.get(url.removeprefix("http://testserver")).content.decode()
    assert 'data-status="revoked"' in body
    assert timezone.localdate().strftime("%d/%m/%Y") in body and "Khai man" not in body


def test_unknown_and_malformed_codes_get_the_same_404(client, issued):
    pages = []
    for code in ("x" * 22, "AAAAAAAAAAAAAAAAAAAAAA", "<script>", "%00", "a" * 500):
        response = client.get(reverse("awards:certificate_verify", args=[code]))
        assert response.status_code == 404
        body = response.content.decode()
        assert "<script>/" not in body
        # The page itself, apart from the language switch that carries the address back.
        pages.append(body[body.index("<main") : body.index("</main>")])
    assert len(set(pages)) == 1
    assert "No certificate matches this code" in pages[0]


def certificates_url(decision):
    return reverse("awards:decision_certificates", args=[decision.code])


def test_the_batch_of_certificates_is_a_job_making_one_pdf_with_a_page_each(org, login, issued):
    response = run_job_download(login(org.alice), certificates_url(issued))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{decision_filename(issued).replace("quyet-dinh", "giay-khen")}"'
    )
    codes = qr_codes_in_pdf(response.content, scale=2)
    assert len(codes) == 2
    assert {code.rsplit("/", 2)[-2] for code in codes} == set(
        issued.records.values_list("certificate_code", flat=True)
    )
    # Each QR links to the verification page on the address the job was started from.
    assert all(code.startswith("http://testserver/") for code in codes)
    job = Job.objects.get()
    assert (job.kind, job.params["code"], job.total, job.done) == (
        "awards.decision_certificates",
        str(issued.code),
        2,
        2,
    )


def test_the_certificates_are_printed_on_the_portals_address(org, login, issued, settings):
    settings.PORTAL_URL = "https://tdkt.example.vn"
    response = run_job_download(login(org.alice), certificates_url(issued))
    codes = qr_codes_in_pdf(response.content, scale=2)
    assert len(codes) == 2 and all(code.startswith("https://tdkt.example.vn/") for code in codes)


def test_the_certificates_are_started_by_a_post(org, login, issued):
    client = login(org.alice)
    assert client.get(certificates_url(issued)).status_code == 405
    page = client.get(issued.get_absolute_url()).content.decode()
    form = page.split('data-testid="export-form"')[1].split("</form>")[0]
    assert f'action="{certificates_url(issued)}"' in page and "csrfmiddlewaretoken" in form
    assert 'data-testid="certificates-pdf"' in form and 'name="query"' not in form
    # Another agency's officer does not see the decision at all.
    officer = UserFactory(roles=[roles.OFFICER, roles.STAFF])
    PersonFactory(unit=org.other, user=officer)
    outsider = login(type("Persona", (), {"user": officer}))
    assert outsider.post(certificates_url(issued)).status_code == 404
    assert not Job.objects.exists()


def test_a_decision_without_certificates_starts_no_job(org, login, issued):
    issued.records.update(certificate_code=None)
    response = login(org.alice).post(certificates_url(issued))
    assert response.url == issued.get_absolute_url()
    assert "This decision has no certificate to print yet." in messages_of(response)
    assert not Job.objects.exists()


def test_the_certificates_job_fails_if_its_owner_may_no_longer_print_them(org, issued):
    site = {"code": str(issued.code), "site": "http://testserver"}
    # Bob reads the decision, a public act, but does not print its certificates.
    job = job_run_for(org.bob.user, "awards.decision_certificates", site)
    assert job.status == Job.Status.FAILED and not job.file
    assert job.error == "Only the emulation officer prints a decision's certificates."
    # Charlie works in another agency: the decision is not named.
    job = job_run_for(org.charlie.user, "awards.decision_certificates", site)
    assert job.status == Job.Status.FAILED and not job.file
    assert job.error == "You may no longer read this decision."
    assert issued.symbol not in job.error


def test_the_registry_searches_by_number_name_and_year(org, login, issued, dossiers):
    client = login(org.alice)
    url = reverse("awards:decision_list")
    assert issued.symbol in client.get(url).content.decode()
    assert issued.symbol in client.get(url, {"q": "01/QĐ"}).content.decode()
    assert issued.symbol in client.get(url, {"q": "vu thi hoa"}).content.decode()
    assert issued.symbol not in client.get(url, {"q": "Nguyễn Không Có"}).content.decode()
    # The title by its words, with or without diacritics, the last one begun; the number only
    # by a text holding a digit (every number does).
    assert issued.search_title == fold(issued.title)
    words = " ".join(issued.search_title.split()[:2])
    assert issued.symbol in client.get(url, {"q": words[:-1]}).content.decode()
    assert issued.symbol not in client.get(url, {"q": "QĐ-KHONG"}).content.decode()
    year = str(issued.year)
    assert issued.symbol in client.get(url, {"year": year}).content.decode()
    # The years offered: this year back to the earliest decision's, without a DISTINCT over them.
    offered = [
        value for value, _label in client.get(url).context["filter"].form["year"].field.choices
    ]
    this_year = str(timezone.localdate().year)
    assert (
        offered[1] == this_year
        and offered[-1] == year
        and len(offered) == int(this_year) - int(year) + 2
    )


def test_the_registry_shows_a_draft_issued_at_once(org, login, draft):
    client = login(org.alice)
    url = reverse("awards:decision_list")
    row = client.get(url).content.decode().split('data-testid="decision-row"')[1]
    assert "(not numbered yet)" in row and "Draft" in row
    end_window(draft.posting)
    issued = services.decision_issue(actor=org.alice.user, decision=draft)
    row = client.get(url).content.decode().split('data-testid="decision-row"')[1]
    assert issued.symbol in row and "(not numbered yet)" not in row
    assert f'<td class="text-end">{issued.records.count()}</td>' in row
    # Kept on the decision as it is issued, counted by the registry no more.
    assert issued.award_count == issued.records.count() > 0
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not any('FROM "awards_awardrecord"' in q["sql"] for q in queries)


def test_the_decisions_issued_before_are_counted_once_by_the_migration(org, issued):
    from django.apps import apps

    granted = import_module("awards.migrations.0027_decision_award_count")
    Decision.objects.update(award_count=None)
    granted.count(apps, None)
    issued.refresh_from_db()
    assert issued.award_count == issued.records.count() > 0


def test_a_name_too_common_to_list_still_finds_its_decisions(org, login, issued, settings):
    """The people a name matches are looked up once and their keys reused; past the list limit
    the lookup stays a subquery, and finds the same."""
    settings.LIST_COUNT_LIMIT = 1
    client = login(org.alice)
    url = reverse("awards:decision_list")
    assert issued.symbol in client.get(url, {"q": "vu thi hoa"}).content.decode()  # one: a list
    assert issued.symbol in client.get(url, {"q": "thi"}).content.decode()  # several: a subquery
    assert issued.symbol not in client.get(url, {"q": "khong co ai"}).content.decode()
    assert issued.symbol in client.get(url, {"q": issued.symbol}).content.decode()
    # Past the limit the keys are a subquery, which finds the same rows.
    many = keys_or_rows(Person.objects.all())
    assert not isinstance(many, list) and set(many.values_list("pk", flat=True)) == set(
        Person.objects.values_list("pk", flat=True)
    )
    assert keys_or_rows(Person.objects.filter(pk=org.alice.person.pk)) == [org.alice.person.pk]


EXPORT = reverse("awards:decision_export")


def register_rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_registry_export_is_a_job_listing_each_award(org, login, issued):
    response = run_export(login(org.alice), EXPORT)
    assert response["Content-Disposition"].startswith('attachment; filename="so-quyet-dinh-')
    rows = register_rows(response)
    assert rows[0][0] == "Số quyết định"
    assert {row[6] for row in rows[1:]} == {"Vũ Thị Hoa", "Đinh Văn Giang"}
    assert {row[0] for row in rows[1:]} == {issued.symbol}
    assert Job.objects.get().kind == "awards.decision_export"


def test_the_registry_export_holds_the_lists_filters(org, login, issued):
    client = login(org.alice)
    assert len(register_rows(run_export(client, EXPORT, {"q": "01/QĐ"}))) == 3
    assert len(register_rows(run_export(client, EXPORT, {"q": "Nguyễn Không Có"}))) == 1
    page = client.get(reverse("awards:decision_list"), {"q": "01/QĐ"}).content.decode()
    form = page.split('data-testid="export-form"')[1].split("</form>")[0]
    assert f'action="{EXPORT}"' in page and 'name="query" value="q=01%2FQ%C4%90"' in form


def test_the_registry_export_is_in_its_owners_reach(org, login, issued):
    # Charlie, of another agency, reads the registry: his export holds none of this agency's.
    assert len(register_rows(run_export(login(org.charlie), EXPORT))) == 1
    job = job_run_for(org.charlie.user, "awards.decision_export", {"query": ""})
    assert job.status == Job.Status.DONE
    assert len(list(load_workbook(job.file.open("rb")).active.iter_rows())) == 1


def test_the_registry_export_is_started_by_a_post(org, login, issued):
    client = login(org.alice)
    assert client.get(EXPORT).status_code == 405
    assert client.get(reverse("awards:decision_list")).status_code == 200


def test_staff_read_issued_decisions_but_not_drafts_and_cannot_write(org, login, draft, issued):
    client = login(org.bob)
    assert client.get(issued.get_absolute_url()).status_code == 200
    Decision.objects.filter(pk=issued.pk).update(status=Decision.Status.DRAFT)
    assert client.get(issued.get_absolute_url()).status_code == 404
    Decision.objects.filter(pk=issued.pk).update(status=Decision.Status.ISSUED)
    assert client.post(reverse("awards:decision_issue", args=[issued.code])).status_code == 403
    assert client.post(
        reverse("awards:decision_create", args=[draft.posting.code])
    ).status_code in (
        403,
        404,
    )
    # Another agency's staff do not see it at all.
    assert login(org.charlie).get(issued.get_absolute_url()).status_code == 404


def test_the_history_links_each_award_to_its_decision(org, login, issued):
    record = issued.records.order_by("book_number").first()
    client = login(org.alice)
    page = client.get(reverse("awards:person_history", args=[record.person.code])).content.decode()
    link = reverse("awards:record_decision", args=[record.pk])
    assert link in page
    assert client.get(link).url == issued.get_absolute_url()


def test_the_registry_keeps_a_constant_number_of_queries(org, login, board, dossiers):
    from awards.services import posting as posting_services

    client = login(org.alice)
    url = reverse("awards:decision_list")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add_decision(year):
        nominee = PersonFactory(unit=org.technical)
        passed(nominee, year=year)
        posting = posting_services.posting_create(
            actor=org.alice.user, agency=org.agency, year=year
        )
        posting = end_window(
            posting_services.posting_publish(actor=org.alice.user, posting=posting)
        )
        decision = services.decision_create(actor=org.alice.user, posting=posting)
        Decision.objects.filter(pk=decision.pk).update(place="Lạng Sơn")
        services.decision_issue(actor=org.alice.user, decision=decision)

    add_decision(2018)
    one = count()
    for year in (2019, 2021, 2022):
        add_decision(year)
    assert count() == one
    assert AwardRecord.objects.count() == 4


def test_the_decision_page_keeps_a_constant_number_of_queries(org, login, issued, board):
    client = login(org.alice)

    def count():
        cache.clear()  # a first view: nothing kept from the one before
        with CaptureQueriesContext(connection) as queries:
            assert client.get(issued.get_absolute_url()).status_code == 200
        return len(queries)

    two = count()
    for index in range(5):
        record = AwardRecord.objects.filter(decision=issued).first()
        record.pk = None
        record.person = PersonFactory(unit=org.technical)
        record.nomination = None
        record.book_number = 10 + index
        record.certificate_code = f"extra-code-{index}-xxxxxxxxxxxx"
        record.save()
    assert count() == two


def test_revoking_from_the_decision_returns_to_it_and_never_elsewhere(org, login, issued):
    record = issued.records.order_by("book_number").first()
    client = login(org.alice)
    url = reverse("awards:award_revoke", args=[record.pk])
    page = client.get(issued.get_absolute_url()).content.decode()
    assert f"{url}?next=" in page
    data = {"revoking_decision": "30/QĐ-SKHCN", "revocation_reason": "Khai man"}
    response = client.post(f"{url}?next=https://evil.example/x", data)
    assert response.url == reverse("awards:person_history", args=[record.person.code])
    other = issued.records.order_by("book_number").last()
    url = reverse("awards:award_revoke", args=[other.pk])
    response = client.post(f"{url}?next={issued.get_absolute_url()}", data)
    assert response.url == issued.get_absolute_url()
    # The rows drawn before are drawn again: both now read revoked, by which decision.
    page = client.get(issued.get_absolute_url()).content.decode()
    assert page.count('data-status="revoked"') == 2 and "30/QĐ-SKHCN" in page
    assert f"{url}?next=" not in page


def test_the_numbering_continues_a_paper_register_and_never_goes_back(org, login, board):
    from awards.models import DocumentSequence

    client = login(org.alice)
    url = reverse("awards:sequence_continue")
    year = timezone.localdate().year
    response = client.post(url, {"year": year, "last_number": 245})
    assert response.status_code == 302
    assert DocumentSequence.objects.get(kind="QĐ", year=year).last_number == 245
    response = client.post(url, {"year": year, "last_number": 12})
    assert response.status_code == 400
    assert "already used" in response.content.decode()
    assert DocumentSequence.objects.get(kind="QĐ", year=year).last_number == 245
    assert client.post(url, {"year": "abc", "last_number": 1}).status_code == 400
    assert login(org.carol).post(url, {"year": year, "last_number": 300}).status_code == 403
    assert DocumentSequence.objects.get(kind="QĐ", year=year).last_number == 245
    page = login(org.alice).get(reverse("awards:decision_list")).content.decode()
    assert "245" in page


def test_staff_print_the_certificates_of_the_people_they_may_see(org, login, issued, dossiers):
    mine = AwardRecord.objects.get(decision=issued, person=dossiers.hoa.person)
    user = UserFactory(username="hoa", roles=[roles.STAFF])
    dossiers.hoa.person.user = user
    dossiers.hoa.person.save()
    client = login(type("Persona", (), {"user": user}))
    page = client.get(issued.get_absolute_url()).content.decode()
    assert reverse("awards:record_certificate", args=[mine.pk]) in page
    assert 'data-testid="certificates-pdf"' not in page
    assert client.get(reverse("awards:record_certificate", args=[mine.pk])).status_code == 200
    assert client.post(certificates_url(issued)).status_code == 403
    assert not Job.objects.exists()
    # Bob works in another unit: he reads the decision, a public act, but prints nobody's.
    client = login(org.bob)
    page = client.get(issued.get_absolute_url()).content.decode()
    assert "Vũ Thị Hoa" in page and 'data-testid="certificate-link"' not in page
    assert client.get(reverse("awards:record_certificate", args=[mine.pk])).status_code == 404


def test_the_draft_takes_a_dossier_off_and_back_and_refuses_strays(org, login, draft, dossiers):
    client = login(org.alice)
    toggle = reverse("awards:decision_awardee", args=[draft.code])
    client.post(toggle, {"nomination": dossiers.hoa.code, "on": "0"})
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-on="0" data-nominee="Vũ Thị Hoa"' in page
    client.post(toggle, {"nomination": dossiers.hoa.code, "on": "1"})
    assert draft.nominations.filter(pk=dossiers.hoa.pk).exists()
    # Above the authority, unknown or malformed: refused, nothing changes.
    before = set(draft.nominations.values_list("pk", flat=True))
    for code in (dossiers.provincial.code, "3f8c6a1e-0000-4000-8000-000000000000", "x"):
        response = client.post(toggle, {"nomination": code, "on": "1"})
        assert "cannot be on this decision" in messages_of(response)
    assert set(draft.nominations.values_list("pk", flat=True)) == before
    # Someone without the right.
    assert login(org.carol).post(
        toggle, {"nomination": dossiers.hoa.code, "on": "0"}
    ).status_code in (403, 404)
    assert draft.nominations.filter(pk=dossiers.hoa.pk).exists()


def test_the_draft_page_keeps_a_constant_number_of_queries(org, login, board):
    from awards.services import posting as posting_services

    for _ in range(2):
        passed(PersonFactory(unit=org.technical))
    posting = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    posting = posting_services.posting_publish(actor=org.alice.user, posting=posting)
    decision = services.decision_create(actor=org.alice.user, posting=posting)
    client = login(org.alice)

    def count():
        cache.clear()  # a first view: nothing kept from the one before
        with CaptureQueriesContext(connection) as queries:
            assert client.get(decision.get_absolute_url()).status_code == 200
        return len(queries)

    two = count()
    more = [passed(PersonFactory(unit=org.office)) for _ in range(6)]
    entries = [
        posting.entries.model(posting=posting, nomination=nomination, position=10 + index)
        for index, nomination in enumerate(more)
    ]
    posting.entries.model.objects.bulk_create(entries)
    decision.nominations.add(*more)
    assert count() == two

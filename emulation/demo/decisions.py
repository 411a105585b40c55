"""The demo's 2020 cycle completed after the council: the list posted, a comment answered, the
director's decision issued with its certificates, the provincial titles sent to the province and
its decision recorded, and one award revoked later.

- On 18/12/2020, after the council's session (nominations.py), the emulation officer (`tdkt`)
  posts the passed list for three working days: open to comments until 23/12/2020. On 21/12 a
  reader asks about Đặng Văn Cường's one-off Giấy khen; `tdkt` answers on 22/12.
- The department's register of decisions was kept on paper until then: its last number of 2020
  was 245 (Chu Đức Thuận's CSTĐCS 2020 of 25/12/2020, in awards.py). On 28/12/2020 the officer
  continues the numbering from it, drafts the decision from the posting and issues it, signed
  by the director (`lanhdao`): "Số 246/QĐ-SKHCN" on the six awards within the director's
  authority not yet in the history (Nông Thị Thu Hà's CSTĐCS, the TTLĐTT of QLKH, the office
  and the inspectorate, the Giấy khen of QLKH and Đặng Văn Cường's one-off Giấy khen), with the
  rewards of Nghị định 91/2017 on the base salary of 1.490.000 đồng. The dossiers whose award
  the history holds already (the LĐTT of decision 08/QĐ-SKHCN, Thuận's CSTĐCS) are closed with it.
- The titles above the director's authority (Thuận's CSTĐ cấp tỉnh, the inspectorate's TTLĐXS)
  go to the province in a submission of 29/12/2020; the province decides them by Quyết định số
  312/QĐ-UBND of 05/02/2021, which the officer records.
- On 15/03/2021 the inspection of the one-off award finds that the violation was uncovered by
  the provincial police, not by Cường: his Giấy khen is revoked by Quyết định số 45/QĐ-SKHCN; it
  stays in the history, marked revoked, and its certificate's page says so.

Everything goes through the services; the clock of nominations.py dates it. A part already done
is left as it is, so running the demo again changes nothing.
"""

from awards.models import (
    AwardRecord,
    Decision,
    DocumentSequence,
    Posting,
    PostingComment,
    Submission,
    working_days_after,
)
from awards.services import decisions as services
from awards.services import numbering
from awards.services import posting as posting_services
from awards.services.history import award_record_revoke
from emulation.demo import Demo, SummaryRow
from emulation.demo.nominations import OFFICER, YEAR_2020, D, _at, _Clock, _person_of
from emulation.demo.organization import AGENCY_CODE

POSTED = _at(D(2020, 12, 18), 10, 30)
PUBLISHED = _at(D(2020, 12, 18), 11)
WORKING_DAYS = 3
SUMMARIES = {
    ("Nông Thị Thu Hà", "CSTDCS"): (
        "Sáng kiến phần mềm theo dõi tiến độ đề tài, dự án KH&CN cấp tỉnh được công nhận"
    ),
    ("Chu Đức Thuận", "CSTD_TINH"): (
        "4 năm liền Chiến sĩ thi đua cơ sở; mô hình kiểm tra liên ngành tại cửa khẩu được áp "
        "dụng toàn tỉnh"
    ),
    ("Đặng Văn Cường", "GIAY_KHEN"): (
        "Phát hiện, xử lý vụ gian lận đo lường xăng dầu tại huyện Cao Lộc ngày 14/10/2020"
    ),
}
COMMENTED = _at(D(2020, 12, 21), 9, 15)
COMMENT = (
    "Hoàng Thị Lan",
    "Đề nghị làm rõ: vụ gian lận đo lường xăng dầu ở Cao Lộc do Phòng Quản lý Đo lường phát hiện "
    "hay do lực lượng khác phát hiện?",
    ("Đặng Văn Cường", "GIAY_KHEN"),
)
ANSWERED = _at(D(2020, 12, 22), 14)
ANSWER = (
    "Theo báo cáo của Chi cục và biên bản kiểm tra ngày 14/10/2020, đồng chí Đặng Văn Cường trực "
    "tiếp chủ trì đoàn kiểm tra và lập biên bản vụ việc. Cơ quan thường trực sẽ tiếp tục xác minh "
    "nếu có thông tin khác."
)

PAPER_REGISTER_2020 = 245
DRAFTED = _at(D(2020, 12, 28), 8, 30)
ISSUED = _at(D(2020, 12, 28), 15)
SIGNED_ON = D(2020, 12, 28)
PLACE = "Lạng Sơn"
SIGNER = "lanhdao"

SUBMITTED = _at(D(2020, 12, 29), 9)
PROVINCE_DECISION = ("312/QĐ-UBND", D(2021, 2, 5), "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn")
RECORDED = _at(D(2021, 2, 8), 10)

REVOKED = _at(D(2021, 3, 15), 10)
REVOKED_AWARD = ("Đặng Văn Cường", "GIAY_KHEN")
REVOCATION = (
    "45/QĐ-SKHCN",
    D(2021, 3, 15),
    "Kết quả thanh tra cho thấy vụ gian lận đo lường ngày 14/10/2020 do Công an tỉnh phát hiện; "
    "thành tích đột xuất kê khai trong hồ sơ không đúng thực tế (khai man thành tích).",
)


class Clock(_Clock):
    """The clock of nominations.py, re-dating the posting, the decision and the submission too."""

    STAMPS = {
        **_Clock.STAMPS,
        Posting: ("created_at", "published_at"),
        PostingComment: ("created_at", "answered_at"),
        Decision: ("created_at", "issued_at"),
        Submission: ("created_at", "sent_at"),
    }


def build(demo: Demo) -> None:
    agency = demo.units[AGENCY_CODE]
    clock = Clock()
    portal_before = AwardRecord.objects.filter(source=AwardRecord.Source.PORTAL).count()
    made = {
        "posting": not Posting.objects.filter(agency=agency, year=YEAR_2020).exists(),
        "decision": not Decision.objects.filter(agency=agency, year=YEAR_2020).exists(),
        "submission": not Submission.objects.filter(agency=agency, year=YEAR_2020).exists(),
    }
    posting = _posting(demo, clock, agency)
    decision = _decision(demo, clock, agency, posting)
    _submission(demo, clock, agency, posting)
    _revocation(demo, clock, decision)
    demo.summary += [
        SummaryRow("Public postings", Posting.objects.count(), int(made["posting"])),
        SummaryRow("Decisions", Decision.objects.issued().count(), int(made["decision"])),
        SummaryRow(
            "Submissions to the province", Submission.objects.count(), int(made["submission"])
        ),
        SummaryRow(
            "Award history (portal)",
            AwardRecord.objects.filter(source=AwardRecord.Source.PORTAL).count(),
            AwardRecord.objects.filter(source=AwardRecord.Source.PORTAL).count() - portal_before,
        ),
    ]
    # Two certificates to verify from the README: one valid, one revoked.
    records = decision.records.order_by("book_number")
    demo.certificates = [
        record.certificate_code
        for record in (
            records.filter(status=AwardRecord.Status.VALID).first(),
            records.filter(status=AwardRecord.Status.REVOKED).first(),
        )
        if record is not None
    ]


def _key(nomination) -> tuple[str, str]:
    return (nomination.nominee_name, nomination.award.code)


def _posting(demo, clock, agency) -> Posting:
    posting = Posting.objects.filter(agency=agency, year=YEAR_2020).first()
    if posting is not None:
        return posting
    officer = demo.users[OFFICER]
    with clock.at(POSTED):
        posting = posting_services.posting_create(
            actor=officer, agency=agency, year=YEAR_2020, working_days=WORKING_DAYS
        )
    entries = list(posting.entries.select_related("nomination__award", "nomination__person"))
    summaries = {
        entry.pk: SUMMARIES[_key(entry.nomination)]
        for entry in entries
        if _key(entry.nomination) in SUMMARIES
    }
    with clock.at(clock.next()):
        posting = posting_services.posting_edit(
            actor=officer,
            posting=posting,
            title=f"Danh sách đề nghị khen thưởng năm {YEAR_2020}",
            working_days=WORKING_DAYS,
            summaries=summaries,
        )
    with clock.at(PUBLISHED):
        posting = posting_services.posting_publish(actor=officer, posting=posting)
    author, text, about = COMMENT
    entry = next(entry for entry in entries if _key(entry.nomination) == about)
    with clock.at(COMMENTED):
        comment = posting_services.comment_add(
            posting=posting, author=author, text=text, address="203.162.4.190", entry=entry
        )
    with clock.at(ANSWERED):
        posting_services.comment_answer(actor=officer, comment=comment, answer=ANSWER)
    # The window counts from the day the list was published in the story, not from today.
    Posting.objects.filter(pk=posting.pk).update(
        closes_on=working_days_after(PUBLISHED.date(), WORKING_DAYS)
    )
    posting.refresh_from_db()
    return posting


def _decision(demo, clock, agency, posting) -> Decision:
    decision = Decision.objects.filter(posting=posting, status=Decision.Status.ISSUED).first()
    if decision is not None:
        return decision
    officer = demo.users[OFFICER]
    with clock.at(DRAFTED):
        numbering.sequence_continue(
            actor=officer,
            agency=agency,
            year=SIGNED_ON.year,
            kind=DocumentSequence.Kind.DECISION,
            last_number=PAPER_REGISTER_2020,
        )
    with clock.at(clock.next()):
        decision = services.decision_create(actor=officer, posting=posting)
    with clock.at(clock.next()):
        decision = services.decision_edit(
            actor=officer,
            decision=decision,
            title=decision.title,
            place=PLACE,
            signed_on=SIGNED_ON,
            signer=_person_of(demo, SIGNER),
            bases=decision.bases,
            recipients=decision.recipients,
            base_salary=services.base_salary_on(SIGNED_ON),
            nominations=list(decision.nominations.all()),
        )
    with clock.at(ISSUED):
        return services.decision_issue(actor=officer, decision=decision)


def _submission(demo, clock, agency, posting) -> None:
    from awards.services import submissions

    if Submission.objects.filter(posting=posting).exists():
        return
    officer = demo.users[OFFICER]
    with clock.at(SUBMITTED):
        submission = submissions.submission_create(actor=officer, posting=posting)
    with clock.at(clock.next()):
        submission = submissions.submission_edit(
            actor=officer,
            submission=submission,
            title=submission.title,
            addressee=PROVINCE_DECISION[2],
            place=PLACE,
            signed_on=SUBMITTED.date(),
            signer=_person_of(demo, SIGNER),
            nominations=list(submission.nominations.all()),
        )
    with clock.at(clock.next()):
        submission = submissions.submission_send(actor=officer, submission=submission)
    number, day, issuer = PROVINCE_DECISION
    with clock.at(RECORDED):
        submissions.submission_record(
            actor=officer,
            submission=submission,
            decision_number=number,
            decision_date=day,
            issuer=issuer,
            awarded=list(submission.nominations.all()),
        )


def _revocation(demo, clock, decision: Decision) -> None:
    name, code = REVOKED_AWARD
    record = decision.records.get(person__full_name=name, award__code=code)
    if record.state.revoked:
        return
    number, day, reason = REVOCATION
    with clock.at(REVOKED):
        award_record_revoke(
            actor=demo.users[OFFICER],
            record=record,
            reason=reason,
            revoking_decision=number,
            revoked_on=day,
        )

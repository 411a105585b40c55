"""Print the eligibility verdict of a person or unit for a title in a year."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import get_language

from awards.eligibility import EligibilityError, evaluate
from awards.eligibility.batch import cstdcs_batch
from organizations.models import Person, Unit

STATUS_MARK = {"pass": "[ĐẠT/PASS]", "fail": "[KHÔNG/FAIL]", "unknown": "[?/UNKNOWN]"}


class Command(BaseCommand):
    help = "Print, check by check, whether a person or unit qualifies for a title in a year."

    def add_arguments(self, parser):
        nominee = parser.add_mutually_exclusive_group(required=True)
        nominee.add_argument("--person", help="id, login name or staff code of the person")
        nominee.add_argument("--unit", help="code of the unit")
        parser.add_argument("--title", required=True, help="code of the title or form, e.g. LDTT")
        parser.add_argument("--year", required=True, type=int, help="the year judged")
        parser.add_argument("--json", action="store_true", help="print a JSON object")

    def handle(self, *args, **options):
        nominee = self.find_nominee(options["person"], options["unit"])
        english = (get_language() or "vi").startswith("en")
        try:
            # A CSTĐCS quota is decided on the same batch as the eligibility page uses.
            batch = None
            if isinstance(nominee, Person) and options["title"].upper() == "CSTDCS":
                batch = cstdcs_batch(nominee, options["year"])
            verdict = evaluate(nominee, options["title"], options["year"], batch=batch)
        except EligibilityError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(verdict.as_dict(), ensure_ascii=False, indent=2))
            return
        language = "en" if english else "vi"
        award = verdict.award
        name = award.name_en if english else award.name_vi
        outcome = {True: "ĐỦ ĐIỀU KIỆN / ELIGIBLE", False: "KHÔNG ĐỦ / NOT ELIGIBLE"}.get(
            verdict.eligible, "CHƯA ĐỦ DỮ LIỆU / UNKNOWN"
        )
        self.stdout.write(f"{nominee} — {name} ({award.code}) {verdict.year}")
        self.stdout.write(f"{verdict.rule_set.code}: {verdict.rule_set.name}")
        groups, seen = verdict.groups, set()
        for check in verdict.checks:
            indent = ""
            if check.group:
                indent = "  "
                if check.group not in seen:
                    # Alternatives: one passing path is enough.
                    seen.add(check.group)
                    self.stdout.write(
                        f"{STATUS_MARK[groups[check.group]]} {check.group}: "
                        + ("one of these suffices:" if english else "chỉ cần một trong các điều:")
                    )
            self.stdout.write(
                f"{indent}{STATUS_MARK[check.status]} {check.code}: {check.message(language)} "
                f"[{check.citation}]"
            )
            for item in check.evidence:
                self.stdout.write(f"{indent}    - {item}")
        self.stdout.write(outcome)

    def find_nominee(self, person, unit):
        if unit is not None:
            found = Unit.objects.filter(code=unit).first()
            if found is None:
                raise CommandError(f"Không có đơn vị mã “{unit}” / No unit with the code “{unit}”.")
            return found
        match = Q(code=person) | Q(user__username=person)
        if person.isdigit():
            match |= Q(pk=int(person))
        found = list(Person.objects.filter(match)[:2])
        if not found:
            raise CommandError(f"Không có cá nhân “{person}” / No person “{person}”.")
        if len(found) > 1:
            raise CommandError(
                f"“{person}” khớp nhiều cá nhân; dùng mã cán bộ / “{person}” matches several "
                "people; use the staff code."
            )
        return found[0]

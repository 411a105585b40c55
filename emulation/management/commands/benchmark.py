"""Time the key pages, the eligibility engine and the imports on a synthetic province."""

import json
import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from awards.models import RuleSet
from emulation.benchmark import (
    BenchmarkError,
    add_size_arguments,
    build_province,
    database_description,
    now_text,
    run_benchmarks,
    units_for,
    vacuum_tables,
)
from organizations.models import FIRST_RECORD_YEAR, Person


def _years(value: str) -> tuple[int, int]:
    """Parse "2018-2020" or "2020" into (first, last)."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", value or "")
    if not match:
        raise CommandError(f"--years takes a year or a range such as 2018-2020; got {value!r}.")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise CommandError(f"--years {value}: the first year comes after the last.")
    return first, last


class Command(BaseCommand):
    help = (
        "Build a synthetic province in the current database, time the key pages (as an officer, "
        "a leader and a staff member), the eligibility engine and the Excel imports, and print "
        "the median and maximum milliseconds and the SQL queries of each. Everything is built "
        "inside one transaction that is rolled back at the end, unless --keep."
    )

    def add_arguments(self, parser):
        add_size_arguments(parser, people=2000)
        parser.add_argument(
            "--years",
            default="2018-2020",
            help="Years of ratings and awards; the last is judged and registered for "
            "(default 2018-2020).",
        )
        parser.add_argument(
            "--repeat", type=int, default=5, help="Timed runs of each item (default 5)."
        )
        parser.add_argument(
            "--rows",
            type=int,
            default=1000,
            help="Rows of each import file, at most the number of people (default 1000).",
        )
        parser.add_argument(
            "--only",
            default="",
            help="Run only the items whose key starts with one of these comma-separated "
            "prefixes, e.g. dashboard_,report_, or is one followed by $ (nomination_desk$ "
            "without its export) (default: every item).",
        )
        parser.add_argument(
            "--sizes",
            default="",
            help="Run at each of these comma-separated numbers of people, one after the other "
            "(e.g. 30000,300000), and print how much each item grew from the first to the last; "
            "replaces --people and --units.",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the synthetic data instead of removing it."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG and TESTING are off, or when the database holds people.",
        )

    def handle(self, *args, **options):
        force = options["force"]
        if not (settings.DEBUG or getattr(settings, "TESTING", False)) and not force:
            raise CommandError(
                "Refusing to run the benchmark: DEBUG is off. It writes tens of thousands of "
                "rows and signs in synthetic users; run it on a development or staging "
                "database (DJANGO_DEBUG=1), or pass --force if you really mean it."
            )
        if Person.objects.exists() and not force:
            raise CommandError(
                f"Refusing to run the benchmark: the database already holds "
                f"{Person.objects.count()} people. Benchmark an empty database (create one and "
                "migrate it), or pass --force to add the synthetic province next to them."
            )
        repeat = options["repeat"]
        sizes = _sizes(options["sizes"]) or [options["people"]]
        first_year, last_year = _years(options["years"])
        if min(sizes) < 20:
            raise CommandError("--people must be at least 20.")
        if options["units"] is not None and options["units"] < 5:
            raise CommandError("--units must be at least 5.")
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        if options["rows"] < 1:
            raise CommandError("--rows must be at least 1.")
        this_year = timezone.localdate().year
        if not (FIRST_RECORD_YEAR < first_year and last_year < this_year):
            raise CommandError(
                f"--years must lie between {FIRST_RECORD_YEAR + 1} and {this_year - 1}: the last "
                "year is judged, and a year is judged once it is over."
            )
        if RuleSet.objects.for_year(last_year) is None:
            raise CommandError(
                f"No rule set applies to {last_year}, so it cannot be judged. Run `manage.py "
                "migrate` (the rule sets come with it) or choose other --years."
            )
        if len(sizes) > 1 and options["keep"]:
            raise CommandError("--keep keeps one province: use it without --sizes.")

        reports = []
        for people in sizes:
            units = options["units"] if not options["sizes"] and options["units"] else None
            reports.append(
                self._run(
                    people=people,
                    units=units_for(people, units),
                    first_year=first_year,
                    last_year=last_year,
                    options=options,
                )
            )
        if options["json"]:
            output = reports[0]
            if len(reports) > 1:
                output = {"runs": reports, "growth": _growth(reports)}
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        else:
            for report in reports:
                self._print_table(report)
            if len(reports) > 1:
                self._print_growth(reports)
        failed = [
            f"{report['people']} people, {result['label']}: {result['error']}"
            for report in reports
            for result in report["results"]
            if result["error"]
        ]
        if failed:
            raise CommandError(f"{len(failed)} item(s) failed: " + "; ".join(failed))

    def _run(self, *, people, units, first_year, last_year, options) -> dict:
        """Build a province of `people`, measure it, roll it back (unless --keep); return the
        report."""
        repeat = options["repeat"]
        rows = min(options["rows"], people, settings.IMPORT_MAX_ROWS)
        verbosity = options["verbosity"]

        def progress(message):
            # On stderr, so that stdout holds only the table or the JSON; unstyled, not an error.
            if verbosity >= 1:
                self.stderr.write(f"  {message}…", style_func=str)
                self.stderr.flush()

        vacuum_tables()
        with transaction.atomic():
            progress(f"Building a province of {people} people in about {units} units")
            try:
                province = build_province(
                    people=people, units=units, first_year=first_year, last_year=last_year
                )
            except BenchmarkError as error:
                raise CommandError(str(error)) from None
            only = tuple(key.strip() for key in options["only"].split(",") if key.strip())
            results = run_benchmarks(
                province, repeat=repeat, rows=rows, progress=progress, only=only
            )
            if not options["keep"]:
                transaction.set_rollback(True)
        if not options["keep"] and vacuum_tables():
            progress("Vacuumed the rows rolled back")

        return {
            "date": now_text(),
            "database": database_description(),
            "people": len(province.people),
            "units": province.counts["units"],
            "years": f"{first_year}-{last_year}",
            "repeat": repeat,
            "import_rows": rows,
            "build_seconds": round(province.build_seconds, 1),
            "rows_built": province.counts,
            "kept": options["keep"],
            "results": [result.as_dict() for result in results],
        }

    def _print_table(self, report):
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmark on {report['database']}, {report['date']}: {report['people']} people, "
                f"{report['units']} units, years {report['years']}, {report['repeat']} "
                f"interleaved rounds (built in {report['build_seconds']} s)"
            )
        )
        built = ", ".join(f"{count} {label}" for label, count in report["rows_built"].items())
        self.stdout.write(f"Rows built: {built}")
        rows = [
            (
                result["label"],
                result["as"],
                _ms(result["median_ms"]),
                _ms(result["max_ms"]),
                "" if result["queries"] is None else str(result["queries"]),
                _ratio(result["x_floor"]),
                _ratio(result["x_admin"]),
            )
            for result in report["results"]
        ]
        headers = ("What", "As", "Median ms", "Max ms", "Queries", "× floor", "× admin")
        errors = [result["error"] for result in report["results"]]
        self._print_rows(headers, rows, errors)
        if report["kept"]:
            self.stdout.write("The synthetic data was kept (--keep).")
        else:
            self.stdout.write("The synthetic data was removed (rolled back).")

    def _print_growth(self, reports):
        sizes = [report["people"] for report in reports]
        self.stdout.write(
            self.style.SUCCESS(
                "Growth from "
                + " to ".join(f"{size:,}" for size in sizes)
                + f" people (median ms; × = the last ÷ the first, the target {GROWTH_TARGET})"
            )
        )
        headers = ("What", "As", *(f"{size:,} ms" for size in sizes), "×")
        growth = _growth(reports)
        rows = [
            (
                item["label"],
                item["as"],
                *(_ms(median) for median in item["median_ms"]),
                _ratio(item["growth"]),
            )
            for item in growth
        ]
        self._print_rows(headers, rows, ["" for _item in growth])

    def _print_rows(self, headers, rows, errors):
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

        def line(cells):
            left = [cell.ljust(width) for cell, width in zip(cells[:2], widths, strict=False)]
            right = [cell.rjust(width) for cell, width in zip(cells[2:], widths[2:], strict=True)]
            return "  ".join(left + right)

        self.stdout.write(self.style.MIGRATE_HEADING(line(headers)))
        for row, error in zip(rows, errors, strict=True):
            self.stdout.write(line(row))
            if error:
                self.stdout.write(self.style.ERROR(f"    failed: {error}"))


# From the smallest to the largest size, no page should grow by more than this (issue 13).
GROWTH_TARGET = 1.5


def _sizes(value: str) -> list[int]:
    """Parse "30000,300000" into [30000, 300000]."""
    if not value.strip():
        return []
    try:
        sizes = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise CommandError(
            f"--sizes takes numbers of people such as 30000,300000; got {value!r}."
        ) from None
    if len(sizes) < 2 or sizes != sorted(set(sizes)):
        raise CommandError(f"--sizes takes two or more growing numbers of people; got {value!r}.")
    return sizes


def _growth(reports: list[dict]) -> list[dict]:
    """Each item's medians at every size and how much it grew from the first to the last."""
    runs = [{result["key"]: result for result in report["results"]} for report in reports]
    growth = []
    for result in reports[0]["results"]:
        medians = [run.get(result["key"], {}).get("median_ms") for run in runs]
        grew = medians[-1] / medians[0] if None not in medians and medians[0] else None
        growth.append(
            {
                "key": result["key"],
                "label": result["label"],
                "as": result["as"],
                "median_ms": medians,
                "growth": _round(grew),
            }
        )
    return growth


def _round(value):
    return None if value is None else round(value, 2)


def _ratio(value) -> str:
    return "" if value is None else f"{value:.1f}"


def _ms(value) -> str:
    return "" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"

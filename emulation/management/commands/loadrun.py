"""Load the portal as many signed-in users at once, over HTTP, and print what they waited."""

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from emulation.benchmark import (
    BenchmarkError,
    add_size_arguments,
    build_province,
    database_description,
    now_text,
    units_for,
    vacuum_tables,
)
from emulation.benchmark.load import (
    FIRST_YEAR,
    LAST_YEAR,
    LEADER,
    OFFICER,
    PAGE_LABELS,
    STAFF,
    UNIT_HEAD,
    USER_PREFIX,
    prepare_users,
    run_load,
    served_environment,
    summarize,
    visitors,
)
from emulation.benchmark.web import Gunicorn, ServeError, SignInError
from organizations.models import Person

# The load-run users' password unless --password: they exist only in a database made for the run.
KNOWN_LOGIN = "loadrun-thidua"


def _cores() -> int:
    """Return the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Command(BaseCommand):
    help = (
        "Sign in N users (loadrun-001…) through the sign-in form and have each load the main "
        "pages of its role over HTTP, one after the other, for S seconds, against a running "
        "portal (--url) or a gunicorn started for the run (--serve); print the requests, the "
        "errors, the requests per second and the median, 95th percentile and maximum latency, "
        "overall and page by page. --prepare first builds a synthetic province and the users, "
        "and keeps them for the next runs."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group()
        target.add_argument(
            "--url", help="The address of a portal running on this database (http://host:port)."
        )
        target.add_argument(
            "--serve",
            action="store_true",
            help="Start gunicorn on a free port of the loopback for the run, on this database, "
            "with DEBUG off, and stop it at the end.",
        )
        cores = _cores()
        parser.add_argument(
            "--workers",
            type=int,
            default=2 * cores + 1,
            help=f"gunicorn workers with --serve (default 2 × cores + 1 = {2 * cores + 1}).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=1,
            help="Threads of each worker with --serve (default 1).",
        )
        parser.add_argument("--users", type=int, default=50, help="Users at once (default 50).")
        parser.add_argument(
            "--seconds", type=float, default=60, help="How long they load pages (default 60)."
        )
        parser.add_argument(
            "--think",
            type=float,
            default=0,
            help="Milliseconds each user waits between two pages (default 0: none).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=30,
            help="Seconds a request may take before it counts as an error (default 30).",
        )
        parser.add_argument(
            "--prepare",
            action="store_true",
            help="First build a synthetic province and --users users in it, and keep them "
            "(committed) for the next runs. Without --url or --serve, only prepare.",
        )
        add_size_arguments(parser, people=30000)
        parser.add_argument(
            "--password",
            default=KNOWN_LOGIN,
            help=f"The users' password, given with --prepare (default {KNOWN_LOGIN}).",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG and TESTING are off, or prepare over a database that "
            "already holds people.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if not (settings.DEBUG or getattr(settings, "TESTING", False)) and not options["force"]:
            raise CommandError(
                "Refusing to run the load run: DEBUG is off. It signs in synthetic users (and "
                "writes a province and users with --prepare); run it on a database made for it "
                "(DJANGO_DEBUG=1), or pass --force if you really mean it."
            )
        self._check(options)
        if options["prepare"]:
            self._prepare(options)
            if not (options["url"] or options["serve"]):
                return
        elif not (options["url"] or options["serve"]):
            raise CommandError("Give --url of a running portal, or --serve to start one.")
        try:
            people = visitors(options["users"])
        except BenchmarkError as error:
            raise CommandError(str(error)) from None
        if not people:
            raise CommandError(
                f"The database holds no {USER_PREFIX}* users: prepare them first "
                f"(`manage.py loadrun --prepare --people N --users {options['users']}`)."
            )
        if len(people) < options["users"]:
            raise CommandError(
                f"The database holds {len(people)} {USER_PREFIX}* users, fewer than "
                f"--users {options['users']}: run with --users {len(people)}."
            )
        if options["serve"]:
            report = self._serve_and_run(people, options)
        else:
            report = self._run(options["url"].rstrip("/"), people, options, server=None)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self._print_table(report)
        if report["errors"]:
            raise CommandError(f"{report['errors']} of {report['requests']} requests failed.")

    def _check(self, options):
        for name, least in [("users", 1), ("workers", 1), ("threads", 1), ("people", 20)]:
            if options[name] < least:
                raise CommandError(f"--{name} must be at least {least}.")
        for name in ("seconds", "timeout"):
            if options[name] <= 0:
                raise CommandError(f"--{name} must be more than 0.")
        if options["think"] < 0:
            raise CommandError("--think must be 0 or more.")
        if options["units"] is not None and options["units"] < 5:
            raise CommandError("--units must be at least 5.")

    def _progress(self, message):
        # On stderr, so that stdout holds only the table or the JSON; unstyled, not an error.
        if self.verbosity >= 1:
            self.stderr.write(f"  {message}…", style_func=str)
            self.stderr.flush()

    def _prepare(self, options):
        if Person.objects.exists() and not options["force"]:
            raise CommandError(
                f"Refusing to prepare: the database already holds {Person.objects.count()} "
                "people. Prepare an empty database made for the load run (create one and migrate "
                "it), run without --prepare if it was prepared before, or pass --force to add "
                "the synthetic province next to them."
            )
        people = options["people"]
        units = units_for(people, options["units"])
        vacuum_tables()
        # Built and committed as a whole: a failed build leaves nothing half-made behind.
        with transaction.atomic():
            self._progress(f"Building a province of {people} people in about {units} units")
            try:
                province = build_province(
                    people=people, units=units, first_year=FIRST_YEAR, last_year=LAST_YEAR
                )
                self._progress(f"Creating {options['users']} logins for people of the province")
                prepare_users(province, options["users"], options["password"])
            except BenchmarkError as error:
                raise CommandError(str(error)) from None
        # Fresh statistics and a clean visibility map for the runs to come.
        if vacuum_tables():
            self._progress("Vacuumed and analysed the tables")
        if self.verbosity >= 1:
            self.stderr.write(
                f"  Built in {province.build_seconds:.1f} s, and kept for the next runs.",
                style_func=str,
            )

    def _serve_and_run(self, people, options) -> dict:
        testing = getattr(settings, "TESTING", False)
        # With DEBUG off the portal serves the collected static files and finds their names in
        # the manifest: a page refers to them, so without it every page fails.
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if not testing and not manifest.exists():
            raise CommandError(
                f"{manifest} is missing. --serve runs gunicorn with DEBUG off, as production "
                "does, which serves the collected static files by their manifest: collect them "
                "as a deployment does, with DEBUG off, first: `DJANGO_DEBUG=0 SECRET_KEY=x "
                "ALLOWED_HOSTS=127.0.0.1 python manage.py collectstatic --noinput`."
            )
        with tempfile.TemporaryDirectory(prefix="loadrun-") as directory:
            server = Gunicorn(
                workers=options["workers"],
                threads=options["threads"],
                env=served_environment(os.environ, testing=testing),
                log=Path(directory) / "gunicorn.log",
                cwd=settings.BASE_DIR,
            )
            self._progress(f"Starting gunicorn: {_server_text(options)}")
            try:
                try:
                    server.start()
                except ServeError as error:
                    raise CommandError(str(error)) from None
                report = self._run(server.url, people, options, server=server)
            finally:
                server.stop()
            if report["errors"] and self.verbosity >= 1:
                self.stderr.write("gunicorn's log, its last lines:\n" + _tail(server.output()))
        return report

    def _run(self, base, people, options, *, server) -> dict:
        counts = Counter(visitor.role for visitor in people)
        roles = {role: counts[role] for role in ROLE_NAMES if counts[role]}
        try:
            run = run_load(
                base,
                people,
                options["password"],
                seconds=options["seconds"],
                think_ms=options["think"],
                timeout=options["timeout"],
                progress=self._progress,
            )
        except SignInError as error:
            raise CommandError(str(error)) from None
        labels = {
            key: label
            for key, label in PAGE_LABELS.items()
            if any(page.key == key for visitor in people for page in visitor.pages)
        }
        return {
            "date": now_text(),
            "database": database_description(),
            "url": base,
            "server": (
                {"workers": options["workers"], "threads": options["threads"]} if server else None
            ),
            "users": len(people),
            "roles": dict(roles),
            "seconds": float(options["seconds"]),
            "think_ms": float(options["think"]),
            "timeout_seconds": float(options["timeout"]),
            **summarize(run.samples, run.elapsed, labels),
        }

    def _print_table(self, report):
        served = "a portal already running"
        if report["server"]:
            served = f"gunicorn, {_server_text(report['server'])}"
        roles = ", ".join(
            _plural(count, ROLE_NAMES[role]) for role, count in report["roles"].items()
        )
        users = _plural(report["users"], ("user", "users"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Load run on {report['database']}, {report['date']}: {users} "
                f"({roles}) for {report['seconds']:g} s against {report['url']} ({served}), "
                f"think time {report['think_ms']:g} ms"
            )
        )
        headers = ("Page", "Requests", "Errors", "Median ms", "p95 ms", "Max ms")
        rows = [_row(page["label"], page) for page in report["pages"] if page["requests"]] + [
            _row("All pages", report)
        ]
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

        def line(cells):
            return "  ".join(
                [cells[0].ljust(widths[0])]
                + [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
            )

        self.stdout.write(self.style.MIGRATE_HEADING(line(headers)))
        for row in rows:
            self.stdout.write(line(row))
        kinds = ", ".join(f"{count} {kind}" for kind, count in report["errors_by_kind"].items())
        self.stdout.write(
            f"{report['requests']:,} requests in {report['elapsed_seconds']:g} s: "
            f"{report['requests_per_second']:g} requests/s; "
            + (f"{report['errors']:,} errors ({kinds})." if report["errors"] else "no errors.")
        )


# How the table names each kind of user: singular, plural.
ROLE_NAMES = {
    OFFICER: ("officer", "officers"),
    LEADER: ("leader", "leaders"),
    UNIT_HEAD: ("unit head", "unit heads"),
    STAFF: ("staff member", "staff members"),
}


def _plural(count: int, names: tuple[str, str]) -> str:
    return f"{count} {names[0] if count == 1 else names[1]}"


def _server_text(server: dict) -> str:
    return (
        f"{_plural(server['workers'], ('worker', 'workers'))} × "
        f"{_plural(server['threads'], ('thread', 'threads'))}"
    )


def _row(label: str, stats: dict) -> tuple[str, ...]:
    return (
        label,
        f"{stats['requests']:,}",
        f"{stats['errors']:,}",
        _ms(stats["median_ms"]),
        _ms(stats["p95_ms"]),
        _ms(stats["max_ms"]),
    )


def _ms(value) -> str:
    return "" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])

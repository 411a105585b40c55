"""Load the demo agency of the seed story, with sign-ins for every role (password "demo")."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from emulation.demo import (
    DEMO_PASSWORD,
    Demo,
    awards,
    campaigns,
    decisions,
    nominations,
    organization,
    registrations,
)

# One builder per part, run in this order: each part may use what the parts before it built.
BUILDERS = [
    ("organisation", organization.build),
    ("campaigns", campaigns.build),
    ("awards", awards.build),
    ("registrations", registrations.build),
    ("nominations", nominations.build),
    ("decisions", decisions.build),
]


class Command(BaseCommand):
    help = (
        "Load the demo agency (Sở Khoa học và Công nghệ tỉnh Lạng Sơn) with its staff, records "
        "and demo logins. Safe to run again: nothing is duplicated and passwords are reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG and TESTING are off (never on a production server).",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or getattr(settings, "TESTING", False)) and not force:
            raise CommandError(
                f"Refusing to load the demo: DEBUG is off. Demo logins with password "
                f"'{DEMO_PASSWORD}' must never exist in production. Set DJANGO_DEBUG=1 for "
                "local development, or pass --force if you really mean it."
            )
        demo = Demo()
        # All or nothing: a failed part leaves the database as it was.
        with transaction.atomic():
            for name, build in BUILDERS:
                if options["verbosity"] >= 2:
                    self.stdout.write(f"Building the {name}…")
                build(demo)
        self._print_summary(demo)

    def _print_summary(self, demo: Demo):
        agency = demo.units[organization.AGENCY_CODE]
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {agency.name} ({agency.code})"))
        label_width = max(len(row.label) for row in demo.summary)
        for row in demo.summary:
            self.stdout.write(f"  {row.label:<{label_width}}  {row.total:>4}  ({row.created} new)")

        if demo.certificates:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS("Certificates to verify (valid, then revoked)"))
            for code in demo.certificates:
                self.stdout.write(f"  {reverse('awards:certificate_verify', args=[code])}")

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {DEMO_PASSWORD})"))
        rows = [("Username", "Roles", "Name", "Unit")] + [
            (
                login.username,
                ", ".join((["superuser"] if login.is_superuser else []) + list(login.groups)),
                login.full_name,
                login.unit_name,
            )
            for login in demo.logins
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for index, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
            line = "  " + "  ".join([*cells, row[3]])
            self.stdout.write(self.style.MIGRATE_HEADING(line) if index == 0 else line)

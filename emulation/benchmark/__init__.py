"""The benchmark behind `manage.py benchmark`: a synthetic province, and the timings on it.

`province.build_province` writes a province-sized dataset with `bulk_create`;
`measure.run_benchmarks` times the key pages through Django's test client as a signed-in
officer, leader and staff member, the eligibility engine and the two Excel imports in dry-run
mode, and counts the SQL queries of each. The command runs both inside one transaction that it
rolls back, so nothing is left behind. docs/performance.md has the numbers.

`manage.py loadrun` (`load`, `web`) measures the portal from outside instead: many users signed in
through the sign-in form load pages over HTTP at once, against gunicorn; its province and users
are committed, to be run against again.
"""

from emulation.benchmark.measure import Result, database_description, now_text, run_benchmarks
from emulation.benchmark.province import (
    BenchmarkError,
    Province,
    add_size_arguments,
    build_province,
    units_for,
    vacuum_tables,
)

__all__ = [
    "BenchmarkError",
    "Province",
    "Result",
    "add_size_arguments",
    "build_province",
    "database_description",
    "now_text",
    "run_benchmarks",
    "units_for",
    "vacuum_tables",
]

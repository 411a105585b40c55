"""`manage.py benchmark`: it measures every item on a tiny province, then leaves nothing behind.

No timing is asserted here: timings belong in the command's output (docs/performance.md), and a
test that fails when a machine is slow says nothing about the code.
"""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings

from organizations.models import Person, Unit
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TINY = ["--people", "40", "--units", "10", "--repeat", "1", "--rows", "20"]

# Every item the benchmark measures: key -> how its line in the table starts.
ITEMS = {
    "floor": "Floor: a signed-in page rendering only the layout",
    "admin_person": "Django admin: change list of person",
    "admin_person_search": "Django admin: change list of person, search",
    "admin_awardrecord": "Django admin: change list of awardrecord",
    "admin_registration": "Django admin: change list of registration",
    "admin_initiative": "Django admin: change list of initiative",
    "admin_nomination": "Django admin: change list of nomination",
    "admin_decision": "Django admin: change list of decision",
    "people_list": "People list",
    "people_search": "People list, search",
    "people_search_code": "People list, search a staff code",
    "people_list_staff": "People list",
    "person_page": "Person page",
    "unit_page": "Unit page (division of",
    "department_page": "Unit page (department)",
    "unit_tree": "Unit tree",
    "home_leader": "Home page with the rating summary",
    "home_leader_fresh": "Home page, the rating summary counted afresh",
    "home_officer": "Home page of the emulation officer",
    "campaign_page": "Campaign page",
    "covenant_page": "Covenant page (",
    "covenant_pdf": "Covenant PDF (",
    "registration_table": "Registration table",
    "registration_search": "Registration table, search a person's name",
    "registration_export": "Registration table, Excel export: the job, in a worker (",
    "history_list": "Award history list",
    "history_search": "Award history, search an awardee's name",
    "history_search_common": "Award history, search “nguyen van”",
    "history_search_code": "Award history, search an awardee's staff code",
    "history_export_start": "Award history, Excel export: the request that starts the job",
    "history_export": "Award history, Excel export: the job, in a worker (",
    "person_export": "People list, Excel export: the job, in a worker (",
    "initiative_list": "Initiative list",
    "initiative_search": "Initiative list, search a title",
    "person_eligibility": "Person eligibility page (2020)",
    "unit_eligibility": "Unit eligibility page (2020,",
    "nomination_desk": "Nomination desk (",
    "nomination_desk_submitted": "Nomination desk, stage “submitted”",
    "nomination_desk_export": "Nomination desk, Excel export: the job, in a worker (",
    "nomination_unit": "Unit nomination list (",
    "council_session": "Council session (",
    "decision_list": "Decisions (",
    "decision_search": "Decisions, search an awardee's name",
    "decision_detail": "Decision page (",
    "decision_export": "Decisions, Excel export (",
    "certificate_verify": "Certificate verification (public)",
    "dashboard_agency": "Agency dashboard (",
    "dashboard_unit": "Unit dashboard (2020, division of",
    "dashboard_department": "Unit dashboard (2020, department)",
    "dashboard_agency_fresh": "Agency dashboard (2020), counted afresh",
    "report_pdf": "Year-end report, PDF (",
    "report_xlsx": "Year-end report, Excel (",
    "evaluate_unit": "evaluate(TTLĐTT) for a unit of",
    "evaluate_people": "evaluate(CSTĐCS) for 40 persons",
    "quota_check": "quota_check, department of",
    "staff_import": "Staff import, 20 rows",
    "history_import": "Award history import, 20 rows",
}


# The list pages and the admin change list each is compared with.
COMPARED = {
    "people_list": "admin_person",
    "people_search": "admin_person_search",
    "history_list": "admin_awardrecord",
    "registration_table": "admin_registration",
    "initiative_list": "admin_initiative",
    "nomination_desk": "admin_nomination",
    "decision_list": "admin_decision",
}
NOT_PAGES = {"engine", "import", "worker"}


def benchmark(*args) -> str:
    out = StringIO()
    call_command("benchmark", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Count the rows of every model of the portal's apps and of the logins."""
    labels = ["organizations", "campaigns", "awards", "auth", "sessions"]
    return {
        model._meta.label: model._default_manager.count()
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_it_measures_every_item_and_leaves_no_data_behind():
    before = row_counts()

    report = json.loads(benchmark(*TINY, "--json"))

    results = {result["key"]: result for result in report["results"]}
    assert list(results) == list(ITEMS)
    for key, result in results.items():
        assert result["error"] == "", key
        assert result["label"].startswith(ITEMS[key]), key
        assert result["median_ms"] is not None and result["max_ms"] is not None, key
        assert result["queries"] > 0, key
    medians = {key: result["median_ms"] for key, result in results.items()}
    for key, result in results.items():
        if key == "floor" or result["as"] in NOT_PAGES:
            assert result["x_floor"] is None, key
        else:
            assert result["x_floor"] == pytest.approx(medians[key] / medians["floor"], rel=0.05)
        if key in COMPARED:
            expected = medians[key] / medians[COMPARED[key]]
            assert result["x_admin"] == pytest.approx(expected, rel=0.05), key
        else:
            assert result["x_admin"] is None, key
    assert report["people"] == 40
    assert report["rows_built"]["annual ratings"] > 0
    assert report["rows_built"]["registrations"] > 0
    assert report["rows_built"]["nominations"] == report["rows_built"]["registrations"]
    assert report["rows_built"]["nomination lists"] == report["rows_built"]["registration lists"]
    assert report["rows_built"]["council members"] > 0
    assert report["rows_built"]["council items"] > 0
    assert report["kept"] is False
    assert row_counts() == before


def test_the_table_prints_every_item_with_its_user():
    output = benchmark(*TINY)

    lines = output.splitlines()
    assert lines[0].startswith("Benchmark on ")
    assert "40 people" in lines[0]
    header = next(index for index, line in enumerate(lines) if line.startswith("What"))
    assert lines[header].split() == [
        "What",
        "As",
        "Median",
        "ms",
        "Max",
        "ms",
        "Queries",
        "×",
        "floor",
        "×",
        "admin",
    ]
    rows = lines[header + 1 : header + 1 + len(ITEMS)]
    for row, (key, start) in zip(rows, ITEMS.items(), strict=True):
        assert row.startswith(start), key
        cells = row.split()
        actor = next(cell for cell in reversed(cells) if cell.isalpha())
        assert actor in {
            "officer",
            "leader",
            "staff",
            "anonymous",
            "engine",
            "import",
            "worker",
            "admin",
        }, key
    assert lines[-1] == "The synthetic data was removed (rolled back)."
    assert not Person.objects.exists()


def test_only_runs_the_items_named():
    report = json.loads(benchmark(*TINY, "--json", "--only", "dashboard_, certificate_"))

    keys = [result["key"] for result in report["results"]]
    assert keys == ["floor"] + [
        key for key in ITEMS if key.startswith(("dashboard_", "certificate_"))
    ]
    assert all(result["error"] == "" for result in report["results"])


def test_only_runs_an_item_named_with_a_dollar_without_the_items_it_prefixes():
    report = json.loads(benchmark(*TINY, "--json", "--only", "nomination_desk$,unit_tree"))

    keys = [result["key"] for result in report["results"]]
    assert "nomination_desk" in keys and "unit_tree" in keys
    assert not [key for key in keys if key.startswith("nomination_desk_")]


def test_only_a_list_brings_its_admin_change_list_along():
    report = json.loads(benchmark(*TINY, "--json", "--only", "history_list"))

    keys = [result["key"] for result in report["results"]]
    assert keys == ["floor", "admin_awardrecord", "history_list"]
    (history,) = [result for result in report["results"] if result["key"] == "history_list"]
    assert history["x_admin"] is not None and history["x_floor"] is not None


def test_the_province_built_is_kept_out_of_the_collectors_reach_while_pages_are_timed(
    monkeypatch,
):
    """A server holds no province: the objects the build left in the benchmark's process are
    frozen while the pages are timed, then handed back to the collector."""
    import gc

    from emulation.benchmark import measure

    frozen = []
    time_once = measure.Bench._run_once

    def run_once(bench, result, *, timed):
        frozen.append(gc.get_freeze_count())
        time_once(bench, result, timed=timed)

    monkeypatch.setattr(measure.Bench, "_run_once", run_once)
    benchmark(*TINY, "--only", "floor$")
    assert frozen and all(count > 10_000 for count in frozen)
    assert gc.get_freeze_count() == 0


def test_sizes_runs_each_size_and_prints_the_growth():
    before = row_counts()

    report = json.loads(
        benchmark(
            "--sizes",
            "40,60",
            "--repeat",
            "1",
            "--rows",
            "20",
            "--json",
            "--only",
            "initiative_list",
        )
    )

    assert [run["people"] for run in report["runs"]] == [40, 60]
    growth = {item["key"]: item for item in report["growth"]}
    assert list(growth) == ["floor", "admin_initiative", "initiative_list"]
    first, last = growth["initiative_list"]["median_ms"]
    assert growth["initiative_list"]["growth"] == pytest.approx(last / first, rel=0.05)
    assert row_counts() == before

    output = benchmark("--sizes", "40,60", "--repeat", "1", "--only", "initiative_list")
    assert "Growth from 40 to 60 people" in output
    growth_header = next(
        line for line in output.splitlines() if line.startswith("What") and "40 ms" in line
    )
    assert growth_header.split()[-1] == "×"


def test_keep_leaves_the_province_in_the_database():
    benchmark(*TINY, "--keep")

    assert Person.objects.count() == 40
    assert Unit.objects.filter(parent__isnull=True, code__startswith="BM").count() == 1


@override_settings(DEBUG=False, TESTING=False)
def test_it_refuses_to_run_in_production_without_force():
    with pytest.raises(CommandError, match="DEBUG is off"):
        benchmark(*TINY)
    assert not Person.objects.exists()
    assert not Unit.objects.exists()


def test_it_refuses_to_run_over_existing_people(org):
    before = row_counts()

    with pytest.raises(CommandError, match="already holds 5 people"):
        benchmark(*TINY)

    assert row_counts() == before


@override_settings(DEBUG=False, TESTING=False)
def test_force_runs_next_to_existing_people_and_removes_only_its_own(org):
    PersonFactory(code="REAL1", unit=org.office)
    before = row_counts()

    report = json.loads(benchmark(*TINY, "--json", "--force"))

    assert all(result["error"] == "" for result in report["results"])
    assert row_counts() == before
    assert Person.objects.filter(code="REAL1").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "2020-2018"], "first year comes after the last"),
        (["--years", "twenty"], "takes a year or a range"),
        (["--years", "1900-1950"], "must lie between"),
        (["--people", "5"], "at least 20"),
        (["--units", "2"], "at least 5"),
        (["--repeat", "0"], "--repeat must be at least 1"),
        (["--rows", "0"], "--rows must be at least 1"),
        (["--people", "25", "--units", "100"], "too few for 100 units"),
        (["--sizes", "300,40"], "two or more growing numbers"),
        (["--sizes", "40"], "two or more growing numbers"),
        (["--sizes", "forty,60"], "takes numbers of people"),
        (["--sizes", "40,60", "--keep"], "without --sizes"),
    ],
)
def test_it_refuses_bad_arguments_and_writes_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        benchmark(*args)
    assert not Person.objects.exists()
    assert not Unit.objects.exists()

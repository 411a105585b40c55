"""The officer filters the people list by a unit found by typing part of its name, without
diacritics, in Chromium on the demo: the unit field offers the units that match (fetched as
she types, never a list of every unit), and the list keeps that unit's people."""

import datetime
import re

from django.contrib.auth.models import User
from playwright.sync_api import expect

from campaigns import services
from campaigns.models import Campaign
from organizations.models import Unit


def type_in_the_unit_field(page, text):
    """Type into the unit chooser, a search field (never a list of every unit); return the
    field and the options it offers."""
    field = page.locator("#id_unit")
    expect(page.locator("select#id_unit")).to_have_count(0)
    field.click()
    field.press_sequentially(text, delay=30)
    return field, page.locator("#id_unit-options option")


def test_the_officer_finds_a_unit_by_typing_and_filters_the_people(
    page, live_server, demo, sign_in, shot
):
    sign_in("tdkt")
    page.goto(f"{live_server.url}/to-chuc/can-bo/")
    field, options = type_in_the_unit_field(page, "quan ly khoa hoc")
    unit = Unit.objects.get(name="Phòng Quản lý khoa học")
    # Only what matches is offered (the field opened on the top of the tree).
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", unit.code)
    expect(options.first).to_have_text("Phòng Quản lý khoa học")
    shot("typed")
    field.fill(unit.code)
    field.press("Enter")
    page.wait_for_url(re.compile(rf"unit={unit.code}"))
    expect(page.locator("table tbody tr").first).to_contain_text("Phòng Quản lý khoa học")
    shot("filtered")


def test_the_officer_adds_a_covenant_party_by_typing_its_name(
    page, live_server, demo, sign_in, shot
):
    """The party form's unit chooser searches too; choosing a union proposes its chair."""
    officer = User.objects.get(username="tdkt")
    covenant = services.covenant_create(
        actor=officer,
        campaign=Campaign.objects.get(start_date__year=2020, kind="regular"),
        title="Giao ước thi đua bổ sung năm 2020",
        signing_date=datetime.date(2020, 6, 1),
        signing_place="Lạng Sơn",
    )
    union = Unit.objects.get(code="CD")
    sign_in("tdkt")
    page.goto(f"{live_server.url}{covenant.get_absolute_url()}ben/")
    field, options = type_in_the_unit_field(page, "cong doan")
    expect(options.first).to_have_attribute("value", union.code)
    field.fill(union.code)
    field.dispatch_event("change")
    chair = User.objects.get(username="congdoan").person
    expect(page.locator("#id_representative option:checked")).to_contain_text(chair.full_name)
    expect(page.get_by_test_id("unit-chosen")).to_have_text(union.name)
    shot("chosen")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text(union.name)
    assert covenant.parties.get().representative == chair

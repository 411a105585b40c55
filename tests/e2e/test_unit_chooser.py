"""The officer filters the people list by a unit found by typing part of its name, without
diacritics, in Chromium on the demo: the unit field offers the units that match (fetched as
she types, never a list of every unit), and the list keeps that unit's people."""

import re

from playwright.sync_api import expect

from organizations.models import Unit


def test_the_officer_finds_a_unit_by_typing_and_filters_the_people(
    page, live_server, demo, sign_in, shot
):
    sign_in("tdkt")
    page.goto(f"{live_server.url}/to-chuc/can-bo/")
    field = page.locator("#id_unit")
    expect(page.locator("select#id_unit")).to_have_count(0)
    field.click()
    field.press_sequentially("quan ly khoa hoc", delay=30)
    options = page.locator("#id_unit-options option")
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

"""A count that stops at the list limit reads as the officer expects: "1.000+" past it; below
it, each page is read by its keys."""

import pytest
from django.utils import translation

from organizations.listing import CappedCount, CappedPaginator
from organizations.models import Person


def test_a_capped_count_is_grouped_the_vietnamese_way_with_a_plus():
    with translation.override("vi"):
        assert str(CappedCount(1000, capped=True)) == "1.000+"
        assert str(CappedCount(999)) == "999"
    with translation.override("en"):
        assert str(CappedCount(1000, capped=True)) == "1,000+"
    assert int(CappedCount(12)) == 12


@pytest.mark.django_db
def test_a_page_is_read_by_its_keys_from_the_rows_before_the_filters(org):
    """Once the count knows the keys, a page reads them from the list's unfiltered rows, in the
    list's order; rows in another order keep the filtered ones, so the page never reorders."""
    people = Person.objects.order_by("sort_key", "pk")
    found = people.filter(unit__in=[org.office, org.technical])
    paginator = CappedPaginator(found, 2, unfiltered=people)
    page = paginator.page(1)
    expected = list(found.values_list("pk", flat=True)[:2])
    assert [person.pk for person in page.object_list] == expected
    assert "unit_id" not in str(page.object_list.query).split("WHERE")[-1]

    reordered = CappedPaginator(found, 2, unfiltered=people.order_by("-pk"))
    assert [person.pk for person in reordered.page(1).object_list] == expected
    assert "unit_id" in str(reordered.page(1).object_list.query).split("WHERE")[-1]

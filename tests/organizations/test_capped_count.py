"""A count that stops at the list limit reads as the officer expects: "1.000+" past it."""

from django.utils import translation

from organizations.listing import CappedCount


def test_a_capped_count_is_grouped_the_vietnamese_way_with_a_plus():
    with translation.override("vi"):
        assert str(CappedCount(1000, capped=True)) == "1.000+"
        assert str(CappedCount(999)) == "999"
    with translation.override("en"):
        assert str(CappedCount(1000, capped=True)) == "1,000+"
    assert int(CappedCount(12)) == 12

"""Publication date filters: index words for days, months and years, the site's midnights as
limits, and the calendar's ends, on whichever engine the suite runs."""

import calendar
import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from socius.search.facets import date_range_words

pytestmark = pytest.mark.django_db


def _local(*args):
    return datetime.datetime(*args, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def around_new_year(add_doc):
    add_doc(1, "Klub før", published=_local(2026, 12, 31, 23, 59))
    add_doc(2, "Klub første", published=_local(2027, 1, 1, 0, 0))
    add_doc(3, "Klub sidste", published=_local(2027, 2, 28, 23, 59, 59))
    add_doc(4, "Klub efter", published=_local(2027, 3, 1, 0, 0))
    add_doc(5, "Klub uden dato")


def _titles(client, **params):
    data = client.get("/api/search", {"q": "klub", "limit": 100, **params}).json()
    return sorted(r["title"] for r in data["results"])


def test_the_days_chosen_are_whole_days_of_the_site(client, around_new_year):
    titles = _titles(client, published_from="2027-01-01", published_to="2027-02-28")
    assert titles == ["Klub første", "Klub sidste"]
    assert _titles(client, published_from="2027-03-01") == ["Klub efter"]
    assert _titles(client, published_to="2026-12-31") == ["Klub før"]
    assert _titles(client, published_from="2027-03-02") == []


def test_the_ends_of_the_calendar_are_no_limit(client, around_new_year):
    every_dated = ["Klub efter", "Klub før", "Klub første", "Klub sidste"]
    ends = {"published_from": "0001-01-01", "published_to": "9999-12-31"}
    assert _titles(client, **ends) == every_dated
    for name, value in ends.items():
        assert client.get("/soeg/", {"q": "klub", name: value}).status_code == 200
    assert _titles(client, published_from="9999-12-31") == []


def test_a_limit_inside_a_day_is_kept_to_the_second(around_new_year):
    from socius.search.query import Filters
    from socius.search.selectors import search_query

    filters = Filters(published_from=_local(2027, 2, 28, 12), published_before=_local(2027, 3, 1))
    assert [h.document.title for h in search_query(q="klub", filters=filters).hits] == [
        "Klub sidste"
    ]


def _days(words):
    """The days the words stand for."""
    days = set()
    for word in words:
        word = word.removeprefix("_")
        digits = word[1:]
        year, month = int(digits[:4]), int(digits[4:6] or 1)
        first = datetime.date(year, month, int(digits[6:] or 1))
        if word[0] == "y":
            last = datetime.date(year, 12, 31)
        elif word[0] == "n":
            last = first.replace(day=calendar.monthrange(year, month)[1])
        else:
            last = first
        days.update(first + datetime.timedelta(n) for n in range((last - first).days + 1))
    return days


@given(
    st.dates(datetime.date(1990, 1, 1)) | st.just(datetime.date(9999, 11, 30)), st.integers(0, 3000)
)
def test_date_words_cover_exactly_the_days_of_the_range(first, length):
    length = min(length, (datetime.date.max - first).days)
    last = first + datetime.timedelta(days=length)
    words = date_range_words(first, last)
    assert _days(words) == {first + datetime.timedelta(n) for n in range(length + 1)}
    assert len(words) <= 2 * (30 + 11) + (length // 365) + 1


def test_a_publication_at_the_calendars_end_is_indexed_and_found(client, add_doc):
    add_doc(
        1, "Klub til sidst", published=datetime.datetime(9999, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    add_doc(2, "Klub før", published=_local(2026, 12, 31, 12))
    assert _titles(client, published_from="9999-12-31") == ["Klub til sidst"]
    assert _titles(client, published_from="2026-12-31") == ["Klub før", "Klub til sidst"]

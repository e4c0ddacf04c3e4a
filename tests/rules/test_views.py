import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from pcmt.rules.models import CalendarDay, CalendarYear
from pcmt.rules.selectors import calendar_notices, deadline_in_working_days
from pcmt.rules.services import holidays_load

D = datetime.date

NOTICE_2027 = """
# Tết Đinh Mùi
05/02/2027; nghỉ; Tết Nguyên đán Đinh Mùi
08/02/2027; nghỉ; Tết Nguyên đán Đinh Mùi
09/02/2027; nghỉ; Tết Nguyên đán Đinh Mùi
10/02/2027; nghỉ; Tết Nguyên đán Đinh Mùi
11/02/2027; nghỉ; Tết Nguyên đán Đinh Mùi
12/02/2027; nghỉ; Hoán đổi, làm bù thứ Bảy 20/2
20/02/2027; làm bù; Làm bù cho thứ Sáu 12/2
"""


@pytest.fixture
def quantri(olga):
    olga.is_staff = True
    olga.save()
    return olga


def _form(days=NOTICE_2027, **extra):
    return {
        "document": "Thông báo 1/TB-BNV",
        "document_date": "01/12/2026",
        "issuer": "Bộ Nội vụ",
        "days": days,
        **extra,
    }


def test_an_administrator_enters_2027_from_the_notice(client, quantri):
    client.force_login(quantri)
    page = client.get(reverse("calendar_year_edit", kwargs={"year": 2027}))
    assert page.status_code == 200
    # The provisional year is shown pre-filled, ready to be corrected.
    assert "05/02/2027; nghỉ; Tết Nguyên đán" in page.content.decode()
    assert deadline_in_working_days(D(2027, 2, 18), 2) == D(2027, 2, 22)
    response = client.post(reverse("calendar_year_edit", kwargs={"year": 2027}), _form())
    assert response.status_code == 302
    header = CalendarYear.objects.get(year=2027)
    assert header.entered_by == quantri and header.document == "Thông báo 1/TB-BNV"
    assert CalendarDay.objects.filter(date__year=2027).count() == 7
    saturday = CalendarDay.objects.get(date=D(2027, 2, 20))
    assert saturday.kind == "working" and saturday.issuer == "Bộ Nội vụ"
    # Thursday 18/2 + 2: Friday 19, Saturday 20 (worked).
    assert deadline_in_working_days(D(2027, 2, 18), 2) == D(2027, 2, 20)
    listing = client.get(reverse("calendar_year_list"))
    assert "Thông báo 1/TB-BNV" in listing.content.decode()


@pytest.mark.parametrize(
    "days",
    [
        "05/02/2026; nghỉ; Năm khác",
        "09/02/2027; làm bù; Thứ Ba",
        "31/02/2027; nghỉ; Không có ngày này",
        "05/02/2027; nghỉ; Tết\n05/02/2027; nghỉ; Tết",
        "05/02/2027 nghỉ",
    ],
)
def test_a_line_that_is_not_a_day_of_the_year_is_refused_with_a_message(client, quantri, days):
    client.force_login(quantri)
    response = client.post(reverse("calendar_year_edit", kwargs={"year": 2027}), _form(days))
    assert response.status_code == 200
    assert response.context["form"].errors["days"]
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("persona", ["alice", "sam", "ann", "olga"])
def test_the_calendar_page_is_not_there_for_users_who_are_not_administrators(
    client, persona, request
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("calendar_year_list")).status_code == 404
    response = client.post(reverse("calendar_year_edit", kwargs={"year": 2027}), _form())
    assert response.status_code == 404
    assert "calendar/" not in client.get(reverse("home")).content.decode()


def test_the_menu_shows_the_calendar_to_administrators(client, quantri):
    client.force_login(quantri)
    assert reverse("calendar_year_list") in client.get(reverse("home")).content.decode()


def test_a_year_outside_the_modelled_range_is_not_found(client, quantri):
    client.force_login(quantri)
    assert client.get(reverse("calendar_year_edit", kwargs={"year": 1999})).status_code == 404


def test_the_notices_say_which_years_are_provisional(db):
    holidays_load()
    with translation.override("vi"):
        assert "tạm tính" in calendar_notices(D(2026, 11, 30))[0]
    with translation.override("en"):
        notices = calendar_notices(D(2026, 11, 30))
        december = calendar_notices(D(2026, 12, 1))
        officers = calendar_notices(D(2026, 12, 1), administrator=False)
    assert notices == [
        "The 2027 working-day calendar is provisional (Labour Code art. 112): deadlines may "
        "change when the government announces the days off."
    ]
    assert len(december) == 2 and "2027" in december[1]
    # Only administrators enter a calendar: officers are told it is provisional, not asked.
    assert officers == notices
    CalendarYear.objects.create(
        year=2027, document="x", document_date=D(2026, 12, 1), issuer="Bộ Nội vụ"
    )
    assert calendar_notices(D(2026, 12, 1)) == []

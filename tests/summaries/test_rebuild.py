"""`summaries_rebuild` finds drift, repairs it, and `--check` fails while there is some."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from pcmt.persons.models import CategoryPeriod
from pcmt.persons.summaries import PERSONS_IN_CATEGORY
from pcmt.summaries.models import Contribution, Tally
from pcmt.summaries.services import summary_counts
from pcmt.support.models import ServiceReceived
from pcmt.support.summaries import SERVICES_REACHED

D = datetime.date


def _rebuild(*args):
    out = StringIO()
    call_command("summaries_rebuild", *args, stdout=out)
    return out.getvalue()


def test_a_clean_summary_reports_no_drift(person_a):
    report = _rebuild("--check")
    assert "persons_in_category: no drift" in report
    assert "services_reached: no drift" in report


def test_a_service_added_behind_the_services_back_is_found(person_a):
    ServiceReceived.objects.create(
        person=person_a, service_type="counselling", received_on=D(2025, 5, 1), provider="Trạm y tế"
    )  # no event
    with pytest.raises(CommandError):
        _rebuild("--check", "--summary", SERVICES_REACHED)
    assert "services_reached: drift repaired: 1 subjects" in _rebuild("--summary", SERVICES_REACHED)
    assert "no drift" in _rebuild("--check")


def test_a_write_behind_the_services_back_is_found_and_repaired(person_a, sam, client, province):
    today = timezone.localdate()
    CategoryPeriod.objects.filter(person=person_a).update(end_date=D(2025, 3, 1))  # no event
    with pytest.raises(CommandError):
        _rebuild("--check")
    assert summary_counts(PERSONS_IN_CATEGORY, province.pk, today) == {"drug_user": 1}
    report = _rebuild()
    assert "drift repaired: 1 subjects" in report
    assert summary_counts(PERSONS_IN_CATEGORY, province.pk, today) == {}
    assert summary_counts(PERSONS_IN_CATEGORY, province.pk, D(2025, 2, 1)) == {"drug_user": 1}
    assert "no drift" in _rebuild("--check")


def test_a_lost_tally_row_is_restored(person_a, province, commune_a):
    Tally.objects.filter(unit_id=commune_a.pk).delete()
    assert "drift repaired" in _rebuild()
    assert summary_counts(PERSONS_IN_CATEGORY, commune_a.pk, D(2026, 1, 1)) == {"drug_user": 1}
    assert (
        Contribution.objects.filter(summary=PERSONS_IN_CATEGORY, subject_id=person_a.pk).count()
        == 1
    )


def test_the_home_page_counts_come_from_the_summary(client, sam, person_a, province):
    Tally.objects.filter(unit_id=province.pk).update(value=7)  # a visible difference
    client.force_login(sam)
    page = client.get(reverse("home")).content.decode()
    counts = page.split('id="category-counts"')[1].split("</table>")[0]
    assert '<td class="num">7</td>' in counts  # a count only the summary holds


def test_an_unknown_summary_is_refused():
    with pytest.raises(CommandError):
        _rebuild("--summary", "nothing")

"""Officers are named by their names in Vietnamese order on pages, never by their logins."""

from django.template import Context, Template

from pcmt.accounts.models import User


def _render(user: object) -> str:
    return Template("{% load people %}{{ who|officer }}").render(Context({"who": user}))


def test_an_officer_is_shown_by_surname_middle_and_given_name() -> None:
    user = User(username="dung.pq", last_name="Phạm Quốc", first_name="Dũng")
    assert _render(user) == "Phạm Quốc Dũng"


def test_without_a_name_the_login_and_without_a_user_a_dash() -> None:
    assert _render(User(username="canbo.xa1")) == "canbo.xa1"
    assert _render(None) == "—"


def test_the_place_timeline_names_the_officer(client, alice, commune_a) -> None:
    import datetime

    from django.urls import reverse

    from pcmt.places.services import HotspotInput, hotspot_create

    alice.last_name, alice.first_name = "Nguyễn Thị", "Lan"
    alice.save(update_fields=["last_name", "first_name"])
    hotspot = hotspot_create(
        actor=alice,
        data=HotspotInput(
            commune=commune_a,
            name="Bãi sông",
            kind="gathering",
            discovered_on=datetime.date(2025, 2, 1),
        ),
    )
    client.force_login(alice)
    page = client.get(reverse("hotspot_detail", kwargs={"hotspot_pk": hotspot.pk})).content
    timeline = page.decode().split('id="timeline"')[1]
    assert "Nguyễn Thị Lan" in timeline and "alice" not in timeline

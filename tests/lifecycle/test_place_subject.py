"""A lifecycle whose subject a commune keeps, not a person: the scope check is a hook."""

from typing import Any

import pytest
from django import forms
from django.db import models
from rest_framework import serializers

from pcmt.core.errors import DomainError, NotFound
from pcmt.core.text import fold
from pcmt.geo.models import Village
from pcmt.lifecycle.declarations import Lifecycle, Step, Transition
from pcmt.lifecycle.guards import commune_writable, required
from pcmt.lifecycle.runner import transition_run


class VillageState(models.TextChoices):
    ACTIVE = "active", "active"
    RETIRED = "retired", "retired"


class RetireForm(forms.Form):
    reason = forms.CharField(max_length=100)


class VillageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Village
        fields = ["id", "name", "is_active"]


def _retire(step: Step) -> Village:
    step.obj.is_active = False
    step.changes = {"is_active": [True, False]}
    step.note = step.data["reason"]
    return step.obj


recorded: list[tuple[Any, ...]] = []

VILLAGE = Lifecycle(
    name="village",
    label="Village",
    model=Village,
    state_field=None,
    state_of=lambda v: VillageState.ACTIVE if v.is_active else VillageState.RETIRED,
    states=VillageState,
    url_kwarg="village_pk",
    load=lambda *, scope, pk: Village.objects.get(pk=pk),
    check_write=commune_writable(lambda village: village.commune),
    subject=lambda village: village,
    record=lambda *args: recorded.append(args),
    transitions=(
        Transition(
            name="village_retire",
            label="Retire a village",
            source=(VillageState.ACTIVE,),
            target=VillageState.RETIRED,
            refused="Only an active village can be retired.",
            form=RetireForm,
            guards=(required(("reason",), "reason_required", "Enter the reason."),),
            effect=_retire,
            event="village_retired",
            path="villages/<int:village_pk>/retire/",
            page_name="village_retire",
            api_name="api_village_retire",
            response=VillageSerializer,
            done="Retired.",
        ),
    ),
)


@pytest.fixture
def village(commune_a):
    recorded.clear()
    return Village.objects.create(
        commune=commune_a, name="Thôn 1", name_folded=fold("Thôn 1"), kind="village"
    )


def _retire_by(actor, village, reason="merged"):
    return transition_run(
        lifecycle=VILLAGE,
        name="village_retire",
        actor=actor,
        obj_or_pk=village.pk,
        data={"reason": reason},
    )


def test_an_officer_of_the_commune_runs_it_and_the_event_names_the_place(alice, village):
    _retire_by(alice, village)
    assert not Village.objects.get(pk=village.pk).is_active
    assert recorded == [(village, alice, "village_retired", {"is_active": [True, False]}, "merged")]


def test_an_officer_of_another_commune_gets_not_found(bob, village):
    with pytest.raises(NotFound):
        _retire_by(bob, village)
    assert Village.objects.get(pk=village.pk).is_active
    assert recorded == []


def test_a_second_retirement_is_illegal_and_names_the_rule(alice, village):
    _retire_by(alice, village)
    with pytest.raises(DomainError) as refused:
        _retire_by(alice, village, reason="again")
    assert refused.value.code == "illegal_transition"
    assert str(refused.value.message) == "Only an active village can be retired."
    assert len(recorded) == 1

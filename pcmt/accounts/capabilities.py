"""What each kind of agency may do: the one capability table (agency kind × capability).

The data role decides whether a user reads or writes in his jurisdiction (`scope.py`); the
capability table narrows the writes to what his agency does by its mandate. Health and
social-services staff record therapy, determinations and services; ending a rehab for a
death, merging records and taking a record over after a move stay with the police (and the
rehab facility for a death in its care). Lifecycles check it with the `capability` guard
(`pcmt/lifecycle/guards.py`), services with `capability_check`, menus and pages with
`has_capability`.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import AgencyKind
from pcmt.core.errors import DomainError


class Capability(models.TextChoices):
    THERAPY_RECORD = "therapy_record", _("record substitution therapy")
    DETERMINATION_RECORD = "determination_record", _("record addiction determinations")
    SERVICE_RECORD = "service_record", _("record services received")
    REHAB_END_DEATH = "rehab_end_death", _("end a rehab for a death")
    PERSON_MERGE = "person_merge", _("merge person records")
    MOVE_ACCEPT = "move_accept", _("take a record over after a move")


_CARE = frozenset(
    {Capability.THERAPY_RECORD, Capability.DETERMINATION_RECORD, Capability.SERVICE_RECORD}
)
_POLICE = frozenset(Capability)

CAPABILITIES: dict[str, frozenset[Capability]] = {
    AgencyKind.COMMUNE_POLICE: _POLICE,
    AgencyKind.PROVINCIAL_DRUG_UNIT: _POLICE,
    # A death in the facility's care ends the rehab there.
    AgencyKind.REHAB_FACILITY: _CARE | {Capability.REHAB_END_DEATH},
    AgencyKind.HEALTH_DEPARTMENT: _CARE,
    AgencyKind.METHADONE_CLINIC: _CARE,
    AgencyKind.SOCIAL_SERVICES: _CARE,
    AgencyKind.STEERING_COMMITTEE: frozenset(),
    # The national level reads and reviews reports; it records nothing about persons.
    AgencyKind.NATIONAL_DRUG_DEPARTMENT: frozenset(),
}


def capabilities_of(user: Any) -> frozenset[Capability]:
    """The capabilities of the user's agency kind; none without an active agency."""
    agency = getattr(user, "agency", None)
    if agency is None or not agency.is_active:
        return frozenset()
    return CAPABILITIES.get(agency.kind, frozenset())


def has_capability(user: Any, capability: str) -> bool:
    return capability in capabilities_of(user)


def capability_check(user: Any, capability: str) -> None:
    """A write the user's agency does not do by its mandate: a stable error, never a 500."""
    if not has_capability(user, capability):
        raise DomainError(
            "capability_missing",
            _(
                "Your agency's mandate does not include this: %(capability)s. "
                "Ask the police of the jurisdiction."
            )
            % {"capability": Capability(capability).label},
        )

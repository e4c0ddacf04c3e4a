from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "pcmt.places"
    label = "places"
    verbose_name = _("Places: hotspots")

    def ready(self) -> None:
        from pcmt.audit.labels import (
            register_actions,
            register_field,
            register_stream,
            register_values,
        )
        from pcmt.core.extensions import register_person_section, register_worklist
        from pcmt.places import classification, models, sections, selectors

        for actions in (
            models.HotspotAction,
            models.IncidentAction,
            models.KeyAreaAction,
            models.BusinessAction,
            models.DrugFreeAction,
            models.DrugRouteAction,
            models.DrugFreeAssessmentAction,
            models.PlacePersonAction,
        ):
            register_actions(actions)
        register_stream(models.HOTSPOT_STREAM, _("Hotspot"))
        register_stream(models.INCIDENT_STREAM, _("Incident"))
        register_stream(models.KEY_AREA_STREAM, _("Key area"))
        register_stream(models.BUSINESS_STREAM, _("Conditional business"))
        register_stream(models.DRUG_FREE_STREAM, _("Drug-free recognition"))
        register_stream(models.DRUG_ROUTE_STREAM, _("Drug route"))
        register_stream(models.DRUG_FREE_ASSESSMENT_STREAM, _("Drug-free assessment"))
        # A key area's evaluation records the type computed on its day and the criteria met.
        register_field("computed_type", _("type computed from the records"))
        register_values("criteria_met", classification.CRITERION_LABELS)
        register_person_section(sections.person_section, order=60)
        register_worklist(selectors.reverification_section, order=60)

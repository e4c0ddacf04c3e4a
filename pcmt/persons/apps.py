from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonsConfig(AppConfig):
    name = "pcmt.persons"
    label = "persons"
    verbose_name = _("Person registry")

    def ready(self) -> None:
        from pcmt.audit.labels import register_actions, register_stream
        from pcmt.persons.models import PERSON_STREAM, EventAction

        register_actions(EventAction)
        register_stream(PERSON_STREAM, _("Person"))
        from pcmt.persons.summaries import persons_in_category
        from pcmt.summaries.services import summary_register

        summary_register(persons_in_category)

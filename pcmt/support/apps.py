from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "pcmt.support"
    label = "support"
    verbose_name = _("Services, prison release, summons")

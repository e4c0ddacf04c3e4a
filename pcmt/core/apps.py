from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pcmt.core"
    label = "core"
    verbose_name = "PCMT core"

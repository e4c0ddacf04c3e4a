from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "pcmt.demo"
    label = "demo"
    verbose_name = "Demo data"

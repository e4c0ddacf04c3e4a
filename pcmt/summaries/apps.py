from django.apps import AppConfig


class SummariesConfig(AppConfig):
    name = "pcmt.summaries"
    label = "summaries"
    verbose_name = "PCMT summaries"

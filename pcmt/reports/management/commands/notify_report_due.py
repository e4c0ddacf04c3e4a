"""`manage.py notify_report_due`: notify officers of periodic reports due soon or overdue."""

from typing import Any

from django.core.management.base import BaseCommand

from pcmt.reports.deadlines import report_due_notifications_send


class Command(BaseCommand):
    help = "Notify the officers of periodic reports due within 3 days or overdue (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = report_due_notifications_send()
        self.stdout.write(f"{sent} notifications sent.")

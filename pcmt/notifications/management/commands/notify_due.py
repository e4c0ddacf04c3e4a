from typing import Any

from django.core.management.base import BaseCommand

from pcmt.notifications.deadlines import due_notifications_send


class Command(BaseCommand):
    help = (
        "Notify every reader of persons of the worklist items due within 3 days or overdue "
        "(run daily; running again creates nothing new)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Notifications created: {due_notifications_send()}")

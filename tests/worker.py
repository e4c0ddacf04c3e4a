"""Run the real task worker inside a test.

The worker closes "old" database connections between tasks. Inside a test the connection
is in a transaction (not in autocommit), which Django counts as unusable, so the worker
would close the test's own connection (PostgreSQL then fails every later query). Django's
test client switches the same clean-up off for requests; this does it for the worker.
"""

from unittest import mock

from django.core.management import call_command


def run_worker() -> None:
    """Run every queued task, then return (the worker's batch mode)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

"""gunicorn settings for `make serve`: address, workers and threads come from pcmt.settings.

Each is read from the environment there (PCMT_WEB_BIND, PCMT_WEB_WORKERS, PCMT_WEB_THREADS,
PCMT_WEB_TIMEOUT_SECONDS); docs/deployment.md says how to size them.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmt.settings")

from django.conf import settings

wsgi_app = "pcmt.wsgi:application"
bind = settings.PCMT_WEB_BIND
workers = settings.PCMT_WEB_WORKERS
# Threads let a process answer while another request waits on PostgreSQL.
worker_class = "gthread"
threads = settings.PCMT_WEB_THREADS
timeout = settings.PCMT_WEB_TIMEOUT_SECONDS
graceful_timeout = 30
# A worker is replaced now and then, so that a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"

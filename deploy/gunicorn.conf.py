"""gunicorn's settings for Opgaveudvalg: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Each can be overridden on the command line or with GUNICORN_CMD_ARGS; the bind address and the
number of workers also from the environment (GUNICORN_BIND, WEB_CONCURRENCY).
"""

import faulthandler
import os

# A worker that dies in C code (a segmentation fault) writes every thread's Python stack to the
# error log first: wsgi.py enables this too, for the Celery worker and for other servers.
faulthandler.enable()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Requests spend most of their time waiting for PostgreSQL: two workers per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "sync"
# A request may take up to `timeout` seconds; on SIGTERM (a deploy, systemd stop) workers get
# `graceful_timeout` to finish what they are answering before they are killed.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Restart a worker after a number of requests (with jitter, so they do not all restart at once):
# whatever a long-running process accumulates is given back.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file on tmpfs, not a disk that may stall.
SHM = "/dev/shm"  # noqa: S108 (gunicorn's own files, made with mkstemp)
worker_tmp_dir = SHM if os.path.isdir(SHM) else None
accesslog = "-"
errorlog = "-"
# Nothing shared between workers before fork: each opens its own database connections.
preload_app = False

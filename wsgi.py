"""Entry point for gunicorn (`wsgi:app`) and Celery (`-A wsgi.celery_app`)."""

import faulthandler

from committees import create_app

# A crash in C code (a segmentation fault) leaves every thread's Python stack on stderr.
faulthandler.enable()

app = create_app()
celery_app = app.extensions["celery"]

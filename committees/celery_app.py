"""Celery bound to Flask, as Flask's documentation shows."""

import time

from celery import Celery, Task
from celery.signals import beat_init, worker_init
from flask import Flask
from kombu import Queue
from sqlalchemy.exc import IntegrityError, OperationalError


def ensure_embedded_queue(celery_app: Celery, attempts: int = 10) -> None:
    """Create the default queue's row in the embedded (SQLAlchemy) broker before use.

    Kombu's SQLAlchemy transport looks a queue up and inserts it if missing, so a worker and
    beat starting together (as `make run` starts them) can both insert it and one dies on the
    unique constraint. Declaring it here, retrying that collision, takes the race away.
    """
    if not str(celery_app.conf.broker_url or "").startswith("sqla+"):
        return
    for attempt in range(attempts):
        try:
            with celery_app.connection_for_write() as conn:
                Queue(celery_app.conf.task_default_queue).bind(conn.default_channel).declare()
            return
        except (IntegrityError, OperationalError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


@worker_init.connect
def _worker_queue(sender, **_kwargs) -> None:
    ensure_embedded_queue(sender.app)


@beat_init.connect
def _first_heartbeat(sender, **_kwargs) -> None:
    """Beat's first heartbeat at start-up, so /healthz turns green without waiting an interval."""
    ensure_embedded_queue(sender.app)
    sender.app.send_task("tasks.heartbeat.record_heartbeat")


def celery_init_app(app: Flask) -> Celery:
    """A Celery app whose tasks run inside the Flask app context."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.conf.update(
        include=[
            "tasks.heartbeat",
            "tasks.notices",
            "tasks.recruitment",
            "tasks.meetings",
            "tasks.recommendations",
        ]
    )
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app

"""Operational records: the scheduler's heartbeat."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from committees.extensions import db
from committees.models.base import UTCDateTime


class Heartbeat(db.Model):
    """The last time a periodic task ran, by name ('beat' is written by Celery beat)."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime())

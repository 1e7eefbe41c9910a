"""Importing this module registers every notice kind and reminder of recommendations,
decisions and implementation (each lives beside the workflow that raises it)."""

from workflows.recommendations import (  # noqa: F401
    audience,
    deadline_kinds,
    decisions,
    digest,
    drafting,
    drafting_kinds,
    evaluation,
    follows,
    followup,
    handover,
    implementation,
)

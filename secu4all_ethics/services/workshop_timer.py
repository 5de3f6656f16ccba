"""The round's timer as a participant's phone reads it, by the participant's token.

Kept beside services/workshops.py rather than in its ParticipantView so the phone's poll reads
one column, not the participant's inputs, every few seconds."""

from __future__ import annotations

import datetime as dt

from ..storage import repository as repo
from .access import AccessDenied
from .workshops import WorkshopService, token_hash


def participant_timer_ends_at(service: WorkshopService, token: str) -> dt.datetime | None:
    """When the timer the facilitator set for the current phase runs out (UTC), None without one.
    A phase change or closing clears the timer (WorkshopService.set_phase / close)."""
    with service.storage.transaction(reading=True) as session:
        participant = repo.participant_by_token_hash(session, token_hash(token)) if token else None
        if participant is None:
            raise AccessDenied("participant_token")
        ends_at = repo.get_workshop(session, participant.workshop_id).timer_ends_at
    return dt.datetime.fromisoformat(ends_at).astimezone(dt.UTC) if ends_at else None

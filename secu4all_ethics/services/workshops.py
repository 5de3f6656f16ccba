"""Running a module-3 workshop: the facilitator's actions and the participants' (CONTRACT: the
signatures below are fixed for the helpers of issue #16; bodies are filled in by the service work).

A participant has no account: they join with the workshop's code and a pseudonym and get a
random token (kept in the URL of their phone), which is the only thing that proves who they
are. The database keeps only its hash. Individual inputs are never returned before the reveal,
not even to the facilitator; closing or expiry deletes every participant's data, and the audit
log records that it happened, not what they entered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.workshop import ParticipantInput, Phase, WorkshopSettings
from ..engine.group.results import RoundChange, RoundOutcome
from ..storage.audit import Actor
from ..storage.repository import Storage


@dataclass(frozen=True)
class WorkshopView:
    """A workshop as the facilitator and the projector see it (no individual inputs)."""

    id: str
    settings: WorkshopSettings
    join_code: str  # 6 characters from an unambiguous alphabet (no 0/O, 1/I/L)
    phase: Phase
    facilitator: str
    facilitator_authenticated: bool
    created_at: dt.datetime
    timer_ends_at: dt.datetime | None
    joined: int  # participants who joined
    submitted: dict[int, int]  # round -> participants who submitted in it
    conclusion: str


@dataclass(frozen=True)
class JoinInfo:
    """What the join screen shows about a code before the participant joins."""

    workshop_id: str
    name: str
    card_id: str
    language: str
    phase: Phase
    open_to_join: bool  # False when closed or expired (joining is allowed in every other phase)


@dataclass(frozen=True)
class ParticipantTicket:
    participant_id: str
    token: str  # the secret for the participant's URL; shown once, stored hashed


@dataclass(frozen=True)
class ParticipantView:
    """What a participant's phone needs: their place in the session and their own inputs."""

    participant_id: str
    pseudonym: str
    workshop: JoinInfo
    settings: WorkshopSettings
    open_round: int | None
    inputs: dict[int, ParticipantInput]  # round -> their own latest input (draft or submitted)
    submitted: dict[int, bool]  # round -> whether they submitted it


class WorkshopService:
    def __init__(self, storage: Storage):
        self.storage = storage

    # --- facilitator (an Actor with role facilitator or admin, or unauthenticated in sign-in mode none)
    def create(self, actor: Actor, settings: WorkshopSettings) -> WorkshopView: ...
    def list_workshops(self, actor: Actor) -> list[WorkshopView]: ...
    def view(self, actor: Actor, workshop_id: str) -> WorkshopView: ...
    def set_phase(self, actor: Actor, workshop_id: str, phase: Phase) -> WorkshopView: ...
    def set_timer(self, actor: Actor, workshop_id: str, minutes: int | None, now: dt.datetime | None = None) -> WorkshopView: ...
    def set_conclusion(self, actor: Actor, workshop_id: str, conclusion: str) -> WorkshopView: ...
    def close(self, actor: Actor, workshop_id: str) -> int:
        """Close the workshop and delete its participants and inputs; returns how many participants went."""
        ...
    def purge_expired(self, now: dt.datetime | None = None) -> int:
        """Delete the participants' data of every expired workshop (logged); returns how many workshops."""
        ...
    # --- results: only for rounds that are revealed (revealed_rounds(phase)); AccessDenied before
    def round_outcome(self, workshop_id: str, round_number: int, *, actor: Actor | None = None, token: str | None = None) -> RoundOutcome: ...
    def round_change(self, workshop_id: str, *, actor: Actor | None = None, token: str | None = None) -> RoundChange: ...
    def group_median(self, token: str) -> dict[str, float]:
        """Round 2: the group's median normalised weight per item in round 1, for the participant's screen."""
        ...

    # --- participant (no account: the code, a pseudonym, then the token)
    def join_info(self, code: str) -> JoinInfo: ...
    def join(self, code: str, pseudonym: str) -> ParticipantTicket: ...
    def participant(self, token: str) -> ParticipantView: ...
    def save_input(self, token: str, round_number: int, participant_input: ParticipantInput, *, submit: bool) -> ParticipantView:
        """Keep the participant's input as they make it (submit=False) or as their answer (submit=True).
        Refused outside the round's phase; a submitted round can be re-submitted while it is open."""
        ...

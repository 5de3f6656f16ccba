"""Running a module-3 workshop: the facilitator's actions and the participants' (the signatures
are the contract of issue #16; `rename` and the optional bundle/content_dir were added by the service work).

A participant has no account: they join with the workshop's code and a pseudonym and get a
random token (kept in the URL of their phone), which is the only thing that proves who they
are. The database keeps only its hash. Individual inputs are never returned before the reveal,
not even to the facilitator; closing or expiry deletes every participant's data, and the audit
log records that it happened, not what they entered."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pydantic import TypeAdapter
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.workshop import (
    MAX_PARTICIPANTS,
    ParticipantInput,
    Phase,
    Pseudonym,
    WeightingMode,
    WorkshopSettings,
    open_round,
    phases_for,
    revealed_rounds,
)
from ..engine.group.results import RoundChange, RoundOutcome
from ..storage import audit
from ..storage import repository as repo
from ..storage.audit import Actor
from ..storage.hashing import canonical_json, sha256
from ..storage.models import WorkshopParticipantRow, WorkshopRow
from ..storage.repository import Storage
from .access import AccessDenied, Target, authorize

if TYPE_CHECKING:
    from ..content.bundle import ContentBundle
    from ..domain.assessment import Assessment
    from ..domain.scenario_card import ScenarioCard

# No 0/O and no 1/I/L: a code read off a projector is typed right the first time.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
CODE_ATTEMPTS = 20
MAX_TIMER_MINUTES = 240
MAX_CONCLUSION = 20_000
# Revealed rounds no longer change, yet the projector and every phone ask for them again on each
# refresh: the last outcomes are kept, keyed by everything they are computed from. Kept for the
# process, not the service object: the pages make one per call.
OUTCOMES_KEPT = 32
_outcomes: OrderedDict[str, RoundOutcome] = OrderedDict()
_outcomes_lock = threading.Lock()
POINTS_TOTAL = 100.0
# Who expires workshops in the audit log: no person does.
EXPIRY_ACTOR_NAME = "secu4all (expiry)"
# The app deletes expired workshops' data itself, as its pages are used: at most once a minute per
# process, so that a phone's poll costs no extra query. `workshops purge-expired` does it from cron
# for an app nobody opens.
PURGE_INTERVAL_SECONDS = 60.0
# By the engine itself, held weakly: an id() is reused once its engine is collected, and a new
# database would then wait out the throttle of one that is gone.
_last_purge: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()
_purge_lock = threading.Lock()
_PSEUDONYM = TypeAdapter(Pseudonym)


def _stamp(moment: dt.datetime) -> str:
    """The storage's fixed-width UTC string (repository.utc_now); a naive time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _moment(stamp: str) -> dt.datetime:
    # Not strptime: it took 4 ms a call inside a save (its locale checks), a tenth of a save's CPU.
    return dt.datetime.fromisoformat(stamp).astimezone(dt.UTC)


def _now(now: dt.datetime | None = None) -> dt.datetime:
    return now if now is not None else dt.datetime.now(dt.UTC)


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalised_code(code: str) -> str:
    return "".join(code.split()).upper()


def pseudonym_key(pseudonym: str) -> str:
    """What makes two pseudonyms one: case and spacing do not ("Ada" is " ada ")."""
    return " ".join(pseudonym.split()).casefold()


def token_hash(token: str) -> str:
    return sha256(token)


def _is_over(row: WorkshopRow, now: dt.datetime) -> bool:
    return row.closed_at is not None or row.phase == "closed" or (row.expires_at is not None and row.expires_at <= _stamp(now))


def _settings(row: WorkshopRow) -> WorkshopSettings:
    return WorkshopSettings(
        name=row.name,
        card_id=cast(str, row.card_id),
        language=row.language,
        weighting_mode=cast(WeightingMode, row.weighting_mode),
        scores_adjustable=row.scores_adjustable,
        rounds=row.rounds,
        expires_at=_moment(cast(str, row.expires_at)),
    )


def _join_info(row: WorkshopRow, now: dt.datetime) -> JoinInfo:
    return JoinInfo(
        workshop_id=row.id,
        name=row.name,
        card_id=cast(str, row.card_id),
        language=row.language,
        phase=cast(Phase, row.phase),
        open_to_join=not _is_over(row, now),
        expires_at=_moment(row.expires_at) if row.expires_at else None,
        timer_ends_at=_moment(row.timer_ends_at) if row.timer_ends_at else None,
    )


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
    # When the participants' data is deleted at the latest, for the join screen's data notice (added by the ui work).
    expires_at: dt.datetime | None = None
    # When the round's timer the facilitator set runs out, for the participant's countdown.
    timer_ends_at: dt.datetime | None = None


@dataclass(frozen=True)
class ParticipantTicket:
    participant_id: str
    token: str  # the secret for the participant's URL; shown once, stored hashed


@dataclass(frozen=True)
class SavedInput:
    """What save_input kept: the round, and whether as the participant's answer or as a draft."""

    round: int
    submitted: bool


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
    """bundle and content_dir: the content the cards and the group's results are read from
    (by default criteria/, loaded on first use)."""

    def __init__(self, storage: Storage, *, bundle: ContentBundle | None = None, content_dir: str | Path | None = None):
        self.storage = storage
        self.content_dir = content_dir
        self._bundle = bundle

    # --- content ------------------------------------------------------------------------------

    @property
    def bundle(self) -> ContentBundle:
        if self._bundle is None:
            from ..content.loader import load_content

            self._bundle = load_content(self.content_dir)
        return self._bundle

    @cached_property
    def cards(self) -> dict[str, ScenarioCard]:
        from ..content.cards import load_cards

        return load_cards(self.content_dir, self.bundle)

    def _template(self, card_id: str) -> Assessment:
        from ..content.cards import card_assessment

        return card_assessment(self.cards[card_id], self.content_dir)

    # --- facilitator ----------------------------------------------------------------------------

    def create(self, actor: Actor, settings: WorkshopSettings) -> WorkshopView:
        authorize(actor, "create_workshop")
        card = self.cards.get(settings.card_id)
        if card is None:
            raise ValueError(f"no scenario card {settings.card_id!r}: the cards are {', '.join(sorted(self.cards))}")
        now = _now()
        if _stamp(settings.expires_at) <= _stamp(now):
            raise ValueError("the expiry must be in the future")
        for _ in range(CODE_ATTEMPTS):
            try:
                with self.storage.transaction() as session:
                    code = new_join_code()
                    if repo.workshop_by_code(session, code) is not None:
                        continue  # taken: draw again
                    row = repo.add_workshop(
                        session,
                        WorkshopRow(
                            id=uuid.uuid4().hex[:12],
                            organisation=actor.organisation,
                            name=settings.name,
                            facilitator=actor.name,
                            facilitator_authenticated=actor.authenticated,
                            revealed=False,
                            created_at=_stamp(now),
                            card_id=card.id,
                            card_version=card.version,
                            language=settings.language,
                            weighting_mode=settings.weighting_mode,
                            scores_adjustable=settings.scores_adjustable,
                            rounds=settings.rounds,
                            expires_at=_stamp(settings.expires_at),
                            phase="joining",
                            join_code=code,
                            conclusion="",
                        ),
                    )
                    summary = f"created a workshop from card {card.id} {card.version} ({settings.weighting_mode}, {settings.rounds} round(s))"
                    audit.append(session, actor, "workshop_create", "workshop", row.id, summary)
                    return self._view(session, row)
            except IntegrityError:  # the code was taken between the check and the insert
                continue
        raise RuntimeError(f"no free join code after {CODE_ATTEMPTS} draws")

    def list_workshops(self, actor: Actor) -> list[WorkshopView]:
        authorize(actor, "run_workshop")
        with self.storage.transaction(reading=True) as session:
            return [self._view(session, row) for row in repo.carded_workshops(session, actor.organisation)]

    def view(self, actor: Actor, workshop_id: str) -> WorkshopView:
        with self.storage.transaction(reading=True) as session:
            row = self._facilitated(session, actor, workshop_id, "run_workshop")
            return self._view(session, row)

    def set_phase(self, actor: Actor, workshop_id: str, phase: Phase) -> WorkshopView:
        """Move to the next phase (phases_for(rounds)); closing is allowed from any phase and deletes the participants' data."""
        if phase == "closed":
            self.close(actor, workshop_id)
            return self.view(actor, workshop_id)
        with self.storage.transaction() as session:
            row = self._facilitated(session, actor, workshop_id, "reveal_workshop" if revealed_rounds(phase) else "run_workshop", lock=True)
            self._refuse_if_over(row)
            order = phases_for(row.rounds)
            if phase not in order or order.index(phase) != order.index(cast(Phase, row.phase)) + 1:
                raise AccessDenied("workshop_phase")
            before = row.phase
            row.phase = phase
            row.timer_ends_at = None  # a timer belongs to the phase it was set in
            row.revealed = row.revealed or bool(revealed_rounds(phase))
            counts = repo.submitted_counts(session, row.id)
            submitted = ", ".join(f"{counts.get(number, 0)} submitted in round {number}" for number in range(1, row.rounds + 1))
            summary = f"phase {before} -> {phase}: {repo.count_participants(session, row.id)} participant(s), {submitted}"
            audit.append(session, actor, "workshop_phase", "workshop", row.id, summary)
            return self._view(session, row)

    def set_timer(self, actor: Actor, workshop_id: str, minutes: int | None, now: dt.datetime | None = None) -> WorkshopView:
        if minutes is not None and not 0 < minutes <= MAX_TIMER_MINUTES:
            raise ValueError(f"a timer runs 1 to {MAX_TIMER_MINUTES} minutes (got {minutes})")
        with self.storage.transaction() as session:
            row = self._facilitated(session, actor, workshop_id, "run_workshop", lock=True)
            self._refuse_if_over(row)
            row.timer_ends_at = None if minutes is None else _stamp(_now(now) + dt.timedelta(minutes=minutes))
            return self._view(session, row)

    def set_conclusion(self, actor: Actor, workshop_id: str, conclusion: str) -> WorkshopView:
        if len(conclusion) > MAX_CONCLUSION:
            raise ValueError(f"a conclusion holds at most {MAX_CONCLUSION} characters (got {len(conclusion)})")
        with self.storage.transaction() as session:
            # Written after closing too: the debrief is made once the participants' data is gone.
            row = self._facilitated(session, actor, workshop_id, "run_workshop", lock=True)
            row.conclusion = conclusion.strip()
            return self._view(session, row)

    def close(self, actor: Actor, workshop_id: str) -> int:
        """Close the workshop and delete its participants and inputs; returns how many participants went."""
        with self.storage.transaction() as session:
            row = self._facilitated(session, actor, workshop_id, "delete_workshop", lock=True)
            if row.closed_at is not None:
                return 0
            return self._end(session, row, actor, "workshop_close", _now())

    def purge_expired(self, now: dt.datetime | None = None) -> int:
        """Delete the participants' data of every expired workshop (logged); returns how many workshops."""
        moment = _now(now)
        with self.storage.transaction() as session:
            expired = repo.expired_workshops(session, _stamp(moment))
            for row in expired:
                expiry = Actor(name=EXPIRY_ACTOR_NAME, role="system", organisation=row.organisation, authenticated=False)
                self._end(session, row, expiry, "workshop_expire", moment)
        return len(expired)

    def purge_expired_due(self, clock: Callable[[], float] = time.monotonic) -> int:
        """purge_expired(), unless this process did it for this database less than PURGE_INTERVAL_SECONDS ago."""
        engine = self.storage.engine
        with _purge_lock:
            now = clock()
            last = _last_purge.get(engine)
            if last is not None and now - last < PURGE_INTERVAL_SECONDS:
                return 0
            _last_purge[engine] = now
        return self.purge_expired()

    # --- results: only for rounds that are revealed ----------------------------------------------

    def round_outcome(self, workshop_id: str, round_number: int, *, actor: Actor | None = None, token: str | None = None) -> RoundOutcome:
        with self.storage.transaction(reading=True) as session:
            row = self._reader(session, workshop_id, actor, token)
            inputs = self._revealed_inputs(session, row, round_number)
            template_card, mode = cast(str, row.card_id), cast(WeightingMode, row.weighting_mode)
        return self._outcome(template_card, mode, inputs, round_number)

    def round_change(self, workshop_id: str, *, actor: Actor | None = None, token: str | None = None) -> RoundChange:
        from ..engine.group import round_change

        with self.storage.transaction(reading=True) as session:
            row = self._reader(session, workshop_id, actor, token)
            first, second = self._revealed_inputs(session, row, 1), self._revealed_inputs(session, row, 2)
            card_id, mode = cast(str, row.card_id), cast(WeightingMode, row.weighting_mode)
        return round_change(self._outcome(card_id, mode, first, 1), self._outcome(card_id, mode, second, 2))

    def group_median(self, token: str) -> dict[str, float]:
        """Round 2: the group's median normalised weight per item in round 1, for the participant's screen."""
        from ..engine.group import median_item_weights

        with self.storage.transaction(reading=True) as session:
            _participant, row = self._participant(session, token)
            inputs = self._revealed_inputs(session, row, 1)
            card_id, mode = cast(str, row.card_id), cast(WeightingMode, row.weighting_mode)
        return median_item_weights(self._outcome(card_id, mode, inputs, 1))

    # --- participant ----------------------------------------------------------------------------

    def join_info(self, code: str) -> JoinInfo:
        with self.storage.transaction(reading=True) as session:
            row = repo.workshop_by_code(session, normalised_code(code))
            if row is None:
                raise AccessDenied("workshop_unknown_code")
            return _join_info(row, _now())

    def join(self, code: str, pseudonym: str) -> ParticipantTicket:
        shown = " ".join(_PSEUDONYM.validate_python(pseudonym).split())
        token = secrets.token_urlsafe(24)
        participant_id = uuid.uuid4().hex

        def add_participant(session: Session) -> None:
            row = repo.workshop_by_code(session, normalised_code(code), for_share=True)
            if row is None:
                raise AccessDenied("workshop_unknown_code")
            self._refuse_if_over(row)
            if repo.count_participants(session, row.id) >= MAX_PARTICIPANTS:
                raise AccessDenied("workshop_full")
            if repo.participant_by_pseudonym_key(session, row.id, pseudonym_key(shown)) is not None:
                raise AccessDenied("pseudonym_taken")
            repo.add_participant(
                session,
                WorkshopParticipantRow(
                    id=participant_id,
                    workshop_id=row.id,
                    pseudonym=shown,
                    pseudonym_key=pseudonym_key(shown),
                    token_hash=token_hash(token),
                    joined_at=repo.utc_now(),
                ),
            )

        try:
            # A room joins at once: the joins waiting beside this one are committed with it (one disk sync).
            self.storage.grouped(add_participant)
        except IntegrityError:  # the same pseudonym joined at the same moment in another process
            raise AccessDenied("pseudonym_taken") from None
        return ParticipantTicket(participant_id=participant_id, token=token)

    def participant(self, token: str) -> ParticipantView:
        with self.storage.transaction(reading=True) as session:
            participant, row = self._participant(session, token)
            return self._participant_view(session, participant, row)

    def rename(self, token: str, pseudonym: str) -> ParticipantView:
        """Change the participant's pseudonym, never into one another participant uses."""
        shown = " ".join(_PSEUDONYM.validate_python(pseudonym).split())
        try:
            with self.storage.transaction() as session:
                participant, row = self._participant(session, token, lock=True)
                holder = repo.participant_by_pseudonym_key(session, row.id, pseudonym_key(shown))
                if holder is not None and holder.id != participant.id:
                    raise AccessDenied("pseudonym_taken")
                participant.pseudonym, participant.pseudonym_key = shown, pseudonym_key(shown)
                session.flush()
                return self._participant_view(session, participant, row)
        except IntegrityError:
            raise AccessDenied("pseudonym_taken") from None

    def save_input(self, token: str, round_number: int, participant_input: ParticipantInput, *, submit: bool) -> SavedInput:
        """Keep the participant's input as they make it (submit=False) or as their answer (submit=True).
        Refused outside the round's phase; a submitted round can be re-submitted while it is open.
        A draft saved after submitting withdraws the answer until it is submitted again.
        Returns what was kept, not the participant's view: the page reads that again when it is
        drawn, and building it here was a third of a save's work with the room saving at once."""

        def put_input(session: Session) -> SavedInput:
            participant, row = self._participant(session, token, lock=True)
            if open_round(cast(Phase, row.phase)) != round_number:
                raise AccessDenied("workshop_phase")
            self._check_input(row, participant_input, complete=submit)
            repo.put_input(session, participant.id, round_number, canonical_json(participant_input.model_dump(mode="json")), submit)
            return SavedInput(round=round_number, submitted=submit)

        # A room submits at once: the saves waiting beside this one are committed with it (one disk sync).
        return self.storage.grouped(put_input)

    # --- the rules, in one place each -----------------------------------------------------------

    def _facilitated(self, session: Session, actor: Actor, workshop_id: str, action: str, *, lock: bool = False) -> WorkshopRow:
        row = repo.get_workshop(session, workshop_id, for_update=lock)
        authorize(actor, action, Target(organisation=row.organisation))
        return row

    @staticmethod
    def _refuse_if_over(row: WorkshopRow) -> None:
        if _is_over(row, _now()):
            raise AccessDenied("workshop_closed")

    def _participant(self, session: Session, token: str, *, lock: bool = False) -> tuple[WorkshopParticipantRow, WorkshopRow]:
        """The participant a token proves, in a workshop still running; lock holds the workshop's
        phase until the transaction ends (a phase change waits for the save, not the reverse)."""
        found = repo.participant_by_token_hash(session, token_hash(token), for_share=lock) if token else None
        if found is None:
            raise AccessDenied("participant_token")
        participant, row = found
        self._refuse_if_over(row)
        return participant, row

    def _reader(self, session: Session, workshop_id: str, actor: Actor | None, token: str | None) -> WorkshopRow:
        if actor is not None:
            return self._facilitated(session, actor, workshop_id, "run_workshop")
        _participant, row = self._participant(session, token or "")
        if row.id != workshop_id:
            raise AccessDenied("participant_token")
        return row

    @staticmethod
    def _revealed_inputs(session: Session, row: WorkshopRow, round_number: int) -> dict[str, ParticipantInput]:
        if round_number not in revealed_rounds(cast(Phase, row.phase)):
            raise AccessDenied("workshop_not_revealed")
        stored = repo.submitted_inputs(session, row.id, round_number)
        return {pseudonym: ParticipantInput.model_validate_json(document) for pseudonym, document in sorted(stored.items())}

    def _outcome(self, card_id: str, mode: WeightingMode, inputs: dict[str, ParticipantInput], round_number: int) -> RoundOutcome:
        """The engine's outcome of these inputs, computed once (a copy each time: callers may change theirs)."""
        from ..engine.group import round_outcome

        given = {pseudonym: participant_input.model_dump(mode="json") for pseudonym, participant_input in inputs.items()}
        key = sha256(canonical_json([str(self.content_dir), card_id, mode, round_number, self.bundle.content_hash, given]))
        with _outcomes_lock:
            kept = _outcomes.get(key)
            if kept is not None:
                _outcomes.move_to_end(key)
        if kept is None:
            kept = round_outcome(self._template(card_id), self.bundle, inputs, mode, round_number)
            with _outcomes_lock:
                _outcomes[key] = kept
                while len(_outcomes) > OUTCOMES_KEPT:
                    _outcomes.popitem(last=False)
        return kept.model_copy(deep=True)

    def _end(self, session: Session, row: WorkshopRow, actor: Actor, action: str, moment: dt.datetime) -> int:
        """Delete the participants' data and keep the workshop closed, logged with counts only."""
        counts = repo.submitted_counts(session, row.id)
        removed = repo.delete_participants(session, row.id)
        row.phase, row.closed_at, row.timer_ends_at = "closed", _stamp(moment), None
        inputs = sum(counts.values())
        verb = "closed" if action == "workshop_close" else "expired"
        audit.append(session, actor, action, "workshop", row.id, f"{verb}: deleted {removed} participant(s) and {inputs} submitted input(s)")
        return removed

    def _check_input(self, row: WorkshopRow, given: ParticipantInput, *, complete: bool) -> None:
        """The input fits the workshop's mode: its items only (all of them once submitted), and
        scores only where the workshop lets participants adjust them."""
        from ..engine.group import item_ids

        mode = cast(WeightingMode, row.weighting_mode)
        items = item_ids(self.bundle, mode)
        if mode == "pairwise":
            if given.weights:
                raise ValueError("a pairwise workshop takes judgements, not weights")
            pairs = [frozenset((answer.a, answer.b)) for answer in given.judgements]
            if any(len(pair) != 2 or not pair <= set(items) for pair in pairs) or len(set(pairs)) != len(pairs):
                raise ValueError(f"judgements compare two different pillars of {', '.join(items)}, each pair once")
            if complete and len(pairs) != len(items) * (len(items) - 1) // 2:
                raise ValueError("a submitted pairwise input answers every pair of pillars")
        else:
            if given.judgements:
                raise ValueError(f"a {mode} workshop takes weights, not judgements")
            unknown = set(given.weights) - set(items)
            if unknown:
                raise ValueError(f"not weighted in a {mode} workshop: {', '.join(sorted(unknown))}")
            if complete and (set(given.weights) != set(items) or sum(given.weights.values()) <= 0):
                raise ValueError(f"a submitted input weights every item of {', '.join(items)}, not all at zero")
            if complete and mode == "points" and abs(sum(given.weights.values()) - POINTS_TOTAL) > 1e-6:
                raise ValueError(f"points share out exactly {POINTS_TOTAL:g} (got {sum(given.weights.values()):g})")
        if given.scores:
            if not row.scores_adjustable:
                raise AccessDenied("scores_fixed")
            options = {option.key for option in self.cards[cast(str, row.card_id)].options}
            criteria = set(self.bundle.criterion_ids)
            for option, levels in given.scores.items():
                if option not in options or not set(levels) <= criteria:
                    raise ValueError(f"scores name the card's options ({', '.join(sorted(options))}) and the framework's criteria")

    def _view(self, session: Session, row: WorkshopRow) -> WorkshopView:
        counts = repo.submitted_counts(session, row.id)
        return WorkshopView(
            id=row.id,
            settings=_settings(row),
            join_code=cast(str, row.join_code),
            phase=cast(Phase, row.phase),
            facilitator=row.facilitator,
            facilitator_authenticated=row.facilitator_authenticated,
            created_at=_moment(row.created_at),
            timer_ends_at=_moment(row.timer_ends_at) if row.timer_ends_at else None,
            joined=repo.count_participants(session, row.id),
            submitted={number: counts.get(number, 0) for number in range(1, row.rounds + 1)},
            conclusion=row.conclusion,
        )

    @staticmethod
    def _participant_view(session: Session, participant: WorkshopParticipantRow, row: WorkshopRow) -> ParticipantView:
        stored = repo.inputs_of(session, participant.id)
        return ParticipantView(
            participant_id=participant.id,
            pseudonym=participant.pseudonym,
            workshop=_join_info(row, _now()),
            settings=_settings(row),
            open_round=open_round(cast(Phase, row.phase)),
            inputs={entry.round: ParticipantInput.model_validate_json(entry.input) for entry in stored},
            submitted={entry.round: entry.submitted for entry in stored},
        )

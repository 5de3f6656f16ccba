"""One editing session's saves of its open assessment: in order, each starting from the
version the previous one produced, and a real conflict kept recoverable.

Why this exists: Streamlit stops a run at its next st.* call (reading or writing
st.session_state included) when a newer widget event arrives, and with fastReruns it
starts the new run in another thread at once. A run could therefore be stopped after its
save was committed but before it wrote the new version into st.session_state; the next
run then saved on the version before and got a conflict with its own save. Here every
save of a session takes the session's lock, and the version it produced is recorded with
plain attribute writes (which Streamlit cannot interrupt) before the lock is released.

The stopped run may also reach the lock after the newer run has saved (threads are
scheduled as they are). Each save therefore carries a ticket taken when its run began
to save (ticket()): a late save is made under the changes the later runs stored, which
are made again on top of it, so the newest value of a widget always wins.

No streamlit import: the UI keeps one SessionSaves per browser session."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ..domain.assessment import Assessment
from ..storage.audit import Actor
from ..storage.repository import ConflictError, StoredVersion

Change = Callable[[Assessment], None]


@dataclass
class Conflict:
    """Someone else saved the assessment after the version this session edited.

    document is the session's version with its unsaved changes applied (what the user
    sees); changes are those changes, in order, to make again on the newer version."""

    assessment_id: str
    edited_version: int
    newer_version: int
    document: Assessment
    changes: list[Change] = field(default_factory=list)
    not_reapplied: bool = False  # a reapply was tried and a change no longer fitted the newer version


@dataclass(frozen=True)
class SaveOutcome:
    """stored: the new version (None if nothing changed or nothing was saved);
    document: what the session should show; conflict: set while changes are unsaved."""

    document: Assessment
    stored: StoredVersion | None = None
    conflict: Conflict | None = None


class SessionSaves:
    """The saves of one browser session, one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: dict[str, StoredVersion] = {}  # assessment id -> last version this session stored
        self._produced: dict[str, set[int]] = {}  # assessment id -> every version this session stored
        self._recent: dict[str, list[tuple[int, Change]]] = {}  # assessment id -> the last changes stored, by ticket
        self._tickets = itertools.count(1)
        self.conflict: Conflict | None = None

    def ticket(self) -> int:
        """A number in the order saves began (take it before the last st.* call that precedes the
        save: a run stopped before it never saves, so a later run always holds a larger ticket)."""
        return next(self._tickets)  # itertools.count is atomic under the GIL

    # -- what the session knows -------------------------------------------------------------

    def latest(self, assessment_id: str) -> StoredVersion | None:
        return self._latest.get(assessment_id)

    def newer_than(self, assessment_id: str, version: int | None) -> StoredVersion | None:
        """The version this session stored last, if it is newer than the one the caller holds."""
        latest = self._latest.get(assessment_id)
        if latest is not None and (version is None or latest.version > version):
            return latest
        return None

    def conflict_for(self, assessment_id: str | None) -> Conflict | None:
        conflict = self.conflict
        return conflict if conflict is not None and conflict.assessment_id == assessment_id else None

    def _record(self, stored: StoredVersion) -> None:
        self._latest[stored.assessment_id] = stored
        self._produced.setdefault(stored.assessment_id, set()).add(stored.version)

    def _only_ours(self, assessment_id: str, since: int, current: int) -> bool:
        produced = self._produced.get(assessment_id, set())
        return all(version in produced for version in range(since + 1, current + 1))

    # -- saving ---------------------------------------------------------------------------------

    def save(self, service, actor: Actor, version: int, document: Assessment, change: Change, ticket: int | None = None) -> SaveOutcome:
        """Apply a change to the open document and store it.

        Starts from the version this session stored last when the caller's is older (its
        run was stopped before it could say so). A conflict with versions this session
        stored itself is none: the change is made again on the latest one. A conflict with
        someone else's version is kept, with the change, until resolved; later changes
        are added to it, shown but not saved. ContentError and AccessDenied pass through."""
        ticket = self.ticket() if ticket is None else ticket
        with self._lock:
            conflict = self.conflict_for(document.id)
            if conflict is not None:
                updated = conflict.document.model_copy(deep=True)
                change(updated)
                conflict.document = updated
                conflict.changes.append(change)
                return SaveOutcome(updated, conflict=conflict)
            ours = self.newer_than(document.id, version)
            if ours is not None:
                version, document = ours.version, Assessment.model_validate(ours.document)
            later = [made for taken, made in self._recent.get(document.id, []) if taken > ticket]
            updated = self._made(document, change, later)
            try:
                stored = service.save(actor, updated, version)
            except ConflictError as error:
                if not self._only_ours(document.id, version, error.current):
                    return self._conflict(document.id, version, error.current, updated, change)
                loaded = service.load(actor, document.id)  # newer versions are all ours: no conflict, build on the latest
                version, shown = loaded.version.version, updated
                updated = self._made(loaded.assessment, change, later)
                try:
                    stored = service.save(actor, updated, version)
                except ConflictError as error:
                    return self._conflict(document.id, version, error.current, shown, change)
            if stored is not None:
                recent = self._recent.setdefault(document.id, [])
                recent.append((ticket, change))
                recent.sort(key=lambda item: item[0])
                del recent[:-50]
            return self._stored(stored, updated)

    @staticmethod
    def _made(document: Assessment, change: Change, later: list[Change]) -> Assessment:
        updated = document.model_copy(deep=True)
        change(updated)
        for made in later:  # stored by runs that began after this one: theirs are the newer values
            made(updated)
        return updated

    def _conflict(self, assessment_id: str, version: int, current: int, shown: Assessment, change: Change) -> SaveOutcome:
        self.conflict = Conflict(assessment_id, version, current, shown, [change])
        return SaveOutcome(shown, conflict=self.conflict)

    def _stored(self, stored: StoredVersion | None, updated: Assessment) -> SaveOutcome:
        if stored is None:
            return SaveOutcome(updated)
        self._record(stored)
        return SaveOutcome(Assessment.model_validate(stored.document), stored=stored)  # exactly what the database holds

    def reapply(self, service, actor: Actor) -> SaveOutcome | None:
        """Make the unsaved changes again on the latest version and store it (None: no conflict).

        If someone saved again meanwhile, the conflict stays, now against that version. If a
        change no longer fits the newer version (its item was removed), nothing is stored and
        the conflict says so."""
        with self._lock:
            conflict = self.conflict
            if conflict is None:
                return None
            loaded = service.load(actor, conflict.assessment_id)
            updated = loaded.assessment.model_copy(deep=True)
            try:
                for change in conflict.changes:
                    change(updated)
            except Exception:  # noqa: BLE001 - page code written for the older document (e.g. an item someone removed)
                conflict.newer_version, conflict.not_reapplied = loaded.version.version, True
                return SaveOutcome(conflict.document, conflict=conflict)
            try:
                stored = service.save(actor, updated, loaded.version.version)
            except ConflictError as error:
                conflict.newer_version, conflict.not_reapplied = error.current, False
                return SaveOutcome(conflict.document, conflict=conflict)
            self.conflict = None
            return self._stored(stored, updated)

    def discard(self) -> None:
        """Forget the unsaved changes (the caller reloads the latest version)."""
        with self._lock:
            self.conflict = None

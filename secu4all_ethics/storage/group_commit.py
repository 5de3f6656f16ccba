"""Group commit: writes that arrive while another is being committed are committed together.

On SQLite every commit waits for the disk (synchronous=FULL, which keeps what was committed
through a power cut, signed versions and the audit chain included). Forty participants pressing
Submit at the same moment would queue for forty disk syncs one after another (p95 331 ms in
bench/workshop.py). Here the caller that finds nobody committing commits everything waiting, in
one transaction and one sync, then hands over to the first write that arrived meanwhile. Each
write runs in its own savepoint, so a refused write undoes only itself; a failed commit is
reported to every write of its batch, none of which is then kept."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(eq=False)
class _Write(Generic[T]):
    work: Callable[[Session], T]
    woken: threading.Event = field(default_factory=threading.Event)
    finished: bool = False
    result: T | None = None
    error: BaseException | None = None


class GroupCommit:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: list[_Write[Any]] = []
        self._committing = False

    def run(self, work: Callable[[Session], T], transaction: Callable[[], AbstractContextManager[Session]]) -> T:
        """work(session) in a transaction shared with the writes waiting beside it; its result once
        committed. transaction opens a read-write transaction on the database (Storage.transaction)."""
        write: _Write[T] = _Write(work)
        with self._lock:
            self._waiting.append(write)
            leads = not self._committing
            self._committing = True
        if not leads:
            write.woken.wait()
        if not write.finished:  # nobody was committing, or the last batch's committer handed over
            self._commit_waiting(transaction)
        if write.error is not None:
            raise write.error
        return cast(T, write.result)

    def _commit_waiting(self, transaction: Callable[[], AbstractContextManager[Session]]) -> None:
        with self._lock:
            batch, self._waiting = self._waiting, []
        try:
            with transaction() as session:
                for write in batch:
                    try:
                        with session.begin_nested():
                            write.result = write.work(session)
                    except Exception as error:  # a refusal of one write is its own
                        write.error = error
        except BaseException as error:  # the commit failed: no write of the batch is kept
            for write in batch:
                write.result, write.error = None, write.error or error
        finally:
            with self._lock:
                for write in batch:
                    write.finished = True
                if self._waiting:
                    self._waiting[0].woken.set()  # it commits the next batch
                else:
                    self._committing = False
            for write in batch:
                write.woken.set()

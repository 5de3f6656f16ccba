"""Group commit (storage/group_commit.py): writes made at the same moment share one transaction,
a refused write undoes only itself, and a failed commit keeps none of its batch and says so to each."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, text

from secu4all_ethics.storage.group_commit import GroupCommit

WRITERS = 20


def commits_counted(storage) -> list[int]:
    commits: list[int] = []
    event.listen(storage.engine, "commit", lambda connection: commits.append(1))
    return commits


def note_table(storage) -> None:
    with storage.transaction() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS notes (writer INTEGER PRIMARY KEY)"))


def written(storage) -> list[int]:
    with storage.transaction(reading=True) as session:
        return sorted(session.scalars(text("SELECT writer FROM notes")))


def at_once(count: int, write) -> list[object]:
    """count threads released together, each calling write(number); what each returned or raised."""
    start, results = threading.Barrier(count), [None] * count

    def writer(number: int) -> None:
        start.wait()
        try:
            results[number] = write(number)
        except Exception as error:  # the test looks at each writer's own outcome
            results[number] = error

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_writes_at_the_same_moment_are_all_kept_in_fewer_commits(storage):
    note_table(storage)
    commits = commits_counted(storage)

    def insert(number: int) -> int:
        return storage.grouped(lambda session: session.execute(text("INSERT INTO notes VALUES (:n)"), {"n": number}) and number)

    results = at_once(WRITERS, insert)

    assert results == list(range(WRITERS))
    assert written(storage) == list(range(WRITERS))
    # Without grouping each write is its own commit; here those arriving during a commit share the next one.
    assert len(commits) < WRITERS


def test_a_refused_write_undoes_only_itself(storage):
    note_table(storage)

    def insert_or_refuse(number: int) -> int:
        def work(session) -> int:
            session.execute(text("INSERT INTO notes VALUES (:n)"), {"n": number})
            if number % 3 == 0:
                raise PermissionError(f"writer {number} refused")
            return number

        return storage.grouped(work)

    results = at_once(WRITERS, insert_or_refuse)

    refused = [number for number in range(WRITERS) if number % 3 == 0]
    assert [str(results[number]) for number in refused] == [f"writer {number} refused" for number in refused]
    assert written(storage) == [number for number in range(WRITERS) if number % 3]


def test_a_failed_commit_keeps_none_of_its_batch_and_tells_each_writer():
    group = GroupCommit()
    kept: list[int] = []
    inside = threading.Event()
    release = threading.Event()

    class FailingTransaction:
        """A transaction whose commit fails; the first one waits so that others queue behind it."""

        def __init__(self) -> None:
            self.pending: list[int] = []

        def __enter__(self):
            return self

        def begin_nested(self):
            return self._savepoint()

        def _savepoint(self):
            from contextlib import nullcontext

            return nullcontext()

        def __exit__(self, *exc):
            if not inside.is_set():
                inside.set()
                release.wait(10)
                kept.extend(self.pending)  # the first batch commits
                return False
            raise OSError("disk full")

    def writer(number: int):
        def work(session):
            session.pending.append(number)
            return number

        return group.run(work, FailingTransaction)

    first = threading.Thread(target=lambda: results.__setitem__(0, writer(0)))
    results: dict[int, object] = {}
    first.start()
    inside.wait(10)
    queued = {}

    def later(number: int) -> None:
        try:
            queued[number] = writer(number)
        except OSError as error:
            queued[number] = error

    others = [threading.Thread(target=later, args=(number,)) for number in range(1, 6)]
    for thread in others:
        thread.start()
    while len(group._waiting) < 5:  # all five queue behind the first commit
        threading.Event().wait(0.01)
    release.set()
    for thread in [first, *others]:
        thread.join(10)

    assert results[0] == 0 and kept == [0]
    assert all(isinstance(queued[number], OSError) and str(queued[number]) == "disk full" for number in range(1, 6))


@pytest.fixture
def storage(storage):
    """The tests' storage (SQLite and PostgreSQL), without the table the tests add."""
    yield storage
    with storage.transaction() as session:
        session.execute(text("DROP TABLE IF EXISTS notes"))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_writers_are_not_queued_behind_one_committer(storage):
    # PostgreSQL runs concurrent writers side by side: grouping them made a room's saves slower there.
    note_table(storage)
    commits = commits_counted(storage)

    results = at_once(WRITERS, lambda number: storage.grouped(lambda session: session.execute(text("INSERT INTO notes VALUES (:n)"), {"n": number}) and number))

    assert len(commits) == WRITERS
    assert results == list(range(WRITERS))
    assert written(storage) == list(range(WRITERS))

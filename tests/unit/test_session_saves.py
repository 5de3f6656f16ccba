"""One session's saves (services/session_saves.py): in order, each on the version the session
stored last, so its own quick edits never conflict; someone else's save is a conflict that
keeps the changes and can reapply them."""

import threading
import time

from secu4all_ethics import load_assessment
from secu4all_ethics.services.session_saves import SessionSaves
from secu4all_ethics.storage.audit import Actor
from tests.conftest import EXAMPLES_DIR

ADA = Actor(name="Ada", role="assessor", organisation="Nice", authenticated=True)
BOB = Actor(name="Bob", role="assessor", organisation="Nice", authenticated=True)


def created(service):
    stored = service.create(ADA, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    loaded = service.load(ADA, stored.assessment_id)
    return loaded.version.version, loaded.assessment


def place(value):
    return lambda document: setattr(document.need, "place_type", value)


def aim(value):
    return lambda document: setattr(document.need, "legitimate_aim", value)


def test_a_save_from_a_stale_version_builds_on_the_sessions_own_latest(service):
    """The run that saved was stopped before the page heard of the new version: the next save
    still names the version before, and must neither conflict nor drop the first change."""
    version, document = created(service)
    saves = SessionSaves()
    first = saves.save(service, ADA, version, document, place("Forecourt"))
    second = saves.save(service, ADA, version, document, aim("Fewer thefts"))  # the stale version and document
    assert second.conflict is None and second.stored.version == first.stored.version + 1
    latest = service.load(ADA, document.id).assessment
    assert (latest.need.place_type, latest.need.legitimate_aim) == ("Forecourt", "Fewer thefts")


def test_newer_versions_all_stored_by_this_session_are_no_conflict(service):
    version, document = created(service)
    saves = SessionSaves()
    first = saves.save(service, ADA, version, document, place("Forecourt"))
    saves._latest.clear()  # even without the record of its latest version, the versions it produced are known
    outcome = saves.save(service, ADA, version, document, aim("Fewer thefts"))
    assert outcome.conflict is None and outcome.stored.version == first.stored.version + 1
    assert service.load(ADA, document.id).assessment.need.place_type == "Forecourt"


class Watched:
    """The service, counting how many saves are under way at once (each made to take a while)."""

    def __init__(self, service):
        self.service, self.under_way, self.most = service, 0, 0
        self.count = threading.Lock()

    def __getattr__(self, name):
        return getattr(self.service, name)

    def save(self, *args):
        with self.count:
            self.under_way += 1
            self.most = max(self.most, self.under_way)
        try:
            time.sleep(0.05)
            return self.service.save(*args)
        finally:
            with self.count:
                self.under_way -= 1


def test_two_overlapping_runs_of_one_session_save_one_after_the_other(service):
    """With fastReruns a new run starts while the stopped one is still saving: the saves go
    through one after the other, without a conflict."""
    version, document = created(service)
    saves, watched = SessionSaves(), Watched(service)
    outcomes, start = [], threading.Barrier(2)

    def run(change):
        start.wait()
        outcomes.append(saves.save(watched, ADA, version, document, change))

    threads = [threading.Thread(target=run, args=(change,)) for change in (place("Forecourt"), aim("Fewer thefts"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert watched.most == 1
    assert [o.conflict for o in outcomes] == [None, None]
    assert sorted(o.stored.version for o in outcomes) == [version + 1, version + 2]
    latest = service.load(ADA, document.id).assessment
    assert (latest.need.place_type, latest.need.legitimate_aim) == ("Forecourt", "Fewer thefts")


def test_someone_elses_save_is_a_conflict_that_keeps_the_changes_until_reapplied(service):
    version, document = created(service)
    other = document.model_copy(deep=True)
    other.need.problem_statement = "Bob's statement"
    service.save(BOB, other, version)
    saves = SessionSaves()
    outcome = saves.save(service, ADA, version, document, place("Forecourt"))
    assert outcome.conflict is not None and outcome.conflict.newer_version == version + 1
    assert outcome.document.need.place_type == "Forecourt"  # shown, not stored
    later = saves.save(service, ADA, version, document, aim("Fewer thefts"))
    assert later.stored is None and later.document.need.legitimate_aim == "Fewer thefts"
    assert len(saves.conflict.changes) == 2
    assert service.load(ADA, document.id).version.version == version + 1

    reapplied = saves.reapply(service, ADA)
    assert reapplied.conflict is None and saves.conflict is None and reapplied.stored.version == version + 2
    latest = service.load(ADA, document.id).assessment
    assert (latest.need.problem_statement, latest.need.place_type, latest.need.legitimate_aim) == ("Bob's statement", "Forecourt", "Fewer thefts")


def test_a_change_that_no_longer_fits_the_newer_version_is_not_reapplied(service):
    version, document = created(service)
    other = document.model_copy(deep=True)
    removed = other.options.pop().key
    service.save(BOB, other, version)
    saves = SessionSaves()

    def forget_scores(assessment):
        next(o for o in assessment.options if o.key == removed).scores.clear()

    assert saves.save(service, ADA, version, document, forget_scores).conflict is not None
    outcome = saves.reapply(service, ADA)
    assert outcome.conflict is not None and outcome.conflict.not_reapplied
    assert service.load(ADA, document.id).version.version == version + 1  # nothing stored
    saves.discard()
    assert saves.conflict is None


def test_a_stopped_run_that_saves_late_never_overwrites_a_newer_value(service):
    """The stopped run took its ticket first but reached the lock after the newer run saved:
    its change is made under the newer ones, so the newest value of a field wins and a change
    to another field is still stored."""
    version, document = created(service)
    saves = SessionSaves()
    stopped = saves.ticket()
    saves.save(service, ADA, version, document, place("Newer value"))  # the newer run, first at the lock
    late = saves.save(service, ADA, version, document, place("Older value"), stopped)
    assert late.conflict is None and late.stored is None  # nothing to store: the newer value stands
    assert service.load(ADA, document.id).assessment.need.place_type == "Newer value"

    other = saves.ticket()
    saves.save(service, ADA, version, document, place("Newest value"))
    saves.save(service, ADA, version, document, aim("Fewer thefts"), other)
    latest = service.load(ADA, document.id).assessment
    assert (latest.need.place_type, latest.need.legitimate_aim) == ("Newest value", "Fewer thefts")

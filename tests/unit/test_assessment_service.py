"""The assessment service: autosave, conflicts, import/export round trips,
sign-off, deletion and workshops, each authorised and audited."""

import json
import re

import pytest
import yaml

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.content.bundle import ContentBundle
from secu4all_ethics.domain.review import REVIEWABLE_SECTIONS
from secu4all_ethics.services.access import AccessDenied
from secu4all_ethics.services.assessments import AssessmentService, ReviewStateError, describe_changes
from secu4all_ethics.storage import audit
from secu4all_ethics.storage.audit import Actor
from secu4all_ethics.storage.repository import ConflictError
from tests.builders import signed_off
from tests.conftest import BACKENDS, EXAMPLES_DIR

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)

ASSESSOR = Actor(name="Ada", role="assessor", organisation="Nice", authenticated=True)
COLLEAGUE = Actor(name="Bob", role="assessor", organisation="Nice", authenticated=True)
DPO = Actor(name="Dora", role="dpo", organisation="Nice", authenticated=True)
OTHER_CITY = Actor(name="Eve", role="assessor", organisation="Riga", authenticated=True)


@pytest.fixture
def example():
    return load_assessment(EXAMPLES_DIR / "station_car_park.yaml")


def audit_actions(service, assessment_id):
    with service.storage.transaction() as session:
        return [entry.action for entry in reversed(audit.entries(session, assessment_id))]


def test_create_records_content_hash_author_and_audit(service, example, bundle):
    stored = service.create(ASSESSOR, example)
    loaded = service.load(ASSESSOR, stored.assessment_id)
    assert loaded.assessment.framework.content_hash == bundle.content_hash == stored.content_hash
    assert loaded.assessment.authors[-1].name == "Ada"
    assert loaded.assessment.organisation == example.organisation
    assert audit_actions(service, stored.assessment_id) == ["create"]


def test_autosave_makes_a_version_per_change_and_none_for_no_change(service, example):
    stored = service.create(ASSESSOR, example)
    assessment = service.load(ASSESSOR, stored.assessment_id).assessment
    assessment.need.problem_statement += " Thefts doubled in November."
    second = service.save(ASSESSOR, assessment, expected_version=1)
    assert second.version == 2
    assert service.save(ASSESSOR, assessment, expected_version=2) is None
    with service.storage.transaction() as session:
        summary = audit.entries(session, stored.assessment_id)[0].summary
    assert "need.problem_statement" in summary


def test_two_editors_never_silently_overwrite_each_other(service, example):
    stored = service.create(ASSESSOR, example)
    mine = service.load(ASSESSOR, stored.assessment_id).assessment
    theirs = service.load(COLLEAGUE, stored.assessment_id).assessment
    theirs.title = "Bob's title"
    service.save(COLLEAGUE, theirs, expected_version=1)
    mine.need.legitimate_aim = "Ada's aim"
    with pytest.raises(ConflictError) as caught:
        service.save(ASSESSOR, mine, expected_version=1)
    assert caught.value.current == 2
    assert service.load(ASSESSOR, stored.assessment_id).assessment.title == "Bob's title"


def _normalise(text):
    text = re.sub(r"[0-9a-f]{32}", "<id>", text)
    text = re.sub(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?", "<time>", text)
    return text


@pytest.mark.parametrize("file_format", ["yaml", "json"])
def test_export_import_export_is_identical_but_for_ids_and_timestamps(service, example, file_format):
    stored = service.create(ASSESSOR, example)
    first, name = service.export_document(ASSESSOR, stored.assessment_id, file_format)
    assert name.endswith(f".{file_format}")
    imported = service.import_document(ASSESSOR, first, name)
    assert imported.assessment_id != stored.assessment_id
    second, _ = service.export_document(ASSESSOR, imported.assessment_id, file_format)
    assert _normalise(first.decode()) == _normalise(second.decode())
    parsed = json.loads(first) if file_format == "json" else yaml.safe_load(first)
    assert parsed["format"] == "secu4all-assessment"
    assert audit_actions(service, imported.assessment_id) == ["import", "export"]


def test_a_bad_import_is_refused_with_the_field_named(service):
    with pytest.raises(Exception, match="upload.yaml: title"):
        service.import_document(ASSESSOR, b"format: secu4all-assessment\nid: x\nframework: {id: secu4all_core, version: 1.0.0}\n", "upload.yaml")
    assert service.list_visible(ASSESSOR) == []


def test_sign_off_records_signer_and_hash_and_later_edits_start_a_new_draft(service, example):
    stored = service.create(ASSESSOR, example)
    submitted = service.submit(ASSESSOR, stored.assessment_id, expected_version=1)
    with pytest.raises(AccessDenied):
        service.sign_off(ASSESSOR, stored.assessment_id, expected_version=submitted.version)
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(DPO, stored.assessment_id, section=section, verdict="acceptable")
    service.record_verdict(DPO, stored.assessment_id, section=None, verdict="favourable", kind="opinion")
    signed = service.sign_off(DPO, stored.assessment_id, expected_version=submitted.version)
    assert signed.status == "signed_off"
    assessment = service.load(ASSESSOR, stored.assessment_id).assessment
    assessment.need.place_type = "car park, level -1"
    redraft = service.save(ASSESSOR, assessment, expected_version=signed.version)
    assert redraft.status == "draft"
    kept = service.load(DPO, stored.assessment_id, version=signed.version)
    assert kept.version.status == "signed_off" and kept.version.document_hash == signed.document_hash
    actions = audit_actions(service, stored.assessment_id)
    assert actions == ["create", "status_change", *["review_verdict"] * (len(REVIEWABLE_SECTIONS) + 1), "sign_off", "edit"]


def test_organisations_are_kept_apart(service, example):
    stored = service.create(ASSESSOR, example)
    assert service.list_visible(OTHER_CITY) == []
    with pytest.raises(AccessDenied, match="another organisation"):
        service.load(OTHER_CITY, stored.assessment_id)


def test_delete_is_audited_and_the_chain_still_verifies(service, example):
    stored = service.create(ASSESSOR, example)
    service.delete(ASSESSOR, stored.assessment_id)
    assert service.list_visible(ASSESSOR) == []
    with service.storage.transaction() as session:
        assert audit.entries(session, stored.assessment_id)[0].action == "delete"
        assert audit.verify_chain(session).intact


def test_a_version_is_re_evaluated_against_the_content_it_was_made_with(service, example, bundle):
    stored = service.create(ASSESSOR, example)
    newer = ContentBundle(bundle.framework.model_copy(update={"version": "9.9.9"}), bundle.legal, bundle.technologies, bundle.presets, bundle.references)
    later = AssessmentService(service.storage, newer)
    loaded = later.load(ASSESSOR, stored.assessment_id)
    original = later.content_for(loaded.version)
    assert original.content_hash == stored.content_hash != newer.content_hash
    assert evaluate(loaded.assessment, original) == evaluate(loaded.assessment, bundle)


def test_describe_changes_names_the_paths(database_url):
    old = {"title": "A", "need": {"problem_statement": "x"}, "options": [{"key": "a", "configurations": []}]}
    new = {"title": "A", "need": {"problem_statement": "y"}, "options": [{"key": "a", "configurations": ["masking"]}]}
    assert describe_changes(old, new) == "changed need.problem_statement, options[0].configurations"
    assert describe_changes(old, old) == "no change"


def test_an_over_long_text_is_refused_naming_the_field_and_nothing_is_stored(service, example):
    stored = service.create(ASSESSOR, example)
    assessment = service.load(ASSESSOR, stored.assessment_id).assessment
    assessment.need.legitimate_aim = "x" * 20_001  # mutation in place bypasses pydantic
    with pytest.raises(Exception, match="need.legitimate_aim"):
        service.save(ASSESSOR, assessment, expected_version=1)
    assert service.load(ASSESSOR, stored.assessment_id).version.version == 1


def test_every_assessor_score_needs_a_rationale(service, example, bundle):
    from secu4all_ethics.domain.assessment import AssessedScore

    stored = service.create(ASSESSOR, example)
    assessment = service.load(ASSESSOR, stored.assessment_id).assessment
    reference = bundle.technologies_by_id[assessment.options[0].catalogue_id].scores["chilling_effect"]
    assessment.options[0].scores["chilling_effect"] = AssessedScore(value=reference.value, evidence_grade="rct")
    with pytest.raises(Exception, match="every score needs a rationale"):
        service.save(ASSESSOR, assessment, expected_version=1)


# --- the Start page's actions (issue #15 point 5): duplicate, archive, delete --------------------


def audit_entries(service, assessment_id):
    """(action, actor, summary) of each entry about the assessment, oldest first."""
    with service.storage.transaction() as session:
        return [(entry.action, entry.actor, entry.summary) for entry in reversed(audit.entries(session, assessment_id))]


def test_duplicate_copies_the_latest_version_under_a_new_id_and_is_logged(service, example):
    original = service.create(ASSESSOR, example)
    edited = service.load(ASSESSOR, original.assessment_id).assessment
    edited.need.place_type = "car park, level -2"
    latest = service.save(ASSESSOR, edited, expected_version=1)

    copy = service.duplicate(COLLEAGUE, original.assessment_id, "Station car park (copy)")

    assert copy.assessment_id != original.assessment_id and copy.version == 1 and copy.status == "draft"
    document = service.load(COLLEAGUE, copy.assessment_id).assessment
    assert document.title == "Station car park (copy)" and document.id == copy.assessment_id
    assert document.need.place_type == "car park, level -2"  # the latest version, not the first
    assert document.options == edited.options
    [(action, actor, summary)] = audit_entries(service, copy.assessment_id)
    assert (action, actor) == ("duplicate", "Bob")
    assert summary == f"duplicated 'Station car park (copy)' from {original.assessment_id} version {latest.version}"
    # The original is untouched.
    assert service.load(ASSESSOR, original.assessment_id).version.version == latest.version


def test_archived_assessments_are_hidden_unless_asked_for_and_restoring_is_logged(service, example):
    kept, archived = service.create(ASSESSOR, example), service.create(ASSESSOR, example)
    service.set_archived(ASSESSOR, archived.assessment_id, True)
    assert [summary.id for summary in service.list_visible(ASSESSOR)] == [kept.assessment_id]
    everything = service.list_visible(ASSESSOR, include_archived=True)
    assert {(summary.id, summary.archived) for summary in everything} == {(kept.assessment_id, False), (archived.assessment_id, True)}
    # Archiving keeps every version and the document as it was.
    assert service.load(ASSESSOR, archived.assessment_id).version.version == 1
    service.set_archived(ASSESSOR, archived.assessment_id, False)
    service.set_archived(ASSESSOR, archived.assessment_id, False)  # no change, nothing logged
    assert [action for action, _, _ in audit_entries(service, archived.assessment_id)] == ["create", "archive", "unarchive"]
    assert len(service.list_visible(ASSESSOR)) == 2


def test_a_dpo_may_not_archive_and_another_city_may_not_see(service, example):
    stored = service.create(ASSESSOR, example)
    with pytest.raises(AccessDenied):
        service.set_archived(DPO, stored.assessment_id, True)
    with pytest.raises(AccessDenied):
        service.duplicate(OTHER_CITY, stored.assessment_id, "x")


def test_a_signed_assessment_is_never_deleted_and_nothing_is_logged(service):
    signed = signed_off(service, ASSESSOR, DPO)
    before = audit_entries(service, signed.assessment_id)
    with pytest.raises(ReviewStateError) as refused:
        service.delete(ASSESSOR, signed.assessment_id)
    assert refused.value.code == "signed_kept"
    assert service.load(ASSESSOR, signed.assessment_id).version.version == signed.version
    assert audit_entries(service, signed.assessment_id) == before

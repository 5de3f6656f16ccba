"""The DPO review: submit freezes a version, verdicts per section, changes requested,
revision, sign-off with identity, time and version hash; the signed version stays
intact and every step is kept in the review history. On SQLite and PostgreSQL."""

import json

import pytest

from secu4all_ethics import load_assessment
from secu4all_ethics.domain.assessment import GateAnswer
from secu4all_ethics.domain.review import current_round
from secu4all_ethics.engine import completeness
from secu4all_ethics.i18n import t
from secu4all_ethics.report import REVIEWABLE_SECTIONS
from secu4all_ethics.services.access import AccessDenied
from secu4all_ethics.services.assessments import ReviewStateError
from secu4all_ethics.services.reports import ReportService
from secu4all_ethics.storage import audit
from secu4all_ethics.storage.audit import Actor
from secu4all_ethics.storage.repository import ConflictError, document_hash
from tests.builders import completed, make_assessment, with_dpia
from tests.conftest import BACKENDS, EXAMPLES_DIR

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)

ASSESSOR = Actor(name="Ada", role="assessor", organisation="Riga", authenticated=True)
DPO = Actor(name="Dace Bērziņa", role="dpo", organisation="Riga", authenticated=True)


@pytest.fixture
def submitted(service):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    return service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)


def test_submitting_freezes_the_version_and_opens_a_review_round(service, submitted):
    assert submitted.status == "submitted"
    entries = service.reviews(ASSESSOR, submitted.assessment_id)
    assert [(e.kind, e.version, e.reviewer) for e in entries] == [("submission", submitted.version, "Ada")]
    assert entries[0].document_hash == submitted.document_hash == document_hash(submitted.document)
    with pytest.raises(ReviewStateError, match="only a draft can be submitted"):
        service.submit(ASSESSOR, submitted.assessment_id, expected_version=submitted.version)


def test_only_a_dpo_who_did_not_write_it_reviews_and_only_a_submitted_version(service, storage, bundle):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"))
    with pytest.raises(ReviewStateError, match="only a submitted version is reviewed"):
        service.record_verdict(DPO, stored.assessment_id, section="legal", verdict="acceptable")
    submitted = service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    with pytest.raises(AccessDenied):
        service.record_verdict(ASSESSOR, stored.assessment_id, section="legal", verdict="acceptable")
    with pytest.raises(AccessDenied):
        service.sign_off(ASSESSOR, stored.assessment_id, expected_version=submitted.version)
    with pytest.raises(ValueError, match="verdict must be one of"):
        service.record_verdict(DPO, stored.assessment_id, section="legal", verdict="fine")


def test_sign_off_needs_every_verdict_none_to_correct_and_an_opinion(service, submitted):
    assessment_id = submitted.assessment_id
    with pytest.raises(ReviewStateError, match="verdict:summary.*opinion"):
        service.sign_off(DPO, assessment_id, expected_version=submitted.version)
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(
            DPO,
            assessment_id,
            section=section,
            verdict="to_correct" if section == "scores" else "acceptable",
            comment="Two rationales are missing.",
            expected_version=submitted.version,
        )
    service.record_verdict(DPO, assessment_id, section=None, verdict="unfavourable", kind="opinion")
    with pytest.raises(ReviewStateError, match="to_correct:scores"):
        service.sign_off(DPO, assessment_id, expected_version=submitted.version)
    with pytest.raises(ValueError, match="section must be one of"):
        service.record_verdict(DPO, assessment_id, section="annex", verdict="acceptable")
    with pytest.raises(ConflictError):
        service.record_verdict(DPO, assessment_id, section="scores", verdict="acceptable", expected_version=submitted.version - 1)
    service.record_verdict(DPO, assessment_id, section="scores", verdict="acceptable", expected_version=submitted.version)
    assert service.sign_off(DPO, assessment_id, expected_version=submitted.version).status == "signed_off"


def test_changes_requested_then_revised_then_signed(service, submitted):
    assessment_id = submitted.assessment_id
    service.record_verdict(DPO, assessment_id, section="legal", verdict="improvable", comment="Name the lawful basis.")
    service.record_verdict(DPO, assessment_id, section="legal", verdict="to_correct", comment="No lawful basis is named.")
    sent_back = service.request_changes(DPO, assessment_id, expected_version=submitted.version, comment="See section 4.")
    assert sent_back.status == "changes_requested"
    first_round = current_round(service.reviews(ASSESSOR, assessment_id))
    # The latest verdict on a section counts.
    assert [(e.section, e.verdict) for e in first_round.section_verdicts] == [("legal", "to_correct")]
    assert first_round.outcome.kind == "changes_requested" and first_round.outcome.comment == "See section 4."

    # The DPO's status change does not make the DPO an author: the DPO can still review after the revision.
    revised = service.load(ASSESSOR, assessment_id).assessment
    revised.need.legitimate_aim += " Lawful basis: article 6(1)(e) GDPR and the municipal police act."
    draft = service.save(ASSESSOR, revised, expected_version=sent_back.version)
    assert draft.status == "draft"
    resubmitted = service.submit(ASSESSOR, assessment_id, expected_version=draft.version)
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(DPO, assessment_id, section=section, verdict="acceptable")
    service.record_verdict(DPO, assessment_id, section=None, verdict="favourable_with_conditions", comment="Keep the sunset date.", kind="opinion")
    with pytest.raises(ConflictError):
        service.sign_off(DPO, assessment_id, expected_version=draft.version)
    signed_record = service.sign_off(DPO, assessment_id, expected_version=resubmitted.version)
    assert signed_record.status == "signed_off"

    entries = service.reviews(ASSESSOR, assessment_id)
    kinds = [e.kind for e in entries]
    assert kinds[:4] == ["submission", "section", "section", "changes_requested"]
    assert kinds[-2:] == ["opinion", "sign_off"] and kinds.count("submission") == 2
    signature = current_round(entries).sign_off
    assert signature.reviewer == "Dace Bērziņa"
    assert signature.version == resubmitted.version and signature.document_hash == resubmitted.document_hash
    assert signature.created_at.endswith("Z")

    # Editing after sign-off starts a new draft; the signed version stays intact and verifiable.
    later = service.load(ASSESSOR, assessment_id).assessment
    later.need.place_type = "Multi-storey car park, levels -1 and -2"
    new_draft = service.save(ASSESSOR, later, expected_version=signed_record.version)
    assert new_draft.status == "draft"
    kept = service.load(DPO, assessment_id, version=resubmitted.version).version
    assert kept.document_hash == resubmitted.document_hash == document_hash(kept.document)
    with service.storage.transaction() as session:
        assert audit.verify_chain(session).intact
        actions = [entry.action for entry in audit.entries(session, assessment_id)]
    assert actions.count("changes_requested") == 1 and actions.count("sign_off") == 1


def test_reports_tell_their_review_state_truthfully(service, submitted):
    reports = ReportService(service)
    assessment_id = submitted.assessment_id
    assert reports.build(ASSESSOR, assessment_id, "en").report.review.label == "Submitted for review, not yet signed off"
    for section in REVIEWABLE_SECTIONS:
        verdict = "improvable" if section == "actions" else "acceptable"
        service.record_verdict(DPO, assessment_id, section=section, verdict=verdict, comment="Give the signage an owner.")
    service.record_verdict(DPO, assessment_id, section=None, verdict="favourable", kind="opinion")
    signed_record = service.sign_off(DPO, assessment_id, expected_version=submitted.version)

    signed = reports.build(ASSESSOR, assessment_id, "de").report
    assert signed.review.signed and signed.review.signed_by == "Dace Bērziņa"
    assert signed.review.signed_document_hash == submitted.document_hash
    assert signed.review.label.startswith("Freigegeben von Dace Bērziņa")
    # An "improvable" verdict becomes an action-plan entry.
    plan = next(block for block in signed.section("actions").blocks if block.kind == "table")
    assert any(row[0] == "Give the signage an owner." for row in plan.rows)

    # The signed version's own report stays signed; the new draft's report says it is not reviewed.
    later = service.load(ASSESSOR, assessment_id).assessment
    later.title += " (2027)"
    service.save(ASSESSOR, later, expected_version=signed_record.version)
    assert reports.build(ASSESSOR, assessment_id, "en", version=signed_record.version).report.review.signed
    draft = reports.build(ASSESSOR, assessment_id, "en").report
    assert not draft.review.signed and draft.review.label == "Draft, not reviewed by the data protection officer"


def test_a_json_report_imports_as_a_new_draft_with_the_same_results(service, submitted, bundle, chart_server):
    from secu4all_ethics import evaluate, word_result

    reports = ReportService(service)
    data, name, mime = reports.export(ASSESSOR, submitted.assessment_id, "it", "json")
    assert name.endswith(f"-v{submitted.version}-it.json") and mime == "application/json"
    imported = service.import_document(ASSESSOR, data, name)
    assert imported.status == "draft" and imported.assessment_id != submitted.assessment_id
    original = word_result(evaluate(service.load(ASSESSOR, submitted.assessment_id).assessment, bundle), bundle, "it")
    again = word_result(evaluate(service.load(ASSESSOR, imported.assessment_id).assessment, bundle), bundle, "it")
    assert again.model_dump(exclude={"assessment"}) == original.model_dump(exclude={"assessment"})
    with service.storage.transaction() as session:
        exports = [e for e in audit.entries(session, submitted.assessment_id) if e.action == "export_report"]
    assert len(exports) == 1 and "as json, it" in exports[0].summary


def test_a_second_download_of_the_same_version_is_the_same_file_until_the_review_changes(service, submitted, chart_server):
    reports = ReportService(service)
    first, _, _ = reports.export(ASSESSOR, submitted.assessment_id, "fr", "md")
    again, _, _ = reports.export(ASSESSOR, submitted.assessment_id, "fr", "md")
    assert again is first  # served from the cache, not made again
    service.record_verdict(DPO, submitted.assessment_id, section="legal", verdict="acceptable")
    after_review, _, _ = reports.export(ASSESSOR, submitted.assessment_id, "fr", "md")
    assert after_review is not first and "satisfaisant" in after_review.decode()
    with service.storage.transaction() as session:
        exports = [e for e in audit.entries(session, submitted.assessment_id) if e.action == "export_report"]
    assert len(exports) == 3  # every download is recorded, cached or not


def test_the_report_under_review_is_built_once_per_review_state_and_still_checks_who_asks(service, submitted, storage):
    """The review page draws the report on every run: the same version, review record, content and
    language give the report already built; a verdict gives a new one; access is checked every time."""
    reports = ReportService(service)
    first = reports.build(DPO, submitted.assessment_id, "de")
    assert reports.build(DPO, submitted.assessment_id, "de") is first
    assert reports.build(DPO, submitted.assessment_id, "fr") is not first
    service.record_verdict(DPO, submitted.assessment_id, section="legal", verdict="acceptable")
    after_verdict = reports.build(DPO, submitted.assessment_id, "de")
    assert after_verdict is not first and len(after_verdict.provenance.reviews) == len(first.provenance.reviews) + 1
    stranger = Actor(name="Eve", role="assessor", organisation="Elsewhere", authenticated=True)
    with pytest.raises(AccessDenied):
        reports.build(stranger, submitted.assessment_id, "de")


def test_review_refusals_are_told_in_the_screens_language(service, submitted):
    with pytest.raises(ReviewStateError) as refused:
        service.sign_off(DPO, submitted.assessment_id, expected_version=submitted.version)
    assert str(refused.value).startswith(f"version {submitted.version} cannot be signed off yet: verdict:summary")
    french = refused.value.describe("fr")
    assert french.startswith(f"la version {submitted.version} ne peut pas encore être visée : pas d'avis sur « Synthèse »")
    assert french.endswith("pas d'avis global")
    with pytest.raises(ReviewStateError) as not_draft:
        service.submit(ASSESSOR, submitted.assessment_id, expected_version=submitted.version)
    assert not_draft.value.describe("de") == f"Version {submitted.version} hat den Status „Eingereicht“; nur ein Entwurf kann eingereicht werden"


def sign(service, submitted, dpo=DPO):
    """Every section acceptable, a favourable opinion, then the sign-off (which stores the next version)."""
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(dpo, submitted.assessment_id, section=section, verdict="acceptable")
    service.record_verdict(dpo, submitted.assessment_id, section=None, verdict="favourable", kind="opinion")
    return service.sign_off(dpo, submitted.assessment_id, expected_version=submitted.version)


def test_a_signed_reports_cover_signature_file_name_and_history_name_one_version_and_one_hash(service, submitted):
    record = sign(service, submitted)
    signed_version, signed_hash = submitted.version, submitted.document_hash
    assert record.version == signed_version + 1 and record.document_hash != signed_hash  # the sign-off's own record
    reports = ReportService(service)
    report = reports.build(ASSESSOR, submitted.assessment_id, "en").report
    assert (report.version, report.document_hash) == (signed_version, signed_hash)  # the cover
    assert (report.review.signed_version, report.review.signed_document_hash) == (signed_version, signed_hash)  # the signature
    assert f"(version {signed_version}, document hash {signed_hash[:16]}…)" in report.review.label
    review = report.section("review")
    history = next(block for block in review.blocks if block.kind == "table" and block.caption == "Review history")
    assert history.rows[-1][1] == str(signed_version) and history.rows[-1][3] == "signed off"
    assert {row[1] for row in history.rows} == {str(signed_version)}
    annex = next(block for block in report.section("annex").blocks if block.kind == "table")
    assert ["Version", str(signed_version)] in annex.rows and ["Document hash of this version (SHA-256)", signed_hash] in annex.rows
    # the file: its name, its cover
    data, name, _ = reports.export(ASSESSOR, submitted.assessment_id, "en", "md")
    assert name.endswith(f"-v{signed_version}-en.md")
    assert f"Version: {signed_version} · Document hash: `{signed_hash}`" in data.decode()
    # the JSON report carries the signed document itself, so its hash can be checked again
    package = json.loads(reports.export(ASSESSOR, submitted.assessment_id, "en", "json")[0])
    assert document_hash(package["assessment"]) == signed_hash
    assert (package["provenance"]["version"], package["provenance"]["document_hash"]) == (signed_version, signed_hash)
    # asked for by the sign-off's own record, or by the signed version: the same report
    for version in (signed_version, record.version):
        again = reports.build(ASSESSOR, submitted.assessment_id, "en", version=version).report
        assert (again.version, again.document_hash, again.review.label) == (signed_version, signed_hash, report.review.label)


def test_reviewers_are_named_by_the_display_name_of_their_account(service, storage):
    from secu4all_ethics.services.auth import AuthSettings, create_user, login

    password = "a long enough password"
    create_user(storage, None, username="dace", display_name="Dace Bērziņa", role="dpo", organisation="Riga", password=password)
    dace = login(storage, AuthSettings(mode="local"), "dace", password)
    assert (dace.name, dace.shown_name) == ("dace", "Dace Bērziņa")
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    submitted = service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    sign(service, submitted, dace)
    signature = current_round(service.reviews(ASSESSOR, stored.assessment_id)).sign_off
    assert (signature.reviewer, signature.reviewer_name, signature.reviewer_authenticated) == ("dace", "Dace Bērziņa", True)
    report = ReportService(service).build(ASSESSOR, stored.assessment_id, "en").report
    assert report.review.label.startswith("Signed off by Dace Bērziņa on") and report.review.signed_by == "Dace Bērziņa"
    assert "self-declared" not in report.review.label


def test_a_self_declared_sign_off_says_so_in_every_report(service):
    from secu4all_ethics.services.auth import unauthenticated_actor

    assessor = unauthenticated_actor("Ann Assessor", "assessor", "My municipality")
    dpo = unauthenticated_actor("a self-declared DPO", "dpo", "My municipality")
    stored = service.create(assessor, load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"))
    submitted = service.submit(assessor, stored.assessment_id, expected_version=stored.version)
    # the author typing her name in another case is still the author
    with pytest.raises(AccessDenied, match="they authored"):
        service.record_verdict(unauthenticated_actor("ann  ASSESSOR", "dpo", "My municipality"), stored.assessment_id, section="legal", verdict="acceptable")
    sign(service, submitted, dpo)
    assert current_round(service.reviews(assessor, stored.assessment_id)).sign_off.reviewer_authenticated is False
    data, _, _ = ReportService(service).export(assessor, stored.assessment_id, "en", "md")
    text = data.decode()
    header = text.split("\n\n")[3]
    assert header.startswith("> **Signed off by a self\\-declared DPO \\(self\\-declared, not authenticated\\) on")
    assert "could not be enforced" in text


# --- completeness (engine.completeness) and overridden catalogue hints ----------------------------------------


def probe(bundle):
    """The finding's probe: one technology, no need, no alternative, no conclusion, no proportionality statement
    (its DPIA is done: what a missing DPIA asks is tests/unit/test_dpia.py's)."""
    return with_dpia(make_assessment(bundle, ["fixed_cctv"]))


def test_an_incomplete_assessment_is_not_submitted(service, bundle):
    stored = service.create(ASSESSOR, probe(bundle))
    with pytest.raises(ReviewStateError) as refused:
        service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    assert refused.value.code == "assessment_incomplete"
    assert refused.value.missing == ["need_problem", "need_legitimate_aim", "no_alternative", "conclusion_undecided"]
    pages = t("wording.list_separator", "fr").join(["1 Besoin et contexte (2)", "2 Options (1)", "7 Décision et rapport (1)"])
    assert refused.value.describe("fr") == t("review_state.assessment_incomplete", "fr", version=stored.version, missing=pages, page="7 Décision et rapport")
    assert refused.value.describe("fr").startswith(f"la version {stored.version} n'est pas complète")
    assert service.load(ASSESSOR, stored.assessment_id).version.status == "draft"
    assert [e.kind for e in service.reviews(ASSESSOR, stored.assessment_id)] == []

    complete = completed(service.load(ASSESSOR, stored.assessment_id).assessment)
    complete.alternatives_justification = "Lighting was renewed in 2024 and thefts went on."
    draft = service.save(ASSESSOR, complete, expected_version=stored.version)
    assert service.submit(ASSESSOR, stored.assessment_id, expected_version=draft.version).status == "submitted"


def review_every_section(service, assessment_id, version):
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(DPO, assessment_id, section=section, verdict="acceptable", expected_version=version)
    service.record_verdict(DPO, assessment_id, section=None, verdict="favourable", kind="opinion", expected_version=version)


def test_a_version_submitted_incomplete_before_the_rule_is_not_signed_off(service, bundle, monkeypatch):
    stored = service.create(ASSESSOR, probe(bundle))
    with monkeypatch.context() as before_the_rule:
        before_the_rule.setattr(completeness, "missing_for_submission", lambda assessment, content: [])
        submitted = service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    review_every_section(service, stored.assessment_id, submitted.version)
    with pytest.raises(ReviewStateError) as refused:
        service.sign_off(DPO, stored.assessment_id, expected_version=submitted.version)
    assert refused.value.code == "assessment_incomplete" and "conclusion_undecided" in refused.value.missing
    assert str(refused.value).startswith(f"version {submitted.version} is not complete: need_problem")
    assert service.load(DPO, stored.assessment_id).version.status == "submitted"
    assert current_round(service.reviews(DPO, stored.assessment_id)).sign_off is None


def overriding_live_facial_recognition(bundle):
    """Live facial recognition with every gate answered "passes", the catalogue's three "fails" set aside with reasons."""
    assessment = completed(make_assessment(bundle, ["live_facial_recognition", "improved_lighting"]), "improved_lighting")
    assessment.options[0].gate_answers = {
        gate.id: GateAnswer(answer="passes", justification=f"The municipal police act allows it ({gate.id}).") for gate in bundle.legal.gates
    }
    return assessment


def test_an_overridden_fails_hint_is_a_review_point_the_dpo_must_accept(service, bundle):
    stored = service.create(ASSESSOR, overriding_live_facial_recognition(bundle))
    submitted = service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    review_every_section(service, stored.assessment_id, submitted.version)
    with pytest.raises(ReviewStateError) as refused:
        service.sign_off(DPO, stored.assessment_id, expected_version=submitted.version)
    assert refused.value.missing == ["verdict:hint_overrides"]
    assert refused.value.describe("en") == f"version {submitted.version} cannot be signed off yet: no verdict on “Overridden catalogue hints”"
    service.record_verdict(DPO, stored.assessment_id, section="hint_overrides", verdict="to_correct", comment="Article 5 applies.")
    with pytest.raises(ReviewStateError, match="to_correct:hint_overrides"):
        service.sign_off(DPO, stored.assessment_id, expected_version=submitted.version)
    service.record_verdict(DPO, stored.assessment_id, section="hint_overrides", verdict="acceptable", comment="Court order on file.")
    assert service.sign_off(DPO, stored.assessment_id, expected_version=submitted.version).status == "signed_off"


def test_an_override_without_its_justification_is_not_submitted(service, bundle):
    assessment = overriding_live_facial_recognition(bundle)
    assessment.options[0].gate_answers["lawful_basis"] = GateAnswer(answer="passes", justification="")
    stored = service.create(ASSESSOR, assessment)
    with pytest.raises(ReviewStateError) as refused:
        service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    assert refused.value.missing == ["override_unjustified:live_facial_recognition:lawful_basis"]


def test_overridden_hints_are_reviewed_only_where_there_are_some(service, submitted):
    with pytest.raises(ValueError, match="sets aside no catalogue hint"):
        service.record_verdict(DPO, submitted.assessment_id, section="hint_overrides", verdict="acceptable")
    assert current_round(service.reviews(DPO, submitted.assessment_id)).section_verdicts == []

"""Review rounds carry over (#15 point 14): after the DPO asks for changes, the resubmitted version
starts with the earlier verdicts on unchanged sections, each a new entry on the new version marked as
carried over and naming the version it comes from; a changed or contested section opens again. The
carried verdicts are checked again at sign-off, not trusted. On SQLite and PostgreSQL."""

import pytest

from secu4all_ethics import load_assessment
from secu4all_ethics.domain.review import current_round
from secu4all_ethics.report import REVIEWABLE_SECTIONS
from secu4all_ethics.services.assessments import ReviewStateError
from secu4all_ethics.services.reports import ReportService
from secu4all_ethics.storage import audit
from secu4all_ethics.storage.audit import Actor
from tests.conftest import BACKENDS, EXAMPLES_DIR

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)

ASSESSOR = Actor(name="Ada", role="assessor", organisation="Riga", authenticated=True)
DPO = Actor(name="Dace", role="dpo", organisation="Riga", authenticated=True)


def sent_back(service):
    """Version reviewed: every section acceptable but the need, to correct; changes asked for."""
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    submitted = service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    for section in REVIEWABLE_SECTIONS:
        verdict = "to_correct" if section == "need" else "improvable" if section == "actions" else "acceptable"
        service.record_verdict(DPO, stored.assessment_id, section=section, verdict=verdict, comment=f"On {section}.")
    back = service.request_changes(DPO, stored.assessment_id, expected_version=submitted.version, comment="Evidence of the problem.")
    return submitted, back


def revise_and_submit(service, back, change):
    revised = service.load(ASSESSOR, back.assessment_id).assessment
    change(revised)
    draft = service.save(ASSESSOR, revised, expected_version=back.version)
    return service.submit(ASSESSOR, back.assessment_id, expected_version=draft.version)


def add_evidence_source(assessment):
    assessment.need.evidence[0].source = "Police incident log 2025"


def test_a_change_in_the_contested_section_only_keeps_every_other_verdict(service):
    reviewed, back = sent_back(service)
    resubmitted = revise_and_submit(service, back, add_evidence_source)

    entries = service.reviews(ASSESSOR, back.assessment_id)
    this_round = current_round(entries)
    carried = {entry.section: entry for entry in this_round.section_verdicts}
    assert set(carried) == set(REVIEWABLE_SECTIONS) - {"need"}
    for entry in carried.values():
        assert entry.kind == "carried_over" and entry.carried_over
        assert entry.carried_from == reviewed.version
        # A new entry on the new version, by the DPO who gave it: the earlier round stays as it was.
        assert (entry.version, entry.document_hash) == (resubmitted.version, resubmitted.document_hash)
        assert entry.reviewer == "Dace" and entry.reviewer_authenticated
    assert carried["actions"].verdict == "improvable" and carried["actions"].comment == "On actions."
    earlier = [entry for entry in entries if entry.kind == "section"]
    assert len(earlier) == len(REVIEWABLE_SECTIONS) and all(entry.version == reviewed.version for entry in earlier)
    with service.storage.transaction() as session:
        assert audit.verify_chain(session).intact
        kept = [entry for entry in audit.entries(session, back.assessment_id) if entry.action == "review_carry_over"]
    assert len(kept) == 1 and f"kept from version {reviewed.version}" in kept[0].summary

    # The need is open: sign-off waits for its verdict, then the carried verdicts count.
    service.record_verdict(DPO, back.assessment_id, section=None, verdict="favourable", kind="opinion")
    with pytest.raises(ReviewStateError, match="verdict:need"):
        service.sign_off(DPO, back.assessment_id, expected_version=resubmitted.version)
    service.record_verdict(DPO, back.assessment_id, section="need", verdict="acceptable")
    assert service.sign_off(DPO, back.assessment_id, expected_version=resubmitted.version).status == "signed_off"


def test_a_change_in_another_section_opens_that_one_too(service):
    _, back = sent_back(service)

    def also_the_statement(assessment):
        add_evidence_source(assessment)
        assessment.proportionality.statement += " Reviewed with the residents' council."

    revise_and_submit(service, back, also_the_statement)
    open_sections = set(REVIEWABLE_SECTIONS) - {entry.section for entry in current_round(service.reviews(ASSESSOR, back.assessment_id)).section_verdicts}
    assert open_sections == {"need", "proportionality"}


def test_a_changed_score_opens_the_scores_and_the_ranking(service):
    _, back = sent_back(service)

    def lower_a_score(assessment):
        add_evidence_source(assessment)
        option = assessment.options[0]
        criterion = next(iter(option.scores))
        score = option.scores[criterion]
        score.value, score.low, score.high = (1 if score.value != 1 else 2), None, None

    revise_and_submit(service, back, lower_a_score)
    kept = {entry.section for entry in current_round(service.reviews(ASSESSOR, back.assessment_id)).section_verdicts}
    assert {"need", "scores", "results", "summary"}.isdisjoint(kept)
    assert {"options", "legal", "weights", "actions", "proportionality"} <= kept


def test_nothing_is_carried_over_into_a_first_round_nor_after_a_sign_off(service):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    submitted = service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    assert [entry.kind for entry in service.reviews(ASSESSOR, stored.assessment_id)] == ["submission"]
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(DPO, stored.assessment_id, section=section, verdict="acceptable")
    service.record_verdict(DPO, stored.assessment_id, section=None, verdict="favourable", kind="opinion")
    signed = service.sign_off(DPO, stored.assessment_id, expected_version=submitted.version)
    resubmitted = revise_and_submit(service, signed, add_evidence_source)
    assert current_round(service.reviews(ASSESSOR, stored.assessment_id)).section_verdicts == []
    assert resubmitted.status == "submitted"


def test_a_carried_verdict_is_checked_again_at_sign_off(service):
    """A carried-over entry whose section differs from the version it came from does not count, even if
    it was written (here by hand, as a forged or faulty record would be)."""
    reviewed, back = sent_back(service)
    resubmitted = revise_and_submit(service, back, add_evidence_source)
    from secu4all_ethics.storage import repository as repo

    with service.storage.transaction() as session:
        repo.add_review(
            session,
            assessment_id=back.assessment_id,
            version=resubmitted.version,
            document_hash=resubmitted.document_hash,
            reviewer="Dace",
            reviewer_authenticated=True,
            kind="carried_over",
            section="need",
            verdict="acceptable",
        )
    service.record_verdict(DPO, back.assessment_id, section=None, verdict="favourable", kind="opinion")
    with pytest.raises(ReviewStateError, match="verdict:need"):
        service.sign_off(DPO, back.assessment_id, expected_version=resubmitted.version)


def test_the_report_prints_carried_verdicts_as_such(service):
    reviewed, back = sent_back(service)
    revise_and_submit(service, back, add_evidence_source)
    expected = {
        "en": f"carried over from version {reviewed.version}",
        "fr": f"reporté de la version {reviewed.version}",
        "de": f"aus Version {reviewed.version} übernommen",
        "it": f"ripreso dalla versione {reviewed.version}",
    }
    for language, words in expected.items():
        report = ReportService(service).build(ASSESSOR, back.assessment_id, language).report
        table = next(block for block in report.section("review").blocks if block.kind == "table" and block.rows and len(block.columns) == 5)
        verdicts = {row[0]: row[1] for row in table.rows}
        options_title = next(section.title for section in report.sections if section.id == "options")
        assert words in verdicts[options_title], (language, verdicts)
        history = [block for block in report.section("review").blocks if block.kind == "table"][-1]
        assert any(words in cell for row in history.rows for cell in row), language

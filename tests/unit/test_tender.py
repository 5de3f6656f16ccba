"""Issue #17 §3: tender clauses, the vendor questionnaire, the evaluation grid, vendors' answers and the
tender document."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import yaml
from docx import Document

from secu4all_ethics.content.bundle import ContentBundle
from secu4all_ethics.content.loader import load_assessment, load_content
from secu4all_ethics.domain.assessment import AssessedScore, VendorAnswer
from secu4all_ethics.domain.content import EvidenceGrade
from secu4all_ethics.engine.evaluate import evaluate
from secu4all_ethics.engine.tender import tender_package
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n.languages import LANGUAGES
from secu4all_ethics.report import Provenance
from secu4all_ethics.services.tender import render_tender, tender_report
from secu4all_ethics.wording import word_result
from tests.conftest import EXAMPLES_DIR

EXAMPLES = ("christmas_market", "park_drug_dealing", "station_car_park")


def example(name: str):
    return load_assessment(EXAMPLES_DIR / f"{name}.yaml")


def package_of(assessment, bundle, option_key=None):
    return tender_package(assessment, evaluate(assessment, bundle, with_acceptability=False), bundle, option_key)


# --- content ------------------------------------------------------------------------------------------------


def test_the_shipped_tender_content_loads(bundle):
    clause_ids = {clause.id for clause in bundle.tender_clauses}
    # The requirements the issue names are all there.
    assert {
        "retention_72h_enforced",
        "privacy_masking_before_go_live",
        "no_audio_capture",
        "analytics_disabled_not_licensed",
        "access_control_and_logs",
        "ai_system_logs",
        "deletion_and_return_at_contract_end",
        "hosting_and_sub_processors",
        "impact_assessment_cooperation",
    } <= clause_ids
    assert {question.id for question in bundle.tender_questions} == {
        "accuracy_figures",
        "independent_tests",
        "data_flows_and_hosting",
        "sub_processors",
        "biometric_or_emotion_functions",
        "update_and_upgrade_policy",
    }
    processor_terms = next(clause for clause in bundle.tender_clauses if clause.id == "deletion_and_return_at_contract_end")
    assert processor_terms.sources == ["gdpr_art28", "led_art22"]


def test_an_unknown_configuration_in_a_clause_is_named_by_file_and_field(content_copy):
    path = content_copy / "tender" / "clauses.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["clauses"][0]["comes_from"]["configurations"] = ["retention_72_hours"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(content_copy)
    assert any(
        issue.file == "tender/clauses.yaml" and issue.path == "clauses[0].comes_from.configurations[0]" and "retention_72_hours" in issue.message
        for issue in raised.value.issues
    )


def test_a_question_that_depends_on_nothing_is_refused_with_its_field(content_copy):
    path = content_copy / "tender" / "questions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][1]["depends_on"] = {"criteria": []}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(content_copy)
    located = {(issue.file, issue.path) for issue in raised.value.issues}
    assert ("tender/questions.yaml", "questions[1].depends_on") in located


def test_an_unknown_gate_in_the_grid_is_named(content_copy):
    path = content_copy / "tender" / "questions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][2]["grid"][0]["effect"] = {"kind": "fails_gate", "gate": "no_such_gate"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(content_copy)
    assert any(issue.file == "tender/questions.yaml" and issue.path.startswith("questions[2].grid[0].effect.gate") for issue in raised.value.issues)


def test_the_snapshot_keeps_the_tender_content_and_an_older_snapshot_still_loads(bundle):
    snapshot = bundle.snapshot()
    assert len(snapshot["tender"]["clauses"]) == len(bundle.tender_clauses)
    rebuilt = ContentBundle.from_snapshot(snapshot, bundle.content_hash)
    assert rebuilt.tender_questions == bundle.tender_questions
    older = {key: value for key, value in snapshot.items() if key != "tender"}
    assert ContentBundle.from_snapshot(older).tender_clauses == ()


# --- engine ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_clause_traces_to_a_safeguard_obligation_or_data_fact_and_every_question_to_a_score_or_gate(bundle, name):
    assessment = example(name)
    result = evaluate(assessment, bundle, with_acceptability=False)
    clauses = {clause.id: clause for clause in bundle.tender_clauses}
    questions = {question.id: question for question in bundle.tender_questions}
    checked = 0
    for option in assessment.options:
        package = tender_package(assessment, result, bundle, option.key)
        if package is None:
            continue
        option_result = next(o for o in result.options if o.key == option.key)
        triggered = {outcome.obligation for outcome in option_result.obligations}
        for fact in package.clauses:
            assert fact.traces, fact.clause
            origin = clauses[fact.clause].comes_from
            for trace in fact.traces:
                if trace.kind == "configuration":
                    assert trace.ref in option.configurations and trace.ref in origin.configurations
                elif trace.kind == "obligation":
                    assert trace.ref in triggered and trace.ref in origin.obligations
                else:
                    assert origin.data_fact is not None
                for index in trace.actions:
                    assert assessment.action_plan[index].origin_ref == trace.ref
            checked += 1
        for fact in package.questions:
            assert fact.depends_on
            depends = questions[fact.question].depends_on
            for dependence in fact.depends_on:
                if dependence.kind == "score":
                    assert dependence.ref in depends.criteria and dependence.ref in option_result.criteria
                else:
                    assert dependence.ref in depends.gates and dependence.ref in {gate.gate for gate in option_result.gates}
    assert checked


def test_the_christmas_market_barriers_hand_checked(bundle):
    """The recommended barriers (temporary, co-designed for accessibility) process no personal data: three clauses,
    two from the configurations with the action plan's first two commitments, one from the data fact; the one
    question that applies to any option, on independent tests."""
    package = package_of(example("christmas_market"), bundle)
    assert package.option == "hvm_street_furniture"
    assert [(fact.clause, [(t.kind, t.ref, t.actions) for t in fact.traces]) for fact in package.clauses] == [
        ("no_personal_data_components", [("data_fact", "", ())]),
        ("crash_rated_barriers", [("configuration", "temporary_event_barriers", (0,))]),
        ("codesign_with_users", [("configuration", "accessibility_codesign", (1,))]),
    ]
    assert [fact.question for fact in package.questions] == ["independent_tests"]
    assert [(row.effect, row.target, row.levels) for row in package.grid] == [("lowers_criterion", "operational_reliability", 1)]


def test_the_car_park_cameras_hand_checked(bundle):
    """Fixed CCTV with 72-hour deletion, privacy masking and the prevention package: personal data of everyone,
    no sound, no biometrics. Clauses: the two chosen safeguards, the camera facts (no audio, no analytics) and
    the processor terms every personal-data option gets; the questions on hosting, sub-processors, dormant
    biometric functions and updates, and on independent tests."""
    assessment = example("station_car_park")
    package = package_of(assessment, bundle, "fixed_cctv")
    clauses = [fact.clause for fact in package.clauses]
    assert clauses[:8] == [
        "retention_72h_enforced",
        "privacy_masking_before_go_live",
        "no_audio_capture",
        "analytics_disabled_not_licensed",
        "access_control_and_logs",
        "deletion_and_return_at_contract_end",
        "hosting_and_sub_processors",
        "impact_assessment_cooperation",
    ]
    assert "counting_on_the_sensor" not in clauses and "no_personal_data_components" not in clauses and "ai_system_logs" not in clauses
    assert [fact.question for fact in package.questions] == [
        "independent_tests",
        "data_flows_and_hosting",
        "sub_processors",
        "biometric_or_emotion_functions",
        "update_and_upgrade_policy",
    ]


def test_a_score_resting_on_a_vendor_claim_makes_its_question_open(bundle):
    assessment = example("station_car_park")
    option = next(o for o in assessment.options if o.key == "fixed_cctv")
    before = next(f for f in package_of(assessment, bundle, "fixed_cctv").questions if f.question == "sub_processors")
    assert {d.ref: d.reason for d in before.depends_on}["legal_certainty"] != "vendor_claim"
    option.scores["legal_certainty"] = AssessedScore(value=3, evidence_grade=EvidenceGrade.vendor_claim, rationale="The vendor says so.")
    after = next(f for f in package_of(assessment, bundle, "fixed_cctv").questions if f.question == "sub_processors")
    assert {d.ref: d.reason for d in after.depends_on}["legal_certainty"] == "vendor_claim"
    assert after.open


def test_the_grid_lowers_from_the_configured_score(bundle):
    assessment = example("station_car_park")
    result = evaluate(assessment, bundle, with_acceptability=False)
    package = tender_package(assessment, result, bundle, "fixed_cctv")
    configured = next(o for o in result.options if o.key == "fixed_cctv").criteria["function_creep"].configured
    row = next(r for r in package.grid if r.question == "biometric_or_emotion_functions" and r.effect == "lowers_criterion")
    assert (row.level_now, row.level_after) == (configured, max(1.0, configured - 2))
    gates = [(r.question, r.target, r.already) for r in package.grid if r.effect == "fails_gate"]
    assert gates == [("data_flows_and_hosting", "lawful_basis", False), ("biometric_or_emotion_functions", "prohibited_practice", False)]


def test_the_status_quo_and_no_recommendation_get_no_tender(bundle):
    assessment = example("station_car_park")
    assert package_of(assessment, bundle, "do_nothing") is None
    assessment.decision.conclusion = "undecided"
    assessment.decision.recommended_option = None
    assert package_of(assessment, bundle) is None


# --- vendors' answers ---------------------------------------------------------------------------------------------


def test_an_assessment_without_vendor_answers_still_loads():
    assert all(not option.vendor_answers for option in example("christmas_market").options)


def test_a_contradicting_answer_flags_the_scores_and_gates_it_depends_on(bundle):
    assessment = example("station_car_park")
    option = next(o for o in assessment.options if o.key == "fixed_cctv")
    option.vendor_answers["sub_processors"] = VendorAnswer(vendor="Acme Video", date=dt.date(2027, 3, 1), answer="Names none.", contradicts_assumption=True)
    option.vendor_answers["data_flows_and_hosting"] = VendorAnswer(vendor="Acme Video", answer="On premises.", contradicts_assumption=False)
    option.vendor_answers["biometric_or_emotion_functions"] = VendorAnswer(vendor="Acme Video", answer="Face search, licensed.", contradicts_assumption=True)
    result = evaluate(assessment, bundle, with_acceptability=False)
    flagged = [(w.option, w.criterion, w.params.get("gate")) for w in result.warnings if w.code == "vendor_answer_contradicts"]
    assert flagged == [
        ("fixed_cctv", "legal_certainty", None),
        ("fixed_cctv", "data_security", None),
        ("fixed_cctv", "function_creep", None),
        ("fixed_cctv", "privacy_intrusion", None),
        ("fixed_cctv", None, "prohibited_practice"),
    ]
    worded = word_result(result, bundle, "de")
    messages = [w.message for w in worded.warnings if w.code == "vendor_answer_contradicts"]
    assert "Acme Video" in messages[0] and "Unterauftragsverarbeiter" in messages[0]
    assert "rechtliche Prüfung" in messages[-1]


def test_a_consistent_answer_flags_nothing(bundle):
    assessment = example("station_car_park")
    option = next(o for o in assessment.options if o.key == "fixed_cctv")
    option.vendor_answers["sub_processors"] = VendorAnswer(vendor="Acme Video", answer="One, in Ghent.")
    result = evaluate(assessment, bundle, with_acceptability=False)
    assert not [w for w in result.warnings if w.code == "vendor_answer_contradicts"]


# --- the document ----------------------------------------------------------------------------------------------------

TITLES = {
    "en": ("Barriers tested against vehicle impact, placed as tested", "Independent tests", "Evaluation grid for bids"),
    "fr": ("Barrières testées contre l'impact d'un véhicule, posées comme testées", "Essais indépendants", "Grille d'évaluation des offres"),
    "de": ("Gegen Fahrzeuganprall geprüfte Sperren, wie geprüft aufgestellt", "Unabhängige Prüfungen", "Bewertungsraster für Angebote"),
    "it": ("Barriere testate contro l'impatto di veicoli, posate come testate", "Prove indipendenti", "Griglia di valutazione delle offerte"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_tender_document_in_each_language(bundle, language):
    report, _ = tender_report(example("christmas_market"), bundle, language, Provenance(document_hash="0" * 64, version=3))
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(render_tender(report, "docx"))).paragraphs)
    clause, question, grid = TITLES[language]
    assert f"C2. {clause}" in text and f"Q1. {question}" in text and grid in text
    markdown = render_tender(report, "markdown").decode("utf-8")
    assert clause.replace("-", "\\-").replace("(", "\\(").replace(")", "\\)") in markdown


def test_the_document_lists_recorded_answers_and_what_to_review(bundle):
    assessment = example("station_car_park")
    option = next(o for o in assessment.options if o.key == "improved_lighting")
    option.vendor_answers["independent_tests"] = VendorAnswer(vendor="Lumen BV", answer="No independent test.", contradicts_assumption=True)
    report, package = tender_report(assessment, bundle, "en", Provenance(document_hash="0" * 64, version=1))
    answers = report.section("answers")
    table = next(block for block in answers.blocks if block.kind == "table")
    assert table.rows[0][:4] == ["Independent tests", "Lumen BV", "—", "contradicts an assumption"]
    notices = [block.text for block in answers.blocks if block.kind == "notice"]
    assert any("Review the score on" in text and "Independent tests" in text for text in notices)
    assert {flag.ref for flag in package.review_flags} == {"effectiveness_evidence", "operational_reliability"}


def test_the_grid_reads_whole_levels_as_whole_numbers(bundle):
    report, _ = tender_report(example("christmas_market"), bundle, "de", Provenance(document_hash="0" * 64, version=1))
    grid = next(block for block in report.section("grid").blocks if block.kind == "table")
    assert grid.rows[0][2] == "senkt die Bewertung „Betriebliche Zuverlässigkeit“ von 3 auf 2"

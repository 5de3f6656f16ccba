"""The engine returns facts; secu4all_ethics.wording turns one result into sentences for each language,
and each score brings its rationale, evidence grade and sources on the result into the report."""

import re

import pytest

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.domain.localized import LANGUAGES, LocalizedText
from secu4all_ethics.engine.results import EvaluationResult
from secu4all_ethics.i18n import catalog
from secu4all_ethics.report import Provenance, build_report
from secu4all_ethics.services import reports
from secu4all_ethics.services.reports import ReportService
from secu4all_ethics.storage.audit import Actor
from secu4all_ethics.wording import word_result
from tests.conftest import EXAMPLES_DIR

ASSESSOR = Actor(name="Ada", role="assessor", organisation="Riga", authenticated=True)
EXAMPLES = sorted(path.name for path in EXAMPLES_DIR.glob("*.yaml"))


def sentences(result: EvaluationResult) -> list[str]:
    """Every sentence the wording fills in, with where it is."""
    found = [("language", result.language)]
    for option in result.options:
        found.append((f"{option.key}.name", option.name))
        for gate in option.gates + option.exclusion_reasons:
            found.append((f"{option.key}.{gate.gate}.gate_name", gate.gate_name))
            if gate.answer == "fails":
                found.append((f"{option.key}.{gate.gate}.message", gate.message))
        for obligation in option.obligations:
            found += [(f"{option.key}.{obligation.obligation}.name", obligation.name), (f"{obligation.obligation}.detail", obligation.detail)]
    found += [(f"explanation.{table.id}", table.caption) for table in result.explanation]
    found += [(f"warning.{warning.code}", warning.message) for warning in result.warnings]
    if result.cross_check is not None:
        found += [(f"method.{m.method}", m.name) for m in result.cross_check.methods]
        found.append(("cross_check.statement", result.cross_check.statement))
    if result.robustness is not None:
        found.append(("robustness.statement", result.robustness.statement))
        acceptability = result.robustness.acceptability
        if acceptability is not None:
            found += [("score_sampling", acceptability.score_sampling), ("acceptability.statement", acceptability.statement)]
    return found


def worded_fields() -> set[str]:
    """The names of the result's sentence fields: those the engine declares with worded()."""
    from secu4all_ethics.engine import results

    models = [value for value in vars(results).values() if isinstance(value, type) and issubclass(value, results.ResultModel)]
    return {
        name
        for model in models
        for name, field in model.model_fields.items()
        if isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get(results.WORDED)
    }


def test_the_sentence_fields_are_known_to_this_test():
    assert {"name", "gate_name", "message", "caption", "statement", "score_sampling", "regime_explanation"} <= worded_fields()


def facts(result: EvaluationResult) -> dict:
    """The result without a word of it: every number, id and code."""
    data = result.model_dump(mode="json")
    data.pop("language")
    worded = worded_fields()

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in worded}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)


@pytest.fixture(scope="module")
def car_park(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    return assessment, evaluate(assessment, bundle)


def test_the_engine_result_holds_facts_and_no_sentence(car_park):
    _, result = car_park
    assert result.language == ""
    assert all(text == "" for where, text in sentences(result)), [where for where, text in sentences(result) if text]
    assert result.warnings and all(w.code and w.message == "" for w in result.warnings)


def test_one_evaluation_is_worded_in_four_languages_with_the_same_numbers(car_park, bundle):
    _, result = car_park
    before = result.model_dump()
    worded = {language: word_result(result, bundle, language) for language in LANGUAGES}
    assert result.model_dump() == before, "wording changed the engine's result"
    for language, words in worded.items():
        assert words.language == language
        assert facts(words) == facts(result), f"{language}: the numbers, ids or codes changed"
        for where, text in sentences(words):
            assert text.strip(), f"{language}: {where} is empty"
            # A key left unresolved shows as a placeholder or as the catalog key itself.
            assert not re.search(r"\{[a-z_]+\}", text), f"{language}: {where} has a placeholder left: {text}"
            assert not re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", text), f"{language}: {where} is a catalog key: {text}"
    english = dict(sentences(worded["en"]))
    for language in ("fr", "de", "it"):
        other = dict(sentences(worded[language]))
        for where in ("robustness.statement", "acceptability.statement", "cross_check.statement", "explanation.weights"):
            assert other[where] != english[where], f"{language}: {where} is not translated"
        assert [w.message for w in worded[language].warnings] != [w.message for w in worded["en"].warnings]


def test_the_sentences_are_the_catalogs(car_park, bundle):
    _, result = car_park
    french = word_result(result, bundle, "fr")
    assert french.explanation[0].caption == catalog("fr")["wording.table.weights"]
    first = french.robustness.acceptability.first_choice
    assert french.options[[o.key for o in french.options].index(first)].name in french.robustness.acceptability.statement


def test_a_worded_result_words_again_in_another_language_as_from_the_facts(car_park, bundle):
    _, result = car_park
    via_german = word_result(word_result(result, bundle, "de"), bundle, "it")
    assert via_german.model_dump() == word_result(result, bundle, "it").model_dump()


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_score_carries_its_rationale_grade_and_sources_from_the_source_of_its_value(bundle, name):
    assessment = load_assessment(EXAMPLES_DIR / name)
    result = evaluate(assessment, bundle)
    assessed = {option.key: option for option in assessment.options}
    seen = set()
    for option in result.options:
        technology = bundle.technologies_by_id.get(option.catalogue_id or "")
        for criterion, value in option.criteria.items():
            seen.add(value.source)
            if value.source == "assessor":
                given = assessed[option.key].scores[criterion]
                assert (value.rationale, value.sources, value.evidence_grade) == (given.rationale, given.sources, given.evidence_grade)
            elif value.source == "reference":
                given = technology.scores[criterion]
                assert isinstance(value.rationale, LocalizedText)
                assert (value.rationale, value.sources, value.evidence_grade) == (given.rationale, given.sources, given.evidence_grade)
            elif value.source == "missing":
                assert value.rationale is None and value.sources == []
            else:
                assert value.rationale is not None and value.evidence_grade is not None
    assert "reference" in seen
    # In memory only: the published JSON keeps its format.
    assert "rationale" not in result.model_dump_json()


def test_the_report_reads_each_rationale_from_the_result(bundle):
    """The report no longer goes back to the assessment or the catalogue for a score's reasons."""
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    result = evaluate(assessment, bundle)
    option = next(o for o in result.options if o.status == "ranked")
    criterion = next(c for c, v in option.criteria.items() if v.source in ("assessor", "reference"))
    option.criteria[criterion].rationale = "Read from the result, not from the assessment."
    report = build_report(assessment, result, bundle, "fr", Provenance(document_hash="0" * 64))
    scores = next(section for section in report.sections if section.id == "scores")
    cells = [cell for block in scores.blocks if block.kind == "table" for row in block.rows for cell in row]
    assert "Read from the result, not from the assessment." in cells


def test_a_report_in_a_second_language_does_not_evaluate_again(service, monkeypatch):
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"))
    calls = []

    def counted(*args, **kwargs):
        calls.append(args)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(reports, "evaluate", counted)
    monkeypatch.setattr(reports, "_evaluations", reports._Evaluations())
    service_reports = ReportService(service)
    english = service_reports.build(ASSESSOR, stored.assessment_id, "en")
    french = service_reports.build(ASSESSOR, stored.assessment_id, "fr")
    service_reports.export(ASSESSOR, stored.assessment_id, "de", "md")
    assert len(calls) == 1, "the report in a second language ran the evaluation (and its simulation) again"
    assert english.result.language == "en" and french.result.language == "fr"
    assert english.result.robustness.acceptability.statement != french.result.robustness.acceptability.statement
    assert facts(english.result) == facts(french.result)
    assert english.report.language == "en" and french.report.language == "fr"


def test_the_screening_without_weights_is_worded_as_the_evaluation(car_park, bundle):
    """The pages' fallback when the weights cannot be used: the same gates and obligations, in the same words."""
    from secu4all_ethics.engine.evaluate import screen
    from secu4all_ethics.wording import word_prepared

    assessment, result = car_park
    worded = {option.key: option for option in word_result(result, bundle, "de").options}
    for key, prepared in screen(assessment, bundle).items():
        screened = word_prepared(prepared, bundle, "de")
        assert screened.name == worded[key].name
        assert [g.model_dump() for g in screened.gates] == [g.model_dump() for g in worded[key].gates]
        assert [o.model_dump() for o in screened.obligations] == [o.model_dump() for o in worded[key].obligations]
        assert all(g.gate_name for g in screened.gates) and all(o.name and o.detail for o in screened.obligations)

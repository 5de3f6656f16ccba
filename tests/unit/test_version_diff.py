"""The field-by-field comparison of two versions (#15 point 13) and the report sections it touches
(which point 14 uses to decide what a re-review opens), and its wording in four languages."""

import copy

import pytest

from secu4all_ethics import load_assessment
from secu4all_ethics.domain.version_diff import compare_documents
from secu4all_ethics.wording.changes import ChangeNames, change_lines, field_text, summary_text
from tests.conftest import EXAMPLES_DIR


@pytest.fixture(scope="module")
def document():
    return load_assessment(EXAMPLES_DIR / "station_car_park.yaml").model_dump(mode="json")


def changed(document, edit):
    after = copy.deepcopy(document)
    edit(after)
    return compare_documents(document, after, 1, 2)


def first_option_and_criterion(document):
    option = document["options"][0]
    return option, next(iter(option["scores"]))


def test_identical_versions_and_status_or_timestamps_differ_in_nothing(document):
    def status_only(after):
        after["status"], after["updated_at"] = "submitted", "2030-01-01T00:00:00Z"

    diff = changed(document, status_only)
    assert diff.changes == () and diff.sections == ()


def test_a_score_is_named_by_option_and_criterion_and_reopens_the_ranking(document):
    option, criterion = first_option_and_criterion(document)

    def rescore(after):
        after["options"][0]["scores"][criterion]["value"] = 1

    diff = changed(document, rescore)
    (change,) = diff.changes
    assert change.path == f"options[{option['key']}].scores.{criterion}.value"
    assert (change.kind, change.before, change.after) == ("changed", option["scores"][criterion]["value"], 1)
    assert (change.option, change.item, change.general_path, change.section) == (option["key"], criterion, "options.scores.value", "scores")
    assert diff.sections == ("summary", "scores", "results")


def test_a_rationale_is_prose_and_reopens_its_section_only(document):
    _, criterion = first_option_and_criterion(document)

    def explain(after):
        after["options"][0]["scores"][criterion]["rationale"] = "Local counts from 2025."

    assert changed(document, explain).sections == ("scores",)


def test_weights_by_value_and_by_another_method(document):
    def reweigh(after):
        after["weights"] = {"method": "direct", "preset": None, "set_by": "", "values": {"privacy": 3.0}}

    diff = changed(document, reweigh)
    assert diff.sections == ("summary", "weights", "results")
    if document["weights"]["method"] == "direct":
        assert any(change.general_path == "weights.values" for change in diff.changes)
    else:  # another method is another thing: one change, the whole weights
        assert [change.path for change in diff.changes] == ["weights"]


def test_a_gate_answer_is_legal_and_moves_the_ranking(document):
    option = document["options"][0]
    gate = next(iter(option["gate_answers"]))

    def answer(after):
        answers = after["options"][0]["gate_answers"][gate]
        answers["answer"] = "fails" if answers["answer"] != "fails" else "passes"

    diff = changed(document, answer)
    (change,) = diff.changes
    assert (change.general_path, change.item, change.section) == ("options.gate_answers.answer", gate, "legal")
    assert diff.sections == ("summary", "legal", "results")


def test_options_are_matched_by_key_not_position(document):
    removed_key = document["options"][0]["key"]

    def remove_first(after):
        after["options"].pop(0)

    diff = changed(document, remove_first)
    assert [(change.path, change.kind) for change in diff.changes] == [(f"options[{removed_key}]", "removed")]
    assert diff.sections == ("summary", "options", "results")

    def add_own(after):
        after["options"].append({"key": "wardens", "custom": {"name": "Night wardens", "intrusiveness": 1, "data_processed": "none", "kind": "staffing"}})

    (added,) = changed(document, add_own).changes
    assert (added.path, added.kind, added.before) == ("options[wardens]", "added", None)


def test_texts_and_list_items(document):
    def edit_texts(after):
        after["need"]["evidence"][0]["source"] = "Police log"
        after["need"]["evidence"].append({"description": "Survey of users", "source": "", "period": ""})
        after["proportionality"]["statement"] = "Proportionate."

    diff = changed(document, edit_texts)
    assert [(change.path, change.kind) for change in diff.changes] == [
        ("need.evidence[0].source", "changed"),
        (f"need.evidence[{len(document['need']['evidence'])}]", "added"),
        ("proportionality.statement", "changed"),
    ]
    assert diff.sections == ("need", "proportionality")


@pytest.mark.parametrize(
    ("language", "evidence", "answer", "summary"),
    [
        (
            "en",
            "Evidence of the problem · item 1 · Source",
            "fails",
            "3 fields changed, in: Summary; Need and legitimate aim; Legal screening; Scores; Results",
        ),
        (
            "fr",
            "Preuves du problème · élément 1 · Source",
            "non satisfait",
            "3 champs modifiés, dans\u00a0: Synthèse\u00a0; Besoin et but légitime\u00a0; Examen juridique\u00a0; Notes\u00a0; Résultats",
        ),
        (
            "de",
            "Belege für das Problem · Eintrag 1 · Quelle",
            "nicht erfüllt",
            "3 Felder geändert, in: Zusammenfassung; Bedarf und legitimes Ziel; Rechtliche Prüfung; Bewertungen; Ergebnisse",
        ),
        (
            "it",
            "Evidenze del problema · voce 1 · Fonte",
            "non soddisfatto",
            "3 campi modificati, in: Sintesi; Esigenza e scopo legittimo; Verifica giuridica; Punteggi; Risultati",
        ),
    ],
)
def test_changes_are_worded_in_four_languages(document, bundle, language, evidence, answer, summary):
    from secu4all_ethics.i18n import t

    option, criterion = first_option_and_criterion(document)
    gate = next(gate for gate, given in option["gate_answers"].items() if given["answer"] != "fails")

    def edit(after):
        after["need"]["evidence"][0]["source"] = "Police log"
        after["options"][0]["gate_answers"][gate]["answer"] = "fails"
        after["options"][0]["scores"][criterion]["value"] = 1

    diff = changed(document, edit)
    names = ChangeNames.of([document], bundle, language)
    evidence_line, answer_line, score_line = change_lines(diff, names)
    assert evidence_line.field == field_text(diff.changes[0], names) == evidence
    assert (evidence_line.before, evidence_line.after) == (document["need"]["evidence"][0]["source"], "Police log")
    gate_name = next(g.name.get(language) for g in bundle.legal.gates if g.id == gate)
    assert answer_line.field == f"{names.options[option['key']]} · {gate_name} · {t('history.field.options.gate_answers.answer', language)}"
    assert answer_line.after == answer
    assert answer_line.before == t(f"gate.answer.{option['gate_answers'][gate]['answer']}", language)
    criterion_name = next(c.name.get(language) for c in bundle.framework.criteria if c.id == criterion)
    assert score_line.field == f"{names.options[option['key']]} · {criterion_name} · {t('scores.field.value', language)}"
    assert (score_line.before, score_line.after) == (str(option["scores"][criterion]["value"]), "1")
    assert score_line.kind == t("history.kind.changed", language) and score_line.section == t("report.section.scores", language)
    assert summary_text(diff, language) == summary


def test_a_record_removed_whole_is_worded_with_its_values(document, bundle):
    option = document["options"][0]
    gate, given = next(iter(option["gate_answers"].items()))

    def drop_answer(after):
        del after["options"][0]["gate_answers"][gate]

    (line,) = change_lines(changed(document, drop_answer), ChangeNames.of([document], bundle, "de"))
    assert line.kind == "entfernt" and line.after == "—" and line.field.endswith(" (entfernt)")
    assert line.before.startswith({"passes": "erfüllt", "fails": "nicht erfüllt", "not_applicable": "nicht anwendbar"}.get(given["answer"], "?"))


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_every_field_label_exists_in_every_language(language):
    from secu4all_ethics.i18n import catalog
    from secu4all_ethics.wording.changes import FIELD_KEYS, OWN_LABELS

    keys = set(FIELD_KEYS.values()) | {f"history.field.{path}" for path in OWN_LABELS}
    assert keys <= set(catalog(language)), sorted(keys - set(catalog(language)))

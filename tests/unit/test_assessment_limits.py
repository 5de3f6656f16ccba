"""Numbers in assessments and content are finite and plausible, and an assessment
holds a bounded number of options: a value beyond the limits is refused at
validation with a message naming the field and the limit, never stored to
break a page or a report later."""

import copy
import json

import pytest

from secu4all_ethics import load_content
from secu4all_ethics.content.loader import parse_assessment
from secu4all_ethics.content.yaml_io import read_data_file
from secu4all_ethics.domain.assessment import MAX_OPTIONS
from secu4all_ethics.domain.content import MAX_CRITERIA, MAX_EUR, MIN_LIFETIME_YEARS
from secu4all_ethics.errors import ContentError
from tests.conftest import EXAMPLES_DIR

EXAMPLE = EXAMPLES_DIR / "christmas_market.yaml"


def custom_option(key="own_patrols", **cost):
    model = {
        "capital_cost_eur": 1000,
        "yearly_operating_cost_eur": 500,
        "staff_fte": 0.5,
        "lifetime_years": 5,
        "scope": {language: "One district" for language in ("en", "fr", "de", "it")},
        "evidence_grade": "expert_judgement",
        "rationale": {language: "Our estimate" for language in ("en", "fr", "de", "it")},
    }
    model.update(cost)
    return {
        "key": key,
        "custom": {"name": "Own patrols", "intrusiveness": 2, "data_processed": {"personal": False, "biometric": False, "audio": False, "location": False}},
        "cost_model": model,
    }


def with_options(*options):
    data = copy.deepcopy(read_data_file(EXAMPLE))
    data["options"] = list(data["options"]) + list(options)
    return data


def refusal(data) -> str:
    # JSON as the CLI and the import read it; Infinity is Python's (and YAML's .inf) way to write it.
    with pytest.raises(ContentError) as caught:
        parse_assessment(json.dumps(data, default=str), "upload.json")
    return str(caught.value)


def test_a_custom_option_within_the_limits_is_accepted():
    parse_assessment(json.dumps(with_options(custom_option()), default=str), "upload.json")


@pytest.mark.parametrize(
    "field, value",
    [
        ("capital_cost_eur", float("inf")),
        ("capital_cost_eur", 1e308),
        ("yearly_operating_cost_eur", 1e308),
        ("yearly_operating_cost_eur", float("nan")),
        ("staff_fte", float("inf")),
        ("staff_fte", 1e9),
        ("lifetime_years", 1e-320),
        ("lifetime_years", float("inf")),
    ],
)
def test_non_finite_or_implausible_cost_figures_are_refused_naming_the_field(field, value):
    message = refusal(with_options(custom_option(**{field: value})))
    assert f"cost_model.{field}" in message
    assert "finite" in message or "less than or equal" in message or "greater than or equal" in message


def test_the_limits_are_stated_in_the_message():
    assert f"{MAX_EUR}" in refusal(with_options(custom_option(capital_cost_eur=2e9)))
    assert f"{MIN_LIFETIME_YEARS}" in refusal(with_options(custom_option(lifetime_years=0.01)))


def test_infinite_weights_are_refused():
    data = with_options()
    data["weights"] = {"method": "direct", "values": {"crime_reduction": float("inf")}}
    assert "weights" in refusal(data)


def test_the_number_of_options_is_bounded():
    data = with_options(*(custom_option(key=f"option_{i}") for i in range(MAX_OPTIONS + 5)))
    message = refusal(data)
    assert "options" in message and f"at most {MAX_OPTIONS}" in message
    exactly = with_options()
    exactly["options"] = exactly["options"] + [custom_option(key=f"option_{i}") for i in range(MAX_OPTIONS - len(exactly["options"]))]
    assert len(parse_assessment(json.dumps(exactly, default=str), "upload.json").options) == MAX_OPTIONS


def test_an_assessment_holds_at_most_twenty_options():
    # The worst allowed report (20 options x 20 criteria) takes about 20 s of CPU as a PDF (bench/report_scaling.py).
    assert MAX_OPTIONS == 20
    data = with_options()
    data["options"] = data["options"] + [custom_option(key=f"option_{i}") for i in range(21 - len(data["options"]))]
    assert "at most 20" in refusal(data)


def test_a_framework_holds_at_most_twenty_criteria(content_copy):
    framework = content_copy / "frameworks" / "secu4all_core.yaml"
    data = read_data_file(framework)
    template = data["criteria"][-1]
    data["criteria"] += [dict(template, id=f"{template['id']}_{i}") for i in range(MAX_CRITERIA + 1 - len(data["criteria"]))]
    framework.write_text(json.dumps(data, default=str), encoding="utf-8")  # JSON is YAML
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    assert MAX_CRITERIA == 20 and f"at most {MAX_CRITERIA}" in str(caught.value)

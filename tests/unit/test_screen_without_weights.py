"""The per-option screening the screening and decision pages fall back on when the
weights cannot be used (engine.evaluate.screen): the same gates and obligations
as a full evaluation, which would refuse those weights."""

import pytest

from secu4all_ethics import WeightError, evaluate
from secu4all_ethics.domain.assessment import DirectWeights
from secu4all_ethics.engine.evaluate import screen
from tests.builders import make_assessment

TECHNOLOGIES = ["cctv_control_room", "anpr"]


def test_gates_and_obligations_without_usable_weights_are_the_evaluations(bundle):
    usable = make_assessment(bundle, TECHNOLOGIES)
    refused = usable.model_copy(update={"weights": DirectWeights(values=dict.fromkeys(bundle.criterion_ids, 0.0))})
    with pytest.raises(WeightError):
        evaluate(refused, bundle)
    evaluated = {option.key: option for option in evaluate(usable, bundle).options}
    readings = screen(refused, bundle)
    assert list(readings) == TECHNOLOGIES
    for key, reading in readings.items():
        assert [o.obligation for o in reading.obligations] == [o.obligation for o in evaluated[key].obligations]
        assert [(g.gate, g.answer) for g in reading.gates] == [(g.gate, g.answer) for g in evaluated[key].gates]
        assert reading.unanswered_gates == evaluated[key].unanswered_gates


def test_an_unknown_catalogue_option_is_refused_as_the_engine_refuses_it(bundle):
    assessment = make_assessment(bundle, ["anpr"])
    assessment.options[0].catalogue_id = "no_such_technology"
    with pytest.raises(KeyError):
        screen(assessment, bundle)

"""Evaluation for the screens: the engine's result, cached per document (it
does not depend on the language), so a rerun that changes nothing costs
nothing; then worded in the screen's language, which is cheap."""

from __future__ import annotations

import streamlit as st

from ..domain.assessment import Assessment
from ..engine.evaluate import PreparedOption, evaluate, screen  # screen()'s result type, re-exported by the entry point
from ..engine.results import EvaluationResult
from ..engine.weighting import WeightError
from ..wording import describe_weight_error, word_prepared, word_result
from .context import content_or_stop


@st.cache_data(max_entries=64, show_spinner=False)
def _evaluate(document_json: str, with_acceptability: bool) -> EvaluationResult:
    return evaluate(Assessment.model_validate_json(document_json), content_or_stop(), with_acceptability=with_acceptability)


def evaluation(assessment: Assessment, language: str, with_acceptability: bool = True) -> EvaluationResult:
    """The result in language. Raises WeightError when the weights cannot be used; pages show its message."""
    return word_result(_evaluate(assessment.model_dump_json(), with_acceptability), content_or_stop(), language)


def screening(assessment: Assessment, language: str) -> dict[str, PreparedOption]:
    """Per option key, its gates, exclusions and obligations in language, without the weights:
    for a page that shows the legal screening when the weights cannot be used."""
    bundle = content_or_stop()
    return {key: word_prepared(prepared, bundle, language) for key, prepared in screen(assessment, bundle).items()}


def weight_error_text(error: WeightError, language: str) -> str:
    """What is wrong with the weights, in language, criteria and pillars named."""
    return describe_weight_error(error, language, display_names(language))


def display_names(language: str) -> dict[str, str]:
    """Criterion and pillar ids -> their names in language, for describe_weight_error."""
    framework = content_or_stop().framework
    names = {pillar.id: pillar.name.get(language) for pillar in framework.pillars}
    names.update({criterion.id: criterion.name.get(language) for criterion in framework.criteria})
    return names


__all__ = ["WeightError", "display_names", "evaluation", "screening", "weight_error_text"]

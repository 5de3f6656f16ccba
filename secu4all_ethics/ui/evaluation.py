"""Evaluation for the screens: the engine's result, cached per document, so a
rerun that changes nothing costs nothing."""

from __future__ import annotations

import streamlit as st

from ..domain.assessment import Assessment
from ..engine.evaluate import evaluate
from ..engine.results import EvaluationResult
from ..engine.weighting import WeightError
from .context import content_or_stop


@st.cache_data(max_entries=64, show_spinner=False)
def _evaluate(document_json: str, language: str, with_acceptability: bool) -> EvaluationResult:
    return evaluate(Assessment.model_validate_json(document_json), content_or_stop(), language, with_acceptability=with_acceptability)


def evaluation(assessment: Assessment, language: str, with_acceptability: bool = True) -> EvaluationResult:
    """Raises WeightError when the weights cannot be used; pages show its message."""
    return _evaluate(assessment.model_dump_json(), language, with_acceptability)


def display_names(language: str) -> dict[str, str]:
    """Criterion and pillar ids -> their names in language, for WeightError.describe."""
    framework = content_or_stop().framework
    names = {pillar.id: pillar.name.get(language) for pillar in framework.pillars}
    names.update({criterion.id: criterion.name.get(language) for criterion in framework.criteria})
    return names


__all__ = ["WeightError", "display_names", "evaluation"]

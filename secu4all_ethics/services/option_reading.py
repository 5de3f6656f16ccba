"""The engine's reading of each option that does not depend on the weights: its
gates, exclusions, obligations and DPIA criteria.

The screening and decision pages still show these when the weights are ones the
engine refuses (the full evaluation then fails); this is the one place that asks
the engine for them apart from an evaluation."""

from __future__ import annotations

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from ..engine.inputs import PreparedOption, prepare_option


def readings_without_weights(assessment: Assessment, bundle: ContentBundle, language: str) -> dict[str, PreparedOption]:
    """Per option key, its gates, obligations and scores as the engine prepares them before
    any weighing. Raises ContentError or KeyError (an unknown catalogue option) as the engine does."""
    return {option.key: prepare_option(option, bundle, language, []) for option in assessment.options}

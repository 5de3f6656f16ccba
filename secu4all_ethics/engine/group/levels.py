"""The levels a workshop participant starts from when the workshop lets them adjust scores."""

from __future__ import annotations

from ...content.bundle import ContentBundle
from ...domain.assessment import Assessment
from ..evaluate import screen


def starting_levels(assessment: Assessment, bundle: ContentBundle) -> dict[str, dict[str, int]]:
    """Per option and criterion, the level (1-5) the card's assessment gives once its configurations
    apply (the assessors' score over the catalogue's, as the engine reads them), without weighing or
    ranking anything. A criterion without a score is left out: there is no level to move."""
    return {
        key: {criterion: round(value.configured) for criterion, value in prepared.criteria.items() if value.configured is not None}
        for key, prepared in screen(assessment, bundle).items()
    }

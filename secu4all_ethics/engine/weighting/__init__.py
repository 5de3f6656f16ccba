"""From the assessor's weight settings to normalised criterion weights."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...content.bundle import ContentBundle
from ...domain.assessment import (
    AhpWeights,
    DirectWeights,
    HierarchicalWeights,
    PointsWeights,
    RankingWeights,
    SwingWeights,
)
from .ahp import AhpOutcome, ahp_weights
from .errors import WeightError
from .simple import (
    hierarchical_weights,
    normalise_weights,
    points_weights,
    rank_order_centroid,
    swing_weights,
)

__all__ = [
    "AhpOutcome",
    "WeightError",
    "WeightingOutcome",
    "ahp_weights",
    "derive_weights",
    "hierarchical_weights",
    "normalise_weights",
    "points_weights",
    "rank_order_centroid",
    "swing_weights",
]


@dataclass(frozen=True)
class WeightingOutcome:
    weights: dict[str, float]
    method: str
    source: str
    preset: str | None = None
    set_by: str = ""
    ahp: AhpOutcome | None = None
    notes: list[str] = field(default_factory=list)


def _within_pillar(settings_within: dict[str, float], bundle: ContentBundle) -> dict[str, float]:
    return dict(settings_within) if settings_within else dict(bundle.default_weights)


def derive_weights(settings, bundle: ContentBundle) -> WeightingOutcome:
    ids = bundle.criterion_ids
    pillar_of = {c.id: c.pillar for c in bundle.framework.criteria}
    set_by = settings.set_by
    if isinstance(settings, DirectWeights):
        if settings.values:
            return WeightingOutcome(normalise_weights(settings.values, ids), "direct", "assessment", set_by=set_by)
        if settings.preset is not None:
            preset = bundle.presets_by_id.get(settings.preset)
            if preset is None:
                raise WeightError(f"unknown preset {settings.preset!r}", "unknown_preset", preset=settings.preset)
            return WeightingOutcome(normalise_weights(preset.weights, ids), "direct", f"preset:{preset.id}", preset=preset.id, set_by=set_by)
        return WeightingOutcome(normalise_weights(bundle.default_weights, ids), "direct", "framework_defaults", set_by=set_by)
    if isinstance(settings, PointsWeights):
        return WeightingOutcome(points_weights(settings.points, ids), "points", "assessment", set_by=set_by)
    if isinstance(settings, RankingWeights):
        return WeightingOutcome(rank_order_centroid(settings.ranking, ids), "roc", "assessment", set_by=set_by)
    if isinstance(settings, SwingWeights):
        return WeightingOutcome(swing_weights(settings.swings, ids), "swing", "assessment", set_by=set_by)
    if isinstance(settings, HierarchicalWeights):
        weights = hierarchical_weights(settings.pillars, _within_pillar(settings.within_pillar, bundle), pillar_of, ids)
        return WeightingOutcome(weights, "hierarchical", "assessment", set_by=set_by)
    if isinstance(settings, AhpWeights):
        judgements = [(j.a, j.b, j.value) for j in settings.judgements]
        if settings.scope == "criteria":
            outcome = ahp_weights(list(ids), judgements)
            return WeightingOutcome(normalise_weights(outcome.priorities, ids), "ahp", "assessment", set_by=set_by, ahp=outcome)
        pillars = [pillar.id for pillar in bundle.framework.pillars]
        outcome = ahp_weights(pillars, judgements)
        weights = hierarchical_weights(outcome.priorities, _within_pillar(settings.within_pillar, bundle), pillar_of, ids)
        return WeightingOutcome(weights, "ahp", "assessment", set_by=set_by, ahp=outcome)
    method = getattr(settings, "method", settings)
    raise WeightError(f"unknown weighting method {method!r}", "unknown_method", method=str(method))

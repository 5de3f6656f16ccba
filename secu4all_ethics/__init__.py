"""Secu4All Ethics: decision support for surveillance and security technologies in public spaces.

The public API::

    from secu4all_ethics import load_content, load_assessment, evaluate
    bundle = load_content()                       # criteria/, validated and cross-checked
    assessment = load_assessment("criteria/examples/christmas_market.yaml")
    result = evaluate(assessment, bundle, "fr")   # an EvaluationResult (pydantic)
"""

from .content.loader import load_assessment, load_content, parse_assessment
from .engine.evaluate import evaluate
from .engine.weighting import (
    WeightError,
    ahp_weights,
    hierarchical_weights,
    normalise_weights,
    points_weights,
    rank_order_centroid,
    swing_weights,
)
from .errors import ContentError, ContentIssue

load_framework = load_content

__all__ = [
    "ahp_weights",
    "hierarchical_weights",
    "load_framework",
    "points_weights",
    "rank_order_centroid",
    "swing_weights",
    "ContentError",
    "ContentIssue",
    "WeightError",
    "evaluate",
    "load_assessment",
    "load_content",
    "normalise_weights",
    "parse_assessment",
]

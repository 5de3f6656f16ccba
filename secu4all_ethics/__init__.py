"""Secu4All Ethics: decision support for surveillance and security technologies in public spaces.

The public API::

    from secu4all_ethics import load_content, load_assessment, evaluate
    bundle = load_content()                       # criteria/, validated and cross-checked
    assessment = load_assessment("criteria/examples/christmas_market.yaml")
    result = evaluate(assessment, bundle, "fr")   # an EvaluationResult (pydantic)
"""

from .content.loader import load_assessment, load_content, parse_assessment
from .engine.evaluate import evaluate
from .engine.weights import WeightError, normalise_weights
from .errors import ContentError, ContentIssue

__all__ = [
    "ContentError",
    "ContentIssue",
    "WeightError",
    "evaluate",
    "load_assessment",
    "load_content",
    "normalise_weights",
    "parse_assessment",
]

"""Secu4All Ethics: decision support for surveillance and security technologies in public spaces.

The public API::

    from secu4all_ethics import load_content, load_assessment, evaluate, word_result
    bundle = load_content()                       # criteria/, validated and cross-checked
    assessment = load_assessment("criteria/examples/christmas_market.yaml")
    result = evaluate(assessment, bundle)         # an EvaluationResult (pydantic): ids, codes and numbers
    french = word_result(result, bundle, "fr")    # the same result with its sentences in French
"""

from typing import TYPE_CHECKING

from .content.loader import load_assessment, load_content, parse_assessment
from .errors import ContentError, ContentIssue
from .lazy_names import lazy_names

# The engine, and numpy under it, is imported on first use: the app's start page
# never evaluates, and every import is paid before its first render.
_ENGINE_NAMES = {
    "evaluate": "engine.evaluate",
    "WeightError": "engine.weighting",
    "ahp_weights": "engine.weighting",
    "hierarchical_weights": "engine.weighting",
    "normalise_weights": "engine.weighting",
    "points_weights": "engine.weighting",
    "rank_order_centroid": "engine.weighting",
    "swing_weights": "engine.weighting",
    "word_result": "wording.result",
}


if TYPE_CHECKING:  # for type checkers and editors, which do not run __getattr__
    from .engine.evaluate import evaluate
    from .engine.weighting import WeightError, ahp_weights, hierarchical_weights, normalise_weights, points_weights, rank_order_centroid, swing_weights
    from .wording.result import word_result


__getattr__, __dir__ = lazy_names(__name__, _ENGINE_NAMES)

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
    "word_result",
]

"""word_result: an evaluation result with its sentences filled in for one language."""

from __future__ import annotations

from ..content.bundle import ContentBundle
from ..engine.results import EvaluationResult
from ..i18n import t
from .names import ResultNames
from .screening import word_gates, word_obligations
from .statements import acceptability_statement, cross_check_statement, method_name, robustness_statement
from .warnings import warning_message


def word_result(result: EvaluationResult, bundle: ContentBundle, language: str) -> EvaluationResult:
    """A copy of result whose names, messages, statements and captions are in language.

    Everything is worded from the result's facts, never from words already there, so
    a result worded in one language can be worded again in another; result is left as it is."""
    worded = result.model_copy(deep=True)
    worded.language = language
    names = ResultNames.of(worded.options, bundle, language)
    for option in worded.options:
        option.name = names.options[option.key]
        option.gates = word_gates(option.gates, bundle, language)
        # The exclusion reasons are the failed gates, worded alike.
        option.exclusion_reasons = [gate for gate in option.gates if gate.answer == "fails"]
        option.obligations = word_obligations(option.obligations, bundle, language)
    for table in worded.explanation:
        table.caption = t(f"engine.table.{table.id}", language)
    cross = worded.cross_check
    if cross is not None:
        for method in cross.methods:
            method.name = method_name(method, cross.promethee_linear_threshold, language)
        cross.statement = cross_check_statement(cross, names, language)
    robustness = worded.robustness
    if robustness is not None:
        robustness.statement = robustness_statement(robustness, names, language)
        if robustness.acceptability is not None:
            robustness.acceptability.score_sampling = t("engine.robustness.score_sampling", language)
            robustness.acceptability.statement = acceptability_statement(robustness.acceptability, names, language)
    for warning in worded.warnings:
        warning.message = warning_message(warning, names, bundle, language)
    return worded

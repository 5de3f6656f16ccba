"""word_result: an evaluation result with its sentences filled in for one language."""

from __future__ import annotations

from ..content.bundle import ContentBundle
from ..engine.results import EvaluationResult
from ..i18n import t
from .jurisdiction import word_jurisdiction
from .names import ResultNames
from .screening import word_gates, word_obligations
from .statements import acceptability_statement, cross_check_statement, method_name, robustness_statement
from .warnings import warning_message


def word_result(result: EvaluationResult, bundle: ContentBundle, language: str) -> EvaluationResult:
    """A copy of result whose names, messages, statements and captions are in language.

    Everything is worded from the result's facts, never from words already there, so a result
    worded in one language can be worded again in another. result is left as it is; the copy
    shares its numbers with it (copied only where a sentence changes: a result is read, never
    changed, once made)."""
    names = ResultNames.of(result.options, bundle, language)
    options = []
    for option in result.options:
        gates = word_gates(option.gates, bundle, language)
        options.append(
            option.model_copy(
                update={
                    "name": names.options[option.key],
                    "gates": gates,
                    "exclusion_reasons": [gate for gate in gates if gate.answer == "fails"],  # the failed gates
                    "obligations": word_obligations(option.obligations, bundle, language),
                }
            )
        )
    cross = result.cross_check
    if cross is not None:
        methods = [m.model_copy(update={"name": method_name(m, cross.promethee_linear_threshold, language)}) for m in cross.methods]
        cross = cross.model_copy(update={"methods": methods})
        cross.statement = cross_check_statement(cross, names, language)
    robustness = result.robustness
    if robustness is not None:
        acceptability = robustness.acceptability
        if acceptability is not None:
            acceptability = acceptability.model_copy(
                update={
                    "score_sampling": t("wording.robustness.score_sampling", language),
                    "statement": acceptability_statement(acceptability, names, language),
                }
            )
        robustness = robustness.model_copy(update={"statement": robustness_statement(robustness, names, language), "acceptability": acceptability})
    return result.model_copy(
        update={
            "language": language,
            "jurisdiction": word_jurisdiction(result.jurisdiction, language),
            "options": options,
            "explanation": [table.model_copy(update={"caption": t(f"wording.table.{table.id}", language)}) for table in result.explanation],
            "cross_check": cross,
            "robustness": robustness,
            "warnings": [w.model_copy(update={"message": warning_message(w, names, bundle, language)}) for w in result.warnings],
        }
    )

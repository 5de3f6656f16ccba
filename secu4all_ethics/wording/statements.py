"""What the cross-check and the robustness figures mean, in one sentence each."""

from __future__ import annotations

from ..engine.methods import REFERENCE_METHOD
from ..engine.results import AcceptabilityInfo, CrossCheck, EvaluationResult, MethodRanking, Robustness
from ..i18n import format_number, format_percent, t
from .names import ResultNames
from .text import list_separator


def method_name(method: MethodRanking, threshold: float, language: str) -> str:
    if method.method == "promethee_ii_linear":
        return t("wording.method.promethee_ii_linear", language, threshold=f"{threshold:g}")
    return t(f"wording.method.{method.method}", language)


def cross_check_statement(cross: CrossCheck, names: ResultNames, language: str) -> str:
    """Whether the methods agree on the first choice; the methods' names must be worded already."""
    if cross.same_first_choice:
        return t("wording.crosscheck.same_first", language, first=" / ".join(names.options[k] for k in cross.methods[0].first))
    details = "; ".join(f"{m.name}: {' / '.join(names.options[k] for k in m.first)}" for m in cross.methods)
    return t("wording.crosscheck.different_first", language, details=details)


def cross_check_caption(cross: CrossCheck, language: str) -> str:
    """What the cross-check table shows: the methods besides the reference one, by name (worded already)."""
    others = [method.name for method in cross.methods if method.method != REFERENCE_METHOD]
    return t("results.cross_check.caption", language, methods=list_separator(language).join(others), why=t("crosscheck.why_orders_differ", language))


def robustness_statement(robustness: Robustness, names: ResultNames, language: str) -> str:
    options = names.options
    if robustness.tied_for_first:
        first, second = robustness.tied_for_first[:2]
        return t("wording.robustness.tie", language, first=options[first], second=options[second])
    change = robustness.critical_change
    if change is not None:
        return t(
            "wording.robustness.holds_unless",
            language,
            first=options[change.first],
            second=options[change.runner_up],
            criterion=names.criteria[change.criterion],
            direction=t(f"wording.robustness.direction.{change.direction}", language),
            threshold=format_percent(change.threshold_weight, language),
            current=format_percent(change.current_weight, language),
        )
    limit = robustness.change_at_limit
    if limit is not None:
        return t(
            "wording.robustness.holds_except_limit",
            language,
            first=options[limit.first],
            second=options[limit.runner_up],
            criterion=names.criteria[limit.criterion],
            limit=format_percent(limit.threshold_weight, language),
        )
    return t("wording.robustness.holds_always", language, first=options[robustness.top_option])


def status_quo_statement(result: EvaluationResult, names: ResultNames, language: str) -> str | None:
    """When keeping the current situation ranks first, the plain conclusion: no new measure is justified on these weights."""
    if result.status_quo is None or not result.ranking or result.ranking[0] != result.status_quo:
        return None
    baseline = next(option for option in result.options if option.key == result.status_quo)
    return t("wording.status_quo.first", language, option=names.options[baseline.key], score=format_number(baseline.ranked_score(), language))


def acceptability_statement(acceptability: AcceptabilityInfo, names: ResultNames, language: str) -> str:
    return t(
        "wording.robustness.acceptability",
        language,
        samples=format_number(acceptability.samples, language, decimals=0),
        first=names.options[acceptability.first_choice],
        share=format_percent(acceptability.first_choice_confidence, language),
    )

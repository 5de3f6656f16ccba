"""A short Markdown summary of an evaluation result (the full report comes from the report model)."""

from __future__ import annotations

from ..content.bundle import ContentBundle
from ..engine.results import EvaluationResult


def _cell(text: str) -> str:
    """Neutralise Markdown table and inline syntax in user text."""
    escaped = "".join("\\" + ch if ch in "\\`*_{}[]<>#+!|~" else ch for ch in text)
    return " ".join(escaped.split())


def result_to_markdown(result: EvaluationResult, bundle: ContentBundle) -> str:
    lang = result.language
    lines = [
        f"# {_cell(result.assessment.title)}",
        "",
        f"Framework `{result.framework.id}` {result.framework.version} (valid as of {result.framework.valid_as_of}), "
        f"content hash `{result.framework.content_hash[:12]}`. Weights: {result.weights_source}.",
        "",
        "| rank | option | status | score (1-5) | yearly cost (EUR) |",
        "|---|---|---|---|---|",
    ]
    order = {key: position for position, key in enumerate(result.ranking)}
    for option in sorted(result.options, key=lambda o: (order.get(o.key, len(order)), o.status, o.name)):
        score = f"{option.score:.2f}" if option.score is not None else "–"
        cost = f"{option.cost.yearly_total_eur:,.0f}" if option.cost else "–"
        rank = str(option.rank) if option.rank is not None else "–"
        lines.append(f"| {rank} | {_cell(option.name)} | {option.status} | {score} | {cost} |")
    excluded = [o for o in result.options if o.status == "excluded"]
    if excluded:
        lines += ["", "## Excluded by a legal gate", ""]
        for option in excluded:
            for reason in option.exclusion_reasons:
                basis = ", ".join(bundle.references_by_id[r].citation if r in bundle.references_by_id else r for r in reason.legal_basis)
                lines.append(f"- **{_cell(option.name)}**: {_cell(reason.message)} {_cell(reason.justification)} ({_cell(basis)})")
    if result.cross_check is not None:
        lines += ["", "## Does the method change the answer?", "", _cell(result.cross_check.statement)]
    if result.robustness is not None:
        lines += ["", "## Robustness", "", _cell(result.robustness.statement), "", _cell(result.robustness.acceptability.statement)]
    if result.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- {_cell(w.message)}" for w in result.warnings]
    lines.append("")
    _ = lang
    return "\n".join(lines)

"""Cross-checks of the tender content (criteria/tender/): every id a clause or a question names must exist
elsewhere in the content, so that a generated clause always traces to a real safeguard or obligation and
a question to a real score or gate."""

from __future__ import annotations

from collections import Counter

from ..domain.content import FailsGate, LowersCriterion, TenderScope, TriggersObligation
from ..errors import ContentIssue
from .bundle import ContentBundle


def check_tender(bundle: ContentBundle, clauses_file: str, questions_file: str) -> list[ContentIssue]:
    issues: list[ContentIssue] = []
    configurations = {configuration.id for technology in bundle.technologies for configuration in technology.configurations}
    references = set(bundle.references_by_id)

    def unknown(file: str, path: str, kind: str, given: list[str], known: set[str] | dict) -> None:
        for index, identifier in enumerate(given):
            if identifier not in known:
                issues.append(ContentIssue(file, f"{path}[{index}]", f"unknown {kind} {identifier!r}"))

    def scope(file: str, path: str, applies_to: TenderScope) -> None:
        unknown(file, f"{path}.applies_to.technologies", "technology", applies_to.technologies, bundle.technologies_by_id)

    for duplicate in sorted(name for name, count in Counter(clause.id for clause in bundle.tender_clauses).items() if count > 1):
        issues.append(ContentIssue(clauses_file, "clauses", f"clause id {duplicate!r} is used twice"))
    for index, clause in enumerate(bundle.tender_clauses):
        path = f"clauses[{index}]"
        unknown(clauses_file, f"{path}.comes_from.configurations", "configuration", clause.comes_from.configurations, configurations)
        unknown(clauses_file, f"{path}.comes_from.obligations", "obligation", clause.comes_from.obligations, bundle.obligations)
        unknown(clauses_file, f"{path}.sources", "reference", clause.sources, references)
        scope(clauses_file, path, clause.applies_to)

    for duplicate in sorted(name for name, count in Counter(question.id for question in bundle.tender_questions).items() if count > 1):
        issues.append(ContentIssue(questions_file, "questions", f"question id {duplicate!r} is used twice"))
    for index, question in enumerate(bundle.tender_questions):
        path = f"questions[{index}]"
        unknown(questions_file, f"{path}.depends_on.criteria", "criterion", question.depends_on.criteria, bundle.criteria)
        unknown(questions_file, f"{path}.depends_on.gates", "gate", question.depends_on.gates, bundle.gates)
        unknown(questions_file, f"{path}.sources", "reference", question.sources, references)
        scope(questions_file, path, question.applies_to)
        for entry_index, entry in enumerate(question.grid):
            effect = entry.effect
            where = f"{path}.grid[{entry_index}].effect"
            if isinstance(effect, LowersCriterion):
                unknown(questions_file, f"{where}.criterion", "criterion", [effect.criterion], bundle.criteria)
            elif isinstance(effect, FailsGate):
                unknown(questions_file, f"{where}.gate", "gate", [effect.gate], bundle.gates)
            elif isinstance(effect, TriggersObligation):
                unknown(questions_file, f"{where}.obligation", "obligation", [effect.obligation], bundle.obligations)
    return issues

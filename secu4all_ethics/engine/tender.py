"""From the recommended option to what its tender must say (issue #17 §3): facts, no language.

The clauses make contractual what the assessment relied on: each is written because a configuration was
chosen (a safeguard), an obligation was triggered, or the catalogue says something about the data the
option processes, and it names which, with the commitments of the action plan that come from the same
source. The questions ask the vendor what the assessment assumed: each names the scores and gates that
depend on its answer, and says which of them rest on a vendor claim or expert judgement, or on a gate the
catalogue answers "depends". The grid says, per question, which answers would change the assessment and
by how much. A vendor's answer recorded as contradicting an assumption flags those scores and gates for review.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..content.bundle import ContentBundle
from ..domain.assessment import AssessedOption, Assessment
from ..domain.content import EvidenceGrade, FailsGate, LowersCriterion, Technology, TenderClause, VendorQuestion
from .inputs import configured_facts
from .results import EngineWarning, EvaluationResult, OptionResult

TraceKind = Literal["configuration", "obligation", "data_fact"]
# Why a score or gate a question depends on is open: what the assessment could not verify.
DependenceReason = Literal["vendor_claim", "expert_judgement", "gate_depends", "gate_unanswered", "assumed"]
OPEN_REASONS: frozenset[str] = frozenset({"vendor_claim", "expert_judgement", "gate_depends", "gate_unanswered"})
UNVERIFIED_GRADES = {EvidenceGrade.vendor_claim: "vendor_claim", EvidenceGrade.expert_judgement: "expert_judgement"}


@dataclass(frozen=True)
class ClauseTrace:
    """What a clause comes from: a chosen configuration, a triggered obligation or a data fact (ref empty)."""

    kind: TraceKind
    ref: str
    actions: tuple[int, ...] = ()  # the action plan's commitments (their index) made for the same configuration or obligation


@dataclass(frozen=True)
class ClauseFact:
    clause: str
    traces: tuple[ClauseTrace, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Dependence:
    kind: Literal["score", "gate"]
    ref: str
    reason: DependenceReason

    @property
    def open(self) -> bool:
        return self.reason in OPEN_REASONS


@dataclass(frozen=True)
class QuestionFact:
    question: str
    depends_on: tuple[Dependence, ...]

    @property
    def open(self) -> bool:
        """Some score or gate it depends on rests on what the assessment could not verify."""
        return any(dependence.open for dependence in self.depends_on)


@dataclass(frozen=True)
class GridRow:
    question: str
    entry: int  # the grid entry's index in the question's content
    effect: Literal["lowers_criterion", "fails_gate", "triggers_obligation"]
    target: str  # the criterion, gate or obligation id
    levels: int | None = None
    level_now: float | None = None  # the criterion's configured score in this assessment
    level_after: float | None = None
    already: bool = False  # the gate already fails, or the obligation is already triggered


@dataclass(frozen=True)
class ReviewFlag:
    """A score or gate to review because a vendor's answer contradicts what the assessment assumed."""

    option: str
    question: str
    kind: Literal["score", "gate"]
    ref: str
    vendor: str


@dataclass(frozen=True)
class TenderPackage:
    option: str  # the option's key
    catalogue_id: str
    clauses: tuple[ClauseFact, ...]
    questions: tuple[QuestionFact, ...]
    grid: tuple[GridRow, ...]
    review_flags: tuple[ReviewFlag, ...]


def tender_option_key(assessment: Assessment) -> str | None:
    """The option the tender is written for: the recommended one."""
    return assessment.decision.recommended_option


def tender_package(assessment: Assessment, result: EvaluationResult, bundle: ContentBundle, option_key: str | None = None) -> TenderPackage | None:
    """The clauses, questions and grid for one option (the recommended one by default); None when there is
    none, or it is not a catalogue option (the clauses are written for the catalogue's technologies)."""
    key = option_key or tender_option_key(assessment)
    option = next((candidate for candidate in assessment.options if candidate.key == key), None)
    option_result = next((candidate for candidate in result.options if candidate.key == key), None)
    if option is None or option_result is None or option.catalogue_id is None:
        return None
    technology = bundle.technologies_by_id[option.catalogue_id]
    if technology.kind == "status_quo":
        return None
    clauses = tuple(found for clause in bundle.tender_clauses if (found := clause_fact(clause, option, option_result, technology, assessment)) is not None)
    questions = tuple(asked for question in bundle.tender_questions if (asked := question_fact(question, option, option_result, technology)) is not None)
    by_id = {question.id: question for question in bundle.tender_questions}
    grid = tuple(row for fact in questions for row in grid_rows(by_id[fact.question], option_result))
    return TenderPackage(
        option=option.key,
        catalogue_id=technology.id,
        clauses=clauses,
        questions=questions,
        grid=grid,
        review_flags=review_flags(option, bundle),
    )


def _facts(option: AssessedOption, technology: Technology):
    chosen = [configuration for configuration in technology.configurations if configuration.id in option.configurations]
    return configured_facts(technology, chosen)


def clause_fact(clause: TenderClause, option: AssessedOption, option_result: OptionResult, technology: Technology, assessment: Assessment) -> ClauseFact | None:
    facts = _facts(option, technology)
    if not clause.applies_to.covers(technology, facts):
        return None
    origin = clause.comes_from
    triggered = {outcome.obligation for outcome in option_result.obligations}

    def actions(origin_kind: str, ref: str) -> tuple[int, ...]:
        return tuple(index for index, item in enumerate(assessment.action_plan) if item.origin == origin_kind and item.origin_ref == ref)

    traces = [ClauseTrace("configuration", ref, actions("configuration", ref)) for ref in origin.configurations if ref in option.configurations]
    traces += [ClauseTrace("obligation", ref, actions("obligation", ref)) for ref in origin.obligations if ref in triggered]
    if origin.data_fact is not None and origin.data_fact.holds_for(facts):
        traces.append(ClauseTrace("data_fact", ""))
    return ClauseFact(clause.id, tuple(traces), tuple(clause.sources)) if traces else None


def question_fact(question: VendorQuestion, option: AssessedOption, option_result: OptionResult, technology: Technology) -> QuestionFact | None:
    if not question.applies_to.covers(technology, _facts(option, technology)):
        return None
    dependences = [Dependence("score", criterion, _score_reason(option_result, criterion)) for criterion in question.depends_on.criteria]
    hints = {hint.gate: hint.answer for hint in technology.gate_hints}
    outcomes = {outcome.gate: outcome for outcome in option_result.gates}
    for gate in question.depends_on.gates:
        outcome = outcomes.get(gate)
        reason: DependenceReason = "assumed"
        if hints.get(gate) == "depends":
            reason = "gate_depends"
        elif outcome is None or outcome.answer == "unanswered":
            reason = "gate_unanswered"
        dependences.append(Dependence("gate", gate, reason))
    return QuestionFact(question.id, tuple(dependences))


def _score_reason(option_result: OptionResult, criterion: str) -> DependenceReason:
    value = option_result.criteria.get(criterion)
    grade = value.evidence_grade if value is not None else None
    return UNVERIFIED_GRADES.get(grade, "assumed") if grade is not None else "assumed"  # type: ignore[return-value]


def grid_rows(question: VendorQuestion, option_result: OptionResult) -> list[GridRow]:
    rows = []
    triggered = {outcome.obligation for outcome in option_result.obligations}
    failed = {outcome.gate for outcome in option_result.exclusion_reasons}
    for index, entry in enumerate(question.grid):
        effect = entry.effect
        if isinstance(effect, LowersCriterion):
            value = option_result.criteria.get(effect.criterion)
            now = value.configured if value is not None else None
            after = None if now is None else max(1.0, now - effect.levels)
            rows.append(GridRow(question.id, index, effect.kind, effect.criterion, effect.levels, now, after))
        elif isinstance(effect, FailsGate):
            rows.append(GridRow(question.id, index, effect.kind, effect.gate, already=effect.gate in failed))
        else:
            rows.append(GridRow(question.id, index, effect.kind, effect.obligation, already=effect.obligation in triggered))
    return rows


def review_flags(option: AssessedOption, bundle: ContentBundle) -> tuple[ReviewFlag, ...]:
    """The scores and gates of the option that vendors' contradicting answers put up for review."""
    questions = {question.id: question for question in bundle.tender_questions}
    flags: list[ReviewFlag] = []
    for question_id, answer in option.vendor_answers.items():
        question = questions.get(question_id)
        if question is None or not answer.contradicts_assumption:
            continue
        flags += [ReviewFlag(option.key, question_id, "score", criterion, answer.vendor) for criterion in question.depends_on.criteria]
        flags += [ReviewFlag(option.key, question_id, "gate", gate, answer.vendor) for gate in question.depends_on.gates]
    return tuple(flags)


def assessment_review_flags(assessment: Assessment, bundle: ContentBundle) -> dict[str, tuple[ReviewFlag, ...]]:
    """Per option key, its flags (options without any are left out)."""
    return {option.key: flags for option in assessment.options if (flags := review_flags(option, bundle))}


def scores_to_review(flags: tuple[ReviewFlag, ...]) -> dict[str, list[str]]:
    """Per criterion flagged, the questions whose answers flag it (the pages mark these scores)."""
    by_criterion: dict[str, list[str]] = {}
    for flag in flags:
        if flag.kind == "score":
            by_criterion.setdefault(flag.ref, []).append(flag.question)
    return by_criterion


VENDOR_ANSWER_WARNING = "vendor_answer_contradicts"


def vendor_answer_warnings(assessment: Assessment, bundle: ContentBundle) -> list[EngineWarning]:
    """One warning per score or gate a vendor's contradicting answer puts up for review."""
    return [
        EngineWarning(
            code=VENDOR_ANSWER_WARNING,
            option=flag.option,
            criterion=flag.ref if flag.kind == "score" else None,
            params={"question": flag.question, "vendor": flag.vendor} | ({"gate": flag.ref} if flag.kind == "gate" else {}),
        )
        for flags in assessment_review_flags(assessment, bundle).values()
        for flag in flags
    ]

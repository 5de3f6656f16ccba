"""The function-creep comparison in words: each step up a capability ladder as lines a page or a
report shows, and the re-assessment triggers the Decision page offers (engine/creep.py holds the facts)."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.bundle import ContentBundle
from ..engine.creep import CreepStep, Level, OptionCreep
from ..i18n import format_date, format_number, t
from .text import in_language, list_separator


@dataclass(frozen=True)
class StepWords:
    """One step up, as lines: each aspect's heading with what changes (never empty: 'no change' is said)."""

    title: str
    upgrade: str
    aspects: list[tuple[str, list[str]]]
    verdict: str
    requires_new_assessment: bool


@dataclass(frozen=True)
class CreepWords:
    heading: str
    description: str
    top: str  # said when the option is the highest level: nothing above it
    steps: list[StepWords]


def level_name(level: Level, bundle: ContentBundle, language: str) -> str:
    technology = bundle.technologies_by_id[level.technology]
    name = technology.name.get(language)
    if level.configuration is None:
        return name
    configuration = next(c for c in technology.configurations if c.id == level.configuration)
    return t("creep.level_configured", language, option=name, configuration=configuration.name.get(language))


def upgrade_text(step: CreepStep, bundle: ContentBundle, language: str) -> str:
    ladder = next(ladder for ladder in bundle.ladders if ladder.id == step.ladder)
    return in_language(ladder.steps[step.index].upgrade, language)


def word_creep(creep: OptionCreep, option_name: str, bundle: ContentBundle, language: str) -> CreepWords:
    ladder = next(ladder for ladder in bundle.ladders if ladder.id == creep.ladder)
    return CreepWords(
        heading=t("creep.ladder_heading", language, option=option_name, ladder=ladder.name.get(language)),
        description=ladder.description.get(language),
        top=t("creep.top", language, option=option_name),
        steps=[word_step(step, bundle, language) for step in creep.steps],
    )


def word_step(step: CreepStep, bundle: ContentBundle, language: str) -> StepWords:
    def say(key: str, **values) -> str:
        return t(key, language, **values)

    separator = list_separator(language)
    scores = [
        say(
            "creep.score_line",
            criterion=bundle.criteria[change.criterion].name.get(language),
            before=format_number(change.before, language, 0),
            after=format_number(change.after, language, 0),
            delta=("+" if change.delta > 0 else "−") + format_number(abs(change.delta), language, 0),
        )
        for change in step.scores
    ]
    gates = [
        say(
            f"creep.gate.{change.kind}",
            gate=bundle.gates[change.gate].name.get(language),
            before=say(f"creep.hint.{change.before or 'none'}"),
            after=say(f"creep.hint.{change.after or 'none'}"),
        )
        for change in step.gates
    ]
    obligations = [
        bundle.obligations[outcome.obligation].name.get(language)
        if outcome.applies_at_start or outcome.applies_from is None
        else say(
            "creep.obligation_from", obligation=bundle.obligations[outcome.obligation].name.get(language), date=format_date(outcome.applies_from, language)
        )
        for outcome in step.new_obligations
    ]
    if step.dropped_obligations:
        obligations.append(say("creep.dropped", names=separator.join(bundle.obligations[o].name.get(language) for o in step.dropped_obligations)))
    data = []
    if step.data.kinds:
        data.append(say("creep.data.kinds", kinds=separator.join(say(f"creep.data.kind.{kind}") for kind in step.data.kinds)))
    if step.data.widens_capture:
        data.append(say("creep.data.capture", before=say(f"creep.capture.{step.data.capture_before}"), after=say(f"creep.capture.{step.data.capture_after}")))
    if step.data.dpia_criteria:
        names = {criterion.id: criterion.name.get(language) for criterion in bundle.legal.dpia_screening_criteria}
        data.append(say("creep.data.dpia", criteria=separator.join(names[c] for c in step.data.dpia_criteria)))
    categories = {info.category.value: info.name.get(language) for info in bundle.legal.ai_act_categories}
    ai_act = (
        say("creep.ai_act.change", before=categories[step.ai_act_before], after=categories[step.ai_act_after])
        if step.ai_act_changes
        else say("creep.ai_act.same", category=categories[step.ai_act_after])
    )
    return StepWords(
        title=say("creep.step", lower=level_name(step.lower, bundle, language), higher=level_name(step.higher, bundle, language)),
        upgrade=upgrade_text(step, bundle, language),
        aspects=[
            (say("creep.scores"), scores or [say("creep.no_scores")]),
            (say("creep.gates"), gates or [say("creep.no_gates")]),
            (say("creep.obligations"), obligations or [say("creep.no_obligations")]),
            (say("creep.data"), data or [say("creep.no_data")]),
            (say("creep.ai_act"), [ai_act]),
        ],
        verdict=_verdict(step, bundle, language),
        requires_new_assessment=step.requires_new_assessment,
    )


def trigger_text(step: CreepStep, bundle: ContentBundle, language: str) -> str:
    """A re-assessment trigger as the proportionality statement keeps it, in the assessment's language."""
    return t("creep.trigger", language, higher=level_name(step.higher, bundle, language), upgrade=upgrade_text(step, bundle, language).rstrip("."))


def _verdict(step: CreepStep, bundle: ContentBundle, language: str) -> str:
    """Whether the step calls for a new assessment, and why: what of the law or of the risks weighed it changes."""
    if not step.requires_new_assessment:
        return t("creep.verdict.no_new_assessment", language)
    reasons = []
    if any(change.kind in ("starts_failing", "needs_answer") for change in step.gates):
        reasons.append(t("creep.reason.gates", language))
    if step.new_obligations:
        reasons.append(t("creep.reason.obligations", language))
    if not step.data.empty:
        reasons.append(t("creep.reason.data", language))
    if step.ai_act_changes:
        reasons.append(t("creep.reason.ai_act", language))
    if step.worse_on_risks:
        names = list_separator(language).join(bundle.criteria[c].name.get(language) for c in step.worse_on_risks)
        reasons.append(t("creep.reason.risks", language, criteria=names))
    return t("creep.verdict.new_assessment", language, reasons=list_separator(language).join(reasons))

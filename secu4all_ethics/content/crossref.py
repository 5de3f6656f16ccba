"""Checks that span files: every id that one piece of content names must exist
in another, and every criterion must be covered where coverage is required."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..domain.assessment import Assessment
from ..domain.jurisdiction_pack import JurisdictionPack
from ..domain.scoring import missing_rationale
from ..errors import ContentIssue
from .bundle import ContentBundle

_CITATION_FIELDS = ("references", "sources", "legal_basis", "source")
# The Scores page words the same rule from the catalog keys scores.warning.<code>.
_RATIONALE_MESSAGES = {
    "rationale_required": "the score {value} departs from the reference score {reference}: give a rationale",
    "rationale_needed": "every score needs a rationale",
}


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(identifier for identifier, count in Counter(ids).items() if count > 1)


def _unknown_citations(data: object, known: set[str], path: str = "") -> Iterable[tuple[str, str]]:
    """Walk dumped content and yield (path, id) for every citation of an unknown reference."""
    if isinstance(data, dict):
        for key, value in data.items():
            child = f"{path}.{key}" if path else str(key)
            if key in _CITATION_FIELDS and isinstance(value, list):
                for index, reference_id in enumerate(value):
                    if isinstance(reference_id, str) and reference_id not in known:
                        yield f"{child}[{index}]", reference_id
            else:
                yield from _unknown_citations(value, known, child)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _unknown_citations(item, known, f"{path}[{index}]")


def check_bundle(
    bundle: ContentBundle,
    framework_file: str,
    technology_files: dict[str, str],
    reference_files: list[tuple[str, str]],
) -> list[ContentIssue]:
    issues: list[ContentIssue] = []
    framework = bundle.framework
    criteria = bundle.criteria
    judgement = set(bundle.judgement_criterion_ids)
    pillars = {pillar.id for pillar in framework.pillars}
    gates = set(bundle.gates)
    obligations = set(bundle.obligations)
    dpia_criteria = {criterion.id for criterion in bundle.legal.dpia_screening_criteria}
    known_references = {reference_id for _, reference_id in reference_files}

    def add(file: str, path: str, message: str) -> None:
        issues.append(ContentIssue(file, path, message))

    # identities
    for duplicate in _duplicates(pillar.id for pillar in framework.pillars):
        add(framework_file, "pillars", f"pillar id {duplicate!r} is used twice")
    for duplicate in _duplicates(criterion.id for criterion in framework.criteria):
        add(framework_file, "criteria", f"criterion id {duplicate!r} is used twice")
    for duplicate in _duplicates(reference_id for _, reference_id in reference_files):
        files = sorted({name for name, reference_id in reference_files if reference_id == duplicate})
        add(files[0], "references", f"reference id {duplicate!r} is defined more than once ({', '.join(files)})")
    for kind, items in (
        ("gate", bundle.legal.gates),
        ("obligation", bundle.legal.obligations),
        ("DPIA screening criterion", bundle.legal.dpia_screening_criteria),
        ("necessity step", bundle.legal.necessity_steps),
        ("legal date", bundle.legal.legal_dates),
    ):
        for duplicate in _duplicates(item.id for item in items):
            add("legal.yaml", "", f"{kind} id {duplicate!r} is used twice")
    for duplicate in _duplicates(preset.id for preset in bundle.presets):
        add("presets.yaml", "presets", f"preset id {duplicate!r} is used twice")

    legal_dates = {date.id for date in bundle.legal.legal_dates}
    for index, gate in enumerate(bundle.legal.gates):
        if gate.applies_from is not None and gate.applies_from not in legal_dates:
            add("legal.yaml", f"gates[{index}].applies_from", f"unknown legal date {gate.applies_from!r}")
    for index, obligation in enumerate(bundle.legal.obligations):
        if obligation.applies_from is not None and obligation.applies_from not in legal_dates:
            add("legal.yaml", f"obligations[{index}].applies_from", f"unknown legal date {obligation.applies_from!r}")

    # framework
    for index, criterion in enumerate(framework.criteria):
        if criterion.pillar not in pillars:
            add(framework_file, f"criteria[{index}].pillar", f"unknown pillar {criterion.pillar!r}")
    empty_pillars = pillars - {criterion.pillar for criterion in framework.criteria}
    for pillar_id in sorted(empty_pillars):
        add(framework_file, "pillars", f"pillar {pillar_id!r} has no criterion")
    derived = [c.id for c in framework.criteria if c.score_source == "yearly_cost_bands"]
    if len(derived) > 1:
        add(framework_file, "criteria", f"only one criterion may be derived from the cost bands; found {derived}")

    # presets
    for index, preset in enumerate(bundle.presets):
        for criterion_id in preset.weights:
            if criterion_id not in criteria:
                add("presets.yaml", f"presets[{index}].weights.{criterion_id}", "unknown criterion")
        for criterion_id in bundle.criterion_ids:
            if criterion_id not in preset.weights:
                add("presets.yaml", f"presets[{index}].weights", f"no weight for criterion {criterion_id!r}")
        if preset.weights and not any(weight > 0 for weight in preset.weights.values()):
            add("presets.yaml", f"presets[{index}].weights", "all weights are zero")

    # technologies
    for technology in bundle.technologies:
        file = technology_files.get(technology.id, f"technologies/{technology.id}.yaml")
        for criterion_id in technology.scores:
            if criterion_id not in criteria:
                add(file, f"scores.{criterion_id}", "unknown criterion")
            elif criterion_id not in judgement:
                add(file, f"scores.{criterion_id}", "this criterion is derived from the cost model and is not scored by hand")
        for criterion_id in bundle.judgement_criterion_ids:
            if criterion_id not in technology.scores:
                add(file, "scores", f"no reference score for criterion {criterion_id!r}")
        for index, hint in enumerate(technology.gate_hints):
            if hint.gate not in gates:
                add(file, f"gate_hints[{index}].gate", f"unknown gate {hint.gate!r}")
        for duplicate in _duplicates(hint.gate for hint in technology.gate_hints):
            add(file, "gate_hints", f"gate {duplicate!r} has more than one hint")
        for index, obligation_hint in enumerate(technology.obligation_hints):
            if obligation_hint.obligation not in obligations:
                add(file, f"obligation_hints[{index}].obligation", f"unknown obligation {obligation_hint.obligation!r}")
        for index, criterion_id in enumerate(technology.dpia_criteria):
            if criterion_id not in dpia_criteria:
                add(file, f"dpia_criteria[{index}]", f"unknown DPIA screening criterion {criterion_id!r}")
        for duplicate in _duplicates(configuration.id for configuration in technology.configurations):
            add(file, "configurations", f"configuration id {duplicate!r} is used twice")
        for index, configuration in enumerate(technology.configurations):
            for criterion_id in configuration.score_changes:
                if criterion_id not in criteria:
                    add(file, f"configurations[{index}].score_changes.{criterion_id}", "unknown criterion")
                elif criterion_id not in judgement:
                    add(
                        file,
                        f"configurations[{index}].score_changes.{criterion_id}",
                        "a derived criterion changes through cost_change, not score_changes",
                    )

    # citations everywhere
    for path, reference_id in _unknown_citations(framework.model_dump(mode="json"), known_references):
        add(framework_file, path, f"unknown reference {reference_id!r}")
    for path, reference_id in _unknown_citations(bundle.legal.model_dump(mode="json"), known_references):
        add("legal.yaml", path, f"unknown reference {reference_id!r}")
    for technology in bundle.technologies:
        file = technology_files.get(technology.id, f"technologies/{technology.id}.yaml")
        for path, reference_id in _unknown_citations(technology.model_dump(mode="json"), known_references):
            add(file, path, f"unknown reference {reference_id!r}")
    for pack in bundle.jurisdictions:
        issues.extend(_check_pack(pack, set(bundle.technologies_by_id), known_references))
    if bundle.dpia is not None:
        issues.extend(_check_dpia(bundle, known_references))
    return issues


def _check_dpia(bundle: ContentBundle, known_references: set[str]) -> list[ContentIssue]:
    dpia, file = bundle.dpia, "dpia.yaml"
    assert dpia is not None  # checked by the caller
    issues = [
        ContentIssue(file, path, f"unknown reference {reference_id!r}")
        for path, reference_id in _unknown_citations(dpia.model_dump(mode="json"), known_references)
    ]
    for index, obligation_id in enumerate(dpia.obligations):
        if obligation_id not in bundle.obligations:
            issues.append(ContentIssue(file, f"obligations[{index}]", f"unknown obligation {obligation_id!r}"))
    for kind, ids in (("feared event", [e.id for e in dpia.feared_events]), ("element", [e.id for e in dpia.elements])):
        issues += [ContentIssue(file, "", f"{kind} id {duplicate!r} is used twice") for duplicate in _duplicates(ids)]
    # Every regime a DPIA obligation applies under needs the elements the law sets for it.
    covered = {regime for element in dpia.elements for regime in element.regimes}
    for obligation_id in dpia.obligations:
        obligation = bundle.obligations.get(obligation_id)
        for regime in obligation.regimes if obligation is not None else []:
            if regime not in covered:
                issues.append(ContentIssue(file, "elements", f"no element for the regime {regime!r} of obligation {obligation_id!r}"))
    return issues


def _check_pack(pack: JurisdictionPack, technologies: set[str], known_references: set[str]) -> list[ContentIssue]:
    file = f"jurisdictions/{pack.member_state.lower()}.yaml"
    issues = [ContentIssue(file, "provisions", f"provision id {duplicate!r} is used twice") for duplicate in _duplicates(p.id for p in pack.provisions)]
    for index, provision in enumerate(pack.provisions):
        for technology_id in [] if provision.technologies == "all" else provision.technologies:
            if technology_id not in technologies:
                issues.append(ContentIssue(file, f"provisions[{index}].technologies", f"unknown option {technology_id!r}"))
    for path, reference_id in _unknown_citations(pack.model_dump(mode="json", exclude={"references"}), known_references):
        issues.append(ContentIssue(file, path, f"unknown reference {reference_id!r}"))
    return issues


def check_assessment(assessment: Assessment, bundle: ContentBundle, file: str) -> list[ContentIssue]:
    """Cross-check an assessment against the content it claims to use."""
    issues: list[ContentIssue] = []

    def add(path: str, message: str) -> None:
        issues.append(ContentIssue(file, path, message))

    if assessment.framework.id != bundle.framework.id:
        add("framework.id", f"the loaded framework is {bundle.framework.id!r}, not {assessment.framework.id!r}")
        return issues
    gates = bundle.gates
    obligations = bundle.obligations
    dpia_criteria = {criterion.id for criterion in bundle.legal.dpia_screening_criteria}
    necessity_steps = {step.id for step in bundle.legal.necessity_steps}

    for step_id in assessment.need.necessity_answers:
        if step_id not in necessity_steps:
            add(f"need.necessity_answers.{step_id}", "unknown necessity step")

    for index, option in enumerate(assessment.options):
        where = f"options[{index}]"
        technology = None
        if option.catalogue_id is not None:
            technology = bundle.technologies_by_id.get(option.catalogue_id)
            if technology is None:
                add(f"{where}.catalogue_id", f"unknown catalogue option {option.catalogue_id!r}")
        configurations = {c.id: c for c in technology.configurations} if technology else {}
        groups_seen: dict[str, str] = {}
        for position, configuration_id in enumerate(option.configurations):
            configuration = configurations.get(configuration_id)
            if configuration is None:
                add(f"{where}.configurations[{position}]", f"unknown configuration {configuration_id!r} for this option")
                continue
            if configuration.group is not None:
                if configuration.group in groups_seen:
                    add(
                        f"{where}.configurations[{position}]",
                        f"{configuration_id!r} and {groups_seen[configuration.group]!r} are alternatives (group {configuration.group!r}); choose one",
                    )
                groups_seen[configuration.group] = configuration_id
        for gate_id in option.gate_answers:
            if gate_id not in gates:
                add(f"{where}.gate_answers.{gate_id}", "unknown gate")
        for position, obligation_id in enumerate(option.obligations):
            if obligation_id not in obligations:
                add(f"{where}.obligations[{position}]", f"unknown obligation {obligation_id!r}")
        for obligation_id in option.obligation_progress:
            if obligation_id not in obligations:
                add(f"{where}.obligation_progress.{obligation_id}", "unknown obligation")
        feared_events = {event.id for event in bundle.dpia.feared_events} if bundle.dpia is not None else set()
        for event_id in option.feared_events:
            if event_id not in feared_events:
                add(f"{where}.feared_events.{event_id}", "unknown feared event")
        for position, criterion_id in enumerate(option.dpia_criteria or []):
            if criterion_id not in dpia_criteria:
                add(f"{where}.dpia_criteria[{position}]", f"unknown DPIA screening criterion {criterion_id!r}")
        for criterion_id, score in option.scores.items():
            criterion = bundle.criteria.get(criterion_id)
            if criterion is None:
                add(f"{where}.scores.{criterion_id}", "unknown criterion")
            elif criterion.score_source != "judgement":
                add(f"{where}.scores.{criterion_id}", "derived from the cost model; change the cost model instead")
            else:
                reference = technology.scores.get(criterion_id) if technology is not None else None
                problem = missing_rationale(score.value, score.rationale, reference)
                if problem is not None:
                    add(f"{where}.scores.{criterion_id}.rationale", _RATIONALE_MESSAGES[problem.code].format(**problem.values))

    issues.extend(_check_weight_settings(assessment.weights, bundle, file))
    return issues


def _check_weight_settings(settings, bundle: ContentBundle, file: str) -> list[ContentIssue]:
    """Every criterion, pillar and preset the weight settings name must exist."""
    issues = []
    criteria = set(bundle.criteria)
    pillars = {pillar.id for pillar in bundle.framework.pillars}

    def check(ids, path, known, kind):
        for identifier in ids:
            if identifier not in known:
                issues.append(ContentIssue(file, f"weights.{path}", f"unknown {kind} {identifier!r}"))

    if getattr(settings, "preset", None) is not None and settings.preset not in bundle.presets_by_id:
        issues.append(ContentIssue(file, "weights.preset", f"unknown preset {settings.preset!r}"))
    for field in ("values", "points", "swings", "within_pillar"):
        check(getattr(settings, field, {}) or {}, field, criteria, "criterion")
    check(getattr(settings, "pillars", {}) or {}, "pillars", pillars, "pillar")
    for position, group in enumerate(getattr(settings, "ranking", []) or []):
        check(group, f"ranking[{position}]", criteria, "criterion")
    items = pillars if getattr(settings, "scope", "criteria") == "pillars" else criteria
    for position, judgement in enumerate(getattr(settings, "judgements", []) or []):
        check([judgement.a, judgement.b], f"judgements[{position}]", items, "item")
    return issues


def check_ladders(bundle: ContentBundle, ladder_files: dict[str, str]) -> list[ContentIssue]:
    """Every step of a capability ladder names an option of the catalogue (and a configuration of it),
    cites known references, and no ladder leads back to a level below it, alone or joined to the others:
    a step up must add capability, so the levels form no cycle."""
    issues: list[ContentIssue] = []
    known_references = {reference.id for reference in bundle.references}
    following: dict[str, set[str]] = {}
    for ladder in bundle.ladders:
        file = ladder_files.get(ladder.id, f"ladders/{ladder.id}.yaml")
        for index, step in enumerate(ladder.steps):
            technology = bundle.technologies_by_id.get(step.technology)
            if technology is None:
                issues.append(ContentIssue(file, f"steps[{index}].technology", f"unknown option {step.technology!r}"))
            elif step.configuration is not None and step.configuration not in {c.id for c in technology.configurations}:
                issues.append(ContentIssue(file, f"steps[{index}].configuration", f"unknown configuration {step.configuration!r} of {step.technology!r}"))
            if index > 0 and step.upgrade is None:
                issues.append(ContentIssue(file, f"steps[{index}].upgrade", "say what the step up to this level takes"))
        for path, reference_id in _unknown_citations(ladder.model_dump(mode="json"), known_references):
            issues.append(ContentIssue(file, path, f"unknown reference {reference_id!r}"))
        seen: dict[str, int] = {}
        for index, step in enumerate(ladder.steps):
            if step.key in seen:
                issues.append(ContentIssue(file, f"steps[{index}]", f"{step.key!r} is already step {seen[step.key]}: a ladder cannot lead back down"))
            seen.setdefault(step.key, index)
        for lower, higher in zip(ladder.steps, ladder.steps[1:]):
            following.setdefault(lower.key, set()).add(higher.key)
    for duplicate in _duplicates(ladder.id for ladder in bundle.ladders):
        issues.append(ContentIssue(ladder_files.get(duplicate, "ladders/"), "id", f"ladder id {duplicate!r} is used twice"))
    cycle = _cycle(following)
    if cycle:
        files = sorted({ladder_files.get(ladder.id, ladder.id) for ladder in bundle.ladders if {s.key for s in ladder.steps} & set(cycle)})
        issues.append(
            ContentIssue(files[0] if files else "ladders/", "steps", f"the ladders together lead in a circle: {' -> '.join(cycle)} ({', '.join(files)})")
        )
    return issues


def _cycle(following: dict[str, set[str]]) -> list[str]:
    """A path that comes back to its start in the graph of steps up, or [] when there is none."""
    done: set[str] = set()

    def visit(level: str, path: list[str]) -> list[str]:
        if level in path:
            return path[path.index(level) :] + [level]
        if level in done:
            return []
        for higher in sorted(following.get(level, ())):
            found = visit(higher, path + [level])
            if found:
                return found
        done.add(level)
        return []

    for start in sorted(following):
        found = visit(start, [])
        if found:
            return found
    return []

"""What an assessment still lacks (engine.completeness), as a checklist of sentences."""

from __future__ import annotations

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from ..engine.completeness import MissingItem
from ..i18n import t


def checklist(missing: list[MissingItem], assessment: Assessment, bundle: ContentBundle, language: str) -> list[tuple[str, str]]:
    """The items as sentences in language, each with its page; the gates and scores an option lacks make one sentence."""
    groups: dict[tuple[str, str | None], list[MissingItem]] = {}
    for item in missing:
        groups.setdefault((item.code, item.option), []).append(item)
    return [(items[0].page, _sentence(items, assessment, bundle, language)) for items in groups.values()]


def _sentence(items: list[MissingItem], assessment: Assessment, bundle: ContentBundle, language: str) -> str:
    first, separator = items[0], ", "
    values = {}
    if first.option is not None:
        values["option"] = option_name(assessment, bundle, first.option, language)
    gates = [item.gate for item in items if item.gate is not None]
    if gates:
        values["gates"] = separator.join(bundle.gates[g].name.get(language) if g in bundle.gates else g for g in gates)
    criteria = [item.criterion for item in items if item.criterion is not None]
    if criteria:
        names = {c.id: c.name.get(language) for c in bundle.framework.criteria}
        values["criteria"] = separator.join(names.get(c, c) for c in criteria)
    events = [item.event for item in items if item.event is not None]
    if events and bundle.dpia is not None:
        names = {event.id: event.name.get(language) for event in bundle.dpia.feared_events}
        values["events"] = separator.join(names.get(e, e) for e in events)
    return t(f"completeness.{first.code}", language, **values)


def option_name(assessment: Assessment, bundle: ContentBundle, key: str, language: str) -> str:
    option = next((o for o in assessment.options if o.key == key), None)
    if option is None:
        return key
    technology = bundle.technologies_by_id.get(option.catalogue_id) if option.catalogue_id else None
    if technology is not None:
        return technology.name.get(language)
    return option.custom.name if option.custom is not None else key

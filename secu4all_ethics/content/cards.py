"""Scenario cards for module-3 workshops (criteria/workshops/cards/*.yaml), validated like the rest
of the content and cross-checked against it, so a trainer can add a card without code.

A card points at an assessment file (an example, or one under workshops/assessments/) that holds
its options' scores and gate answers; the workshop's group weights are applied to that assessment
restricted to the card's options (card_assessment)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..domain.assessment import AssessedOption, Assessment
from ..domain.scenario_card import ScenarioCard
from ..errors import ContentError, ContentIssue
from .bundle import ContentBundle
from .crossref import check_assessment
from .loader import default_content_dir, load_content, validate_data
from .yaml_io import read_data_file

CARDS_FOLDER = Path("workshops") / "cards"


@dataclass(frozen=True)
class _ReadCard:
    file: str  # relative to the content folder, as errors name it
    card: ScenarioCard
    assessment_file: str
    assessment: Assessment  # as in its file: never handed out, card_assessment copies it


def _root(content_dir: str | Path | None) -> Path:
    return (Path(content_dir) if content_dir is not None else default_content_dir()).resolve()


def card_files(content_dir: str | Path | None = None) -> list[Path]:
    return sorted((_root(content_dir) / CARDS_FOLDER).glob("*.yaml"))


def _assessment_path(root: Path, card: ScenarioCard) -> Path | None:
    """The card's assessment file, or None when its name leads out of the content folder."""
    path = (root / card.assessment).resolve()
    return path if path.is_relative_to(root) else None


def _read_assessment(root: Path, card: ScenarioCard, card_file: str, issues: list[ContentIssue]) -> Assessment | None:
    path = _assessment_path(root, card)
    if path is None:
        issues.append(ContentIssue(card_file, "assessment", f"{card.assessment!r} is outside the content folder"))
        return None
    if not path.is_file():
        issues.append(ContentIssue(card_file, "assessment", f"no such assessment file {card.assessment!r} in the content folder"))
        return None
    try:
        return validate_data(Assessment, read_data_file(path, card.assessment), card.assessment)
    except ContentError as error:
        issues.extend(error.issues)
        issues.append(ContentIssue(card_file, "assessment", f"{card.assessment!r} is not a valid assessment (see its errors)"))
        return None


def _check_options(card: ScenarioCard, card_file: str, assessment: Assessment, issues: list[ContentIssue]) -> None:
    keys = {option.key for option in assessment.options}
    seen: set[str] = set()
    for index, option in enumerate(card.options):
        if option.key in seen:
            issues.append(ContentIssue(card_file, f"options[{index}].key", f"option {option.key!r} is on the card twice"))
        elif option.key not in keys:
            issues.append(ContentIssue(card_file, f"options[{index}].key", f"no option {option.key!r} in {card.assessment}"))
        seen.add(option.key)


@lru_cache(maxsize=8)
def _read_cards(root: Path) -> tuple[_ReadCard, ...]:
    """Every card in root, schema-checked with its assessment file; read once per folder, as the
    content bundle is loaded once per process."""
    issues: list[ContentIssue] = []
    cards: list[_ReadCard] = []
    ids: dict[str, str] = {}
    for path in card_files(root):
        name = str(path.relative_to(root))
        try:
            card = validate_data(ScenarioCard, read_data_file(path, name), name)
        except ContentError as error:
            issues.extend(error.issues)
            continue
        if card.id != path.stem:
            issues.append(ContentIssue(name, "id", f"must equal the file name {path.stem!r}"))
        if card.id in ids:
            issues.append(ContentIssue(name, "id", f"{card.id!r} is also the id of {ids[card.id]}"))
        ids.setdefault(card.id, name)
        assessment = _read_assessment(root, card, name, issues)
        if assessment is not None:
            _check_options(card, name, assessment, issues)
            cards.append(_ReadCard(name, card, card.assessment, assessment))
    if issues:
        raise ContentError(issues)
    return tuple(cards)


@lru_cache(maxsize=8)
def _content(root: Path) -> ContentBundle:
    return load_content(root)  # immutable: shared by every caller, as the app shares its bundle


def _is_less_intrusive(option: AssessedOption, bundle: ContentBundle) -> bool:
    # The engine's notion (OptionResult.less_intrusive_alternative): an alternative or the status quo.
    if option.custom is not None:
        return option.custom.kind in ("alternative", "status_quo")
    technology = bundle.technologies_by_id.get(option.catalogue_id or "")
    return technology is not None and technology.is_less_intrusive_alternative


def _cross_check(read: _ReadCard, bundle: ContentBundle) -> list[ContentIssue]:
    issues = check_assessment(read.assessment, bundle, read.assessment_file)
    options = {option.key: option for option in read.assessment.options}
    on_card = [options[option.key] for option in read.card.options]
    if not any(_is_less_intrusive(option, bundle) for option in on_card):
        issues.append(ContentIssue(read.file, "options", "no option is a less intrusive alternative (a catalogue alternative or the status quo); add one"))
    return issues


def load_cards(content_dir: str | Path | None = None, bundle: ContentBundle | None = None) -> dict[str, ScenarioCard]:
    """The scenario cards by id, in file-name order, validated and cross-checked against the
    content (bundle, or the content in content_dir); ContentError names each file and field."""
    root = _root(content_dir)
    read = _read_cards(root)
    bundle = bundle if bundle is not None else _content(root)
    issues = [issue for card in read for issue in _cross_check(card, bundle)]
    if issues:
        raise ContentError(issues)
    return {card.card.id: card.card for card in read}


@lru_cache(maxsize=32)
def _assessment_file(path: Path) -> Assessment:
    return validate_data(Assessment, read_data_file(path, path.name), path.name)


def card_assessment(card: ScenarioCard, content_dir: str | Path | None = None) -> Assessment:
    """The card's assessment restricted to the card's options, in the card's order. A decision or an
    action that names a dropped option is cleared, so the result is a valid assessment of its own."""
    root = _root(content_dir)
    card_file = str(CARDS_FOLDER / f"{card.id}.yaml")
    path = _assessment_path(root, card)
    if path is None or not path.is_file():
        raise ContentError.single(card_file, f"no such assessment file {card.assessment!r} in the content folder", path="assessment")
    assessment = _assessment_file(path)
    options = {option.key: option for option in assessment.options}
    missing = [option.key for option in card.options if option.key not in options]
    if missing:
        raise ContentError.single(card_file, f"no option {missing[0]!r} in {card.assessment}", path="options")
    kept = [options[option.key] for option in card.options]
    kept_configurations = {configuration for option in kept for configuration in option.configurations}
    document = assessment.model_dump(mode="json")
    document["options"] = [option.model_dump(mode="json") for option in kept]
    if assessment.decision.recommended_option not in (None, *(option.key for option in kept)):
        document["decision"] = {**document["decision"], "conclusion": "undecided", "recommended_option": None}
    document["action_plan"] = [
        action for action in document["action_plan"] if action["origin"] != "configuration" or action["origin_ref"] in kept_configurations
    ]
    return Assessment.model_validate(document)

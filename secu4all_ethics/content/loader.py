"""Loading content and assessment files into validated models.

Every error is collected, not just the first, and each names the file and the
path inside it, e.g. ``technologies/anpr.yaml: scores.privacy_intrusion.value:
Input should be less than or equal to 5 (got 7)``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..domain.assessment import Assessment
from ..domain.content import (
    CapabilityLadder,
    DpiaContent,
    Framework,
    LegalContent,
    PresetFile,
    Reference,
    ReferenceFile,
    Technology,
    TenderClauseFile,
    TenderQuestionFile,
)
from ..domain.jurisdiction_pack import JurisdictionPack, NationalChecklist
from ..errors import ContentError, ContentIssue
from .bundle import ContentBundle
from .crossref import check_bundle, check_ladders
from .tender_checks import check_tender
from .yaml_io import decode_bytes, parse_text, read_data_file

DEFAULT_FRAMEWORK_ID = "secu4all_core"
DPIA_FILE = "dpia.yaml"
TENDER_CLAUSES_FILE = "tender/clauses.yaml"
TENDER_QUESTIONS_FILE = "tender/questions.yaml"
PACKAGE_ROOT = Path(__file__).resolve().parents[2]

ModelT = TypeVar("ModelT", bound=BaseModel)


def default_content_dir() -> Path:
    configured = os.environ.get("SECU4ALL_CONTENT_DIR")
    return Path(configured) if configured else PACKAGE_ROOT / "criteria"


def format_location(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def issues_from_validation_error(error: ValidationError, file: str, prefix: str = "") -> list[ContentIssue]:
    issues = []
    for detail in error.errors(include_url=False):
        loc = tuple(part for part in detail["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        path = format_location(loc)
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        message = detail["msg"]
        given = detail.get("input")
        if detail["type"] not in ("missing", "extra_forbidden") and isinstance(given, (str, int, float, bool)):
            shown = given if not isinstance(given, str) or len(given) <= 60 else given[:57] + "..."
            message = f"{message} (got {shown!r})"
        if detail["type"] == "extra_forbidden":
            message = "unknown field (check its spelling)"
        context = {key: value for key, value in (detail.get("ctx") or {}).items() if isinstance(value, (str, int, float))}
        if isinstance(given, str):
            context["given_length"] = len(given)
        issues.append(ContentIssue(file=file, path=path, message=message, kind=detail["type"], context=context))
    return issues


def validate_data(model: type[ModelT], data: Any, file: str) -> ModelT:
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise ContentError.single(file, f"expected a mapping of fields at the top level, found {kind}")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(issues_from_validation_error(error, file)) from None


def _relative_name(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def content_files(root: Path, framework_id: str = DEFAULT_FRAMEWORK_ID) -> list[Path]:
    """The files load_content reads in root (what validate counts, even when loading fails)."""
    single = [
        root / "frameworks" / f"{framework_id}.yaml",
        root / "legal.yaml",
        root / "presets.yaml",
        root / "national_checklist.yaml",
        root / DPIA_FILE,
        root / TENDER_CLAUSES_FILE,
        root / TENDER_QUESTIONS_FILE,
    ]
    folders = ("references", "technologies", "jurisdictions", "ladders")
    return [path for path in single if path.is_file()] + [path for folder in folders for path in sorted((root / folder).glob("*.yaml"))]


def load_content(content_dir: str | Path | None = None, framework_id: str = DEFAULT_FRAMEWORK_ID) -> ContentBundle:
    """Load, validate and cross-check all content for one framework."""
    root = Path(content_dir) if content_dir is not None else default_content_dir()
    issues: list[ContentIssue] = []
    loaded_files: list[str] = []

    def load(model: type[ModelT], path: Path) -> ModelT | None:
        name = _relative_name(path, root)
        loaded_files.append(name)
        try:
            return validate_data(model, read_data_file(path, name), name)
        except ContentError as error:
            issues.extend(error.issues)
            return None

    if not root.is_dir():
        raise ContentError.single(str(root), "content folder not found")

    framework_path = root / "frameworks" / f"{framework_id}.yaml"
    if not framework_path.is_file():
        raise ContentError.single(_relative_name(framework_path, root), f"no framework with id {framework_id!r}")
    framework = load(Framework, framework_path)
    if framework is not None and framework.id != framework_id:
        issues.append(ContentIssue(_relative_name(framework_path, root), "id", f"must equal the file name {framework_id!r}"))

    legal = load(LegalContent, root / "legal.yaml")
    preset_file = load(PresetFile, root / "presets.yaml")

    references: list[tuple[str, Reference]] = []
    reference_paths = sorted((root / "references").glob("*.yaml"))
    if not reference_paths:
        issues.append(ContentIssue("references/", "", "no reference file found"))
    for path in reference_paths:
        reference_file = load(ReferenceFile, path)
        if reference_file is not None:
            references.extend((_relative_name(path, root), ref) for ref in reference_file.references)

    technologies = []
    for path in sorted((root / "technologies").glob("*.yaml")):
        technology = load(Technology, path)
        if technology is not None:
            if technology.id != path.stem:
                issues.append(ContentIssue(_relative_name(path, root), "id", f"must equal the file name {path.stem!r}"))
            technologies.append((_relative_name(path, root), technology))
    if not technologies and not issues:
        issues.append(ContentIssue("technologies/", "", "the catalogue is empty"))

    packs = []
    for path in sorted((root / "jurisdictions").glob("*.yaml")):  # optional: a member state without a pack gets the EU rules
        pack = load(JurisdictionPack, path)
        if pack is not None:
            if pack.member_state.lower() != path.stem:
                issues.append(ContentIssue(_relative_name(path, root), "member_state", f"must match the file name {path.stem!r}"))
            packs.append(pack)
            references.extend((_relative_name(path, root), ref) for ref in pack.references)

    checklist_path = root / "national_checklist.yaml"
    checklist = load(NationalChecklist, checklist_path) if checklist_path.is_file() else None
    dpia_path = root / DPIA_FILE  # optional: without it, the DPIA obligation is listed but the tool holds no DPIA content
    dpia = load(DpiaContent, dpia_path) if dpia_path.is_file() else None
    # Optional, as the DPIA content: without them the tool writes no tender document.
    clause_file = load(TenderClauseFile, root / TENDER_CLAUSES_FILE) if (root / TENDER_CLAUSES_FILE).is_file() else None
    question_file = load(TenderQuestionFile, root / TENDER_QUESTIONS_FILE) if (root / TENDER_QUESTIONS_FILE).is_file() else None

    ladders = []
    for path in sorted((root / "ladders").glob("*.yaml")):  # optional: without them, no upgrade path is compared
        ladder = load(CapabilityLadder, path)
        if ladder is not None:
            if ladder.id != path.stem:
                issues.append(ContentIssue(_relative_name(path, root), "id", f"must equal the file name {path.stem!r}"))
            ladders.append((_relative_name(path, root), ladder))

    if issues or framework is None or legal is None or preset_file is None:
        raise ContentError(issues)

    bundle = ContentBundle(
        framework=framework,
        legal=legal,
        technologies=tuple(technology for _, technology in technologies),
        presets=tuple(preset_file.presets),
        references=tuple(reference for _, reference in references),
        jurisdictions=tuple(packs),
        national_checklist=tuple(checklist.items) if checklist else (),
        dpia=dpia,
        source_files=tuple(loaded_files),
        tender_clauses=tuple(clause_file.clauses) if clause_file else (),
        tender_questions=tuple(question_file.questions) if question_file else (),
        ladders=tuple(ladder for _, ladder in ladders),
    )
    issues.extend(
        check_bundle(
            bundle,
            framework_file=_relative_name(framework_path, root),
            technology_files={technology.id: name for name, technology in technologies},
            reference_files=[(name, reference.id) for name, reference in references],
        )
    )
    issues.extend(check_tender(bundle, TENDER_CLAUSES_FILE, TENDER_QUESTIONS_FILE))
    issues.extend(check_ladders(bundle, {ladder.id: name for name, ladder in ladders}))
    if issues:
        raise ContentError(issues)
    return bundle


# A JSON report carries the assessment it was made from, so a report file can be imported too.
REPORT_FORMAT_NAME = "secu4all-report"


def _assessment_data(data: object, source_name: str) -> tuple[object, str]:
    if isinstance(data, dict) and data.get("format") == REPORT_FORMAT_NAME:
        return data.get("assessment"), f"{source_name}: assessment"
    return data, source_name


def parse_assessment(data: bytes | str, source_name: str) -> Assessment:
    """Parse an uploaded or stored assessment document (YAML or JSON), or the JSON export of a report."""
    text = decode_bytes(data, source_name) if isinstance(data, bytes) else data
    return validate_data(Assessment, *_assessment_data(parse_text(text, source_name), source_name))


def load_assessment(path: str | Path) -> Assessment:
    path = Path(path)
    return validate_data(Assessment, *_assessment_data(read_data_file(path, str(path)), str(path)))

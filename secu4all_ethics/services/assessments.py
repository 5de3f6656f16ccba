"""Assessments as a service: every read and write is authorised, every write
is a new immutable version plus an audit entry in the same transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from ..content.bundle import ContentBundle
from ..content.crossref import check_assessment
from ..content.loader import issues_from_validation_error, parse_assessment
from ..domain.assessment import Assessment, AssessmentStatus, Person
from ..domain.review import (
    HINT_OVERRIDES,
    OPINIONS,
    POINT_CONTENT,
    SECTION_VERDICTS,
    ReviewEntry,
    ReviewRound,
    carry_over,
    current_round,
    missing_for_sign_off,
    review_points,
    with_origins,
)
from ..domain.version_diff import VersionDiff, compare_documents
from ..errors import ContentError
from ..storage import audit
from ..storage import repository as repo
from ..storage.audit import Actor
from ..storage.faults import StorageError
from ..storage.repository import AssessmentSummary, ConflictError, NotFoundError, Storage, StoredVersion
from .access import AccessDenied, Target, authorize
from .auth import display_names

if TYPE_CHECKING:
    from ..engine.completeness import StepStatus

# The screens take the service's identity, storage and error types from here, never from storage itself.
__all__ = [
    "AccessDenied",
    "Actor",
    "AssessmentService",
    "ConflictError",
    "NotFoundError",
    "ReviewStateError",
    "Storage",
    "StorageError",
    "StoredVersion",
    "describe_changes",
]

VERDICTS = SECTION_VERDICTS


class ReviewStateError(Exception):
    """A review step that the assessment's status does not allow (e.g. signing a draft).

    str() in English for logs; describe(language) for the screens (catalog keys review_state.*)."""

    MESSAGES = {
        "not_draft": "version {version} is {status}; only a draft can be submitted",
        "not_submitted": "version {version} is {status}; only a submitted version is reviewed",
        "incomplete": "version {version} cannot be signed off yet: {missing}",
        "signed_kept": "version {version} is signed off: a signed assessment is kept, not deleted",
        "assessment_incomplete": "version {version} is not complete: {missing}",
    }

    def __init__(self, code: str, *, version: int, status: str = "", missing: list[str] | None = None):
        self.code, self.version, self.status, self.missing = code, version, status, list(missing or [])
        super().__init__(self.MESSAGES[code].format(version=version, status=status, missing=", ".join(self.missing)))

    def describe(self, language: str) -> str:
        from ..i18n import t

        def missing_item(item: str) -> str:
            kind, _, section = item.partition(":")
            if section:
                return t(f"review_state.missing.{kind}", language, section=t(f"report.section.{section}", language))
            return t(f"review_state.missing.{kind}", language)

        status = t(f"status.{self.status}", language) if self.status else ""
        if self.code == "assessment_incomplete":
            return t(
                "review_state.assessment_incomplete",
                language,
                version=self.version,
                missing=self._pages_to_complete(language),
                page=t("nav.decision", language),
            )
        missing = t("wording.list_separator", language).join(missing_item(item) for item in self.missing)
        return t(f"review_state.{self.code}", language, version=self.version, status=status, missing=missing)

    def _pages_to_complete(self, language: str) -> str:
        """The pages with something to complete and how many things, e.g. "5 Scores (3)"."""
        from ..engine.completeness import PAGE_OF
        from ..i18n import t

        counts: dict[str, int] = {}
        for item in self.missing:
            page = PAGE_OF[item.partition(":")[0]]
            counts[page] = counts.get(page, 0) + 1
        return t("wording.list_separator", language).join(f"{t(f'nav.{page}', language)} ({count})" for page, count in counts.items())


def new_assessment_id() -> str:
    return uuid.uuid4().hex


def describe_changes(old: dict, new: dict, limit: int = 8) -> str:
    """A short account of what changed between two documents, by field path."""
    changes: list[str] = []

    def walk(a, b, path):
        if a == b:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in list(a) + [k for k in b if k not in a]:
                walk(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for index, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{path}[{index}]")
        else:
            changes.append(path or "document")

    walk({k: v for k, v in old.items() if k != "updated_at"}, {k: v for k, v in new.items() if k != "updated_at"}, "")
    if not changes:
        return "no change"
    shown = ", ".join(changes[:limit])
    return f"changed {shown}" + (f" and {len(changes) - limit} more" if len(changes) > limit else "")


@dataclass(frozen=True)
class LoadedAssessment:
    assessment: Assessment
    version: StoredVersion


class AssessmentService:
    def __init__(self, storage: Storage, bundle: ContentBundle):
        self.storage = storage
        self.bundle = bundle

    # -- helpers ------------------------------------------------------------------------

    def _target(self, session, assessment_id: str) -> tuple[AssessmentSummary, Target]:
        summary = repo.get_summary(session, assessment_id)
        revealed = False
        if summary.workshop_id is not None:
            revealed = repo.get_workshop(session, summary.workshop_id).revealed
        target = Target(
            organisation=summary.organisation,
            owner=summary.owner,
            workshop_id=summary.workshop_id,
            workshop_revealed=revealed,
            authors=frozenset(repo.authors_of(session, assessment_id)),
        )
        return summary, target

    def _stamp(self, assessment: Assessment, actor: Actor) -> dict:
        """The document as stored: stamped with the content it is made with and its author."""
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        stamped = assessment.model_copy(deep=True)
        stamped.framework = self.bundle.framework_ref()
        stamped.updated_at = now
        stamped.created_at = stamped.created_at or now
        if not stamped.organisation:
            stamped.organisation = actor.organisation
        if not any(author.name == actor.name for author in stamped.authors) and actor.role in ("assessor", "facilitator", "participant"):
            stamped.authors.append(Person(name=actor.name, role=actor.role, authenticated=actor.authenticated))
        return stamped.model_dump(mode="json")

    def _validate(self, assessment: Assessment, name: str) -> None:
        # Models changed in place are not re-validated by pydantic: check the
        # whole document again, so a bad value is refused here, naming its field,
        # instead of being stored and failing when it is read back.
        try:
            Assessment.model_validate(assessment.model_dump(mode="json"))
        except ValidationError as error:
            raise ContentError(issues_from_validation_error(error, name)) from None
        issues = check_assessment(assessment, self.bundle, name)
        if issues:
            raise ContentError(issues)

    def _version_kwargs(self, actor: Actor) -> dict:
        return dict(
            author=actor.name,
            author_authenticated=actor.authenticated,
            content_hash=self.bundle.content_hash,
            framework_id=self.bundle.framework.id,
            framework_version=self.bundle.framework.version,
        )

    # -- reading -----------------------------------------------------------------------

    def list_visible(self, actor: Actor, limit: int = 1000, *, include_archived: bool = False) -> list[AssessmentSummary]:
        """The assessments the actor may see, latest change first; archived ones only when asked for."""
        visible = []
        with self.storage.transaction() as session:
            revealed: dict[str, bool] = {}
            for summary in repo.list_assessments(session, actor.organisation, limit=limit):
                if summary.archived and not include_archived:
                    continue
                workshop_revealed = False
                if summary.workshop_id is not None:
                    if summary.workshop_id not in revealed:
                        revealed[summary.workshop_id] = repo.get_workshop(session, summary.workshop_id).revealed
                    workshop_revealed = revealed[summary.workshop_id]
                target = Target(
                    organisation=summary.organisation,
                    owner=summary.owner,
                    workshop_id=summary.workshop_id,
                    workshop_revealed=workshop_revealed,
                )
                try:
                    authorize(actor, "view_assessment", target)
                except AccessDenied:
                    continue
                visible.append(summary)
        return visible

    def load(self, actor: Actor, assessment_id: str, version: int | None = None) -> LoadedAssessment:
        with self.storage.transaction(reading=True) as session:
            _, target = self._target(session, assessment_id)
            authorize(actor, "view_assessment", target)
            stored = repo.get_version(session, assessment_id, version)
        return LoadedAssessment(Assessment.model_validate(stored.document), stored)

    def history(self, actor: Actor, assessment_id: str) -> list[StoredVersion]:
        with self.storage.transaction() as session:
            _, target = self._target(session, assessment_id)
            authorize(actor, "view_assessment", target)
            return repo.version_history(session, assessment_id)

    def history_with_changes(self, actor: Actor, assessment_id: str) -> list[tuple[StoredVersion, VersionDiff]]:
        """Every version, newest first, with what changed since the one before it (nothing for the first)."""
        versions = self.history(actor, assessment_id)
        previous_documents = [stored.document for stored in versions[:1] + versions[:-1]]
        changes = [compare_documents(before, stored.document, stored.version - 1, stored.version) for before, stored in zip(previous_documents, versions)]
        return list(reversed(list(zip(versions, changes))))

    def compare(self, actor: Actor, assessment_id: str, before: int, after: int) -> VersionDiff:
        """What changed from version before to version after, field by field."""
        with self.storage.transaction(reading=True) as session:
            _, target = self._target(session, assessment_id)
            authorize(actor, "view_assessment", target)
            old, new = repo.get_version(session, assessment_id, before), repo.get_version(session, assessment_id, after)
        return compare_documents(old.document, new.document, before, after)

    def content_for(self, stored: StoredVersion) -> ContentBundle:
        """The content a version was made with (the live bundle when unchanged)."""
        if stored.content_hash == self.bundle.content_hash:
            return self.bundle
        with self.storage.transaction() as session:
            return self._content_in(session, stored)

    def _content_in(self, session, stored: StoredVersion) -> ContentBundle:
        if stored.content_hash == self.bundle.content_hash:
            return self.bundle
        document = repo.load_content_snapshot(session, stored.content_hash)
        return ContentBundle.from_snapshot(document, expected_hash=stored.content_hash)

    def _complete_or_refuse(self, session, stored: StoredVersion) -> tuple[Assessment, ContentBundle]:
        """The version's assessment and content; ReviewStateError 'assessment_incomplete' while anything is missing.

        Checked at submission and again at sign-off: a version submitted before the rule, or by
        another client, is not signed incomplete."""
        from ..engine.completeness import missing_for_submission  # the engine loads on first use, never on the start page

        assessment = Assessment.model_validate(stored.document)
        content = self._content_in(session, stored)
        missing = missing_for_submission(assessment, content)
        if missing:
            raise ReviewStateError("assessment_incomplete", version=stored.version, missing=[item.key for item in missing])
        return assessment, content

    def step_statuses(self, assessment: Assessment) -> dict[str, StepStatus]:
        """Each step's status (complete, incomplete, blocked) by the rules that gate submission."""
        from ..engine.completeness import missing_for_submission, step_status  # the engine loads on first use, never on the start page

        return step_status(missing_for_submission(assessment, self.bundle))

    # -- writing -------------------------------------------------------------------------

    def create(self, actor: Actor, assessment: Assessment, *, workshop_id: str | None = None, action: str = "create", note: str = "") -> StoredVersion:
        workshop_target = None
        with self.storage.transaction() as session:
            if workshop_id is not None:
                workshop = repo.get_workshop(session, workshop_id)
                workshop_target = Target(organisation=workshop.organisation, owner=actor.name, workshop_id=workshop_id)
            authorize(actor, "import_assessment" if action == "import" else "create_assessment", workshop_target)
            fresh = assessment.model_copy(update={"id": new_assessment_id(), "created_at": None, "status": AssessmentStatus.draft})
            self._validate(fresh, fresh.title)
            document = self._stamp(fresh, actor)
            repo.store_content_snapshot(session, self.bundle.content_hash, self.bundle.snapshot)
            stored = repo.create_assessment(
                session,
                assessment_id=document["id"],
                document=document,
                organisation=actor.organisation,
                owner=actor.name,
                workshop_id=workshop_id,
                **{k: v for k, v in self._version_kwargs(actor).items() if k != "author"},
            )
            audit.append(session, actor, action, "assessment", document["id"], f"{action}d {document['title']!r}{note}")
        return stored

    def save(self, actor: Actor, assessment: Assessment, expected_version: int) -> StoredVersion | None:
        """Autosave: a new version if anything changed (None if nothing did).

        Editing a submitted or signed-off assessment starts a new draft; the
        earlier versions stay as they were.
        """
        with self.storage.transaction() as session:
            _, target = self._target(session, assessment.id)
            authorize(actor, "edit_assessment", target)
            previous = repo.get_version(session, assessment.id, expected_version)
            self._validate(assessment, assessment.title)
            candidate = assessment.model_copy(update={"status": AssessmentStatus.draft})
            document = self._stamp(candidate, actor)
            summary = describe_changes(previous.document, document)
            if summary == "no change":
                current = repo.get_summary(session, assessment.id).version
                if current != expected_version:
                    raise ConflictError(assessment.id, expected_version, current)
                return None
            repo.store_content_snapshot(session, self.bundle.content_hash, self.bundle.snapshot)
            stored = repo.append_version(
                session, assessment_id=assessment.id, expected_version=expected_version, document=document, **self._version_kwargs(actor)
            )
            if previous.status != "draft":
                summary += f"; new draft after {previous.status}"
            audit.append(session, actor, "edit", "assessment", assessment.id, f"version {stored.version}: {summary}")
        return stored

    # -- review ----------------------------------------------------------------------------------

    def submit(self, actor: Actor, assessment_id: str, expected_version: int) -> StoredVersion:
        """Freeze the current version for the DPO: it gets the status submitted and opens a review round."""
        with self.storage.transaction() as session:
            _, target = self._target(session, assessment_id)
            authorize(actor, "submit_assessment", target)
            previous = repo.get_version(session, assessment_id, expected_version)
            if previous.status not in ("draft", "changes_requested"):
                raise ReviewStateError("not_draft", version=previous.version, status=previous.status)
            self._complete_or_refuse(session, previous)
            earlier = current_round(review_entries(session, assessment_id))
            stored = self._append_with_status(session, actor, previous, AssessmentStatus.submitted)
            _record_review(session, actor, stored, kind="submission", verdict="submitted")
            self._carry_over(session, actor, earlier, stored)
        return stored

    def _carry_over(self, session, actor: Actor, earlier: ReviewRound, submitted: StoredVersion) -> None:
        """Keep the earlier round's verdicts on the sections that did not change since the version it
        reviewed: each is a new entry on the submitted version (its hash), by the DPO who gave it."""
        if earlier.version is None:
            return
        reviewed = repo.get_version(session, submitted.assessment_id, earlier.version)
        changed = compare_documents(reviewed.document, submitted.document).sections
        kept = carry_over(earlier, changed)
        for entry in kept:
            # In the name of the DPO who gave the verdict, on the version it now stands for.
            _review_on(
                session,
                submitted,
                entry.reviewer,
                entry.reviewer_authenticated,
                kind="carried_over",
                section=entry.section,
                verdict=entry.verdict,
                comment=entry.comment,
            )
        if kept:
            sections = ", ".join(str(entry.section) for entry in kept)
            audit.append(
                session,
                actor,
                "review_carry_over",
                "assessment",
                submitted.assessment_id,
                f"version {submitted.version}: kept from version {earlier.version}: {sections}",
            )

    def _checked_round(self, session, entries: list[ReviewEntry], reviewed: StoredVersion) -> ReviewRound:
        """The latest round with each carried-over verdict checked again, not trusted: one whose section
        differs between the version it came from and the reviewed one no longer counts."""
        review_round = current_round(entries)
        standing = []
        for entry in review_round.section_verdicts:
            if entry.carried_over:
                if entry.carried_from is None:
                    continue
                origin = repo.get_version(session, reviewed.assessment_id, entry.carried_from)
                if POINT_CONTENT.get(str(entry.section), entry.section) in compare_documents(origin.document, reviewed.document).sections:
                    continue
            standing.append(entry)
        return dataclasses.replace(review_round, section_verdicts=standing)

    def _append_with_status(self, session, actor: Actor, previous: StoredVersion, status: AssessmentStatus) -> StoredVersion:
        document = dict(previous.document, status=status.value)
        stored = repo.append_version(
            session,
            assessment_id=previous.assessment_id,
            expected_version=previous.version,
            document=document,
            **self._version_kwargs(actor),
        )
        audit.append(
            session,
            actor,
            "status_change",
            "assessment",
            previous.assessment_id,
            f"version {stored.version}: {previous.status} -> {status.value}",
        )
        return stored

    def _under_review(self, session, actor: Actor, assessment_id: str, action: str, expected_version: int | None = None) -> StoredVersion:
        _, target = self._target(session, assessment_id)
        authorize(actor, action, target)
        current = repo.get_version(session, assessment_id)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(assessment_id, expected_version, current.version)
        if current.status != AssessmentStatus.submitted.value:
            raise ReviewStateError("not_submitted", version=current.version, status=current.status)
        return current

    def record_verdict(
        self,
        actor: Actor,
        assessment_id: str,
        *,
        section: str | None,
        verdict: str,
        comment: str = "",
        kind: str = "section",
        expected_version: int | None = None,
    ) -> None:
        """A verdict on one section of the submitted version, or (kind 'opinion') the overall opinion.

        With expected_version, a verdict meant for a version that is no longer the one under review is refused."""
        allowed = VERDICTS if kind == "section" else OPINIONS
        if kind not in ("section", "opinion"):
            raise ValueError(f"kind must be section or opinion (got {kind!r})")
        if verdict not in allowed:
            raise ValueError(f"verdict must be one of {', '.join(allowed)} (got {verdict!r})")
        if kind == "section" and section not in review_points(True):
            raise ValueError(f"section must be one of {', '.join(review_points(True))} (got {section!r})")
        with self.storage.transaction() as session:
            stored = self._under_review(session, actor, assessment_id, "record_verdict", expected_version)
            if section == HINT_OVERRIDES and kind == "section":
                points = self._review_points(Assessment.model_validate(stored.document), self._content_in(session, stored))
                if HINT_OVERRIDES not in points:
                    raise ValueError(f"version {stored.version} sets aside no catalogue hint: there is no {section} to review")
            _record_review(session, actor, stored, kind=kind, section=section if kind == "section" else None, verdict=verdict, comment=comment)
            where = f"section {section}" if kind == "section" else "overall opinion"
            audit.append(session, actor, "review_verdict", "assessment", assessment_id, f"version {stored.version}, {where}: {verdict}")

    def request_changes(self, actor: Actor, assessment_id: str, expected_version: int, comment: str = "") -> StoredVersion:
        """Send the submitted version back to the assessors; its verdicts stay on record."""
        with self.storage.transaction() as session:
            reviewed = self._under_review(session, actor, assessment_id, "record_verdict", expected_version)
            _record_review(session, actor, reviewed, kind="changes_requested", verdict="changes_requested", comment=comment)
            audit.append(session, actor, "changes_requested", "assessment", assessment_id, f"version {reviewed.version}: changes requested")
            return self._append_with_status(session, actor, reviewed, AssessmentStatus.changes_requested)

    def sign_off(self, actor: Actor, assessment_id: str, expected_version: int) -> StoredVersion:
        """Sign the submitted version: recorded with the signer, the time and that version's hash."""
        with self.storage.transaction() as session:
            signed = self._under_review(session, actor, assessment_id, "sign_off", expected_version)
            assessment, content = self._complete_or_refuse(session, signed)
            entries = review_entries(session, assessment_id)
            missing = missing_for_sign_off(self._checked_round(session, entries, signed), self._review_points(assessment, content))
            if missing:
                raise ReviewStateError("incomplete", version=signed.version, missing=missing)
            _record_review(session, actor, signed, kind="sign_off", verdict="signed")
            document = dict(signed.document, status=AssessmentStatus.signed_off.value)
            stored = repo.append_version(
                session, assessment_id=assessment_id, expected_version=signed.version, document=document, **self._version_kwargs(actor)
            )
            audit.append(
                session,
                actor,
                "sign_off",
                "assessment",
                assessment_id,
                f"signed version {signed.version}, document hash {signed.document_hash}",
            )
        return stored

    @staticmethod
    def _review_points(assessment: Assessment, content: ContentBundle) -> tuple[str, ...]:
        from ..engine.completeness import hint_overrides

        return review_points(bool(hint_overrides(assessment, content)))

    def reviews(self, actor: Actor, assessment_id: str) -> list[ReviewEntry]:
        """Every review step, oldest first: submissions, verdicts, opinions, requests for changes, sign-offs."""
        with self.storage.transaction() as session:
            _, target = self._target(session, assessment_id)
            authorize(actor, "view_assessment", target)
            return review_entries(session, assessment_id)

    def delete(self, actor: Actor, assessment_id: str) -> None:
        """Delete an assessment with its versions and review record; logged. A signed-off
        assessment is refused (here and by the database): the DPO's signature is a record
        the organisation is accountable for, so it is kept with what it signed."""
        with self.storage.transaction() as session:
            summary, target = self._target(session, assessment_id)
            authorize(actor, "delete_assessment", target)
            signed = repo.signed_versions(session, assessment_id)
            if signed:
                raise ReviewStateError("signed_kept", version=min(signed))
            repo.delete_assessment(session, assessment_id)
            audit.append(session, actor, "delete", "assessment", assessment_id, f"deleted {summary.title!r} ({summary.version} versions)")

    def duplicate(self, actor: Actor, assessment_id: str, title: str) -> StoredVersion:
        """A new assessment (new id, a draft) copied from the latest version of another one; logged.
        The caller gives the copy's title, in the user's language."""
        loaded = self.load(actor, assessment_id)
        copy = loaded.assessment.model_copy(update={"title": title})
        return self.create(actor, copy, action="duplicate", note=f" from {assessment_id} version {loaded.version.version}")

    def set_archived(self, actor: Actor, assessment_id: str, archived: bool) -> None:
        """Archive an assessment (hidden from the list by default, every version kept) or restore it; logged."""
        with self.storage.transaction() as session:
            summary, target = self._target(session, assessment_id)
            authorize(actor, "edit_assessment", target)
            if summary.archived == archived:
                return
            repo.set_archived(session, assessment_id, archived)
            action = "archive" if archived else "unarchive"
            audit.append(session, actor, action, "assessment", assessment_id, f"{action}d {summary.title!r}")

    # -- files ---------------------------------------------------------------------------------

    def import_document(self, actor: Actor, data: bytes, filename: str) -> StoredVersion:
        assessment = parse_assessment(data, filename)
        note = "" if assessment.status == AssessmentStatus.draft else f"; imported as a draft (was {assessment.status.value})"
        return self.create(actor, assessment, action="import", note=f" from {filename}{note}")

    def export_document(self, actor: Actor, assessment_id: str, file_format: str = "yaml") -> tuple[bytes, str]:
        if file_format not in ("yaml", "json"):
            raise ValueError("export format must be yaml or json")
        with self.storage.transaction() as session:
            summary, target = self._target(session, assessment_id)
            authorize(actor, "export_assessment", target)
            stored = repo.get_version(session, assessment_id)
            audit.append(session, actor, "export", "assessment", assessment_id, f"exported version {stored.version} as {file_format}")
        return serialise(stored.document, file_format), f"{slug(summary.title)}.{file_format}"

    def authorize(self, actor: Actor, assessment_id: str, action: str) -> None:
        """Raise AccessDenied unless actor may do action to this assessment (for services built on this one)."""
        with self.storage.transaction(reading=True) as session:
            _, target = self._target(session, assessment_id)
            authorize(actor, action, target)

    def record(self, actor: Actor, assessment_id: str, action: str, detail: str) -> None:
        """An audit entry for something done with an assessment outside this service (a report export)."""
        with self.storage.transaction() as session:
            audit.append(session, actor, action, "assessment", assessment_id, detail)

    # -- audit -----------------------------------------------------------------------------------

    def audit_trail(self, actor: Actor, assessment_id: str) -> list:
        with self.storage.transaction() as session:
            _, target = self._target(session, assessment_id)
            authorize(actor, "view_assessment", target)
            return audit.entries(session, assessment_id)


def review_entry(row, names: dict[str, str]) -> ReviewEntry:
    """A stored review step; names: display names by sign-in name, for signed-in reviewers."""
    authenticated = bool(row.reviewer_authenticated)
    return ReviewEntry(
        kind=row.kind,
        version=row.version,
        document_hash=row.document_hash,
        reviewer=row.reviewer,
        reviewer_name=names.get(row.reviewer, "") if authenticated else "",
        reviewer_authenticated=authenticated,
        section=row.section,
        verdict=row.verdict,
        comment=row.comment,
        created_at=row.created_at,
    )


def review_entries(session, assessment_id: str) -> list[ReviewEntry]:
    """Every review step of an assessment as stored, oldest first, with the display names of signed-in
    reviewers whose local account has one (a self-declared name is shown as typed)."""
    rows = repo.reviews_of(session, assessment_id)
    names = display_names(session, {row.reviewer for row in rows if row.reviewer_authenticated})
    return with_origins([review_entry(row, names) for row in rows])


def serialise(document: dict, file_format: str) -> bytes:
    if file_format == "json":
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")


def slug(title: str) -> str:
    cleaned = "".join(ch.lower() if ch.isalnum() else "-" for ch in title)
    return "-".join(part for part in cleaned.split("-") if part)[:60] or "assessment"


def _record_review(session, actor: Actor, stored: StoredVersion, **entry) -> None:
    """A review entry on exactly the stored version (its number and hash), by the acting person."""
    _review_on(session, stored, actor.name, actor.authenticated, **entry)


def _review_on(session, stored: StoredVersion, reviewer: str, authenticated: bool, **entry) -> None:
    """A review entry on exactly the stored version (its number and hash), in reviewer's name."""
    repo.add_review(
        session,
        assessment_id=stored.assessment_id,
        version=stored.version,
        document_hash=stored.document_hash,
        reviewer=reviewer,
        reviewer_authenticated=authenticated,
        **entry,
    )

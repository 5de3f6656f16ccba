"""The DPO's review record, as the report and the review screen read it.

Reviews come in rounds: each submission opens one. Within a round the DPO
gives a verdict per section (the latest one per section counts) and an overall
opinion, then either asks for changes or signs off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class ReportSection:
    """One section of the justification report, in the order the report prints them.

    reviewable: whether the DPO gives it a verdict before signing off. Declared per section, never
    derived from its position, so inserting a section cannot change what a DPO must approve."""

    id: str
    reviewable: bool


# Every report section, declared once. To add one: a line here, a method in report/build.py (the
# builders of build_report), and report.section.<id> in the four catalogs.
REPORT_SECTIONS: tuple[ReportSection, ...] = (
    ReportSection("summary", reviewable=True),
    ReportSection("need", reviewable=True),
    ReportSection("options", reviewable=True),
    ReportSection("legal", reviewable=True),
    ReportSection("weights", reviewable=True),
    ReportSection("scores", reviewable=True),
    ReportSection("results", reviewable=True),
    ReportSection("actions", reviewable=True),
    ReportSection("proportionality", reviewable=True),
    # Derived from the sections above (the review record, their public summary, the technical annex).
    ReportSection("review", reviewable=False),
    ReportSection("public_summary", reviewable=False),
    ReportSection("annex", reviewable=False),
    # The DPIA annex: where the sections above answer what the law requires of a DPIA (GDPR Art. 35(7) and
    # (9), LED Art. 27(2)), with the feared events and their risk maps. Derived, and last, so that adding it
    # renumbers none of the sections a review record or a printed report names.
    ReportSection("dpia", reviewable=False),
    # What each option may achieve for its cost, and the evaluation plan (issue #17): derived from the need's
    # baseline and the catalogue's evidence, and last for the same reason as the DPIA annex.
    ReportSection("effectiveness", reviewable=False),
    # What each step up a capability ladder would add (issue #17): derived from the catalogue and the rules, last
    # for the same reason as the DPIA annex.
    ReportSection("creep", reviewable=False),
)


def section_ids(sections: tuple[ReportSection, ...]) -> tuple[str, ...]:
    return tuple(section.id for section in sections)


def reviewable_section_ids(sections: tuple[ReportSection, ...]) -> tuple[str, ...]:
    """The sections a DPO gives a verdict on, in report order: those that declare themselves reviewable."""
    return tuple(section.id for section in sections if section.reviewable)


SECTION_IDS = section_ids(REPORT_SECTIONS)
REVIEWABLE_SECTIONS = reviewable_section_ids(REPORT_SECTIONS)

# A review point that is no report section: the catalogue "fails" hints the assessors set aside (their
# reasons are printed in the legal screening). Asked for only when the reviewed version has such overrides;
# its title is the catalog's report.section.hint_overrides, like a section's.
HINT_OVERRIDES = "hint_overrides"
SECTION_VERDICTS = ("acceptable", "improvable", "to_correct")
OPINIONS = ("favourable", "favourable_with_conditions", "unfavourable")
# carried_over: a verdict of the previous round kept for a section that did not change since (see carry_over()).
ReviewKind = Literal["submission", "section", "carried_over", "opinion", "changes_requested", "sign_off"]
VERDICT_KINDS = ("section", "carried_over")
# The verdict that asks for the section to be reviewed again whatever else happens: it is contested.
CONTESTED = "to_correct"


class ReviewEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ReviewKind
    version: int = Field(description="The version reviewed: the submitted one, or for a sign-off the one signed.")
    document_hash: str = Field(description="SHA-256 of that version's document.")
    reviewer: str = Field(description="Who acted: the DPO, or the assessor for a submission (their sign-in name).")
    reviewer_name: str = Field(default="", description="Their display name, when their account has one; reports print it instead of the sign-in name.")
    reviewer_authenticated: bool = Field(
        default=False, description="Whether the reviewer had signed in; false for a self-declared identity (sign-in mode none)."
    )
    section: str | None = None
    verdict: str = ""
    comment: str = ""
    created_at: str = Field(description="ISO 8601, UTC.")
    carried_from: int | None = Field(
        default=None, description="For a carried-over verdict: the version reviewed in the round it comes from (see with_origins())."
    )

    @property
    def carried_over(self) -> bool:
        return self.kind == "carried_over"

    @property
    def shown_reviewer(self) -> str:
        return self.reviewer_name or self.reviewer

    @property
    def signed_version(self) -> int:
        return self.version

    @property
    def signed_document_hash(self) -> str:
        return self.document_hash


@dataclass(frozen=True)
class ReviewRound:
    version: int | None = None
    submission: ReviewEntry | None = None
    section_verdicts: list[ReviewEntry] = field(default_factory=list)
    opinion: ReviewEntry | None = None
    outcome: ReviewEntry | None = None

    @property
    def sign_off(self) -> ReviewEntry | None:
        return self.outcome if self.outcome is not None and self.outcome.kind == "sign_off" else None


def sign_off_recorded_by(version: int, status: str, entries: list[ReviewEntry]) -> ReviewEntry | None:
    """The sign-off that a signed-off version records, or None for any other version.

    Signing appends a version that differs from the signed one only in its
    status (so it has another hash): what was signed, and what its report is
    of, is the version before it, named by the latest earlier sign-off."""
    if status != "signed_off":
        return None
    earlier = [entry for entry in entries if entry.kind == "sign_off" and entry.version < version]
    return earlier[-1] if earlier else None


def review_points(has_hint_overrides: bool) -> tuple[str, ...]:
    """What the DPO gives a verdict on: every reviewable section, and the overridden hints when there are any."""
    return reviewable_section_ids(REPORT_SECTIONS) + ((HINT_OVERRIDES,) if has_hint_overrides else ())


def missing_for_sign_off(review_round: ReviewRound, points: tuple[str, ...] = REVIEWABLE_SECTIONS) -> list[str]:
    """What keeps a round from being signed off, as short codes: 'verdict:<point>',
    'to_correct:<point>', 'opinion'. Empty when it may be signed. points: see review_points()."""
    verdicts = {entry.section: entry.verdict for entry in review_round.section_verdicts}
    missing = [f"verdict:{point}" for point in points if point not in verdicts]
    missing += [f"to_correct:{point}" for point in points if verdicts.get(point) == "to_correct"]
    if review_round.opinion is None:
        missing.append("opinion")
    return missing


def current_round(entries: list[ReviewEntry]) -> ReviewRound:
    """The latest round: what follows the last submission (entries in the order they were made)."""
    starts = [index for index, entry in enumerate(entries) if entry.kind == "submission"]
    if not starts:
        return ReviewRound()
    submission = entries[starts[-1]]
    latest_by_section: dict[str, ReviewEntry] = {}
    opinion = outcome = None
    for entry in entries[starts[-1] + 1 :]:
        if entry.kind in VERDICT_KINDS and entry.section:
            latest_by_section[entry.section] = entry
        elif entry.kind == "opinion":
            opinion = entry
        elif entry.kind in ("changes_requested", "sign_off"):
            outcome = entry
    return ReviewRound(
        version=submission.version,
        submission=submission,
        section_verdicts=list(latest_by_section.values()),
        opinion=opinion,
        outcome=outcome,
    )


def previous_round(entries: list[ReviewEntry]) -> ReviewRound:
    """The round before the latest one (empty when there is none)."""
    starts = [index for index, entry in enumerate(entries) if entry.kind == "submission"]
    return current_round(entries[: starts[-1]]) if len(starts) > 1 else ReviewRound()


def with_origins(entries: list[ReviewEntry]) -> list[ReviewEntry]:
    """The entries with carried_from set on each carried-over verdict: the version of the round before
    the one it is recorded in (a carried-over verdict is written with the submission that opens its round)."""
    submitted: list[int] = []
    named = []
    for entry in entries:
        if entry.kind == "submission":
            submitted.append(entry.version)
        if entry.carried_over and len(submitted) > 1:
            entry = entry.model_copy(update={"carried_from": submitted[-2]})
        named.append(entry)
    return named


# A review point that is no section reads the content of a section: the overridden hints are gate answers.
POINT_CONTENT = {HINT_OVERRIDES: "legal"}


def carry_over(earlier: ReviewRound, changed_sections: tuple[str, ...] | frozenset[str]) -> list[ReviewEntry]:
    """The verdicts of an earlier round that still hold for the next version: those on sections whose
    content did not change since, unless contested (to correct). Every other point opens again."""
    if earlier.outcome is None or earlier.outcome.kind != "changes_requested":
        return []
    return [
        entry
        for entry in earlier.section_verdicts
        if entry.section is not None and entry.verdict != CONTESTED and POINT_CONTENT.get(entry.section, entry.section) not in changed_sections
    ]

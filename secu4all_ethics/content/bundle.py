"""Everything one framework needs, loaded and cross-checked, with one hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

from ..domain.content import (
    CapabilityLadder,
    Criterion,
    DpiaContent,
    Framework,
    Gate,
    LegalContent,
    Obligation,
    Reference,
    Technology,
    TenderClause,
    VendorQuestion,
    WeightPreset,
)
from ..domain.jurisdiction_pack import JurisdictionPack
from ..domain.localized import LocalizedText


def canonical_json(data: object) -> bytes:
    """A byte-stable JSON form: the basis of every hash the tool records."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ContentBundle:
    framework: Framework
    legal: LegalContent
    technologies: tuple[Technology, ...]
    presets: tuple[WeightPreset, ...]
    references: tuple[Reference, ...]
    jurisdictions: tuple[JurisdictionPack, ...] = ()
    national_checklist: tuple[LocalizedText, ...] = ()
    dpia: DpiaContent | None = None
    source_files: tuple[str, ...] = field(default=(), compare=False)
    tender_clauses: tuple[TenderClause, ...] = ()
    tender_questions: tuple[VendorQuestion, ...] = ()
    ladders: tuple[CapabilityLadder, ...] = ()

    def snapshot(self) -> dict:
        """All content as one JSON-ready document: what the content hash is taken of.

        Storing it beside saved assessments (keyed by its hash) lets any
        assessment be re-evaluated against exactly the content it was made with,
        after the files under criteria/ have moved on.
        """
        snapshot: dict[str, object] = {
            "framework": self.framework.model_dump(mode="json"),
            "legal": self.legal.model_dump(mode="json"),
            "technologies": sorted((t.model_dump(mode="json") for t in self.technologies), key=lambda t: t["id"]),
            "presets": sorted((p.model_dump(mode="json") for p in self.presets), key=lambda p: p["id"]),
            "references": sorted((r.model_dump(mode="json") for r in self.references), key=lambda r: r["id"]),
        }
        # Only when there are packs: a snapshot stored before them must hash as it did, or its assessments
        # could no longer be evaluated against the content they were made with.
        if self.jurisdictions:
            snapshot["jurisdictions"] = sorted((j.model_dump(mode="json") for j in self.jurisdictions), key=lambda j: j["member_state"])
        if self.national_checklist:
            snapshot["national_checklist"] = [item.model_dump(mode="json") for item in self.national_checklist]
        if self.dpia is not None:  # as for the packs: a snapshot stored before the DPIA content hashes as it did
            snapshot["dpia"] = self.dpia.model_dump(mode="json")
        if self.tender_clauses or self.tender_questions:  # as for the packs: older snapshots hash as they did
            snapshot["tender"] = {
                "clauses": [clause.model_dump(mode="json") for clause in self.tender_clauses],
                "questions": [question.model_dump(mode="json") for question in self.tender_questions],
            }
        if self.ladders:  # as for the packs: a snapshot stored before the ladders hashes as it did
            snapshot["ladders"] = sorted((ladder.model_dump(mode="json") for ladder in self.ladders), key=lambda ladder: ladder["id"])
        return snapshot

    @classmethod
    def from_snapshot(cls, document: dict, expected_hash: str | None = None) -> ContentBundle:
        """Rebuild a bundle from snapshot(); refuses a document whose hash is not the expected one.

        The hash is checked on the document as it was stored, and the rebuilt bundle keeps it as
        its identity: the content models may have gained fields with defaults since (issue #14's
        regimes), which a fresh dump would add, yet the stored content is the same content."""
        stored_hash = sha256_hex(canonical_json(document))
        if expected_hash is not None and stored_hash != expected_hash:
            raise ValueError(f"content snapshot hash {stored_hash} does not match {expected_hash}")
        bundle = cls(
            framework=Framework.model_validate(document["framework"]),
            legal=LegalContent.model_validate(document["legal"]),
            technologies=tuple(Technology.model_validate(t) for t in document["technologies"]),
            presets=tuple(WeightPreset.model_validate(p) for p in document["presets"]),
            references=tuple(Reference.model_validate(r) for r in document["references"]),
            # Snapshots stored before the jurisdiction packs (issue #14) have none.
            jurisdictions=tuple(JurisdictionPack.model_validate(j) for j in document.get("jurisdictions", [])),
            national_checklist=tuple(LocalizedText.model_validate(item) for item in document.get("national_checklist", [])),
            dpia=DpiaContent.model_validate(document["dpia"]) if "dpia" in document else None,
            tender_clauses=tuple(TenderClause.model_validate(c) for c in document.get("tender", {}).get("clauses", [])),
            tender_questions=tuple(VendorQuestion.model_validate(q) for q in document.get("tender", {}).get("questions", [])),
            ladders=tuple(CapabilityLadder.model_validate(ladder) for ladder in document.get("ladders", [])),
        )
        bundle.__dict__["content_hash"] = stored_hash  # the cached property's value: the stored document's hash
        return bundle

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of all content: formatting and file
        layout do not change it, any change of meaning does."""
        return sha256_hex(canonical_json(self.snapshot()))

    def framework_ref(self):
        """The record an assessment keeps of the content it is made with."""
        from ..domain.assessment import FrameworkRef

        return FrameworkRef(id=self.framework.id, version=self.framework.version, content_hash=self.content_hash)

    @cached_property
    def criteria(self) -> dict[str, Criterion]:
        return {criterion.id: criterion for criterion in self.framework.criteria}

    @cached_property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(criterion.id for criterion in self.framework.criteria)

    @cached_property
    def judgement_criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.framework.criteria if c.score_source == "judgement")

    @cached_property
    def technologies_by_id(self) -> dict[str, Technology]:
        return {technology.id: technology for technology in self.technologies}

    @cached_property
    def gates(self) -> dict[str, Gate]:
        return {gate.id: gate for gate in self.legal.gates}

    @cached_property
    def obligations(self) -> dict[str, Obligation]:
        return {obligation.id: obligation for obligation in self.legal.obligations}

    @cached_property
    def dpia_obligations(self) -> frozenset[str]:
        """The obligations that are a DPIA (criteria/dpia.yaml); none without DPIA content."""
        return frozenset(self.dpia.obligations) if self.dpia is not None else frozenset()

    @cached_property
    def presets_by_id(self) -> dict[str, WeightPreset]:
        return {preset.id: preset for preset in self.presets}

    @cached_property
    def references_by_id(self) -> dict[str, Reference]:
        return {reference.id: reference for reference in self.references}

    @cached_property
    def jurisdictions_by_state(self) -> dict[str, JurisdictionPack]:
        return {pack.member_state: pack for pack in self.jurisdictions}

    @cached_property
    def default_weights(self) -> dict[str, float]:
        return {criterion.id: criterion.default_weight for criterion in self.framework.criteria}

    @cached_property
    def default_preset(self) -> WeightPreset | None:
        """The preset whose weights are the framework's defaults, if one is: it stands for them, so a
        list of weight profiles names the defaults once (by this preset's name), not twice."""
        return next((preset for preset in self.presets if dict(preset.weights) == self.default_weights), None)

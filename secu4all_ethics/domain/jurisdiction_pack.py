"""A member state's own law for public-space surveillance: one file per country under criteria/jurisdictions/.

EU law is the same for every assessment (criteria/legal.yaml); national procedures, retention
limits, signage rules, the data protection authority and its DPIA list, experiments and
moratoria differ. An assessment is shown only its own country's provisions (issue #14); a
member state without a pack gets the EU rules and a checklist of what to verify nationally.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .content import ContentModel, Identifier, Reference, SingleRegime, Verification
from .jurisdiction import Controller, MemberState, RegionCode
from .localized import LocalizedText

ProvisionTopic = Literal[
    "authorisation",
    "retention",
    "signage_information",
    "dpia_list",
    "experiment",
    "moratorium",
    "prohibition",
    "competence",
    "staff_representation",
    "oversight",
    "other",
]


class Region(ContentModel):
    code: RegionCode
    name: LocalizedText


class Regions(ContentModel):
    """A federal state's regions whose own law also applies (Germany's Länder), and what varies between them."""

    label: LocalizedText
    items: list[Region] = Field(min_length=1)
    varies: LocalizedText


class DataProtectionAuthority(ContentModel):
    name: LocalizedText
    url: str
    legal_basis: list[Identifier] = Field(default_factory=list)


class NationalProvision(ContentModel):
    id: Identifier
    topic: ProvisionTopic
    regimes: list[SingleRegime] = Field(min_length=1, description="Under which regime the provision applies.")
    technologies: Literal["all"] | list[Identifier] = Field(description="The catalogue's options it concerns, or all of them.")
    controllers: list[Controller] | None = Field(None, description="The controllers it concerns; none listed means every controller.")
    title: LocalizedText
    text: LocalizedText
    legal_basis: list[Identifier] = Field(min_length=1)
    verification: Verification
    applies_from: dt.date | None = None
    applies_until: dt.date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> NationalProvision:
        if self.applies_from and self.applies_until and self.applies_until < self.applies_from:
            raise ValueError(f"applies_until {self.applies_until} is before applies_from {self.applies_from}")
        return self


class JurisdictionPack(ContentModel):
    member_state: MemberState
    name: LocalizedText
    valid_as_of: dt.date = Field(description="The date up to which the pack's facts were checked against their sources.")
    data_protection_authority: DataProtectionAuthority
    regions: Regions | None = None
    provisions: list[NationalProvision] = Field(min_length=1)
    to_verify: list[LocalizedText] = Field(default_factory=list, description="What a DPO must still check nationally.")
    references: list[Reference] = Field(default_factory=list, description="The national sources, cited by id like the shared ones.")

    @model_validator(mode="after")
    def _regions_of_this_state(self) -> JurisdictionPack:
        for region in self.regions.items if self.regions else []:
            if not region.code.startswith(f"{self.member_state}-"):
                raise ValueError(f"region {region.code!r} is not in member state {self.member_state!r}")
        return self


class NationalChecklist(ContentModel):
    """What to verify nationally for a member state without a pack: questions, never assertions (criteria/national_checklist.yaml)."""

    items: list[LocalizedText] = Field(min_length=1)

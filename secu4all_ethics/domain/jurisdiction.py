"""Where and who: the member state whose law applies, the controller, the purpose, the planned start.

Which data protection regime governs the images depends on two cumulative conditions
(Directive (EU) 2016/680, Articles 1(1) and 3(7); CNIL, "Law Enforcement Directive: what are
we talking about?", 2 June 2021): a criminal-law purpose (prevention, investigation,
detection or prosecution of criminal offences, including safeguarding against threats to
public security) and a competent authority processing for it. Otherwise the GDPR applies.
The rule lives in engine/regime.py; this module holds the answers the assessment records.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# The 27 member states, by ISO 3166-1 alpha-2 code (Greece is GR here, EL in EU documents).
MEMBER_STATES: Final = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip
MemberState = Literal[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
]  # fmt: skip
RegionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]


class Controller(str, Enum):
    """Who decides on the processing and runs it."""

    municipality = "municipality"
    municipal_police = "municipal_police"
    state_police = "state_police"  # national or regional (Land) police
    transport_operator = "transport_operator"
    event_organiser = "event_organiser"  # on a public mandate
    other = "other"


# The controllers that are competent authorities under Directive 2016/680, Article 3(7)(a). Any other body
# is one only where a member state's law entrusts it with such powers (Article 3(7)(b)): the assessor then
# sets the regime by hand, with the law that does so.
COMPETENT_AUTHORITIES: Final = frozenset({Controller.municipal_police, Controller.state_police})


class Purpose(str, Enum):
    """What the processing is for."""

    administrative = "administrative"  # public order tasks that are not about offences: traffic, crowds, cleanliness
    criminal_law = "criminal_law"  # preventing, investigating, detecting or prosecuting offences; threats to public security
    both = "both"


class Regime(str, Enum):
    gdpr = "gdpr"  # Regulation (EU) 2016/679
    led = "led"  # Directive (EU) 2016/680 as transposed by the member state
    both = "both"  # the GDPR for the administrative processing, the LED for the criminal-law processing


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Jurisdiction(_Model):
    """Assessments made before these questions were asked have none of the answers: their reports say so."""

    member_state: MemberState | None = None
    region: RegionCode | None = Field(None, description="ISO 3166-2 code of the region whose law also applies (for Germany, the Land).")
    controller: Controller | None = None
    purpose: Purpose | None = None
    planned_start: dt.date | None = Field(None, description="When the measure would start to be used: obligations are dated against it.")
    # The assessors' own reading of the regime, where the rule's does not fit (a body entrusted with police powers
    # by national law): it applies once its justification is given, and the report prints both.
    regime_override: Regime | None = None
    regime_justification: Annotated[str, StringConstraints(max_length=20_000)] = ""

    @model_validator(mode="after")
    def _region_in_member_state(self) -> Jurisdiction:
        if self.region is not None and (self.member_state is None or not self.region.startswith(f"{self.member_state}-")):
            raise ValueError(f"region {self.region!r} is not in member state {self.member_state!r}")
        return self

    def move_to(self, member_state: str | None) -> None:
        """Another member state: a region of the previous one no longer applies."""
        if self.region is not None and not (member_state and self.region.startswith(f"{member_state}-")):
            self.region = None
        self.member_state = member_state  # type: ignore[assignment]  # validated on assignment

    @property
    def override_applies(self) -> bool:
        return self.regime_override is not None and bool(self.regime_justification.strip())

    @property
    def stated(self) -> bool:
        """Whether the assessors said where and who: the member state, the controller and the purpose."""
        return None not in (self.member_state, self.controller, self.purpose)

"""A scenario card for a module-3 workshop: content, in every language, like the rest of criteria/.

A card tells the story a training group debates (its brief, in each of the four languages), and
points at an assessment file that holds the options' scores, gate answers and jurisdiction: the
group's weights go through the same engine and legal gates as any assessment. Only the card's
options are taken from that file, in the card's order."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .content import Identifier
from .localized import LocalizedText

MIN_OPTIONS, MAX_OPTIONS = 4, 6
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5


class CardModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CardOption(CardModel):
    key: Identifier = Field(description="The option's key in the card's assessment file.")
    summary: LocalizedText = Field(description="One sentence: what this option would be here.")


class ScenarioCard(CardModel):
    id: Identifier
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    title: LocalizedText
    place: LocalizedText = Field(description="The place in a few words (shown under the title).")
    brief: LocalizedText = Field(description="The scenario as participants read it: 2-4 short paragraphs, blank line between them.")
    assessment: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_/.-]+\.yaml$")] = Field(
        description="The assessment the group's weights are applied to, relative to criteria/ (an example, or a file under workshops/assessments/)."
    )
    options: list[CardOption] = Field(min_length=MIN_OPTIONS, max_length=MAX_OPTIONS)
    debate_questions: list[LocalizedText] = Field(min_length=MIN_QUESTIONS, max_length=MAX_QUESTIONS)
    sources: list[Annotated[str, StringConstraints(min_length=1, max_length=500)]] = Field(
        default_factory=list, description="Where the scenario's facts come from, or that it is fictional."
    )

"""A workshop's debrief, in the workshop's language: the card, each round's charts, group ranking,
consensus and debate prompts, what moved between the rounds, and the facilitator's conclusion.

Nothing here computes: every number is read from the rounds' outcomes (engine/group) and only
arranged, labelled and formatted; the sentences about them (consensus, prompts, change) come from
the wording (wording/workshop.py). The document is the report's kind (report/model.py blocks), laid out
by the same template blocks, stylesheet and PDF path (WeasyPrint, tagged PDF/UA), so that user text
(the card, the conclusion, the pseudonyms) is escaped the same way and stays text.

Participants appear by pseudonym only, and the debrief says that their inputs are deleted when the
workshop closes."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..charts import workshop as charts
from ..charts.results import ranking_table
from ..content.bundle import ContentBundle
from ..domain.scenario_card import ScenarioCard
from ..domain.workshop import WorkshopSettings
from ..engine.group.results import RoundChange, RoundOutcome
from ..engine.results import EvaluationResult
from ..i18n import format_date, t
from ..wording import word_result
from ..wording.names import ResultNames
from ..wording.workshop import change_text, consensus_text, prompt_text, workshop_names
from ..wording.workshop_charts import chart_words
from .build import DASH, chart_block, frame_table
from .chart_images import draw_in_background, render_images
from .html import CHART_IMAGE_SCHEME, TEMPLATES, document_page_rules, template_environment
from .model import BulletList, Chart, Notice, Paragraph, ReportModel, Section, Subheading, Table, label_lead
from .pdf import pdf_of_html

# Narrower than the report's charts: a workshop chart has few rows, and drawn at the page's width
# its type stays closer to the text's (kaleido draws at this width, the page scales it down).
CHART_WIDTH = 700


class Debrief(ReportModel):
    """The debrief as text, tables and charts: what every format lays out."""

    language: str
    title: str
    subtitle: str
    place: str
    generated_at: str
    facts: list[tuple[str, str]]
    privacy: str
    labels: dict[str, str]
    sections: list[Section]

    def label_lead(self, label: str) -> str:
        return label_lead(label, self.labels["colon"])

    def charts(self) -> list[Chart]:
        return [block for section in self.sections for block in section.blocks if isinstance(block, Chart)]


@dataclass(frozen=True)
class DebriefInput:
    """What a debrief is made of. rounds: the revealed rounds' outcomes, round 1 first; change:
    between round 1 and round 2, if both were revealed; generated_at: the date the debrief gives."""

    card: ScenarioCard
    settings: WorkshopSettings
    rounds: Sequence[RoundOutcome]
    change: RoundChange | None
    bundle: ContentBundle
    conclusion: str
    generated_at: dt.datetime


def build_debrief(source: DebriefInput) -> Debrief:
    return _Builder(source).debrief()


def debrief_html(source: DebriefInput) -> str:
    """The debrief as one self-contained HTML file (charts as inline SVG, drawn by the chart server)."""
    debrief = build_debrief(source)
    return render_debrief(debrief, render_images(debrief.charts(), "svg"))


def debrief_pdf(source: DebriefInput) -> bytes:
    """The debrief as a tagged PDF, laid out as the report's PDF is (report/pdf.py)."""
    debrief = build_debrief(source)
    images = draw_in_background(debrief.charts(), "svg")
    identifier = hashlib.sha256(debrief.model_dump_json().encode("utf-8")).hexdigest()[:32].encode("ascii")
    return pdf_of_html(render_debrief(debrief, linked_charts=images), images, identifier)


def render_debrief(debrief: Debrief, images: Mapping[str, bytes] | None = None, *, linked_charts: Mapping[str, object] | None = None) -> str:
    """The debrief's HTML; linked_charts: charts drawn as <img src="chart-image:ID"> for the PDF, instead of inline SVG."""
    stylesheet = (
        (TEMPLATES / "report.css").read_text(encoding="utf-8")
        + (TEMPLATES / "debrief.css").read_text(encoding="utf-8")
        + document_page_rules(debrief.title, debrief.labels)
    )
    return (
        template_environment()
        .get_template("debrief.html.j2")
        .render(
            report=debrief,
            images={chart_id: Markup(image.decode("utf-8")) for chart_id, image in (images or {}).items()},
            linked_charts=set(linked_charts or ()),
            chart_image_scheme=CHART_IMAGE_SCHEME,
            stylesheet=Markup(stylesheet),
        )
    )


def paragraphs(text: str) -> list[str]:
    """Text written with blank lines between paragraphs, as paragraphs."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


class _Builder:
    def __init__(self, source: DebriefInput):
        self.source = source
        self.card, self.settings, self.rounds, self.change, self.bundle = source.card, source.settings, source.rounds, source.change, source.bundle
        self.language: str = self.settings.language
        self.words = chart_words(self.language, self.settings.weighting_mode)
        options = self.rounds[-1].evaluation.options if self.rounds else []
        self.result_names = result_names = ResultNames.of(options, self.bundle, self.language)
        self.names: dict[str, str] = {**result_names.pillars, **result_names.criteria, **result_names.options}

    def t(self, key: str, **values) -> str:
        return t(key, self.language, **values)

    def text(self, localized) -> str:
        return localized.get(self.language)

    def name_list(self, ids: Sequence[str]) -> str:
        return ", ".join(self.names.get(key, key) for key in ids) or DASH

    def debrief(self) -> Debrief:
        generated_at = self.source.generated_at
        sections = [self.scenario()]
        sections += [self.round(outcome) for outcome in self.rounds]
        if self.change is not None and len(self.rounds) >= 2:
            sections.append(self.between_rounds())
        sections.append(self.conclusion(self.source.conclusion))
        for number, section in enumerate(sections, 1):
            section.number = number
        participants = {participant.pseudonym for outcome in self.rounds for participant in outcome.participants}
        date = format_date(generated_at.date(), self.language)
        return Debrief(
            language=self.language,
            title=self.text(self.card.title),
            subtitle=self.t("debrief.subtitle"),
            place=self.text(self.card.place),
            generated_at=generated_at.isoformat(),
            facts=[
                (self.t("debrief.fact.workshop"), self.settings.name),
                (self.t("debrief.fact.date"), date),
                (self.t("debrief.fact.participants"), str(len(participants))),
                (self.t("debrief.fact.method"), self.t(f"debrief.method.{self.settings.weighting_mode}")),
                (self.t("debrief.fact.rounds"), str(len(self.rounds))),
            ],
            privacy=self.t("debrief.privacy", date=format_date(self.settings.expires_at.date(), self.language)),
            labels={
                "colon": t("report.label.colon", self.language),
                "page": t("report.label.page", self.language),
                "of": t("report.label.of", self.language),
            },
            sections=sections,
        )

    # --- the card -----------------------------------------------------------------------------

    def scenario(self) -> Section:
        blocks: list = [Paragraph(text=part) for part in paragraphs(self.text(self.card.brief))]
        blocks.append(
            Table(
                caption=self.t("debrief.options.caption"),
                columns=[self.words.option, self.t("debrief.options.summary")],
                rows=[[self.names.get(option.key, option.key), self.text(option.summary)] for option in self.card.options],
            )
        )
        blocks += [Subheading(text=self.t("debrief.questions")), BulletList(items=[self.text(question) for question in self.card.debate_questions])]
        return Section(id="scenario", number=0, title=self.t("debrief.section.scenario"), blocks=blocks)

    # --- a round --------------------------------------------------------------------------------

    def round(self, outcome: RoundOutcome) -> Section:
        number = outcome.round
        worded = word_result(outcome.evaluation, self.bundle, self.language)
        blocks: list = [Paragraph(text=self.t("debrief.round.participants", count=len(outcome.participants)))]
        blocks += [Subheading(text=self.t("debrief.ranking")), self.ranking(worded)]
        blocks += self.exclusions(worded)
        blocks += [Subheading(text=self.t("debrief.consensus")), Paragraph(text=consensus_text(outcome.kendalls_w, self.language))]
        blocks.append(self.chart(f"spread_{number}", "spread", charts.weight_spread_chart(outcome, self.names, self.words)))
        blocks.append(Paragraph(label=self.t("debrief.contested"), text=self.name_list(outcome.contested_items)))
        blocks.append(self.chart(f"first_{number}", "first", charts.first_choice_chart(outcome, self.names, self.words)))
        blocks.append(self.chart(f"ranks_{number}", "ranks", charts.rank_spread_chart(outcome, self.names, self.words)))
        blocks.append(Paragraph(label=self.t("debrief.variable"), text=self.name_list(outcome.most_variable_options)))
        blocks.append(frame_table(charts.participant_weights_table(outcome, self.names, self.words), self.t("debrief.participants.caption")))
        prompts = [prompt_text(prompt, workshop_names(outcome, self.bundle, self.language), self.language) for prompt in outcome.prompts]
        blocks += [Subheading(text=self.t("debrief.prompts")), BulletList(items=prompts) if prompts else Paragraph(text=self.t("debrief.prompts.none"))]
        return Section(id=f"round_{number}", number=0, title=self.t("debrief.section.round", number=number), blocks=blocks)

    def ranking(self, worded: EvaluationResult) -> Table:
        frame = ranking_table(worded, ResultNames.of(worded.options, self.bundle, self.language))
        return frame_table(frame, self.t("debrief.ranking.caption"), numeric_columns=[0, 3])

    def exclusions(self, worded: EvaluationResult) -> list:
        """Each excluded option with its gates' reasons: no weight brings it back."""
        excluded = [option for option in worded.options if option.status == "excluded"]
        if not excluded:
            return []
        colon = t("report.label.colon", self.language)
        items = [
            self.names.get(option.key, option.key) + colon + " ".join(reason.message or reason.gate_name for reason in option.exclusion_reasons)
            for option in excluded
        ]
        return [Subheading(text=self.t("debrief.excluded")), Notice(level="danger", text=self.t("debrief.excluded.notice")), BulletList(items=items)]

    def chart(self, chart_id: str, kind: str, drawn) -> Chart:
        figure, frame = drawn
        return chart_block(chart_id, self.t(f"debrief.chart_title.{kind}"), figure, frame, self.t(f"debrief.chart_table.{kind}"), width=CHART_WIDTH)

    # --- between the rounds ---------------------------------------------------------------------

    def between_rounds(self) -> Section:
        change = self.change
        assert change is not None  # only called with a change
        before, after = self.rounds[0], self.rounds[1]
        blocks: list = [Paragraph(text=change_text(change, self.result_names, self.language))]
        blocks.append(self.chart("change", "change", charts.round_change_chart(before, after, change, self.names, self.words)))
        return Section(id="change", number=0, title=self.t("debrief.section.change"), blocks=blocks)

    # --- the facilitator's conclusion -------------------------------------------------------------

    def conclusion(self, conclusion: str) -> Section:
        written = paragraphs(conclusion)
        blocks: list = [Paragraph(text=part) for part in written] or [Notice(level="info", text=self.t("debrief.conclusion.missing"))]
        return Section(id="conclusion", number=0, title=self.t("debrief.section.conclusion"), blocks=blocks)

"""Fill the report model from the assessment, the engine's result and the review record.

Nothing here scores or weighs: every number is read from the EvaluationResult
(or the assessment it came from) and only arranged, labelled and formatted in
the report's language, which is chosen separately from the screen's. The
result's sentences (warnings, statements, exclusion reasons) come from
secu4all_ethics.wording, and each score brings its own rationale.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import partial

import pandas as pd
import plotly.io as pio

from ..charts import results as charts
from ..charts.dpia import risk_map
from ..charts.style import styled
from ..content.bundle import ContentBundle
from ..domain.assessment import UNNAMED_ORGANISATION, Assessment
from ..domain.content import AiActCategory
from ..domain.review import VERDICT_KINDS, ReviewEntry, ReviewRound, current_round
from ..engine.creep import creep_comparison, upgrades_requiring_new_assessment
from ..engine.dpia import dpia_annex, dpia_regimes, requires_dpia
from ..engine.effectiveness import evaluation_plan
from ..engine.methods import PAIRWISE_TABLES  # declared by each method (engine/methods/__init__.py)
from ..engine.results import CriterionValue, EvaluationResult, OptionResult
from ..i18n import format_date, format_number, format_percent, t
from ..wording import in_language, word_result
from ..wording.creep import trigger_text, word_creep
from ..wording.effectiveness import baseline_line, effectiveness_rows, evaluation_plan_lines, transfer_caveat
from ..wording.effectiveness import columns as effectiveness_columns
from ..wording.jurisdiction import choice_label, country_name, provision_status, regime_name, region_name
from ..wording.names import ResultNames
from ..wording.screening import gate_date_note
from ..wording.statements import status_quo_statement
from ..wording.text import list_separator
from .model import (
    SECTION_IDS,
    BulletList,
    Chart,
    Notice,
    Paragraph,
    Report,
    ReviewState,
    Section,
    Subheading,
    Table,
)

DASH = "—"
CHART_WIDTH = 900
REPORT_TEMPLATE = "plotly"
# The PROMETHEE II preference tables hold a number for every pair of options: 60 options made
# two 60 x 61 tables of nine pages each, a minute of the PDF's layout and unreadable on paper.
# Beyond this many options the report shows the pairs among the options the method ranks best;
# every option's flows follow in full, and the whole table is in the JSON export's result.
PAIRWISE_OPTIONS_SHOWN = 10


@dataclass(frozen=True)
class Provenance:
    """Where the assessment comes from: a stored version with its reviews, or a file.

    document_hash is the hash of the document being rendered, computed from it:
    a signature is shown only when it names that hash. verified says whether the
    review record is this installation's own (False: as an imported file states it).
    """

    document_hash: str
    version: int | None = None
    status: str = "draft"
    reviews: list[ReviewEntry] = field(default_factory=list)
    generated_at: dt.datetime | None = None
    verified: bool = True


def build_report(assessment: Assessment, result: EvaluationResult, bundle: ContentBundle, language: str, provenance: Provenance) -> Report:
    """The report in language; result is the engine's (its sentences are worded here) or already worded in language."""
    generated = (provenance.generated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    if result.language != language:
        result = word_result(result, bundle, language)
    context = _Context(assessment, result, bundle, language, provenance, ResultNames.of(result.options, bundle, language))
    builders = {
        "summary": context.summary,
        "need": context.need,
        "options": context.options,
        "legal": context.legal,
        "weights": context.weights,
        "scores": context.scores,
        "results": context.results,
        "actions": context.actions,
        "proportionality": context.proportionality,
        "review": context.review,
        "public_summary": context.public_summary,
        "annex": lambda: context.annex(generated),
        "dpia": context.dpia,
        "effectiveness": context.effectiveness,
        "creep": context.creep,
    }
    sections = [
        Section(id=section_id, number=number, title=t(f"report.section.{section_id}", language), blocks=builders[section_id]())
        for number, section_id in enumerate(SECTION_IDS, start=1)
    ]
    return Report(
        language=language,
        title=assessment.title,
        subtitle=t("report.subtitle", language),
        organisation="" if assessment.organisation == UNNAMED_ORGANISATION else assessment.organisation,
        generated_at=generated.isoformat(),
        generated_at_text=_datetime_text(generated, language),
        assessment_id=assessment.id,
        version=provenance.version,
        document_hash=provenance.document_hash,
        review=context.review_state(),
        labels={key: t(f"report.label.{key}", language) for key in ("contents", "page", "of", "version", "document_hash", "generated", "colon")},
        sections=sections,
    )


def review_state(provenance: Provenance, review_round: ReviewRound, language: str) -> ReviewState:
    """What a version may claim about its review: signed only with a sign-off on record that names
    the hash of the document being rendered; a sign-off naming another hash is said not to match."""
    signature = review_round.sign_off if provenance.status == "signed_off" else None
    if signature is not None and signature.document_hash != provenance.document_hash:
        return ReviewState(
            status="signature_mismatch",
            label=t(
                "report.review.state.signature_mismatch",
                language,
                version=signature.version,
                signed=signature.document_hash[:16],
                hash=provenance.document_hash[:16],
            ),
            signed=False,
            signature="mismatch",
        )
    if signature is not None:
        name = signature.shown_reviewer
        if not signature.reviewer_authenticated:
            name = t("report.review.self_declared_name", language, name=name)
        values = dict(
            name=name,
            date=_datetime_text(dt.datetime.fromisoformat(signature.created_at), language),
            version=signature.signed_version,
            hash=signature.signed_document_hash[:16],
        )
        key = "report.review.state.signed_off" if provenance.verified else "report.review.state.signed_off_unverified"
        return ReviewState(
            status="signed_off",
            label=t(key, language, **values),
            signed=True,
            signed_by=signature.shown_reviewer,
            signed_at=signature.created_at,
            signed_version=signature.signed_version,
            signed_document_hash=signature.signed_document_hash,
            signature="verified" if provenance.verified else "unverified",
            self_declared=not signature.reviewer_authenticated,
        )
    shown = provenance.status if provenance.status in ("submitted", "changes_requested") else "draft"
    return ReviewState(status=shown, label=t(f"report.review.state.{shown}", language), signed=False)


def reviewer_text(entry: ReviewEntry, language: str) -> str:
    """Who acted, by their display name; a name typed without signing in says so."""
    if entry.reviewer_authenticated:
        return entry.shown_reviewer
    return t("report.review.self_declared_name", language, name=entry.shown_reviewer)


def verdict_text(entry: ReviewEntry, language: str) -> str:
    """A section's verdict; a carried-over one says so and names the version it was given on."""
    verdict = t(f"report.review.verdict.{entry.verdict}", language)
    if entry.carried_over:
        return t("report.review.verdict_carried", language, verdict=verdict, version=entry.carried_from or "?")
    return verdict


def _datetime_text(moment: dt.datetime, language: str) -> str:
    return f"{format_date(moment.date(), language)} {moment:%H:%M} UTC"


def frame_table(frame: pd.DataFrame, caption: str, numeric_columns: list[int] | None = None) -> Table:
    """A table from one of charts.results' frames (a named index becomes the first column)."""
    if frame.index.name is not None:
        frame = frame.reset_index()
    return Table(
        caption=caption,
        columns=[str(column) for column in frame.columns],
        rows=[[DASH if value is None or value == "" else str(value) for value in row] for row in frame.itertuples(index=False)],
        numeric_columns=numeric_columns or [],
    )


def _figure_json(figure) -> dict:
    return json.loads(pio.to_json(figure, validate=False))


def chart_block(chart_id: str, title: str, figure, frame: pd.DataFrame, table_caption: str, width: int = CHART_WIDTH) -> Chart:
    """A document's chart, at its own height (each builder gives its rows room for their labels), with the table it draws."""
    styled(figure)
    # The app's process has Streamlit's plotly template as the default, the command line plotly's:
    # one template makes a document's charts the same whichever process builds it.
    figure.update_layout(template=REPORT_TEMPLATE, width=width, paper_bgcolor="white", plot_bgcolor="white")
    return Chart(chart_id=chart_id, title=title, figure=_figure_json(figure), width=width, height=figure.layout.height, data=frame_table(frame, table_caption))


class _Context:
    def __init__(self, assessment, result, bundle, language, provenance, names):
        self.assessment: Assessment = assessment
        self.result: EvaluationResult = result
        self.bundle: ContentBundle = bundle
        self.language: str = language
        self.provenance: Provenance = provenance
        self.names: ResultNames = names
        self.options_by_key = {option.key: option for option in result.options}
        self.assessed_by_key = {option.key: option for option in assessment.options}
        self.round = current_round(provenance.reviews)
        self.section_verdicts = sorted(
            self.round.section_verdicts, key=lambda e: SECTION_IDS.index(e.section) if e.section in SECTION_IDS else len(SECTION_IDS)
        )

    # --- helpers -------------------------------------------------------------------------

    def t(self, key: str, **values) -> str:
        return t(key, self.language, **values)

    def signed_at_text(self, signed_at: str | None) -> str:
        # A signed state always carries its time (ReviewState is built from the signature).
        return _datetime_text(dt.datetime.fromisoformat(signed_at), self.language) if signed_at else DASH

    def option_name(self, key: str | None) -> str:
        if key is None:
            return DASH
        return self.names.options.get(key, key or DASH)

    def citations(self, reference_ids: list[str]) -> str:
        found = self.bundle.references_by_id
        # Each citation is a sentence ending with a full stop; in a list they are separated by semicolons alone.
        return "; ".join((found[r].citation_in(self.language) if r in found else r).rstrip(".") for r in reference_ids) or DASH

    def date(self, value: dt.date | None) -> str:
        return DASH if value is None else format_date(value, self.language)

    def text_or_missing(self, text: str, label_key: str) -> Paragraph | Notice:
        if text.strip():
            return Paragraph(label=self.t(label_key), text=text.strip())
        return Notice(level="warning", text=self.t("report.missing", what=self.t(label_key)))

    def chart(self, chart_id: str, builder, table_caption: str) -> Chart:
        figure, frame = builder(self.result, self.names)
        return chart_block(chart_id, self.t(f"report.chart.{chart_id}"), figure, frame, table_caption)

    @property
    def recommended(self) -> OptionResult | None:
        key = self.assessment.decision.recommended_option
        return self.options_by_key.get(key) if key else None

    # --- 1 summary ---------------------------------------------------------------------------

    def summary(self) -> list:
        decision, result = self.assessment.decision, self.result
        blocks: list = [self.text_or_missing(decision.question, "report.summary.question")]
        recommended = self.recommended
        name = self.option_name(decision.recommended_option)
        if decision.conclusion == "recommend_option":
            blocks.append(Paragraph(label=self.t("report.summary.conclusion"), text=self.t("report.summary.recommend", option=name)))
        elif decision.conclusion == "alternative_suffices":
            blocks.append(Paragraph(label=self.t("report.summary.conclusion"), text=self.t("report.summary.alternative_suffices", option=name)))
        elif decision.conclusion == "no_option_justified":
            blocks.append(Paragraph(label=self.t("report.summary.conclusion"), text=self.t("report.summary.no_option")))
        else:
            blocks.append(Notice(level="warning", text=self.t("report.summary.undecided")))
        if decision.conditions.strip():
            blocks.append(Paragraph(label=self.t("report.summary.conditions"), text=decision.conditions.strip()))
        nothing_justified = status_quo_statement(result, self.names, self.language)
        if nothing_justified is not None:
            blocks.append(Notice(level="info", text=nothing_justified))
        if recommended is not None and recommended.status == "excluded":
            blocks.append(Notice(level="danger", text=self.t("report.summary.recommended_excluded", option=name)))
        elif recommended is not None and recommended.rank not in (None, 1):
            blocks.append(Notice(level="info", text=self.t("report.summary.recommended_not_first", option=name, rank=recommended.rank)))
        facts = [
            self.t(
                "report.summary.options_count",
                compared=self.t("report.summary.options_compared", count=len(result.options)),
                alternatives=self.t("report.summary.alternatives_among", count=sum(1 for o in result.options if o.less_intrusive_alternative)),
                excluded=self.t("report.summary.excluded_by_gate", count=len(result.excluded)),
            )
        ]
        if result.ranking:
            top = self.options_by_key[result.ranking[0]]
            facts.append(self.t("report.summary.top_ranked", option=self.option_name(top.key), score=format_number(top.score, self.language)))
        for option in result.options:
            if option.status == "excluded":
                gates = ", ".join(reason.gate_name for reason in option.exclusion_reasons)
                facts.append(self.t("report.summary.excluded", option=self.option_name(option.key), gates=gates))
        if result.robustness is not None:
            facts.append(result.robustness.statement)
        blocks.append(BulletList(items=facts))
        blocks.append(self.state_notice())
        return blocks

    # --- 2 need ---------------------------------------------------------------------------------

    def need(self) -> list:
        need = self.assessment.need
        blocks: list = [self.text_or_missing(need.problem_statement, "report.need.problem")]
        if need.place_type.strip():
            blocks.append(Paragraph(label=self.t("report.need.place"), text=need.place_type.strip()))
        if need.evidence:
            blocks.append(
                Table(
                    caption=self.t("report.need.evidence"),
                    columns=[self.t("report.need.evidence_description"), self.t("report.need.evidence_source"), self.t("report.need.evidence_period")],
                    rows=[[e.description, e.source or DASH, e.period or DASH] for e in need.evidence],
                    full_width_columns=[1],  # the source, often a sentence, under its evidence (layout, #13 point 5)
                )
            )
        else:
            blocks.append(Notice(level="warning", text=self.t("report.missing", what=self.t("report.need.evidence"))))
        if need.objectives:
            blocks.append(
                Table(
                    caption=self.t("report.need.objectives"),
                    columns=[self.t("report.need.objective"), self.t("report.need.success_measure")],
                    rows=[[o.description, o.success_measure or DASH] for o in need.objectives],
                )
            )
        else:
            blocks.append(Notice(level="warning", text=self.t("report.missing", what=self.t("report.need.objectives"))))
        for label, groups in (("report.need.affected", need.affected_groups), ("report.need.vulnerable", need.vulnerable_groups)):
            if groups:
                blocks += [Subheading(text=self.t(label)), BulletList(items=list(groups))]
        blocks.append(self.text_or_missing(need.legitimate_aim, "report.need.aim"))
        steps = self.bundle.legal.necessity_steps
        rows = [[step.name.get(self.language), need.necessity_answers.get(step.id, "").strip() or DASH] for step in steps]
        blocks.append(Table(caption=self.t("report.need.necessity"), columns=[self.t("report.need.step"), self.t("report.need.answer")], rows=rows))
        return blocks

    # --- 3 options -----------------------------------------------------------------------------

    def status_text(self, option: OptionResult) -> str:
        if option.status == "ranked":
            return self.t("report.options.ranked", rank=option.rank)
        if option.status == "excluded":
            return self.t("report.options.excluded", gates=", ".join(r.gate_name for r in option.exclusion_reasons))
        return self.t("report.options.incomplete")

    def configuration_names(self, option: OptionResult) -> list[str]:
        technology = self.bundle.technologies_by_id.get(option.catalogue_id or "")
        by_id = {c.id: c for c in technology.configurations} if technology else {}
        return [by_id[c].name.get(self.language) if c in by_id else c for c in option.configurations]

    def options(self) -> list:
        result = self.result
        blocks: list = [Paragraph(text=self.t("report.options.intro"))]
        rows = []
        for option in result.options:
            assessed = self.assessed_by_key.get(option.key)
            if assessed is not None and assessed.custom is not None:
                intrusiveness = assessed.custom.intrusiveness
            elif option.catalogue_id is not None:
                intrusiveness = self.bundle.technologies_by_id[option.catalogue_id].intrusiveness
            else:
                raise KeyError(f"option {option.key!r} is neither the assessors' own nor in the catalogue")
            rows.append(
                [
                    self.option_name(option.key),
                    self.t(f"kind.{option.kind}"),
                    str(intrusiveness),
                    ", ".join(self.configuration_names(option)) or DASH,
                    self.status_text(option),
                    option.necessity_note.strip() or DASH,
                ]
            )
        blocks.append(
            Table(
                caption=self.t("report.options.table"),
                columns=[self.t(f"report.options.column.{c}") for c in ("option", "kind", "intrusiveness", "configurations", "status", "necessity")],
                rows=rows,
                numeric_columns=[2],
                full_width_columns=[3, 4, 5],  # configuration, outcome and why: each its own line under the option (#13 point 5)
            )
        )
        missing_notes = [self.option_name(o.key) for o in result.options if not o.necessity_note.strip()]
        if missing_notes:
            blocks.append(Notice(level="warning", text=self.t("report.options.missing_necessity", options=", ".join(missing_notes))))
        if not result.less_intrusive_alternative_compared:
            reason = self.assessment.alternatives_justification.strip()
            blocks.append(
                Notice(level="danger", text=self.t("report.options.no_alternative"))
                if not reason
                else Paragraph(label=self.t("report.options.no_alternative_reason"), text=reason)
            )
        return blocks

    # --- 4 legal ---------------------------------------------------------------------------------

    def jurisdiction(self) -> list:
        """Where and who, and the regime that follows: the first thing a DPO checks (issue #14)."""
        info = self.result.jurisdiction
        stated = self.t("jurisdiction.not_stated")
        rows = [
            [self.t("report.jurisdiction.member_state"), country_name(info.member_state, self.language)],
            [self.t("report.jurisdiction.controller"), choice_label(self.t(f"jurisdiction.controller.{info.controller}")) if info.controller else stated],
            [self.t("report.jurisdiction.purpose"), choice_label(self.t(f"jurisdiction.purpose.{info.purpose}")) if info.purpose else stated],
            [self.t("report.jurisdiction.planned_start"), format_date(info.planned_start, self.language) if info.planned_start else stated],
            [self.t("report.jurisdiction.regime"), regime_name(info.regime, self.language)],
        ]
        if info.region:
            rows.insert(1, [self.t("report.jurisdiction.region"), region_name(info.region, self.bundle, self.language)])
        table = Table(
            caption=self.t("report.jurisdiction.caption"),
            columns=[self.t("report.jurisdiction.column.question"), self.t("report.jurisdiction.column.answer")],
            rows=rows,
        )
        explanation = info.regime_explanation
        blocks: list = [table, Notice(level="warning", text=explanation) if not info.stated or info.regime_overridden else Paragraph(text=explanation)]
        return blocks + self.national_rules()

    def national_rules(self) -> list:
        """The assessment's own member state's provisions, and only those; a checklist where the tool has none."""
        info = self.result.jurisdiction
        if info.member_state is None:
            return [Notice(level="warning", text=self.t("report.national.not_stated"))]
        country = country_name(info.member_state, self.language)
        pack = self.bundle.jurisdictions_by_state.get(info.member_state)
        if pack is None:
            return [
                Subheading(text=self.t("report.national.heading", country=country)),
                Notice(level="info", text=self.t("report.national.no_pack", country=country)),
                BulletList(items=[item.get(self.language) for item in self.bundle.national_checklist]),
            ]
        authority = pack.data_protection_authority
        provisions = {provision.id: provision for provision in pack.provisions}
        blocks: list = [
            Subheading(text=self.t("report.national.heading", country=country)),
            Paragraph(
                text=self.t(
                    "report.national.pack",
                    date=format_date(pack.valid_as_of, self.language),
                    authority=authority.name.get(self.language),
                    url=authority.url,
                )
            ),
        ]
        if info.national_provisions:
            blocks.append(
                Table(
                    caption=self.t("report.national.caption", country=country),
                    columns=[
                        self.t("report.national.column.provision"),
                        self.t("report.national.column.status"),
                        self.t("report.national.column.requires"),
                        self.t("report.national.column.basis"),
                    ],
                    rows=[
                        [
                            provisions[selected.id].title.get(self.language),
                            provision_status(provisions[selected.id], selected.status, self.language),
                            provisions[selected.id].text.get(self.language),
                            self.citations(provisions[selected.id].legal_basis),
                        ]
                        for selected in info.national_provisions
                    ],
                    full_width_columns=[2, 3],
                )
            )
        if pack.to_verify:
            blocks += [Paragraph(text=self.t("report.national.to_verify")), BulletList(items=[item.get(self.language) for item in pack.to_verify])]
        return blocks

    def legal(self) -> list:
        framework = self.result.framework
        blocks: list = [
            Paragraph(
                text=self.t(
                    "report.legal.valid_as_of",
                    date=format_date(dt.date.fromisoformat(framework.valid_as_of), self.language),
                    framework=self.bundle.framework.name.get(self.language),
                    version=framework.version,
                )
            )
        ]
        blocks += self.jurisdiction()
        gates_used = {gate.gate for option in self.result.options for gate in option.gates}
        outcomes = {gate.gate: gate for option in self.result.options for gate in option.gates}
        blocks.append(
            Table(
                caption=self.t("report.legal.gates_basis"),
                columns=[self.t("report.legal.column.gate"), self.t("report.legal.column.question"), self.t("report.legal.column.basis")],
                rows=[
                    [
                        gate.name.get(self.language),
                        " ".join(filter(None, [question.get(self.language), gate_date_note(outcomes[gate.id], self.language)])),
                        self.citations(legal_basis),
                    ]
                    for gate in self.bundle.legal.gates
                    if gate.id in gates_used
                    for question, legal_basis in [gate.under(outcomes[gate.id].regime_wording)]
                ],
                full_width_columns=[2],  # the legal basis, often several citations (layout, #13 point 5)
            )
        )
        obligations_used = {o.obligation for option in self.result.options for o in option.obligations}
        if obligations_used:
            blocks.append(
                Table(
                    caption=self.t("report.legal.obligations_basis"),
                    columns=[self.t("report.legal.column.obligation"), self.t("report.legal.column.basis")],
                    rows=[
                        [obligation.name.get(self.language), self.citations(obligation.legal_basis)]
                        for obligation in self.bundle.legal.obligations
                        if obligation.id in obligations_used
                    ],
                )
            )
        ai_act_names = {info.category.value: info.name.get(self.language) for info in self.bundle.legal.ai_act_categories}
        criteria_names = {c.id: c.name.get(self.language) for c in self.bundle.legal.dpia_screening_criteria}
        for option in self.result.options:
            assessed = self.assessed_by_key.get(option.key)
            blocks.append(Subheading(text=self.option_name(option.key)))
            for reason in option.exclusion_reasons:
                blocks.append(Notice(level="danger", text=self.t("report.legal.excluded", gate=reason.gate_name, message=reason.message)))
            blocks += self.hint_overrides(option)
            blocks.append(
                Table(
                    caption=self.t("report.legal.gates", option=self.option_name(option.key)),
                    columns=[self.t(f"report.legal.column.{c}") for c in ("gate", "answer", "answered_by", "justification")],
                    rows=[
                        [
                            gate.gate_name,
                            self.t(f"gate.answer.{gate.answer}"),
                            self.t(f"report.legal.answered_by.{gate.answered_by}"),
                            gate.justification.strip() or DASH,
                        ]
                        for gate in option.gates
                    ],
                )
            )
            category = option.ai_act_category.value if option.ai_act_category else None
            blocks.append(Paragraph(label=self.t("report.legal.ai_act"), text=ai_act_names.get(category, DASH) if category else DASH))
            met = [criteria_names.get(c, c) for c in option.dpia_criteria]
            blocks.append(
                Paragraph(
                    label=self.t("report.legal.dpia_screening"),
                    text=self.t("report.legal.dpia_count", count=len(met), criteria=", ".join(met) or DASH),
                )
            )
            if option.obligations:
                progress = assessed.obligation_progress if assessed is not None else {}
                blocks.append(
                    Table(
                        caption=self.t("report.legal.obligations", option=self.option_name(option.key)),
                        columns=[self.t(f"report.legal.column.{c}") for c in ("obligation", "why", "status")],
                        rows=[[o.name, o.detail, self.obligation_status(progress.get(o.obligation))] for o in option.obligations],
                    )
                )
        return blocks

    def hint_overrides(self, option: OptionResult) -> list[Notice]:
        """The catalogue "fails" the assessors set aside, with their reasons; and a prohibited category left on a ranked option."""
        notices = []
        for gate in option.gates:
            if not gate.overrides_hint:
                continue
            if gate.answer == "unanswered":
                text = self.t("report.legal.override_unjustified", gate=gate.gate_name)
            else:
                text = self.t(
                    "report.legal.override",
                    gate=gate.gate_name,
                    answer=self.t(f"gate.answer.{gate.answer}"),
                    justification=gate.justification.strip(),
                )
            notices.append(Notice(level="warning", text=text))
        if option.status == "ranked" and option.ai_act_category == AiActCategory.prohibited:
            names = {info.category: info.name.get(self.language) for info in self.bundle.legal.ai_act_categories}
            notices.append(Notice(level="danger", text=self.t("report.legal.prohibited_ranked", category=names[AiActCategory.prohibited])))
        return notices

    def obligation_status(self, progress) -> str:
        if progress is None:
            return self.t("screening.progress.to_do")
        status = self.t(f"screening.progress.{progress.status}")
        return f"{status} — {progress.note.strip()}" if progress.note.strip() else status

    # --- 5 weights ------------------------------------------------------------------------------

    def weights(self) -> list:
        weighting = self.result.weighting
        presets = self.bundle.presets_by_id
        blocks: list = [
            Paragraph(label=self.t("report.weights.method"), text=self.t(f"results.weights.method.{weighting.method}")),
            Paragraph(label=self.t("report.weights.set_by"), text=weighting.set_by.strip() or self.t("report.weights.set_by_unknown")),
            Paragraph(
                label=self.t("report.weights.preset"),
                text=presets[weighting.preset].name.get(self.language) if weighting.preset in presets else self.t("report.weights.no_preset"),
            ),
        ]
        if weighting.ahp is not None:
            ahp = weighting.ahp
            blocks.append(
                Paragraph(
                    label=self.t("report.weights.consistency"),
                    text=self.t(
                        "report.weights.consistency_value",
                        ratio=format_number(ahp.consistency_ratio, self.language, 3),
                        verdict=self.t("report.weights.consistent" if ahp.acceptable else "report.weights.inconsistent"),
                    ),
                )
            )
        rows = [
            [self.names.pillars[self.names.pillar_of[c]], self.names.criteria[c], format_percent(self.result.weights[c], self.language)]
            for c in self.names.criterion_order
            if c in self.result.weights
        ]
        blocks.append(
            Table(
                caption=self.t("report.weights.table"),
                columns=[self.t("report.weights.column.pillar"), self.t("report.weights.column.criterion"), self.t("report.weights.column.weight")],
                rows=rows,
                numeric_columns=[2],
            )
        )
        return blocks

    # --- 6 scores --------------------------------------------------------------------------------

    def score_rationale(self, value: CriterionValue) -> str:
        return in_language(value.rationale, self.language).strip() or DASH

    def scores(self) -> list:
        blocks: list = [Paragraph(text=self.t("report.scores.intro"))]
        vendor_only, departures = [], []
        for option in self.result.options:
            if option.status == "excluded":
                continue
            rows = []
            for criterion in self.names.criterion_order:
                value = option.criteria.get(criterion)
                if value is None:
                    continue
                flags = []
                if value.vendor_claim_only:
                    flags.append(self.t("report.scores.flag.vendor"))
                    vendor_only.append(f"{self.option_name(option.key)} / {self.names.criteria[criterion]}")
                if value.departs_from_reference:
                    flags.append(self.t("report.scores.flag.departs"))
                    departures.append(f"{self.option_name(option.key)} / {self.names.criteria[criterion]}")
                score = DASH if value.configured is None else format_number(value.configured, self.language, 0)
                if value.configured is not None and value.base is not None and value.configured != value.base:
                    score += f" ({self.t('report.scores.before_configuration', value=format_number(value.base, self.language, 0))})"
                span = (
                    f"{format_number(value.low, self.language, 0)}–{format_number(value.high, self.language, 0)}"
                    if value.low is not None and value.high is not None
                    else DASH
                )
                rows.append(
                    [
                        self.names.criteria[criterion],
                        score,
                        span,
                        self.t(f"report.scores.source.{value.source}"),
                        self.t(f"scores.grade.{value.evidence_grade.value}") if value.evidence_grade else DASH,
                        "; ".join(flags) or DASH,
                        self.score_rationale(value) if value.source != "cost_model" else self.t("report.scores.cost_rationale"),
                    ]
                )
            blocks.append(Subheading(text=self.option_name(option.key)))
            blocks.append(
                Table(
                    caption=self.t("report.scores.table", option=self.option_name(option.key)),
                    columns=[self.t(f"report.scores.column.{c}") for c in ("criterion", "score", "range", "source", "grade", "flags", "rationale")],
                    rows=rows,
                    numeric_columns=[1],
                    full_width_columns=[6],  # the rationale of the score (layout, #13 point 5)
                )
            )
        if vendor_only:
            blocks.insert(1, Notice(level="warning", text=self.t("report.scores.vendor_summary", count=len(vendor_only), items=", ".join(vendor_only))))
        if departures:
            blocks.insert(1, Notice(level="info", text=self.t("report.scores.departure_summary", count=len(departures), items=", ".join(departures))))
        return blocks

    # --- 7 results --------------------------------------------------------------------------------

    def results(self) -> list:
        result, names = self.result, self.names
        ranking = frame_table(charts.ranking_table(result, names), self.t("report.results.ranking"), [0, 3])
        ranking.full_width_columns = [len(ranking.columns) - 1]  # the status, with the reasons for an exclusion (layout, #13 point 5)
        blocks: list = [ranking]
        if not result.ranking:
            blocks.append(Notice(level="warning", text=self.t("report.results.nothing_ranked")))
            return blocks
        blocks.append(self.chart("contributions", charts.contributions_chart, self.t("report.results.contributions_data")))
        blocks.append(self.chart("heatmap", partial(charts.heatmap_chart, width=CHART_WIDTH), self.t("report.results.heatmap_data")))
        if result.cross_check is not None:
            blocks.append(Subheading(text=self.t("report.results.cross_check")))
            blocks.append(Paragraph(text=result.cross_check.statement))
            differently = result.cross_check.options_ranked_differently
            if differently:
                # The Results page gives the same reason (one wording: crosscheck.why_orders_differ).
                blocks.append(
                    Paragraph(
                        text=self.t(
                            "report.results.cross_check_differs",
                            options=", ".join(self.option_name(key) for key in differently),
                            why=self.t("crosscheck.why_orders_differ"),
                        )
                    )
                )
            blocks.append(frame_table(charts.cross_check_table(result, names), self.t("report.results.cross_check_table")))
        if result.robustness is not None:
            robustness = result.robustness
            blocks.append(Subheading(text=self.t("report.results.robustness")))
            blocks.append(Paragraph(text=robustness.statement))
            blocks.append(self.chart("stability", charts.stability_chart, self.t("report.results.stability_data")))
            if robustness.acceptability is not None:
                blocks.append(Paragraph(text=robustness.acceptability.statement))
                blocks.append(self.chart("acceptability", charts.acceptability_chart, self.t("report.results.acceptability_data")))
            blocks.append(self.chart("tornado", charts.tornado_chart, self.t("report.results.tornado_data")))
        if result.warnings:
            blocks.append(Subheading(text=self.t("report.results.warnings")))
            blocks.append(BulletList(items=[warning.message for warning in result.warnings]))
        return blocks

    # --- 8 safeguards and action plan --------------------------------------------------------------

    def actions(self) -> list:
        plan = self.assessment.action_plan
        blocks: list = [Paragraph(text=self.t("report.actions.intro"))]
        rows = [
            [
                item.description,
                self.t(f"report.actions.origin.{item.origin}"),
                item.owner.strip() or self.t("report.actions.owner_missing"),
                self.date(item.due),
                self.t(f"report.actions.status.{item.status}"),
            ]
            for item in plan
        ]
        rows += [
            [
                entry.comment.strip() or self.t(f"report.section.{entry.section}"),
                self.t("report.actions.origin.dpo_review"),
                self.t("report.actions.owner_missing"),
                DASH,
                self.t("report.actions.status.planned"),
            ]
            for entry in self.section_verdicts
            if entry.verdict == "improvable"
        ]
        columns = [self.t(f"report.actions.column.{c}") for c in ("commitment", "origin", "owner", "due", "status")]
        if rows:
            blocks.append(Table(caption=self.t("report.actions.table"), columns=columns, rows=rows))
        else:
            blocks.append(Notice(level="warning", text=self.t("report.actions.none")))
        recommended = self.recommended
        if recommended is not None:
            committed = {item.origin_ref for item in plan if item.origin == "configuration"}
            uncovered = [name for config_id, name in zip(recommended.configurations, self.configuration_names(recommended)) if config_id not in committed]
            if uncovered:
                blocks.append(Notice(level="warning", text=self.t("report.actions.uncovered", items=", ".join(uncovered))))
            without_owner = [item.description for item in plan if not item.owner.strip() or item.due is None]
            if without_owner:
                blocks.append(Notice(level="warning", text=self.t("report.actions.incomplete", count=len(without_owner))))
        blocks.append(Subheading(text=self.t("report.actions.residual_risks")))
        if self.assessment.residual_risks:
            blocks.append(BulletList(items=list(self.assessment.residual_risks)))
        else:
            blocks.append(Notice(level="warning", text=self.t("report.missing", what=self.t("report.actions.residual_risks"))))
        return blocks

    # --- 9 proportionality --------------------------------------------------------------------------

    def proportionality(self) -> list:
        proportionality = self.assessment.proportionality
        blocks: list = [self.text_or_missing(proportionality.statement, "report.proportionality.statement")]
        if proportionality.review_date is None and proportionality.sunset_date is None:
            blocks.append(Notice(level="warning", text=self.t("report.proportionality.no_dates")))
        blocks.append(Paragraph(label=self.t("report.proportionality.review_date"), text=self.date(proportionality.review_date)))
        blocks.append(Paragraph(label=self.t("report.proportionality.sunset_date"), text=self.date(proportionality.sunset_date)))
        blocks.append(Subheading(text=self.t("report.proportionality.triggers")))
        if proportionality.reassessment_triggers:
            blocks.append(BulletList(items=list(proportionality.reassessment_triggers)))
        else:
            blocks.append(Notice(level="warning", text=self.t("report.missing", what=self.t("report.proportionality.triggers"))))
        blocks.extend(self.upgrades_of_recommended())
        return blocks

    def upgrades_of_recommended(self) -> list:
        """The steps up from the recommended option that would call for a new assessment (issue #17)."""
        recommended = self.assessment.decision.recommended_option
        if recommended is None:
            return []
        steps = upgrades_requiring_new_assessment(self.assessment, self.bundle, recommended)
        blocks: list = [Subheading(text=self.t("creep.report.proportionality_heading"))]
        if steps:
            blocks.append(BulletList(items=[trigger_text(step, self.bundle, self.language) for step in steps]))
        else:
            blocks.append(Paragraph(text=self.t("creep.report.proportionality_none")))
        return blocks

    # --- 10 review ----------------------------------------------------------------------------------

    def review_state(self) -> ReviewState:
        return review_state(self.provenance, self.round, self.language)

    def state_notice(self) -> Notice:
        state = self.review_state()
        level = "danger" if state.signature == "mismatch" else "info" if state.signed and state.signature == "verified" else "warning"
        return Notice(level=level, text=state.label)

    def review(self) -> list:
        state = self.review_state()
        blocks: list = [self.state_notice()]
        current = self.round
        if self.section_verdicts:
            blocks.append(
                Table(
                    caption=self.t("report.review.sections", version=current.version),
                    columns=[self.t(f"report.review.column.{c}") for c in ("section", "verdict", "comment", "reviewer", "date")],
                    rows=[
                        [
                            self.t(f"report.section.{entry.section}"),
                            verdict_text(entry, self.language),
                            entry.comment.strip() or DASH,
                            self.reviewer_text(entry),
                            self.date(dt.datetime.fromisoformat(entry.created_at).date()),
                        ]
                        for entry in self.section_verdicts
                    ],
                )
            )
        if current.opinion is not None:
            blocks.append(Paragraph(label=self.t("report.review.opinion"), text=self.t(f"report.review.opinion.{current.opinion.verdict}")))
            blocks.append(self.text_or_missing(current.opinion.comment, "report.review.reasons"))
        if state.signed:
            blocks.append(
                Table(
                    caption=self.t("report.review.signature"),
                    columns=[self.t("report.review.column.item"), self.t("report.review.column.value")],
                    rows=[
                        [self.t("report.review.signed_by"), state.signed_by or DASH],
                        [
                            self.t("report.review.authentication"),
                            self.t("report.review.self_declared" if state.self_declared else "report.review.authenticated"),
                        ],
                        [self.t("report.review.signed_at"), self.signed_at_text(state.signed_at)],
                        [self.t("report.review.signed_version"), str(state.signed_version)],
                        [self.t("report.review.signed_hash"), state.signed_document_hash or DASH],
                        [self.t("report.review.verification"), self.t(f"report.review.verification.{state.signature}")],
                    ],
                    code_columns=[1],
                )
            )
            if state.self_declared:
                blocks.append(Notice(level="warning", text=self.t("report.review.own_work_unenforced")))
        elif not self.section_verdicts and current.opinion is None:
            blocks.append(Paragraph(text=self.t("report.review.none")))
        history = [entry for entry in self.provenance.reviews]
        if history:
            blocks.append(
                Table(
                    caption=self.t("report.review.history"),
                    columns=[self.t(f"report.review.column.{c}") for c in ("date", "version", "by", "what", "comment")],
                    rows=[
                        [
                            _datetime_text(dt.datetime.fromisoformat(entry.created_at), self.language),
                            str(entry.version),
                            self.reviewer_text(entry),
                            self.history_text(entry),
                            entry.comment.strip() or DASH,
                        ]
                        for entry in history
                    ],
                )
            )
        return blocks

    def reviewer_text(self, entry: ReviewEntry) -> str:
        return reviewer_text(entry, self.language)

    def history_text(self, entry: ReviewEntry) -> str:
        if entry.kind in VERDICT_KINDS:
            return self.t(f"report.section.{entry.section}") + self.t("report.label.colon") + verdict_text(entry, self.language)
        if entry.kind == "opinion":
            return self.t(f"report.review.opinion.{entry.verdict}")
        return self.t(f"report.review.event.{entry.kind}")

    # --- 11 public summary -------------------------------------------------------------------------

    def public_summary(self) -> list:
        assessment, result = self.assessment, self.result
        blocks: list = []
        if assessment.public_summary.strip():
            blocks.append(Paragraph(text=assessment.public_summary.strip()))
        else:
            blocks.append(Paragraph(text=self.t("report.public.generated_note")))
            if assessment.need.problem_statement.strip():
                blocks.append(Paragraph(label=self.t("report.public.problem"), text=assessment.need.problem_statement.strip()))
            considered = [self.option_name(o.key) for o in result.options]
            alternatives = [self.option_name(o.key) for o in result.options if o.less_intrusive_alternative]
            blocks.append(
                Paragraph(
                    label=self.t("report.public.considered"),
                    text=self.t("report.public.considered_text", options=", ".join(considered), alternatives=", ".join(alternatives) or DASH),
                )
            )
            excluded = [o for o in result.options if o.status == "excluded"]
            if excluded:
                blocks.append(
                    Paragraph(
                        label=self.t("report.public.excluded"),
                        text="; ".join(
                            self.option_name(o.key) + self.t("report.label.colon") + ", ".join(r.gate_name for r in o.exclusion_reasons) for o in excluded
                        ),
                    )
                )
            decision = assessment.decision
            if decision.conclusion == "undecided":
                outcome = self.t("report.summary.undecided")
            elif decision.conclusion == "no_option_justified":
                outcome = self.t("report.summary.no_option")
            else:
                key = "report.summary.recommend" if decision.conclusion == "recommend_option" else "report.summary.alternative_suffices"
                outcome = self.t(key, option=self.option_name(decision.recommended_option))
            blocks.append(Paragraph(label=self.t("report.public.outcome"), text=outcome))
            recommended = self.recommended
            if recommended is not None and recommended.configurations:
                blocks.append(Paragraph(label=self.t("report.public.safeguards"), text=", ".join(self.configuration_names(recommended))))
            review_date = assessment.proportionality.review_date
            if review_date is not None:
                blocks.append(Paragraph(label=self.t("report.public.review"), text=self.t("report.public.review_text", date=self.date(review_date))))
        blocks.append(Paragraph(label=self.t("report.public.state"), text=self.review_state().label))
        return blocks

    # --- 12 annex ----------------------------------------------------------------------------------

    def annex(self, generated: dt.datetime) -> list:
        framework, result = self.result.framework, self.result
        identity_rows = [
            [self.t("report.annex.framework"), f"{framework.id} {framework.version}"],
            [self.t("report.annex.valid_as_of"), self.date(dt.date.fromisoformat(framework.valid_as_of))],
            [self.t("report.annex.content_hash"), framework.content_hash],
            [self.t("report.annex.content_matches"), self.t("report.yes" if result.assessment.content_matches else "report.no")],
            [self.t("report.annex.assessment_id"), self.assessment.id],
            [self.t("report.annex.version"), DASH if self.provenance.version is None else str(self.provenance.version)],
            [self.t("report.annex.document_hash"), self.provenance.document_hash],
            [self.t("report.annex.generated"), _datetime_text(generated, self.language)],
            [self.t("report.annex.weights_source"), result.weights_source],
        ]
        if result.robustness is not None and result.robustness.acceptability is not None:
            simulation = result.robustness.acceptability
            identity_rows.append(
                [
                    self.t("report.annex.simulation"),
                    self.t(
                        "report.annex.simulation_text",
                        samples=simulation.samples,
                        seed=simulation.seed,
                        concentration=format_number(simulation.concentration, self.language, 0),
                    ),
                ]
            )
        blocks: list = [
            Table(
                caption=self.t("report.annex.identity"),
                columns=[self.t("report.review.column.item"), self.t("report.review.column.value")],
                rows=identity_rows,
                code_columns=[1],
            ),
            Paragraph(text=self.t("report.annex.full_data")),
        ]
        for explain in result.explanation:
            if explain.id in PAIRWISE_TABLES and len(explain.row_labels) > PAIRWISE_OPTIONS_SHOWN:
                explain = self.best_options_only(explain)
                blocks.append(Paragraph(text=self.t("report.annex.pairwise_limited", count=PAIRWISE_OPTIONS_SHOWN)))
            rows = [
                [self.label(row)] + [DASH if v is None else format_number(v, self.language, 4) for v in values]
                for row, values in zip(explain.row_labels, explain.values)
            ]
            blocks.append(
                Table(
                    caption=explain.caption,
                    columns=[""] + [self.label(column) for column in explain.column_labels],
                    rows=rows,
                    numeric_columns=list(range(1, len(explain.column_labels) + 1)),
                )
            )
        return blocks

    # --- 13 DPIA annex ---------------------------------------------------------------------------

    def dpia(self) -> list:
        content = self.bundle.dpia
        needing = [option for option in self.result.options if requires_dpia(option.obligations, self.bundle)]
        if content is None or not needing:
            return [Paragraph(text=self.t("report.dpia.not_required"))]
        regimes = {regime for option in needing for regime in dpia_regimes(option.obligations, self.bundle)}
        elements = {element.id: element for element in content.elements}
        numbers = {section_id: number for number, section_id in enumerate(SECTION_IDS, start=1)}
        blocks: list = [
            Paragraph(text=self.t("report.dpia.intro")),
            Paragraph(label=self.t("report.dpia.options"), text=", ".join(self.option_name(option.key) for option in needing)),
        ]
        rows = []
        for answer in dpia_annex(self.assessment, [option.key for option in needing], regimes, self.bundle):
            element = elements[answer.element]
            places = [
                self.t(
                    "report.dpia.place",
                    place=self.t(f"report.dpia.place.{place.place}"),
                    number=numbers[place.section],
                    section=self.t(f"report.section.{place.section}"),
                    state=self.t("report.dpia.answered" if place.answered else "report.dpia.not_answered"),
                )
                for place in answer.places
            ]
            rows.append(
                [
                    element.provision.get(self.language),
                    element.requirement.get(self.language),
                    self.t(f"report.dpia.status.{answer.status}"),
                    "; ".join(places),
                ]
            )
        blocks.append(
            Table(
                caption=self.t("report.dpia.annex_caption"),
                columns=[self.t(f"report.dpia.column.{c}") for c in ("provision", "requirement", "status", "answered_by")],
                rows=rows,
                full_width_columns=[3],  # several places, each with its section
            )
        )
        views = self.assessment.data_subject_views
        if views.answered:
            key, text = ("report.dpia.views_sought", views.views) if views.sought else ("report.dpia.views_not_sought", views.reason_not_sought)
            blocks.append(Paragraph(label=self.t(key), text=text.strip()))
        else:
            blocks.append(Notice(level="warning", text=self.t("report.dpia.views_missing")))
        for option in needing:
            assessed = self.assessed_by_key.get(option.key)
            ratings = assessed.feared_events if assessed is not None else {}
            name = self.option_name(option.key)
            blocks.append(Subheading(text=self.t("report.dpia.option_heading", option=name)))
            figure, frame = risk_map(ratings, self.bundle, self.language)
            figure.update_layout(template=REPORT_TEMPLATE, width=CHART_WIDTH, paper_bgcolor="white", plot_bgcolor="white")
            styled(figure, figure.layout.height)
            blocks.append(
                Chart(
                    chart_id=f"risk_map_{option.key}",  # one per option: images are keyed by chart id
                    title=self.t("report.dpia.risk_map", option=name),
                    figure=_figure_json(figure),
                    width=CHART_WIDTH,
                    height=figure.layout.height,
                    data=frame_table(frame, self.t("report.dpia.ratings", option=name)),
                )
            )
            described = [
                [event.name.get(self.language), ratings[event.id].impacts.strip() or DASH, ratings[event.id].measures.strip() or DASH]
                for event in content.feared_events
                if event.id in ratings and (ratings[event.id].impacts.strip() or ratings[event.id].measures.strip())
            ]
            if described:
                blocks.append(
                    Table(
                        caption=self.t("report.dpia.events", option=name),
                        columns=[self.t(f"report.dpia.column.{c}") for c in ("event", "impacts", "measures")],
                        rows=described,
                        full_width_columns=[1, 2],
                    )
                )
        return blocks

    # --- 14 what the next step adds -------------------------------------------------------------

    def creep(self) -> list:
        comparisons = creep_comparison(self.assessment, self.bundle)
        if not comparisons:
            return [Paragraph(text=self.t("creep.none"))]
        blocks: list = [Paragraph(text=self.t("creep.report.intro"))]
        separator = list_separator(self.language)
        for comparison in comparisons:
            words = word_creep(comparison, self.option_name(comparison.option), self.bundle, self.language)
            blocks += [Subheading(text=words.heading), Paragraph(text=words.description)]
            if not words.steps:
                blocks.append(Paragraph(text=words.top))
            for step in words.steps:
                rows = [[self.t("creep.upgrade"), step.upgrade]] + [[aspect, separator.join(lines)] for aspect, lines in step.aspects]
                rows.append([self.t("creep.report.verdict"), step.verdict])
                # Two options on one ladder share the steps above the higher one: each table is named by its option too.
                caption = self.t("creep.report.caption", step=step.title, option=self.option_name(comparison.option))
                blocks.append(Table(caption=caption, columns=[self.t("creep.report.column.aspect"), self.t("creep.report.column.change")], rows=rows))
        return blocks

    def best_options_only(self, explain):
        """A pairwise table cut to the options its method ranks best, in the table's own order."""
        methods = self.result.cross_check.methods if self.result.cross_check is not None else []
        ranks = next((method.ranks for method in methods if method.method == explain.method), {})
        kept = set(sorted(explain.row_labels, key=lambda key: ranks.get(key, len(ranks) + 1))[:PAIRWISE_OPTIONS_SHOWN])
        indices = [index for index, key in enumerate(explain.row_labels) if key in kept]
        return explain.model_copy(
            update={
                "row_labels": [explain.row_labels[i] for i in indices],
                "column_labels": [explain.column_labels[i] for i in indices],
                "values": [[explain.values[i][j] for j in indices] for i in indices],
            }
        )

    def label(self, identifier: str) -> str:
        return self.names.options.get(identifier) or self.names.criteria.get(identifier) or self.names.pillars.get(identifier) or identifier

    # --- the effectiveness estimate and the evaluation plan (issue #17) ----------------------------

    def effectiveness(self) -> list:
        rows = effectiveness_rows(self.result, self.names, self.language)
        blocks: list = [Paragraph(text=self.t("effectiveness.intro")), Paragraph(text=baseline_line(self.result, self.language))]
        if rows:
            blocks.append(
                Table(
                    caption=self.t("effectiveness.heading"),
                    columns=effectiveness_columns(self.language),
                    rows=[[row.option, row.effect, row.prevented, row.yearly_cost, row.cost_per_prevented, row.evidence] for row in rows],
                    numeric_columns=[1, 2, 3, 4],
                    full_width_columns=[5],
                )
            )
        blocks.append(Notice(level="info", text=transfer_caveat(self.language)))
        caveats = [row for row in rows if row.caveat]
        if caveats:
            blocks.append(Subheading(text=self.t("effectiveness.caveats.heading")))
            blocks.append(BulletList(items=[self.t("effectiveness.caveat_item", option=row.option, caveat=row.caveat) for row in caveats]))
            blocks.append(Subheading(text=self.t("effectiveness.sources")))
            cited = dict.fromkeys(reference for row in caveats for reference in row.references)
            found = self.bundle.references_by_id
            blocks.append(BulletList(items=[found[r].citation_in(self.language) if r in found else r for r in cited]))
        plan = evaluation_plan(self.assessment, self.result)
        blocks.append(Subheading(text=self.t("effectiveness.plan.heading")))
        blocks.append(Paragraph(text=self.t("effectiveness.plan.intro")))
        blocks.append(BulletList(items=evaluation_plan_lines(plan, self.names, self.language)))
        if plan.success_measures:
            blocks.append(
                Table(
                    caption=self.t("effectiveness.plan.success_measures"),
                    columns=[self.t("report.need.objective"), self.t("report.need.success_measure")],
                    rows=[list(pair) for pair in plan.success_measures],
                )
            )
        return blocks


__all__ = ["Provenance", "build_report", "review_state", "reviewer_text"]

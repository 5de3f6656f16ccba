"""The tender document (issue #17 §3): the clauses, the vendor questionnaire, the evaluation grid and the
vendors' answers recorded so far, as a report model, so that the DOCX and Markdown renderers lay it out."""

from __future__ import annotations

import datetime as dt

from ..content.bundle import ContentBundle
from ..domain.assessment import UNNAMED_ORGANISATION, Assessment
from ..engine.results import EvaluationResult
from ..engine.tender import TenderPackage
from ..i18n import format_date, t
from ..wording.names import ResultNames
from ..wording.tender import TenderWording
from .build import Provenance
from .model import BulletList, Notice, Paragraph, Report, ReviewState, Section, Subheading, Table

DASH = "—"
TENDER_SECTION_IDS = ("scope", "clauses", "questions", "grid", "answers")


def build_tender(
    assessment: Assessment, result: EvaluationResult, bundle: ContentBundle, package: TenderPackage, language: str, provenance: Provenance
) -> Report:
    """The tender document of package's option in language; result must be worded in language (its names are used)."""
    generated = (provenance.generated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    names = ResultNames.of(result.options, bundle, language)
    builder = _TenderBuilder(assessment, bundle, package, language, names)
    sections = [
        Section(id=section_id, number=number, title=t(f"tender.section.{section_id}", language), blocks=builder.blocks(section_id))
        for number, section_id in enumerate(TENDER_SECTION_IDS, start=1)
    ]
    return Report(
        language=language,
        title=t("tender.document.title", language, option=names.options.get(package.option, package.option)),
        subtitle=assessment.title,
        organisation="" if assessment.organisation == UNNAMED_ORGANISATION else assessment.organisation,
        generated_at=generated.isoformat(),
        generated_at_text=f"{format_date(generated.date(), language)} {generated:%H:%M} UTC",
        assessment_id=assessment.id,
        version=provenance.version,
        document_hash=provenance.document_hash,
        # Not a reviewed report: the state line says what the document is, a draft for the tender file.
        review=ReviewState(status="draft", label=t("tender.document.state", language), signed=False),
        labels={key: t(f"report.label.{key}", language) for key in ("contents", "page", "of", "version", "document_hash", "generated", "colon")},
        sections=sections,
    )


class _TenderBuilder:
    def __init__(self, assessment: Assessment, bundle: ContentBundle, package: TenderPackage, language: str, names: ResultNames):
        # The wording holds the assessment, content, names and language the sections are written from.
        self.words = TenderWording(assessment, bundle, names, language, package.catalogue_id)
        self.bundle, self.language, self.names, self.package = bundle, language, names, package
        self.clause_content = {clause.id: clause for clause in bundle.tender_clauses}
        self.question_content = {question.id: question for question in bundle.tender_questions}
        self.option = next(option for option in assessment.options if option.key == package.option)

    def t(self, key: str, **values) -> str:
        return t(key, self.language, **values)

    def blocks(self, section_id: str) -> list:
        return getattr(self, section_id)()

    def citations(self, reference_ids: tuple[str, ...]) -> str:
        found = self.bundle.references_by_id
        return "; ".join(found[r].citation_in(self.language).rstrip(".") for r in reference_ids if r in found)

    def question_number(self, question_id: str) -> str:
        return f"Q{[fact.question for fact in self.package.questions].index(question_id) + 1}"

    def scope(self) -> list:
        option_name = self.names.options.get(self.package.option, self.package.option)
        blocks: list = [Paragraph(text=self.t("tender.scope.intro", option=option_name))]
        configurations = [self.words.configuration(c) for c in self.option.configurations]
        blocks.append(Paragraph(label=self.t("tender.scope.configurations"), text=", ".join(configurations) or DASH))
        obligations = sorted({fact.ref for clause in self.package.clauses for fact in clause.traces if fact.kind == "obligation"})
        if obligations:
            blocks.append(Paragraph(label=self.t("tender.scope.obligations"), text=", ".join(self.words.obligation(o) for o in obligations)))
        blocks.append(Notice(level="info", text=self.t("tender.scope.notice")))
        return blocks

    def clauses(self) -> list:
        if not self.package.clauses:
            return [Paragraph(text=self.t("tender.clauses.none"))]
        blocks: list = []
        for number, fact in enumerate(self.package.clauses, start=1):
            clause = self.clause_content[fact.clause]
            blocks.append(Subheading(text=f"C{number}. {clause.title.get(self.language)}"))
            blocks.append(Paragraph(text=clause.text.get(self.language)))
            blocks.append(Paragraph(label=self.t("tender.clause.comes_from"), text="; ".join(self.words.trace(trace) for trace in fact.traces)))
            actions = [self.words.action(index) for trace in fact.traces for index in trace.actions]
            if actions:
                blocks.append(Paragraph(label=self.t("tender.clause.actions"), text=""))
                blocks.append(BulletList(items=actions))
            if fact.sources:
                blocks.append(Paragraph(label=self.t("tender.clause.sources"), text=self.citations(fact.sources)))
        return blocks

    def questions(self) -> list:
        if not self.package.questions:
            return [Paragraph(text=self.t("tender.questions.none"))]
        blocks: list = [Paragraph(text=self.t("tender.questions.intro"))]
        for fact in self.package.questions:
            question = self.question_content[fact.question]
            blocks.append(Subheading(text=f"{self.question_number(fact.question)}. {question.title.get(self.language)}"))
            blocks.append(Paragraph(text=question.text.get(self.language)))
            blocks.append(Paragraph(label=self.t("tender.question.why"), text=question.why.get(self.language)))
            blocks.append(Paragraph(label=self.t("tender.question.depends_on"), text=""))
            blocks.append(BulletList(items=[self.words.dependence(dependence) for dependence in fact.depends_on]))
            if question.sources:
                blocks.append(Paragraph(label=self.t("tender.clause.sources"), text=self.citations(tuple(question.sources))))
        return blocks

    def grid(self) -> list:
        if not self.package.grid:
            return [Paragraph(text=self.t("tender.questions.none"))]
        rows = []
        for row in self.package.grid:
            entry = self.question_content[row.question].grid[row.entry]
            rows.append([self.question_number(row.question), entry.answer.get(self.language), self.words.effect(row), entry.explanation.get(self.language)])
        columns = [self.t(f"tender.grid.column.{c}") for c in ("question", "answer", "effect", "explanation")]
        return [Paragraph(text=self.t("tender.grid.intro")), Table(caption=self.t("tender.grid.caption"), columns=columns, rows=rows, full_width_columns=[3])]

    def answers(self) -> list:
        recorded = self.option.vendor_answers
        if not recorded:
            return [Paragraph(text=self.t("tender.answers.none"))]
        rows = []
        for question_id, answer in recorded.items():
            question = self.question_content.get(question_id)
            title = question.title.get(self.language) if question is not None else question_id
            rows.append(
                [
                    title,
                    answer.vendor or DASH,
                    format_date(answer.date, self.language) if answer.date else DASH,
                    self.t("tender.answers.contradicts" if answer.contradicts_assumption else "tender.answers.consistent"),
                    answer.answer or DASH,
                ]
            )
        columns = [self.t(f"tender.answers.column.{c}") for c in ("question", "vendor", "date", "assessment", "answer")]
        blocks: list = [Table(caption=self.t("tender.answers.caption"), columns=columns, rows=rows, full_width_columns=[4])]
        for flag in self.package.review_flags:
            what = self.words.criterion(flag.ref) if flag.kind == "score" else self.names.gate(flag.ref)
            blocks.append(
                Notice(
                    level="warning",
                    text=self.t(f"tender.answers.review_{flag.kind}", what=what, question=self.question_content[flag.question].title.get(self.language)),
                )
            )
        return blocks

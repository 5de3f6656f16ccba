"""The Decision page's tender section (issue #17 §3): the tender document's downloads for the recommended
option, and the vendors' answers recorded on it, with the scores and gates they put up for review."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment, VendorAnswer
from ..engine.tender import TenderPackage, tender_package
from ..i18n import t
from ..services.access import role_allows
from ..services.assessments import Actor
from ..services.tender import TENDER_FORMATS, TenderService, tender_file_name
from . import fields
from .context import OPEN_VERSION, service
from .evaluation import evaluation
from .text import literal


def _answer(assessment: Assessment, option_key: str, question_id: str) -> VendorAnswer:
    option = next(option for option in assessment.options if option.key == option_key)
    return option.vendor_answers.get(question_id) or VendorAnswer()


class _AnswerFields:
    """For one question's answer on one option: each attribute's field path, label, getter and setter."""

    def __init__(self, option_key: str, question_id: str, language: str):
        self.option_key, self.question_id, self.language = option_key, question_id, language

    def __call__(self, attribute: str, label_key: str | None = None) -> tuple[str, str, Callable, Callable]:
        def get(assessment: Assessment):
            return getattr(_answer(assessment, self.option_key, self.question_id), attribute)

        def put(assessment: Assessment, value) -> None:
            option = next(option for option in assessment.options if option.key == self.option_key)
            recorded = option.vendor_answers.get(self.question_id) or VendorAnswer()
            option.vendor_answers[self.question_id] = recorded.model_copy(update={attribute: value})

        path = f"options.{self.option_key}.vendor_answers.{self.question_id}.{attribute}"
        return path, t(f"tender.ui.answers.{label_key or attribute}", self.language), get, put


def tender_section(actor: Actor, assessment: Assessment, bundle: ContentBundle, language: str) -> None:
    st.header(t("tender.ui.heading", language))
    st.caption(t("tender.ui.caption", language))
    package = tender_package(assessment, evaluation(assessment, language, with_acceptability=False), bundle)
    if package is None:
        st.info(t("tender.ui.no_option", language), icon=":material/info:")
        return
    st.write(t("tender.ui.counts", language, clauses=len(package.clauses), questions=len(package.questions), rows=len(package.grid)))
    exporter = TenderService(service())
    # The document is written in the assessment's own language: the language of the tender file.
    document_language = assessment.language

    def made_on_click(chosen: str) -> Callable[[], bytes]:
        return lambda: exporter.export(actor, assessment.id, document_language, chosen)[0]

    for column, tender_format in zip(st.columns(len(TENDER_FORMATS)), TENDER_FORMATS):
        with column:
            st.download_button(
                t(f"tender.ui.download_{tender_format}", language),
                data=made_on_click(tender_format),
                file_name=tender_file_name(assessment.title, st.session_state.get(OPEN_VERSION), document_language, tender_format),
                mime=TENDER_FORMATS[tender_format].media_type,
                key=f"tender-download-{tender_format}",
                icon=":material/download:",
                on_click="ignore",
            )
    vendor_answers(actor, package, bundle, language)


def vendor_answers(actor: Actor, package: TenderPackage, bundle: ContentBundle, language: str) -> None:
    can_edit = role_allows(actor.role, "edit_assessment")
    questions = {question.id: question for question in bundle.tender_questions}
    names = {criterion.id: criterion.name.get(language) for criterion in bundle.framework.criteria} | {
        gate.id: gate.name.get(language) for gate in bundle.legal.gates
    }
    if package.review_flags:
        flagged = sorted({names.get(flag.ref, flag.ref) for flag in package.review_flags})
        st.warning(t("tender.ui.answers.flagged", language, items=", ".join(flagged)), icon=":material/rate_review:")
    with st.expander(t("tender.ui.answers.heading", language), expanded=bool(package.review_flags)):
        st.caption(t("tender.ui.answers.caption", language))
        for fact in package.questions:
            question = questions[fact.question]
            st.markdown(f"**{literal(question.title.get(language))}**")
            st.caption(literal(question.text.get(language)))
            answer_fields = _AnswerFields(package.option, fact.question, language)
            left, right = st.columns(2)
            with left:
                fields.text(*answer_fields("vendor"), disabled=not can_edit)
            with right:
                fields.date(*answer_fields("date"), language=language, disabled=not can_edit)
            fields.text(*answer_fields("answer"), area=True, disabled=not can_edit)
            verdict = answer_fields("contradicts_assumption", label_key="verdict")
            fields.choice(
                verdict[0],
                verdict[1],
                [False, True],
                verdict[2],
                verdict[3],
                format_func=lambda contradicts: t("tender.answers.contradicts" if contradicts else "tender.answers.consistent", language),
                radio=True,
                disabled=not can_edit,
            )

"""3 Legal screening: the knock-out gates of every option, its AI Act category,
the DPIA screening (WP248) and the checklist of obligations before deployment.

The page records answers; the engine decides what they mean (exclusions,
unanswered gates, which obligations apply)."""

from typing import get_args

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from secu4all_ethics.domain.assessment import GateAnswer, ObligationProgress
from secu4all_ethics.domain.content import AiActCategory, ResidualRisk
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import format_date, format_number, t
from secu4all_ethics.ui import fields
from secu4all_ethics.ui.context import (
    actor_or_stop,
    assessment_or_stop,
    autosave,
    content_or_stop,
    current_language,
    save_status,
    widget_key,
)
from secu4all_ethics.ui.evaluation import WeightError, evaluation, screening, weight_error_text
from secu4all_ethics.ui.steps import next_step_link
from secu4all_ethics.ui.text import literal, literal_frame
from secu4all_ethics.wording.jurisdiction import country_name, explain_jurisdiction, provision_status
from secu4all_ethics.wording.screening import gate_date_note

language = current_language()
actor_or_stop()
bundle = content_or_stop()
assessment_or_stop()

ANSWERS = ("passes", "fails", "not_applicable")
PROGRESS = ("to_do", "in_progress", "done", "not_applicable")
INPUT_ERRORS = "screening_input_errors"  # texts refused before saving, by widget key


# --- helpers ---------------------------------------------------------------------------------------


def option_in(document, key: str):
    return next(option for option in document.options if option.key == key)


def option_name(option) -> str:
    technology = bundle.technologies_by_id.get(option.catalogue_id) if option.catalogue_id else None
    if technology is not None:
        return technology.name.get(language)
    return option.custom.name if option.custom is not None else option.key


def citations(reference_ids) -> str:
    """References as readable citations, linked where they have an address, one per line."""
    lines = []
    for reference_id in dict.fromkeys(reference_ids):
        reference = bundle.references_by_id.get(reference_id)
        if reference is None:
            lines.append(f"- {reference_id}")
            continue
        text = reference.citation_in(language).replace("[", "\\[").replace("]", "\\]")
        if reference.url:
            text = f"[{text}]({reference.url})"
        if reference.verification.value != "verified":
            text += f" *({t(f'screening.verification.{reference.verification.value}', language)})*"
        lines.append(f"- {text}")
    return "\n".join(lines)


def sources(reference_ids) -> None:
    """A suggestion's sources, folded: the suggestion is read first, its sources when wanted."""
    with st.expander(t("screening.sources_heading", language)):
        st.markdown(citations(reference_ids))


def input_errors() -> dict[str, str]:
    return st.session_state.setdefault(INPUT_ERRORS, {})


def refuse(key: str, field: str, error: ValidationError) -> None:
    """A text the model refuses (too long) is not saved; the page says which field and why."""
    limit = next((e.get("ctx", {}).get("max_length") for e in error.errors() if e.get("ctx", {}).get("max_length")), None)
    if limit is not None:
        message = t("screening.too_long", language, field=field, limit=format_number(limit, language, 0))
    else:
        message = t("screening.invalid", language, field=field, reason="; ".join(e["msg"] for e in error.errors()))
    input_errors()[key] = message


def save_gate(option_key: str, gate_id: str, answer_key: str, text_key: str, field: str) -> None:
    answer = st.session_state.get(answer_key)
    if answer is None:
        return  # a justification without an answer waits for the answer (the page says so)
    try:
        value = GateAnswer(answer=answer, justification=(st.session_state.get(text_key) or "").strip())
    except ValidationError as error:
        refuse(text_key, field, error)
        return
    input_errors().pop(text_key, None)
    autosave(lambda a: option_in(a, option_key).gate_answers.__setitem__(gate_id, value))


def save_ai_act(option_key: str, key: str, suggested: str | None) -> None:
    value = st.session_state.get(key)
    if value is None and suggested is not None:
        # Cleared: back to the catalogue's category, which the engine uses when none is recorded.
        st.session_state[key] = suggested
    category = AiActCategory(value) if value else None
    autosave(lambda a: setattr(option_in(a, option_key), "ai_act_category", category))


def save_dpia(option_key: str, keys: dict[str, str]) -> None:
    chosen = [criterion_id for criterion_id, key in keys.items() if st.session_state.get(key)]
    autosave(lambda a: setattr(option_in(a, option_key), "dpia_criteria", chosen))


def save_progress(option_key: str, obligation_id: str, status_key: str, note_key: str, field: str) -> None:
    try:
        value = ObligationProgress(status=st.session_state.get(status_key) or "to_do", note=(st.session_state.get(note_key) or "").strip())
    except ValidationError as error:
        refuse(note_key, field, error)
        return
    input_errors().pop(note_key, None)
    autosave(lambda a: option_in(a, option_key).obligation_progress.__setitem__(obligation_id, value))


def initialise(key: str, value) -> None:
    """A widget's first value comes from the document, once; after that the widget holds it."""
    if key not in st.session_state and value is not None:
        st.session_state[key] = value


def show_input_error(key: str) -> None:
    message = input_errors().get(key)
    if message:
        st.error(message, icon=":material/error:")


# --- the engine's reading of the screening ------------------------------------------------------------


def screening_outcomes(assessment) -> tuple[dict, list]:
    """Per option key, the engine's outcome: gates, exclusions, obligations, DPIA criteria; and the national
    provisions that concern the assessment (only the full evaluation selects them).

    The full evaluation first; if the weights cannot be used, the engine's
    per-option preparation still gives the legal screening, which does not
    depend on the weights."""
    try:
        result = evaluation(assessment, language, with_acceptability=False)
    except WeightError as error:
        st.error(t("screening.weights_broken", language, reason=weight_error_text(error, language)), icon=":material/error:")
    except ContentError as error:
        st.error(t("screening.evaluation_failed", language, reason=str(error)), icon=":material/error:")
        return {}, []
    else:
        return {option.key: option for option in result.options}, result.jurisdiction.national_provisions
    try:
        return screening(assessment, language), []
    except (ContentError, KeyError) as error:
        st.error(t("screening.evaluation_failed", language, reason=str(error)), icon=":material/error:")
        return {}, []


def screening_status(outcome) -> str:
    if outcome is None:
        return "unknown"
    if outcome.exclusion_reasons:
        return "excluded"
    if outcome.unanswered_gates:
        return "incomplete"
    return "passes"


def finished_obligations(option, obligations) -> int:
    """How many of the obligations the engine lists are recorded as done or not applicable."""
    recorded = option.obligation_progress
    return sum(1 for o in obligations if o.obligation in recorded and recorded[o.obligation].status in ("done", "not_applicable"))


DPIA_OBLIGATIONS = {obligation.id for obligation in bundle.legal.obligations if obligation.trigger.kind == "dpia_screening"}
DPIA_THRESHOLD = next(
    (obligation.trigger.min_criteria for obligation in bundle.legal.obligations if obligation.trigger.kind == "dpia_screening"),
    None,
)


ai_act_names = {info.category.value: info.name.get(language) for info in bundle.legal.ai_act_categories}
# More options than this and their tab titles no longer fit in a row: a vertical list names them all.
MOST_TABS = 4


def overview(assessment, outcomes) -> None:
    rows = []
    for option in assessment.options:
        outcome = outcomes.get(option.key)
        status = screening_status(outcome)
        applying = outcome.obligations if outcome is not None else []
        finished = finished_obligations(option, applying)
        category = outcome.ai_act_category if outcome is not None else None
        rows.append(
            {
                t("screening.column.option", language): option_name(option),
                t("screening.column.gates", language): t(f"screening.status.{status}", language),
                t("screening.column.ai_act", language): ai_act_names.get(getattr(category, "value", category), "—") if category else "—",
                t("screening.column.dpia", language): len(outcome.dpia_criteria) if outcome is not None else None,
                t("screening.column.obligations", language): (
                    t("screening.done_of", language, done=finished, total=len(applying)) if applying else t("screening.none", language)
                ),
            }
        )
    st.header(t("screening.overview", language))
    # A static table: it wraps long option names instead of hiding columns behind a scroll bar.
    st.table(literal_frame(pd.DataFrame(rows)), hide_index=True, width="stretch")


def gate_section(option, technology, outcome) -> None:
    name = option_name(option)
    hints = {hint.gate: hint for hint in technology.gate_hints} if technology is not None else {}
    gate_outcomes = {gate.gate: gate for gate in outcome.gates} if outcome is not None else {}
    st.header(t("screening.gates.heading", language))
    st.caption(t("screening.gates.caption", language))
    for number, gate in enumerate(bundle.legal.gates, start=1):
        # Asked as the engine asked it: in the words of the one regime in force, where the law differs.
        question, legal_basis = gate.under(gate_outcomes[gate.id].regime_wording if gate.id in gate_outcomes else None)
        saved = option.gate_answers.get(gate.id)
        hint = hints.get(gate.id)
        answer_key = widget_key(f"screening.{option.key}.gates.{gate.id}.answer")
        text_key = widget_key(f"screening.{option.key}.gates.{gate.id}.justification")
        field = t("screening.field.justification", language, gate=gate.name.get(language), option=literal(name))
        preset = saved.answer if saved is not None else (hint.answer if hint is not None and hint.answer in ANSWERS else None)
        initialise(answer_key, preset)
        initialise(text_key, saved.justification if saved is not None else "")
        with st.container(border=True):
            st.markdown(f"**{number}. {gate.name.get(language)}**")
            st.markdown(question.get(language))
            if gate.id in gate_outcomes and (dated := gate_date_note(gate_outcomes[gate.id], language)):
                (st.caption if gate_outcomes[gate.id].applies_at_start else st.warning)(dated)
            if hint is not None:
                guidance = t(
                    "screening.hint",
                    language,
                    answer=t(f"screening.hint.{hint.answer}", language),
                    reason=hint.reason.get(language),
                )
                if hint.answer == "depends":
                    guidance += "\n\n" + t("screening.hint_depends", language)
                st.info(guidance, icon=":material/lightbulb:")
            # The catalogue's answer stands in the answer's place until the assessors make it theirs.
            to_confirm = saved is None and preset is not None and st.session_state.get(answer_key) == preset
            left, right = st.columns([1, 2], gap="medium")
            arguments = (option.key, gate.id, answer_key, text_key, field)
            with left:
                if to_confirm:
                    st.badge(t("screening.gate.to_confirm", language), icon=":material/help:", color="orange")
                st.radio(
                    t("screening.gate.answer", language),
                    ANSWERS,
                    index=None,
                    key=answer_key,
                    format_func=lambda answer: t(f"screening.answer.{answer}", language),
                    on_change=save_gate,
                    args=arguments,
                )
                if to_confirm:
                    st.button(
                        t("screening.gate.confirm", language),
                        key=widget_key(f"screening.{option.key}.gates.{gate.id}.confirm"),
                        icon=":material/check:",
                        on_click=save_gate,
                        args=arguments,
                    )
            with right:
                st.text_area(
                    t("screening.justification", language),
                    key=text_key,
                    height=110,
                    help=t("screening.justification_help", language),
                    on_change=save_gate,
                    args=arguments,
                )
            show_input_error(text_key)
            result = gate_outcomes.get(gate.id)
            if st.session_state.get(answer_key) is None and (st.session_state.get(text_key) or "").strip():
                st.warning(t("screening.flag.choose_answer", language), icon=":material/warning:")
            elif result is not None and result.overrides_hint and result.answer == "unanswered":
                st.error(t("screening.flag.override_needs_justification", language), icon=":material/gpp_maybe:")
            elif result is not None and result.overrides_hint:
                st.warning(t("screening.flag.override_justified", language), icon=":material/gpp_maybe:")
            elif saved is not None and not saved.justification.strip():
                st.warning(t("screening.flag.no_justification", language), icon=":material/warning:")
            elif result is not None and result.answered_by == "catalogue_hint":
                st.caption(":material/info: " + t("screening.flag.unconfirmed", language))
            elif result is not None and result.answer == "unanswered":
                st.caption(":material/pending: " + t("screening.flag.unanswered", language))
            # Side by side where there is room: two folded lines where each took one.
            explained, sourced = st.columns(2) if hint is not None else (st.container(), None)
            with explained, st.expander(t("screening.gate_explanation", language)):
                st.markdown(gate.explanation.get(language))
                st.markdown(f"**{t('screening.legal_basis', language)}**\n\n" + citations(legal_basis))
            if sourced is not None and hint is not None:
                with sourced:
                    sources(r for r in hint.references if gate.id not in gate_outcomes or r in gate_outcomes[gate.id].legal_basis)


def status_section(option, outcome) -> None:
    status = screening_status(outcome)
    if status == "unknown":
        return
    if status == "excluded":
        reasons = [t("screening.excluded_heading", language)]
        for reason in outcome.exclusion_reasons:
            reasons.append(t("screening.reason", language, gate=reason.gate_name, message=reason.message))
        st.error("\n\n".join(reasons), icon=":material/block:")
        with st.expander(t("screening.exclusion_basis", language)):
            for reason in outcome.exclusion_reasons:
                st.markdown(f"**{reason.gate_name}**\n\n" + citations(reason.legal_basis))
    elif status == "incomplete":
        names = {gate.gate: gate.gate_name for gate in outcome.gates}
        st.warning(
            t("screening.incomplete_heading", language, gates=", ".join(names.get(g, g) for g in outcome.unanswered_gates)),
            icon=":material/pending:",
        )
    else:
        st.success(t("screening.passes_heading", language), icon=":material/check_circle:")
    suggested = sum(1 for gate in outcome.gates if gate.answered_by == "catalogue_hint")
    if suggested:
        st.caption(t("screening.from_catalogue", language, count=suggested))
    unjustified = sum(1 for answer in option.gate_answers.values() if not answer.justification.strip())
    if unjustified:
        st.warning(t("screening.missing_justifications", language, count=unjustified), icon=":material/warning:")


def ai_act_section(option, technology) -> None:
    st.header(t("screening.ai_act.heading", language))
    st.caption(t("screening.ai_act.caption", language))
    key = widget_key(f"screening.{option.key}.ai_act_category")
    suggested = technology.ai_act.category.value if technology is not None else None
    initialise(key, option.ai_act_category.value if option.ai_act_category is not None else suggested)
    categories = [info.category.value for info in bundle.legal.ai_act_categories]
    descriptions = {info.category.value: info for info in bundle.legal.ai_act_categories}
    left, right = st.columns([1, 2], gap="medium")
    with left:
        st.selectbox(
            t("screening.ai_act.label", language),
            categories,
            index=None,
            key=key,
            format_func=lambda category: ai_act_names.get(category, category),
            placeholder=t("screening.ai_act.placeholder", language),
            on_change=save_ai_act,
            args=(option.key, key, suggested),
        )
    chosen = st.session_state.get(key)
    with right:
        if chosen in descriptions:
            st.caption(descriptions[chosen].description.get(language))
            with st.expander(t("screening.ai_act.legal_basis", language)):
                st.markdown(citations(descriptions[chosen].legal_basis))
    if technology is not None:
        guidance = t(
            "screening.ai_act.hint",
            language,
            category=ai_act_names.get(technology.ai_act.category.value, technology.ai_act.category.value),
            note=technology.ai_act.note.get(language),
        )
        if option.ai_act_category is None:
            guidance += "\n\n" + t("screening.ai_act.unconfirmed", language)
        st.info(guidance, icon=":material/lightbulb:")
        sources(technology.ai_act.references)


def dpia_section(option, technology, outcome) -> None:
    criteria = bundle.legal.dpia_screening_criteria
    st.header(t("screening.dpia.heading", language))
    st.caption(t("screening.dpia.caption", language))
    met = option.dpia_criteria if option.dpia_criteria is not None else (list(technology.dpia_criteria) if technology else [])
    keys = {criterion.id: widget_key(f"screening.{option.key}.dpia_criteria.{criterion.id}") for criterion in criteria}
    columns = st.columns(2)
    for index, criterion in enumerate(criteria):
        initialise(keys[criterion.id], criterion.id in met)
        with columns[index % 2]:
            st.checkbox(
                criterion.name.get(language),
                key=keys[criterion.id],
                help=criterion.description.get(language),
                on_change=save_dpia,
                args=(option.key, keys),
            )
    if outcome is None:
        return
    count = len(outcome.dpia_criteria)  # the engine's reading of what is saved
    if DPIA_THRESHOLD is not None:
        text = t("screening.dpia.count", language, count=count, total=len(criteria), threshold=DPIA_THRESHOLD)
    else:
        text = t("screening.dpia.count_only", language, count=count, total=len(criteria))
    if any(o.obligation in DPIA_OBLIGATIONS for o in outcome.obligations):
        st.warning(text + " " + t("screening.dpia.required", language), icon=":material/assignment:")
    else:
        st.success(text + " " + t("screening.dpia.not_required", language), icon=":material/assignment_turned_in:")
    if option.dpia_criteria is None and technology is not None:
        st.caption(":material/lightbulb: " + t("screening.dpia.from_catalogue", language))
    # The DPIA's finding, once made: a high residual risk calls for prior consultation (GDPR Art. 36, LED Art. 28).
    fields.choice(
        f"screening.{option.key}.residual_risk",
        t("screening.residual_risk.label", language),
        get_args(ResidualRisk),
        lambda a: option_in(a, option.key).residual_risk,
        lambda a, level: setattr(option_in(a, option.key), "residual_risk", level),
        format_func=lambda level: t(f"residual_risk.{level}", language),
        help=t("screening.residual_risk.help", language),
        radio=True,
    )


def obligations_section(option, outcome) -> None:
    name = option_name(option)
    st.header(t("screening.obligations.heading", language))
    st.caption(t("screening.obligations.caption", language))
    if outcome is None:
        st.caption(t("screening.obligations.unavailable", language))
        return
    if not outcome.obligations:
        st.success(t("screening.obligations.none", language), icon=":material/task_alt:")
        return
    finished = finished_obligations(option, outcome.obligations)
    st.markdown(t("screening.done_of_long", language, done=finished, total=len(outcome.obligations)))
    for obligation in outcome.obligations:
        content = bundle.obligations.get(obligation.obligation)
        progress = option.obligation_progress.get(obligation.obligation)
        status_key = widget_key(f"screening.{option.key}.obligation_progress.{obligation.obligation}.status")
        note_key = widget_key(f"screening.{option.key}.obligation_progress.{obligation.obligation}.note")
        field = t("screening.field.note", language, obligation=obligation.name, option=literal(name))
        initialise(status_key, progress.status if progress is not None else "to_do")
        initialise(note_key, progress.note if progress is not None else "")
        arguments = (option.key, obligation.obligation, status_key, note_key, field)
        with st.container(border=True):
            st.markdown(f"**{obligation.name}**")
            st.caption(t("screening.obligation.why", language, detail=obligation.detail))
            if obligation.obligation in bundle.dpia_obligations:
                # The DPIA the screening announces is worked through on its own page (issue #15 point 17).
                dpia_page = st.session_state["pages"]["dpia"]
                st.page_link(dpia_page, label=t("screening.obligation.open_dpia", language, page=t("nav.dpia", language)), icon=":material/assignment:")
            left, right = st.columns([1, 2], gap="medium")
            with left:
                st.selectbox(
                    t("screening.obligation.status", language),
                    PROGRESS,
                    key=status_key,
                    format_func=lambda status: t(f"screening.progress.{status}", language),
                    on_change=save_progress,
                    args=arguments,
                )
            with right:
                st.text_input(t("screening.obligation.note", language), key=note_key, on_change=save_progress, args=arguments)
            show_input_error(note_key)
            if progress is not None and progress.status == "not_applicable" and not progress.note.strip():
                st.warning(t("screening.obligation.na_needs_note", language), icon=":material/warning:")
            with st.expander(t("screening.obligation.details", language)):
                if content is not None:
                    st.markdown(content.description.get(language))
                st.markdown(f"**{t('screening.legal_basis', language)}**\n\n" + citations(obligation.legal_basis))


def national_rules_section(assessment, national_rules) -> None:
    national_pack = bundle.jurisdictions_by_state.get(assessment.jurisdiction.member_state or "")
    if national_pack is None or not national_rules:
        return
    provisions = {provision.id: provision for provision in national_pack.provisions}
    with st.expander(t("report.national.heading", language, country=country_name(national_pack.member_state, language))):
        st.caption(t("screening.national_rules_caption", language, date=format_date(national_pack.valid_as_of, language)))
        for selected in national_rules:
            provision = provisions[selected.id]
            st.markdown(f"**{literal(provision.title.get(language))}** · {literal(provision_status(provision, selected.status, language))}")
            st.markdown(literal(provision.text.get(language)))
            st.caption(citations(provision.legal_basis))


def option_panel(option, outcome) -> None:
    technology = bundle.technologies_by_id.get(option.catalogue_id) if option.catalogue_id else None
    # Keyed so that a browser test can find the panel of one option and measure it.
    with st.container(key=f"screening-option-panel-{option.key}"):
        status_section(option, outcome)
        gate_section(option, technology, outcome)
        st.divider()
        ai_act_section(option, technology)
        st.divider()
        dpia_section(option, technology, outcome)
        st.divider()
        obligations_section(option, outcome)


def option_panels(assessment, outcomes) -> None:
    """Every option's title stays in view: tabs while they fit in a row, else a vertical list that
    shows the chosen option's panel only."""
    # Titles are the option names only, so they stay the same while answers change the status
    # (a changing title would send the reader back to the first option).
    names = [option_name(o) for o in assessment.options]
    titles = {o.key: f"{name} ({o.key})" if names.count(name) > 1 else name for name, o in zip(names, assessment.options)}
    if len(assessment.options) <= MOST_TABS:
        for tab, option in zip(st.tabs([literal(titles[o.key]) for o in assessment.options], key=widget_key("screening.tabs")), assessment.options):
            with tab:
                option_panel(option, outcomes.get(option.key))
        return
    keys = [option.key for option in assessment.options]
    chosen_key = widget_key("screening.option")
    if st.session_state.get(chosen_key) not in keys:
        st.session_state[chosen_key] = keys[0]  # the first option, or the next one when the chosen one was removed
    chosen = st.radio(t("screening.option_list", language), keys, key=chosen_key, format_func=lambda key: literal(titles[key]))
    option_panel(option_in(assessment, chosen), outcomes.get(chosen))


# Answers rerun this part only, not the whole app: an answer is saved and shown in well under a
# second (issue #15). Each change is saved in its widget's callback, as on every page, so nothing
# is lost on a refresh; the save line is drawn in here to name the version just saved.
@st.fragment
def screening_page() -> None:
    assessment = assessment_or_stop()
    st.title(t("screening.title", language))
    st.caption(literal(assessment.title))
    save_status()
    st.info(t("screening.intro", language), icon=":material/gavel:")
    st.caption(t("screening.how", language))
    if not assessment.options:
        st.warning(t("screening.no_options", language))
        return  # the next-step link under the fragment still leads on
    outcomes, national_rules = screening_outcomes(assessment)
    (st.info if assessment.jurisdiction.stated else st.warning)(literal(explain_jurisdiction(assessment.jurisdiction, language)), icon=":material/balance:")
    national_rules_section(assessment, national_rules)
    overview(assessment, outcomes)
    option_panels(assessment, outcomes)


screening_page()
next_step_link("screening")

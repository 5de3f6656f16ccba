"""7 Decision and report: the conclusion the assessors put to the decision-maker,
the safeguards and action plan, the residual risks and the proportionality
statement; submission to the data protection officer; the report downloads.

The page records what the assessors write. The engine's result is only read
(ranks, exclusions, obligations) and the services do the rest: saving,
submitting, building the report."""

from __future__ import annotations

import streamlit as st

from secu4all_ethics.domain.assessment import CONCLUSIONS, NEEDS_OPTION, ActionItem
from secu4all_ethics.domain.review import review_points
from secu4all_ethics.engine.completeness import missing_for_submission
from secu4all_ethics.engine.effectiveness import evaluation_plan
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import format_number, t
from secu4all_ethics.i18n.languages import LANGUAGES
from secu4all_ethics.report.build import reviewer_text
from secu4all_ethics.services.access import AccessDenied, role_allows
from secu4all_ethics.services.action_plan import missing_commitments
from secu4all_ethics.services.assessments import ConflictError, ReviewStateError
from secu4all_ethics.services.reports import ReportService
from secu4all_ethics.ui import fields
from secu4all_ethics.ui.context import (
    DATE_INPUT_FORMATS,
    KEPT_PARAMETERS,
    LANGUAGE_NAMES,
    OPEN_ID,
    OPEN_VERSION,
    actor_or_stop,
    assessment_or_stop,
    autosave,
    content_or_stop,
    current_actor,
    current_language,
    save_status,
    service,
    sign_in_instructions,
    widget_key,
)
from secu4all_ethics.ui.creep import suggest_triggers
from secu4all_ethics.ui.evaluation import WeightError, evaluation, screening
from secu4all_ethics.ui.reporting import (
    adopt_stored,
    download_button,
    follow_status_changes,
    format_names,
    initialise,
    review_record_or_stop,
    section_title,
    show_message,
    when,
)
from secu4all_ethics.ui.tender import tender_section
from secu4all_ethics.ui.text import literal, literal_lines
from secu4all_ethics.wording import checklist
from secu4all_ethics.wording.effectiveness import evaluation_plan_lines
from secu4all_ethics.wording.names import ResultNames

language = current_language()
actor = actor_or_stop()
bundle = content_or_stop()
assessment_or_stop()

ORIGINS = ("assessor", "configuration", "obligation", "dpo_review")
STATUSES = ("planned", "in_progress", "done")
DATE_FORMAT = DATE_INPUT_FORMATS  # per language, declared with the languages (i18n/languages.py)
EARLIEST, LATEST = fields.EARLIEST, fields.LATEST  # the dates every date field accepts
CONFIRM = "decision_confirm_submit"
MESSAGE = "decision_message"  # (level, text, where) left by a button's callback, shown once
PLAN = "decision.action_plan"

can_edit = role_allows(actor.role, "edit_assessment")
can_submit = role_allows(actor.role, "submit_assessment")

# The review record as the database holds it now: the DPO may have acted since this page was drawn.
record = review_record_or_stop(actor, st.session_state[OPEN_ID])
follow_status_changes(record)
assessment = assessment_or_stop()


# --- helpers -----------------------------------------------------------------------------------------


def say(level: str, text: str, where: str | None = None) -> None:
    st.session_state[MESSAGE] = (level, text, where)


def option_result():
    """The engine's reading of every option by key (ranks, exclusions, obligations), and the full evaluation
    (None without one). Weights the engine refuses still leave the per-option reading (gates, obligations),
    as on the screening page; nothing at all only if the content itself is broken."""
    try:
        result = evaluation(assessment, language, with_acceptability=False)
    except WeightError:
        try:
            return screening(assessment, language), None
        except (ContentError, KeyError):
            return {}, None
    except ContentError:
        return {}, None
    return {option.key: option for option in result.options}, result


outcomes, result = option_result()
evaluated = result is not None


def option_name(key: str) -> str:
    outcome = outcomes.get(key)
    if outcome is not None:
        return outcome.name
    option = next((o for o in assessment.options if o.key == key), None)
    if option is not None and option.catalogue_id in bundle.technologies_by_id:
        return bundle.technologies_by_id[option.catalogue_id].name.get(language)
    return option.custom.name if option is not None and option.custom is not None else key


def obligations_of(key: str | None) -> list[str]:
    """The ids of the obligations the engine found to apply to an option."""
    outcome = outcomes.get(key)
    return [obligation.obligation for obligation in outcome.obligations] if outcome is not None else []


def option_label(key: str) -> str:
    """The option's name with where the engine places it."""
    outcome = outcomes.get(key)
    if outcome is None or not evaluated:
        return option_name(key)
    if outcome.status == "ranked":
        where = t("decision.option.ranked", language, rank=outcome.rank, score=format_number(outcome.score, language, 2))
    else:
        where = t(f"decision.option.{outcome.status}", language)
    return f"{option_name(key)} ({where})"


def clear_plan_widgets() -> None:
    """After an item is added or removed, the widgets follow the document again (not their old positions)."""
    prefix = widget_key(PLAN) + "["
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix) and not k.endswith(":remove")]:
        del st.session_state[key]


def change_plan(change) -> None:
    autosave(change)
    clear_plan_widgets()


# --- callbacks -----------------------------------------------------------------------------------------


def save_decision(conclusion_key: str, option_key: str) -> None:
    conclusion = st.session_state.get(conclusion_key) or "undecided"
    option = st.session_state.get(option_key)
    if conclusion in NEEDS_OPTION and not option:
        return  # the page asks for the option; both are saved together once it is chosen

    def change(a):
        a.decision.conclusion = conclusion
        a.decision.recommended_option = option

    autosave(change)


def save_item(index: int, attribute: str, key: str) -> None:
    value = st.session_state.get(key)
    if isinstance(value, str) and attribute in ("description", "owner"):
        value = value.strip()
    autosave(lambda a: setattr(a.action_plan[index], attribute, value))


def save_date(path: tuple[str, str], key: str) -> None:
    value = st.session_state.get(key)
    autosave(lambda a: setattr(getattr(a, path[0]), path[1], value))


def add_item() -> None:
    change_plan(lambda a: a.action_plan.append(ActionItem(description=t("decision.plan.new_item", language))))


def remove_item(index: int) -> None:
    change_plan(lambda a: a.action_plan.pop(index))


def add_commitments(items: list[ActionItem]) -> None:
    change_plan(lambda a: a.action_plan.extend(item.model_copy() for item in items))
    say("success", t("decision.plan.added", language, count=len(items)), "plan")


def adopt(section: str, comment: str) -> None:
    description = comment.strip() or section_title(section, language)
    change_plan(lambda a: a.action_plan.append(ActionItem(description=description, origin="dpo_review", origin_ref=section)))


def submit() -> None:
    st.session_state.pop(CONFIRM, None)
    who = current_actor()  # whoever is signed in at the click
    if who is None:
        say("error", sign_in_instructions(language))
        return
    try:
        stored = service().submit(who, st.session_state[OPEN_ID], expected_version=st.session_state[OPEN_VERSION])
    except AccessDenied as denied:
        say("error", t("error.access_denied", language, reason=denied.describe(language)))
    except ConflictError as conflict:
        say("error", t("save.conflict", language, version=conflict.current))
    except ReviewStateError as error:
        say("error", t("decision.submit.refused", language, reason=error.describe(language)))
    else:
        adopt_stored(stored)
        say("success", t("decision.submit.done", language, version=stored.version))


# --- the page ------------------------------------------------------------------------------------------------

st.title(t("decision.title", language))
st.caption(literal(assessment.title))
save_status()
if not can_edit:
    st.info(t("decision.read_only", language, role=t(f"role.{actor.role}", language)), icon=":material/visibility:")


def review_banner() -> None:
    """Where the review stands, with the DPO's comments when changes were asked for."""
    status, round_ = record.status, record.round
    if status == "signed_off" and round_.sign_off is not None:
        # The label the report prints, checked against the signed document (no report is built for it).
        state = ReportService(service()).review_state(actor, record.latest.assessment_id, language)
        if state.signed:
            st.success(literal(state.label), icon=":material/verified:")
        else:
            st.error(literal(state.label), icon=":material/gpp_bad:")
        st.caption(t("decision.state.signed_note", language))
        return
    if status == "submitted" and round_.submission is not None:
        st.info(
            t("report.review.state.submitted", language)
            + "\n\n"
            + t(
                "decision.state.submitted",
                language,
                version=round_.submission.version,
                who=literal(reviewer_text(round_.submission, language)),
                date=when(round_.submission, language),
            ),
            icon=":material/hourglass_top:",
        )
        if can_edit:
            st.caption(t("decision.state.edit_restarts", language))
        return
    if status == "changes_requested":
        st.warning(t("report.review.state.changes_requested", language), icon=":material/rate_review:")
    else:
        st.info(t("report.review.state.draft", language), icon=":material/edit_note:")
    outcome = round_.outcome
    if outcome is not None and outcome.kind == "changes_requested":
        asked = t("decision.state.dpo_asked", language, who=reviewer_text(outcome, language), version=outcome.version, date=when(outcome, language))
        lines = [literal(asked)]
        if outcome.comment.strip():
            lines.append(f"> {literal_lines(outcome.comment)}")
        points = [
            f"- **{literal(section_title(entry.section, language))}** ({t(f'report.review.verdict.{entry.verdict}', language)}): "
            + (literal(entry.comment) or "—")
            for entry in round_.section_verdicts
            if entry.verdict in ("improvable", "to_correct")
        ]
        if points:
            lines.append("\n".join(points))
        st.markdown("\n\n".join(lines))


def completeness_checklist() -> bool:
    """What submission still needs, each item a link to the page where it is completed; True when nothing is missing.

    The service refuses an incomplete submission (and sign-off) whatever this page shows."""
    try:
        missing = missing_for_submission(assessment, bundle)
    except (ContentError, KeyError):
        return True  # the content cannot be read: the service says so when asked
    if not missing:
        st.success(t("decision.checklist.complete", language), icon=":material/checklist:")
        return True
    pages = st.session_state.get("pages", {})
    kept = {key: st.query_params[key] for key in KEPT_PARAMETERS if key in st.query_params}
    with st.container(border=True, key="decision-checklist"):
        st.markdown(f"**{t('decision.checklist.heading', language, count=len(missing))}**")
        for page, text in checklist(missing, assessment, bundle, language):
            if page in pages:
                st.page_link(
                    pages[page],
                    label=t("decision.checklist.item", language, page=t(f"nav.{page}", language), item=literal(text)),
                    icon=":material/arrow_forward:",
                    query_params=kept,
                )
            else:
                st.markdown(f"- {literal(text)}")
    return False


st.header(t("decision.review.heading", language))
show_message(MESSAGE)
review_banner()
complete = True
if record.status in ("draft", "changes_requested"):
    complete = completeness_checklist()
if can_submit and record.status in ("draft", "changes_requested"):
    if not complete:
        st.session_state.pop(CONFIRM, None)  # a confirmation asked while it was complete is void
        st.button(
            t("decision.submit.button", language),
            key="decision-submit",
            type="primary",
            icon=":material/send:",
            disabled=True,
            help=t("decision.submit.incomplete", language),
        )
    elif not st.session_state.get(CONFIRM):
        if st.button(t("decision.submit.button", language), key="decision-submit", type="primary", icon=":material/send:"):
            st.session_state[CONFIRM] = True
            st.rerun()
    else:
        with st.container(border=True):
            # Submitting stores the open version again with the status "submitted": that next version is the one reviewed.
            st.warning(t("decision.submit.confirm", language, version=st.session_state[OPEN_VERSION] + 1), icon=":material/send:")
            left, right = st.columns(2)
            left.button(t("decision.submit.yes", language), key="decision-submit-confirm", type="primary", on_click=submit)
            if right.button(t("decision.submit.cancel", language), key="decision-submit-cancel"):
                st.session_state.pop(CONFIRM, None)
                st.rerun()
else:
    st.session_state.pop(CONFIRM, None)  # a confirmation asked before the status changed is void

# --- the decision ------------------------------------------------------------------------------------------
st.header(t("decision.heading", language))
st.caption(t("decision.caption", language))
fields.text(
    "decision.question",
    t("decision.question", language),
    lambda a: a.decision.question,
    lambda a, v: setattr(a.decision, "question", v.strip()),
    area=True,
    help=t("decision.question_help", language),
    disabled=not can_edit,
    height=90,
)
conclusion_key = widget_key("decision.conclusion")
option_key = widget_key("decision.recommended_option")
initialise(conclusion_key, assessment.decision.conclusion)
initialise(option_key, assessment.decision.recommended_option)
option_keys = [option.key for option in assessment.options]
if st.session_state[option_key] not in option_keys:
    st.session_state[option_key] = None
left, right = st.columns([1, 1], gap="medium")
with left:
    st.radio(
        t("decision.conclusion", language),
        CONCLUSIONS,
        key=conclusion_key,
        format_func=lambda c: t(f"decision.conclusion.{c}", language),
        on_change=save_decision,
        args=(conclusion_key, option_key),
        disabled=not can_edit,
    )
with right:
    st.selectbox(
        t("decision.recommended_option", language),
        option_keys,
        index=None,
        key=option_key,
        format_func=option_label,
        placeholder=t("decision.choose_option", language),
        on_change=save_decision,
        args=(conclusion_key, option_key),
        disabled=not can_edit,
        help=t("decision.recommended_option_help", language),
    )
    chosen = st.session_state.get(option_key)
    outcome = outcomes.get(chosen) if chosen else None
    if outcome is not None and outcome.exclusion_reasons:
        st.error(
            t("decision.excluded", language, option=literal(outcome.name), gates=", ".join(r.gate_name for r in outcome.exclusion_reasons)),
            icon=":material/block:",
        )
    elif outcome is not None and evaluated and outcome.status == "ranked" and outcome.rank and outcome.rank > 1:
        st.info(t("decision.not_first", language, option=literal(outcome.name), rank=outcome.rank), icon=":material/info:")
    elif outcome is not None and evaluated and outcome.status == "incomplete":
        st.warning(t("decision.incomplete", language, option=literal(outcome.name)), icon=":material/pending:")
    if outcome is not None and st.session_state.get(conclusion_key) == "alternative_suffices" and outcome.kind not in ("alternative", "status_quo"):
        st.warning(t("decision.not_an_alternative", language, option=literal(outcome.name)), icon=":material/warning:")
if st.session_state.get(conclusion_key) in NEEDS_OPTION and not st.session_state.get(option_key):
    st.warning(t("decision.option_needed", language), icon=":material/warning:")
fields.text(
    "decision.conditions",
    t("decision.conditions", language),
    lambda a: a.decision.conditions,
    lambda a, v: setattr(a.decision, "conditions", v.strip()),
    area=True,
    help=t("decision.conditions_help", language),
    disabled=not can_edit,
)

# --- safeguards and action plan ---------------------------------------------------------------------------
st.header(t("report.section.actions", language))
st.caption(t("decision.plan.caption", language))


def origin_text(item: ActionItem) -> str:
    if not item.origin_ref:
        return ""
    if item.origin == "configuration":
        for technology in bundle.technologies:
            for configuration in technology.configurations:
                if configuration.id == item.origin_ref:
                    return configuration.name.get(language)
    if item.origin == "obligation" and item.origin_ref in bundle.obligations:
        return bundle.obligations[item.origin_ref].name.get(language)
    if item.origin == "dpo_review":
        return section_title(item.origin_ref, language) if item.origin_ref in review_points(True) else item.origin_ref
    return item.origin_ref


def action_item(index: int, item: ActionItem) -> None:
    keys = {attribute: widget_key(f"{PLAN}[{index}].{attribute}") for attribute in ("description", "owner", "due", "origin", "status")}
    initialise(keys["description"], item.description)
    initialise(keys["owner"], item.owner)
    initialise(keys["due"], item.due)
    initialise(keys["origin"], item.origin)
    initialise(keys["status"], item.status)
    with st.container(border=True):
        top = st.columns([6, 1], vertical_alignment="bottom")
        with top[0]:
            st.text_area(
                t("decision.plan.description", language, number=index + 1),
                key=keys["description"],
                height=80,
                on_change=save_item,
                args=(index, "description", keys["description"]),
                disabled=not can_edit,
            )
        with top[1]:
            st.button(
                t("decision.plan.remove", language),
                key=widget_key(f"{PLAN}[{index}]:remove"),
                icon=":material/delete:",
                on_click=remove_item,
                args=(index,),
                disabled=not can_edit,
            )
        columns = st.columns([3, 2, 3, 2])
        columns[0].text_input(
            t("report.actions.column.owner", language),
            key=keys["owner"],
            on_change=save_item,
            args=(index, "owner", keys["owner"]),
            disabled=not can_edit,
            placeholder=t("report.actions.owner_missing", language),
        )
        columns[1].date_input(
            t("report.actions.column.due", language),
            value=None,
            key=keys["due"],
            min_value=EARLIEST,
            max_value=LATEST,
            format=DATE_FORMAT[language],
            on_change=save_item,
            args=(index, "due", keys["due"]),
            disabled=not can_edit,
        )
        columns[2].selectbox(
            t("report.actions.column.origin", language),
            ORIGINS,
            key=keys["origin"],
            format_func=lambda o: t(f"report.actions.origin.{o}", language),
            on_change=save_item,
            args=(index, "origin", keys["origin"]),
            disabled=not can_edit,
        )
        columns[3].selectbox(
            t("report.actions.column.status", language),
            STATUSES,
            key=keys["status"],
            format_func=lambda s: t(f"report.actions.status.{s}", language),
            on_change=save_item,
            args=(index, "status", keys["status"]),
            disabled=not can_edit,
        )
        reference = origin_text(item)
        if reference:
            st.caption(t("decision.plan.origin_ref", language, reference=literal(reference)))


if not assessment.action_plan:
    st.caption(t("report.actions.none", language))
for index, item in enumerate(assessment.action_plan):
    action_item(index, item)

buttons = st.columns([2, 3])
buttons[0].button(
    t("decision.plan.add", language),
    key=widget_key(f"{PLAN}:add"),
    icon=":material/add:",
    on_click=add_item,
    disabled=not can_edit,
)
missing = missing_commitments(assessment, bundle, obligations_of(assessment.decision.recommended_option))
show_message(MESSAGE, "plan")
with buttons[1]:
    recommended = assessment.decision.recommended_option
    st.button(
        t("decision.plan.add_commitments", language, count=len(missing)),
        key=widget_key(f"{PLAN}:commitments"),
        icon=":material/playlist_add:",
        on_click=add_commitments,
        args=(missing,),
        disabled=not can_edit or not missing,
        help=t("decision.plan.add_commitments_help", language),
    )
    if recommended is None:
        st.caption(t("decision.plan.no_recommendation", language))
    elif not missing:
        st.caption(t("decision.plan.all_covered", language, option=literal(option_name(recommended))))

# The DPO's "improvable" comments of the latest round can become commitments.
improvable = [entry for entry in record.round.section_verdicts if entry.verdict == "improvable"]
if improvable:
    st.markdown(f"**{t('decision.plan.dpo_heading', language)}**")
    st.caption(t("decision.plan.dpo_caption", language, who=literal(reviewer_text(improvable[0], language)), version=improvable[0].version))
    adopted = {item.origin_ref for item in assessment.action_plan if item.origin == "dpo_review"}
    for entry in improvable:
        row = st.columns([5, 2], vertical_alignment="center")
        row[0].markdown(f"**{literal(section_title(entry.section, language))}**: {literal(entry.comment) or '—'}")
        if entry.section in adopted:
            row[1].caption(":material/check: " + t("decision.plan.adopted", language))
        else:
            row[1].button(
                t("decision.plan.adopt", language),
                key=widget_key(f"{PLAN}:adopt.{entry.section}"),
                icon=":material/add_task:",
                on_click=adopt,
                args=(entry.section, entry.comment),
                disabled=not can_edit,
            )

fields.lines(
    "residual_risks",
    t("decision.residual_risks", language),
    lambda a: a.residual_risks,
    lambda a, v: setattr(a, "residual_risks", v),
    help=t("decision.one_per_line", language),
    disabled=not can_edit,
)

# --- proportionality ------------------------------------------------------------------------------------------
st.header(t("report.section.proportionality", language))
fields.text(
    "proportionality.statement",
    t("decision.proportionality.statement", language),
    lambda a: a.proportionality.statement,
    lambda a, v: setattr(a.proportionality, "statement", v.strip()),
    area=True,
    height=180,
    help=t("decision.proportionality.statement_help", language),
    disabled=not can_edit,
)
dates = st.columns(2)
for column, attribute in zip(dates, ("review_date", "sunset_date")):
    key = widget_key(f"proportionality.{attribute}")
    initialise(key, getattr(assessment.proportionality, attribute))
    column.date_input(
        t(f"report.proportionality.{attribute}", language),
        value=None,
        key=key,
        min_value=EARLIEST,
        max_value=LATEST,
        format=DATE_FORMAT[language],
        on_change=save_date,
        args=(("proportionality", attribute), key),
        help=t(f"decision.proportionality.{attribute}_help", language),
        disabled=not can_edit,
    )
fields.lines(
    "proportionality.reassessment_triggers",
    t("report.proportionality.triggers", language),
    lambda a: a.proportionality.reassessment_triggers,
    lambda a, v: setattr(a.proportionality, "reassessment_triggers", v),
    help=t("decision.one_per_line", language),
    disabled=not can_edit,
)
suggest_triggers(assessment, bundle, language, can_edit)

if result is not None:
    # The need's baseline and success measures, the start and the review date above, read as one plan (issue #17 §1).
    with st.container(key="evaluation-plan"):
        st.subheader(t("effectiveness.plan.heading", language))
        st.caption(t("effectiveness.plan.intro", language))
        plan = evaluation_plan(assessment, result)
        st.markdown("\n".join(f"- {literal(line)}" for line in evaluation_plan_lines(plan, ResultNames.of(result.options, bundle, language), language)))

st.header(t("report.section.public_summary", language))
fields.text(
    "public_summary",
    t("decision.public_summary", language),
    lambda a: a.public_summary,
    lambda a, v: setattr(a, "public_summary", v.strip()),
    area=True,
    help=t("decision.public_summary_help", language),
    disabled=not can_edit,
    height=180,
)

# --- the report ----------------------------------------------------------------------------------------------
st.header(t("decision.report.heading", language))
st.caption(t("decision.report.caption", language))
report_language = st.selectbox(
    t("decision.report.language", language),
    LANGUAGES,
    index=LANGUAGES.index(language),
    key="report-language",
    format_func=LANGUAGE_NAMES.__getitem__,
)
if not evaluated:
    # Without a result (weights the engine refuses) there is no report to build.
    st.warning(t("decision.report.unavailable", language), icon=":material/warning:")
report_formats = format_names()  # every registered format (report/formats.py)
columns = st.columns(len(report_formats))
for column, report_format in zip(columns, report_formats):
    with column:
        download_button(
            actor,
            assessment.id,
            assessment.title,
            record.report_version,
            report_language,
            report_format,
            key=f"report-download-{report_format}",
            disabled=not evaluated,
        )
st.caption(t("decision.report.slow", language))

# --- the tender (issue #17 §3) ---------------------------------------------------------------------------------
if evaluated:
    tender_section(actor, assessment, bundle, language)

if st.session_state.get(MESSAGE) is not None:
    show_message(MESSAGE, st.session_state[MESSAGE][2])  # whatever had no place left on the page

"""5 Scores: every option scored on every criterion, beside the catalogue's
reference scores, with evidence grades, rationales and optional ranges."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from secu4all_ethics.domain.assessment import AssessedOption, DirectWeights
from secu4all_ethics.domain.content import EvidenceGrade, ReferenceScore, Technology
from secu4all_ethics.domain.scoring import ScorePlan, ScoreProblem, plan_score, score_in_force
from secu4all_ethics.engine.results import EvaluationResult, OptionResult
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import format_money, format_number, format_percent, t
from secu4all_ethics.ui import fields
from secu4all_ethics.ui.context import (
    actor_or_stop,
    assessment_or_stop,
    autosave,
    content_or_stop,
    current_language,
    mark_unsaved,
    open_document,
    refusal_here,
    save_status,
    widget_key,
)
from secu4all_ethics.ui.evaluation import WeightError, evaluation, weight_error_text
from secu4all_ethics.ui.steps import next_step_link
from secu4all_ethics.ui.text import literal

language = current_language()
actor_or_stop()
bundle = content_or_stop()
assessment = assessment_or_stop()

GRADES = [grade.value for grade in EvidenceGrade]
SCALE = [1, 2, 3, 4, 5]
NONE = 0  # "not scored" on the slider, "no range" in the range boxes (a widget cannot hold None as a choice)
OPTIONAL_SCALE = [NONE, *SCALE]
FIELDS = ("value", "grade", "low", "high", "rationale", "sources")
MARK_ASSESSOR, MARK_COST, MARK_VENDOR, MARK_MISSING = "✎", "€", "⚠", "—"
GREY = "color: #8a8a8a"

pillar_names = {pillar.id: pillar.name.get(language) for pillar in bundle.framework.pillars}
level_labels = {level.value: level.label.get(language) for level in bundle.framework.scale.levels}


# --- helpers ------------------------------------------------------------------------------


def technology_of(option: AssessedOption) -> Technology | None:
    return bundle.technologies_by_id.get(option.catalogue_id) if option.catalogue_id else None


def reference_of(option: AssessedOption, criterion_id: str) -> ReferenceScore | None:
    technology = technology_of(option)
    return technology.scores.get(criterion_id) if technology else None


def grade_label(grade: str | EvidenceGrade | None) -> str:
    if grade is None:
        return MARK_MISSING
    return t(f"scores.grade.{EvidenceGrade(grade).value}", language)


def scale_text(value: int | float | None) -> str:
    return MARK_MISSING if not value else format_number(value, language, decimals=0)


def given(value: int | None) -> int | None:
    """A widget's choice as a score: the NONE sentinel means no value."""
    return None if value in (None, NONE) else value


def key(option_key: str, criterion_id: str, field: str) -> str:
    return widget_key(f"scores.{option_key}.{criterion_id}.{field}")


def saved_inputs(option: AssessedOption, criterion_id: str) -> dict:
    """What the widgets show before any edit: the score in force (the assessor's, else the reference)."""
    score, source = score_in_force(option.scores.get(criterion_id), reference_of(option, criterion_id))
    if score is None:
        return dict(value=NONE, grade=EvidenceGrade.expert_judgement.value, low=NONE, high=NONE, rationale="", sources="")
    written = source == "assessor"
    return dict(
        value=score.value,
        grade=score.evidence_grade.value,
        low=score.low or NONE,
        high=score.high or NONE,
        rationale=score.rationale if written else "",
        sources="\n".join(score.sources) if written else "",
    )


def drawn_keys(option_key: str, criterion_id: str) -> dict[str, str]:
    """The keys of one (option, criterion)'s inputs as this run draws them. Their callback gets
    these: it runs in a later run, where reopening the assessment may have renamed the widgets."""
    return {field: key(option_key, criterion_id, field) for field in FIELDS}


def current_inputs(keys: dict[str, str]) -> dict:
    return {field: st.session_state.get(keys[field]) for field in FIELDS}


def plan(reference: ReferenceScore | None, inputs: dict) -> ScorePlan:
    """What saving the widgets' inputs means, by the rules the service applies."""
    return plan_score(
        reference,
        given(inputs["value"]),
        given(inputs["low"]),
        given(inputs["high"]),
        inputs["grade"],
        inputs["rationale"] or "",
        (inputs["sources"] or "").splitlines(),
    )


def problem_text(problem: ScoreProblem) -> str:
    return t(f"scores.warning.{problem.code}", language, **problem.values)


def save_score(option_key: str, criterion_id: str, keys: dict[str, str]) -> None:
    """on_change of every input of one (option, criterion): save it if it may be saved."""
    document = open_document()
    option = next((o for o in document.options if o.key == option_key), None) if document is not None else None
    if option is None:
        return
    planned = plan(reference_of(option, criterion_id), current_inputs(keys))
    action, score = planned.action, planned.score
    if action == "refuse":
        return  # the warning beside the inputs says why; the saved score stays as it was

    def change(document) -> None:
        target = next(o for o in document.options if o.key == option_key)
        if action == "remove":
            target.scores.pop(criterion_id, None)
        else:
            target.scores[criterion_id] = score

    # A refusal is said under this score's inputs (their rationale stands for them all).
    autosave(change, near=keys["rationale"])


def use_reference(option_key: str, criterion_id: str) -> None:
    """Drop the assessor's score; the widgets then show the reference again."""

    def change(document) -> None:
        next(o for o in document.options if o.key == option_key).scores.pop(criterion_id, None)

    autosave(change)
    for field in FIELDS:
        st.session_state.pop(key(option_key, criterion_id, field), None)


def evaluate_scores() -> EvaluationResult:
    """The engine's result. The values per criterion do not depend on the weights,
    so unusable weights are reported and the framework's defaults stand in."""
    try:
        return evaluation(assessment, language, with_acceptability=False)
    except WeightError as error:
        st.error(t("scores.weights_error", language, message=weight_error_text(error, language)))
    except ContentError as error:
        st.error(t("scores.evaluation_error", language, message=str(error)))
        st.stop()
    try:
        return evaluation(assessment.model_copy(update={"weights": DirectWeights()}), language, with_acceptability=False)
    except (WeightError, ContentError) as error:
        message = weight_error_text(error, language) if isinstance(error, WeightError) else str(error)
        st.error(t("scores.evaluation_error", language, message=message))
        st.stop()
        raise


def excluded_note(result: OptionResult) -> str:
    gates = ", ".join(gate.gate_name for gate in result.exclusion_reasons)
    return t("scores.excluded.note", language, gates=gates)


def source_badge(value) -> str:
    if value.source == "assessor":
        return f":blue-badge[{MARK_ASSESSOR} {t('scores.source.assessor', language)}]"
    if value.source == "reference":
        return f":gray-badge[{t('scores.source.reference', language)}]"
    if value.source == "cost_model":
        return f":gray-badge[{MARK_COST} {t('scores.source.cost_model', language)}]"
    return f":orange-badge[{t('scores.source.missing', language)}]"


def kind_label(option: AssessedOption, result: OptionResult) -> str:
    label = t(f"kind.{result.kind}", language)
    if option.custom is not None:
        label = t("scores.custom_option", language, kind=label)
    return label


# --- page -----------------------------------------------------------------------------------

st.title(t("scores.title", language))
st.caption(literal(assessment.title))
save_status()
st.write(t("scores.intro", language))

if not assessment.options:
    st.info(t("scores.no_options", language))
    st.page_link(st.session_state["pages"]["options"], label=t("nav.options", language), icon=":material/view_list:")
    next_step_link("scores")
    st.stop()

result = evaluate_scores()
results = {item.key: item for item in result.options}
options = [option for option in assessment.options if option.key in results]
active = [option for option in options if results[option.key].status != "excluded"]
excluded = [option for option in options if results[option.key].status == "excluded"]
criteria = list(bundle.framework.criteria)
criterion_names = {criterion.id: criterion.name.get(language) for criterion in criteria}

# --- completeness ---------------------------------------------------------------------------

st.header(t("scores.completeness.heading", language))
total = len(active) * len(criteria)
present = sum(len(criteria) - len(results[option.key].missing_criteria) for option in active)
if total == 0:
    st.info(t("scores.completeness.none", language))
else:
    share = present / total
    st.progress(share, text=t("scores.completeness.progress", language, present=present, total=total, share=format_percent(share, language)))
    gaps = [
        t(
            "scores.completeness.gap",
            language,
            option=literal(results[option.key].name),
            criteria=", ".join(criterion_names[c] for c in results[option.key].missing_criteria),
        )
        for option in active
        if results[option.key].missing_criteria
    ]
    if gaps:
        st.warning(t("scores.completeness.missing", language, items=t("wording.list_separator", language).join(gaps)))
    else:
        st.success(t("scores.completeness.complete", language))
if excluded:
    st.caption(t("scores.completeness.excluded_note", language, count=len(excluded)))

# --- overview grid ----------------------------------------------------------------------------

st.header(t("scores.overview.heading", language))
st.caption(t("scores.overview.caption", language))


def cell(value) -> str:
    if value.source == "missing" or value.configured is None:
        return MARK_MISSING
    text = scale_text(value.configured)
    if value.source == "assessor":
        text += f" {MARK_ASSESSOR}"
    elif value.source == "cost_model":
        text += f" {MARK_COST}"
    if value.vendor_claim_only:
        text += f" {MARK_VENDOR}"
    return text


option_column = t("scores.column.option", language)
status_column = t("scores.column.status", language)
rows = []
for option in options:
    item = results[option.key]
    row = {option_column: item.name, status_column: t(f"scores.status.{item.status}", language)}
    for criterion in criteria:
        row[criterion_names[criterion.id]] = cell(item.criteria[criterion.id])
    rows.append(row)
grid = pd.DataFrame(rows)
excluded_rows = {index for index, option in enumerate(options) if results[option.key].status == "excluded"}


def grey_excluded(row: pd.Series) -> list[str]:
    return [GREY if row.name in excluded_rows else "" for _ in row]


styled_grid = grid.style.apply(grey_excluded, axis=1)
st.dataframe(
    styled_grid,
    hide_index=True,
    width="stretch",
    key=widget_key("scores.grid"),
)

# --- editing one criterion ---------------------------------------------------------------

st.header(t("scores.edit.heading", language))
st.caption(t("scores.edit.caption", language))


def to_score(criterion_id: str) -> int:
    return sum(1 for option in active if criterion_id in results[option.key].missing_criteria)


def criterion_label(criterion_id: str) -> str:
    criterion = bundle.criteria[criterion_id]
    label = t("scores.edit.criterion_label", language, pillar=pillar_names[criterion.pillar], criterion=criterion_names[criterion_id])
    if criterion.score_source == "yearly_cost_bands":
        return t("scores.edit.criterion_from_cost", language, label=label)
    missing = to_score(criterion_id)
    return t("scores.edit.criterion_to_score", language, label=label, count=missing) if missing else label


criterion_key = widget_key("scores.criterion")
if criterion_key not in st.session_state:
    st.session_state[criterion_key] = next((c.id for c in criteria if to_score(c.id)), criteria[0].id)
criterion_id = st.selectbox(
    t("scores.edit.criterion", language),
    [criterion.id for criterion in criteria],
    format_func=criterion_label,
    key=criterion_key,
    help=t("scores.edit.criterion_help", language),
)
criterion = bundle.criteria[criterion_id]
derived = criterion.score_source == "yearly_cost_bands"


def escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


with st.container(border=True):
    st.markdown(f"**{criterion_names[criterion_id]}** · {pillar_names[criterion.pillar]}")
    st.write(criterion.description.get(language))
    questions_column, anchors_column = st.columns([2, 3], gap="medium")
    with questions_column:
        st.markdown(f"**{t('scores.criterion.questions', language)}**")
        st.markdown("\n".join(f"- {question.get(language)}" for question in criterion.guiding_questions))
    with anchors_column:
        st.markdown(f"**{t('scores.criterion.anchors', language)}**")
        table = [
            f"| {t('scores.anchor.score', language)} | {t('scores.anchor.meaning', language)} |",
            "|:--|:--|",
            *(f"| **{value}** {escape(level_labels[value])} | {escape(criterion.anchors[value].get(language))} |" for value in SCALE),
        ]
        st.markdown("\n".join(table))


def show_reference(option: AssessedOption, reference: ReferenceScore | None) -> None:
    st.markdown(f"**{t('scores.row.reference', language)}**")
    if reference is None:
        st.caption(t("scores.row.no_reference", language))
        return
    if reference.low is not None or reference.high is not None:
        low = reference.value if reference.low is None else reference.low
        high = reference.value if reference.high is None else reference.high
        st.markdown(t("scores.row.reference_range", language, value=reference.value, low=low, high=high))
    else:
        st.markdown(t("scores.row.reference_value", language, value=reference.value))
    grade = grade_label(reference.evidence_grade)
    if reference.evidence_grade == EvidenceGrade.vendor_claim:
        st.markdown(f":orange-badge[{MARK_VENDOR} {grade}]")
    else:
        st.markdown(t("scores.row.evidence", language, grade=grade))
    st.caption(reference.rationale.get(language))
    with st.expander(t("scores.row.sources", language, count=len(reference.sources))):
        for source_id in reference.sources:
            source = bundle.references_by_id.get(source_id)
            if source is None:
                st.markdown(f"- {source_id}")
                continue
            citation = escape(source.citation_in(language))
            if source.url:
                citation += f" [{t('scores.row.link', language)}]({source.url})"
            verification = t(f"scores.verification.{source.verification.value}", language)
            st.markdown(f"- {citation} · _{verification}_")


def show_inputs(option: AssessedOption, reference: ReferenceScore | None, value) -> None:
    st.markdown(f"**{t('scores.row.yours', language)}**")
    initial = saved_inputs(option, criterion_id)
    for field in FIELDS:
        if key(option.key, criterion_id, field) not in st.session_state:
            st.session_state[key(option.key, criterion_id, field)] = initial[field]
    change_args = (option.key, criterion_id, drawn_keys(option.key, criterion_id))
    choices = SCALE if reference is not None else OPTIONAL_SCALE
    chosen = st.select_slider(
        t("scores.field.value", language),
        choices,
        format_func=lambda v: t("scores.field.not_scored", language) if v == NONE else str(v),
        key=key(option.key, criterion_id, "value"),
        help=t("scores.field.value_help", language),
        on_change=save_score,
        args=change_args,
    )
    if chosen != NONE:
        st.caption(t("scores.field.anchor", language, value=chosen, level=level_labels[chosen], anchor=criterion.anchors[chosen].get(language)))
    grade_column, low_column, high_column = st.columns([5, 3, 3])
    with grade_column:
        grade = st.selectbox(
            t("scores.field.grade", language),
            GRADES,
            format_func=grade_label,
            key=key(option.key, criterion_id, "grade"),
            help=t("scores.field.grade_help", language),
            on_change=save_score,
            args=change_args,
        )
    range_label = lambda v: t("scores.field.no_range", language) if v == NONE else str(v)  # noqa: E731
    with low_column:
        st.selectbox(
            t("scores.field.low", language),
            OPTIONAL_SCALE,
            format_func=range_label,
            key=key(option.key, criterion_id, "low"),
            help=t("scores.field.range_help", language),
            on_change=save_score,
            args=change_args,
        )
    with high_column:
        st.selectbox(
            t("scores.field.high", language),
            OPTIONAL_SCALE,
            format_func=range_label,
            key=key(option.key, criterion_id, "high"),
            help=t("scores.field.range_help", language),
            on_change=save_score,
            args=change_args,
        )
    if grade == EvidenceGrade.vendor_claim.value:
        st.caption(f"{MARK_VENDOR} {t('scores.vendor_claim_note', language)}")
    rationale_column, sources_column = st.columns([3, 2])
    with rationale_column:
        st.text_area(
            t("scores.field.rationale", language),
            key=key(option.key, criterion_id, "rationale"),
            help=t("scores.field.rationale_help", language),
            height=110,
            on_change=save_score,
            args=change_args,
        )
    with sources_column:
        sources = st.text_area(
            t("scores.field.sources", language),
            key=key(option.key, criterion_id, "sources"),
            help=t("scores.field.sources_help", language),
            height=110,
            on_change=save_score,
            args=change_args,
        )
    cited = [bundle.references_by_id[line.strip()] for line in (sources or "").splitlines() if line.strip() in bundle.references_by_id]
    if cited:
        st.caption("  \n".join(f"{source.id}: {escape(source.citation_in(language))}" for source in cited))
    planned = plan(reference, current_inputs(drawn_keys(option.key, criterion_id)))
    saved = option.scores.get(criterion_id)
    in_force, _ = score_in_force(saved, reference)
    saved_value = in_force.value if in_force is not None else None
    for problem in planned.problems:
        st.warning(t("scores.warning.not_saved", language, problem=problem_text(problem), saved=scale_text(saved_value)), icon=":material/warning:")
        mark_unsaved()
    refusal_here(key(option.key, criterion_id, "rationale"))
    if planned.action == "remove" and reference is None and (current_inputs(drawn_keys(option.key, criterion_id))["rationale"] or "").strip():
        st.caption(t("scores.hint.choose_value", language))
    if saved is not None and reference is None and not saved.rationale.strip():
        st.caption(t("scores.hint.custom_rationale", language))
    if value.configuration_changes and value.configured is not None:
        technology = technology_of(option)
        names = {c.id: c.name.get(language) for c in technology.configurations} if technology else {}
        changes = ", ".join(f"{names.get(c, c)} {delta:+d}" for c, delta in value.configuration_changes.items())
        st.caption(t("scores.configured", language, changes=changes, configured=scale_text(value.configured)))
    if saved is not None and reference is not None:
        st.button(
            t("scores.reset", language),
            key=key(option.key, criterion_id, "reset"),
            icon=":material/undo:",
            help=t("scores.reset_help", language),
            on_click=use_reference,
            args=(option.key, criterion_id),
        )
    if criterion.effect_levels:
        show_effect_acceptance(option, value)


def show_effect_acceptance(option: AssessedOption, value) -> None:
    """Whether the catalogue's expected effect sets this score's range (issue #17): offered where there is one."""
    technology = technology_of(option)
    effect = technology.expected_effect if technology is not None else None
    if effect is None or value.base is None:
        st.caption(t("effectiveness.accept.none", language))
        return
    low, high = criterion.effect_range(effect, int(value.base))
    reduction = t("effectiveness.span", language, low=format_percent(effect.reduction_low, language), high=format_percent(effect.reduction_high, language))

    def assessed(a) -> AssessedOption:
        return next(candidate for candidate in a.options if candidate.key == option.key)

    def put(a, accepted: bool) -> None:
        assessed(a).effect_range_accepted = accepted

    # Keyed by the option's key, not its position: removing an option must not hand its box to the next one.
    fields.flag(
        f"options.{option.key}.effect_range_accepted",
        t("effectiveness.accept.label", language),
        lambda a: assessed(a).effect_range_accepted,
        put,
        help=t("effectiveness.accept.help", language, effect=reduction, low=low, high=high),
    )


if derived:
    st.info(t("scores.cost.note", language), icon=":material/euro:")
    cost_rows = []
    for option in options:
        item = results[option.key]
        cost = item.cost
        cost_rows.append(
            {
                option_column: item.name,
                t("scores.cost.yearly", language): format_money(cost.yearly_total_eur, language) if cost else t("scores.cost.no_model", language),
                t("scores.cost.band_score", language): cell(item.criteria[criterion_id]),
                status_column: t(f"scores.status.{item.status}", language),
            }
        )
    cost_table = pd.DataFrame(cost_rows)
    st.dataframe(
        cost_table.style.apply(grey_excluded, axis=1),
        hide_index=True,
        width="stretch",
        key=widget_key("scores.cost.table"),
    )
    st.markdown(f"**{t('scores.cost.bands', language)}**")
    bands = []
    previous: float | None = None
    for band in bundle.framework.cost.bands:
        if band.up_to_eur is None:
            # Only the last band is open-ended: it starts where the one before it ends.
            if previous is None:
                raise ValueError("an open-ended cost band must follow a band with an upper limit")
            range_text = t("scores.cost.band_above", language, amount=format_money(previous, language))
        else:
            range_text = t("scores.cost.band_up_to", language, amount=format_money(band.up_to_eur, language))
        previous = band.up_to_eur
        bands.append({t("scores.cost.band_range", language): range_text, t("scores.anchor.score", language): band.score})
    st.dataframe(pd.DataFrame(bands), hide_index=True, width="content", key=widget_key("scores.cost.bands"))
    st.caption(bundle.framework.cost.rationale.get(language))
else:
    if not active:
        st.info(t("scores.completeness.none", language))
    for option in active:
        item = results[option.key]
        value = item.criteria[criterion_id]
        reference = reference_of(option, criterion_id)
        with st.container(border=True, key=key(option.key, criterion_id, "row")):
            st.markdown(f"### {literal(item.name)}")
            st.markdown(f":gray-badge[{kind_label(option, item)}] {source_badge(value)}")
            reference_column, inputs_column = st.columns([2, 3], gap="large")
            with reference_column:
                show_reference(option, reference)
            with inputs_column:
                show_inputs(option, reference, value)

if excluded and not derived:  # the cost table above already lists them, greyed out
    with st.expander(t("scores.excluded.heading", language, count=len(excluded))):
        for option in excluded:
            item = results[option.key]
            value = item.criteria[criterion_id]
            st.markdown(
                f":gray[**{literal(item.name)}** · {t('scores.excluded.value', language, value=scale_text(value.configured))}"
                f" · {grade_label(value.evidence_grade)}]"
            )
            st.caption(excluded_note(item))

next_step_link("scores")

"""1 Need and context: where and who (the law that applies), the problem, its evidence, the aim and the necessity questions."""

import streamlit as st

from secu4all_ethics.domain.assessment import MAX_INCIDENTS_PER_YEAR, Assessment, Baseline, Objective, ProblemEvidence
from secu4all_ethics.domain.jurisdiction import MEMBER_STATES, Controller, Purpose, Regime
from secu4all_ethics.i18n import t
from secu4all_ethics.ui import fields
from secu4all_ethics.ui.context import (
    actor_or_stop,
    assessment_or_stop,
    content_or_stop,
    current_language,
    save_status,
)
from secu4all_ethics.ui.steps import next_step_link
from secu4all_ethics.ui.text import literal
from secu4all_ethics.wording.jurisdiction import choice_label, country_name, explain_jurisdiction, regime_name, region_name

language = current_language()
actor_or_stop()
bundle = content_or_stop()
assessment = assessment_or_stop()

st.title(t("need.title", language))
st.caption(literal(assessment.title))
save_status()

fields.text("title", t("need.assessment_title", language), lambda a: a.title, lambda a, v: setattr(a, "title", v or a.title))

st.header(t("need.jurisdiction", language))
st.caption(t("need.jurisdiction_help", language))
left, right = st.columns(2)
with left:
    fields.choice(
        "jurisdiction.member_state",
        t("need.member_state", language),
        MEMBER_STATES,
        lambda a: a.jurisdiction.member_state,
        lambda a, v: a.jurisdiction.move_to(v),
        format_func=lambda code: country_name(code, language),
        placeholder=t("need.choose", language),
    )
    pack = bundle.jurisdictions_by_state.get(assessment.jurisdiction.member_state or "")
    if pack is not None and pack.regions is not None:
        fields.choice(
            "jurisdiction.region",
            pack.regions.label.get(language),
            [region.code for region in pack.regions.items],
            lambda a: a.jurisdiction.region,
            lambda a, v: setattr(a.jurisdiction, "region", v),
            format_func=lambda code: region_name(code, bundle, language),
            placeholder=t("need.choose", language),
            help=pack.regions.varies.get(language),
        )
    fields.choice(
        "jurisdiction.controller",
        t("need.controller", language),
        list(Controller),
        lambda a: a.jurisdiction.controller,
        lambda a, v: setattr(a.jurisdiction, "controller", v),
        format_func=lambda controller: choice_label(t(f"jurisdiction.controller.{controller.value}", language)),
        placeholder=t("need.choose", language),
        help=t("need.controller_help", language),
    )
    fields.date(
        "jurisdiction.planned_start",
        t("need.planned_start", language),
        lambda a: a.jurisdiction.planned_start,
        lambda a, v: setattr(a.jurisdiction, "planned_start", v),
        language=language,
        help=t("need.planned_start_help", language),
    )
with right:
    fields.choice(
        "jurisdiction.purpose",
        t("need.purpose", language),
        list(Purpose),
        lambda a: a.jurisdiction.purpose,
        lambda a, v: setattr(a.jurisdiction, "purpose", v),
        format_func=lambda purpose: choice_label(t(f"jurisdiction.purpose.{purpose.value}", language)),
        radio=True,
    )
jurisdiction = assessment.jurisdiction
(st.info if jurisdiction.stated else st.warning)(literal(explain_jurisdiction(jurisdiction, language)), icon=":material/gavel:")
with st.expander(t("need.regime_override", language), expanded=jurisdiction.regime_override is not None):
    fields.choice(
        "jurisdiction.regime_override",
        t("need.regime_override_regime", language),
        list(Regime),
        lambda a: a.jurisdiction.regime_override,
        lambda a, v: setattr(a.jurisdiction, "regime_override", v),
        format_func=lambda regime: regime_name(regime.value, language),
        placeholder=t("need.regime_override_none", language),
    )
    fields.text(
        "jurisdiction.regime_justification",
        t("need.regime_justification", language),
        lambda a: a.jurisdiction.regime_justification,
        lambda a, v: setattr(a.jurisdiction, "regime_justification", v),
        area=True,
        height=90,
    )
    if jurisdiction.regime_override is not None and not jurisdiction.override_applies:
        st.warning(t("need.regime_override_unjustified", language))

st.header(t("need.problem", language))
fields.text(
    "need.problem_statement",
    t("need.problem_statement", language),
    lambda a: a.need.problem_statement,
    lambda a, v: setattr(a.need, "problem_statement", v),
    area=True,
    help=t("need.problem_statement_help", language),
)
fields.text("need.place_type", t("need.place_type", language), lambda a: a.need.place_type, lambda a, v: setattr(a.need, "place_type", v))

st.markdown(f"**{t('need.evidence', language)}**")
st.caption(t("need.evidence_help", language))
fields.records(
    "need.evidence",
    lambda a: a.need.evidence,
    {attribute: t(f"need.evidence_{attribute}", language) for attribute in ("description", "source", "period")},
    lambda: ProblemEvidence(description=t("need.new_evidence", language)),
    t("need.add_evidence", language),
    t("need.remove", language),
)

st.header(t("effectiveness.need.heading", language))
st.caption(t("effectiveness.need.help", language))


def set_baseline_count(a: Assessment, count: float | None) -> None:
    # The count is what makes a baseline: emptied, the baseline goes with its description.
    if count is None:
        a.need.baseline = None
    elif a.need.baseline is None:
        a.need.baseline = Baseline(incidents_per_year=count)
    else:
        a.need.baseline.incidents_per_year = count


def baseline_text(attribute: str) -> tuple[fields.Getter, fields.Setter]:
    """How one description of the baseline is read from and written to the document (once it has a count)."""

    def get(a: Assessment) -> str:
        return getattr(a.need.baseline, attribute) if a.need.baseline is not None else ""

    def put(a: Assessment, value: str) -> None:
        if a.need.baseline is not None:
            setattr(a.need.baseline, attribute, value)

    return get, put


fields.number(
    "need.baseline.incidents_per_year",
    t("effectiveness.need.incidents", language),
    lambda a: a.need.baseline.incidents_per_year if a.need.baseline is not None else None,
    set_baseline_count,
    max_value=MAX_INCIDENTS_PER_YEAR,
    help=t("effectiveness.need.incidents_help", language),
)
if assessment.need.baseline is not None:
    fields.text("need.baseline.outcome_measure", t("effectiveness.need.outcome_measure", language), *baseline_text("outcome_measure"))
    left, right = st.columns(2)
    with left:
        fields.text("need.baseline.source", t("effectiveness.need.source", language), *baseline_text("source"))
    with right:
        fields.text("need.baseline.period", t("effectiveness.need.period", language), *baseline_text("period"))

st.header(t("need.objectives", language))
fields.records(
    "need.objectives",
    lambda a: a.need.objectives,
    {attribute: t(f"need.objective_{attribute}", language) for attribute in ("description", "success_measure")},
    lambda: Objective(description=t("need.new_objective", language)),
    t("need.add_objective", language),
    t("need.remove", language),
)

st.header(t("need.people", language))
left, right = st.columns(2)
with left:
    fields.lines(
        "need.affected_groups",
        t("need.affected_groups", language),
        lambda a: a.need.affected_groups,
        lambda a, v: setattr(a.need, "affected_groups", v),
        help=t("need.one_per_line", language),
    )
with right:
    fields.lines(
        "need.vulnerable_groups",
        t("need.vulnerable_groups", language),
        lambda a: a.need.vulnerable_groups,
        lambda a, v: setattr(a.need, "vulnerable_groups", v),
        help=t("need.one_per_line", language),
    )
fields.text(
    "need.legitimate_aim",
    t("need.legitimate_aim", language),
    lambda a: a.need.legitimate_aim,
    lambda a, v: setattr(a.need, "legitimate_aim", v),
    area=True,
    help=t("need.legitimate_aim_help", language),
)


def necessity_answer(step_id: str) -> tuple[fields.Getter, fields.Setter]:
    """How the answer to one necessity step is read from and written to the document."""

    def get(a: Assessment) -> str:
        return a.need.necessity_answers.get(step_id, "")

    def put(a: Assessment, value: str) -> None:
        a.need.necessity_answers[step_id] = value

    return get, put


st.header(t("need.necessity", language))
st.caption(t("need.necessity_help", language))
for step in bundle.legal.necessity_steps:
    fields.text(
        f"need.necessity_answers.{step.id}",
        step.name.get(language),
        *necessity_answer(step.id),
        area=True,
        help=step.question.get(language),
        height=90,
    )

next_step_link("need")

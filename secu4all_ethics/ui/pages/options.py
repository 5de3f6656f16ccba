"""2 Options: pick candidates from the catalogue (or describe your own), choose
their configuration and safeguards, and always compare with less intrusive
alternatives."""

import typing

import pandas as pd
import streamlit as st

from secu4all_ethics.domain.assessment import AssessedOption, Assessment
from secu4all_ethics.domain.content import (
    MAX_EUR,
    MAX_LIFETIME_YEARS,
    MAX_STAFF_FTE,
    Function,
    Technology,
)
from secu4all_ethics.engine.cost import yearly_cost
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import format_money, format_number, t
from secu4all_ethics.services.custom_options import DATA_KINDS, FormProblem, custom_option
from secu4all_ethics.ui import fields
from secu4all_ethics.ui.context import (
    actor_or_stop,
    assessment_or_stop,
    autosave,
    content_or_stop,
    current_language,
    open_document,
    save_status,
    widget_key,
)
from secu4all_ethics.ui.evaluation import WeightError, evaluation, weight_error_text
from secu4all_ethics.ui.steps import next_step_link
from secu4all_ethics.ui.text import literal, literal_lines

language = current_language()
actor_or_stop()
bundle = content_or_stop()
assessment = assessment_or_stop()

KINDS = ("technology", "alternative", "status_quo")
KIND_COLOURS = {"technology": "orange", "alternative": "green", "status_quo": "gray"}
KIND_ICONS = {"technology": ":material/videocam:", "alternative": ":material/eco:", "status_quo": ":material/pause_circle:"}
FUNCTIONS = typing.get_args(Function)
# The quick helper of the necessity warning: the usual less intrusive alternatives, and doing nothing.
QUICK_ALTERNATIVES = ("improved_lighting", "cpted_place_management", "guardians_stewards", "do_nothing")
FLASH = "options-flash"

criterion_names = {criterion.id: criterion.name.get(language) for criterion in bundle.framework.criteria}
staff_cost = bundle.framework.cost.staff_yearly_cost_eur


# --- small helpers -------------------------------------------------------------------------


def function_label(function: str) -> str:
    return t(f"options.function.{function}", language)


def signed(value: float) -> str:
    number = format_number(abs(value), language, decimals=0 if float(value).is_integer() else 1)
    return f"+{number}" if value > 0 else f"−{number}"


def plain(value: float | None) -> str:
    if value is None:
        return "—"
    return format_number(value, language, decimals=0 if float(value).is_integer() else 1)


def technology_of(option: AssessedOption) -> Technology | None:
    return bundle.technologies_by_id.get(option.catalogue_id) if option.catalogue_id else None


def option_name(option: AssessedOption) -> str:
    technology = technology_of(option)
    if technology is not None:
        return technology.name.get(language)
    if option.custom is not None:
        return option.custom.name
    # A catalogue id the current content no longer knows is shown as it is.
    if option.catalogue_id is None:
        raise ValueError(f"option {option.key} names neither a catalogue technology nor a custom option")
    return option.catalogue_id


def option_kind(option: AssessedOption) -> str:
    technology = technology_of(option)
    if technology is not None:
        return technology.kind
    return option.custom.kind if option.custom is not None else "technology"


def option_intrusiveness(option: AssessedOption) -> int | None:
    technology = technology_of(option)
    if technology is not None:
        return technology.intrusiveness
    return option.custom.intrusiveness if option.custom is not None else None


def catalogue_yearly_cost(technology: Technology) -> float:
    """The engine's yearly cost of ownership of a catalogue option, before any configuration."""
    return yearly_cost(technology.cost_model, staff_cost).total_eur


def badges(kind: str, intrusiveness: int | None, cost: float | None) -> str:
    parts = [f":{KIND_COLOURS[kind]}-badge[{KIND_ICONS[kind]} {t(f'kind.{kind}', language)}]"]
    if intrusiveness is not None:
        parts.append(f":blue-badge[{t('options.badge.intrusiveness', language, value=intrusiveness)}]")
    if cost is not None:
        parts.append(f":violet-badge[{t('options.badge.yearly_cost', language, cost=format_money(cost, language))}]")
    return " ".join(parts)


def present_ids(document) -> set[str]:
    return {option.key for option in document.options} | {o.catalogue_id for o in document.options if o.catalogue_id}


def add_options(new_options: list[AssessedOption], names: list[str], clear: tuple[str, ...] = ()) -> None:
    """Save the new options; say so on the next run if they were saved (a refusal shows in save_status)."""
    autosave(lambda a: a.options.extend(option.model_copy(deep=True) for option in new_options))
    document = open_document()
    saved = present_ids(document) if document is not None else set()
    if all(option.key in saved for option in new_options):
        st.session_state[FLASH] = t("options.added", language, names=", ".join(names))
        for key in clear:  # an emptied form for the next option
            st.session_state.pop(key, None)
    st.rerun()


def add_from_catalogue(technology_id: str) -> None:
    technology = bundle.technologies_by_id[technology_id]
    add_options([AssessedOption(key=technology_id, catalogue_id=technology_id)], [technology.name.get(language)])


def problem_text(problem: FormProblem) -> str:
    """A problem of the custom-option form, naming the field as the form labels it."""
    if problem.code == "invalid":
        return t("options.custom.error.invalid", language, field=problem.field, reason=problem.reason)
    return t(f"options.custom.error.{problem.code}", language, field=t(f"options.custom.{problem.field}", language))


def set_configurations(key: str, remove: set[str], add: list[str]) -> None:
    def change(a) -> None:
        option = next(o for o in a.options if o.key == key)
        kept = [c for c in option.configurations if c not in remove and c not in add]
        option.configurations = kept + add

    autosave(change)


# --- one option --------------------------------------------------------------------------------


def configuration_details(configuration) -> None:
    changes = [f"{criterion_names.get(criterion, criterion)} **{signed(delta)}**" for criterion, delta in configuration.score_changes.items() if delta]
    line = t("options.config.changes", language, changes=", ".join(changes)) if changes else t("options.config.no_score_change", language)
    cost_change = configuration.cost_change
    if cost_change is not None:
        costs = [
            (cost_change.capital_cost_eur, "options.config.capital_change"),
            (cost_change.yearly_operating_cost_eur, "options.config.operating_change"),
        ]
        for amount, text_key in costs:
            if amount:
                sign = "+" if amount > 0 else "−"
                line += " · " + t(text_key, language, amount=sign + format_money(abs(amount), language))
        if cost_change.staff_fte:
            line += " · " + t("options.config.staff_change", language, count=abs(cost_change.staff_fte), fte=signed(cost_change.staff_fte))
    st.markdown(f"{configuration.description.get(language)}  \n{line}")
    st.caption(t("options.config.why", language, rationale=configuration.rationale.get(language)))


def configuration_widgets(option: AssessedOption, technology: Technology) -> None:
    chosen = set(option.configurations)
    groups_done: set[str] = set()
    for configuration in technology.configurations:
        if configuration.group is None:
            key = widget_key(f"options.{option.key}.configurations.{configuration.id}")
            if key not in st.session_state:
                st.session_state[key] = configuration.id in chosen

            def toggle(k=key, c=configuration.id) -> None:
                if st.session_state[k]:
                    set_configurations(option.key, set(), [c])
                else:
                    set_configurations(option.key, {c}, [])

            with st.container(border=True):
                st.checkbox(f"**{configuration.name.get(language)}**", key=key, on_change=toggle)
                configuration_details(configuration)
            continue
        if configuration.group in groups_done:
            continue
        groups_done.add(configuration.group)
        members = [c for c in technology.configurations if c.group == configuration.group]
        member_ids = [c.id for c in members]
        names = {c.id: c.name.get(language) for c in members}
        key = widget_key(f"options.{option.key}.group.{configuration.group}")
        if key not in st.session_state:
            st.session_state[key] = next((c for c in option.configurations if c in member_ids), "")

        def pick(k=key, ids=tuple(member_ids)) -> None:
            value = st.session_state[k]
            set_configurations(option.key, set(ids), [value] if value else [])

        with st.container(border=True):
            st.radio(
                t("options.config.group_label", language),
                ["", *member_ids],
                key=key,
                on_change=pick,
                format_func=configuration_label(names),
            )
            for member in members:
                st.markdown(f"**{member.name.get(language)}**")
                configuration_details(member)


def configuration_label(names: dict[str, str]) -> typing.Callable[[str], str]:
    """How a choice of a configuration group is labelled; the empty choice is "none"."""

    def label(configuration_id: str) -> str:
        return names[configuration_id] if configuration_id else t("options.config.none", language)

    return label


def effect(option: AssessedOption, technology: Technology | None, outcome) -> None:
    st.markdown(f"**{t('options.effect.heading', language)}**")
    if outcome is None:
        st.caption(t("options.effect.unavailable", language))
        return
    rows = [
        {
            t("options.effect.criterion", language): criterion_names.get(criterion_id, criterion_id),
            t("options.effect.base", language): plain(value.base),
            t("options.effect.configured", language): plain(value.configured),
            t("options.effect.change", language): signed(value.configured - value.base),
        }
        for criterion_id, value in outcome.criteria.items()
        if value.base is not None and value.configured is not None and value.configured != value.base
    ]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(t("options.effect.none", language))
    if outcome.cost is not None:
        configured = format_money(outcome.cost.yearly_total_eur, language)
        if technology is not None and option.configurations:
            st.markdown(t("options.effect.cost_compared", language, cost=configured, base=format_money(catalogue_yearly_cost(technology), language)))
        else:
            st.markdown(t("options.effect.cost", language, cost=configured))


def custom_summary(option: AssessedOption) -> None:
    model = option.cost_model
    if option.custom is None:
        raise ValueError(f"option {option.key} is not a custom option")
    data = option.custom.data_processed
    processed = [t(f"options.custom.data.{kind}", language) for kind in DATA_KINDS if getattr(data, kind)]
    st.caption(t("options.custom.own", language, page=t("nav.scores", language)))
    st.caption(t("options.custom.data_summary", language, data=", ".join(processed) if processed else t("options.custom.no_data", language)))
    if model is not None:
        st.caption(
            t(
                "options.custom.cost_summary",
                language,
                capital=format_money(model.capital_cost_eur, language),
                count=model.lifetime_years,
                years=plain(model.lifetime_years),
                operating=format_money(model.yearly_operating_cost_eur, language),
                fte=plain(model.staff_fte),
            )
        )


def without_option(key: str) -> typing.Callable[[Assessment], None]:
    """The change that removes the option `key` from the document."""

    def change(a: Assessment) -> None:
        a.options = [o for o in a.options if o.key != key]

    return change


def necessity_note(key: str) -> tuple[fields.Getter, fields.Setter]:
    """How the necessity note of the option `key` is read from and written to the document."""

    def get(a: Assessment) -> str:
        return next(o for o in a.options if o.key == key).necessity_note

    def put(a: Assessment, value: str) -> None:
        next(o for o in a.options if o.key == key).necessity_note = value

    return get, put


def option_card(option: AssessedOption, outcome) -> None:
    technology = technology_of(option)
    name = option_name(option)
    with st.container(border=True):
        heading, remove = st.columns([6, 1], vertical_alignment="top")
        with heading:
            st.markdown(f"### {literal(name)}")
            cost = outcome.cost.yearly_total_eur if outcome is not None and outcome.cost is not None else None
            st.markdown(badges(option_kind(option), option_intrusiveness(option), cost))
        with remove:
            if st.button(
                t("options.remove", language), key=widget_key(f"options.{option.key}:remove"), icon=":material/delete:", help=t("options.remove_help", language)
            ):
                autosave(without_option(option.key))
                st.rerun()
        if technology is not None:
            st.caption(technology.description.get(language))
        elif option.custom is not None:
            if option.custom.description:
                st.caption(literal_lines(option.custom.description))
            custom_summary(option)
        if technology is not None and technology.configurations:
            chosen = len(option.configurations)
            # Keyed: its label counts the choices, and an unkeyed expander whose label changes is a new, closed one.
            with st.expander(
                t("options.config.heading", language, chosen=chosen, total=len(technology.configurations)),
                icon=":material/tune:",
                key=widget_key(f"options.{option.key}.configurations.expander"),
            ):
                st.caption(t("options.config.help", language))
                configuration_widgets(option, technology)
                effect(option, technology, outcome)
        fields.text(
            f"options.{option.key}.necessity_note",
            t("options.necessity_note", language),
            *necessity_note(option.key),
            area=True,
            help=t("options.necessity_note_help", language),
            height=80,
        )


# --- the page ----------------------------------------------------------------------------------

st.title(t("options.title", language))
st.caption(literal(assessment.title))
save_status()
st.write(t("options.intro", language))
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH), icon=":material/check_circle:")

result = None
try:
    result = evaluation(assessment, language, with_acceptability=False)
except (WeightError, ContentError, KeyError) as error:
    # KeyError: an option names a catalogue entry the current content no longer has.
    reason = weight_error_text(error, language) if isinstance(error, WeightError) else str(error).strip("'\"")
    st.error(t("options.evaluation_error", language, reason=reason))
outcomes = {outcome.key: outcome for outcome in result.options} if result is not None else {}

# Necessity: the comparison must include a less intrusive alternative, or say why not.
if result is not None:
    compared = result.less_intrusive_alternative_compared
else:
    compared = any(option_kind(option) in ("alternative", "status_quo") for option in assessment.options)
if not compared:
    with st.container(border=True):
        st.warning(t("options.alt.warning", language), icon=":material/warning:")
        present = present_ids(assessment)
        quick = [tech_id for tech_id in QUICK_ALTERNATIVES if tech_id in bundle.technologies_by_id and tech_id not in present]
        if quick:
            st.markdown(t("options.alt.quick", language))
            for column, tech_id in zip(st.columns(len(quick)), quick):
                with column:
                    if st.button(
                        t(f"options.alt.add.{tech_id}", language),
                        key=widget_key(f"options.quick.{tech_id}"),
                        icon=":material/add:",
                        help=bundle.technologies_by_id[tech_id].name.get(language),
                        width="stretch",
                    ):
                        add_from_catalogue(tech_id)
        fields.text(
            "alternatives_justification",
            t("options.alt.reason", language),
            lambda a: a.alternatives_justification,
            lambda a, v: setattr(a, "alternatives_justification", v),
            area=True,
            help=t("options.alt.reason_help", language),
            height=100,
        )
        if assessment.alternatives_justification.strip():
            st.caption(t("options.alt.reason_recorded", language))
else:
    alternatives = [outcome.name for outcome in result.options if outcome.less_intrusive_alternative] if result is not None else []
    if alternatives:
        st.success(t("options.alt.ok", language, names=", ".join(literal(name) for name in alternatives)), icon=":material/verified:")

st.header(t("options.current.heading", language, count=len(assessment.options)))
if not assessment.options:
    st.info(t("options.current.empty", language))
for option in assessment.options:
    option_card(option, outcomes.get(option.key))

st.header(t("options.add.heading", language))
catalogue_tab, custom_tab = st.tabs([t("options.add.catalogue_tab", language), t("options.add.custom_tab", language)])

with catalogue_tab:
    st.caption(t("options.add.catalogue_help", language))
    function_column, intrusiveness_column, kind_column = st.columns([3, 2, 3])
    with function_column:
        wanted_functions = st.multiselect(
            t("options.filter.functions", language),
            FUNCTIONS,
            format_func=function_label,
            key=widget_key("options.filter.functions"),
            placeholder=t("options.filter.all", language),
        )
    with intrusiveness_column:
        max_intrusiveness = st.slider(
            t("options.filter.intrusiveness", language),
            1,
            5,
            5,
            key=widget_key("options.filter.intrusiveness"),
            help=t("options.intrusiveness_help", language),
        )
    with kind_column:
        wanted_kinds = st.multiselect(
            t("options.filter.kinds", language),
            KINDS,
            format_func=lambda kind: t(f"kind.{kind}", language),
            key=widget_key("options.filter.kinds"),
            placeholder=t("options.filter.all", language),
        )
    present = present_ids(assessment)
    matches = [
        technology
        for technology in sorted(bundle.technologies, key=lambda tech: (tech.intrusiveness, tech.name.get(language)))
        if technology.id not in present
        and technology.intrusiveness <= max_intrusiveness
        and (not wanted_functions or set(wanted_functions) & set(technology.functions))
        and (not wanted_kinds or technology.kind in wanted_kinds)
    ]
    if not matches:
        st.info(t("options.add.none_match", language))
    else:
        st.caption(t("options.add.matches", language, count=len(matches)))
        by_id = {technology.id: technology for technology in matches}
        pick_column, button_column = st.columns([5, 1], vertical_alignment="bottom")
        with pick_column:
            choice = st.selectbox(
                t("options.add.choose", language),
                list(by_id),
                key=widget_key("options.add.choice"),
                format_func=lambda tech_id: t(
                    "options.add.choice_label",
                    language,
                    name=by_id[tech_id].name.get(language),
                    kind=t(f"kind.{by_id[tech_id].kind}", language),
                    value=by_id[tech_id].intrusiveness,
                    cost=format_money(catalogue_yearly_cost(by_id[tech_id]), language),
                ),
            )
        with button_column:
            if st.button(t("options.add.button", language), key=widget_key("options.add.button"), type="primary", icon=":material/add:", width="stretch"):
                add_from_catalogue(choice)
        if choice in by_id:
            chosen_technology = by_id[choice]
            st.markdown(badges(chosen_technology.kind, chosen_technology.intrusiveness, catalogue_yearly_cost(chosen_technology)))
            st.caption(chosen_technology.description.get(language))
            st.caption(t("options.add.functions", language, functions=" · ".join(function_label(f) for f in chosen_technology.functions)))

with custom_tab:
    st.caption(t("options.custom.help", language, page=t("nav.scores", language)))
    custom = {
        name: widget_key(f"options.custom.{name}")
        for name in (
            "name",
            "description",
            "kind",
            "intrusiveness",
            *DATA_KINDS,
            "capital",
            "operating",
            "staff",
            "lifetime",
            "scope",
            "rationale",
            "add",
        )
    }
    with st.form(widget_key("options.custom.form"), border=False):
        name_column, kind_column = st.columns([3, 2])
        with name_column:
            st.text_input(t("options.custom.name", language), key=custom["name"], max_chars=200)
        with kind_column:
            st.selectbox(t("options.custom.kind", language), KINDS, key=custom["kind"], format_func=lambda kind: t(f"kind.{kind}", language))
        st.text_area(t("options.custom.description", language), key=custom["description"], height=80)
        st.slider(t("options.custom.intrusiveness", language), 1, 5, 3, key=custom["intrusiveness"], help=t("options.intrusiveness_help", language))
        st.markdown(f"**{t('options.custom.data', language)}**")
        for column, kind in zip(st.columns(len(DATA_KINDS)), DATA_KINDS):
            with column:
                st.checkbox(t(f"options.custom.data.{kind}", language), key=custom[kind], help=t(f"options.custom.data.{kind}_help", language))
        st.markdown(f"**{t('options.custom.cost', language)}**")
        st.caption(t("options.custom.cost_help", language))
        capital, operating, staff, lifetime = st.columns(4)
        with capital:
            st.number_input(
                t("options.custom.capital", language), min_value=0.0, max_value=float(MAX_EUR), value=0.0, step=1000.0, format="%.0f", key=custom["capital"]
            )
        with operating:
            st.number_input(
                t("options.custom.operating", language), min_value=0.0, max_value=float(MAX_EUR), value=0.0, step=1000.0, format="%.0f", key=custom["operating"]
            )
        with staff:
            st.number_input(
                t("options.custom.staff", language),
                min_value=0.0,
                max_value=float(MAX_STAFF_FTE),
                value=0.0,
                step=0.1,
                format="%.1f",
                key=custom["staff"],
                help=t("options.custom.staff_help", language, cost=format_money(staff_cost, language)),
            )
        with lifetime:
            st.number_input(
                t("options.custom.lifetime", language),
                min_value=0.5,
                max_value=float(MAX_LIFETIME_YEARS),
                value=5.0,
                step=1.0,
                format="%.1f",
                key=custom["lifetime"],
            )
        st.text_input(t("options.custom.scope", language), key=custom["scope"], placeholder=t("options.custom.scope_placeholder", language))
        st.text_area(
            t("options.custom.rationale", language), key=custom["rationale"], height=80, placeholder=t("options.custom.rationale_placeholder", language)
        )
        st.caption(t("options.custom.evidence_note", language))
        submitted = st.form_submit_button(t("options.custom.add", language), type="primary", icon=":material/add:", key=custom["add"])

    if submitted:
        values = {name: st.session_state.get(key) for name, key in custom.items()}
        new_option, problems = custom_option(values, present_ids(assessment) | set(bundle.technologies_by_id))
        for problem in problems:
            st.error(problem_text(problem))
        if new_option is not None:
            add_options([new_option], [literal(option_name(new_option))], clear=tuple(custom.values()))

next_step_link("options")

"""Library: the criteria, legal rules, technologies and sources behind every assessment.

Read only, and useful on its own in training: it needs neither an open
assessment nor a name. Figures (default weight shares, yearly costs, cost-band
scores) come from the engine; this page only shows them.
"""

import re
import unicodedata
from typing import get_args

import pandas as pd
import streamlit as st

from secu4all_ethics.domain.content import Criterion, Function, Technology
from secu4all_ethics.engine.cost import cost_band_score, yearly_cost
from secu4all_ethics.engine.weighting import WeightError, normalise_weights
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import format_date, format_money, format_number, format_percent, t
from secu4all_ethics.ui.context import content_or_stop, current_language, widget_key
from secu4all_ethics.ui.evaluation import weight_error_text

language = current_language()
bundle = content_or_stop()
framework = bundle.framework
SEPARATOR = t("wording.list_separator", language)

KINDS = ("technology", "alternative", "status_quo")
FUNCTIONS = get_args(Function)
VERIFICATIONS = ("verified", "secondary", "unverified")
VERIFICATION_STYLE = {
    "verified": ("green", ":material/verified:"),
    "secondary": ("orange", ":material/info:"),
    "unverified": ("red", ":material/help:"),
}
GRADE_STYLE = {
    "meta_analysis": ("green", ":material/science:"),
    "rct": ("green", ":material/science:"),
    "quasi_experimental": ("blue", ":material/science:"),
    "descriptive": ("violet", ":material/bar_chart:"),
    "expert_judgement": ("gray", ":material/person:"),
    "vendor_claim": ("red", ":material/warning:"),
}
HINT_STYLE = {"passes": "green", "fails": "red", "depends": "orange", "not_applicable": "gray"}
AI_ACT_STYLE = {"prohibited": "red", "high_risk": "orange", "transparency": "blue", "minimal": "green", "not_ai": "gray"}
KIND_STYLE = {"technology": "blue", "alternative": "green", "status_quo": "gray"}
ROW_HEIGHT = 100  # pixels: above 4rem, so the references table wraps long citations
WRAPPED_ROW_HEIGHT = 112  # five lines of a long option name or list of functions, never cut


def tr(key: str, **values: object) -> str:
    return t(f"library.{key}", language, **values)


def local(text) -> str:
    return text.get(language)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>#$~|])")


def md(text: str) -> str:
    """Content text shown as plain text inside markdown (a '$' or '*' must not format)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def folded(text: str) -> str:
    """Lower case without accents, so 'securite' finds 'sécurité'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def badge(label: str, colour: str, icon: str | None = None) -> str:
    label = label.replace("[", "(").replace("]", ")")
    return f":{colour}-badge[{icon + ' ' if icon else ''}{label}]"


def verification_badge(verification) -> str:
    value = getattr(verification, "value", verification)
    colour, icon = VERIFICATION_STYLE[value]
    return badge(tr(f"verification.{value}"), colour, icon)


def grade_badge(grade) -> str:
    value = getattr(grade, "value", grade)
    colour, icon = GRADE_STYLE[value]
    return badge(tr(f"grade.{value}"), colour, icon)


def number(value: float) -> str:
    """Whole numbers without decimals, others with one or two."""
    value = float(value)
    decimals = 0 if value.is_integer() else 1 if round(value, 1) == value else 2
    return format_number(value, language, decimals=decimals)


def signed_money(amount: float) -> str:
    return ("+" if amount >= 0 else "−") + format_money(abs(amount), language)


def show_sources(ids, heading: str | None = None) -> None:
    """Citations with their verification badge and, where there is one, a link."""
    lines = []
    for reference_id in ids:
        reference = bundle.references_by_id.get(reference_id)
        if reference is None:  # prevented by the content cross-checks; never fail the page for it
            lines.append(f"- {md(reference_id)}")
            continue
        line = f"- {md(reference.citation_in(language))} {verification_badge(reference.verification)}"
        if reference.url:
            line += f" [{tr('open_link')}](<{reference.url}>)"
        lines.append(line)
    if lines:
        st.markdown(f"**{heading or tr('sources')}**\n\n" + "\n".join(lines))


def matches(words: list[str], *texts: str) -> bool:
    haystack = folded(" ".join(texts))
    return all(word in haystack for word in words)


# --- top --------------------------------------------------------------------------

st.title(tr("title"))
st.write(tr("intro"))
st.markdown(
    tr(
        "framework_line",
        name=md(local(framework.name)),
        version=framework.version,
        valid_as_of=format_date(framework.valid_as_of, language),
    )
)

with st.expander(tr("about.heading"), icon=":material/info:"):
    st.markdown(md(local(framework.description)))
    st.markdown(f"**{tr('about.scale')}**")
    st.table(
        pd.DataFrame([{tr("column.value"): level.value, tr("column.meaning"): local(level.label)} for level in framework.scale.levels]),
        hide_index=True,
    )
    st.markdown(f"**{tr('about.verification')}**")
    st.markdown("\n".join(f"- {verification_badge(v)} {tr(f'verification.{v}_help')}" for v in VERIFICATIONS))
    st.markdown(f"**{tr('about.grades')}**")
    st.markdown("\n".join(f"- {grade_badge(g)} {tr(f'grade.{g}_help')}" for g in GRADE_STYLE))
    st.markdown(f"**{tr('about.changelog')}**")
    for entry in framework.changelog:
        label = f"**{entry.version}** ({format_date(entry.date, language)})"
        st.markdown("- " + tr("pair", label=label, value=md(local(entry.changes))))

search = st.text_input(
    tr("search"),
    key=widget_key("library.search"),
    placeholder=tr("search_placeholder"),
    help=tr("search_help"),
    icon=":material/search:",
)
words = folded(search or "").split()

criteria_tab, legal_tab, technologies_tab, references_tab = st.tabs([tr("tab.criteria"), tr("tab.legal"), tr("tab.technologies"), tr("tab.references")])

# --- criteria ------------------------------------------------------------------------

cost_criterion: Criterion | None = next((c for c in framework.criteria if c.score_source == "yearly_cost_bands"), None)


def band_label(index: int) -> str:
    bands = framework.cost.bands
    up_to = bands[index].up_to_eur
    if up_to is not None:
        return tr("cost.band_up_to", amount=format_money(up_to, language))
    # Only the last band is open-ended: it starts where the one before it ends.
    above = bands[index - 1].up_to_eur
    if above is None:
        raise ValueError(f"cost band {index} and the band before it both have no upper limit")
    return tr("cost.band_above", amount=format_money(above, language))


def show_cost_bands() -> None:
    st.info(tr("criteria.cost_derived"), icon=":material/euro:")
    st.table(
        pd.DataFrame(
            [{t("column.yearly_cost", language): band_label(index), tr("column.score"): band.score} for index, band in enumerate(framework.cost.bands)]
        ),
        hide_index=True,
    )
    st.caption(tr("criteria.staff_cost", amount=format_money(framework.cost.staff_yearly_cost_eur, language)))
    st.markdown(md(local(framework.cost.rationale)))
    show_sources(framework.cost.references)


with criteria_tab:
    st.caption(tr("criteria.intro"))
    try:
        default_shares = normalise_weights(bundle.default_weights, bundle.criterion_ids)
    except WeightError as error:
        st.error(tr("error.weights", reason=weight_error_text(error, language)))
        default_shares = {}
    shown = [
        criterion
        for criterion in framework.criteria
        if matches(
            words,
            local(criterion.name),
            local(criterion.description),
            *(local(question) for question in criterion.guiding_questions),
        )
    ]
    if words:
        st.caption(tr("criteria.count", shown=len(shown), total=len(framework.criteria)))
        if not shown:
            st.info(tr("no_match"))
    for pillar in framework.pillars:
        in_pillar = [criterion for criterion in shown if criterion.pillar == pillar.id]
        if not in_pillar:
            continue
        st.header(local(pillar.name))
        st.caption(md(local(pillar.description)))
        for criterion in in_pillar:
            share = default_shares.get(criterion.id)
            label = md(local(criterion.name))
            if share is not None:
                label += " · " + tr("criteria.weight_short", share=format_percent(share, language))
            with st.expander(label):
                st.markdown(md(local(criterion.description)))
                st.markdown(f"**{tr('criteria.questions')}**\n\n" + "\n".join(f"- {md(local(question))}" for question in criterion.guiding_questions))
                st.markdown(f"**{tr('criteria.anchors')}**")
                levels = {level.value: local(level.label) for level in framework.scale.levels}
                st.table(
                    pd.DataFrame(
                        [
                            {
                                tr("column.score"): value,
                                tr("column.level"): levels.get(value, ""),
                                tr("column.anchor"): local(criterion.anchors[value]),
                            }
                            for value in sorted(criterion.anchors)
                        ]
                    ),
                    hide_index=True,
                )
                if share is not None:
                    st.caption(tr("criteria.default_weight", share=format_percent(share, language)))
                if criterion.score_source == "yearly_cost_bands":
                    show_cost_bands()
                show_sources(criterion.references)

# --- legal -------------------------------------------------------------------------------

ai_act_names = {info.category.value: local(info.name) for info in bundle.legal.ai_act_categories}
dpia_names = {item.id: local(item.name) for item in bundle.legal.dpia_screening_criteria}


def trigger_text(trigger) -> str:
    if trigger.kind == "dpia_screening":
        return tr("trigger.dpia_screening", count=trigger.min_criteria)
    if trigger.kind == "ai_act_category":
        names = ", ".join(ai_act_names.get(c.value, c.value) for c in trigger.categories)
        return tr("trigger.ai_act_category", categories=names)
    if trigger.kind == "residual_risk":
        return tr("trigger.residual_risk", levels=", ".join(t(f"residual_risk.{level}", language) for level in trigger.levels))
    if trigger.kind == "any_of":
        return tr("trigger.any_of", grounds=" · ".join(trigger_text(ground).rstrip(".") for ground in trigger.triggers))
    return tr(f"trigger.{trigger.kind}")


with legal_tab:
    st.header(tr("legal.gates"))
    st.caption(tr("legal.gates_intro"))
    for gate in bundle.legal.gates:
        with st.expander(md(local(gate.name)), icon=":material/gavel:"):
            st.markdown(f"**{tr('legal.question')}** {md(local(gate.question))}")
            st.markdown(md(local(gate.explanation)))
            st.markdown(f"**{tr('legal.if_fails')}** {md(local(gate.exclusion_message))}")
            show_sources(gate.legal_basis, tr("legal.basis"))

    st.header(tr("legal.obligations"))
    st.caption(tr("legal.obligations_intro"))
    for obligation in bundle.legal.obligations:
        with st.expander(md(local(obligation.name)), icon=":material/assignment:"):
            st.markdown(md(local(obligation.description)))
            st.markdown(f"**{tr('legal.applies_when')}** {trigger_text(obligation.trigger)}")
            flagged = [local(tech.name) for tech in bundle.technologies if any(hint.obligation == obligation.id for hint in tech.obligation_hints)]
            if flagged:
                st.caption(tr("legal.flagged_for", options=", ".join(md(name) for name in sorted(flagged))))
            show_sources(obligation.legal_basis, tr("legal.basis"))

    st.header(tr("legal.dpia"))
    thresholds = [o.trigger.min_criteria for o in bundle.legal.obligations if o.trigger.kind == "dpia_screening"]
    st.caption(tr("legal.dpia_intro", count=thresholds[0]) if thresholds else tr("legal.dpia_intro_plain"))
    st.table(
        pd.DataFrame(
            [{tr("column.criterion"): local(item.name), tr("column.description"): local(item.description)} for item in bundle.legal.dpia_screening_criteria]
        ),
        hide_index=True,
    )

    st.header(tr("legal.ai_act"))
    st.caption(tr("legal.ai_act_intro"))
    for info in bundle.legal.ai_act_categories:
        with st.expander(md(local(info.name)), icon=":material/smart_toy:"):
            st.markdown(md(local(info.description)))
            show_sources(info.legal_basis, tr("legal.basis"))

    st.header(tr("legal.dates"))
    st.warning(tr("legal.dates_warning"), icon=":material/event:")
    for milestone in sorted(bundle.legal.legal_dates, key=lambda d: d.applies_from):
        with st.container(border=True):
            line = tr(
                "pair",
                label=f"**{format_date(milestone.applies_from, language)}**",
                value=f"{md(local(milestone.label))} {verification_badge(milestone.verification)}",
            )
            st.markdown(line)
            if milestone.verification.value != "verified":
                st.markdown(f":orange[{tr('legal.confirm_in_oj')}]")
            if milestone.note is not None:
                st.caption(md(local(milestone.note)))
            show_sources(milestone.source)

# --- technologies ----------------------------------------------------------------------


def kind_label(kind: str) -> str:
    return t(f"kind.{kind}", language)


def function_label(function: str) -> str:
    return tr(f"function.{function}")


def cost_figures(tech: Technology, changes=()):
    """The engine's yearly cost and cost-band score; None (with the message) if they cannot be had."""
    try:
        cost = yearly_cost(tech.cost_model, framework.cost.staff_yearly_cost_eur, list(changes))
        return cost, cost_band_score(cost.total_eur, list(framework.cost.bands))
    except (ValueError, ContentError) as error:
        st.error(tr("error.cost", option=local(tech.name), reason=str(error)))
        return None


def value_range(score) -> str:
    low = score.value if score.low is None else score.low
    high = score.value if score.high is None else score.high
    return "—" if low == high else f"{low}–{high}"


def show_technology(tech: Technology) -> None:
    st.header(local(tech.name))
    st.markdown(
        " ".join(
            [
                badge(kind_label(tech.kind), KIND_STYLE[tech.kind]),
                badge(tr("tech.intrusiveness_badge", value=tech.intrusiveness), "gray", ":material/visibility:"),
                badge(
                    tr("tech.ai_act_badge", category=ai_act_names.get(tech.ai_act.category.value, tech.ai_act.category.value)),
                    AI_ACT_STYLE.get(tech.ai_act.category.value, "gray"),
                    ":material/smart_toy:",
                ),
            ]
        )
    )
    st.markdown(md(local(tech.description)))
    st.caption(tr("tech.functions", functions=", ".join(function_label(f) for f in tech.functions)))

    data_column, ai_column = st.columns(2, gap="large")
    with data_column:
        st.markdown(f"### {tr('tech.data')}")
        processed = tech.data_processed
        st.markdown(
            "\n".join(
                "- " + tr("pair", label=tr(f"tech.data.{field}"), value=f"**{tr('yes') if getattr(processed, field) else tr('no')}**")
                for field in ("personal", "biometric", "audio", "location")
            )
        )
        if tech.dpia_criteria:
            st.markdown(f"**{tr('tech.dpia_criteria')}**\n\n" + "\n".join(f"- {md(dpia_names.get(item, item))}" for item in tech.dpia_criteria))
    with ai_column:
        st.markdown(f"### {tr('tech.ai_act')}")
        st.markdown(md(local(tech.ai_act.note)))
        show_sources(tech.ai_act.references)

    if tech.gate_hints:
        st.markdown(f"### {tr('tech.gate_hints')}")
        st.caption(tr("tech.gate_hints_intro"))
        for hint in tech.gate_hints:
            gate = bundle.gates.get(hint.gate)
            with st.container(border=True):
                st.markdown(f"**{md(local(gate.name)) if gate else md(hint.gate)}** {badge(tr(f'hint.{hint.answer}'), HINT_STYLE[hint.answer])}")
                st.markdown(md(local(hint.reason)))
                show_sources(hint.references)

    if tech.obligation_hints:
        st.markdown(f"### {tr('tech.obligation_hints')}")
        st.caption(tr("tech.obligation_hints_intro"))
        for obligation_hint in tech.obligation_hints:
            obligation = bundle.obligations.get(obligation_hint.obligation)
            name = md(local(obligation.name)) if obligation else md(obligation_hint.obligation)
            st.markdown("- " + tr("pair", label=f"**{name}**", value=md(local(obligation_hint.reason))))

    st.markdown(f"### {tr('tech.cost')}")
    model = tech.cost_model
    st.caption(tr("tech.cost_scope", scope=md(local(model.scope))))
    figures = cost_figures(tech)
    metrics = st.columns(4)
    metrics[0].metric(tr("tech.capital"), format_money(model.capital_cost_eur, language))
    metrics[1].metric(tr("tech.lifetime"), tr("tech.years", count=model.lifetime_years, years=number(model.lifetime_years)))
    metrics[2].metric(tr("tech.operating"), format_money(model.yearly_operating_cost_eur, language))
    metrics[3].metric(tr("tech.staff"), number(model.staff_fte))
    if figures is not None:
        cost, band = figures
        st.table(
            pd.DataFrame(
                [
                    {
                        tr("column.cost_part"): tr("tech.cost.capital_share", count=model.lifetime_years, years=number(model.lifetime_years)),
                        tr("column.per_year"): format_money(cost.capital_share_eur, language),
                    },
                    {tr("column.cost_part"): tr("tech.cost.operating"), tr("column.per_year"): format_money(cost.operating_eur, language)},
                    {
                        tr("column.cost_part"): tr(
                            "tech.cost.staff",
                            count=model.staff_fte,
                            fte=number(model.staff_fte),
                            amount=format_money(framework.cost.staff_yearly_cost_eur, language),
                        ),
                        tr("column.per_year"): format_money(cost.staff_eur, language),
                    },
                    {tr("column.cost_part"): tr("tech.cost.total"), tr("column.per_year"): format_money(cost.total_eur, language)},
                ]
            ),
            hide_index=True,
        )
        if cost_criterion is not None:
            st.markdown(tr("tech.cost_band", criterion=md(local(cost_criterion.name)), score=band))
    st.markdown(f"{tr('tech.evidence')} {grade_badge(model.evidence_grade)}")
    st.markdown(md(local(model.rationale)))
    show_sources(model.sources)

    st.markdown(f"### {tr('tech.scores')}")
    st.caption(tr("tech.scores_intro"))
    rows = []
    for criterion in framework.criteria:
        score = tech.scores.get(criterion.id)
        if score is not None:
            value, spread, grade = str(score.value), value_range(score), tr(f"grade.{score.evidence_grade.value}")
        elif criterion.score_source == "yearly_cost_bands" and figures is not None:
            value, spread, grade = str(figures[1]), "—", tr("tech.from_cost_model")
        else:
            value, spread, grade = "—", "—", tr("tech.no_reference")
        rows.append(
            {
                tr("column.criterion"): local(criterion.name),
                tr("column.value"): value,
                tr("column.range"): spread,
                tr("column.evidence"): grade,
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        height=40 + 35 * len(rows),
        key=widget_key(f"library.technology.{tech.id}.scores"),
    )
    if any(score.evidence_grade.value == "vendor_claim" for score in tech.scores.values()):
        st.warning(tr("tech.vendor_claim_warning"), icon=":material/warning:")
    st.markdown(f"**{tr('tech.why')}**")
    for criterion in framework.criteria:
        score = tech.scores.get(criterion.id)
        if score is None:
            continue
        spread = value_range(score)
        label = tr("tech.score_label", criterion=md(local(criterion.name)), value=score.value)
        if spread != "—":
            label += " " + tr("tech.range_label", range=spread)
        with st.expander(label):
            st.markdown(f"{tr('tech.evidence')} {grade_badge(score.evidence_grade)}")
            st.markdown(md(local(score.rationale)))
            show_sources(score.sources)

    if tech.configurations:
        st.markdown(f"### {tr('tech.configurations')}")
        st.caption(tr("tech.configurations_intro"))
        for configuration in tech.configurations:
            with st.expander(md(local(configuration.name)), icon=":material/tune:"):
                st.markdown(md(local(configuration.description)))
                if configuration.group:
                    others = [local(c.name) for c in tech.configurations if c.group == configuration.group and c.id != configuration.id]
                    if others:
                        st.caption(tr("tech.group", others=SEPARATOR.join(md(name) for name in others)))
                if configuration.score_changes:
                    st.table(
                        pd.DataFrame(
                            [
                                {
                                    tr("column.criterion"): local(bundle.criteria[c].name) if c in bundle.criteria else c,
                                    tr("column.change"): f"+{change}" if change > 0 else f"−{abs(change)}" if change < 0 else "0",
                                }
                                for c, change in configuration.score_changes.items()
                            ]
                        ),
                        hide_index=True,
                    )
                change = configuration.cost_change
                if change is not None:
                    parts = []
                    if change.capital_cost_eur:
                        parts.append(tr("tech.change.capital", amount=signed_money(change.capital_cost_eur)))
                    if change.yearly_operating_cost_eur:
                        parts.append(tr("tech.change.operating", amount=signed_money(change.yearly_operating_cost_eur)))
                    if change.staff_fte:
                        parts.append(
                            tr("tech.change.staff", count=abs(change.staff_fte), fte=("+" if change.staff_fte > 0 else "−") + number(abs(change.staff_fte)))
                        )
                    if parts:
                        st.markdown(f"**{tr('tech.cost_change')}** " + SEPARATOR.join(parts))
                    changed = cost_figures(tech, [change])
                    if changed is not None:
                        st.caption(tr("tech.cost_with", amount=format_money(changed[0].total_eur, language), score=changed[1]))
                st.markdown(md(local(configuration.rationale)))
                show_sources(configuration.sources)


with technologies_tab:
    st.caption(tr("tech.intro"))
    kind_column, function_column, intrusiveness_column = st.columns(3, gap="medium")
    with kind_column:
        kinds = st.multiselect(
            tr("tech.filter_kind"),
            KINDS,
            format_func=kind_label,
            key=widget_key("library.technologies.kind"),
            placeholder=tr("tech.filter_all"),
        )
    with function_column:
        functions = st.multiselect(
            tr("tech.filter_function"),
            FUNCTIONS,
            format_func=function_label,
            key=widget_key("library.technologies.function"),
            placeholder=tr("tech.filter_all"),
        )
    with intrusiveness_column:
        max_intrusiveness = st.slider(
            tr("tech.filter_intrusiveness"),
            min_value=1,
            max_value=5,
            value=5,
            key=widget_key("library.technologies.max_intrusiveness"),
            help=tr("tech.intrusiveness_help"),
        )
    listed = sorted(
        (
            tech
            for tech in bundle.technologies
            if (not kinds or tech.kind in kinds)
            and (not functions or set(functions) & set(tech.functions))
            and tech.intrusiveness <= max_intrusiveness
            and matches(
                words,
                local(tech.name),
                local(tech.description),
                kind_label(tech.kind),
                *(function_label(f) for f in tech.functions),
            )
        ),
        key=lambda tech: (tech.intrusiveness, local(tech.name)),
    )
    st.caption(tr("tech.count", shown=len(listed), total=len(bundle.technologies)))
    if not listed:
        st.info(tr("no_match"))
    else:
        rows = []
        for tech in listed:
            figures = cost_figures(tech)
            rows.append(
                {
                    "option": local(tech.name),
                    "kind": kind_label(tech.kind),
                    "intrusiveness": tech.intrusiveness,
                    "ai_act": ai_act_names.get(tech.ai_act.category.value, tech.ai_act.category.value),
                    "yearly_cost": format_money(figures[0].total_eur, language) if figures else "—",
                    "functions": ", ".join(function_label(f) for f in tech.functions),
                }
            )
        choice_key = widget_key("library.technology")
        table_key = widget_key("library.technologies.table")
        ids = [tech.id for tech in listed]

        def row_picked() -> None:
            # Picking a row opens that option's details below, as choosing it in the list does.
            picked = st.session_state[table_key].selection.rows
            if picked:
                st.session_state[choice_key] = ids[picked[0]]

        st.dataframe(
            pd.DataFrame(rows),
            hide_index=True,
            width="stretch",
            row_height=WRAPPED_ROW_HEIGHT,
            height=40 + WRAPPED_ROW_HEIGHT * len(rows),
            key=table_key,
            on_select=row_picked,
            selection_mode="single-row",
            column_config={
                "option": st.column_config.TextColumn(t("column.option", language), width=230),
                "kind": st.column_config.TextColumn(t("column.kind", language), width=140),
                "intrusiveness": st.column_config.NumberColumn(tr("column.intrusiveness"), help=t("column.intrusiveness", language), width=80),
                "ai_act": st.column_config.TextColumn(t("column.ai_act", language), help=t("column.ai_act", language), width=120),
                "yearly_cost": st.column_config.TextColumn(tr("column.yearly_cost"), help=t("column.yearly_cost", language), width=95),
                "functions": st.column_config.TextColumn(tr("column.functions"), width=200),
            },
        )
        if st.session_state.get(choice_key) not in (None, *ids):
            del st.session_state[choice_key]  # the chosen option was filtered out
        chosen = st.selectbox(
            tr("tech.choose"),
            ids,
            index=None,
            key=choice_key,
            format_func=lambda tech_id: local(bundle.technologies_by_id[tech_id].name),
            placeholder=tr("tech.choose_placeholder"),
        )
        if chosen is None:
            st.info(tr("tech.choose_hint"), icon=":material/touch_app:")
        else:
            show_technology(bundle.technologies_by_id[chosen])

# --- references ------------------------------------------------------------------------

with references_tab:
    st.caption(tr("refs.intro"))
    counts = {v: sum(1 for r in bundle.references if r.verification.value == v) for v in VERIFICATIONS}
    filter_column, kind_column = st.columns([3, 2], gap="medium")
    with filter_column:
        verification = st.radio(
            tr("refs.filter_verification"),
            ("all", *VERIFICATIONS),
            horizontal=True,
            key=widget_key("library.references.verification"),
            format_func=lambda v: tr("refs.all", count=len(bundle.references)) if v == "all" else f"{tr(f'verification.{v}')} ({counts[v]})",
        )
    reference_kinds = sorted({r.kind for r in bundle.references}, key=lambda k: tr(f"ref_kind.{k}"))
    with kind_column:
        chosen_kinds = st.multiselect(
            tr("refs.filter_kind"),
            reference_kinds,
            format_func=lambda k: tr(f"ref_kind.{k}"),
            key=widget_key("library.references.kind"),
            placeholder=tr("tech.filter_all"),
        )
    if verification != "all":
        st.caption(tr(f"verification.{verification}_help"))
    references = sorted(
        (r for r in bundle.references if (verification == "all" or r.verification.value == verification) and (not chosen_kinds or r.kind in chosen_kinds)),
        key=lambda r: folded(r.citation_in(language)),
    )
    st.caption(tr("refs.count", shown=len(references), total=len(bundle.references)))
    if references:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "citation": r.citation_in(language),
                        "verification": tr(f"verification.{r.verification.value}"),
                        "kind": tr(f"ref_kind.{r.kind}"),
                        "date": format_date(r.date, language) if r.date else "",
                        "link": r.url,
                    }
                    for r in references
                ]
            ),
            hide_index=True,
            width="stretch",
            row_height=ROW_HEIGHT,
            height=min(40 + ROW_HEIGHT * len(references), 720),
            placeholder="",
            key=widget_key("library.references.table"),
            column_config={
                "citation": st.column_config.TextColumn(tr("column.citation"), width=470),
                "verification": st.column_config.TextColumn(tr("column.verification"), width=130),
                "kind": st.column_config.TextColumn(t("column.kind", language), width=140),
                "date": st.column_config.TextColumn(tr("column.date"), width=115),
                "link": st.column_config.LinkColumn(tr("column.link"), display_text=tr("open_link"), width=60),
            },
        )
    else:
        st.info(tr("no_match"))

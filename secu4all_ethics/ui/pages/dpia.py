"""3b DPIA: what a data protection impact assessment holds beyond the rest of the assessment.

Shown for the options whose obligations, as the engine reads the screening, include a DPIA
(criteria/dpia.yaml names which obligations are one): the views of the people concerned or why
they were not sought (GDPR Art. 35(9)), once for the assessment, and per option each feared
event rated for severity and likelihood before and after its safeguards, with the risk map."""

import streamlit as st

from secu4all_ethics.charts.dpia import risk_map
from secu4all_ethics.domain.assessment import FearedEventRating
from secu4all_ethics.engine.dpia import requires_dpia
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import t
from secu4all_ethics.ui import fields
from secu4all_ethics.ui.charts import show_chart
from secu4all_ethics.ui.context import actor_or_stop, assessment_or_stop, content_or_stop, current_language, save_status, widget_key
from secu4all_ethics.ui.evaluation import screening
from secu4all_ethics.ui.steps import next_step_link
from secu4all_ethics.ui.text import literal
from secu4all_ethics.wording.completeness import option_name

language = current_language()
actor_or_stop()
bundle = content_or_stop()
assessment = assessment_or_stop()
PHASES = ("before", "after")
QUANTITIES = ("severity", "likelihood")


def option_in(document, key: str):
    return next(option for option in document.options if option.key == key)


def name_of(option) -> str:
    return option_name(assessment, bundle, option.key, language)


def rating_in(document, option_key: str, event_id: str) -> FearedEventRating:
    return option_in(document, option_key).feared_events.setdefault(event_id, FearedEventRating())


def rating_of(document, option_key: str, event_id: str) -> FearedEventRating | None:
    return option_in(document, option_key).feared_events.get(event_id)


def rating_field(option_key: str, event_id: str, attribute: str):
    """The getter and setter of one rating's attribute, bound now (not to the loop's last values)."""

    def get(document):
        rating = rating_of(document, option_key, event_id)
        return getattr(rating, attribute) if rating is not None else ("" if attribute in ("impacts", "measures") else None)

    def put(document, value) -> None:
        setattr(rating_in(document, option_key, event_id), attribute, value.strip() if isinstance(value, str) else value)

    return get, put


def views_section() -> None:
    st.header(t("dpia.views.heading", language))
    st.caption(t("dpia.views.caption", language))
    fields.choice(
        "data_subject_views.sought",
        t("dpia.views.sought", language),
        [True, False],
        lambda a: a.data_subject_views.sought,
        lambda a, value: setattr(a.data_subject_views, "sought", value),
        format_func=lambda sought: t(f"dpia.views.answer.{'yes' if sought else 'no'}", language),
        radio=True,
    )
    views = assessment_or_stop().data_subject_views
    if views.sought is not None:
        # Who was asked and what they said, or why nobody was: the text that goes with the answer.
        attribute, label = ("views", "views") if views.sought else ("reason_not_sought", "reason")
        fields.text(
            f"data_subject_views.{attribute}",
            t(f"dpia.views.{label}", language),
            lambda a: getattr(a.data_subject_views, attribute),
            lambda a, value: setattr(a.data_subject_views, attribute, value.strip()),
            area=True,
            help=t(f"dpia.views.{label}_help", language),
        )
    if not views.answered:
        st.warning(t("dpia.views.missing", language), icon=":material/warning:")


def event_section(option, event) -> None:
    dpia = bundle.dpia
    assert dpia is not None  # the page stops without DPIA content
    st.subheader(event.name.get(language))
    st.caption(event.description.get(language))
    scales = {"severity": dpia.severity, "likelihood": dpia.likelihood}
    for phase in PHASES:
        columns = st.columns(2)
        for column, quantity in zip(columns, QUANTITIES):
            labels = {level.value: level.label.get(language) for level in scales[quantity].levels}
            with column:
                fields.choice(
                    f"options.{option.key}.feared_events.{event.id}.{quantity}_{phase}",
                    t(f"dpia.event.{quantity}_{phase}", language),
                    list(labels),
                    *rating_field(option.key, event.id, f"{quantity}_{phase}"),
                    format_func=labels.__getitem__,
                    placeholder=t("dpia.event.not_rated", language),
                    help=" ".join(f"{level.label.get(language)}: {level.description.get(language)}" for level in scales[quantity].levels),
                )
    fields.text(
        f"options.{option.key}.feared_events.{event.id}.impacts",
        t("dpia.event.impacts", language),
        *rating_field(option.key, event.id, "impacts"),
        area=True,
        height=80,
    )
    fields.text(
        f"options.{option.key}.feared_events.{event.id}.measures",
        t("dpia.event.measures", language),
        *rating_field(option.key, event.id, "measures"),
        area=True,
        height=80,
        help=t("dpia.event.measures_help", language),
    )


def option_section(option) -> None:
    dpia = bundle.dpia
    assert dpia is not None
    for event in dpia.feared_events:
        event_section(option, event)
    st.subheader(t("dpia.map.heading", language))
    ratings = option_in(assessment_or_stop(), option.key).feared_events
    figure, table = risk_map(ratings, bundle, language)
    show_chart(figure, table.reset_index(), key=f"dpia-map-{option.key}", table_caption=t("dpia.map.caption", language))


# --- the page ------------------------------------------------------------------------------------

st.title(t("dpia.title", language))
st.caption(literal(assessment.title))
save_status()
st.info(t("dpia.intro", language), icon=":material/assignment:")

if bundle.dpia is None:
    st.warning(t("dpia.no_content", language))
    st.stop()
try:
    prepared = screening(assessment, language)
except (ContentError, KeyError) as error:
    st.error(t("dpia.evaluation_failed", language, reason=str(error)), icon=":material/error:")
    st.stop()
# The engine decides: only the options whose obligations include a DPIA have one.
needing = [option for option in assessment.options if option.key in prepared and requires_dpia(prepared[option.key].obligations, bundle)]
if not needing:
    st.success(t("dpia.not_required", language), icon=":material/assignment_turned_in:")
    next_step_link("dpia")
    st.stop()

st.markdown(t("dpia.options", language, options=", ".join(literal(name_of(option)) for option in needing)))
views_section()
st.divider()
st.header(t("dpia.events.heading", language))
st.caption(t("dpia.events.caption", language))
names = [name_of(option) for option in needing]
labels = [f"{name} ({o.key})" if names.count(name) > 1 else name for name, o in zip(names, needing)]
for tab, option in zip(st.tabs([literal(label) for label in labels], key=widget_key("dpia.tabs")), needing):
    with tab:
        option_section(option)

next_step_link("dpia")

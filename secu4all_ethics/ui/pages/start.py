"""Start page: what the tool does, its pillars, and the catalogue it draws on."""

import pandas as pd
import streamlit as st

from secu4all_ethics.engine.cost import yearly_cost
from secu4all_ethics.i18n import format_date, format_money, t
from secu4all_ethics.ui.context import content_or_stop, current_language

language = current_language()
bundle = content_or_stop()

st.title(t("start.heading", language))
st.write(t("start.intro", language))

st.subheader(t("start.spine.heading", language))
for key in ("start.spine.gates", "start.spine.necessity", "start.spine.evidence", "start.spine.explain"):
    st.markdown("- " + t(key, language))

st.subheader(t("start.pillars.heading", language))
columns = st.columns(len(bundle.framework.pillars))
for column, pillar in zip(columns, bundle.framework.pillars):
    with column:
        st.markdown(f"**{pillar.name.get(language)}**")
        st.caption(pillar.description.get(language))

st.subheader(t("start.catalogue.heading", language))
framework = bundle.framework
st.caption(
    t(
        "start.catalogue.caption",
        language,
        count=len(bundle.technologies),
        alternatives=sum(1 for tech in bundle.technologies if tech.is_less_intrusive_alternative),
        framework=framework.name.get(language),
        version=framework.version,
        valid_as_of=format_date(framework.valid_as_of, language),
    )
)
ai_act_names = {info.category: info.name.get(language) for info in bundle.legal.ai_act_categories}
rows = [
    {
        t("column.option", language): tech.name.get(language),
        t("column.kind", language): t(f"kind.{tech.kind}", language),
        t("column.intrusiveness", language): tech.intrusiveness,
        t("column.ai_act", language): ai_act_names.get(tech.ai_act.category, tech.ai_act.category.value),
        t("column.yearly_cost", language): format_money(
            yearly_cost(tech.cost_model, framework.cost.staff_yearly_cost_eur).total_eur, language
        ),
    }
    for tech in sorted(bundle.technologies, key=lambda tech: (tech.intrusiveness, tech.name.get(language)))
]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

"""Start: new assessment (blank or from a scenario), open a saved one, import a file."""

import datetime as dt

import streamlit as st

from secu4all_ethics.content.loader import PACKAGE_ROOT, load_assessment
from secu4all_ethics.domain.assessment import Assessment
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import format_date, t
from secu4all_ethics.i18n.issues import issue_sentence, located_sentence
from secu4all_ethics.services.access import AccessDenied, role_allows
from secu4all_ethics.ui.context import content_or_stop, current_actor, current_language, open_assessment, service, sign_in_instructions, switch_to
from secu4all_ethics.ui.text import literal

EXAMPLES = PACKAGE_ROOT / "criteria" / "examples"

language = current_language()
# The heading comes before the content is loaded, so a first visit sees the page at once.
st.title(t("start.heading", language))
st.write(t("start.intro", language))
bundle = content_or_stop()
actor = current_actor()


@st.cache_data(show_spinner=False)
def scenarios() -> dict[str, dict]:
    return {path.stem: load_assessment(path).model_dump(mode="json") for path in sorted(EXAMPLES.glob("*.yaml"))}


def go_to_need() -> None:
    switch_to("need")


def page_to_open(role: str) -> str:
    """Where "Open" leads: to the first step, or to Review for a role that reviews but may not edit (a DPO)."""
    if not role_allows(role, "edit_assessment") and role_allows(role, "record_verdict"):
        return "review"
    return "need"


if actor is None:
    st.info(sign_in_instructions(language))
else:
    may_create, may_import = role_allows(actor.role, "create_assessment"), role_allows(actor.role, "import_assessment")
    if may_create or may_import:
        new_column, import_column = st.columns(2, gap="large")
    else:
        # A hidden button is a courtesy (the service refuses anyway): a DPO is not offered what the role may not do.
        st.caption(
            t("start.reviewer_intro", language, role=t(f"role.{actor.role}", language), open=t("start.open", language), review=t("nav.review", language))
        )
    if may_create:
        with new_column:
            st.header(t("start.new", language))
            title = st.text_input(t("start.new_title", language), key="new-title", placeholder=t("start.new_title_placeholder", language))
            options = ["blank", *scenarios()]
            origin = st.selectbox(
                t("start.new_from", language),
                options,
                key="new-origin",
                format_func=lambda key: t("start.blank", language) if key == "blank" else scenarios()[key]["title"],
            )
            if st.button(t("start.create", language), type="primary", key="create"):
                if origin == "blank":
                    assessment = Assessment(id="new", title=title.strip() or t("start.untitled", language), framework=bundle.framework_ref(), language=language)
                else:
                    assessment = Assessment.model_validate(scenarios()[origin])
                    if title.strip():
                        assessment.title = title.strip()
                try:
                    stored = service().create(actor, assessment)
                except AccessDenied as denied:
                    st.error(t("save.refused", language, reason=denied.describe(language)))
                except ContentError as error:
                    st.error(t("save.refused", language, reason=" ".join(issue_sentence(issue, language) for issue in error.issues)))
                else:
                    if open_assessment(stored.assessment_id):
                        go_to_need()
    if may_import:
        with import_column:
            st.header(t("start.import", language))
            upload = st.file_uploader(t("start.import_file", language), type=["yaml", "yml", "json"], key="import-file", max_upload_size=1)
            if upload is not None and st.button(t("start.import_button", language), key="import"):
                try:
                    stored = service().import_document(actor, upload.getvalue(), upload.name)
                except ContentError as error:
                    st.error(t("start.import_refused", language))
                    st.code("\n".join(located_sentence(issue, language) for issue in error.issues), language=None)
                except AccessDenied as denied:
                    st.error(t("error.access_denied", language, reason=denied.describe(language)))
                else:
                    if open_assessment(stored.assessment_id):
                        go_to_need()

    st.header(t("start.saved", language))
    try:
        saved = service().list_visible(actor, limit=100)
    except AccessDenied:
        saved = []
    if not saved:
        st.caption(t("start.none_saved", language))
    for summary in saved:
        row = st.columns([6, 2, 3, 2], vertical_alignment="center")
        row[0].markdown(f"**{literal(summary.title)}**")
        row[1].markdown(t(f"status.{summary.status}", language))
        updated = dt.datetime.strptime(summary.updated_at[:19], "%Y-%m-%dT%H:%M:%S").date()
        row[2].caption(t("start.last_change", language, date=format_date(updated, language), version=summary.version))
        if row[3].button(t("start.open", language), key=f"open-{summary.id}"):
            if open_assessment(summary.id):
                switch_to(page_to_open(actor.role))

with st.expander(t("start.spine.heading", language)):
    for key in ("start.spine.gates", "start.spine.necessity", "start.spine.evidence", "start.spine.explain"):
        st.markdown("- " + t(key, language))
    st.markdown(f"**{t('start.pillars.heading', language)}**")
    for pillar in bundle.framework.pillars:
        st.markdown(f"- **{pillar.name.get(language)}**: {pillar.description.get(language)}")

with st.expander(t("start.catalogue.heading", language)):
    framework = bundle.framework
    st.caption(
        t(
            "start.catalogue.caption",
            language,
            count=len(bundle.technologies),
            alternatives=t("start.catalogue.alternatives", language, count=sum(1 for tech in bundle.technologies if tech.is_less_intrusive_alternative)),
            framework=framework.name.get(language),
            version=framework.version,
            valid_as_of=format_date(framework.valid_as_of, language),
        )
    )
    # The full table lives in the Library; drawing it here would import pandas on the first page.
    st.page_link(st.session_state["pages"]["library"], label=t("start.catalogue.browse", language), icon=":material/menu_book:")

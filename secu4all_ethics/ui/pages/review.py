"""Review: the data protection officer reads the submitted version section by
section, gives a verdict on each and an overall opinion, then asks for changes
or signs off. Everyone else sees the same review read-only.

The rules (only a DPO reviews, nobody reviews what they wrote, only a
submitted version is reviewed) are the service's; this page asks it and shows
its answer."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from secu4all_ethics.domain.review import HINT_OVERRIDES, OPINIONS, SECTION_VERDICTS, previous_round, review_points
from secu4all_ethics.domain.review import missing_for_sign_off as sign_off_gaps
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import t
from secu4all_ethics.report.build import reviewer_text
from secu4all_ethics.report.build import verdict_text as shown_verdict
from secu4all_ethics.services.access import AccessDenied, role_allows
from secu4all_ethics.services.assessments import ConflictError, NotFoundError, ReviewStateError
from secu4all_ethics.services.reports import ReportService
from secu4all_ethics.ui.context import (
    OPEN_ID,
    actor_or_stop,
    assessment_or_stop,
    current_actor,
    current_language,
    service,
    sign_in_instructions,
    widget_key,
)
from secu4all_ethics.ui.evaluation import WeightError, weight_error_text
from secu4all_ethics.ui.reporting import (
    adopt_stored,
    download_button,
    follow_status_changes,
    history_table,
    initialise,
    review_record,
    review_record_or_stop,
    section_title,
    show_blocks,
    show_message,
    when,
)
from secu4all_ethics.ui.text import literal, literal_lines
from secu4all_ethics.ui.versions import show_changes

language = current_language()
actor = actor_or_stop()
assessment_or_stop()
MESSAGE = "review_message"  # (level, text, where) left by a button's callback, shown once
NEEDS_COMMENT = ("improvable", "to_correct")
NEEDS_REASONS = ("favourable_with_conditions", "unfavourable")
VERDICT_ICONS = {"acceptable": ":material/check_circle:", "improvable": ":material/edit_note:", "to_correct": ":material/error:"}

assessment_id = st.session_state[OPEN_ID]
record = review_record_or_stop(actor, assessment_id)
follow_status_changes(record)
assessment = assessment_or_stop()
round_ = record.round
status = record.status
# The service's own answer to "may this person review it?" (role, organisation, authorship).
refusal: str | None
try:
    service().authorize(actor, assessment_id, "record_verdict")
except AccessDenied as denied:
    may_review, refusal = False, denied.describe(language)
else:
    may_review, refusal = True, None
# Verdicts are given on a submitted version only; afterwards the round stays on record, read-only.
under_review = status == "submitted" and round_.submission is not None
shown_round = round_.submission is not None and status in ("submitted", "changes_requested", "signed_off")
editable = may_review and under_review


def say(level: str, text: str, where: str | None = None) -> None:
    st.session_state[MESSAGE] = (level, text, where)


def act(call, where: str | None = None) -> bool:
    """Run a review step through the service as whoever is signed in at the click; its refusals
    become messages, never tracebacks."""
    who = current_actor()
    if who is None:
        say("error", sign_in_instructions(language), where)
        return False
    try:
        call(who)
    except AccessDenied as denied:
        say("error", t("error.access_denied", language, reason=denied.describe(language)), where)
    except ConflictError as conflict:
        say("error", t("review.conflict", language, version=conflict.current), where)
    except ReviewStateError as error:
        say("error", t("review.refused", language, reason=error.describe(language)), where)
    except ValueError as error:  # a verdict outside the scale: the page offers none, so this is a programming error
        say("error", t("review.refused", language, reason=str(error)), where)
    except NotFoundError:
        say("error", t("error.assessment_not_found", language), where)
    else:
        return True
    return False


# --- callbacks --------------------------------------------------------------------------------------------


def record_section(section: str, verdict_key: str, comment_key: str, version: int) -> None:
    verdict = st.session_state.get(verdict_key)
    comment = (st.session_state.get(comment_key) or "").strip()
    if verdict is None:
        say("error", t("review.verdict_needed", language, section=section_title(section, language)), section)
        return
    if verdict in NEEDS_COMMENT and not comment:
        say("error", t("review.comment_needed", language, section=section_title(section, language)), section)
        return
    # expected_version: a verdict meant for the version this page showed is refused once a newer one is under review.
    recorded = act(
        lambda who: service().record_verdict(who, assessment_id, section=section, verdict=verdict, comment=comment, expected_version=version),
        section,
    )
    if recorded:
        verdict_name = t(f"report.review.verdict.{verdict}", language)
        say("success", t("review.recorded", language, section=section_title(section, language), verdict=verdict_name), section)


def record_opinion(opinion_key: str, reasons_key: str, version: int) -> None:
    opinion = st.session_state.get(opinion_key)
    reasons = (st.session_state.get(reasons_key) or "").strip()
    if opinion is None:
        say("error", t("review.opinion_needed", language), "opinion")
        return
    if opinion in NEEDS_REASONS and not reasons:
        say("error", t("review.reasons_needed", language), "opinion")
        return
    recorded = act(
        lambda who: service().record_verdict(who, assessment_id, section=None, verdict=opinion, comment=reasons, kind="opinion", expected_version=version),
        "opinion",
    )
    if recorded:
        say("success", t("review.opinion_recorded", language, opinion=t(f"report.review.opinion.{opinion}", language)), "opinion")


def ask_for_changes(comment_key: str, version: int) -> None:
    comment = (st.session_state.get(comment_key) or "").strip()
    if not comment:
        say("error", t("review.changes_comment_needed", language), "changes")
        return
    stored = []
    if act(lambda who: stored.append(service().request_changes(who, assessment_id, expected_version=version, comment=comment)), "changes"):
        adopt_stored(stored[0])
        say("success", t("review.changes_requested", language, version=version))


def missing_for_sign_off(current, points: tuple[str, ...]) -> list[str]:
    """What keeps the DPO from signing (the service's rule): points without a verdict, points to correct, no opinion."""
    missing = []
    for item in sign_off_gaps(current, points):
        kind, _, point = item.partition(":")
        missing.append(t(f"review.missing.{kind}", language, **({"section": section_title(point, language)} if point else {})))
    return missing


def sign(version: int) -> None:
    fresh = []  # what is on record now, not what the page showed
    if not act(lambda who: fresh.append(review_record(who, assessment_id)), "sign"):
        return
    missing = missing_for_sign_off(fresh[0].round, points)
    if missing:
        say("error", t("review.sign_off.refused", language) + "\n\n" + "\n".join(f"- {item}" for item in missing), "sign")
        return
    stored = []
    if act(lambda who: stored.append(service().sign_off(who, assessment_id, expected_version=version)), "sign"):
        adopt_stored(stored[0])
        say("success", t("review.signed", language, version=version))


# --- the page ---------------------------------------------------------------------------------------------

st.title(t("review.title", language))
st.caption(literal(assessment.title))
if st.session_state.get(MESSAGE) is not None and st.session_state[MESSAGE][2] in ("changes", "sign") and not editable:
    show_message(MESSAGE, st.session_state[MESSAGE][2])  # the outcome: its panel is gone, so it is said here
show_message(MESSAGE)
if not role_allows(actor.role, "record_verdict"):
    st.info(t("review.read_only", language, role=t(f"role.{actor.role}", language)), icon=":material/visibility:")
elif not may_review:
    st.info(t("review.not_allowed", language, reason=refusal), icon=":material/block:")
if may_review and not actor.authenticated:
    # Sign-in mode none: whoever picks the role reviews; the record and the report say so.
    st.warning(t("review.own_work_unenforced", language), icon=":material/no_accounts:")

# Where the review stands
st.header(t("review.status.heading", language))
submission = round_.submission if shown_round else None
if submission is None:
    st.info(t("review.nothing_submitted", language, version=record.latest.version), icon=":material/hourglass_empty:")
    if round_.outcome is not None and round_.outcome.kind == "changes_requested":
        st.caption(t("review.being_revised", language, version=round_.outcome.version, date=when(round_.outcome, language)))
else:
    st.markdown(
        t("review.submitted_by", language, version=submission.version, who=literal(reviewer_text(submission, language)), date=when(submission, language))
    )
    st.caption(t("review.document_hash", language, hash=submission.document_hash))


def show_changed_since() -> None:
    """At the top of a re-review: what changed since the version the DPO sent back, which verdicts are
    carried over and which sections are open again."""
    earlier = previous_round(record.entries)
    request = earlier.outcome
    if earlier.version is None or request is None or request.kind != "changes_requested" or round_.version is None:
        return
    diff = service().compare(actor, assessment_id, earlier.version, round_.version)
    carried = [entry for entry in round_.section_verdicts if entry.carried_over]
    given = {entry.section for entry in round_.section_verdicts}
    still_open = t("wording.list_separator", language).join(section_title(point, language) for point in points if point not in given)
    with st.container(border=True, key="review-changed-since"):
        st.subheader(t("review.changed_since.heading", language), anchor=False)
        lines = [
            t(
                "review.changed_since.text",
                language,
                version=round_.version,
                reviewed=earlier.version,
                who=reviewer_text(request, language),
                date=when(request, language),
            )
        ]
        if carried:
            lines.append(t("review.changed_since.carried", language, count=len(carried), reviewed=earlier.version, open=still_open or "—"))
        else:
            lines.append(t("review.changed_since.none_carried", language, reviewed=earlier.version))
        st.markdown(literal(" ".join(lines)))
        with st.expander(t("review.changed_since.details", language), key="review-changed-since-details"):
            show_changes(actor, assessment_id, diff, language)
        st.page_link(st.session_state["pages"]["history"], label=t("review.changed_since.all_versions", language), icon=":material/history:")


report = None
overrides = []  # (option result, gate outcome) of every catalogue "fails" the assessors set aside in the reviewed version
if shown_round:
    try:
        built = ReportService(service()).build(actor, assessment_id, language, version=round_.version)
        report = built.report
        overrides = [(option, gate) for option in built.result.options for gate in option.gates if gate.overrides_hint]
    except AccessDenied as denied:
        st.error(t("error.access_denied", language, reason=denied.describe(language)))
    except WeightError as error:
        st.error(t("review.report_failed", language, reason=weight_error_text(error, language)))
    except ContentError as error:
        st.error(t("review.report_failed", language, reason=str(error)))
    if status == "signed_off" and round_.sign_off is not None:
        # The signed state as the report states it: checked against the signed document.
        try:
            state = report.review if report is not None else ReportService(service()).review_state(actor, assessment_id, language)
        except (AccessDenied, ContentError, WeightError):
            st.success(t("status.signed_off", language), icon=":material/verified:")
        else:
            if state.signed:
                st.success(literal(state.label), icon=":material/verified:")
            else:
                st.error(literal(state.label), icon=":material/gpp_bad:")
    elif status == "changes_requested":
        st.warning(t("report.review.state.changes_requested", language), icon=":material/rate_review:")
    else:
        st.info(t("report.review.state.submitted", language), icon=":material/hourglass_top:")

points = review_points(bool(overrides))
if report is not None and under_review:
    show_changed_since()


def show_overrides() -> None:
    """The overridden hints, each with the catalogue's reason and the assessors' answer and justification."""
    st.warning(t("review.overrides.caption", language), icon=":material/gpp_maybe:")
    catalogue = service().bundle.technologies_by_id
    for option, gate in overrides:
        technology = catalogue.get(option.catalogue_id) if option.catalogue_id else None
        reason = next((h.reason.get(language) for h in technology.gate_hints if h.gate == gate.gate), "") if technology else ""
        lines = [f"**{literal(option.name)} — {literal(gate.gate_name)}**"]
        if reason:
            lines.append(literal(t("review.overrides.catalogue", language, reason=reason)))
        lines.append(literal(t("review.overrides.answer", language, answer=t(f"gate.answer.{gate.answer}", language))))
        if gate.justification.strip():
            lines.append(f"> {literal_lines(gate.justification)}")
        else:
            lines.append(literal(t("review.overrides.no_justification", language)))
        with st.container(border=True):
            st.markdown("\n\n".join(lines))


if report is not None:
    # --- section by section -------------------------------------------------------------------------------
    st.header(t("review.sections.heading", language))
    st.caption(t("review.sections.caption", language, version=round_.version))
    verdicts = {entry.section: entry for entry in round_.section_verdicts}
    for section_id in points:
        recorded = verdicts.get(section_id)
        verdict_text = shown_verdict(recorded, language) if recorded else t("review.no_verdict", language)
        if section_id == HINT_OVERRIDES:
            title = f"{section_title(section_id, language)} ({len(overrides)})"
        else:
            section = report.section(section_id)
            title = f"{section.number}. {section.title}"
        with st.expander(
            f"{title} — {verdict_text}",
            key=widget_key(f"review.{section_id}.expander"),
            icon=VERDICT_ICONS.get(recorded.verdict, ":material/pending:") if recorded else ":material/pending:",
        ):
            if section_id == HINT_OVERRIDES:
                show_overrides()
            else:
                show_blocks(section.blocks, key=widget_key(f"review.{section_id}.block"))
            with st.container(border=True):
                show_message(MESSAGE, section_id)
                if recorded is not None:
                    who = reviewer_text(recorded, language)
                    text = t("review.recorded_by", language, verdict=verdict_text, who=who, date=when(recorded, language))
                    st.markdown(f"**{literal(text)}**" + (f"\n\n> {literal_lines(recorded.comment)}" if recorded.comment.strip() else ""))
                elif not editable:
                    st.caption(t("review.no_verdict", language))
                if editable:
                    verdict_key = widget_key(f"review.{round_.version}.{section_id}.verdict")
                    comment_key = widget_key(f"review.{round_.version}.{section_id}.comment")
                    initialise(verdict_key, recorded.verdict if recorded else None)
                    initialise(comment_key, recorded.comment if recorded else "")
                    st.radio(
                        t("review.verdict", language),
                        SECTION_VERDICTS,
                        index=None,
                        key=verdict_key,
                        horizontal=True,
                        format_func=lambda v: t(f"report.review.verdict.{v}", language),
                    )
                    st.text_area(t("review.comment", language), key=comment_key, height=80, help=t("review.comment_help", language))
                    st.button(
                        t("review.record", language),
                        key=widget_key(f"review.{round_.version}.{section_id}.record"),
                        on_click=record_section,
                        args=(section_id, verdict_key, comment_key, round_.version),
                        icon=":material/save:",
                    )

    # --- overall opinion ----------------------------------------------------------------------------------------
    st.header(t("report.review.opinion", language))
    show_message(MESSAGE, "opinion")
    if round_.opinion is not None:
        opinion_text = t(f"report.review.opinion.{round_.opinion.verdict}", language)
        who = reviewer_text(round_.opinion, language)
        text = t("review.recorded_by", language, verdict=opinion_text, who=who, date=when(round_.opinion, language))
        st.markdown(f"**{literal(text)}**" + (f"\n\n> {literal_lines(round_.opinion.comment)}" if round_.opinion.comment.strip() else ""))
    elif not editable:
        st.caption(t("review.no_opinion", language))
    if editable:
        opinion_key = widget_key(f"review.{round_.version}.opinion")
        reasons_key = widget_key(f"review.{round_.version}.reasons")
        initialise(opinion_key, round_.opinion.verdict if round_.opinion else None)
        initialise(reasons_key, round_.opinion.comment if round_.opinion else "")
        st.radio(
            t("report.review.opinion", language),
            OPINIONS,
            index=None,
            key=opinion_key,
            horizontal=True,
            format_func=lambda o: t(f"report.review.opinion.{o}", language),
            label_visibility="collapsed",
        )
        st.text_area(t("report.review.reasons", language), key=reasons_key, height=90, help=t("review.reasons_help", language))
        st.button(
            t("review.record_opinion", language),
            key=widget_key(f"review.{round_.version}.opinion.record"),
            on_click=record_opinion,
            args=(opinion_key, reasons_key, round_.version),
            icon=":material/save:",
        )

    # --- the outcome ----------------------------------------------------------------------------------------
    if editable:
        st.header(t("review.outcome.heading", language))
        changes_column, sign_column = st.columns(2, gap="large")
        with changes_column:
            st.markdown(f"**{t('review.changes.heading', language)}**")
            show_message(MESSAGE, "changes")
            changes_key = widget_key(f"review.{round_.version}.changes_comment")
            st.text_area(t("review.changes.comment", language), key=changes_key, height=90)
            st.button(
                t("review.changes.button", language),
                key=widget_key(f"review.{round_.version}.changes"),
                on_click=ask_for_changes,
                args=(changes_key, record.latest.version),
                icon=":material/undo:",
            )
        with sign_column:
            st.markdown(f"**{t('review.sign_off.heading', language)}**")
            show_message(MESSAGE, "sign")
            missing = missing_for_sign_off(round_, points)
            if missing:
                st.warning(t("review.sign_off.missing", language) + "\n\n" + "\n".join(f"- {item}" for item in missing))
            else:
                st.caption(t("review.sign_off.ready", language, version=record.latest.version))
            st.button(
                t("review.sign_off.button", language),
                key=widget_key(f"review.{round_.version}.sign"),
                type="primary",
                on_click=sign,
                args=(record.latest.version,),
                disabled=bool(missing),
                icon=":material/verified:",
            )

    # --- the signature ---------------------------------------------------------------------------------------
    signature = round_.sign_off if status == "signed_off" else None
    if signature is not None:
        st.header(t("report.review.signature", language))
        item, value = t("report.review.column.item", language), t("report.review.column.value", language)
        st.table(
            pd.DataFrame(
                [
                    {item: t("report.review.signed_by", language), value: literal(signature.shown_reviewer)},
                    {
                        item: t("report.review.authentication", language),
                        value: t("report.review.authenticated" if signature.reviewer_authenticated else "report.review.self_declared", language),
                    },
                    {item: t("report.review.signed_at", language), value: when(signature, language)},
                    {item: t("report.review.signed_version", language), value: str(signature.version)},
                ]
            ),
            hide_index=True,
        )
        # The hash in full, on its own: it is what a reader checks the signed file against.
        st.caption(t("report.review.signed_hash", language))
        st.code(signature.document_hash, language=None, wrap_lines=True)
        download_button(
            actor,
            assessment_id,
            assessment.title,
            record.report_version,
            language,
            "pdf",
            key="review-download-pdf",
            label=t("review.download_signed", language),
            primary=True,
        )

# --- history ------------------------------------------------------------------------------------------------
st.header(t("report.review.history", language))
if record.entries:
    columns = {t("report.review.column.comment", language): st.column_config.TextColumn(width="large")}
    st.dataframe(
        history_table(record.entries, language),
        hide_index=True,
        width="stretch",
        key="review-history",
        column_config=columns,
        height=min(38 + 35 * len(record.entries), 700),
    )
else:
    st.caption(t("report.review.none", language))

if st.session_state.get(MESSAGE) is not None:
    show_message(MESSAGE, st.session_state[MESSAGE][2])  # whatever had no place left on the page

"""A participant's inputs on their phone: the weights in the workshop's mode, and the scores
they may adjust. Every change is kept at once as a draft; the page submits it.

The widgets' values live in the session under keys named by round and item, so the input is
rebuilt from them (collected_input) for every save."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping

import streamlit as st

from ..content.bundle import ContentBundle
from ..domain.scenario_card import ScenarioCard
from ..domain.workshop import PairwiseAnswer, ParticipantInput, WorkshopSettings
from ..engine.group import item_ids
from ..i18n import format_percent, t
from .workshops import (
    POINTS_TOTAL,
    SAATY_STEPS,
    SLIDER_MAX,
    card_scores,
    closest_step,
    default_points,
    item_descriptions,
    item_names,
    option_names,
    pillar_pairs,
    saaty_label,
)

DEFAULT_SLIDER = 5
PAIR_ENDS = (
    "<div style='display:flex;justify-content:space-between;gap:1.5rem;font-weight:600;margin:.8rem 0 .2rem'>"
    "<span>{first}</span><span style='text-align:right'>{second}</span></div>"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Ý])")


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def weight_key(round_number: int, item: str) -> str:
    return f"ws:{round_number}:weight:{item}"


def pair_key(round_number: int, a: str, b: str) -> str:
    return f"ws:{round_number}:pair:{a}:{b}"


def score_key(round_number: int, option: str, criterion: str) -> str:
    return f"ws:{round_number}:score:{option}:{criterion}"


def _start_weights(settings: WorkshopSettings, bundle: ContentBundle, start: ParticipantInput | None) -> dict[str, float]:
    if start is not None and start.weights:
        return dict(start.weights)
    if settings.weighting_mode == "points":
        return {key: float(value) for key, value in default_points(bundle).items()}
    return {item: float(DEFAULT_SLIDER) for item in item_ids(bundle, settings.weighting_mode)}


def prepare(settings: WorkshopSettings, bundle: ContentBundle, card: ScenarioCard, round_number: int, start: ParticipantInput | None) -> None:
    """Put the participant's stored input (or the starting values) into the widgets' keys, once."""
    state = st.session_state
    if settings.weighting_mode == "pairwise":
        judged = {(answer.a, answer.b): answer.value for answer in (start.judgements if start else [])}
        for a, b in pillar_pairs(bundle):
            state.setdefault(pair_key(round_number, a, b), closest_step(judged.get((a, b), 1.0)))
    else:
        for item, value in _start_weights(settings, bundle, start).items():
            state.setdefault(weight_key(round_number, item), int(round(value)))
    if settings.scores_adjustable:
        changed = start.scores if start else {}
        for option, levels in card_scores(card).items():
            for criterion, level in levels.items():
                state.setdefault(score_key(round_number, option, criterion), changed.get(option, {}).get(criterion, level))


def collected_input(settings: WorkshopSettings, bundle: ContentBundle, card: ScenarioCard, round_number: int) -> ParticipantInput:
    """The participant's input as the widgets hold it now."""
    state = st.session_state
    weights: dict[str, float] = {}
    judgements: list[PairwiseAnswer] = []
    if settings.weighting_mode == "pairwise":
        judgements = [PairwiseAnswer(a=a, b=b, value=float(state[pair_key(round_number, a, b)])) for a, b in pillar_pairs(bundle)]
    else:
        weights = {item: float(state[weight_key(round_number, item)]) for item in item_ids(bundle, settings.weighting_mode)}
    scores: dict[str, dict[str, int]] = {}
    if settings.scores_adjustable:
        for option, levels in card_scores(card).items():
            changed = {c: int(state[score_key(round_number, option, c)]) for c, level in levels.items() if state[score_key(round_number, option, c)] != level}
            if changed:
                scores[option] = changed
    return ParticipantInput(weights=weights, judgements=judgements, scores=scores)


def points_left(bundle: ContentBundle, round_number: int) -> int:
    return POINTS_TOTAL - sum(int(st.session_state[weight_key(round_number, c)]) for c in bundle.criterion_ids)


def _median_caption(item: str, medians: Mapping[str, float] | None, own_share: float | None, language: str) -> None:
    if medians is None or item not in medians:
        return
    if own_share is None:
        st.caption(t("join.median_only", language, median=format_percent(medians[item], language)))
    else:
        st.caption(t("join.median_beside_yours", language, median=format_percent(medians[item], language), yours=format_percent(own_share, language)))


def weight_inputs(
    settings: WorkshopSettings,
    bundle: ContentBundle,
    round_number: int,
    medians: Mapping[str, float] | None,
    on_change: Callable[[], None],
    language: str,
) -> None:
    """The weights in the workshop's mode; in round 2 each with the group's median beside the participant's own share."""
    mode = settings.weighting_mode
    names, descriptions = item_names(bundle, language), item_descriptions(bundle, language)
    if mode == "pairwise":
        _pairwise(bundle, round_number, medians, on_change, language)
        return
    items = item_ids(bundle, mode)
    total = sum(float(st.session_state[weight_key(round_number, item)]) for item in items)
    if mode == "points":
        left = points_left(bundle, round_number)
        st.markdown(t("join.points_left", language, count=left, total=POINTS_TOTAL))
    else:
        st.caption(t("join.sliders_help", language, maximum=SLIDER_MAX))
    for item in items:
        key = weight_key(round_number, item)
        # The name, then what it means in one sentence, then the input: read top to bottom on a phone.
        st.markdown(f"**{names[item]}**")
        st.caption(first_sentence(descriptions[item]))
        if mode == "points":
            st.number_input(names[item], min_value=0, max_value=POINTS_TOTAL, step=1, key=key, on_change=on_change, label_visibility="collapsed")
        else:
            st.slider(names[item], min_value=0, max_value=SLIDER_MAX, step=1, key=key, on_change=on_change, label_visibility="collapsed")
        own = float(st.session_state[key]) / total if total else None
        _median_caption(item, medians, own, language)


def _pairwise(bundle: ContentBundle, round_number: int, medians: Mapping[str, float] | None, on_change: Callable[[], None], language: str) -> None:
    names = item_names(bundle, language)
    st.caption(t("join.pairwise_help", language))
    if medians:
        st.caption(t("join.pairwise_medians", language, medians=", ".join(f"{names[p]} {format_percent(v, language)}" for p, v in medians.items())))
    for a, b in pillar_pairs(bundle):
        # The two names stand over the slider's ends, so a phone shows which way is which (one row:
        # st.columns would stack them at 390 px), with room under them for the slider's value.
        st.html(PAIR_ENDS.format(first=html.escape(names[a]), second=html.escape(names[b])))
        st.select_slider(
            t("join.pairwise_label", language, first=names[a], second=names[b]),
            options=SAATY_STEPS,
            format_func=functools.partial(saaty_label, first=names[a], second=names[b], language=language),
            key=pair_key(round_number, a, b),
            on_change=on_change,
            label_visibility="collapsed",
        )


def score_inputs(card: ScenarioCard, bundle: ContentBundle, round_number: int, on_change: Callable[[], None], language: str) -> None:
    """Compact: one expander per option, a 1-5 level per judged criterion, starting at the card's."""
    names, options = item_names(bundle, language), option_names(card, language)
    judged = set(bundle.judgement_criterion_ids)
    st.caption(t("join.scores_help", language))
    for option, levels in card_scores(card).items():
        with st.expander(options.get(option, option)):
            for criterion, level in levels.items():
                if criterion not in judged:
                    continue
                st.select_slider(
                    names[criterion],
                    options=(1, 2, 3, 4, 5),
                    key=score_key(round_number, option, criterion),
                    on_change=on_change,
                    help=t("join.card_score", language, level=level),
                )

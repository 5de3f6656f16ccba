"""A workshop round's facts (engine.group) in the workshop's language: the debate prompts as
questions to the room, the participants' agreement, and what changed between the rounds.

Options, criteria, pillars and gates are named by the same table (names.ResultNames) as in the
results and the report, so the room reads the names it will find in the debrief."""

from __future__ import annotations

from ..content.bundle import ContentBundle
from ..engine.group.results import DebatePrompt, RoundChange, RoundOutcome
from ..i18n import format_number, format_percent, t
from .names import ResultNames
from .text import list_separator

# Kendall's W in bands, as the room reads it: the lower bound of each band (W shown with 2 decimals).
CONSENSUS_BANDS = ((0.7, "strong"), (0.5, "good"), (0.3, "moderate"), (0.0, "weak"))
W_DECIMALS = 2


def workshop_names(outcome: RoundOutcome, bundle: ContentBundle, language: str) -> ResultNames:
    """The names of the round's options, criteria, pillars and gates in language."""
    return ResultNames.of(outcome.evaluation.options, bundle, language)


def prompt_text(prompt: DebatePrompt, names: ResultNames, language: str) -> str:
    """A debate prompt as a question to the room."""
    params = prompt.params
    key = f"workshop_outcome.prompt.{prompt.code}"
    if prompt.code == "widest_spread":
        return t(
            key,
            language,
            item=names.label(params["item"]),
            minimum=format_percent(params["min"], language),
            maximum=format_percent(params["max"], language),
        )
    if prompt.code == "first_would_change":
        return t(
            f"{key}.{params['direction']}",
            language,
            first=names.options[params["first"]],
            runner_up=names.options[params["runner_up"]],
            criterion=names.criteria[params["criterion"]],
            current=format_percent(params["current_weight"], language),
            threshold=format_percent(params["threshold_weight"], language),
        )
    if prompt.code == "excluded_option":
        return t(key, language, option=names.options[params["option"]], gates=list_separator(language).join(names.gate(g) for g in params["gates"]))
    if prompt.code == "split_first_choice":
        options = params["options"]
        shares = [
            t("workshop_outcome.first_share", language, option=names.options[option], share=format_percent(share, language))
            for option, share in zip(options, params["shares"])
        ]
        return t(key, language, shares=list_separator(language).join(shares), first=names.options[options[0]], second=names.options[options[1]])
    # below_status_quo
    below = [names.options[option] for option in params["options"]]
    number = "one" if len(below) == 1 else "several"  # one option is named in the sentence, several are listed after it
    return t(f"{key}.{number}", language, options=list_separator(language).join(below), status_quo=names.options[params["status_quo"]])


def _w(value: float, language: str) -> str:
    return format_number(value, language, W_DECIMALS)


def consensus_band(kendalls_w: float) -> str:
    """weak, moderate, good or strong, read on W as it is shown (rounded to 2 decimals)."""
    shown = round(kendalls_w, W_DECIMALS)
    return next(band for lower, band in CONSENSUS_BANDS if shown >= lower)


def consensus_text(kendalls_w: float | None, language: str) -> str:
    """How far the participants agree on the order of importance, with the bands' convention."""
    if kendalls_w is None:
        return t("workshop_outcome.consensus.unknown", language)
    band = t(f"workshop_outcome.consensus.band.{consensus_band(kendalls_w)}", language)
    return " ".join(
        (t("workshop_outcome.consensus.reading", language, w=_w(kendalls_w, language), band=band), t("workshop_outcome.consensus.convention", language))
    )


def change_text(change: RoundChange, names: ResultNames, language: str) -> str:
    """Whether agreement grew between the rounds, and whether the group's first option stayed."""
    before, after = change.kendalls_w_before, change.kendalls_w_after
    if before is None or after is None:
        agreement = t("workshop_outcome.change.consensus.unknown", language)
    else:
        agreement = t(f"workshop_outcome.change.consensus.{change.consensus}", language, before=_w(before, language), after=_w(after, language))
    first_before, first_after = change.group_first_before, change.group_first_after
    if first_before is None or first_after is None:
        first = t("workshop_outcome.change.first.unknown", language)
    elif first_before == first_after:
        first = t("workshop_outcome.change.first.stayed", language, option=names.options[first_after])
    else:
        first = t("workshop_outcome.change.first.changed", language, before=names.options[first_before], after=names.options[first_after])
    return f"{agreement} {first}"

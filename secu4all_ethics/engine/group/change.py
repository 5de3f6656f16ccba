"""What moved between two rounds of a workshop (the Delphi round)."""

from __future__ import annotations

from typing import Literal

import numpy as np

from .results import ItemMove, RoundChange, RoundOutcome

# A move smaller than half a percentage point is a slider's jitter, not a change of mind.
MIN_MOVE = 0.005
# W is shown with two decimals: consensus "grew" only when the figures shown differ.
W_DECIMALS = 2


def round_change(before: RoundOutcome, after: RoundOutcome) -> RoundChange:
    """The participants' moves (those who submitted in both rounds), and the group's before and after."""
    items = list(after.items)
    earlier = {p.pseudonym: p for p in before.participants}
    both = [(earlier[p.pseudonym], p) for p in after.participants if p.pseudonym in earlier]
    moves = [
        ItemMove(pseudonym=now.pseudonym, item=item, before=then.weights[item], after=now.weights[item])
        for then, now in both
        for item in items
        if abs(now.weights[item] - then.weights[item]) > MIN_MOVE
    ]
    moves.sort(key=lambda move: -round(abs(move.after - move.before), 12))  # stable: equal moves keep pseudonym then item order
    mean_absolute_change = {item: float(np.mean([abs(now.weights[item] - then.weights[item]) for then, now in both])) for item in items} if both else {}
    return RoundChange(
        moves=moves,
        mean_absolute_change=mean_absolute_change,
        kendalls_w_before=before.kendalls_w,
        kendalls_w_after=after.kendalls_w,
        consensus=_consensus(before.kendalls_w, after.kendalls_w),
        group_first_before=before.evaluation.ranking[0] if before.evaluation.ranking else None,
        group_first_after=after.evaluation.ranking[0] if after.evaluation.ranking else None,
    )


def _consensus(w_before: float | None, w_after: float | None) -> Literal["grew", "fell", "unchanged", "unknown"]:
    if w_before is None or w_after is None:
        return "unknown"
    shown_before, shown_after = round(w_before, W_DECIMALS), round(w_after, W_DECIMALS)
    if shown_after > shown_before:
        return "grew"
    if shown_after < shown_before:
        return "fell"
    return "unchanged"

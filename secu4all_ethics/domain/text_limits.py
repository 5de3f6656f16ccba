"""How many characters a text field of the assessment holds, read from the model that refuses more.

The screens show the limit beside each text input (issue #15 point 9), so the figure a
user sees is the one a save is checked against: it is never written a second time.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import MaxLen
from pydantic import BaseModel


def _max_length(constraints: typing.Iterable[Any]) -> int | None:
    for constraint in constraints:
        limit = getattr(constraint, "max_length", None)
        if isinstance(constraint, MaxLen):
            limit = constraint.max_length
        if isinstance(limit, int):
            return limit
    return None


def _unwrapped(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under Optional[...] and Annotated[...], and the constraints Annotated put on it."""
    constraints: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            constraints.extend(extra)
        elif origin in (Union, types.UnionType):
            present = [argument for argument in get_args(annotation) if argument is not type(None)]
            if len(present) != 1:
                return annotation, constraints
            annotation = present[0]
        else:
            return annotation, constraints


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field holds: its own, or each of a union's (the weight settings of each method)."""
    members = [_unwrapped(member)[0] for member in get_args(annotation)] if get_origin(annotation) in (Union, types.UnionType) else [annotation]
    return [member for member in members if isinstance(member, type) and issubclass(member, BaseModel)]


def text_limit(model: type[BaseModel], path: str) -> int | None:
    """The most characters the text at path may hold, or None when path names no limited text.

    path: attribute names joined by dots; after a list or a dict, one segment picks an item,
    whatever it says (options.cctv.necessity_note is the necessity note of an option; so does a
    list position, need.evidence[0].source). A list of
    texts edited as lines (need.affected_groups) gives the limit of each line.
    """
    annotation: Any = model
    constraints: list[Any] = []
    segments = path.replace("[", ".").replace("]", "").split(".") if path else []
    position = 0
    while position < len(segments):
        models = _models_in(annotation)
        if models:
            field = next((member.model_fields[segments[position]] for member in models if segments[position] in member.model_fields), None)
            if field is None:
                return None
            annotation, constraints = _unwrapped(field.annotation)
            constraints = [*field.metadata, *constraints]
            position += 1
        elif get_origin(annotation) in (list, dict):
            annotation, constraints = _unwrapped(get_args(annotation)[-1])
            position += 1
        else:
            return None
    if get_origin(annotation) is list:
        annotation, constraints = _unwrapped(get_args(annotation)[0])
    return _max_length(constraints) if annotation is str else None

"""Reading YAML (or JSON) that may come from anyone: an upload, a shared file, a pull request.

Only plain data is accepted. Aliases are refused outright (they are how
"billion laughs" bombs are built and content never needs them),
unknown tags are refused, duplicate keys are refused (PyYAML and the json
module would silently keep the last one), too deep a nesting is refused, and
files are size-checked before they are parsed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError

MAX_FILE_BYTES = 1024 * 1024


try:
    from yaml import CSafeLoader as _BaseLoader  # libyaml when available: 14x faster here
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _PlainDataLoader(_BaseLoader):
    def construct_mapping(self, node, deep=False):
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(None, None, "a mapping key must be a plain value", key_node.start_mark) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _refuse_aliases(root) -> None:
    """An alias makes the composer reuse a node: any node met twice is one.

    The walk keeps a visited set, so an alias bomb is refused at its first
    repeat instead of being expanded."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.MarkedYAMLError(problem="YAML aliases (*name) are not allowed", problem_mark=node.start_mark)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def _describe_yaml_error(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    problem = " ".join(str(problem).split())
    if "could not determine a constructor for the tag" in problem:
        tag = problem.split("for the tag", 1)[1].strip().strip("'\"")
        problem = f"unknown YAML tag {tag.replace('tag:yaml.org,2002:', '!!')} (only plain data is accepted)"
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return problem


def parse_text(text: str, source_name: str) -> Any:
    """Parse YAML (or JSON, which is YAML) text into plain Python data."""
    loader = _PlainDataLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _refuse_aliases(root)
        return loader.construct_document(root)
    except yaml.YAMLError as error:
        raise ContentError.single(source_name, f"not valid YAML: {_describe_yaml_error(error)}") from None
    except RecursionError:
        raise ContentError.single(source_name, "not valid YAML: nesting is too deep") from None
    finally:
        loader.dispose()


def decode_bytes(data: bytes, source_name: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    if len(data) > max_bytes:
        raise ContentError.single(source_name, f"file is {len(data):,} bytes; the limit is {max_bytes:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ContentError.single(source_name, f"not UTF-8 text (invalid byte 0x{data[error.start]:02x} at offset {error.start})") from None


def read_data_file(path: Path, display_name: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Read a YAML or JSON file safely; errors name the file."""
    name = display_name or str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ContentError.single(name, f"cannot be read ({error.strerror})") from None
    if size > max_bytes:
        raise ContentError.single(name, f"file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    text = decode_bytes(data, name, max_bytes)
    if path.suffix.lower() == ".json":
        return _parse_json(text, name)
    return parse_text(text, name)


class _DuplicateKey(Exception):
    pass


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise _DuplicateKey(key)
        mapping[key] = value
    return mapping


def _parse_json(text: str, source_name: str) -> Any:
    """JSON is parsed as JSON (faster than YAML, and exact about numbers), with YAML's rules:
    a duplicate key is refused, as the app's import refuses it, and too deep a nesting is bad input."""
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        raise ContentError.single(source_name, f"not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}") from None
    except _DuplicateKey as error:
        raise ContentError.single(source_name, f"not valid JSON: duplicate key {error.args[0]!r}") from None
    except RecursionError:
        raise ContentError.single(source_name, "not valid JSON: nesting is too deep") from None

"""Hostile, malformed, oversized and mis-encoded files are refused with one
clear line and exit code 2, never a traceback."""

import subprocess
import sys

import pytest

from secu4all_ethics.content.yaml_io import MAX_FILE_BYTES, read_data_file
from secu4all_ethics.errors import ContentError
from tests.conftest import ROOT

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]"
        for i in range(8)
    ]
)

HOSTILE = {
    "alias_bomb.yaml": (BILLION_LAUGHS.encode(), "aliases (*name) are not allowed"),
    "alias_only.yaml": (b"a: &x 1\nb: *x\n", "aliases (*name) are not allowed"),
    "python_object.yaml": (b"x: !!python/object/apply:os.system ['echo pwned']\n", "unknown YAML tag"),
    "custom_tag.yaml": (b"x: !include secrets.yaml\n", "unknown YAML tag"),
    "malformed.yaml": (b"id: [unclosed\nname: {\n", "not valid YAML: line"),
    "duplicate_key.yaml": (b"id: a\nid: b\n", "duplicate key 'id'"),
    "latin1.yaml": ("name: Sécurité\n".encode("latin-1"), "not UTF-8 text (invalid byte 0xe9"),
    "oversized.yaml": (b"# " + b"x" * (MAX_FILE_BYTES + 10), "the limit is"),
    "not_a_mapping.yaml": (b"- just\n- a list\n", "expected a mapping"),
    "empty.yaml": (b"", "found empty"),
    "duplicate_key.json": (b'{"title": "FIRST TITLE", "title": "second"}', "duplicate key 'title'"),
    "deep_list.json": (b"[" * 10_000 + b"]" * 10_000, "nesting is too deep"),
    "deep_object.json": (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, "nesting is too deep"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_library_refuses_hostile_file_with_message(tmp_path, name):
    data, expected = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(data)
    if name in ("not_a_mapping.yaml", "empty.yaml"):
        from secu4all_ethics.content.loader import load_assessment

        with pytest.raises(ContentError) as caught:
            load_assessment(path)
    else:
        with pytest.raises(ContentError) as caught:
            read_data_file(path, name)
    message = str(caught.value)
    assert expected in message
    assert name in message
    assert "\n" not in message


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_cli_refuses_hostile_file_with_one_line_and_exit_2(tmp_path, name):
    data, expected = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(data)
    run = subprocess.run(
        [sys.executable, "-m", "secu4all_ethics", "validate", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    error_lines = [line for line in run.stderr.splitlines() if not line.endswith(" checked")]
    assert len(error_lines) == 1, run.stderr
    assert expected in error_lines[0] and name in error_lines[0]


def test_alias_bomb_is_refused_quickly(tmp_path):
    """The refusal happens while parsing, before any expansion can eat memory."""
    import time

    path = tmp_path / "bomb.yaml"
    path.write_bytes(HOSTILE["alias_bomb.yaml"][0])
    started = time.perf_counter()
    with pytest.raises(ContentError):
        read_data_file(path)
    assert time.perf_counter() - started < 1.0


def test_plain_yaml_and_json_are_read(tmp_path):
    (tmp_path / "ok.yaml").write_text("a: 1\nb: [x, 'é']\n", encoding="utf-8")
    (tmp_path / "ok.json").write_text('{"a": 1, "b": ["x", "é"]}', encoding="utf-8")
    assert read_data_file(tmp_path / "ok.yaml") == {"a": 1, "b": ["x", "é"]}
    assert read_data_file(tmp_path / "ok.json") == {"a": 1, "b": ["x", "é"]}

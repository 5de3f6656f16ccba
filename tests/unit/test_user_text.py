"""User text on the app's Markdown surfaces (ui/text.py) renders as the text typed, never as
markup: checked here with a CommonMark renderer with GFM tables; the browser test
tests/e2e/test_user_text_is_text.py checks Streamlit's own renderer (autolinks, maths)."""

import re

import pandas as pd
import pytest
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from secu4all_ethics.ui.text import literal, literal_frame, literal_lines

RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render
WORD_JOINER = "\u2060"

PAYLOADS = [
    "# heading",
    "![pixel](http://127.0.0.1:9/p.png)",
    "[link](http://e.example/)",
    "<http://e.example/>",
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ ~~gone~~ `code`",
    "- item",
    "+ item",
    "1. first",
    "12) twelfth",
    "> quote",
    "| a | b |",
    "&lt;b&gt; &amp;",
    "$x^2$ :red[red]",
    "[ref]: http://e.example/",
    "***",
    "back\\slash\\",
    "Non-biometric video analytics (augmented cameras): 4.19",
]


def shown(markdown: str) -> tuple[str, list[str]]:
    """The text a reader sees and the tags the renderer made."""
    tree = lxml_html.fromstring(f"<div>{RENDER(markdown)}</div>")
    return tree.text_content().replace(WORD_JOINER, ""), sorted({element.tag for element in tree.iter()} - {"div", "p", "br"})


@pytest.mark.parametrize("text", PAYLOADS)
def test_one_line_of_user_text_is_shown_as_typed(text):
    seen, tags = shown(literal(text))
    assert tags == [] and seen.strip() == text
    seen, tags = shown(f"**Title:** {literal(text)} and more")  # inside a sentence of the app's
    assert tags == ["strong"] and text in seen


def test_several_lines_stay_lines_and_make_no_block():
    text = "Evidence\n===\n| a | b |\n|---|---|\n| 1 | 2 |\n- item\n1. first\n    indented\n> quote"
    seen, tags = shown(literal_lines(text))
    assert tags == []
    assert [line.strip() for line in seen.splitlines()] == [line.strip() for line in text.splitlines()]


def test_plain_text_is_left_as_it_is():
    assert literal("Non-biometric video analytics (augmented cameras)") == "Non-biometric video analytics (augmented cameras)"
    assert literal(" a break\n  and more ") == "a break and more"
    assert literal("Exclue\xa0: 4.19 -3") == "Exclue\xa0: 4.19 -3"  # no-break spaces and figures as typed


def test_bare_addresses_are_broken_up_for_autolinks():
    # GFM linkifies these after the escapes are read; an invisible joiner stops it.
    for address in ("http://e.example/x", "HTTPS://e.example", "www.e.example", "ann@mail.example"):
        made = literal(f"see {address} now")
        assert not re.search(r"https?://|www\.|@\w", made, re.IGNORECASE)
        assert made.replace(WORD_JOINER, "").replace("\\", "") == f"see {address} now"


def test_table_cells_headers_and_index_are_made_literal():
    frame = pd.DataFrame({"# name": ["![p](http://x/p.png)", "plain"], "score": [1.5, 2.0]}, index=["[a](b)", "c"])
    made = literal_frame(frame)
    assert list(made.columns) == ["\\# name", "score"]
    assert list(made["\\# name"]) == ["!\\[p\\](http:\u2060//x/p.png)", "plain"]
    assert list(made["score"]) == [1.5, 2.0]
    assert list(made.index) == ["\\[a\\](b)", "c"]
    assert list(frame["# name"]) == ["![p](http://x/p.png)", "plain"]  # the original is untouched

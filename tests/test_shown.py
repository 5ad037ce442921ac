"""Untrusted text is shown as typed: Markdown renders to the same characters, and invisible
bidirectional controls are shown as marks instead of reordering what follows them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from jobstory.shown import finalize, markdown_text, visible_controls
from jobstory.synthesis.report import render_html, render_markdown
from tests.test_report import illustrative_analysis

RLO = "\u202e"
_renderer = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _rendered_text(markdown: str) -> str:
    """What a reader sees: the inline text of a CommonMark rendering, entities decoded."""
    tokens = _renderer.parse(markdown)
    parts = []
    for token in tokens:
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                else:
                    parts.append(f"<{child.type}>")  # markup a participant made: a failure
        elif token.type not in ("paragraph_open", "paragraph_close"):
            parts.append(f"<{token.type}>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab 1#*_`[]()<>!&;|~-+=.\\\n") + ["&lt;", "<b>", "  "]),
                max_size=30).map("".join))
def test_markdown_text_renders_as_the_characters_typed(typed: str) -> None:
    expected = "\n".join(line.strip() for line in typed.split("\n") if line.strip())
    assert _rendered_text(markdown_text(typed)) == expected
    assert _rendered_text(markdown_text(typed, one_line=True)) == " ".join(typed.split())


def test_markdown_text_escapes_with_backslashes_not_entities() -> None:
    assert markdown_text("<script>alert('x')</script> & &lt;", one_line=True) == (
        "\\<script\\>alert('x')\\</script\\> \\& \\&lt;")
    assert markdown_text("1. not a list\n# not a heading") == "1\\. not a list  \n\\# not a heading"


def test_bidirectional_controls_are_shown_not_obeyed() -> None:
    typed = f"it costs {RLO}0001$ a month"
    assert visible_controls(typed) == "it costs [U+202E]0001$ a month"
    assert RLO not in markdown_text(typed) and "\\[U+202E\\]" in markdown_text(typed)
    assert finalize(typed) == "it costs [U+202E]0001$ a month"
    assert finalize(3) == 3


def test_report_shows_a_quotes_bidi_override_as_a_mark() -> None:
    analysis = illustrative_analysis()
    quote = analysis["outliers"][0]
    quote["text"] = f"the price was {RLO}0001$ a month"
    html, md = render_html(analysis), render_markdown(analysis)
    assert RLO not in html and "the price was [U+202E]0001$ a month" in html
    assert RLO not in md and "the price was \\[U+202E\\]0001$ a month" in md

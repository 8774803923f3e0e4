"""Text that fits a panel (issue 18, point 5): plain text from Markdown and HTML, cuts at
sentence or word ends, sentence-case labels, clean API names."""

from __future__ import annotations

import pytest

from converter import naming
from converter.renderers.properties import short
from converter.text import clip, first_sentence, markup, plain


@pytest.mark.parametrize(("raw", "text"), [
    # Asana: HTML paragraphs, links and entities
    ("<p>Returns the <strong>full</strong> record of a <a href='/x'>task</a>.</p>"
     "<p>Tom &amp; Jerry</p>", "Returns the full record of a task.\n\nTom & Jerry"),
    # OpenAI: Markdown bold, links and code
    ("**NOTE:** This endpoint requires an [admin API key](https://x.test/keys). Use `org_id`.",
     "NOTE: This endpoint requires an admin API key. Use org_id."),
    ("# Heading\nSome *emphasis* and __strong__ text", "Heading\n\nSome emphasis and strong text"),
    ("line one<br>line two<ul><li>a</li><li>b</li></ul>", "line one line two\n\n- a\n- b"),
    ("![logo](https://x.test/l.png) Pets", "logo Pets"),
    ("<script>alert(1)</script>Safe<!-- hidden -->", "Safe"),
])
def test_markdown_and_html_become_plain_text(raw: str, text: str) -> None:
    assert plain(raw) == text


def test_words_in_angle_brackets_and_snake_case_are_kept() -> None:
    assert plain("A List<String> of <tns:Order> items") == "A List<String> of <tns:Order> items"
    assert plain("set snake_case_name and a_b_c") == "set snake_case_name and a_b_c"
    assert plain("2 * 3 * 4") == "2 * 3 * 4"


def test_first_sentence_skips_abbreviations() -> None:
    assert first_sentence("List pods, e.g. in a namespace. Then more.") == \
        "List pods, e.g. in a namespace."
    assert first_sentence("No full stop here\nsecond line") == "No full stop here"


def test_clip_ends_at_a_sentence_or_a_word() -> None:
    text = "First sentence is here. Second sentence runs on for a long while after it."
    assert clip(text, 40) == "First sentence is here."
    assert clip("alpha beta gamma delta epsilon", 20) == "alpha beta gamma…"
    assert clip("short", 20) == "short"
    assert len(clip("x" * 100, 20)) == 20  # one long word: cut inside it


def test_short_takes_the_first_paragraph_as_plain_text() -> None:
    assert short("<p>One <b>two</b>.</p><p>Three.</p>") == "One two."
    assert short("word " * 100, 50).endswith("word…")


def test_markup_escapes_what_the_modeler_would_read_as_tags() -> None:
    assert markup("List<String> & more") == "List&lt;String&gt; &amp; more"


@pytest.mark.parametrize(("name", "label"), [
    ("petId", "Pet ID"), ("queryString", "Query string"), ("user_name", "User name"),
    ("intA", "Int A"), ("X-Request-ID", "X-Request-ID"), ("apiKey", "API key"),
    ("URLPath", "URLPath"), ("sortBy", "Sort by"),
])
def test_labels_are_humanised_in_sentence_case(name: str, label: str) -> None:
    assert naming.label(name) == label


@pytest.mark.parametrize(("title", "name"), [
    ("GitHub's official OpenAPI spec + Octokit extension", "GitHub"),
    ("Swagger Petstore", "Swagger Petstore"),
    ("Twilio - Conversations", "Twilio - Conversations"),
    ("Connected Apps Payment Flow (Balance)", "Connected Apps Payment Flow (Balance)"),
    ("Twitter APIs with Word2Vec query expansion, and add sentiment by Apitore sentiment",
     "Twitter APIs with Word2Vec query expansion"),
    ("OpenAPI spec", "OpenAPI spec"),  # nothing but noise: the title stays
])
def test_api_names_are_clean_and_short(title: str, name: str) -> None:
    assert naming.api_name(title) == name
    assert len(naming.api_name(title)) <= naming.API_NAME_LIMIT

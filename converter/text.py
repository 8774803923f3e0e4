"""Spec prose as the plain text a properties panel shows: Markdown and HTML marks dropped,
first sentences, and cuts that end at a sentence or a word.

API descriptions are written for documentation sites: `<p>` and `<a href>` (Asana), Markdown
links and bold (OpenAI, GitHub), fenced code. The Modeler shows labels as text and tooltips as
sanitised markup, so neither wants the marks. Only real HTML elements are removed: `<tns:Foo>`
or `List<String>` in a description are words, not markup.
"""

from __future__ import annotations

import html
import re

__all__ = ["clip", "first_sentence", "markup", "plain"]

_ELEMENTS = (
    r"a|abbr|b|big|blockquote|br|center|cite|code|dd|del|details|div|dl|dt|em|font|h[1-6]|hr|i"
    r"|img|ins|kbd|li|ol|p|pre|q|s|samp|small|span|strike|strong|sub|summary|sup|table|tbody"
    r"|td|tfoot|th|thead|tr|tt|u|ul|var"
)
_DROPPED = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_BLOCK = re.compile(r"</?(?:p|div|h[1-6]|ul|ol|table|tr|pre|blockquote|dl|hr)\b[^<>]*>", re.I)
_ITEM = re.compile(r"<li\b[^<>]*>", re.I)
_TAG = re.compile(rf"</?(?:{_ELEMENTS})(?:\s[^<>]*)?/?>", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});", re.I)

# (a character the mark needs, the mark, what replaces it): a rule runs only on text that
# holds its character, because most descriptions hold few marks and specs hold thousands.
_MARKDOWN = (
    ("`", re.compile(r"```[^\n]*\n(.*?)```", re.S), r"\1"),  # fenced code: its content
    ("[", re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    ("[", re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    ("[", re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links: their text
    ("<", re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),  # autolinks
    ("#", re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), r"\1\n"),  # headings
    (">", re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # quotes
    ("", re.compile(r"^[ \t]*[-*+][ \t]+", re.M), "- "),  # bullets, one style
    ("", re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M), ""),  # rules
    ("*", re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),  # bold
    ("_", re.compile(r"__(?=\S)(.+?)(?<=\S)__"), r"\1"),
    ("*", re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
    ("_", re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    ("`", re.compile(r"`+([^`\n]+?)`+"), r"\1"),  # inline code
)
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "incl.", "no.", "ca.", "cf.")
_SENTENCE_END = re.compile(r"[.!?。](?=\s|$)")


def plain(text: str) -> str:
    """`text` without HTML elements, character references and Markdown marks. Paragraphs stay
    apart (a blank line); lines inside a paragraph are joined, list items keep their line."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _DROPPED.sub("", text)
        text = _BREAK.sub("\n", text)
        text = _BLOCK.sub("\n\n", text)
        text = _ITEM.sub("\n- ", text)
        text = _TAG.sub("", text)
    for mark, pattern, replacement in _MARKDOWN:
        if mark in text:
            text = pattern.sub(replacement, text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        joined = ""
        for line in lines:
            if not line:
                continue
            joined += ("\n" if joined and line.startswith("- ") else " " if joined else "") + line
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def first_sentence(text: str) -> str:
    """The first sentence of plain `text` (all of its first line when no sentence ends)."""
    line = text.strip().split("\n", 1)[0]
    for match in _SENTENCE_END.finditer(line):
        end = match.end()
        if not line[:end].lower().endswith(_ABBREVIATIONS):
            return line[:end].strip()
    return line.strip()


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters: after the last whole sentence when that keeps
    at least half of it, else after the last whole word, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)
            if not head[:m.end()].lower().endswith(_ABBREVIATIONS)]
    if ends and ends[-1] >= limit // 2:
        return head[: ends[-1]]
    head = text[: limit - 1]
    cut = head.rstrip()
    if not text[limit - 1].isspace():
        space = max(head.rfind(" "), head.rfind("\n"))
        if space >= limit // 3:
            cut = head[:space]
    return cut.rstrip(" ,;:-\u2013(") + "…"


def markup(text: str) -> str:
    """Plain text for a field the Modeler renders as markup (tooltips, descriptions): `<`, `>`
    and `&` escaped, so `List<String>` shows as written instead of vanishing as a tag."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""Descriptions: Postman keeps Markdown (or an object ``{content, type}``); tooltips want text."""

from __future__ import annotations

import re
from typing import Any

_RULES = (
    (re.compile(r"```[^\n]*\n(.*?)```", re.S), r"\1"),  # fenced code: its content
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)"), r"\1 (\2)"),  # links: text (url)
    (re.compile(r"<[^>\n]+>"), ""),  # HTML tags
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.M), ""),  # headings
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # quotes
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.M), "- "),  # list bullets, one style
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M), ""),  # rules
    (re.compile(r"[ \t]+\n"), "\n"),
    (re.compile(r"\n{3,}"), "\n\n"),
)


def plain(description: Any) -> str:
    """The description as plain text (paragraphs kept, Markdown marks dropped)."""
    text = content(description).replace("\r\n", "\n")
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text.strip()


def content(description: Any) -> str:
    """The text of a description as written (a string, or an object's `content`)."""
    if isinstance(description, dict):
        description = description.get("content")
    return description if isinstance(description, str) else ""


def label(value: Any, default: str) -> str:
    """A name as written, trimmed; `default` when there is none."""
    return value.strip() if isinstance(value, str) and value.strip() else default

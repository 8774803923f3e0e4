"""Reading YAML as YAML 1.2 (what OpenAPI recommends), fast, with PyYAML as the fallback.

The fast path is yaml-rs, a Rust parser (docs/performance.md has the numbers). It reads the
YAML 1.2 core schema: `yes`/`no`/`on`/`off` stay text (PyYAML's YAML 1.1 turned an enum value
`off` into `false`), `017` is seventeen, timestamps stay the text written.

PyYAML reads what yaml-rs does not: documents it refuses (the error message then comes from
PyYAML, with its line and column), merge keys (`<<`, which yaml-rs keeps as a plain key),
anything that may hold aliases (yaml-rs copies every alias and silently turns an alias inside
its own anchor into null; PyYAML shares one object per anchor, so `sources._check_aliases` can
refuse cycles and alias bombs), anything that may carry a tag (yaml-rs drops unknown tags,
the safe loader refuses them) and several documents in one file. It uses a
resolver with the same YAML 1.2 core rules, so both paths give the same values.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, ClassVar

__all__ = ["MAX_REPLAYED_EVENTS", "YamlError", "load", "may_alias"]

MAX_REPLAYED_EVENTS = 200_000  # alias expansion yaml-rs may do before PyYAML takes over


class YamlError(Exception):
    """PyYAML's verdict on a document neither parser could read: message and 1-based place."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


def load(text: str) -> Any:
    """The document in `text` (one document; YAML 1.2 core schema). Raises YamlError."""
    if not text.endswith("\n"):
        # yaml-rs keeps a final line break on a `|` block that ends the file without one,
        # PyYAML does not; ending every file with one makes the two agree.
        text += "\n"
    if "<<" not in text and not may_alias(text) and not _may_tag(text):
        data = _fast(text)
        if data is not _FALLBACK:
            return data
    return _pyyaml(text)


_FALLBACK = object()


def may_alias(text: str) -> bool:
    """Could `text` hold an alias? Only with an anchor for it to name (see `_ANCHOR`)."""
    return "*" in text and bool(_ANCHOR.search("\n" + text))


def _may_tag(text: str) -> bool:
    return "!" in text and bool(_TAG.search("\n" + text))

# Something that may be a tag (`!!python/...`, `!custom`): yaml-rs drops unknown tags and keeps
# the value, PyYAML's safe loader refuses them, which is what we want.
_TAG = re.compile(r"[\s\[{,]![^\s=]")
# Something that may be an anchor (`&name` where a node starts); without one no alias can refer
# to anything. Markdown's `**bold**` and `AT&T` do not look like one, ` &nbsp;` does (harmless).
_ANCHOR = re.compile(r"[\s\[{,]&[^\s\[\]{},]")


def _fast(text: str) -> Any:
    import yaml_rs

    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=MAX_REPLAYED_EVENTS),
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins,  # as PyYAML does
        )
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, OverflowError):
        return _FALLBACK
    if isinstance(data, list):  # one top-level sequence, or several documents: let PyYAML say
        return _FALLBACK
    return data


def _pyyaml(text: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # a safe loader: no Python object tags
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = str(exc.problem or exc.context)
        if mark is None:
            raise YamlError(message) from exc
        raise YamlError(message, mark.line + 1, mark.column + 1) from exc
    except yaml.YAMLError as exc:
        raise YamlError(str(exc)) from exc


# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), with the `_` digit
# separators yaml-rs also accepts.
_BOOL = r"^(?:true|True|TRUE|false|False|FALSE)$"
_NULL = r"^(?:~|null|Null|NULL|)$"
_INT = r"^(?:[-+]?[0-9][0-9_]*|[-+]?0o[0-7_]+|[-+]?0x[0-9a-fA-F_]+)$"
_FLOAT = (r"^(?:[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
          r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


@cache
def _loader() -> type:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Yaml12Loader(base):  # type: ignore[valid-type,misc]
        yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    def construct_int(loader: Any, node: Any) -> int:
        text = loader.construct_scalar(node).replace("_", "")
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        if digits.startswith(("0o", "0x")):
            return sign * int(digits[2:], 8 if digits[1] == "o" else 16)
        return sign * int(digits, 10)

    def construct_float(loader: Any, node: Any) -> float:
        text = loader.construct_scalar(node).replace("_", "").lower()
        if text.endswith(".inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        return float("nan") if text == ".nan" else float(text)

    Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(_BOOL),
                                       list("tTfF"))
    Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(_NULL),
                                       ["~", "n", "N", ""])
    Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(_INT),
                                       list("-+0123456789"))
    Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(_FLOAT),
                                       list("-+.0123456789"))
    Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^<<$"), ["<"])
    Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    Yaml12Loader.add_constructor("tag:yaml.org,2002:float", construct_float)
    return Yaml12Loader

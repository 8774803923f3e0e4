"""The properties every template ends with: output mapping, error handling, retries."""

from __future__ import annotations

from collections.abc import Sequence

from converter.options import Options
from converter.renderers.properties import Condition, Property, header_binding, prop

TAIL_GROUPS = (
    {"id": "output", "label": "Output mapping"},
    {"id": "error", "label": "Error handling"},
    {"id": "retries", "label": "Retries"},
)


def output_properties(
    results: Sequence[tuple[str, Condition | None]],
    errors: Sequence[tuple[str | None, Condition | None]],
    *, options: Options,
) -> list[Property]:
    """Result variable, per-operation result and error expressions, retries."""
    return [result_variable_property(), *expression_properties(results, errors),
            *retry_properties(options)]


def result_variable_property() -> Property:
    """Empty: each operation's result expression names the variable it writes."""
    return prop(id="resultVariable", label="Result variable", group="output", type="String",
                binding=header_binding("resultVariable"))


_RESULT_TIP = ("Maps the response to one process variable named after the operation; rename "
               "it here. Adjust as needed.")
_ERROR_TIP = ("Turns business failures into BPMN errors that boundary events can catch; "
              "null leaves a failure to the job's retries.")


def expression_properties(results: Sequence[tuple[str, Condition | None]],
                          errors: Sequence[tuple[str | None, Condition | None]]
                          ) -> list[Property]:
    """A result expression per entry of `results`, then an error expression per entry of
    `errors`, in their order (a value and the condition that shows it). Entries without a
    value (`--errors none`) become one empty error expression."""
    if all(value is None for value, _ in errors):
        errors = [(None, None)]
    return [*_expressions("resultExpression", "Result expression", _RESULT_TIP, "output",
                          results),
            *_expressions("errorExpression", "Error expression", _ERROR_TIP, "error", errors)]


def _expressions(key: str, label: str, tooltip: str, group: str,
                 entries: Sequence[tuple[str | None, Condition | None]]) -> list[Property]:
    return [prop(id=key if len(entries) == 1 else f"{key}.{i}", label=label, tooltip=tooltip,
                 group=group, type="Text", value=value, feel="required",
                 binding=header_binding(key), condition=condition)
            for i, (value, condition) in enumerate(entries)]


def retry_properties(options: Options) -> list[Property]:
    out = [prop(id="retryCount", label="Retries", group="retries", type="String",
                value="3", feel="optional",
                binding={"type": "zeebe:taskDefinition", "property": "retries"}),
           prop(id="retryBackoff", label="Retry backoff", group="retries", type="String",
                value="PT30S" if options.at_least("8.10") else "PT0S",
                binding=header_binding("retryBackoff"),
                tooltip="ISO-8601 duration to wait between retries.")]
    if options.at_least("8.10"):
        out.append(prop(id="jobTimeout", label="Job timeout", group="retries", type="String",
                        optional=True, binding=header_binding("jobTimeout")))
    return out

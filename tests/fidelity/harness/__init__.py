"""Fidelity harness: run generated connector templates the way Camunda does and ask an
independent judge whether the resulting call is a valid call of the original API.

Chain: apply (element-templates-cli) -> fill visible inputs -> evaluate input mappings (feelin)
-> build the request as the connector does -> judge (openapi-core / graphql-core / XML Schema).
"""

from harness import schema_guard  # noqa: F401  (patches referencing's crawl, see there)

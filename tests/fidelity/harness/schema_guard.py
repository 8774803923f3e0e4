"""Keep one malformed schema from breaking every lookup in a spec (applied on harness import).

openapi-core and jsonschema_path resolve `$ref`s through a `referencing.Registry`. Each time a
reference leads to a new document, the registry is *crawled*: every subschema of every document
it holds is visited (`Resource.subresources`) and asked for its `$id`. A subschema must be an
object or a boolean; when a spec puts anything else where a schema belongs, `id_of` raises
(`'str' object has no attribute 'get'`), and since the crawl never completes, every later lookup
in the whole spec raises too, operations that never touch the broken schema included.

DigitalOcean's load balancer models write `properties: {$ref: 'attributes.yml#/...'}`: for
OpenAPI that is a property named `$ref` whose schema is a string (a spec defect). The crawl
skips such non-schema values here, so each operation is judged on its own schemas. Nothing is
repaired: the operations that use the broken schema are judged as before, by jsonschema_path's
own reading, which follows any `{$ref: ...}` mapping as a JSON Reference, here to the map of
properties the authors meant (`{droplet_ids: ...}`, what a bundler produces); the value
generator reads the same nodes, so those members are both filled and checked (a wrongly typed
`droplet_ids` is still refused).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def _patch_subresources() -> None:
    from referencing._core import Resource

    if getattr(Resource.subresources, "_harness_guard", False):
        return

    def subresources(self: Any) -> Iterable[Any]:
        return (
            Resource.from_contents(each, default_specification=self._specification)
            for each in self._specification.subresources_of(self.contents)
            if isinstance(each, Mapping | bool)  # a schema; anything else is the spec's defect
        )

    subresources._harness_guard = True  # type: ignore[attr-defined]
    Resource.subresources = subresources  # type: ignore[method-assign]


_patch_subresources()

#!/usr/bin/env bash
# Refresh the vendored Camunda element-template JSON Schema (and its ajv-errors message overlay,
# which converter/validate/schema.py applies) from npm.
# Usage: scripts/refresh-schema.sh [VERSION]   (default: the version in converter/resources/schema/VERSION)
# Keep tests/node/package.json pinned to the same version.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=${1:-$(cat "$here/converter/resources/schema/VERSION")}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@camunda/zeebe-element-templates-json-schema@$version" >/dev/null && tar xzf ./*.tgz)
cp "$tmp/package/resources/schema.json" "$here/converter/resources/schema/zeebe-element-templates.schema.json"
cp "$tmp/package/resources/error-messages.json" "$here/converter/resources/schema/error-messages.json"
cp "$tmp/package/LICENSE" "$here/converter/resources/schema/LICENSE"
echo "$version" > "$here/converter/resources/schema/VERSION"
echo "vendored @camunda/zeebe-element-templates-json-schema@$version"

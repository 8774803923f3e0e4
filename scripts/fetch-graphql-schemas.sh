#!/usr/bin/env bash
# Fetch large real GraphQL schemas (not in the corpus) for tests/graphql/test_corpus.py.
#
# They come from npm packages that ship them (pinned here), so only the npm registry is used:
#   @octokit/graphql-schema        GitHub's public schema: SDL (with a duplicate-field defect)
#                                  and introspection JSON (MIT)
#   @shopify/hydrogen-react        Shopify Storefront and Customer Account API introspection (MIT)
#   @nautical-commerce/graphql-schema  Nautical (Saleor-derived marketplace) SDL
# The files are large and third-party, so they are not committed.
#
# Usage: scripts/fetch-graphql-schemas.sh [DIR]   (default: $SPEC2CONNECTOR_GRAPHQL_SCHEMAS or
#        /tmp/spec2connector-graphql-schemas), then: .venv/bin/pytest tests/graphql/test_corpus.py
set -euo pipefail

dest="${1:-${SPEC2CONNECTOR_GRAPHQL_SCHEMAS:-/tmp/spec2connector-graphql-schemas}}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"

fetch() {  # package@version, then pairs of: path-in-package target-name
  local spec="$1"; shift
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  local tarball
  tarball="$(ls -t "$work"/*.tgz | head -n 1)"
  while [ "$#" -gt 0 ]; do
    tar -xzf "$tarball" -C "$work" "package/$1"
    mv "$work/package/$1" "$dest/$2"
    shift 2
  done
  rm -f "$tarball"
}

fetch @octokit/graphql-schema@15.26.1 schema.graphql github.graphql schema.json github.json
fetch @shopify/hydrogen-react@2026.4.4 storefront.schema.json shopify-storefront.json \
  customer-account.schema.json shopify-customer-account.json
fetch @nautical-commerce/graphql-schema@4.15.0 nautical/schema.graphql nautical.graphql
ls -l "$dest"

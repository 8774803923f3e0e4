#!/usr/bin/env bash
# Fetch real OpenAPI specs that are not in ../shared/corpus, for checking the converter on the
# class of inputs rather than on the corpus files. Only the npm registry is used (pinned):
#   @readme/oas-examples@8.2.2   ~130 Swagger 2.0 / OpenAPI 3.0 / 3.1 edge-case documents (MIT)
#   @octokit/openapi@23.0.2      GitHub's REST API description, 13 MB, ~1,100 operations (MIT)
# Usage: scripts/fetch-openapi-specs.sh [DIR]   (default /tmp/spec2connector-openapi-specs)
# then:  .venv/bin/python scripts/corpus_openapi.py DIR
set -euo pipefail
dest="${1:-/tmp/spec2connector-openapi-specs}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$dest/oas-examples" "$dest/github"
(cd "$work" && npm pack --silent @readme/oas-examples@8.2.2 @octokit/openapi@23.0.2 >/dev/null)
tar -xzf "$work"/readme-oas-examples-8.2.2.tgz -C "$work"
cp -r "$work"/package/2.0 "$work"/package/3.0 "$work"/package/3.1 "$dest/oas-examples/"
rm -rf "$work/package"
tar -xzf "$work"/octokit-openapi-23.0.2.tgz -C "$work" package/generated/api.github.com.json
cp "$work"/package/generated/api.github.com.json "$dest/github/"
echo "fetched into $dest"

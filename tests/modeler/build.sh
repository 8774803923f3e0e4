#!/usr/bin/env bash
# Build the Modeler check page (tests/modeler/dist/page.bundle.js) when missing or stale.
#
#   npm ci      when node_modules is missing or package-lock.json changed (stamp inside it)
#   esbuild     when the bundle is missing or page.js / diagram.bpmn / the lock changed (stamp
#               in dist/)
# Called by scripts/test; run it by hand after editing page.js. Needs node and npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

digest() { cat "$@" | sha256sum | cut -d' ' -f1; }

npm_stamp=node_modules/.spec2connector-lock
want=$(digest package-lock.json)
if [[ ! -f $npm_stamp || $(cat "$npm_stamp") != "$want" ]]; then
  echo "==> npm ci --prefix tests/modeler"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$npm_stamp"
fi

bundle_stamp=dist/.spec2connector-sources
want=$(digest package-lock.json page.js diagram.bpmn)
if [[ ! -f dist/page.bundle.js || ! -f $bundle_stamp || $(cat "$bundle_stamp") != "$want" ]]; then
  echo "==> esbuild tests/modeler/page.js"
  npm run --silent build
  echo "$want" > "$bundle_stamp"
fi

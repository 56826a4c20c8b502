#!/usr/bin/env bash
# The Quick start demo: scan and plan the bundled examples. Touches nothing outside this directory.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run build --silent

echo "== cutover scan examples --target-version 1.33"
node bin/cutover.js scan examples --target-version 1.33 -o table --fail-on none
echo
echo "== cutover plan --from 1.29 --to 1.33 --snapshot examples/snapshot"
node bin/cutover.js plan --from 1.29 --to 1.33 --snapshot examples/snapshot -o table --fail-on none

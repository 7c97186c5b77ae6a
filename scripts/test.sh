#!/usr/bin/env bash
# `npm test`: every check — lint, typecheck, OpenAPI drift, unit tests, integration tests on
# PGlite and (when TEST_DATABASE_URL is set) on PostgreSQL, and the browser suite when present.
# Ends with one summary line: "zhengqi: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
export TZ=UTC
out=.tmp/test-results
rm -rf "$out" && mkdir -p "$out"
failed_steps=()

step() {
  local name=$1; shift
  echo ""
  echo "── $name"
  if ! "$@"; then
    failed_steps+=("$name")
  fi
}

vitest_step() {
  local name=$1 project=$2; shift 2
  step "$name" env "$@" npx vitest run --project "$project" --reporter=default --reporter=json --outputFile="$out/$name.json"
}

step lint npx eslint --max-warnings 0 .
step typecheck npm run --silent typecheck
step openapi npm run --silent openapi:check
vitest_step unit unit
vitest_step integration-pglite integration ZQ_TEST_DB=pglite
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  vitest_step integration-postgres integration ZQ_TEST_DB=postgres TEST_DATABASE_URL="$TEST_DATABASE_URL"
else
  echo ""
  echo "── integration-postgres: skipped (set TEST_DATABASE_URL=postgres://… to run the integration tests on PostgreSQL too)"
fi
step web-build npx tsx scripts/build-web-if-needed.ts
vitest_step e2e e2e

node -e '
const fs = require("fs"); const dir = process.argv[1];
let p = 0, f = 0, s = 0;
for (const file of fs.readdirSync(dir)) {
  const r = JSON.parse(fs.readFileSync(dir + "/" + file, "utf8"));
  p += r.numPassedTests ?? 0; f += r.numFailedTests ?? 0; s += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
fs.writeFileSync(dir + "/../summary.txt", `${p} ${f} ${s}`);
' "$out"
read -r passed failedn skipped < .tmp/summary.txt
echo ""
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  # A failed lint/typecheck step counts as a failure in the summary even though it ran no tests.
  [ "$failedn" -eq 0 ] && failedn=${#failed_steps[@]}
fi
echo "zhengqi: $passed passed, $failedn failed, $skipped skipped"
[ ${#failed_steps[@]} -eq 0 ]

#!/usr/bin/env bash
# Runs every SwitchRole test: the .NET unit and process tests (against the JIT build, then again against the
# NativeAOT binary a browser would start), the extension's unit tests, and the end-to-end tests in headless
# Chromium and Firefox with the real extension and the real host, web-ext lint of the Firefox package, and the
# release packages (installers/package.sh, install.sh --from-archive). Prints one closing line: "N passed, N failed".
# Needs: the .NET 10 SDK, clang + zlib1g-dev (NativeAOT), Node 20 + `npm ci --prefix tests`,
# Debian's chromium and firefox-esr, openssl, dpkg-deb; root for the managed-policy test (a private mount
# namespace, unshare -m). .ci/run installs all of them and runs as root.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp -d)/tests
mkdir -p "$log"
passed=0
failed=0
status=0

step() { printf '\n== %s\n' "$*"; }

count_dotnet() { # sums the "Failed: N, Passed: N" summary lines of a dotnet test log
  local sums
  sums=$(awk 'match($0, /Failed: +[0-9]+, Passed: +[0-9]+/) { s = substr($0, RSTART, RLENGTH); gsub(/[^0-9,]/, "", s); split(s, n, ","); f += n[1]; p += n[2] } END { print p + 0, f + 0 }' "$1")
  passed=$((passed + ${sums% *})); failed=$((failed + ${sums#* }))
}

count_node() { # node --test prints "# pass N" and "# fail N"
  local f p
  p=$(grep -E '^# pass [0-9]+' "$1" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -E '^# fail [0-9]+' "$1" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}

step "build (warnings are errors)"
dotnet build SwitchRole.sln -c Release -nologo -v quiet || { echo "build failed"; exit 1; }

step ".NET tests (JIT build)"
dotnet test SwitchRole.sln -c Release --no-build -nologo 2>&1 | tee "$log/dotnet.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count_dotnet "$log/dotnet.txt"

step "NativeAOT publish (zero trim/AOT warnings)"
aot="$root/artifacts/aot"
# Both executables, into one folder as they ship: switchrole (CLI, network worker) and switchrole-host (browsers).
{ dotnet publish host/SwitchRole.Host -c Release -r linux-x64 -p:PublishAot=true -o "$aot" -nologo \
  && dotnet publish host/SwitchRole.Bridge -c Release -r linux-x64 -p:PublishAot=true -o "$aot" -nologo; } 2>&1 | tee "$log/aot.txt"
if [ "${PIPESTATUS[0]}" -ne 0 ] || grep -Eq 'warning (IL|CS|CA)[0-9]+' "$log/aot.txt"; then
  echo "NativeAOT publish failed or warned"; status=1; failed=$((failed + 1))
else
  passed=$((passed + 1))
fi

if [ -x "$aot/switchrole" ]; then
  step "host process tests against the NativeAOT binary"
  SWITCHROLE_TEST_BINARY="$aot/switchrole" dotnet test tests/SwitchRole.Host.Tests -c Release --no-build -nologo 2>&1 | tee "$log/dotnet-aot.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count_dotnet "$log/dotnet-aot.txt"
  export SWITCHROLE_E2E_HOST="$aot/switchrole"
fi

step "extension unit tests"
npm --prefix tests run --silent test:ext 2>&1 | tee "$log/ext.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count_node "$log/ext.txt"

step "ESLint (eslint.config.js; counts as one test)"
if npm --prefix tests run --silent lint 2>&1 | tee "$log/eslint.txt"; then # pipefail: npm's status
  passed=$((passed + 1))
else
  echo "ESLint found problems"; status=1; failed=$((failed + 1))
fi

step "Firefox package: web-ext lint (zero errors)"
npm --prefix tests run --silent lint:firefox 2>&1 | tee "$log/lint.txt"
if [ "${PIPESTATUS[0]}" -eq 0 ] && grep -Eq '^errors +0 *$' "$log/lint.txt"; then
  passed=$((passed + 1))
else
  echo "web-ext lint reported errors"; status=1; failed=$((failed + 1))
fi

step "end to end: headless Chromium and Firefox, real extension, real host, release packages"
# Each world's SwitchRole logs are kept here (tests/e2e/lib/suite.mjs): this run's only.
rm -rf "$root/artifacts/e2e-logs"
npm --prefix tests run --silent test:e2e 2>&1 | tee "$log/e2e.txt"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  status=1
  echo "The SwitchRole logs of each end-to-end world are in artifacts/e2e-logs/"
fi
count_node "$log/e2e.txt"

[ "$failed" -eq 0 ] || status=1
printf '\n%s passed, %s failed\n' "$passed" "$failed"
exit $status

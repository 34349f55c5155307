#!/usr/bin/env bash
# Prints SwitchRole's performance figures. Not a test: nothing here passes or fails on timing.
#   tests/bench/run.sh            publish the NativeAOT host, then measure it
#   tests/bench/run.sh BINARY     measure a binary you already have
# Figures on a shared machine are noisy: compare ratios and medians, and note `uptime`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/artifacts/bench"
binary=${1:-}
echo "# $(nproc) cores; $(uptime)"
if [ -z "$binary" ]; then
  dotnet publish "$root/host/SwitchRole.Host" -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" -v quiet -nologo >/dev/null
  binary="$out/aot/switchrole"
fi
dotnet build "$root/host/SwitchRole.Host" -c Release -o "$out/jit" -v quiet -nologo >/dev/null

echo; echo "## cold start (NativeAOT)"
"$root/tests/bench/ColdStart/run.sh" "$binary"
echo; echo "## cold start (JIT build, for comparison)"
RUNS=10 "$root/tests/bench/ColdStart/run.sh" "$out/jit/switchrole" || true
echo; echo "## protocol"
dotnet run --project "$root/tests/bench/SwitchRole.Bench" -c Release -- "$binary"
echo; echo "## import and export"
"$root/tests/bench/Formats/run.sh" "$binary"

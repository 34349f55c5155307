#!/usr/bin/env bash
# Prints SwitchRole's performance figures. Not a test: nothing here passes or fails on timing.
#   tests/bench/run.sh            publish the NativeAOT host, then measure it
#   tests/bench/run.sh BINARY     measure a switchrole binary you already have (switchrole-host beside it)
# Figures on a shared machine are noisy: compare ratios and medians, and note `uptime`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/artifacts/bench"
binary=${1:-}
echo "# $(nproc) cores; $(uptime)"
if [ -z "$binary" ]; then
  for project in SwitchRole.Host SwitchRole.Bridge; do
    dotnet publish "$root/host/$project" -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" -v quiet -nologo >/dev/null
  done
  binary="$out/aot/switchrole"
fi
for project in SwitchRole.Host SwitchRole.Bridge; do
  dotnet build "$root/host/$project" -c Release -o "$out/jit" -v quiet -nologo >/dev/null
done

# Browsers start switchrole-host (the manifests name it); switchrole is the CLI and the network worker.
echo; echo "## cold start (NativeAOT switchrole-host)"
"$root/tests/bench/ColdStart/run.sh" "$(dirname "$binary")/switchrole-host"
echo; echo "## cold start (JIT build, for comparison)"
RUNS=10 "$root/tests/bench/ColdStart/run.sh" "$out/jit/switchrole-host" || true
echo; echo "## protocol"
dotnet run --project "$root/tests/bench/SwitchRole.Bench" -c Release -- "$binary"
echo; echo "## import and export"
"$root/tests/bench/Formats/run.sh" "$binary"

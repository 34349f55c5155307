#!/usr/bin/env bash
# Prints SwitchRole's performance figures. Not a test: nothing here passes or fails on timing.
#   tests/bench/run.sh            publish the NativeAOT host, then measure it
#   tests/bench/run.sh BINARY     measure a binary you already have
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/artifacts/bench"
binary=${1:-}
if [ -z "$binary" ]; then
  dotnet publish "$root/host/SwitchRole.Host" -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" -v quiet -nologo >/dev/null
  binary="$out/aot/switchrole"
fi
dotnet build "$root/host/SwitchRole.Host" -c Release -o "$out/jit" -v quiet -nologo >/dev/null
dotnet run --project "$root/tests/bench/SwitchRole.Bench" -c Release -- "$binary" --jit "$out/jit/switchrole"

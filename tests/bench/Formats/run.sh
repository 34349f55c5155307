#!/usr/bin/env bash
# Prints import/export figures for 10,000 entries. Not a test: nothing here passes or fails on timing.
#   tests/bench/Formats/run.sh            publish the NativeAOT host, then measure it and the in-process path
#   tests/bench/Formats/run.sh BINARY     measure a binary you already have
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
binary=${1:-}
if [ -z "$binary" ]; then
  dotnet publish "$root/host/SwitchRole.Host" -c Release -r linux-x64 -p:PublishAot=true -o "$root/artifacts/bench/aot" -v quiet -nologo >/dev/null
  binary="$root/artifacts/bench/aot/switchrole"
fi
dotnet run --project "$root/tests/bench/Formats" -c Release -- "$binary"

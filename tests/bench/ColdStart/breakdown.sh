#!/bin/sh
# Where switchrole-host's cold start goes, stage by stage, on the shipped binary itself (no probe build): uprobes on
# the runtime's own functions and tracepoints on execve and the reply's pwrite64, medians over RUNS starts.
# Needs perf with uprobes and tracepoints (root, or kernel.perf_event_paranoid <= -1), python3, and the binary's
# symbol file beside it (switchrole-host.dbg, which `dotnet publish` leaves in artifacts/aot).
# Usage: [RUNS=200] tests/bench/ColdStart/breakdown.sh [artifacts/aot/switchrole-host]
# The probes cost a little each: the total reads about 0.5 ms above run.sh's. docs/performance.md has a reading.
set -eu
host="${1:-artifacts/aot/switchrole-host}"
runs="${RUNS:-200}"
[ -x "$host" ] || { echo "no switchrole-host at $host: publish it (docs/performance.md) or pass its path" >&2; exit 2; }
[ -f "$host.dbg" ] || { echo "no symbol file $host.dbg beside the binary: publish with the default StripSymbols" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/swr-breakdown.XXXXXX")
group="swr_breakdown_$$"
cleanup() { perf probe -q -d "$group:*" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
# A copy, so that the probes never touch the installed or published file.
cp "$host" "$work/switchrole-host"
cp "$host.dbg" "$work/switchrole-host.dbg"
bin="$work/switchrole-host"

address() {
  a=$(nm "$bin.dbg" | awk -v s="$1" '$3 == s { print $1; exit }')
  [ -n "$a" ] || { echo "symbol $1 not found in $bin.dbg: another runtime version?" >&2; exit 2; }
  echo "0x$a"
}
probe() { perf probe -q -x "$bin" -a "$group:$1=$2" >/dev/null; }
probe main "$(address main)"
probe pal "$(address _Z7PalInitv)"
probe gc "$(address _Z12InitializeGCv)"
probe gc_done "$(address _Z12InitializeGCv)%return"
probe modules "$(address S_P_CoreLib_Internal_Runtime_CompilerHelpers_StartupCodeHelpers__InitializeModules)"
probe rehydrate "$(address S_P_CoreLib_Internal_Runtime_CompilerHelpers_StartupCodeHelpers__RehydrateData)"
probe rehydrated "$(address S_P_CoreLib_Internal_Runtime_CompilerHelpers_StartupCodeHelpers__RehydrateData)%return"
probe managed_main "$(address __managed__Main)"

export SWITCHROLE_HOME="$work/data"
python3 -c 'import json, struct, sys; m = json.dumps({"id": 1, "action": "hello"}).encode(); sys.stdout.buffer.write(struct.pack("<I", len(m)) + m)' > "$work/hello.bin"
origin="chrome-extension://nocfbhnapafompiapfplkdilpjojbmip/"
"$bin" "$origin" < "$work/hello.bin" > /dev/null   # creates the database before timing
cat > "$work/loop.sh" <<EOF
i=0
while [ \$i -lt $runs ]; do "$bin" "$origin" < "$work/hello.bin" > /dev/null; i=\$((i + 1)); done
EOF
perf record -q -o "$work/perf.data" -e "$group:*" -e syscalls:sys_enter_execve -e syscalls:sys_exit_execve \
  -e syscalls:sys_enter_arch_prctl -e syscalls:sys_enter_pwrite64 sh "$work/loop.sh" 2>/dev/null
perf script -i "$work/perf.data" -F pid,time,event,trace 2>/dev/null | python3 -c '
import collections, re, sys
first = collections.defaultdict(dict)
for line in sys.stdin:
    m = re.match(r"\s*(\d+)\s+([\d.]+):\s+(\S+):(.*)", line)
    if not m:
        continue
    event = m.group(3).split(":")[-1]
    # The reply is the write to stdout; SQLite writes to its WAL index with pwrite64 before it.
    if event == "sys_enter_pwrite64" and not re.search(r"\bfd: 0x0*1\b", m.group(4)):
        continue
    first[m.group(1)].setdefault(event, float(m.group(2)))
stages = [
    ("execve in the kernel", "sys_enter_execve", "sys_exit_execve"),
    ("the loader maps the libraries", "sys_exit_execve", "sys_enter_arch_prctl"),
    ("relocation, constructors (the type data pre-fault)", "sys_enter_arch_prctl", "main"),
    ("main to PalInit", "main", "pal"),
    ("PalInit to the GC", "pal", "gc"),
    ("the GC initialises", "gc", "gc_done__return"),
    ("GC done to module initialisation", "gc_done__return", "modules"),
    ("module initialisation to RehydrateData", "modules", "rehydrate"),
    ("RehydrateData (the type data)", "rehydrate", "rehydrated__return"),
    ("statics and class constructors, to Main", "rehydrated__return", "managed_main"),
    ("Main to the hello reply (SQLite, hello)", "managed_main", "sys_enter_pwrite64"),
    ("total: execve to the reply", "sys_enter_execve", "sys_enter_pwrite64"),
]
starts = [e for e in first.values() if "managed_main" in e and "sys_enter_pwrite64" in e and "sys_enter_execve" in e]
print(f"switchrole-host cold start by stage, median of {len(starts)} starts (ms)")
for label, a, b in stages:
    values = sorted(e[b] - e[a] for e in starts if a in e and b in e)
    if values:
        print(f"  {label:52s} {values[len(values) // 2] * 1000:6.2f}")
'

#!/usr/bin/env bash
# Long coverage-guided run of one fuzz target of tests/Nvr.Fuzzing under afl-fuzz (AFL++ from Debian) with SharpFuzz:
#   bash tests/fuzz/run-afl.sh TARGET SECONDS [OUT_DIR]
# Publishes tests/Nvr.Fuzzing (Release) once into $NVR_FUZZ_BIN (default /tmp/nvr-fuzz-bin; set NVR_FUZZ_REBUILD=1
# to publish again), instruments the project's assemblies and Ical.Net with `sharpfuzz`, runs afl-fuzz from the seed
# corpus tests/Nvr.Fuzzing/corpus/TARGET for SECONDS, and prints executions, edges, paths, crashes and hangs.
# Crashes and hangs are left in OUT_DIR/default/{crashes,hangs}; replay one with
#   dotnet $NVR_FUZZ_BIN/Nvr.Fuzzing.dll replay TARGET FILE
# `Nvr.Fuzzing list` names the targets. Runs are nice'd; several targets may run at once (one core each).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
target=${1:?usage: run-afl.sh TARGET SECONDS [OUT_DIR]}
seconds=${2:?usage: run-afl.sh TARGET SECONDS [OUT_DIR]}
out=${3:-/tmp/nvr-fuzz-out/$target}
bin=${NVR_FUZZ_BIN:-/tmp/nvr-fuzz-bin}
export PATH="$PATH:$HOME/.dotnet/tools" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v afl-fuzz >/dev/null; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >/dev/null || true
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
command -v sharpfuzz >/dev/null || dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0 >/dev/null

if [ ! -f "$bin/.instrumented" ] || [ "${NVR_FUZZ_REBUILD:-0}" = 1 ]; then
  rm -rf "$bin"
  nice dotnet publish tests/Nvr.Fuzzing/Nvr.Fuzzing.csproj -c Release -o "$bin" >/dev/null
  for dll in Nvr.Pipeline Nvr.Recording Nvr.Codecs Nvr.Codecs.Cenc Nvr.Storage Nvr.Scheduling Nvr.Control Nvr.Protocol Ical.Net; do
    sharpfuzz "$bin/$dll.dll" >/dev/null
  done
  touch "$bin/.instrumented"
fi

dotnet "$bin/Nvr.Fuzzing.dll" list | awk '{print $1}' | grep -qx "$target" || { echo "unknown target $target" >&2; exit 2; }
mkdir -p "$out"
# afl-fuzz wants seeds below its size limit and refuses an empty directory: the committed corpus qualifies
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
resume=(-i "$ROOT/tests/Nvr.Fuzzing/corpus/$target")
[ -d "$out/default/queue" ] && resume=(-i -)  # continue a previous run in the same OUT_DIR
nice -n 10 afl-fuzz "${resume[@]}" -o "$out" -t 5000 -m none -V "$seconds" -- dotnet "$bin/Nvr.Fuzzing.dll" afl "$target" \
  >"$out/afl.log" 2>&1 || { tail -30 "$out/afl.log" >&2; exit 1; }

stats="$out/default/fuzzer_stats"
value() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
echo "target=$target seconds=$(value run_time) execs=$(value execs_done) execs_per_sec=$(value execs_per_sec) edges=$(value edges_found)/$(value total_edges) paths=$(value corpus_count) crashes=$(value saved_crashes) hangs=$(value saved_hangs) stability=$(value stability)"

#!/usr/bin/env bash
# Issue 13 sweep: records N cameras for each N in turn (bench/Nvr.Load, embedded defaults, a temporary data
# directory per run), appends one CSV row per fleet, stops after the first N that lost a frame or failed ffprobe,
# and plots CPU and RSS per camera against N (gnuplot, Debian package gnuplot-nox) next to the CSV.
#   bench/sweep.sh OUT_DIR [N ...]          default N: 10 100 250 500 750 1000
# ffmpeg-per-camera is measured in the same run up to NVR_SWEEP_FFMPEG_MAX cameras (default 250: at ≈ 57 MB per
# process, 500 ffmpeg processes need more memory than this 24 GiB machine has).
set -euo pipefail
out=${1:?usage: bench/sweep.sh OUT_DIR [N ...]}; shift
points=("$@"); [ ${#points[@]} -gt 0 ] || points=(10 100 250 500 750 1000)
ffmpeg_max=${NVR_SWEEP_FFMPEG_MAX:-250}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"; out=$(cd "$out" && pwd)
dotnet build "$root/bench/Nvr.Load" -c Release -v q -nologo > "$out/build.log"
load="$root/bench/Nvr.Load/bin/Release/net10.0/nvr-load.dll"
for n in "${points[@]}"; do
  extra=(); [ "$n" -le "$ffmpeg_max" ] || extra=(--no-ffmpeg)
  echo "sweep: N=$n (load average $(cut -d' ' -f1 /proc/loadavg))"
  status=0
  dotnet "$load" --cameras "$n" --warmup-seconds 10 --seconds 30 --csv "$out/sweep.csv" "${extra[@]}" > "$out/n$n.log" 2>&1 || status=$?
  sed -n '/cpu % of a core \/ camera/,$p' "$out/n$n.log" | head -40
  if [ "$status" -ne 0 ]; then echo "sweep: N=$n lost frames or failed (exit $status): the sweep stops here"; break; fi
done
if command -v gnuplot > /dev/null; then
  gnuplot -e "csv='$out/sweep.csv'; png='$out/sweep.png'" "$root/bench/sweep.gnuplot" && echo "sweep: plot $out/sweep.png"
else
  echo "sweep: gnuplot not installed (apt-get install gnuplot-nox): no plot"
fi

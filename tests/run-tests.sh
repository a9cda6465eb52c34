#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET 10 SDK: installs what the tests need
# (ffmpeg, GStreamer RTSP server, PostgreSQL, a JDK for the ONVIF schema validator, Chromium for the EME judge;
# npm s3rver is fetched by tests/peers/s3-server.sh on first use), makes the test media once, then runs every
# test project of Pipeline.sln. Exit status: 0 only if everything passed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export NVR_TEST_MEDIA=${NVR_TEST_MEDIA:-/tmp/nvr-test-media}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

packages=(ffmpeg fonts-dejavu-core python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav postgresql chromium)
command -v java >/dev/null || packages+=(openjdk-17-jdk-headless)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq >/dev/null || true
  for try in 1 2; do
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null && break
    [ $try = 2 ] && { echo "apt-get install failed" >&2; exit 1; }
  done
fi

if [ ! -x "$ROOT/../shared/tools/onvif-validate" ]; then
  if [ "${CI:-}" = true ]; then echo "CI needs ../shared/tools/onvif-validate (the ONVIF schema validator)" >&2; exit 1; fi
  echo "note: ../shared/tools/onvif-validate not found: SOAP responses will not be schema-validated on this clone"
fi

bash tests/peers/make-media.sh "$NVR_TEST_MEDIA" >/dev/null || { echo "making test media failed" >&2; exit 1; }

log=$(mktemp)
buildlog=$(mktemp)
if ! dotnet build Pipeline.sln -c Debug >"$buildlog" 2>&1; then
  grep -E ' error |rror\(s\)' "$buildlog" | sort -u | head -30 >&2
  echo "build failed" >&2; echo "tests: 0 passed, 1 failed"; exit 1
fi
tail -3 "$buildlog"; rm -f "$buildlog"
dotnet test Pipeline.sln --no-build -c Debug --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -E '^\s*(Passed!|Failed!|Failed |Error Message|  [A-Z].*Exception)' 
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
# an xUnit fixture's cleanup failure (e.g. a schema validation of the responses its tests captured) fails the run
# without failing a test: named here, with its message, and counted as a failure
cleanup=$(grep -cE '\[(Test (Class|Collection) Cleanup Failure|Test Assembly Cleanup Failure)' "$log")
if [ "$cleanup" != 0 ]; then
  grep -E -A20 '\[(Test (Class|Collection) Cleanup Failure|Test Assembly Cleanup Failure)' "$log" | grep -vE '^\s+Passed ' | head -80 | sed 's/^/  | /'
  grep -oE '\[Test [A-Za-z]+ Cleanup Failure \([^)]*\)\][^[]{0,160}' "$log" | sed 's/^/FAILED: /' | head -10
  failed=$((failed + cleanup))
fi
if [ "$failed" != 0 ]; then
  # each failure's whole message (up to 40 lines, no stack trace), then one line per failure (name + first line of
  # its message) right above the summary, where CI excerpts look
  awk '/^ +Failed [A-Za-z]/ {on=1; n=0} /^ +Stack Trace:/ {on=0} on && n++ < 40 {print "  | " $0}' "$log" | head -150
  grep -E -A2 '^\s+Failed [A-Za-z]' "$log" | grep -vE '^\s*(Error Message:|--)$' | paste -d' ' - - | sed 's/^ */FAILED: /' | head -20
fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  # dotnet test failed without a failed test: an adapter error (an xUnit fixture or collection cleanup failure, a
  # catastrophic failure), a crashed test host or an aborted run; say which and why
  echo "dotnet test exited with $status although no test failed; what it reported:"
  grep -n -i -E -A12 'cleanup failure|catastrophic|\[FAIL\]|abort|crash|exited with|testhost|Test Run Failed|MSB[0-9]+|error ' "$log" \
    | grep -v -E '^[0-9]+[-:] +Passed ' | head -120 | sed 's/^/  | /'
fi
[ -n "${NVR_TEST_LOG:-}" ] && cp "$log" "$NVR_TEST_LOG"
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$status" = 0 ] && [ "$failed" = 0 ] && [ "$passed" -gt 0 ]

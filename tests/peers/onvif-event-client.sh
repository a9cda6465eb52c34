#!/usr/bin/env bash
# Runs a stock ONVIF event client (onvif-event-client.js) against the appliance:
#   onvif-event-client.sh soap  EVENT_SERVICE_URL SHARED_ONVIF_DIR   node-soap 1.13.0 from the official event.wsdl
#   onvif-event-client.sh onvif HOST PORT                             npm onvif 0.8.3 (Cam.createPullPointSubscription)
#   onvif-event-client.sh device HOST PORT                            npm onvif 0.8.3 (Cam.connect, getRecordings, getReplayUri)
# The npm packages are installed on first use into ${PEERS_CACHE:-~/.cache/nvr-peers}/onvif-clients.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nvr-peers}/onvif-clients
command -v node >/dev/null || { echo "node (>=16) is required" >&2; exit 1; }
# One install at a time (tests run in parallel on a fresh machine); "installed" only once npm finished.
mkdir -p "$PREFIX"
(
  flock 9
  if [ ! -f "$PREFIX/.installed-soap-1.13.0-onvif-0.8.3" ]; then
    rm -rf "$PREFIX/node_modules"
    npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error soap@1.13.0 onvif@0.8.3 >/dev/null
    touch "$PREFIX/.installed-soap-1.13.0-onvif-0.8.3"
  fi
) 9>"$PREFIX.lock"
NODE_PATH="$PREFIX/node_modules" exec node "$HERE/onvif-event-client.js" "$@"

#!/usr/bin/env bash
# postgres-server.sh start|stop|status PORT DATADIR
# A throw-away PostgreSQL cluster (Debian's postgresql package, installed if missing) on 127.0.0.1:PORT with
# trust authentication for user "postgres" and a database "nvr". Runs as the postgres OS user (the server refuses
# root). Idempotent. Log: DATADIR/server.log. Example:
#   ./postgres-server.sh start 55432 /tmp/pg && psql -h 127.0.0.1 -p 55432 -U postgres nvr
set -euo pipefail
CMD=${1:?usage: postgres-server.sh start|stop|status PORT DATADIR}; PORT=${2:?PORT missing}; DATA=${3:?DATADIR missing}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
install_pg() {
  [ -n "$BIN" ] && [ -x "$BIN/initdb" ] && return
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
}
case $CMD in
start)
  install_pg
  if [ -f "$DATA/db/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DATA/db" status >/dev/null 2>&1; then echo "postgres already running on $PORT"; exit 0; fi
  mkdir -p "$DATA"; [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  [ -f "$DATA/db/PG_VERSION" ] || as_pg "$BIN/initdb" -D "$DATA/db" -U postgres --auth=trust >/dev/null
  as_pg "$BIN/pg_ctl" -D "$DATA/db" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PORT -h 127.0.0.1 -k $DATA -c fsync=off -c full_page_writes=off" start >/dev/null
  as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='nvr'" | grep -q 1 \
    || as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres nvr
  echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=nvr" ;;
stop)
  [ -n "$BIN" ] && [ -f "$DATA/db/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DATA/db" -m fast -w stop >/dev/null || true
  echo "postgres on $PORT stopped" ;;
status) [ -n "$BIN" ] && as_pg "$BIN/pg_ctl" -D "$DATA/db" status ;;
*) echo "usage: postgres-server.sh start|stop|status PORT DATADIR" >&2; exit 2 ;;
esac

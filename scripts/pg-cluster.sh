#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests and the benchmark: initdb into DIR, listening on a free port on
# 127.0.0.1 and a socket in DIR, password authentication over TCP. PostgreSQL refuses to run as root, so as root
# the cluster runs as the postgres user.
#   scripts/pg-cluster.sh start DIR   prints PGHOST=, PGPORT=, PGUSER=, PGPASSWORD=, PGSOCKET= lines
#   scripts/pg-cluster.sh stop DIR
# For the fault campaign, on a started cluster: restart DIR (pg_ctl restart -m fast), halt DIR (stop -m fast,
# keeping the data) and resume DIR (start a halted cluster again on the same port).
# HOURGLASS_PG_PRELOAD=LIB runs the server with LIB preloaded (the campaign's fake clock; see as_owner).
set -euo pipefail

usage="usage: pg-cluster.sh start|stop|restart|halt|resume DIR"
action=${1:?$usage}
dir=${2:?$usage}

bin=${HOURGLASS_PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x $bin/initdb ]] || { echo "pg-cluster: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 2; }

# HOURGLASS_PG_PRELOAD (the fault campaign's libfaketime) is preloaded into the server's own processes only, never
# into this script's: the first process to load libfaketime makes a semaphore named by its pid, mode 0600, and
# passes it down in FAKETIME_SHARED. Made by root, the postgres user cannot open it and makes its own, which fails
# when a stale one (a killed process leaves its own behind) holds that pid's name: then the server does not start.
as_owner() {
  local preload=()
  [[ -n ${HOURGLASS_PG_PRELOAD:-} ]] && preload=(env -u FAKETIME_SHARED "LD_PRELOAD=$HOURGLASS_PG_PRELOAD")
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "${preload[@]}" "$@"; else "${preload[@]}" "$@"; fi
}

case $action in
start)
  mkdir -p "$dir"
  password="hg-test-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$password" >"$dir/pwfile"
  [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$dir" && chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pwfile" >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  port=$(python3 "$(dirname "$0")/free-port.py" 2>/dev/null || echo $((20000 + RANDOM % 12000)))
  options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
  printf '%s\n' "$options" >"$dir/options"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$options" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  printf 'PGHOST=127.0.0.1\nPGPORT=%s\nPGUSER=postgres\nPGPASSWORD=%s\nPGSOCKET=%s\n' "$port" "$password" "$dir"
  ;;
stop)
  [[ -f $dir/data/postmaster.pid ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
restart)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 restart >/dev/null || { tail -n 20 "$dir/server.log" >&2; exit 1; }
  ;;
halt)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || { tail -n 20 "$dir/server.log" >&2; exit 1; }
  ;;
resume)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null \
    || { tail -n 20 "$dir/server.log" >&2; exit 1; }
  ;;
*)
  echo "$usage" >&2
  exit 2
  ;;
esac

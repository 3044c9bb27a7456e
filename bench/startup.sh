#!/usr/bin/env bash
# Start-up of short commands (README, Benchmark, "Start-up"): `--version`, `--help`, `list` of an empty and of a
# 20-set root, and `backup` of a nearly empty database (one table of 10 rows, keep 1 so each run also prunes), beside
# the client programs through Debian's pg_wrapper and straight from their version folder. Interleaved rounds (every
# case once per round), K rounds; prints per case the median wall time, the minimum, and the median CPU time (user +
# system, with children), which a loaded machine disturbs less. --baseline DIR also times the backup of another
# checkout's hourglass in the same rounds. Starts and stops its own PostgreSQL cluster. Not part of ./test.sh.
#   bench/startup.sh [--runs K] [--baseline DIR]
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=15 baseline=
while (($#)); do
  case $1 in
  --runs) runs=$2; shift 2 ;;
  --baseline) baseline=$(cd "$2" && pwd); shift 2 ;;
  *) echo "usage: bench/startup.sh [--runs K] [--baseline DIR]" >&2; exit 2 ;;
  esac
done

"$here/scripts/ensure-packages.sh" initdb=postgresql pg_dump=postgresql-client zstd=zstd python3=python3
"$here/hourglass" --help >/dev/null # builds it once, before anything is timed
[[ -z $baseline ]] || "$baseline/hourglass" --help >/dev/null
hg=$here/.artifacts/hourglass/publish/Hourglass.Cli # the native file ./hourglass runs, without the script
work=$(mktemp -d /tmp/hourglass-startup-XXXXXX)
chmod 755 "$work"
cleanup() { "$here/scripts/pg-cluster.sh" stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
while IFS='=' read -r key value; do export "$key=$value"; done < <("$here/scripts/pg-cluster.sh" start "$work/pg")
unset PGSOCKET
psql -X -q -d postgres -c "CREATE DATABASE tiny"
psql -X -q -d tiny -c "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'x' FROM generate_series(1, 10) g"
direct=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

for root in empty twenty backup; do
  mkdir -p "$work/$root"
  keep=$([[ $root == backup ]] && echo 1 || echo 100)
  cat >"$work/$root/hourglass.json" <<JSON
{ "databases": ["tiny"], "connection": { "host": "$PGHOST", "port": $PGPORT, "username": "$PGUSER" },
  "tiers": { "hourly": { "cron": "0 1 1 1 *", "keep": $keep }, "daily": { "cron": "0 1 1 1 *", "keep": 7 } } }
JSON
done
for _ in $(seq 20); do # set ids are to the second
  (cd "$work/twenty" && "$hg" backup --tier hourly >/dev/null 2>&1)
  sleep 1
done

times=$work/times.txt
TIMEFORMAT="%R %U %S"
case_() {
  local name=$1 dir=$2; shift 2
  { time (cd "$dir" && "$@" >/dev/null 2>&1); } 2>>"$times.$name"
}
for _ in $(seq "$runs"); do
  case_ version "$work/empty" "$hg" --version
  case_ help "$work/empty" "$hg" --help
  case_ help-through-script "$work/empty" "$here/hourglass" --help
  case_ list-empty "$work/empty" "$hg" list
  case_ list-20-sets "$work/twenty" "$hg" list
  case_ backup "$work/backup" "$hg" backup --tier hourly
  [[ -z $baseline ]] || case_ backup-baseline "$work/backup" "$baseline/hourglass" backup --tier hourly
  case_ pg_dump-version-on-path "$work" pg_dump --version
  [[ -z $direct ]] || case_ pg_dump-version-direct "$work" "$direct/pg_dump" --version
  case_ pg_dump-zstd-on-path "$work" sh -c "pg_dump -d tiny | zstd -3 -T2 >/dev/null"
  [[ -z $direct ]] || case_ pg_dump-zstd-direct "$work" sh -c "'$direct/pg_dump' -d tiny | zstd -3 -T2 >/dev/null"
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs rounds"
python3 - "$times" <<'PY'
import glob, statistics, sys
for path in sorted(glob.glob(sys.argv[1] + ".*"), key=lambda p: p.split(".")[-1]):
    rows = [tuple(map(float, line.split())) for line in open(path) if line.strip()]
    wall = [r[0] * 1000 for r in rows]
    cpu = [(r[1] + r[2]) * 1000 for r in rows]
    print(f"{path.rsplit('.', 1)[1]:26s} wall median {statistics.median(wall):6.0f} ms  min {min(wall):6.0f} ms  cpu median {statistics.median(cpu):6.0f} ms")
PY

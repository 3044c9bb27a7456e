#!/usr/bin/env bash
# The benchmark: Hourglass against plain pg_dump pipelines on the standard dataset (shared/bench/dataset.sql), in
# one run, interleaved (A B C … A B C …), K runs each, reporting medians of wall time, output size and peak RSS,
# the ratios Hourglass / each baseline, and bench/results/latest.json. Not part of ./test.sh: it measures, it does
# not assert, unless --check (exit 1 when a target in README "Benchmark" is missed). --baseline DIR also measures
# the hourglass of another checkout (a git worktree of an earlier commit, say) in the same run, interleaved, and
# prints this one's backup and restore times as ratios to it.
#   bench/run.sh [--rows N] [--runs K] [--check] [--baseline DIR]
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rows=1500000 runs=3 check= baseline=
while (($#)); do
  case $1 in
  --rows) rows=$2; shift 2 ;;
  --runs) runs=$2; shift 2 ;;
  --baseline) baseline=$(cd "$2" && pwd); shift 2 ;;
  --check) check=--check; shift ;;
  *) echo "usage: bench/run.sh [--rows N] [--runs K] [--check] [--baseline DIR]" >&2; exit 2 ;;
  esac
done
dataset=${HOURGLASS_BENCH_DATASET:-$here/../shared/bench/dataset.sql}
[[ -f $dataset ]] || { echo "bench: no dataset at $dataset (set HOURGLASS_BENCH_DATASET)" >&2; exit 2; }

"$here/scripts/ensure-packages.sh" initdb=postgresql pg_dump=postgresql-client psql=postgresql-client zstd=zstd gzip=gzip python3=python3 /usr/bin/time=time
"$here/hourglass" --help >/dev/null # builds it once, before anything is timed
[[ -z $baseline ]] || "$baseline/hourglass" --help >/dev/null

work=$(mktemp -d /tmp/hourglass-bench-XXXXXX)
chmod 755 "$work"
cleanup() { "$here/scripts/pg-cluster.sh" stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
while IFS='=' read -r key value; do export "$key=$value"; done < <("$here/scripts/pg-cluster.sh" start "$work/pg")
unset PGSOCKET

echo "== loading the standard dataset: rows=$rows into events, $((rows * 2)) into events_2x (this takes a while)"
createdb events && psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -d events -f "$dataset" >/dev/null
createdb -T events events_b && createdb -T events events_c
createdb events_2x && psql -X -q -v ON_ERROR_STOP=1 -v rows=$((rows * 2)) -d events_2x -f "$dataset" >/dev/null

mkdir -p "$work/hg" "$work/out"
config() { # name databases... : a config file with one tier that never fires and keeps 2 sets
  local name=$1; shift
  printf '{ "backupRoot": "%s", "databases": [%s], "tiers": { "bench": { "cron": "0 0 1 1 *", "keep": 2 } } }\n' \
    "$work/hg/$name" "$(printf '"%s",' "$@" | sed 's/,$//')" >"$work/hg/$name.json"
}
config one events
config three events events_b events_c
config double events_2x
newest_dump() { ls -d "$work/hg/$1"/bench/backup_* | sort | tail -n 1; }

results=$work/results.tsv
: >"$results"
# measure NAME OUTPUT COMMAND: wall seconds and peak RSS of the command and its children, and the size of OUTPUT
# (a path, evaluated after the command ran, so it may name the set the command just wrote).
measure() {
  local name=$1 output=$2; shift 2
  /usr/bin/time -f '%e %M' -o "$work/time" bash -c "$*" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  read -r seconds kb <"$work/time"
  local bytes=0
  [[ -n $output ]] && bytes=$(eval stat -c %s "$output")
  printf '%s\t%s\t%s\t%s\n' "$name" "$seconds" "$kb" "$bytes" >>"$results"
  printf '  %-34s %6.2f s %8d KB %12d B\n' "$name" "$seconds" "$kb" "$bytes"
}
fresh() { dropdb --if-exists "$1"; [[ ${2:-} == create ]] && createdb -T template0 "$1"; true; }

for run in $(seq 1 "$runs"); do
  echo "== run $run of $runs"
  measure "pg_dump > /dev/null" "" "pg_dump -d events > /dev/null"
  measure "pg_dump | zstd -3 -T2" "$work/out/events.sql.zst" "pg_dump -d events | zstd -q -3 -T2 > $work/out/events.sql.zst"
  measure "pg_dump -Fc" "$work/out/events.dump" "pg_dump -Fc -d events > $work/out/events.dump"
  measure "pg_dump | gzip" "$work/out/events.sql.gz" "pg_dump -d events | gzip > $work/out/events.sql.gz"
  measure "hourglass backup" '"$(newest_dump one)/events.sql.zst"' "cd $work/hg && $here/hourglass --config one.json backup"
  [[ -z $baseline ]] || measure "baseline backup" '"$(newest_dump one)/events.sql.zst"' "cd $work/hg && $baseline/hourglass --config one.json backup"
  measure "hourglass backup (managed zstd)" '"$(newest_dump one)/events.sql.zst"' "cd $work/hg && HOURGLASS_ZSTD=managed $here/hourglass --config one.json backup"

  fresh restored create
  measure "zstd -dc | psql" "" "zstd -dc $work/out/events.sql.zst | psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d restored"
  fresh restored create
  measure "pg_restore -j2" "" "pg_restore -j2 -d restored $work/out/events.dump"
  fresh restored
  measure "hourglass restore --into" "" "cd $work/hg && $here/hourglass --config one.json restore latest --db events --into restored"
  if [[ -n $baseline ]]; then
    fresh restored
    measure "baseline restore --into" "" "cd $work/hg && $baseline/hourglass --config one.json restore latest --db events --into restored"
  fi

  measure "hourglass backup, 3 dbs, 1 at a time" "" "cd $work/hg && HOURGLASS__maxParallelDumps=1 $here/hourglass --config three.json backup"
  measure "hourglass backup, 3 dbs, 2 at a time" "" "cd $work/hg && HOURGLASS__maxParallelDumps=2 $here/hourglass --config three.json backup"
  measure "hourglass backup, 2x rows" "" "cd $work/hg && $here/hourglass --config double.json backup"
done

mkdir -p "$here/bench/results"
python3 "$here/bench/report.py" "$results" "$here/bench/results/latest.json" --rows "$rows" --runs "$runs" \
  --cores "$(nproc)" --server "$(psql -X -Atc 'SHOW server_version' -d events)" $check

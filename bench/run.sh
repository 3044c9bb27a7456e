#!/usr/bin/env bash
# The benchmark: Hourglass against plain pg_dump pipelines on the standard dataset (shared/bench/dataset.sql), and
# its off-site copies against rclone on a private S3 server (scripts/s3-server.sh, OpenStack Swift on loopback), in
# one run, interleaved (A B C … A B C …), K runs each, reporting medians of wall time, output size and peak RSS,
# the ratios Hourglass / each baseline, and bench/results/latest.json. Not part of ./test.sh: it measures, it does
# not assert, unless --check (exit 1 when a target in README "Benchmark" is missed). --baseline DIR also measures
# the hourglass of another checkout (a git worktree of an earlier commit, say) in the same run, interleaved, and
# prints this one's backup, restore and copy times as ratios to it. Installs what it needs (Debian packages), and
# starts and stops its own PostgreSQL cluster and S3 server.
# Issue 11's cases run beside them: the "wide" dataset (bench/wide.sql: 8 tables with indexes and foreign keys) and the
# standard one restored by zstd | psql, pg_restore -j2 of -Fc and of -Fd, and hourglass restore --jobs 2 and --jobs 1
# ("hourglass restore --into" is --jobs 2); and a set of 50 small
# databases against a shell loop of pg_dump | zstd.
#   bench/run.sh [--rows N] [--wide-rows N] [--small-dbs N] [--runs K] [--check] [--baseline DIR]
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rows=1500000 wide_rows=250000 small_dbs=50 runs=3 check= baseline=
while (($#)); do
  case $1 in
  --rows) rows=$2; shift 2 ;;
  --wide-rows) wide_rows=$2; shift 2 ;;
  --small-dbs) small_dbs=$2; shift 2 ;;
  --runs) runs=$2; shift 2 ;;
  --baseline) baseline=$(cd "$2" && pwd); shift 2 ;;
  --check) check=--check; shift ;;
  *) echo "usage: bench/run.sh [--rows N] [--wide-rows N] [--small-dbs N] [--runs K] [--check] [--baseline DIR]" >&2; exit 2 ;;
  esac
done
dataset=${HOURGLASS_BENCH_DATASET:-$here/../shared/bench/dataset.sql}
[[ -f $dataset ]] || { echo "bench: no dataset at $dataset (set HOURGLASS_BENCH_DATASET)" >&2; exit 2; }

"$here/scripts/ensure-packages.sh" initdb=postgresql pg_dump=postgresql-client psql=postgresql-client zstd=zstd gzip=gzip python3=python3 /usr/bin/time=time \
  age=age age-keygen=age rclone=rclone swift-proxy-server=swift-proxy swift-account-server=swift-account \
  swift-container-server=swift-container swift-object-server=swift-object
"$here/hourglass" --help >/dev/null # builds it once, before anything is timed
[[ -z $baseline ]] || "$baseline/hourglass" --help >/dev/null
# A baseline from before `hourglass copy` existed is measured on backup and restore only.
baseline_copies=
[[ -n $baseline ]] && "$baseline/hourglass" copy --help >/dev/null 2>&1 && baseline_copies=1

work=$(mktemp -d /tmp/hourglass-bench-XXXXXX)
chmod 755 "$work"
cleanup() { "$here/scripts/pg-cluster.sh" stop "$work/pg"; "$here/scripts/s3-server.sh" stop "$work/s3"; rm -rf "$work"; }
trap cleanup EXIT
while IFS='=' read -r key value; do export "$key=$value"; done < <("$here/scripts/pg-cluster.sh" start "$work/pg")
unset PGSOCKET
while IFS='=' read -r key value; do export "$key=$value"; done < <("$here/scripts/s3-server.sh" start "$work/s3")
# Both S3 clients read their credentials from the environment. rclone refuses to start with the machine's
# AWS_CA_BUNDLE; the server is plain HTTP on loopback, so neither client needs it.
export AWS_ACCESS_KEY_ID=$S3_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$S3_SECRET_ACCESS_KEY
unset AWS_CA_BUNDLE
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENV_AUTH=true \
  RCLONE_CONFIG_BENCH_ENDPOINT=$S3_ENDPOINT RCLONE_CONFIG_BENCH_REGION=$S3_REGION RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true \
  RCLONE_CONFIG=$work/rclone.conf
bucket=hourglass-bench
rclone mkdir -q "bench:$bucket"

echo "== loading the standard dataset: rows=$rows into events, $((rows * 2)) into events_2x (this takes a while)"
createdb events && psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -d events -f "$dataset" >/dev/null
createdb -T events events_b && createdb -T events events_c
createdb events_2x && psql -X -q -v ON_ERROR_STOP=1 -v rows=$((rows * 2)) -d events_2x -f "$dataset" >/dev/null
echo "== loading the wide dataset: 8 tables of $wide_rows rows, and $small_dbs small databases"
createdb wide && psql -X -q -v ON_ERROR_STOP=1 -v rows="$wide_rows" -d wide -f "$here/bench/wide.sql" >/dev/null
createdb small_template && psql -X -q -v ON_ERROR_STOP=1 -v rows=200 -d small_template -f "$here/bench/wide.sql" >/dev/null
small=()
for i in $(seq 1 "$small_dbs"); do createdb -T small_template "small_$i"; small+=("small_$i"); done

mkdir -p "$work/hg" "$work/out"
age-keygen -o "$work/key.txt" 2>/dev/null
recipient=$(age-keygen -y "$work/key.txt")
# config NAME ROOT EXTRA DATABASES...: a config file with one tier that never fires and keeps 2 sets, its backup root
# in $work/hg/ROOT, and EXTRA (more top-level keys, or nothing) after the tiers.
config() {
  local name=$1 root=$2 extra=$3; shift 3
  printf '{ "backupRoot": "%s", "databases": [%s], "tiers": { "bench": { "cron": "0 0 1 1 *", "keep": 2 } }%s }\n' \
    "$work/hg/$root" "$(printf '"%s",' "$@" | sed 's/,$//')" "$extra" >"$work/hg/$name.json"
}
# The target the copies go to. Each run copies to a fresh prefix (HOURGLASS__targets__bench__prefix), so a set is
# never "already there".
target=$(printf ', "targets": { "bench": { "bucket": "%s", "endpoint": "%s", "region": "%s", "forcePathStyle": true, "tiers": { "bench": { "keep": 100 } } } }' \
  "$bucket" "$S3_ENDPOINT" "$S3_REGION")
keys=$(printf '"recipients": ["%s"], "identityFile": "%s"' "$recipient" "$work/key.txt")
config one one "" events
config three three "" events events_b events_c
config double double "" events_2x
config encrypted encrypted ", \"encryption\": { $keys, \"local\": true }" events
config wide wide "" wide
config small small "" "${small[@]}"
# The same backup roots as one and double, with the target: copies and restores from it.
config one-s3 one "$target" events
config double-s3 double "$target" events_2x
newest_dump() { ls -d "$work/hg/$1"/bench/backup_* | sort | tail -n 1; }
newest_set() { echo "bench/$(basename "$(newest_dump "$1")")"; }

# The dumps the restore baselines read, made once: the standard dataset's -Fd, and the wide dataset's plain, -Fc and -Fd.
pg_dump -Fd -j2 -d events -f "$work/out/events.dir"
pg_dump -d wide | zstd -q -3 -T2 >"$work/out/wide.sql.zst"
pg_dump -Fc -d wide -f "$work/out/wide.dump"
pg_dump -Fd -j2 -d wide -f "$work/out/wide.dir"
(cd "$work/hg" && "$here/hourglass" --config wide.json backup >/dev/null 2>&1)

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
  measure "hourglass backup, encrypted" '"$(newest_dump encrypted)/events.sql.zst.age"' "cd $work/hg && $here/hourglass --config encrypted.json backup"
  [[ -z $baseline ]] || measure "baseline backup" '"$(newest_dump one)/events.sql.zst"' "cd $work/hg && $baseline/hourglass --config one.json backup"
  measure "hourglass backup (managed zstd)" '"$(newest_dump one)/events.sql.zst"' "cd $work/hg && HOURGLASS_ZSTD=managed $here/hourglass --config one.json backup"

  # The set just written to the S3 server: Hourglass, then rclone with the same files, each to a fresh prefix.
  set=$(newest_set one)
  measure "hourglass copy --to" "" "cd $work/hg && HOURGLASS__targets__bench__prefix=hg-$run $here/hourglass --config one-s3.json copy $set --to bench"
  measure "rclone copy" "" "rclone copy -q $(newest_dump one) bench:$bucket/rclone-$run"
  [[ -z $baseline_copies ]] || measure "baseline copy --to" "" "cd $work/hg && HOURGLASS__targets__bench__prefix=base-$run $baseline/hourglass --config one-s3.json copy $set --to bench"

  fresh restored create
  measure "zstd -dc | psql" "" "zstd -dc $work/out/events.sql.zst | psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d restored"
  fresh restored create
  measure "pg_restore -j2" "" "pg_restore -j2 -d restored $work/out/events.dump"
  fresh restored create
  measure "pg_restore -j2 -Fd" "" "pg_restore -j2 -d restored $work/out/events.dir"
  if [[ -n $baseline ]]; then
    fresh restored
    measure "baseline restore --into" "" "cd $work/hg && $baseline/hourglass --config one.json restore latest --db events --into restored"
  fi
  # The same set from the backup root, then from the target's copy.
  fresh restored
  measure "hourglass restore --into" "" "cd $work/hg && $here/hourglass --config one.json restore $set --db events --into restored --jobs 2"
  fresh restored
  measure "hourglass restore --jobs 1" "" "cd $work/hg && $here/hourglass --config one.json restore $set --db events --into restored --jobs 1"
  fresh restored
  measure "hourglass restore --target" "" "cd $work/hg && HOURGLASS__targets__bench__prefix=hg-$run $here/hourglass --config one-s3.json restore $set --db events --target bench --into restored"

  fresh restored create
  measure "wide: zstd -dc | psql" "" "zstd -dc $work/out/wide.sql.zst | psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d restored"
  fresh restored create
  measure "wide: pg_restore -j2" "" "pg_restore -j2 -d restored $work/out/wide.dump"
  fresh restored create
  measure "wide: pg_restore -j2 -Fd" "" "pg_restore -j2 -d restored $work/out/wide.dir"
  fresh restored
  measure "wide: hourglass restore --into" "" "cd $work/hg && $here/hourglass --config wide.json restore latest --db wide --into restored --jobs 2"
  fresh restored
  measure "wide: hourglass restore --jobs 1" "" "cd $work/hg && $here/hourglass --config wide.json restore latest --db wide --into restored --jobs 1"

  mkdir -p "$work/out/loop"
  measure "$small_dbs dbs: pg_dump | zstd loop" "" "for db in ${small[*]}; do pg_dump -d \$db | zstd -q -3 -T2 > $work/out/loop/\$db.sql.zst; done"
  measure "hourglass backup, $small_dbs dbs, 1 at a time" "" "cd $work/hg && HOURGLASS__maxParallelDumps=1 $here/hourglass --config small.json backup"
  measure "hourglass backup, $small_dbs dbs, 2 at a time" "" "cd $work/hg && HOURGLASS__maxParallelDumps=2 $here/hourglass --config small.json backup"

  measure "hourglass backup, 3 dbs, 1 at a time" "" "cd $work/hg && HOURGLASS__maxParallelDumps=1 $here/hourglass --config three.json backup"
  measure "hourglass backup, 3 dbs, 2 at a time" "" "cd $work/hg && HOURGLASS__maxParallelDumps=2 $here/hourglass --config three.json backup"
  measure "hourglass backup, 2x rows" "" "cd $work/hg && $here/hourglass --config double.json backup"
  measure "hourglass copy --to, 2x rows" "" "cd $work/hg && HOURGLASS__targets__bench__prefix=hg2x-$run $here/hourglass --config double-s3.json copy $(newest_set double) --to bench"
  measure "rclone copy, 2x rows" "" "rclone copy -q $(newest_dump double) bench:$bucket/rclone2x-$run"
done

mkdir -p "$here/bench/results"
python3 "$here/bench/report.py" "$results" "$here/bench/results/latest.json" --rows "$rows" --runs "$runs" --small-dbs "$small_dbs" \
  --cores "$(nproc)" --server "$(psql -X -Atc 'SHOW server_version' -d events)" $check

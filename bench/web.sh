#!/usr/bin/env bash
# The web host's benchmark (README "Benchmark"): a workspace with 2,000 sets in the backup root (one real backup,
# copied under 1,999 more names with their manifests' ids and times changed, so `hourglass list` reads 2,000 valid
# sets) and 10,000 jobs in the SQLite ledger (inserted in SQL, in the states and kinds a busy year leaves), then
# `hourglass serve` with its web host. Measures the median latency of /api/v1/status, the overview page / and
# /metrics over N requests each after a warm-up (curl's time_total), and the daemon's RSS at idle after them; prints
# each against its target and writes bench/results/web-latest.json. Not part of ./test.sh: it measures, it does
# not assert, unless --check (exit 1 when a target is missed). Starts and stops its own PostgreSQL cluster.
#   bench/web.sh [--requests N] [--sets N] [--jobs N] [--check]
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
requests=50 sets=2000 jobs=10000 check=
while (($#)); do
  case $1 in
  --requests) requests=$2; shift 2 ;;
  --sets) sets=$2; shift 2 ;;
  --jobs) jobs=$2; shift 2 ;;
  --check) check=1; shift ;;
  *) echo "usage: bench/web.sh [--requests N] [--sets N] [--jobs N] [--check]" >&2; exit 2 ;;
  esac
done

"$here/scripts/ensure-packages.sh" initdb=postgresql pg_dump=postgresql-client psql=postgresql-client curl=curl python3=python3
"$here/hourglass" --help >/dev/null # builds it once, before anything is timed

work=$(mktemp -d /tmp/hourglass-web-bench-XXXXXX)
chmod 755 "$work"
serve_pid=
cleanup() {
  [[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  "$here/scripts/pg-cluster.sh" stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
while IFS='=' read -r key value; do export "$key=$value"; done < <("$here/scripts/pg-cluster.sh" start "$work/pg")
unset PGSOCKET

echo "== a workspace with $sets sets and $jobs jobs"
createdb bench
psql -X -q -v ON_ERROR_STOP=1 -d bench -c "CREATE TABLE events (id bigint PRIMARY KEY, body text); INSERT INTO events SELECT g, md5(g::text) FROM generate_series(1, 1000) g;"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/hg"
# Tiers that never fire while the benchmark runs, keeping every set; the web host on a free loopback port.
cat >"$work/hg/hourglass.json" <<EOF
{ "backupRoot": "$work/hg/.db-backup", "databases": ["bench"],
  "tiers": { "hourly": { "cron": "0 1 1 1 *", "keep": 100000 }, "daily": { "cron": "0 1 1 1 *", "keep": 100000 } },
  "web": { "listen": "127.0.0.1:$port" } }
EOF
cd "$work/hg"
"$here/hourglass" backup --tier daily >/dev/null 2>"$work/backup.log" || { cat "$work/backup.log" >&2; exit 1; }
"$here/hourglass" jobs --limit 1 >/dev/null # creates and migrates the ledger
python3 - "$work/hg/.db-backup" "$sets" "$jobs" <<'PY'
import datetime, json, os, random, sqlite3, sys
root, sets, jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
real = os.path.join(root, "daily", os.listdir(os.path.join(root, "daily"))[0])
manifest = json.load(open(os.path.join(real, "manifest.json")))
started = datetime.datetime.strptime(manifest["startedAt"], "%Y-%m-%dT%H:%M:%SZ")
stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
# The copies: half hourly, half daily, one hour apart going back; dumps hard-linked (read-only), manifests rewritten.
for i in range(1, sets):
    tier = "hourly" if i % 2 else "daily"
    at = started - datetime.timedelta(hours=i)
    name = at.strftime("backup_%Y%m%d_%H%M%S")
    folder = os.path.join(root, tier, name)
    os.makedirs(folder)
    for file in os.listdir(real):
        if file != "manifest.json":
            os.link(os.path.join(real, file), os.path.join(folder, file))
    copy = dict(manifest, id=f"{tier}/{name}", tier=tier, startedAt=stamp(at), finishedAt=stamp(at + datetime.timedelta(seconds=1)))
    with open(os.path.join(folder, "manifest.json"), "w") as out:
        json.dump(copy, out, indent=2)
    os.chmod(os.path.join(folder, "manifest.json"), 0o600)
# The jobs: cron backups of both tiers, manual verifies, copies and prunes, over the last 28 days (the ledger keeps
# completed jobs 30 days), mostly completed, some discarded with their errors, a few cancelled or retryable.
db = sqlite3.connect(os.path.join(root, "hourglass.db"))
now = int(datetime.datetime.now(datetime.timezone.utc).timestamp() * 1000)
random.seed(7)
rows, errors = [], []
for i in range(jobs):
    at = now - (jobs - i) * (28 * 86400 * 1000 // jobs)
    kind = random.choices(["backup", "verify", "copy", "prune"], [70, 10, 10, 10])[0]
    state = random.choices(["completed", "discarded", "cancelled", "retryable"], [94, 3, 2, 1])[0]
    tier = random.choice(["hourly", "daily"])
    cron = (tier, at) if kind == "backup" else (None, None)
    args = json.dumps({"tier": tier} if kind == "backup" else {"set": "latest", "tier": tier} if kind == "verify" else {"tier": tier} if kind == "prune" else {"set": f"{tier}/backup_x", "target": "offsite"})
    meta = json.dumps({"trigger": "cron" if cron[0] else "manual", "node": "bench-node", "status": "complete", "bytes": 2443, "durationMs": 180})
    finished = at + 2000 if state != "retryable" else None
    # A retryable job waits for tomorrow, so the node does not run it while it is measured.
    due = now + 86400 * 1000 if state == "retryable" else at
    rows.append((kind, args, state, 0, 1, 3, due, at, at + 100, finished, cron[0], cron[1], json.dumps(["bench"]), meta))
    if state in ("discarded", "retryable"):
        errors.append((i + 1, 1, at + 1000, "bench-node", "pg_dump: error: connection to server failed"))
db.executemany("""INSERT INTO jobs (kind, args, state, priority, attempt, max_attempts, scheduled_at, inserted_at, attempted_at,
                  finished_at, lease_owner, lease_expires_at, cancel_requested, cron_name, cron_slot, unique_key, concurrency_key, meta)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0, ?, ?, NULL, ?, ?)""", rows)
db.executemany("INSERT INTO job_errors (job_id, attempt, at, node, message) VALUES (?, ?, ?, ?, ?)", errors)
db.commit()
PY
listed=$("$here/hourglass" list --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["sets"]))')
counted=$(python3 -c "import sqlite3; print(sqlite3.connect('$work/hg/.db-backup/hourglass.db').execute('SELECT count(*) FROM jobs').fetchone()[0])")
echo "hourglass list: $listed sets; ledger: $counted jobs"

echo "== hourglass serve with its web host on 127.0.0.1:$port"
"$here/hourglass" serve >"$work/serve.log" 2>&1 &
serve_pid=$! # the script execs dotnet, so this is the daemon itself
base=http://127.0.0.1:$port
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -o /dev/null "$base/readyz" || { echo "bench: the node never became ready" >&2; cat "$work/serve.log" >&2; exit 1; }

# time_total of N sequential requests to one path, after 10 unmeasured ones, in seconds, one per line.
measure() {
  local path=$1 out=$2
  for _ in $(seq 1 10); do curl -s -o /dev/null "$base$path"; done
  : >"$out"
  for _ in $(seq 1 "$requests"); do curl -s -o /dev/null -w '%{time_total} %{http_code}\n' "$base$path" >>"$out"; done
}
echo "== $requests requests each"
measure /api/v1/status "$work/status.txt"
measure / "$work/overview.txt"
measure /metrics "$work/metrics.txt"
sleep 11 # idle, past the snapshot's 10 s age
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$serve_pid/status")
# One status request that finds the snapshot too old and waits for a refresh (every manifest read again): what a
# reader sees at most once per 10 s, not the median.
curl -s -o /dev/null -w '%{time_total} %{http_code}\n' "$base/api/v1/status" >"$work/refresh.txt"
load=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$here/bench/results"
python3 - "$work" "$here/bench/results/web-latest.json" "$rss_kb" "$load" "$(nproc)" "$listed" "$counted" "$requests" "$check" <<'PY'
import json, statistics, sys
work, out, rss_kb, load, cores, sets, jobs, requests, check = sys.argv[1:]
targets = [("GET /api/v1/status", "status", 50), ("GET / (overview)", "overview", 50), ("GET /metrics", "metrics", 20)]
rows, missed = [], 0
for label, name, target in targets:
    samples = [line.split() for line in open(f"{work}/{name}.txt") if line.strip()]
    times = [float(s[0]) * 1000 for s in samples]
    codes = sorted({s[1] for s in samples})
    median = statistics.median(times)
    met = median <= target
    missed += not met
    rows.append({"what": label, "medianMs": round(median, 2), "p90Ms": round(sorted(times)[int(len(times) * 0.9) - 1], 2), "targetMs": target, "met": met, "httpStatus": codes})
refresh = float(open(f"{work}/refresh.txt").read().split()[0]) * 1000
rows.append({"what": "GET /api/v1/status, refreshing", "ms": round(refresh, 1)})
rss_mb = int(rss_kb) / 1024
rows.append({"what": "daemon RSS at idle", "rssMb": round(rss_mb, 1), "targetMb": 150, "met": rss_mb <= 150})
missed += rss_mb > 150
print(f"{'':34} {'median':>10} {'p90':>10} {'target':>10}  result")
for row in rows:
    if "ms" in row:
        print(f"{row['what']:34} {row['ms']:8.1f}ms {'':>10} {'(once per 10 s)':>10}")
    elif "medianMs" in row:
        print(f"{row['what']:34} {row['medianMs']:8.2f}ms {row['p90Ms']:8.2f}ms {'<= ' + str(row['targetMs']) + 'ms':>10}  {'met' if row['met'] else 'MISSED'}  (HTTP {', '.join(row['httpStatus'])})")
    else:
        print(f"{row['what']:34} {row['rssMb']:8.1f}MB {'':>10} {'<= 150MB':>10}  {'met' if row['met'] else 'MISSED'}")
print(f"sets {sets}, jobs {jobs}, {requests} requests each, {cores} cores, load average {load}")
json.dump({"sets": int(sets), "jobs": int(jobs), "requests": int(requests), "cores": int(cores), "loadAverage": load, "results": rows}, open(out, "w"), indent=2)
print(f"written: {out}")
sys.exit(1 if check and missed else 0)
PY

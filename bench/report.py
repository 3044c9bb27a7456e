"""Turns bench/run.sh's raw timings into medians, ratios and target checks, printed and written as JSON."""
import argparse
import json
import statistics
import sys
from collections import defaultdict
from datetime import datetime, timezone

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("json_out")
parser.add_argument("--rows", type=int)
parser.add_argument("--runs", type=int)
parser.add_argument("--small-dbs", type=int, default=50)
parser.add_argument("--cores", type=int)
parser.add_argument("--server")
parser.add_argument("--check", action="store_true")
args = parser.parse_args()

samples = defaultdict(list)
for line in open(args.results):
    name, seconds, kb, size = line.rstrip("\n").split("\t")
    samples[name].append((float(seconds), int(kb), int(size)))

order = list(dict.fromkeys(line.split("\t")[0] for line in open(args.results)))
cases = {}
for name in order:
    runs = samples[name]
    cases[name] = {
        "seconds": round(statistics.median(s for s, _, _ in runs), 3),
        "peakRssMb": round(statistics.median(k for _, k, _ in runs) / 1024, 1),
        "bytes": int(statistics.median(b for _, _, b in runs)),
        "samples": [s for s, _, _ in runs],
    }

print()
print(f"{'case':38} {'median':>9} {'output':>14} {'peak RSS':>10}")
for name, case in cases.items():
    size = f"{case['bytes'] / 1e6:.1f} MB" if case["bytes"] else ""
    print(f"{name:38} {case['seconds']:>7.2f} s {size:>14} {case['peakRssMb']:>7.1f} MB")

def ratio(a, b, key="seconds"):
    return round(cases[a][key] / cases[b][key], 3)

def marginal(a, b):
    """What the second half of the bytes cost a over what they cost b: the per-byte part, without what each pays once."""
    extra_a = cases[f"{a}, 2x rows"]["seconds"] - cases[a]["seconds"]
    extra_b = cases[f"{b}, 2x rows"]["seconds"] - cases[b]["seconds"]
    return round(extra_a / extra_b, 3) if extra_b > 0 else None

hg = "hourglass backup"
ratios = {
    "backup / pg_dump > /dev/null": ratio(hg, "pg_dump > /dev/null"),
    "backup / pg_dump | zstd -3 -T2": ratio(hg, "pg_dump | zstd -3 -T2"),
    "backup / pg_dump -Fc": ratio(hg, "pg_dump -Fc"),
    "backup / pg_dump | gzip": ratio(hg, "pg_dump | gzip"),
    "backup (managed zstd) / pg_dump | zstd -3 -T2": ratio("hourglass backup (managed zstd)", "pg_dump | zstd -3 -T2"),
    "size / zstd -3 pipe": ratio(hg, "pg_dump | zstd -3 -T2", "bytes"),
    "restore / zstd -dc | psql": ratio("hourglass restore --into", "zstd -dc | psql"),
    "restore / pg_restore -j2": ratio("hourglass restore --into", "pg_restore -j2"),
    "3 dbs: 2 at a time / 1 at a time": ratio("hourglass backup, 3 dbs, 2 at a time", "hourglass backup, 3 dbs, 1 at a time"),
    "peak RSS: 2x rows / 1x rows": ratio("hourglass backup, 2x rows", hg, "peakRssMb"),
    "copy / rclone copy": ratio("hourglass copy --to", "rclone copy"),
    "copy peak RSS: 2x rows / 1x rows": ratio("hourglass copy --to, 2x rows", "hourglass copy --to", "peakRssMb"),
    "copy, 2x rows / rclone copy, 2x rows": ratio("hourglass copy --to, 2x rows", "rclone copy, 2x rows"),
    "copy (2x - 1x) / rclone copy (2x - 1x)": marginal("hourglass copy --to", "rclone copy"),
    "restore --target / restore from the root": ratio("hourglass restore --target", "hourglass restore --into"),
    "backup encrypted / backup": ratio("hourglass backup, encrypted", hg),
}
# Issue 11: restores on both datasets against psql and pg_restore -j2, and a set of many small databases.
small = args.small_dbs
ratios.update({
    "restore / pg_restore -j2 -Fd": ratio("hourglass restore --into", "pg_restore -j2 -Fd"),
    "wide: restore / zstd -dc | psql": ratio("wide: hourglass restore --into", "wide: zstd -dc | psql"),
    "wide: restore / pg_restore -j2": ratio("wide: hourglass restore --into", "wide: pg_restore -j2"),
    "wide: restore / pg_restore -j2 -Fd": ratio("wide: hourglass restore --into", "wide: pg_restore -j2 -Fd"),
    "restore --jobs 1 / zstd -dc | psql": ratio("hourglass restore --jobs 1", "zstd -dc | psql"),
    "wide: restore --jobs 1 / zstd -dc | psql": ratio("wide: hourglass restore --jobs 1", "wide: zstd -dc | psql"),
    "restore --jobs 2 / --jobs 1": ratio("hourglass restore --into", "hourglass restore --jobs 1"),
    "wide: restore --jobs 2 / --jobs 1": ratio("wide: hourglass restore --into", "wide: hourglass restore --jobs 1"),
    f"{small} dbs, 1 at a time / pg_dump | zstd loop": ratio(f"hourglass backup, {small} dbs, 1 at a time", f"{small} dbs: pg_dump | zstd loop"),
    f"{small} dbs, 2 at a time / pg_dump | zstd loop": ratio(f"hourglass backup, {small} dbs, 2 at a time", f"{small} dbs: pg_dump | zstd loop"),
})

# With --baseline, an earlier checkout measured in the same run: how this one compares with it.
if "baseline backup" in cases:
    ratios["backup / baseline backup"] = ratio(hg, "baseline backup")
    ratios["restore / baseline restore"] = ratio("hourglass restore --into", "baseline restore --into")
if "baseline copy --to" in cases:
    ratios["copy / baseline copy"] = ratio("hourglass copy --to", "baseline copy --to")

print()
for name, value in ratios.items():
    print(f"{name:48} {value:>6.3f}" if value is not None else f"{name:48} {'n/a':>6}")

targets = [
    ("backup wall time <= 1.10 x pg_dump | zstd -3 -T2", ratios["backup / pg_dump | zstd -3 -T2"] <= 1.10),
    ("backup wall time <= 0.35 x pg_dump -Fc", ratios["backup / pg_dump -Fc"] <= 0.35),
    ("output size <= 1.02 x the zstd -3 pipe's", ratios["size / zstd -3 pipe"] <= 1.02),
    ("peak RSS <= 120 MB", max(cases[hg]["peakRssMb"], cases["hourglass backup, 2x rows"]["peakRssMb"]) <= 120),
    ("peak RSS within 10% between 1x and 2x rows", abs(ratios["peak RSS: 2x rows / 1x rows"] - 1) <= 0.10),
    ("restore wall time <= 1.10 x zstd -dc | psql", ratios["restore / zstd -dc | psql"] <= 1.10),
    ("copy wall time <= 1.10 x rclone copy", ratios["copy / rclone copy"] <= 1.10),
    ("copy peak RSS <= 150 MB",
     max(cases["hourglass copy --to"]["peakRssMb"], cases["hourglass copy --to, 2x rows"]["peakRssMb"]) <= 150),
    ("copy peak RSS within 10% between 1x and 2x rows", abs(ratios["copy peak RSS: 2x rows / 1x rows"] - 1) <= 0.10),
    ("restore from a target <= 1.15 x from the backup root", ratios["restore --target / restore from the root"] <= 1.15),
    ("encryption costs <= 10% of backup wall time", ratios["backup encrypted / backup"] <= 1.10),
    # Issue 11's targets.
    ("restore <= 0.80 x zstd -dc | psql, standard and wide",
     max(ratios["restore / zstd -dc | psql"], ratios["wide: restore / zstd -dc | psql"]) <= 0.80),
    ("restore <= 0.90 x pg_restore -j2, standard and wide",
     max(ratios["restore / pg_restore -j2"], ratios["wide: restore / pg_restore -j2"]) <= 0.90),
    ("backup <= 1.05 x pg_dump | zstd -3 -T2", ratios["backup / pg_dump | zstd -3 -T2"] <= 1.05),
    (f"{small} dbs, 1 at a time <= 1.0 x the pg_dump | zstd loop", ratios[f"{small} dbs, 1 at a time / pg_dump | zstd loop"] <= 1.0),
    (f"peak RSS <= 120 MB for 1 database and for {small}",
     max(cases[hg]["peakRssMb"], cases[f"hourglass backup, {small} dbs, 1 at a time"]["peakRssMb"]) <= 120),
]
print()
for name, met in targets:
    print(f"{'met   ' if met else 'MISSED'} {name}")

report = {
    "when": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "rows": args.rows,
    "runs": args.runs,
    "cores": args.cores,
    "server": args.server,
    "cases": cases,
    "ratios": ratios,
    "targets": {name: met for name, met in targets},
}
with open(args.json_out, "w") as out:
    json.dump(report, out, indent=2)
print(f"\nwritten to {args.json_out}")
sys.exit(1 if args.check and not all(met for _, met in targets) else 0)

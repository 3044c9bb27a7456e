#!/usr/bin/env bash
# The load runs (README, "Reliability"): serve nodes on a one-second tier for N minutes (default 20: 1,200 slots)
# while one is killed with SIGKILL every 10-40 s and started again 1-5 s later; first three nodes on one PostgreSQL
# ledger, then one node on the SQLite ledger. Every slot must have run once, or have been missed while no node was
# up and skipped as catchUp says. Prints what each run found; exits 1 on any duplicate or lost slot.
# ./test.sh runs both for one minute.
#   faults/load.sh [--minutes N]
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
minutes=20
while (($#)); do
  case $1 in
  --minutes) minutes=$2; shift 2 ;;
  *) echo "usage: faults/load.sh [--minutes N]" >&2; exit 2 ;;
  esac
done
[[ $minutes =~ ^[0-9]+$ ]] || { echo "faults/load.sh: --minutes takes a whole number" >&2; exit 2; }
. "$here/faults/common.sh"
prepare
log=$out/load-$stamp.log
report=$out/load-$stamp.md
echo "== load: two runs of $minutes minutes, log $log"
HOURGLASS_TEST_CLI=$cli/Hourglass.Cli HOURGLASS_LOAD_MINUTES=$minutes HOURGLASS_LOAD_REPORT=$report \
  dotnet tests/Hourglass.IntegrationTests/bin/Release/net10.0/Hourglass.IntegrationTests.dll -noColor \
  -class Hourglass.IntegrationTests.Load.LoadTests >>"$log" 2>&1
status=$?
if [[ -s $report ]]; then cat "$report"; else tail -n 30 "$log"; fi
if ((status != 0)); then
  echo "faults/load.sh: a slot ran twice or was lost (or the run failed); log: $log" >&2
  exit 1
fi

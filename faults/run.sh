#!/usr/bin/env bash
# The fault campaign (README, "Reliability"): N rounds, each a fault of a random kind at a random moment against real
# hourglass processes, a private PostgreSQL cluster and a private S3 server, with every invariant checked after it.
# Prints the table of faults by kind and outcome; exits 1 on any violated invariant, naming the seed that replays it.
# ./test.sh runs the short smoke round of the same campaign (every kind once).
#   faults/run.sh [--rounds N] [--seed S] [--rows R] [--kinds K,K]
#   (default: 300 rounds, a random seed, 40000 rows per table, every kind; --kinds takes class names such as
#   KillServeNode,LedgerOutage, for a replay of some kinds only)
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rounds=300 seed=$((RANDOM * 32768 + RANDOM)) rows=40000 kinds=
while (($#)); do
  case $1 in
  --rounds) rounds=$2; shift 2 ;;
  --seed) seed=$2; shift 2 ;;
  --rows) rows=$2; shift 2 ;;
  --kinds) kinds=$2; shift 2 ;;
  *) echo "usage: faults/run.sh [--rounds N] [--seed S] [--rows R] [--kinds K,K]" >&2; exit 2 ;;
  esac
done
[[ $rounds =~ ^[0-9]+$ && $seed =~ ^[0-9]+$ && $rows =~ ^[0-9]+$ ]] || { echo "faults/run.sh: --rounds, --seed and --rows take whole numbers" >&2; exit 2; }
. "$here/faults/common.sh"
prepare swift-proxy-server=swift-proxy swift-account-server=swift-account swift-container-server=swift-container \
  swift-object-server=swift-object gcc=gcc faketime=faketime
log=$out/campaign-$stamp-seed-$seed.log
report=$out/campaign-$stamp-seed-$seed.md
echo "== campaign: $rounds rounds, seed $seed, log $log"
HOURGLASS_TEST_CLI=$cli/Hourglass.Cli HOURGLASS_FAULT_ROUNDS=$rounds HOURGLASS_FAULT_SEED=$seed \
  HOURGLASS_FAULT_ROWS=$rows HOURGLASS_FAULT_KINDS=$kinds HOURGLASS_FAULT_LOG=$log HOURGLASS_FAULT_REPORT=$report \
  dotnet tests/Hourglass.IntegrationTests/bin/Release/net10.0/Hourglass.IntegrationTests.dll -noColor \
  -method Hourglass.IntegrationTests.Faults.FaultCampaignTests.Campaign_EveryKindOfFault_LeavesEveryInvariantHolding >>"$log" 2>&1
status=$?
if [[ -s $report ]]; then cat "$report"; else tail -n 30 "$log"; fi
if ((status != 0)); then
  echo "faults/run.sh: invariants violated (or the campaign failed): replay with faults/run.sh --seed $seed --rounds $rounds --rows $rows${kinds:+ --kinds $kinds}; log: $log" >&2
  exit 1
fi

#!/usr/bin/env bash
# The whole test suite, from a fresh clone on a fresh Debian machine: installs what it needs (PostgreSQL server and
# client, zstd, age, OpenStack Swift as the S3-compatible server, rclone, Chromium for the browser tests, Prometheus,
# aiosmtpd as the SMTP server), restores and builds, starts a private PostgreSQL
# cluster (scripts/pg-cluster.sh), a private S3 server (scripts/s3-server.sh) and a private SMTP server
# (scripts/smtp-server.sh), runs the unit and integration tests
# against them, stops them, and ends with `tests: N passed, N failed, N skipped` counted from the test runners' XML
# results. Exits non-zero when anything failed.
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
projects=(Hourglass.Tests Hourglass.IntegrationTests)

summary() { echo "tests: $1 passed, $2 failed, $3 skipped"; }

if ! scripts/ensure-packages.sh initdb=postgresql pg_dump=postgresql-client psql=postgresql-client zstd=zstd age=age \
  swift-proxy-server=swift-proxy swift-account-server=swift-account swift-container-server=swift-container \
  swift-object-server=swift-object rclone=rclone chromium=chromium prometheus=prometheus aiosmtpd=python3-aiosmtpd \
  /usr/bin/time=time dpkg-deb=dpkg gcc=gcc faketime=faketime; then
  summary 0 1 0
  exit 1
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is needed: install it and run again" >&2
  summary 0 1 0
  exit 1
fi

echo "== build (Release)"
if ! dotnet build Hourglass.slnx -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "test.sh: the build failed" >&2
  summary 0 1 0
  exit 1
fi

echo "== the native hourglass (./hourglass's Native AOT build: the CLI tests run the file users run)"
if ! ./hourglass --version; then
  echo "test.sh: the native build failed" >&2
  summary 0 1 0
  exit 1
fi
export HOURGLASS_TEST_CLI=$here/.artifacts/hourglass/publish/Hourglass.Cli

results=$(mktemp -d /tmp/hourglass-results-XXXXXX)
cluster=/tmp/hourglass-pg-$$-$RANDOM
s3=/tmp/hourglass-s3-$$-$RANDOM
smtp=/tmp/hourglass-smtp-$$-$RANDOM
cleanup() { scripts/pg-cluster.sh stop "$cluster"; scripts/s3-server.sh stop "$s3"; scripts/smtp-server.sh stop "$smtp"; rm -rf "$results"; }
trap cleanup EXIT

# Starts a private service with its script and exports each KEY=VALUE line it prints as HOURGLASS_TEST_KEY.
start_private() {
  local what=$1 script=$2 dir=$3 settings key value
  echo "== private $what"
  if ! settings=$("$script" start "$dir"); then
    echo "test.sh: could not start the private $what" >&2
    return 1
  fi
  while IFS='=' read -r key value; do
    export "HOURGLASS_TEST_$key=$value"
  done <<<"$settings"
}
if ! start_private "PostgreSQL cluster" scripts/pg-cluster.sh "$cluster" || ! start_private "S3 server" scripts/s3-server.sh "$s3" \
  || ! start_private "SMTP server" scripts/smtp-server.sh "$smtp"; then
  summary 0 1 0
  exit 1
fi
echo "PostgreSQL on $HOURGLASS_TEST_PGHOST:$HOURGLASS_TEST_PGPORT, S3 on $HOURGLASS_TEST_S3_ENDPOINT, SMTP on $HOURGLASS_TEST_SMTP_HOST:$HOURGLASS_TEST_SMTP_PORT"

for project in "${projects[@]}"; do
  echo "== $project"
  dotnet "tests/$project/bin/Release/net10.0/$project.dll" -noColor -xml "$results/$project.xml"
done

attribute() { grep -o "<assembly [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*' | head -n 1; }
passed=0 failed=0 skipped=0
for project in "${projects[@]}"; do
  xml=$results/$project.xml
  if [[ ! -s $xml ]]; then
    echo "test.sh: $project produced no results (the runner crashed)" >&2
    failed=$((failed + 1))
    continue
  fi
  passed=$((passed + $(attribute "$xml" passed)))
  failed=$((failed + $(attribute "$xml" failed) + $(attribute "$xml" errors)))
  skipped=$((skipped + $(attribute "$xml" skipped) + $(attribute "$xml" not-run)))
done

summary "$passed" "$failed" "$skipped"
((failed == 0))

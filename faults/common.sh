# Sourced by faults/run.sh and faults/load.sh: what both need before they run tests against the native file.
#   prepare PACKAGE-PAIRS...   installs what is missing (scripts/ensure-packages.sh), builds the tests and ./hourglass,
#                              and sets cli (a private copy of the native file's folder, removed on exit), out (the
#                              results folder) and stamp (a UTC time for file names)
prepare() {
  cd "$here" || exit 1
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  scripts/ensure-packages.sh initdb=postgresql pg_dump=postgresql-client psql=postgresql-client zstd=zstd "$@" || exit 1
  echo "== build"
  dotnet build tests/Hourglass.IntegrationTests -c Release --nologo -v quiet -clp:ErrorsOnly || exit 1
  ./hourglass --version >/dev/null || exit 1

  # The run uses its own copy of the native file: a rebuild of ./hourglass meanwhile must not pull it away.
  cli=$(mktemp -d /tmp/hourglass-faults-cli-XXXXXX)
  trap 'rm -rf "$cli"' EXIT
  cp -a "$here/.artifacts/hourglass/publish/." "$cli/"
  out=$here/faults/results
  mkdir -p "$out"
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
}

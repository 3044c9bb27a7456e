#!/usr/bin/env bash
# Installs Debian packages for the commands that are missing, so ./hourglass and ./test.sh work on a fresh machine.
# Usage: scripts/ensure-packages.sh COMMAND=PACKAGE...   (e.g. pg_dump=postgresql-client zstd=zstd)
set -euo pipefail

missing=()
for pair in "$@"; do
  cmd=${pair%%=*}
  pkg=${pair#*=}
  if [[ $cmd == initdb ]]; then
    # The server's binaries live outside PATH on Debian.
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && continue
  elif [[ $cmd == swift-* ]]; then
    # Swift's servers take no --version; being on PATH is enough.
    command -v "$cmd" >/dev/null && continue
  elif "$cmd" --version >/dev/null 2>&1; then
    # Running it, not just finding it: Debian's pg_wrapper leaves /usr/bin/pg_dump behind without a client.
    continue
  fi
  missing+=("$pkg")
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "hourglass: missing ${missing[*]}: install them (sudo apt-get install ${missing[*]}) and run again" >&2
  exit 2
fi
echo "Installing ${missing[*]} from Debian's packages…" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp /tmp/hourglass-apt-XXXXXX.log)
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "hourglass: could not install ${missing[*]} (log above)" >&2
  exit 1
fi
rm -f "$log"

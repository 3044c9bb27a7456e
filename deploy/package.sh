#!/usr/bin/env bash
# Builds Hourglass for a server without the .NET SDK: one native file (Native AOT: no .NET runtime needed) with the
# three native libraries it loads beside it (SQLite, libsodium, zstd), packed as hourglass-VERSION-RID.tar.gz, and a
# Debian package made with dpkg-deb, which installs them in /usr/lib/hourglass with /usr/bin/hourglass, the systemd
# unit, a config in /etc/hourglass and an `hourglass` system user whose home, /var/lib/hourglass, holds the backups.
# Needs the .NET 10 SDK, a C toolchain (clang or gcc) and dpkg-deb on the build machine only.
#   deploy/package.sh [--out DIR] [--version VERSION]     (default: artifacts/package, 0.1.0)
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out=$here/artifacts/package version=0.1.0
while (($#)); do
  case $1 in
  --out) out=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
  --version) version=$2; shift 2 ;;
  *) echo "usage: deploy/package.sh [--out DIR] [--version VERSION]" >&2; exit 2 ;;
  esac
done
case $(uname -m) in aarch64 | arm64) rid=linux-arm64 arch=arm64 ;; *) rid=linux-x64 arch=amd64 ;; esac
command -v dotnet >/dev/null || { echo "package: the .NET 10 SDK (dotnet) is needed to build the package" >&2; exit 2; }
command -v dpkg-deb >/dev/null || { echo "package: dpkg-deb is needed (Debian's dpkg package)" >&2; exit 2; }
command -v clang >/dev/null || command -v gcc >/dev/null || { echo "package: a C toolchain is needed to link the native file: apt-get install gcc" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work=$(mktemp -d /tmp/hourglass-package-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

echo "== one native file ($rid)"
if ! dotnet publish "$here/src/Hourglass.Cli/Hourglass.Cli.csproj" -c Release -r "$rid" \
  -p:DebugType=none -p:GenerateDocumentationFile=false -p:Version="$version" \
  -o "$work/publish" --nologo >"$work/publish.log" 2>&1; then
  grep -E 'error' "$work/publish.log" >&2 || cat "$work/publish.log" >&2
  echo "package: the build failed" >&2
  exit 1
fi
# What runs: the native file and the libraries it loads from its own folder; nothing else the publish leaves.
libraries=(libe_sqlite3.so libsodium.so libzstd.so)
place() { # place FOLDER: the file and its libraries into FOLDER
  install -d -m 0755 "$1"
  install -m 0755 "$work/publish/Hourglass.Cli" "$1/hourglass"
  for library in "${libraries[@]}"; do install -m 0644 "$work/publish/$library" "$1/$library"; done
}
place "$work/hourglass-$version"
tar -C "$work" --owner=0 --group=0 -czf "$out/hourglass-$version-$rid.tar.gz" "hourglass-$version"

echo "== hourglass_${version}_${arch}.deb"
root=$work/deb
install -d -m 0755 "$root/DEBIAN" "$root/usr/lib/hourglass" "$root/usr/bin" "$root/lib/systemd/system" \
  "$root/usr/share/doc/hourglass" "$root/etc/hourglass"
place "$root/usr/lib/hourglass"
ln -s ../lib/hourglass/hourglass "$root/usr/bin/hourglass"
install -m 0644 "$here/deploy/debian/hourglass.service" "$root/lib/systemd/system/hourglass.service"
install -m 0640 "$here/deploy/debian/hourglass.json" "$root/etc/hourglass/hourglass.json"
install -m 0644 "$here/README.md" "$root/usr/share/doc/hourglass/README.md"
install -m 0644 "$here/hourglass.example.json" "$root/usr/share/doc/hourglass/hourglass.example.json"
for script in postinst prerm postrm; do
  install -m 0755 "$here/deploy/debian/$script" "$root/DEBIAN/$script"
done
echo /etc/hourglass/hourglass.json >"$root/DEBIAN/conffiles"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" \
  -e "s/@SIZE@/$(du -sk "$root" --exclude=DEBIAN | cut -f1)/" "$here/deploy/debian/control" >"$root/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$out/hourglass_${version}_${arch}.deb" >/dev/null
echo "$out/hourglass-$version-$rid.tar.gz"
echo "$out/hourglass_${version}_${arch}.deb"

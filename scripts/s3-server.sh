#!/usr/bin/env bash
# A private S3-compatible server for the tests: OpenStack Swift (Debian's swift-* packages) with its s3api
# middleware, one replica on one device under DIR, every daemon on 127.0.0.1. Swift rather than a fake S3: it
# implements multipart uploads completely (create, upload part, complete, abort, list), checks every Content-MD5 it
# is sent, verifies SigV4 signatures, and keeps its data on disk, so a server killed mid-upload and started again on
# the same DIR has everything it had acknowledged.
#   scripts/s3-server.sh start DIR   prints S3_ENDPOINT=, S3_REGION=, S3_ACCESS_KEY_ID=, S3_SECRET_ACCESS_KEY=, S3_PID= lines
#   scripts/s3-server.sh stop DIR    kills it and removes DIR
#   scripts/s3-server.sh kill DIR    kills it (SIGKILL) and keeps DIR: `start DIR` brings it back on the same port and data
# A first start picks free ports and writes DIR/etc; a start on a DIR that has one reuses it. Creates no bucket.
set -euo pipefail

action=${1:?usage: s3-server.sh start|stop|kill DIR}
dir=${2:?usage: s3-server.sh start|stop|kill DIR}
python=/usr/bin/python3
daemons=(account container object proxy)

[[ $action == start ]] && ! $python -c 'import swift.common.middleware.s3api' 2>/dev/null && {
  echo "s3-server: OpenStack Swift is not installed (apt-get install swift-proxy swift-account swift-container swift-object)" >&2
  exit 2
}

free_port() {
  $python "$(dirname "$0")/free-port.py"
}

kill_all() {
  local signal=$1 pid
  for daemon in "${daemons[@]}"; do
    if [[ -f $dir/run/$daemon.pid ]]; then
      pid=$(cat "$dir/run/$daemon.pid")
      kill "-$signal" "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$dir/run/$daemon.pid"
    fi
  done
}

configure() {
  mkdir -p "$dir/etc" "$dir/srv/d1" "$dir/run" "$dir/log"
  chmod 700 "$dir"
  local user ports=() key suffix
  user=$(id -un)
  for _ in "${daemons[@]}"; do ports+=("$(free_port)"); done
  key="hg-s3-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  suffix=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')

  cat >"$dir/etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_suffix = $suffix
[storage-policy:0]
name = Policy-0
default = yes
[swift-constraints]
# S3's own limits: 5 GiB a part, 10,000 parts (Swift's defaults are 1,000).
max_file_size = 5368709122
EOF
  local i=0
  for daemon in account container object; do
    cat >"$dir/etc/$daemon-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${ports[$i]}
devices = $dir/srv
mount_check = false
disable_fallocate = true
workers = 0
user = $user
swift_dir = $dir/etc
log_name = $daemon-server
[pipeline:main]
pipeline = $daemon-server
[app:$daemon-server]
use = egg:swift#$daemon
EOF
    (cd "$dir/etc" && $python /usr/bin/swift-ring-builder "$daemon.builder" create 8 1 1 >/dev/null \
      && $python /usr/bin/swift-ring-builder "$daemon.builder" add "r1z1-127.0.0.1:${ports[$i]}/d1" 100 >/dev/null \
      && $python /usr/bin/swift-ring-builder "$daemon.builder" rebalance >/dev/null) \
      || { echo "s3-server: could not build the $daemon ring" >&2; exit 1; }
    i=$((i + 1))
  done
  cat >"$dir/etc/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${ports[3]}
workers = 0
user = $user
swift_dir = $dir/etc
log_name = proxy-server
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
max_upload_part_num = 10000
[filter:tempauth]
use = egg:swift#tempauth
user_hourglass_tester = $key .admin
[filter:slo]
use = egg:swift#slo
max_manifest_segments = 10000
[filter:cache]
use = egg:swift#memcache
# No memcached: tempauth wants a cache object, S3 signatures are checked on every request without one.
memcache_servers = 127.0.0.1:1
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:dlo]
use = egg:swift#dlo
EOF
  printf '%s\n' "$key" >"$dir/etc/secret"
}

case $action in
start)
  [[ -f $dir/etc/proxy-server.conf ]] || configure
  kill_all KILL
  for daemon in "${daemons[@]}"; do
    # Swift reads swift.conf from /etc/swift unless told otherwise before it loads its storage policies.
    setsid $python -c '
import runpy, sys
import swift.common.utils as utils
utils.SWIFT_CONF_FILE = sys.argv[1]
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
' "$dir/etc/swift.conf" "/usr/bin/swift-$daemon-server" "$dir/etc/$daemon-server.conf" -v \
      </dev/null >>"$dir/log/$daemon.log" 2>&1 &
    echo $! >"$dir/run/$daemon.pid"
  done
  port=$(sed -n 's/^bind_port = //p' "$dir/etc/proxy-server.conf")
  for _ in $(seq 300); do
    ready=1
    for daemon in account container object proxy; do
      conf=$dir/etc/$daemon-server.conf
      p=$(sed -n 's/^bind_port = //p' "$conf")
      $python -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$p" 2>/dev/null || ready=0
    done
    ((ready)) && break
    for daemon in "${daemons[@]}"; do
      kill -0 "$(cat "$dir/run/$daemon.pid")" 2>/dev/null || { tail -n 20 "$dir/log/$daemon.log" >&2; kill_all KILL; exit 1; }
    done
    sleep 0.1
  done
  ((ready)) || { echo "s3-server: Swift did not answer on port $port" >&2; kill_all KILL; exit 1; }
  printf 'S3_ENDPOINT=http://127.0.0.1:%s\nS3_REGION=us-east-1\nS3_ACCESS_KEY_ID=hourglass:tester\nS3_SECRET_ACCESS_KEY=%s\nS3_PID=%s\n' \
    "$port" "$(cat "$dir/etc/secret")" "$(cat "$dir/run/proxy.pid")"
  ;;
kill)
  kill_all KILL
  ;;
stop)
  kill_all TERM
  kill_all KILL
  rm -rf "$dir"
  ;;
*)
  echo "usage: s3-server.sh start|stop|kill DIR" >&2
  exit 2
  ;;
esac

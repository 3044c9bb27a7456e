#!/usr/bin/env bash
# A private SMTP server for the alert tests: Debian's aiosmtpd (python3-aiosmtpd) on 127.0.0.1, delivering every
# message into a Maildir (DIR/mail/new/…, one file per message) and taking AUTH PLAIN/LOGIN without TLS for one
# generated user, so a test can check that Hourglass signs in and that the password appears nowhere else.
#   scripts/smtp-server.sh start DIR   prints SMTP_HOST=, SMTP_PORT=, SMTP_MAILBOX=, SMTP_USER=, SMTP_PASSWORD=, SMTP_PID= lines
#   scripts/smtp-server.sh stop DIR    kills it and removes DIR
set -euo pipefail

action=${1:?usage: smtp-server.sh start|stop DIR}
dir=${2:?usage: smtp-server.sh start|stop DIR}
python=/usr/bin/python3

stop() {
  if [[ -f $dir/pid ]]; then
    pid=$(cat "$dir/pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

case $action in
start)
  $python -c 'import aiosmtpd' 2>/dev/null || {
    echo "smtp-server: aiosmtpd is not installed (apt-get install python3-aiosmtpd)" >&2
    exit 2
  }
  stop
  mkdir -p "$dir/mail/tmp" "$dir/mail/new" "$dir/mail/cur"
  chmod 700 "$dir"
  port=$($python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password="hg-smtp-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$password" >"$dir/password"
  cat >"$dir/server.py" <<'PY'
import signal, sys
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult

port, mailbox, user = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
with open(sys.argv[4], "rb") as f:
    password = f.read().strip()

def authenticate(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == user and auth_data.password == password)

controller = Controller(Mailbox(mailbox), hostname="127.0.0.1", port=port,
                        authenticator=authenticate, auth_require_tls=False)
controller.start()
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
PY
  # The server reads the password from a file only this user can read, not from its arguments.
  setsid "$python" "$dir/server.py" "$port" "$dir/mail" hourglass "$dir/password" </dev/null >>"$dir/server.log" 2>&1 &
  echo $! >"$dir/pid"
  for _ in $(seq 100); do
    $python -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" 2>/dev/null && break
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    sleep 0.1
  done
  printf 'SMTP_HOST=127.0.0.1\nSMTP_PORT=%s\nSMTP_MAILBOX=%s\nSMTP_USER=hourglass\nSMTP_PASSWORD=%s\nSMTP_PID=%s\n' \
    "$port" "$dir/mail" "$password" "$(cat "$dir/pid")"
  ;;
stop)
  stop
  rm -rf "$dir"
  ;;
*)
  echo "usage: smtp-server.sh start|stop DIR" >&2
  exit 2
  ;;
esac

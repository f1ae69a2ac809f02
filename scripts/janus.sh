#!/usr/bin/env bash
# A throw-away Janus for tests and local development.
#   bash scripts/janus.sh install           install Debian's janus when missing (never starts the system service)
#   bash scripts/janus.sh start <dir>       write a config folder in <dir>, start Janus, wait until it answers;
#                                           prints KEY=VALUE lines (JANUS_URL, JANUS_ADMIN_URL, JANUS_ADMIN_SECRET,
#                                           JANUS_PID) and keeps them in <dir>/env
#   bash scripts/janus.sh stop <dir>        stop the Janus started in <dir>, by its pid
# start reuses the ports kept in <dir>/env when present, so a test can stop and restart "the same" Janus.
set -euo pipefail

# Where Debian put the plugins and transports (the multiarch folder differs by architecture).
janus_lib() {
  if [ -n "${JANUS_LIB:-}" ]; then echo "$JANUS_LIB"; return; fi
  for dir in /usr/lib/*/janus /usr/lib/janus /usr/local/lib/janus; do
    [ -e "$dir/plugins/libjanus_videoroom.so" ] && { echo "$dir"; return; }
  done
  echo "cannot find Janus's plugins folder (set JANUS_LIB)" >&2
  exit 3
}

SUDO=""
POLICY_GUARD=""

install_janus() {
  command -v janus >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # The package enables a system service on 8088/7088; policy-rc.d exit 101 keeps it from starting.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    POLICY_GUARD=1
    trap remove_policy_guard EXIT
  fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends janus
  command -v janus >/dev/null || { echo "janus was not installed" >&2; exit 1; }
}

remove_policy_guard() {
  if [ -n "$POLICY_GUARD" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

write_config() {
  local dir=$1 http_port=$2 admin_port=$3 rtp_min=$4 secret=$5
  local JANUS_LIB
  JANUS_LIB=$(janus_lib)
  local plugins_disabled="" transports_disabled=""
  for plugin in audiobridge duktape echotest lua nosip recordplay sip streaming textroom videocall voicemail; do
    plugins_disabled+="libjanus_${plugin}.so,"
  done
  for transport in websockets pfunix mqtt nanomsg rabbitmq; do
    transports_disabled+="libjanus_${transport}.so,"
  done
  cat >"$dir/janus.jcfg" <<EOF
general: {
  configs_folder = "$dir"
  plugins_folder = "$JANUS_LIB/plugins"
  transports_folder = "$JANUS_LIB/transports"
  events_folder = "$JANUS_LIB/events"
  loggers_folder = "$JANUS_LIB/loggers"
  log_to_stdout = true
  debug_level = 4
  admin_secret = "$secret"
  token_auth = true
  session_timeout = 60
}
plugins: { disable = "${plugins_disabled%,}" }
transports: { disable = "${transports_disabled%,}" }
events: { broadcast = false }
loggers: { disable = "libjanus_jsonlog.so" }
media: { rtp_port_range = "$rtp_min-$((rtp_min + 199))" }
nat: { ice_enforce_list = "lo" }
EOF
  cat >"$dir/janus.transport.http.jcfg" <<EOF
general: { json = "indented" base_path = "/janus" http = true port = $http_port https = false ip = "127.0.0.1" }
admin: { admin_base_path = "/admin" admin_http = true admin_port = $admin_port admin_https = false admin_ip = "127.0.0.1" }
EOF
  cat >"$dir/janus.plugin.videoroom.jcfg" <<EOF
general: { }
EOF
}

wait_ready() {
  local url=$1 pid=$2
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 1
    if node -e '
      fetch(process.argv[1], { method: "POST", body: JSON.stringify({ janus: "info", transaction: "ready" }), signal: AbortSignal.timeout(1000) })
        .then((r) => r.json()).then((b) => process.exit(b.janus === "server_info" ? 0 : 1), () => process.exit(1));' "$url"; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

start_janus() {
  local dir=${1:?usage: janus.sh start <dir>}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  command -v janus >/dev/null || { echo "janus is not installed (bash scripts/janus.sh install)" >&2; exit 3; }
  local http_port admin_port rtp_min secret
  if [ -f "$dir/env" ]; then
    http_port=$(sed -n 's/^JANUS_HTTP_PORT=//p' "$dir/env")
    admin_port=$(sed -n 's/^JANUS_ADMIN_PORT=//p' "$dir/env")
    rtp_min=$(sed -n 's/^JANUS_RTP_MIN=//p' "$dir/env")
    secret=$(sed -n 's/^JANUS_ADMIN_SECRET=//p' "$dir/env")
  else
    http_port=$(free_port)
    admin_port=$(free_port)
    rtp_min=$((20000 + RANDOM % 200 * 200))
    secret=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  fi
  write_config "$dir" "$http_port" "$admin_port" "$rtp_min" "$secret"
  janus -F "$dir" -C "$dir/janus.jcfg" >"$dir/janus.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/janus.pid"
  if ! wait_ready "http://127.0.0.1:$http_port/janus" "$pid"; then
    kill "$pid" 2>/dev/null || true
    echo "janus did not become ready; last log lines:" >&2
    tail -n 20 "$dir/janus.log" >&2
    exit 1
  fi
  cat >"$dir/env" <<EOF
JANUS_URL=http://127.0.0.1:$http_port/janus
JANUS_ADMIN_URL=http://127.0.0.1:$admin_port/admin
JANUS_ADMIN_SECRET=$secret
JANUS_PID=$pid
JANUS_HTTP_PORT=$http_port
JANUS_ADMIN_PORT=$admin_port
JANUS_RTP_MIN=$rtp_min
EOF
  cat "$dir/env"
}

stop_janus() {
  local dir=${1:?usage: janus.sh stop <dir>}
  [ -f "$dir/janus.pid" ] || return 0
  local pid
  pid=$(cat "$dir/janus.pid")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/janus.pid"
}

case "${1:-}" in
  install) install_janus ;;
  start) start_janus "${2:-}" ;;
  stop) stop_janus "${2:-}" ;;
  *) echo "usage: $0 install | start <dir> | stop <dir>" >&2; exit 64 ;;
esac

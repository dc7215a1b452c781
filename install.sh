#!/bin/sh
# Installs skiff and starts a server.
#
#   ./install.sh [skiff server flags...]                 from a checkout
#   curl -sfL <url>/install.sh | sh -s - [flags...]      from the checkout you are in
#
# Until release binaries are published, this builds dist/skiff from the checkout (npm ci && npm run build)
# when it is missing. Then it installs the binary, writes an uninstaller beside it and starts
# `skiff server FLAGS...` in the background (there is no systemd on the target machines), with a log and a
# PID file, and waits until the API server answers /readyz.
#
# Environment:
#   INSTALL_SKIFF_BIN_DIR      where skiff and skiff-uninstall.sh go (default /usr/local/bin)
#   INSTALL_SKIFF_SKIP_START   true: install only, start nothing
#   INSTALL_SKIFF_SOURCE_DIR   the checkout to build from (default: this script's folder, else the current one)
#   INSTALL_SKIFF_LOG_FILE     server log (default /var/log/skiff.log as root, ~/.skiff/skiff.log otherwise)
#   INSTALL_SKIFF_PID_FILE     server PID file (default /run/skiff.pid as root, ~/.skiff/skiff.pid otherwise)
#   INSTALL_SKIFF_READY_TIMEOUT  seconds to wait for /readyz (default 60)
set -eu

info() { printf '[INFO]  %s\n' "$*"; }
fatal() {
  printf '[ERROR] %s\n' "$*" >&2
  exit 1
}

# quote VALUE: VALUE as one single-quoted shell word, for the generated uninstaller.
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

is_root() { [ "$(id -u)" = 0 ]; }

# --- what the server will use, read from the flags as the server reads them --------------------------------
setup_paths() {
  BIN_DIR=${INSTALL_SKIFF_BIN_DIR:-/usr/local/bin}
  BIN=$BIN_DIR/skiff
  UNINSTALL=$BIN_DIR/skiff-uninstall.sh
  if is_root; then
    DATA_DIR=/var/lib/skiff
    KUBECONFIG_FILE=/etc/skiff/skiff.yaml
    LOG_FILE=${INSTALL_SKIFF_LOG_FILE:-/var/log/skiff.log}
    PID_FILE=${INSTALL_SKIFF_PID_FILE:-/run/skiff.pid}
  else
    [ -n "${HOME:-}" ] || fatal "HOME is not set"
    DATA_DIR=$HOME/.skiff
    KUBECONFIG_FILE=$HOME/.skiff/skiff.yaml
    LOG_FILE=${INSTALL_SKIFF_LOG_FILE:-$HOME/.skiff/skiff.log}
    PID_FILE=${INSTALL_SKIFF_PID_FILE:-$HOME/.skiff/skiff.pid}
  fi
  # Where the binary unpacks its addon (src/util/sea.ts), as the server sees it.
  CACHE_DIR=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/skiff
  PORT=6443
  HOST=127.0.0.1
  KUBECONFIG_GIVEN=false
  while [ $# -gt 0 ]; do
    case $1 in
      --data-dir) DATA_DIR=${2:-} && shift ;;
      --data-dir=*) DATA_DIR=${1#*=} ;;
      --https-listen-port) PORT=${2:-} && shift ;;
      --https-listen-port=*) PORT=${1#*=} ;;
      --bind-address) HOST=${2:-} && shift ;;
      --bind-address=*) HOST=${1#*=} ;;
      --write-kubeconfig) KUBECONFIG_FILE=${2:-} KUBECONFIG_GIVEN=true && shift ;;
      --write-kubeconfig=*) KUBECONFIG_FILE=${1#*=} KUBECONFIG_GIVEN=true ;;
      --ephemeral) fatal "--ephemeral makes a throwaway cluster; run it with 'skiff server --ephemeral' instead" ;;
    esac
    [ $# -gt 0 ] && shift
  done
  case $PORT in '' | *[!0-9]*) fatal "--https-listen-port: not a port: $PORT" ;; esac
  [ "$PORT" != 0 ] || fatal "--https-listen-port 0 cannot be waited for; choose a port"
  case $HOST in 0.0.0.0 | '' | ::) HOST=127.0.0.1 ;; esac
  case $HOST in *:*) URL_HOST="[$HOST]" ;; *) URL_HOST=$HOST ;; esac
  case $DATA_DIR in /*) ;; *) DATA_DIR=$(pwd)/$DATA_DIR ;; esac
  case $KUBECONFIG_FILE in /*) ;; *) KUBECONFIG_FILE=$(pwd)/$KUBECONFIG_FILE ;; esac
}

# --- the binary ---------------------------------------------------------------------------------------------
find_source() {
  if [ -n "${INSTALL_SKIFF_SOURCE_DIR:-}" ]; then
    SOURCE_DIR=$INSTALL_SKIFF_SOURCE_DIR
  else
    # Run as a file: its folder. Piped into sh: $0 is the shell, so the current folder.
    SOURCE_DIR=$(cd "$(dirname "$0")" 2>/dev/null && pwd) || SOURCE_DIR=
    is_checkout "$SOURCE_DIR" || SOURCE_DIR=$(pwd)
  fi
  is_checkout "$SOURCE_DIR" ||
    fatal "no skiff checkout at $SOURCE_DIR (set INSTALL_SKIFF_SOURCE_DIR): release downloads are not published yet"
}

is_checkout() { [ -f "$1/package.json" ] && [ -f "$1/build/build.mjs" ]; }

build_if_missing() {
  [ -x "$SOURCE_DIR/dist/skiff" ] && return 0
  command -v npm >/dev/null || fatal "dist/skiff is missing and npm is not installed to build it"
  info "building dist/skiff in $SOURCE_DIR (npm ci && npm run build)"
  (cd "$SOURCE_DIR" && npm ci && npm run build) || fatal "build failed"
}

install_binary() {
  mkdir -p "$BIN_DIR" 2>/dev/null || fatal "cannot create $BIN_DIR (set INSTALL_SKIFF_BIN_DIR, e.g. ~/.local/bin)"
  [ -w "$BIN_DIR" ] || fatal "cannot write to $BIN_DIR (run as root or set INSTALL_SKIFF_BIN_DIR)"
  # Copy then rename: replacing a running executable in place fails with "Text file busy".
  cp "$SOURCE_DIR/dist/skiff" "$BIN.tmp.$$"
  chmod 755 "$BIN.tmp.$$"
  mv -f "$BIN.tmp.$$" "$BIN"
  info "installed $BIN ($("$BIN" --version | head -n 1))"
}

write_uninstaller() {
  cat >"$UNINSTALL.tmp.$$" <<EOF
#!/bin/sh
# Written by skiff's install.sh. Stops the server it started, removes the binary, its unpacked addon
# and this script.
#   $(basename "$UNINSTALL") [--remove-data]   also delete the data dir, the kubeconfig and the log
set -eu
BIN=$(quote "$BIN")
PID_FILE=$(quote "$PID_FILE")
DATA_DIR=$(quote "$DATA_DIR")
KUBECONFIG_FILE=$(quote "$KUBECONFIG_FILE")
LOG_FILE=$(quote "$LOG_FILE")
CACHE_DIR=$(quote "$CACHE_DIR")
EOF
  cat >>"$UNINSTALL.tmp.$$" <<'EOF'
remove_data=false
for arg in "$@"; do
  case $arg in
    --remove-data) remove_data=true ;;
    -h | --help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

if [ -f "$PID_FILE" ]; then
  pid=$(cat "$PID_FILE")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "stopping skiff (pid $pid)"
    kill -TERM "$pid"
    i=0
    while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      echo "skiff did not stop in 30 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$PID_FILE"
fi
rm -f "$BIN"
# The native addon the binary unpacked on its first start (src/util/sea.ts); any skiff re-creates it.
rm -rf "$CACHE_DIR/addons"
rmdir "$CACHE_DIR" 2>/dev/null || true
if [ "$remove_data" = true ]; then
  case $DATA_DIR in '' | / | /usr | /etc | /var | /home | /root) echo "refusing to remove $DATA_DIR" >&2; exit 1 ;; esac
  for path in "$DATA_DIR" "$KUBECONFIG_FILE" "$LOG_FILE"; do
    if [ -e "$path" ]; then
      rm -rf "$path"
      echo "removed $path"
    fi
  done
else
  echo "kept $DATA_DIR (run with --remove-data to delete it)"
fi
rm -f "$0"
echo "skiff uninstalled"
EOF
  chmod 755 "$UNINSTALL.tmp.$$"
  mv -f "$UNINSTALL.tmp.$$" "$UNINSTALL"
  info "wrote $UNINSTALL"
}

# --- the server ---------------------------------------------------------------------------------------------
stop_previous() {
  [ -f "$PID_FILE" ] || return 0
  old=$(cat "$PID_FILE")
  if [ -n "$old" ] && kill -0 "$old" 2>/dev/null; then
    info "stopping the running skiff (pid $old)"
    kill -TERM "$old"
    i=0
    while kill -0 "$old" 2>/dev/null && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    kill -0 "$old" 2>/dev/null && fatal "skiff (pid $old) did not stop in 30 s"
  fi
  rm -f "$PID_FILE"
}

# Another process answering on the port would be mistaken for this server becoming ready.
check_port_free() {
  code=$(curl -ks -o /dev/null -m 2 -w '%{http_code}' "https://$URL_HOST:$PORT/readyz" 2>/dev/null) || code=000
  [ "$code" = 000 ] || fatal "something already answers on port $PORT (HTTP $code): stop it or pass --https-listen-port"
}

start_server() {
  mkdir -p "$(dirname "$LOG_FILE")" "$(dirname "$PID_FILE")"
  info "starting skiff server $* (log: $LOG_FILE)"
  # setsid: the server leaves this terminal's session, so closing it or ^C does not stop the server.
  # In a script without job control the background child is no group leader, so setsid does not fork
  # and $! is the server's own PID.
  if command -v setsid >/dev/null; then
    nohup setsid "$BIN" server "$@" >>"$LOG_FILE" 2>&1 </dev/null &
  else
    nohup "$BIN" server "$@" >>"$LOG_FILE" 2>&1 </dev/null &
  fi
  echo $! >"$PID_FILE"
}

wait_ready() {
  pid=$(cat "$PID_FILE")
  url="https://$URL_HOST:$PORT/readyz"
  limit=$((${INSTALL_SKIFF_READY_TIMEOUT:-60} * 10))
  i=0
  while :; do
    kill -0 "$pid" 2>/dev/null || {
      tail -n 20 "$LOG_FILE" >&2
      fatal "skiff server exited; see $LOG_FILE"
    }
    code=$(curl -ks -o /dev/null -m 2 -w '%{http_code}' "$url" 2>/dev/null) || code=000
    [ "$code" = 200 ] && kill -0 "$pid" 2>/dev/null && break
    i=$((i + 1))
    [ "$i" -lt "$limit" ] || fatal "no answer from $url after ${INSTALL_SKIFF_READY_TIMEOUT:-60} s (last status $code); see $LOG_FILE"
    sleep 0.1
  done
  info "skiff is ready: $url (pid $pid)"
}

print_usage() {
  echo
  echo "Use the cluster with kubectl:"
  echo "  export KUBECONFIG=$KUBECONFIG_FILE"
  echo "  kubectl get ns"
  if [ "$KUBECONFIG_GIVEN" = true ]; then
    echo "or: KUBECONFIG=$KUBECONFIG_FILE $BIN kubectl get ns"
  else
    echo "or: $BIN kubectl get ns"
  fi
  echo "Stop and remove skiff: $UNINSTALL [--remove-data]"
}

main() {
  setup_paths "$@"
  find_source
  build_if_missing
  if [ "${INSTALL_SKIFF_SKIP_START:-false}" != true ]; then
    command -v curl >/dev/null || fatal "curl is needed to wait for the server"
    stop_previous
    check_port_free
  fi
  install_binary
  write_uninstaller
  if [ "${INSTALL_SKIFF_SKIP_START:-false}" = true ]; then
    info "not starting skiff (INSTALL_SKIFF_SKIP_START=true); start it with: $BIN server $*"
    return 0
  fi
  start_server "$@"
  wait_ready
  print_usage
}

main "$@"

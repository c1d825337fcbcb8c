#!/usr/bin/env bash
# Wharf test fleet: three real Docker engines, a private registry, demo images
# built from a static busybox (no pulls from the internet) and a seeded mix of
# containers and volumes on every engine.
#
#   bash scripts/fleet.sh up            start (or repair) the fleet; idempotent
#   bash scripts/fleet.sh down          stop containers, engines and registry; keep images
#   bash scripts/fleet.sh down --purge  as down, then wipe the state directory
#   bash scripts/fleet.sh status        one line per engine and for the registry
#   bash scripts/fleet.sh env [ENGINE]  print export lines for the docker CLI
#
# State lives in ${WHARF_FLEET_DIR:-/var/tmp/wharf-fleet}; the app and the
# tests read $WHARF_FLEET_DIR/fleet.json. See docs/fleet.md.
set -euo pipefail
umask 022

FLEET_DIR=${WHARF_FLEET_DIR:-/var/tmp/wharf-fleet}
FLEET_DIR=${FLEET_DIR%/}
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

ENGINES=(fleet-a fleet-b fleet-c)
REGISTRY_ADDR=127.0.0.1:5055
REGISTRY_USER=wharf
REGISTRY_REALM=wharf-fleet

REG=$REGISTRY_ADDR
BASE_REF=$REG/wharf-demo/base:1.36
MW_REF=$REG/wharf-demo/middleware:2.4
APP_REPO=$REG/wharf-demo/app
APP_VERSIONS=(3f9c2a1 8b41d07 c0ffee5)
declare -A APP_REVISION=(
  [3f9c2a1]=3f9c2a1e8d4b7c6a5f0e9d8c7b6a5f4e3d2c1b0a
  [8b41d07]=8b41d07c2e9a4f6b1d3e5a7c9b0d2f4e6a8c0b1d
  [c0ffee5]=c0ffee5a1b2c3d4e5f60718293a4b5c6d7e8f901
)
APP_GOOD=8b41d07   # newest healthy version, also tagged latest
APP_BAD=c0ffee5    # newest build, its health check fails
APP_SOURCE=https://git.example.com/acme/shop
ALL_REFS=("$BASE_REF" "$MW_REF")
for _v in "${APP_VERSIONS[@]}"; do ALL_REFS+=("$APP_REPO:$_v"); done
ALL_REFS+=("$APP_REPO:latest")
unset _v

APPLETS=(sh ash ls cat echo sleep wget httpd mkdir tar seq date env true false yes
  head tail printf gzip gunzip find wc nc id ps kill rm cp mv ln grep sed awk tee
  test '[' sort uniq cut tr xargs touch chmod chown hostname uname which du df stat
  basename dirname timeout top free uptime mount umount rmdir pwd vi less)

# The docker CLI must never pick up the caller's engine, context or login.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_API_VERSION
export DOCKER_CONFIG=$FLEET_DIR/docker-config
export DOCKER_BUILDKIT=0  # the classic builder: FROM a local image, no buildx needed
CERTS=$FLEET_DIR/certs
REG_DIR=$FLEET_DIR/registry
RUN_LOG=$FLEET_DIR/fleet.log

# ---------------------------------------------------------------- helpers ---

log()  { printf '[fleet %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '[fleet %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf 'fleet: %s\n' "$*" >&2; exit 1; }

# Run a command with its output going to $RUN_LOG; on failure show its tail.
quiet() {
  local out rc
  out=$(mktemp)
  if "$@" >"$out" 2>&1; then
    { echo "\$ $*"; cat "$out"; } >>"$RUN_LOG" 2>/dev/null || true
    rm -f "$out"
    return 0
  else
    rc=$?
    { echo "\$ $* (exit $rc)"; cat "$out"; } >>"$RUN_LOG" 2>/dev/null || true
    printf 'fleet: command failed (exit %s): %s\n' "$rc" "$*" >&2
    tail -n 40 "$out" | sed 's/^/    /' >&2
    rm -f "$out"
    return "$rc"
  fi
}

check_fleet_dir() {
  [[ $FLEET_DIR == /* ]] || die "WHARF_FLEET_DIR must be an absolute path (got '$FLEET_DIR')"
  [[ $FLEET_DIR =~ ^/[A-Za-z0-9._/+-]+$ ]] ||
    die "WHARF_FLEET_DIR may only hold letters, digits and . _ / + - (got '$FLEET_DIR')"
  # Unix socket paths are limited to 107 bytes; the deepest one is
  # <exec-root>/containerd/containerd-debug.sock.
  ((${#FLEET_DIR} <= 56)) ||
    die "WHARF_FLEET_DIR is too long (${#FLEET_DIR} chars, at most 56) for the engines' unix sockets"
}

is_root() { [[ $(id -u) -eq 0 ]]; }

static_busybox() {
  [[ -x /bin/busybox ]] || return 1
  local out
  out=$(LC_ALL=C ldd /bin/busybox 2>&1 || true)
  [[ $out == *"not a dynamic executable"* || $out == *"statically linked"* ]]
}

ensure_deps() {
  local -a pkgs=()
  _want() { local p; for p; do [[ " ${pkgs[*]-} " == *" $p "* ]] || pkgs+=("$p"); done; }
  command -v dockerd >/dev/null 2>&1 || _want docker.io
  command -v docker >/dev/null 2>&1 || _want docker.io
  command -v docker-registry >/dev/null 2>&1 || _want docker-registry
  static_busybox || _want busybox-static
  command -v chromium >/dev/null 2>&1 || _want chromium
  command -v htpasswd >/dev/null 2>&1 || _want apache2-utils
  command -v openssl >/dev/null 2>&1 || _want openssl
  command -v curl >/dev/null 2>&1 || _want curl
  { command -v ip && command -v ss; } >/dev/null 2>&1 || _want iproute2
  command -v iptables >/dev/null 2>&1 || _want iptables
  ((${#pkgs[@]} == 0)) && return 0
  if ! is_root; then
    printf 'fleet: missing packages. Run as root:\n  apt-get update && apt-get install -y %s\n' "${pkgs[*]}" >&2
    exit 1
  fi
  log "installing ${pkgs[*]} (apt-get)"
  # Keep the packages' own service (a system dockerd on docker0) from starting.
  local policy_added=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" || rc=$?
  ((policy_added)) && rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || die "apt-get install ${pkgs[*]} failed (exit $rc)"
  static_busybox || die "/bin/busybox is still not a static binary after installing busybox-static"
}

# ---------------------------------------------------------- engine layout ---

eng_idx() {
  case $1 in
    fleet-a) echo 1 ;; fleet-b) echo 2 ;; fleet-c) echo 3 ;;
    *) die "unknown engine '$1' (expected fleet-a, fleet-b or fleet-c)" ;;
  esac
}
eng_dir()      { echo "$FLEET_DIR/$1"; }
eng_data()     { echo "$FLEET_DIR/$1/data"; }
eng_exec()     { echo "$FLEET_DIR/$1/exec"; }
eng_pidfile()  { echo "$FLEET_DIR/$1/dockerd.pid"; }
eng_sock()     { echo "$FLEET_DIR/$1/docker.sock"; }
eng_log()      { echo "$FLEET_DIR/$1/dockerd.log"; }
eng_bridge()   { echo "br-wharf$(eng_idx "$1")"; }
eng_bridge_ip(){ echo "172.31.$((200 + $(eng_idx "$1"))).1/24"; }
eng_pool()     { case $1 in fleet-a) echo 172.31.208.0/20 ;; fleet-b) echo 172.31.224.0/20 ;; fleet-c) echo 172.31.240.0/20 ;; esac; }
eng_port()     { case $1 in fleet-a) echo 23761 ;; fleet-b) echo 23762 ;; *) echo "" ;; esac; }
eng_portbase() { echo $((18000 + 100 * $(eng_idx "$1"))); }
eng_url() {
  local port; port=$(eng_port "$1")
  if [[ -n $port ]]; then echo "tcp://127.0.0.1:$port"; else echo "unix://$(eng_sock "$1")"; fi
}

dk() { local name=$1; shift; docker -H "unix://$(eng_sock "$name")" "$@"; }

# ----------------------------------------------------- process bookkeeping ---

proc_cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }
proc_comm()    { cat "/proc/$1/comm" 2>/dev/null || true; }
proc_ppid()    { awk '/^PPid:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }

# Print the pid recorded in $1 if that process is alive, is $2 and its command
# line contains $3; so a recycled pid never counts as ours.
live_pid() {
  local file=$1 comm=$2 marker=$3 pid
  [[ -f $file ]] || return 1
  pid=$(tr -dc '0-9' <"$file" 2>/dev/null || true)
  [[ -n $pid && -d /proc/$pid ]] || return 1
  [[ $(proc_comm "$pid") == "$comm" ]] || return 1
  [[ " $(proc_cmdline "$pid") " == *"$marker"* ]] || return 1
  echo "$pid"
}
engine_pid()   { live_pid "$(eng_pidfile "$1")" dockerd "--data-root $(eng_data "$1") "; }
registry_pid() { live_pid "$REG_DIR/registry.pid" docker-registry "$REG_DIR/config.yml"; }

engine_ping() {  # through the engine's own unix socket
  [[ -S $(eng_sock "$1") ]] || return 1
  [[ $(curl -sS --max-time 3 --unix-socket "$(eng_sock "$1")" http://localhost/_ping 2>/dev/null) == OK ]]
}
engine_ping_url() {  # through the URL the app uses (mutual TLS where there is one)
  local port; port=$(eng_port "$1")
  if [[ -z $port ]]; then engine_ping "$1" && echo OK && return 0; echo FAIL; return 1; fi
  local out
  out=$(curl -sS --max-time 3 --cacert "$CERTS/ca.pem" --cert "$CERTS/cert.pem" --key "$CERTS/key.pem" \
    "https://127.0.0.1:$port/_ping" 2>&1) || true
  if [[ $out == OK ]]; then echo OK; else echo "FAIL(${out:0:60})"; return 1; fi
}

# Pids listening on a TCP port (any address), one per line.
port_holders() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true
}
port_in_use() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }

# Fail clearly when a port we need is taken by a process that is not $2.
check_port() {
  local port=$1 ours=${2:-} what=$3 holders p desc=""
  port_in_use "$port" || return 0
  holders=$(port_holders "$port")
  if [[ -n $ours && -n $holders ]] && [[ $holders == "$ours" ]]; then return 0; fi
  for p in $holders; do desc+=" pid $p ($(proc_comm "$p"): $(proc_cmdline "$p" | cut -c1-100))"; done
  die "TCP port $port, needed for $what, is already held by a process this fleet did not start:${desc:- (unknown process)}. Stop it or free the port, then run up again."
}

wait_pid_exit() {  # pid, seconds
  local pid=$1 i
  for ((i = 0; i < $2 * 10; i++)); do [[ -d /proc/$pid ]] || return 0; sleep 0.1; done
  [[ ! -d /proc/$pid ]]
}

# Unmount everything mounted below a directory, deepest first.
unmount_under() {
  local dir=$1 mp
  [[ -d $dir ]] || return 0
  awk -v p="$dir/" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r mp; do
    mp=$(printf '%b' "$mp")
    umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || warn "could not unmount $mp"
  done
}

# Clean what a dead engine of ours left behind: containers still run by
# orphaned containerd-shim processes, its containerd, orphaned docker-proxy
# processes forwarding into our subnets, overlay/netns mounts, pid file, socket.
cleanup_engine_leftovers() {
  local name=$1 exec data p cl comm killed=0 removed=0 d id
  exec=$(eng_exec "$name")
  data=$(eng_data "$name")
  if command -v runc >/dev/null 2>&1; then
    for d in "$exec"/runtime-runc/*/; do
      [[ -d $d ]] || continue
      for id in $(runc --root "${d%/}" list -q 2>/dev/null || true); do
        if runc --root "${d%/}" delete --force "$id" >/dev/null 2>&1; then removed=$((removed + 1)); fi
      done
    done
  fi
  for p in $(ls /proc | grep -E '^[0-9]+$'); do
    comm=$(proc_comm "$p")
    [[ $comm == containerd-shim* || $comm == containerd ]] || continue
    cl=$(proc_cmdline "$p")
    [[ $cl == *"$exec/"* ]] || continue
    if [[ $comm == containerd-shim* ]]; then
      # The shim is the parent of the container's init; kill the container first.
      for id in $(ps -o pid= --ppid "$p" 2>/dev/null || true); do kill -KILL "$id" 2>/dev/null || true; done
      kill -KILL "$p" 2>/dev/null || true
    else
      kill -TERM "$p" 2>/dev/null || true
      wait_pid_exit "$p" 5 || kill -KILL "$p" 2>/dev/null || true
    fi
    killed=$((killed + 1))
  done
  for p in $(ls /proc | grep -E '^[0-9]+$'); do
    [[ $(proc_comm "$p") == docker-proxy ]] || continue
    [[ $(proc_ppid "$p") == 1 ]] || continue
    cl=$(proc_cmdline "$p")
    [[ $cl =~ -container-ip\ 172\.31\.(20[1-3]|20[89]|2[1-5][0-9])\. ]] || continue
    kill -TERM "$p" 2>/dev/null || true
    killed=$((killed + 1))
  done
  ((killed + removed == 0)) ||
    log "$name: cleaned up after a previous run: $removed stale container(s), $killed leftover process(es)"
  sleep 0.2
  unmount_under "$exec"
  unmount_under "$data"
  rm -f "$(eng_pidfile "$name")" "$(eng_sock "$name")" "$exec/containerd/containerd.pid"
}

ensure_bridge() {
  local br=$1 cidr=$2
  if ip link show dev "$br" >/dev/null 2>&1; then
    [[ $(ip -d link show dev "$br") == *" bridge "* ]] || die "network interface $br exists but is not a bridge"
  else
    ip link add "$br" type bridge
  fi
  [[ $(ip -4 -o addr show dev "$br") == *"inet $cidr "* ]] || ip addr add "$cidr" dev "$br"
  ip link set "$br" up
}

# A bridge is ours to delete only when no live dockerd uses it.
bridge_in_use() {
  local br=$1 p
  for p in $(ls /proc | grep -E '^[0-9]+$'); do
    [[ $(proc_comm "$p") == dockerd ]] || continue
    [[ " $(proc_cmdline "$p") " == *" --bridge $br "* ]] && return 0
  done
  return 1
}

# ------------------------------------------------------------------- TLS ---

gen_key() { openssl genrsa -out "$1" 2048 2>/dev/null; chmod 600 "$1"; }

gen_ca() {  # dir, common name
  local dir=$1 cn=$2
  mkdir -p "$dir"
  gen_key "$dir/ca-key.pem"
  cat >"$dir/ca.cnf" <<EOF
[req]
distinguished_name = dn
x509_extensions = v3_ca
prompt = no
[dn]
CN = $cn
O = Wharf test fleet
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
  openssl req -x509 -new -key "$dir/ca-key.pem" -sha256 -days 825 -config "$dir/ca.cnf" -out "$dir/ca.pem" 2>/dev/null
  rm -f "$dir/ca.cnf"
}

gen_signed() {  # ca dir, key out, cert out, common name, extensions
  local ca=$1 key=$2 crt=$3 cn=$4 ext=$5 tmp
  tmp=$(mktemp -d)
  gen_key "$key"
  openssl req -new -key "$key" -subj "/CN=$cn/O=Wharf test fleet" -out "$tmp/req.csr" 2>/dev/null
  printf '%b\n' "$ext" >"$tmp/ext.cnf"
  openssl x509 -req -in "$tmp/req.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca-key.pem" \
    -set_serial "0x$(openssl rand -hex 16)" -days 825 -sha256 -extfile "$tmp/ext.cnf" -out "$crt" 2>/dev/null
  rm -rf "$tmp"
}

CLIENT_EXT='basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = clientAuth'
SERVER_EXT='basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1, DNS:localhost'

gen_expired_client() {  # client cert signed by the real CA, valid only on 1 Jan 2020
  local tmp
  tmp=$(mktemp -d)
  mkdir -p "$CERTS/expired" "$tmp/new"
  gen_key "$CERTS/expired/key.pem"
  openssl req -new -key "$CERTS/expired/key.pem" -subj "/CN=wharf-expired-client/O=Wharf test fleet" \
    -out "$tmp/req.csr" 2>/dev/null
  : >"$tmp/index.txt"
  openssl rand -hex 16 >"$tmp/serial"
  cat >"$tmp/ca.cnf" <<EOF
[ca]
default_ca = fleet
[fleet]
database = $tmp/index.txt
new_certs_dir = $tmp/new
serial = $tmp/serial
certificate = $CERTS/ca.pem
private_key = $CERTS/ca-key.pem
default_md = sha256
policy = anything
unique_subject = no
x509_extensions = client
[anything]
commonName = supplied
organizationName = optional
[client]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
EOF
  openssl ca -batch -notext -config "$tmp/ca.cnf" -startdate 20200101000000Z -enddate 20200102000000Z \
    -in "$tmp/req.csr" -out "$CERTS/expired/cert.pem" 2>/dev/null
  rm -rf "$tmp"
}

cert_ok() { [[ -s $1 ]] && openssl x509 -checkend 86400 -noout -in "$1" >/dev/null 2>&1; }

ensure_certs() {
  mkdir -p "$CERTS"
  if ! cert_ok "$CERTS/ca.pem" || ! cert_ok "$CERTS/server.pem" || ! cert_ok "$CERTS/cert.pem" ||
    [[ ! -s $CERTS/ca-key.pem || ! -s $CERTS/server-key.pem || ! -s $CERTS/key.pem ]]; then
    log "generating the fleet CA, server and client certificates in $CERTS"
    rm -rf "$CERTS/expired"
    gen_ca "$CERTS" "Wharf fleet CA"
    gen_signed "$CERTS" "$CERTS/server-key.pem" "$CERTS/server.pem" localhost "$SERVER_EXT"
    gen_signed "$CERTS" "$CERTS/key.pem" "$CERTS/cert.pem" wharf-client "$CLIENT_EXT"
  fi
  if [[ ! -s $CERTS/expired/cert.pem || ! -s $CERTS/expired/key.pem ]]; then
    gen_expired_client
  fi
  if ! cert_ok "$CERTS/wrong-ca/ca.pem" || [[ ! -s $CERTS/wrong-ca/cert.pem || ! -s $CERTS/wrong-ca/key.pem ]]; then
    gen_ca "$CERTS/wrong-ca" "Unrelated CA"
    gen_signed "$CERTS/wrong-ca" "$CERTS/wrong-ca/key.pem" "$CERTS/wrong-ca/cert.pem" wharf-client "$CLIENT_EXT"
  fi
  chmod 600 "$CERTS"/*key.pem "$CERTS"/*/*key.pem
}

# ---------------------------------------------------------------- engines ---

start_engine() {
  local name=$1 pid i port dir data exec sock
  dir=$(eng_dir "$name"); data=$(eng_data "$name"); exec=$(eng_exec "$name"); sock=$(eng_sock "$name")
  port=$(eng_port "$name")

  if pid=$(engine_pid "$name"); then
    for ((i = 0; i < 60; i++)); do engine_ping "$name" && break; sleep 0.5; done
    if engine_ping "$name"; then
      # A TLS engine must also accept the current certificates (they may
      # have been regenerated since it started).
      if [[ -z $port ]] || engine_ping_url "$name" >/dev/null; then
        log "$name: already running (pid $pid)"
        return 0
      fi
      warn "$name: dockerd pid $pid does not answer over mutual TLS with the current certificates; restarting it"
    else
      warn "$name: dockerd pid $pid does not answer _ping; restarting it"
    fi
    stop_engine "$name"
  fi

  cleanup_engine_leftovers "$name"
  [[ -n $port ]] && check_port "$port" "" "$name's TLS listener"
  mkdir -p "$data" "$exec"
  ensure_bridge "$(eng_bridge "$name")" "$(eng_bridge_ip "$name")"
  # Own config file (so /etc/docker/daemon.json never applies) and own key, so
  # every engine reports its own ID in /info.
  printf '{\n  "deprecated-key-path": "%s"\n}\n' "$dir/key.json" >"$dir/daemon.json"

  local -a args=(
    --config-file "$dir/daemon.json"
    --data-root "$data" --exec-root "$exec" --pidfile "$(eng_pidfile "$name")"
    -H "unix://$sock"
    --bridge "$(eng_bridge "$name")"
    --default-address-pool "base=$(eng_pool "$name"),size=24"
    --storage-driver overlay2
    --log-driver json-file
    --shutdown-timeout 2
  )
  if [[ -n $port ]]; then
    args+=(-H "tcp://127.0.0.1:$port" --tlsverify
      --tlscacert "$CERTS/ca.pem" --tlscert "$CERTS/server.pem" --tlskey "$CERTS/server-key.pem")
  fi
  log "$name: starting dockerd ($(eng_url "$name"))"
  printf '\n==== %s dockerd %s\n' "$(date -Iseconds)" "${args[*]}" >>"$(eng_log "$name")"
  setsid dockerd "${args[@]}" >>"$(eng_log "$name")" 2>&1 </dev/null 9>&- &
  local spid=$! t0=$SECONDS
  for ((i = 0; i < 120; i++)); do
    if engine_ping "$name"; then
      log "$name: up (pid $(engine_pid "$name" || echo "$spid"), ready after $((SECONDS - t0)) s)"
      if [[ -n $port ]]; then
        engine_ping_url "$name" >/dev/null || die "$name answers on its socket but not over mutual TLS on 127.0.0.1:$port; see $(eng_log "$name")"
      fi
      return 0
    fi
    if ! kill -0 "$spid" 2>/dev/null && ! engine_pid "$name" >/dev/null; then
      tail -n 25 "$(eng_log "$name")" | sed 's/^/    /' >&2
      die "$name: dockerd exited during start-up; full log in $(eng_log "$name")"
    fi
    sleep 0.5
  done
  tail -n 25 "$(eng_log "$name")" | sed 's/^/    /' >&2
  die "$name: dockerd did not answer _ping within 60 s; log in $(eng_log "$name")"
}

stop_engine() {
  local name=$1 pid ids
  if pid=$(engine_pid "$name"); then
    if engine_ping "$name"; then
      ids=$(dk "$name" ps -q 2>/dev/null || true)
      if [[ -n $ids ]]; then
        log "$name: stopping $(echo "$ids" | wc -l) running container(s)"
        # shellcheck disable=SC2086
        quiet dk "$name" stop -t 1 $ids || warn "$name: some containers did not stop cleanly"
      fi
    fi
    log "$name: stopping dockerd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_pid_exit "$pid" 20; then
      warn "$name: dockerd pid $pid still running after 20 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      wait_pid_exit "$pid" 5 || true
    fi
  fi
  cleanup_engine_leftovers "$name"
}

# --------------------------------------------------------------- registry ---

registry_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$REGISTRY_ADDR/v2/" 2>/dev/null || true
}

write_registry_config() {
  cat <<EOF
version: 0.1
log:
  level: info
  fields:
    service: wharf-fleet-registry
storage:
  filesystem:
    rootdirectory: $REG_DIR/data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $REGISTRY_ADDR
  secret: wharf-fleet-local-registry
  headers:
    X-Content-Type-Options: [nosniff]
auth:
  htpasswd:
    realm: $REGISTRY_REALM
    path: $REG_DIR/htpasswd
EOF
}

ensure_registry() {
  local pid i cfg new
  mkdir -p "$REG_DIR/data"
  if [[ ! -s $REG_DIR/password ]]; then
    (umask 077; openssl rand -hex 12 >"$REG_DIR/password")
    rm -f "$REG_DIR/htpasswd"
  fi
  chmod 600 "$REG_DIR/password"
  if [[ ! -s $REG_DIR/htpasswd || $REG_DIR/password -nt $REG_DIR/htpasswd ]]; then
    htpasswd -Bbn "$REGISTRY_USER" "$(cat "$REG_DIR/password")" >"$REG_DIR/htpasswd"
    chmod 600 "$REG_DIR/htpasswd"
    if pid=$(registry_pid); then  # htpasswd is read at start-up only
      kill -TERM "$pid"; wait_pid_exit "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  cfg=$REG_DIR/config.yml
  new=$(write_registry_config)
  if [[ ! -f $cfg || $(cat "$cfg") != "$new" ]]; then
    printf '%s\n' "$new" >"$cfg"
    if pid=$(registry_pid); then
      kill -TERM "$pid"; wait_pid_exit "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  if pid=$(registry_pid); then
    for ((i = 0; i < 20; i++)); do
      if [[ $(registry_code) == 401 ]]; then log "fleet-registry: already running (pid $pid)"; return 0; fi
      sleep 0.25
    done
    warn "fleet-registry pid $pid does not answer 401 on /v2/; restarting it"
    kill -TERM "$pid"; wait_pid_exit "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$REG_DIR/registry.pid"
  check_port "${REGISTRY_ADDR##*:}" "" "the fleet registry"
  log "fleet-registry: starting docker-registry on http://$REGISTRY_ADDR"
  printf '\n==== %s docker-registry serve %s\n' "$(date -Iseconds)" "$cfg" >>"$REG_DIR/registry.log"
  setsid bash -c 'echo $$ >"$1"; exec docker-registry serve "$2"' fleet-registry \
    "$REG_DIR/registry.pid" "$cfg" >>"$REG_DIR/registry.log" 2>&1 </dev/null 9>&- &
  for ((i = 0; i < 80; i++)); do
    [[ $(registry_code) == 401 ]] && { log "fleet-registry: up (pid $(registry_pid || echo '?'))"; return 0; }
    pid=$(tr -dc '0-9' <"$REG_DIR/registry.pid" 2>/dev/null || true)
    if [[ -n $pid && ! -d /proc/$pid ]]; then break; fi
    sleep 0.25
  done
  tail -n 20 "$REG_DIR/registry.log" | sed 's/^/    /' >&2
  die "fleet-registry did not answer 401 on http://$REGISTRY_ADDR/v2/; log in $REG_DIR/registry.log"
}

stop_registry() {
  local pid
  if pid=$(registry_pid); then
    log "fleet-registry: stopping (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    wait_pid_exit "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$REG_DIR/registry.pid"
}

registry_login() {
  mkdir -p "$DOCKER_CONFIG"
  quiet dk fleet-a login -u "$REGISTRY_USER" --password-stdin "$REGISTRY_ADDR" <"$REG_DIR/password"
}

# Digest of a tag in the registry ("" when absent).
declare -A REG_DIGEST=()
registry_digest() {
  local ref=$1 repo tag
  repo=${ref#"$REG"/}; tag=${repo##*:}; repo=${repo%:*}
  curl -sS -I --max-time 5 -u "$REGISTRY_USER:$(cat "$REG_DIR/password")" \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY_ADDR/v2/$repo/manifests/$tag" 2>/dev/null |
    awk 'tolower($1) == "docker-content-digest:" { gsub("\r", "", $2); print $2 }' || true
}

# True when the engine's image for ref was pushed to / pulled from the
# registry's current manifest of that tag.
image_matches_registry() {
  local name=$1 ref=$2 digest=$3 repo have
  [[ -n $digest ]] || return 1
  repo=${ref%:*}
  have=$(dk "$name" image inspect -f '{{range .RepoDigests}} {{.}}{{end}}' "$ref" 2>/dev/null || true)
  [[ " $have " == *" $repo@$digest "* ]]
}

# ----------------------------------------------------------------- images ---

image_id() { dk "$1" image inspect -f '{{.Id}}' "$2" 2>/dev/null || true; }

# $FLEET_DIR/images.state remembers, per image, the hash of the recipe it was
# built from and the resulting image ID on fleet-a ("<ref> <recipe> <id>"), so a
# second up skips the build and a changed recipe or a lost image rebuilds it.
# (Kept out of the images' labels: containers inherit those.)
IMAGES_STATE=$FLEET_DIR/images.state
image_current() {  # ref, recipe
  local id
  id=$(image_id fleet-a "$1")
  [[ -n $id ]] || return 1
  [[ -f $IMAGES_STATE ]] && grep -qxF "$1 $2 $id" "$IMAGES_STATE"
}
image_record() {  # ref, recipe
  local id
  id=$(image_id fleet-a "$1")
  { grep -vF "$1 " "$IMAGES_STATE" 2>/dev/null || true; echo "$1 $2 $id"; } >"$IMAGES_STATE.tmp"
  mv -f "$IMAGES_STATE.tmp" "$IMAGES_STATE"
}
hash_dir() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }

build_base() {
  local ctx=$FLEET_DIR/build/base recipe a
  recipe=$( { declare -f build_base; printf "%s\n" "${APPLETS[@]}"; sha256sum /bin/busybox; } | sha256sum | cut -c1-16)
  image_current "$BASE_REF" "$recipe" && return 0
  log "building $BASE_REF (docker import of a static busybox rootfs)"
  rm -rf "$ctx"
  mkdir -p "$ctx"/rootfs/{bin,etc,tmp,root,proc,sys,dev,var/log,home}
  cp /bin/busybox "$ctx/rootfs/bin/busybox"
  for a in "${APPLETS[@]}"; do ln -s busybox "$ctx/rootfs/bin/$a"; done
  chmod 1777 "$ctx/rootfs/tmp"
  chmod 700 "$ctx/rootfs/root"
  printf 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$ctx/rootfs/etc/passwd"
  printf 'root:x:0:\nwww-data:x:33:\nnogroup:x:65534:\n' >"$ctx/rootfs/etc/group"
  printf 'NAME="Wharf demo base"\nID=wharf-demo\nVERSION_ID=1.36\nPRETTY_NAME="Wharf demo base 1.36 (busybox)"\n' >"$ctx/rootfs/etc/os-release"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$ctx/rootfs" -cf "$ctx/rootfs.tar" .
  quiet dk fleet-a import \
    --message "wharf demo base: static busybox rootfs" \
    --change 'CMD ["sh"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'LABEL org.opencontainers.image.title=base org.opencontainers.image.version=1.36 org.opencontainers.image.description="busybox base OS"' \
    "$ctx/rootfs.tar" "$BASE_REF"
  image_record "$BASE_REF" "$recipe"
  rm -rf "$ctx"
}

legacy_build() {  # ref, context dir, parent ref
  local ref=$1 ctx=$2 parent=$3 recipe
  recipe=$( { hash_dir "$ctx"; image_id fleet-a "$parent"; } | sha256sum | cut -c1-16)
  image_current "$ref" "$recipe" && return 0
  log "building $ref"
  quiet dk fleet-a build -t "$ref" "$ctx"
  image_record "$ref" "$recipe"
}

build_middleware() {
  local ctx=$FLEET_DIR/build/middleware
  rm -rf "$ctx"; mkdir -p "$ctx/www"
  printf '<!doctype html>\n<title>middleware 2.4</title>\n<h1>middleware 2.4</h1>\n<p>busybox httpd serving /www on port 8080</p>\n' >"$ctx/www/index.html"
  cat >"$ctx/Dockerfile" <<EOF
FROM $BASE_REF
LABEL org.opencontainers.image.title=middleware \\
      org.opencontainers.image.version=2.4 \\
      org.opencontainers.image.description="busybox httpd serving /www on port 8080"
COPY www/ /www/
WORKDIR /www
EXPOSE 8080
CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
EOF
  legacy_build "$MW_REF" "$ctx" "$BASE_REF"
}

build_app() {
  local v=$1 rev=${APP_REVISION[$1]} ctx=$FLEET_DIR/build/app-$1
  rm -rf "$ctx"; mkdir -p "$ctx/www"
  cat >"$ctx/www/index.html" <<EOF
<!doctype html>
<title>shop $v</title>
<h1>shop $v</h1>
<p>revision $rev</p>
EOF
  echo "$v" >"$ctx/www/version"
  [[ $v == "$APP_BAD" ]] || echo ok >"$ctx/www/health"
  cat >"$ctx/Dockerfile" <<EOF
FROM $MW_REF
LABEL org.opencontainers.image.title=shop \\
      org.opencontainers.image.description="shop web front end" \\
      org.opencontainers.image.version=$v \\
      org.opencontainers.image.revision=$rev \\
      org.opencontainers.image.source=$APP_SOURCE
COPY www/ /www/
HEALTHCHECK --interval=2s --timeout=2s --start-period=2s --retries=2 CMD wget -q -O- http://127.0.0.1:8080/health || exit 1
EOF
  legacy_build "$APP_REPO:$v" "$ctx" "$MW_REF"
}

ensure_images() {
  local v ref
  mkdir -p "$FLEET_DIR/build"
  build_base
  build_middleware
  for v in "${APP_VERSIONS[@]}"; do build_app "$v"; done
  [[ $(image_id fleet-a "$APP_REPO:latest") == "$(image_id fleet-a "$APP_REPO:$APP_GOOD")" ]] ||
    quiet dk fleet-a tag "$APP_REPO:$APP_GOOD" "$APP_REPO:latest"
  rm -rf "$FLEET_DIR/build"

  for ref in "${ALL_REFS[@]}"; do
    REG_DIGEST[$ref]=$(registry_digest "$ref")
    if ! image_matches_registry fleet-a "$ref" "${REG_DIGEST[$ref]}"; then
      log "pushing $ref"
      quiet dk fleet-a push "$ref"
      REG_DIGEST[$ref]=$(registry_digest "$ref")
    fi
  done
}

sync_images() {  # pull every demo image from the registry where it is missing or stale
  local name=$1 ref
  for ref in "${ALL_REFS[@]}"; do
    image_matches_registry "$name" "$ref" "${REG_DIGEST[$ref]}" && continue
    log "$name: pulling $ref"
    quiet dk "$name" pull "$ref"
  done
}

# ------------------------------------------------------ seeded containers ---

seed_engine() {
  local name=$1 n cname st
  n=$(eng_idx "$name")
  local -A state=()
  while IFS=$'\t' read -r cname st; do
    if [[ -n $cname ]]; then state[$cname]=$st; fi
  done < <(dk "$name" ps -a --format '{{.Names}}	{{.State}}')
  local -a common=(--label wharf.demo=true --stop-timeout 1)
  local created=0 started=0 cref cimg

  # A seeded container whose tag was rebuilt since it was created runs an image no tag names any more;
  # recreate it, so the demo's containers run the demo's current images (its volumes are kept).
  for cname in "${!state[@]}"; do
    read -r cref cimg < <(dk "$name" inspect -f '{{.Config.Image}} {{.Image}}' "$cname" 2>/dev/null) || continue
    [[ $(dk "$name" inspect -f '{{index .Config.Labels "wharf.demo"}}' "$cname" 2>/dev/null) == true ]] || continue
    if [[ -n $cref && $(image_id "$name" "$cref") != "$cimg" ]]; then
      log "$name: $cname runs an image that $cref no longer names; recreating it"
      quiet dk "$name" rm -f "$cname"
      unset "state[$cname]"
    fi
  done

  # The crash loop runs with no network: each restart on a bridge would add and remove a network
  # interface on this machine, and Chromium aborts its requests in flight (ERR_NETWORK_CHANGED) when
  # the machine's addresses change. One made with a network by an older version is made again.
  if [[ -n ${state[crashloop]:-} && $(dk "$name" inspect -f '{{.HostConfig.NetworkMode}}' crashloop 2>/dev/null) != none ]]; then
    quiet dk "$name" rm -f crashloop
    unset "state[crashloop]"
  fi

  ensure_volume() {
    local vol=$1; shift
    dk "$name" volume inspect "$vol" >/dev/null 2>&1 || quiet dk "$name" volume create --label wharf.demo=true "$@" "$vol"
  }
  # Create and start a container, or start it again when it is stopped.
  want_running() {
    local c=$1; shift
    case ${state[$c]:-} in
      "") quiet dk "$name" run -d --name "$c" "${common[@]}" "$@"; created=$((created + 1)) ;;
      running | restarting) ;;
      paused) quiet dk "$name" unpause "$c"; started=$((started + 1)) ;;
      *) quiet dk "$name" start "$c"; started=$((started + 1)) ;;
    esac
  }

  ensure_volume demo-data
  ensure_volume demo-protected --label wharf.protected=true
  ensure_volume demo-orphan

  want_running shop-web \
    -p "127.0.0.1:18${n}80:8080" --restart unless-stopped \
    --label wharf.service=shop --label com.example.team=payments \
    -e LOG_LEVEL=info -e DB_PASSWORD=demo-secret-value \
    --log-opt max-size=10m --log-opt max-file=3 \
    "$APP_REPO:$APP_GOOD"
  want_running shop-canary \
    -p "127.0.0.1:18${n}81:8080" \
    --label wharf.service=shop --label com.example.team=payments \
    -e LOG_LEVEL=debug \
    "$APP_REPO:$APP_BAD"
  want_running ticker \
    "$BASE_REF" sh -c 'i=0; while true; do i=$((i+1)); echo "$(date -Iseconds) INFO tick $i"; [ $((i % 10)) -eq 0 ] && echo "$(date -Iseconds) ERROR simulated failure $i" >&2; sleep 1; done'
  want_running chatty \
    --log-opt max-size=5m --log-opt max-file=2 \
    "$BASE_REF" sh -c "while true; do seq 1 2000 | sed 's/^/chatty line /'; sleep 1; done"
  if [[ -z ${state[stopped-job]:-} ]]; then
    quiet dk "$name" run -d --name stopped-job "${common[@]}" "$BASE_REF" sh -c 'echo done; exit 0'
    quiet dk "$name" wait stopped-job
    created=$((created + 1))
  fi
  want_running crashloop --restart always --network none \
    "$BASE_REF" sh -c 'echo "fatal: cannot connect to db" >&2; sleep 1; exit 3'
  want_running random-port -p 127.0.0.1::8080 "$MW_REF"
  want_running hostnet --network host --expose 9100 "$BASE_REF" sleep 100000
  if [[ -z ${state[data-store]:-} ]]; then
    quiet dk "$name" create --name data-store "${common[@]}" -v demo-data:/data "$BASE_REF" true
    created=$((created + 1))
  fi
  want_running html-label \
    --label 'note=<img src=x onerror=alert(1)>' -e 'GREETING=<script>alert(1)</script>' \
    "$BASE_REF" sleep 100000
  log "$name: seeded containers ready ($created created, $started started)"
}

# Wait until shop-web is healthy and shop-canary unhealthy on every engine.
wait_health() {
  local i name out pending
  for ((i = 0; i < 60; i++)); do
    pending=""
    for name in "${ENGINES[@]}"; do
      out=$(dk "$name" inspect -f '{{.Name}}={{if .State.Health}}{{.State.Health.Status}}{{end}}' shop-web shop-canary 2>/dev/null | tr '\n' ' ')
      [[ $out == *"/shop-web=healthy"* && $out == *"/shop-canary=unhealthy"* ]] || pending+=" $name($out)"
    done
    [[ -z $pending ]] && { log "health: shop-web healthy and shop-canary unhealthy on every engine"; return 0; }
    sleep 0.5
  done
  warn "health states not settled after 30 s:$pending"
}

# ------------------------------------------------------------- fleet.json ---

write_fleet_json() {
  local tmp=$FLEET_DIR/fleet.json.tmp
  cat >"$tmp" <<EOF
{
  "fleetDir": "$FLEET_DIR",
  "hosts": [
    {
      "name": "fleet-a",
      "url": "tcp://127.0.0.1:23761",
      "tls": { "ca": "$CERTS/ca.pem", "cert": "$CERTS/cert.pem", "key": "$CERTS/key.pem" },
      "socket": "unix://$(eng_sock fleet-a)",
      "portBase": $(eng_portbase fleet-a)
    },
    {
      "name": "fleet-b",
      "url": "tcp://127.0.0.1:23762",
      "tls": { "ca": "$CERTS/ca.pem", "cert": "$CERTS/cert.pem", "key": "$CERTS/key.pem" },
      "socket": "unix://$(eng_sock fleet-b)",
      "portBase": $(eng_portbase fleet-b)
    },
    {
      "name": "fleet-c",
      "url": "unix://$(eng_sock fleet-c)",
      "socket": "unix://$(eng_sock fleet-c)",
      "portBase": $(eng_portbase fleet-c)
    }
  ],
  "registry": {
    "name": "fleet-registry",
    "url": "http://$REGISTRY_ADDR",
    "username": "$REGISTRY_USER",
    "passwordFile": "$REG_DIR/password"
  },
  "images": {
    "base": "$BASE_REF",
    "middleware": "$MW_REF",
    "app": "$APP_REPO",
    "appTags": ["${APP_VERSIONS[0]}", "${APP_VERSIONS[1]}", "${APP_VERSIONS[2]}", "latest"],
    "appGood": "$APP_GOOD",
    "appFailing": "$APP_BAD"
  },
  "certs": {
    "wrongCa": { "ca": "$CERTS/wrong-ca/ca.pem", "cert": "$CERTS/wrong-ca/cert.pem", "key": "$CERTS/wrong-ca/key.pem" },
    "expired": { "cert": "$CERTS/expired/cert.pem", "key": "$CERTS/expired/key.pem" }
  },
  "dockerConfig": "$DOCKER_CONFIG",
  "pidFiles": {
    "fleet-a": "$(eng_pidfile fleet-a)",
    "fleet-b": "$(eng_pidfile fleet-b)",
    "fleet-c": "$(eng_pidfile fleet-c)",
    "fleet-registry": "$REG_DIR/registry.pid"
  }
}
EOF
  mv -f "$tmp" "$FLEET_DIR/fleet.json"
}

# --------------------------------------------------------------- commands ---

take_lock() {
  mkdir -p "$FLEET_DIR"
  # fd 9 holds the lock; the daemons started below are launched with 9>&- so
  # they never inherit it.
  exec 9>"$FLEET_DIR/.lock"
  if ! flock -n 9; then
    log "waiting for another fleet.sh working on $FLEET_DIR"
    flock -w 300 9 || die "another fleet.sh is still running on $FLEET_DIR (lock $FLEET_DIR/.lock)"
  fi
}

cmd_up() {  # cmd_up [ENGINE...]: with names, only those engines' images and containers are seen to
  local t0=$SECONDS name
  local -a seed=("${ENGINES[@]}")
  if (($#)); then
    for name in "$@"; do eng_idx "$name" >/dev/null; done
    seed=("$@")
  fi
  ensure_deps
  is_root || die "'up' must run as root (it starts dockerd and creates bridges)"
  take_lock
  : >>"$RUN_LOG"
  log "fleet dir $FLEET_DIR (command output in $RUN_LOG)"
  ensure_certs
  # One engine after another: started together they race on iptables chains.
  for name in "${ENGINES[@]}"; do start_engine "$name"; done
  ensure_registry
  registry_login
  ensure_images
  for name in "${seed[@]}"; do [[ $name == fleet-a ]] || sync_images "$name"; done
  for name in "${seed[@]}"; do seed_engine "$name"; done
  wait_health
  write_fleet_json
  log "fleet is up in $((SECONDS - t0)) s; hosts and credentials in $FLEET_DIR/fleet.json"
}

cmd_down() {
  local purge=0 name br
  [[ ${1:-} == --purge ]] && purge=1
  if ! is_root; then die "'down' must run as root"; fi
  if [[ ! -d $FLEET_DIR ]]; then log "nothing to stop ($FLEET_DIR does not exist)"; else
    take_lock
    for name in fleet-c fleet-b fleet-a; do stop_engine "$name"; done
    stop_registry
  fi
  for name in "${ENGINES[@]}"; do
    br=$(eng_bridge "$name")
    ip link show dev "$br" >/dev/null 2>&1 || continue
    if bridge_in_use "$br"; then
      warn "bridge $br is used by a dockerd this fleet did not start; leaving it"
    else
      ip link del "$br" 2>/dev/null || warn "could not delete bridge $br"
    fi
  done
  if ((purge)) && [[ -d $FLEET_DIR ]]; then
    log "purging $FLEET_DIR"
    unmount_under "$FLEET_DIR"
    rm -rf "$FLEET_DIR"
  fi
  log "fleet is down"
}

cmd_status() {
  local name pid ping counts all_up=0 url code repos note
  for name in "${ENGINES[@]}"; do
    url=$(eng_url "$name")
    if pid=$(engine_pid "$name"); then
      ping=$(engine_ping_url "$name" || true)
      if engine_ping "$name"; then
        counts="$(dk "$name" ps -q --filter status=running 2>/dev/null | wc -l)/$(dk "$name" ps -aq 2>/dev/null | wc -l)"
      else counts="?/?"; fi
      [[ $ping == OK ]] || all_up=1
      printf '%-15s running  pid %-7s %-48s _ping %-4s containers %s running/total\n' "$name" "$pid" "$url" "$ping" "$counts"
    else
      all_up=1
      printf '%-15s stopped  pid %-7s %-48s _ping -    containers -\n' "$name" "-" "$url"
    fi
  done
  if pid=$(registry_pid); then
    code=$(registry_code)
    repos=$(curl -s --max-time 3 -u "$REGISTRY_USER:$(cat "$REG_DIR/password" 2>/dev/null)" \
      "http://$REGISTRY_ADDR/v2/_catalog" 2>/dev/null | sed -n 's/.*"repositories":\[\(.*\)\].*/\1/p' |
      tr ',' '\n' | grep -c '"' || true)
    note=""
    if [[ $code == 401 ]]; then note=" (auth required)"; else all_up=1; fi
    printf '%-15s running  pid %-7s %-48s /v2/ %s%s repositories %s\n' fleet-registry "$pid" \
      "http://$REGISTRY_ADDR" "$code" "$note" "$repos"
  else
    all_up=1
    printf '%-15s stopped  pid %-7s %-48s\n' fleet-registry - "http://$REGISTRY_ADDR"
  fi
  return $all_up
}

cmd_env() {
  local name=${1:-fleet-a} port
  case $name in a) name=fleet-a ;; b) name=fleet-b ;; c) name=fleet-c ;; esac
  eng_idx "$name" >/dev/null
  port=$(eng_port "$name")
  echo "# $name of the Wharf test fleet; use: eval \"\$(bash scripts/fleet.sh env $name)\""
  if [[ -n $port ]]; then
    echo "export DOCKER_HOST=tcp://127.0.0.1:$port"
    echo "export DOCKER_TLS_VERIFY=1"
    echo "export DOCKER_CERT_PATH=$CERTS"
  else
    echo "export DOCKER_HOST=unix://$(eng_sock "$name")"
    echo "unset DOCKER_TLS_VERIFY DOCKER_CERT_PATH"
  fi
  echo "export DOCKER_CONFIG=$DOCKER_CONFIG"
}

usage() {
  cat <<EOF
usage: bash scripts/fleet.sh up [ENGINE...] | down [--purge] | status | env [fleet-a|fleet-b|fleet-c]
  up             start or repair the whole fleet
  up fleet-b     the same, but only fleet-b's images and seeded containers are checked (after it was killed)
state directory: $FLEET_DIR (set WHARF_FLEET_DIR to change it)
EOF
}

main() {
  check_fleet_dir
  local cmd=${1:-}
  shift || true
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    env) cmd_env "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"

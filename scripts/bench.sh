#!/usr/bin/env bash
# Benchmarks against the raw Engine API on the test fleet. Usage: npm run bench -- <name> [options]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

usage() {
  cat <<'EOF'
usage: npm run bench -- <benchmark> [options]

benchmarks:
  overview   fleet overview and per-host container list against raw GET /containers/json
             (run `npm run bench -- overview --help` for its options)
  images     fleet image view and registry tag list against raw GET /images/json and the raw
             registry calls (run `npm run bench -- images --help` for its options)
  volumes    fleet volume inventory against raw GET /volumes, and the backup and restore of a
             200 MB volume against docker cp (run `npm run bench -- volumes --help` for its options)
  ports      per-host port map against raw GET /containers/json, 300 containers with published
             ports per engine (run `npm run bench -- ports --help` for its options)
  release    a release and a one-click rollback of one service on fleet-a against the same swap
             with the docker CLI (run `npm run bench -- release --help` for its options)
  logs       a container's log through Wharf (SSE and download) against docker logs, live latency
             of followed streams and server memory under 50 of them (run
             `npm run bench -- logs --help` for its options)
  soak       ten minutes of mixed load on the whole fleet: users loading the overview and host
             pages, 50 followed log streams, a release every minute; errors, latency, server
             memory and event-loop delay (run `npm run bench -- soak --help` for its options)
EOF
}

name="${1:-}"
case "$name" in
  overview)
    shift
    exec node bench/overview.mjs "$@"
    ;;
  images)
    shift
    exec node bench/images.mjs "$@"
    ;;
  volumes)
    shift
    exec node bench/volumes.mjs "$@"
    ;;
  ports)
    shift
    exec node bench/ports.mjs "$@"
    ;;
  release)
    shift
    exec node bench/release.mjs "$@"
    ;;
  logs)
    shift
    exec node bench/logs.mjs "$@"
    ;;
  soak)
    shift
    exec node bench/soak.mjs "$@"
    ;;
  -h | --help | help | '')
    usage
    [ -n "$name" ] || exit 2
    ;;
  *)
    echo "unknown benchmark: $name" >&2
    usage >&2
    exit 2
    ;;
esac

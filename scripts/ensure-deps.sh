#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lock file, and makes sure the
# native SQLite driver loads.
#
# Install scripts are skipped: the only native module Wharf needs is better-sqlite3 (ssh2 and its
# optional cpu-features work without theirs, and Wharf does not use SSH). better-sqlite3 compiles from
# source here (about 90 s), so its compiled addon is kept in a cache outside the clone, keyed by its
# version, Node's ABI and the platform, and reused by the next clone when it loads.
set -euo pipefail
cd "$(dirname "$0")/.."
sqlite_loads() { node -e "require('better-sqlite3')(':memory:').close()" >/dev/null 2>&1; }
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[deps] installing npm dependencies with npm ci"
  npm ci --no-audit --no-fund --ignore-scripts
fi
sqlite_loads && exit 0

addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/wharf
cached=$cache_dir/better-sqlite3-$(node -p "[require('better-sqlite3/package.json').version, 'abi' + process.versions.modules, process.platform, process.arch].join('-')").node
if [[ -f $cached ]]; then
  mkdir -p "$(dirname "$addon")"
  cp "$cached" "$addon"
  sqlite_loads && { echo "[deps] better-sqlite3: reused the addon compiled earlier ($cached)"; exit 0; }
  rm -f "$cached"
fi
echo "[deps] compiling better-sqlite3 from source (about 90 s)"
npm rebuild better-sqlite3
sqlite_loads || { echo "[deps] better-sqlite3 does not load after compiling it; is a C++ toolchain installed (apt-get install build-essential python3)?" >&2; exit 1; }
{ mkdir -p "$cache_dir" && cp "$addon" "$cached.tmp" && mv "$cached.tmp" "$cached"; } 2>/dev/null ||
  echo "[deps] could not keep the compiled addon in $cache_dir (not writable); the next clone compiles it again"

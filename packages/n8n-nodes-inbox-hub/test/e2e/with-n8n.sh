#!/usr/bin/env bash
# Makes sure the pinned n8n of test/e2e/n8n-host is installed, then runs the given command with
# N8N_HOST_DIR pointing at it. The install lives in a cache directory outside the repository, keyed by
# the host's lockfile and Node's ABI, and is reused whenever it is there:
#   ${INBOX_HUB_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inbox-hub}/n8n-host-<lock hash>-abi<N>
# A fresh install is `npm ci --ignore-scripts` (n8n's dependency scripts only fetch prebuilt binaries,
# which this network does not serve) plus a node-gyp build of sqlite3, n8n's database driver.
# Needs python3, make and g++ (Debian: python3 make g++) on a fresh machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
host_src="$here/n8n-host"
cache_root="${INBOX_HUB_N8N_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/inbox-hub}"
lock_hash="$(sha256sum "$host_src/package-lock.json" | cut -c1-12)"
abi="$(node -p 'process.versions.modules')"
dir="$cache_root/n8n-host-$lock_hash-abi$abi"

say() { printf '[n8n-host] %s\n' "$*" >&2; }

install_host() {
  local started=$SECONDS
  say "installing n8n into $dir (first run only; a few minutes)"
  rm -rf "$dir.partial"
  mkdir -p "$dir.partial"
  cp "$host_src/package.json" "$host_src/package-lock.json" "$dir.partial/"
  (cd "$dir.partial" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
    --cache "$cache_root/npm-cache")
  local node_prefix gyp
  node_prefix="$(node -p 'require("node:path").resolve(process.execPath, "..", "..")')"
  # npm bundles node-gyp; build against this Node's own headers when it ships them.
  gyp="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js"
  local nodedir_flag=()
  [[ -f "$node_prefix/include/node/node.h" ]] && nodedir_flag=(--nodedir="$node_prefix")
  say "building sqlite3 with node-gyp"
  if ! (cd "$dir.partial/node_modules/sqlite3" &&
    node "$gyp" rebuild "${nodedir_flag[@]}" -j 2 >"$dir.partial/sqlite3-build.log" 2>&1); then
    tail -40 "$dir.partial/sqlite3-build.log" >&2
    exit 1
  fi
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
  touch "$dir/.ready"
  say "installed in $((SECONDS - started)) s"
}

mkdir -p "$cache_root"
if [[ ! -f "$dir/.ready" ]]; then
  exec 9>"$cache_root/.install.lock"
  flock 9
  [[ -f "$dir/.ready" ]] || install_host
  flock -u 9
fi

export N8N_HOST_DIR="$dir"
exec "$@"

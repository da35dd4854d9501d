#!/usr/bin/env bash
# npm packages for the tests, pinned by package-lock.json: GeoJSON validators (tools/node) and
# playwright-core for the viewer's browser test (tests/browser). No browser is downloaded: the
# test drives Debian's /usr/bin/chromium. Node.js/npm come from Debian only when missing.
# Idempotent: `npm ls` checks node_modules against the lock file without the network.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "tools/setup: installing nodejs npm" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends nodejs npm
fi

for dir in "$root/tools/node" "$root/tests/browser"; do
  [ -f "$dir/package-lock.json" ] || continue
  if [ -d "$dir/node_modules" ] && (cd "$dir" && npm ls --all >/dev/null 2>&1); then
    echo "tools/setup: npm packages present in ${dir#$root/}" >&2
  else
    echo "tools/setup: npm ci in ${dir#$root/}" >&2
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
done

#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the report screenshot test
# (tests/reports-screenshot.test.ts). Idempotent and quiet on success.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-chromium: apt-get failed" >&2
  exit 1
fi
command -v chromium >/dev/null || { echo "install-chromium: chromium still missing" >&2; exit 1; }

#!/usr/bin/env bash
# Installs Pacemaker's scheduler command-line tools (crm_simulate, crm_verify)
# from Debian's archive. Idempotent and quiet on success.
set -euo pipefail
if command -v crm_simulate >/dev/null 2>&1 && command -v crm_verify >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends pacemaker-cli-utils pacemaker-remote; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-pacemaker: apt-get failed" >&2
  exit 1
fi
command -v crm_simulate >/dev/null || { echo "install-pacemaker: crm_simulate still missing" >&2; exit 1; }

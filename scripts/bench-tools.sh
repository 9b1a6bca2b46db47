#!/usr/bin/env bash
# Installs what `make bench` needs beyond the build tools, skipping whatever is present:
# wrk (Debian's package), the load generator of the page figures.
set -euo pipefail

if ! command -v wrk >/dev/null 2>&1; then
  printf '==> %s\n' "installing wrk"
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update
    apt-get install -y wrk
  else
    sudo apt-get update
    sudo apt-get install -y wrk
  fi
fi

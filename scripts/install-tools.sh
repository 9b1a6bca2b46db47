#!/usr/bin/env bash
# Installs what building and testing the dashboard needs, skipping whatever is present,
# so it is cheap to run before every build.
#   scripts/install-tools.sh          build tools (wasm target, cargo-leptos, wasm-bindgen, npm packages)
#   scripts/install-tools.sh --browser  also Debian's Chromium for the browser tests, and
#                                       Debian's nginx for the reverse-proxy test
set -euo pipefail

cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen version pinned in Cargo.toml (and so in Cargo.lock).
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)

step() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(cargo leptos --version 2>/dev/null)" != *"$CARGO_LEPTOS_VERSION"* ]]; then
  # no_downloads: the machines reach package registries only, so cargo-leptos must use
  # the tools installed here instead of fetching its own binaries. This takes ~20 minutes.
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION (slow, once per machine)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != *"$WASM_BINDGEN_VERSION"* ]]; then
  # No --locked: the CLI's own lockfile names a crate version the registry no longer has.
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [[ ! -x end2end/node_modules/.bin/wasm-opt || ! -d end2end/node_modules/@axe-core/playwright \
  || end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
  step "installing npm packages (Playwright, axe-core, binaryen's wasm-opt)"
  (cd end2end && npm ci --no-audit --no-fund)
fi

if [[ "${1:-}" == "--browser" ]] && [[ ! -x /usr/bin/chromium ]]; then
  step "installing Debian's Chromium"
  apt-get update
  apt-get install -y chromium
fi

# Chinese pages need a CJK font, or Chromium draws boxes (and the layout checks measure them).
if [[ "${1:-}" == "--browser" ]] && [[ ! -d /usr/share/fonts/opentype/noto ]] \
  && ! dpkg -s fonts-noto-cjk > /dev/null 2>&1; then
  step "installing Debian's Noto CJK fonts"
  apt-get update
  apt-get install -y fonts-noto-cjk
fi

NGINX_DIR=target/tools/nginx
if [[ "${1:-}" == "--browser" ]] && [[ ! -x "$NGINX_DIR/usr/sbin/nginx" ]]; then
  # Unpacked, not installed: installing the package would start a system nginx on port 80.
  step "unpacking Debian's nginx into $NGINX_DIR"
  download=$(mktemp -d)
  if ! (cd "$download" && apt-get download nginx); then
    apt-get update
    (cd "$download" && apt-get download nginx)
  fi
  mkdir -p "$NGINX_DIR"
  dpkg -x "$download"/nginx_*.deb "$NGINX_DIR"
  rm -rf "$download"
fi

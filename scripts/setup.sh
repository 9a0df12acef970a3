#!/usr/bin/env bash
# Installs everything a fresh machine lacks to build and test Attribution Chain.
# Idempotent, and silent when everything is already present.
set -euo pipefail

need_apt=()
for pkg in protobuf-compiler clang libclang-dev cmake pkg-config libssl-dev python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  echo "setup: installing apt packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if ! rustup component list --installed | grep -q '^rust-src'; then
  echo "setup: adding rust component rust-src"
  rustup component add rust-src
fi

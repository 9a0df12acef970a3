#!/usr/bin/env bash
# Installs everything a fresh machine lacks to build and test Attribution Chain.
# Idempotent, and silent when everything is already present.
set -euo pipefail

need_apt=()
for pkg in protobuf-compiler clang libclang-dev cmake pkg-config libssl-dev python3 python3-venv; do
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

# Node.js (18 or later) for the Polkadot.js test and the IPFS reference importer.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: installing Node.js from the distribution"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -d "$ROOT/tests/js/node_modules" ] || [ "$ROOT/tests/js/package-lock.json" -nt "$ROOT/tests/js/node_modules" ]; then
  echo "setup: npm ci in tests/js (@polkadot/api, ipfs-unixfs-importer; versions pinned by the lock file)"
  (cd "$ROOT/tests/js" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
fi

# The web dashboard's dependencies (polkadot-api, Vite, playwright-core...) and Debian's
# Chromium for its browser tests (browsers downloaded from elsewhere cannot be fetched here).
if [ ! -d "$ROOT/clients/web/node_modules" ] || [ "$ROOT/clients/web/package-lock.json" -nt "$ROOT/clients/web/node_modules" ]; then
  echo "setup: npm ci in clients/web (polkadot-api, Vite, playwright-core; versions pinned by the lock file)"
  (cd "$ROOT/clients/web" && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts && touch node_modules)
fi
if ! command -v chromium >/dev/null; then
  echo "setup: installing Debian's chromium (the dashboard's browser tests)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The Python SDK and its test dependencies (PyTorch among them) in a virtual environment
# outside the clone; reinstalled when pyproject.toml or the clone's path changes.
ATTRIB_VENV="${ATTRIB_VENV:-$HOME/.cache/attribution-chain/py-venv}"
stamp="$(sha256sum "$ROOT/clients/python/pyproject.toml" | cut -d' ' -f1) $ROOT"
if [ ! -x "$ATTRIB_VENV/bin/python" ]; then
  echo "setup: creating the Python virtual environment $ATTRIB_VENV"
  python3 -m venv "$ATTRIB_VENV"
fi
if [ "$(cat "$ATTRIB_VENV/.attrib-stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "setup: pip install -e clients/python[torch,plot,examples,test,keras,hf,lightning,flower,exports] (PyTorch is large the first time)"
  "$ATTRIB_VENV/bin/pip" install --quiet --disable-pip-version-check -e "$ROOT/clients/python[torch,plot,examples,test,keras,hf,lightning,flower,exports]"
  echo "$stamp" > "$ATTRIB_VENV/.attrib-stamp"
fi

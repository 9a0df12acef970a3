# Shared environment for the project's scripts; source it, do not run it.
# Builds go to a target directory outside the clone, so a fresh clone (CI) reuses the build
# of the session before it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/attribution-chain/target}"
# Where the node binary lands.
export ATTRIBUTION_NODE_BIN="${ATTRIBUTION_NODE_BIN:-$CARGO_TARGET_DIR/release/attribution-node}"
# The Python SDK's virtual environment (scripts/setup.sh creates it).
export ATTRIB_VENV="${ATTRIB_VENV:-$HOME/.cache/attribution-chain/py-venv}"
# Repository root.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# Make cargo and rustup visible in non-login shells.
if [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi

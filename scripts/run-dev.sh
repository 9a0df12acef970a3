#!/usr/bin/env bash
# Sets up, builds and starts the stand-alone development node.
# Extra arguments go to the node, e.g. `--instant-seal` or `--base-path ./data` instead of --tmp.
set -euo pipefail
. "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/build.sh"
RPC_PORT=9944
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --rpc-port) RPC_PORT="${args[$((i + 1))]}" ;;
    --rpc-port=*) RPC_PORT="${args[$i]#--rpc-port=}" ;;
  esac
done
has_base_path=false
for a in "$@"; do case "$a" in --base-path|--base-path=*|-d) has_base_path=true ;; esac; done
storage=(--tmp)
$has_base_path && storage=()
cat <<MSG
dev node: JSON-RPC (WebSocket and HTTP) on ws://127.0.0.1:$RPC_PORT
          Polkadot.js apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT
          The dashboard: run $ATTRIB_VENV/bin/attrib ui in another terminal and open
          http://127.0.0.1:8080/?node=ws://127.0.0.1:$RPC_PORT
          Prometheus metrics on http://127.0.0.1:9615/metrics
          Stop with Ctrl-C.
MSG
exec "$ATTRIBUTION_NODE_BIN" --dev "${storage[@]}" "$@"

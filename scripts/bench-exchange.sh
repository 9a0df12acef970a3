#!/usr/bin/env bash
# Serve-and-fetch throughput of a checkpoint over loopback (`attrib serve` to `attrib fetch`,
# every block checked against its CID) and the peak memory of both processes, against
# `sha256sum` of the same file in the same run.
#
#   bash scripts/bench-exchange.sh [GIB]     # default 2
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/build.sh
cd clients/python
exec "$ATTRIB_VENV/bin/python" benchmarks/exchange.py "$ATTRIBUTION_NODE_BIN" "${1:-2}"

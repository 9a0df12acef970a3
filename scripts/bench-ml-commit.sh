#!/usr/bin/env bash
# What each ML integration sends and hashes per checkpoint of a model of MB megabytes (default
# 100), and its time per commit against `sha256sum` of the same weights in the same run.
#
#   bash scripts/bench-ml-commit.sh [MB]
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/build.sh
cd clients/python
exec "$ATTRIB_VENV/bin/python" benchmarks/ml_commit.py "$ATTRIBUTION_NODE_BIN" "${1:-100}"

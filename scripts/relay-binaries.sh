#!/usr/bin/env bash
# Builds the relay chain's binaries for the zombienet network (`polkadot`,
# `polkadot-prepare-worker`, `polkadot-execute-worker`) from crates.io, at the version that
# matches this repository's polkadot-sdk release (stable2609: `polkadot` 41.0.0, whose
# `polkadot-cli` is the 42.0.0 our node uses), into a cache outside the clone. Does nothing when
# they are already there. The first build takes about two hours on a 2-core machine (two relay
# runtimes are compiled to wasm); run it in the background:
#
#   nohup nice -n 19 bash scripts/relay-binaries.sh > ~/.cache/attribution-chain/relay-build.log 2>&1 &
#
# Prints the directory holding the binaries as its last line.
set -euo pipefail
. "$(dirname "$0")/env.sh"

POLKADOT_VERSION="${POLKADOT_VERSION:-41.0.0}"
RELAY_ROOT="${RELAY_ROOT:-$HOME/.cache/attribution-chain/relay-$POLKADOT_VERSION}"
bin="$RELAY_ROOT/bin"

have_all() {
  for b in polkadot polkadot-prepare-worker polkadot-execute-worker; do
    [ -x "$bin/$b" ] || return 1
  done
}

if ! have_all; then
  bash "$ROOT/scripts/setup.sh"
  echo "relay-binaries: building polkadot $POLKADOT_VERSION into $RELAY_ROOT (about two hours cold)"
  start=$(date +%s)
  # `--locked` takes the lock file published with the crate: the versions Parity released it with.
  cargo install polkadot --version "$POLKADOT_VERSION" --locked \
    --root "$RELAY_ROOT" --target-dir "$RELAY_ROOT/target"
  echo "relay-binaries: built in $(( $(date +%s) - start )) s"
  # The build tree is only needed to rebuild; the binaries are what the tests use.
  rm -rf "$RELAY_ROOT/target"
fi
"$bin/polkadot" --version >&2
echo "$bin"

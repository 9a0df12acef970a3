#!/usr/bin/env bash
# Generates chain-specs/{dev,local,production}.json (plain) and *-raw.json from the runtime's
# genesis presets, with the node's `export-chain-spec`.
#
#   scripts/chain-specs.sh               regenerate the dev and local files
#   scripts/chain-specs.sh --production  also fix a new production genesis: writes
#                                        production{,-raw}.json and production-genesis-hash
#   scripts/chain-specs.sh --check       fail loudly if any committed file is stale
#
# The production spec is a chain's identity: once published, its raw file (wasm included)
# never changes, and `production-genesis-hash` (blake2-256 of the genesis header, checked by
# the test `the_production_spec_has_the_recorded_genesis_hash`) records it. Plain regeneration
# leaves it alone; a preset change that would alter it fails the check.
#
# The check compares everything but the runtime's wasm blob: the blob embeds the absolute
# source paths of the build (panic locations), so two clones of the same commit in different
# directories build different blobs. Genesis state, properties, ids and extensions must match.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
mode="${1:-write}"
[ -x "$ATTRIBUTION_NODE_BIN" ] || { echo "chain-specs: $ATTRIBUTION_NODE_BIN missing; run scripts/build.sh" >&2; exit 1; }

out="$ROOT/chain-specs"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for chain in dev local production; do
  "$ATTRIBUTION_NODE_BIN" export-chain-spec --chain "$chain" --output "$tmp/$chain.json" >/dev/null
  "$ATTRIBUTION_NODE_BIN" export-chain-spec --chain "$chain" --raw --output "$tmp/$chain-raw.json" >/dev/null
done

if [ "$mode" = "--check" ]; then
  python3 - "$out" "$tmp" <<'PY'
import json, sys, os
committed, fresh = sys.argv[1], sys.argv[2]
CODE_KEY = "0x3a636f6465"  # ":code"

def normalise(spec):
    genesis = spec.get("genesis", {})
    if "runtimeGenesis" in genesis:
        genesis["runtimeGenesis"].pop("code", None)
    if "raw" in genesis:
        genesis["raw"]["top"].pop(CODE_KEY, None)
    return spec

stale = []
for name in sorted(os.listdir(fresh)):
    path = os.path.join(committed, name)
    if not os.path.exists(path):
        stale.append(f"{name}: missing from chain-specs/")
        continue
    with open(path) as f:
        old = normalise(json.load(f))
    with open(os.path.join(fresh, name)) as f:
        new = normalise(json.load(f))
    if old != new:
        keys = sorted(set(old.get("genesis", {}).get("raw", {}).get("top", {})) ^
                      set(new.get("genesis", {}).get("raw", {}).get("top", {})))
        stale.append(f"{name}: differs from what the runtime's presets produce now"
                     + (f" (storage keys added/removed: {len(keys)})" if keys else ""))
if stale:
    print("chain-specs: STALE chain specs:", file=sys.stderr)
    for line in stale:
        print("  " + line, file=sys.stderr)
    print("chain-specs: regenerate them with `bash scripts/chain-specs.sh` and commit.", file=sys.stderr)
    sys.exit(1)
print("chain-specs: up to date (" + ", ".join(sorted(os.listdir(fresh))) + ")")
PY
else
  mkdir -p "$out"
  cp "$tmp"/dev*.json "$tmp"/local*.json "$out/"
  if [ "$mode" = "--production" ]; then
    cp "$tmp"/production*.json "$out/"
    head=$("$ATTRIBUTION_NODE_BIN" export-genesis-head --chain "$out/production-raw.json")
    python3 -c 'import hashlib,sys; print("0x" + hashlib.blake2b(bytes.fromhex(sys.argv[1][2:]), digest_size=32).hexdigest())' \
      "$head" > "$out/production-genesis-hash"
    echo "chain-specs: production genesis hash $(cat "$out/production-genesis-hash")"
  fi
  echo "chain-specs: wrote $(cd "$out" && ls | tr '\n' ' ')"
fi

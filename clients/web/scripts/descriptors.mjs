// Generates the typed descriptors (`@polkadot-api/descriptors`, in .papi/) from the runtime
// this clone builds: the metadata is read from the compiled runtime wasm, so the dashboard's
// types always match the chain it is built with. scripts/build.sh runs it after building the
// runtime; run it yourself (`npm run descriptors`) after rebuilding the runtime by hand.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/attribution-chain/target')
const wasm = process.env.ATTRIBUTION_RUNTIME_WASM ??
  join(target, 'release/wbuild/attribution-runtime/attribution_runtime.compact.compressed.wasm')
if (!existsSync(wasm)) {
  console.error(`descriptors: the runtime ${wasm} is missing: run \`bash scripts/build.sh\` in the repository first`)
  process.exit(1)
}
const run = spawnSync('npx', ['--no-install', 'papi', 'add', 'attribution', '--wasm', wasm], { stdio: 'inherit' })
if (run.status !== 0) process.exit(run.status ?? 1)
// papi stamps each generation with a new version; a fixed one keeps the committed
// .papi/descriptors/package.json and package-lock.json unchanged by a rebuild.
const manifest = '.papi/descriptors/package.json'
const descriptors = JSON.parse(readFileSync(manifest, 'utf8'))
descriptors.version = '0.1.0-generated'
writeFileSync(manifest, `${JSON.stringify(descriptors, null, 2)}\n`)

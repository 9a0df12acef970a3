// Generates the typed descriptors (`@polkadot-api/descriptors`, in .papi/) from the runtime
// this clone builds: the metadata is read from the compiled runtime wasm, so the dashboard's
// types always match the chain it is built with. scripts/build.sh runs it after building the
// runtime; run it yourself (`npm run descriptors`) after rebuilding the runtime by hand.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/attribution-chain/target')
const wasm = process.env.ATTRIBUTION_RUNTIME_WASM ??
  join(target, 'release/wbuild/attribution-runtime/attribution_runtime.compact.compressed.wasm')
if (!existsSync(wasm)) {
  console.error(`descriptors: the runtime ${wasm} is missing: run \`bash scripts/build.sh\` in the repository first`)
  process.exit(1)
}
// papi links the generated package with an `npm install` that stamps its version into the
// lock file too; the lock is put back as it was (bytes and time), so that a build leaves the
// clone clean and scripts/setup.sh does not see a newer lock to reinstall from.
const lock = 'package-lock.json'
const lockBefore = readFileSync(lock)
const lockTimes = statSync(lock)
const run = spawnSync('npx', ['--no-install', 'papi', 'add', 'attribution', '--wasm', wasm], { stdio: 'inherit' })
if (run.status !== 0) process.exit(run.status ?? 1)
// papi stamps each generation with a new version; a fixed one keeps the committed
// .papi/descriptors/package.json and package-lock.json unchanged by a rebuild.
const manifest = '.papi/descriptors/package.json'
const descriptors = JSON.parse(readFileSync(manifest, 'utf8'))
descriptors.version = '0.1.0-generated'
writeFileSync(manifest, `${JSON.stringify(descriptors, null, 2)}\n`)
const locked = JSON.parse(readFileSync(lock, 'utf8'))
if (locked.packages?.['.papi/descriptors']) locked.packages['.papi/descriptors'].version = descriptors.version
const lockAfter = `${JSON.stringify(locked, null, 2)}\n`
if (lockAfter === lockBefore.toString()) {
  writeFileSync(lock, lockBefore)
  utimesSync(lock, lockTimes.atime, lockTimes.mtime)
} else {
  writeFileSync(lock, lockAfter)
  console.error('descriptors: package-lock.json changed beyond the descriptors\' version; commit it')
}

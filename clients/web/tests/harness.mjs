// What the dashboard's browser tests stand on: a dev node of our own (stopped and started again
// on the same database and ports), data made by the Python SDK, the built dashboard served by
// `attrib ui`, Debian's Chromium driven by playwright-core, and a stub wallet extension that
// implements `window.injectedWeb3` and signs as a real one does (Polkadot.js' ExtrinsicPayload
// signing). Everything missing fails loudly.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { ApiPromise, WsProvider } from '@polkadot/api'
import { Keyring } from '@polkadot/keyring'
import { cryptoWaitReady } from '@polkadot/util-crypto'

export const WEB = dirname(dirname(fileURLToPath(import.meta.url)))
export const ROOT = dirname(dirname(WEB))
const cache = join(homedir(), '.cache/attribution-chain')
const target = process.env.CARGO_TARGET_DIR ?? join(cache, 'target')
export const NODE_BIN = process.env.ATTRIBUTION_NODE_BIN ?? join(target, 'release/attribution-node')
export const VENV = process.env.ATTRIB_VENV ?? join(cache, 'py-venv')
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
/** Where screenshots go. */
export const OUTPUT = process.env.ATTRIB_WEB_TEST_OUTPUT ?? join(WEB, 'test-output')

/** A free TCP port on the loopback interface. */
export function freePort () {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Waits until `check()` resolves truthy, polling every `every` ms, or fails after `ms`. */
export async function until (check, ms, what, every = 200) {
  const deadline = Date.now() + ms
  for (;;) {
    let value
    try { value = await check() } catch { value = undefined }
    if (value) return value
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, every))
  }
}

/** A dev node on a database of its own that can be stopped and started again (same chain, same
 * ports). Blocks every 500 ms; archive state, so past blocks' events stay readable. */
export class DevNode {
  async start () {
    assert.ok(existsSync(NODE_BIN), `the node binary ${NODE_BIN} is missing: run \`bash scripts/build.sh\``)
    this.base ??= mkdtempSync(join(tmpdir(), 'attrib-web-node-'))
    this.rpc ??= await freePort()
    this.p2p ??= await freePort()
    this.prometheus ??= await freePort()
    this.url = `ws://127.0.0.1:${this.rpc}`
    this.process = spawn(NODE_BIN, ['--dev', '--base-path', this.base, '--no-hardware-benchmarks', '--no-telemetry',
      '--rpc-port', `${this.rpc}`, '--port', `${this.p2p}`, '--prometheus-port', `${this.prometheus}`,
      '--dev-block-time', '500', '--state-pruning', 'archive', '--rpc-cors', 'all'], { stdio: 'ignore' })
    await until(() => this.call('chain_getHeader').then((h) => parseInt(h.number, 16) >= 1), 60_000, 'the dev node\'s first block')
  }

  /** One JSON-RPC call over HTTP (the RPC port serves both). */
  async call (method, params = []) {
    const response = await fetch(`http://127.0.0.1:${this.rpc}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
    const body = await response.json()
    if (body.error) throw new Error(`${method}: ${body.error.message}`)
    return body.result
  }

  async bestNumber () {
    return parseInt((await this.call('chain_getHeader')).number, 16)
  }

  async stop () {
    if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return
    const exited = new Promise((resolve) => this.process.once('exit', resolve))
    this.process.kill('SIGINT')
    await exited
  }

  async destroy () {
    await this.stop()
    if (this.base) rmSync(this.base, { recursive: true, force: true })
  }
}

/** Runs the SDK's digits example on `url` (a project, three datasets, a checkpoint derived
 * from them, a scoring round, a released pool), leaving the named contributors' shares
 * unclaimed; returns what it printed, parsed. */
export function runDigitsExample (url, leaveUnclaimed) {
  const python = join(VENV, 'bin/python')
  assert.ok(existsSync(python), `the Python SDK's environment ${VENV} is missing: run \`bash scripts/setup.sh\``)
  const work = mkdtempSync(join(tmpdir(), 'attrib-web-digits-'))
  const args = [join(ROOT, 'clients/python/examples/digits_shapley.py'), '--url', url, '--workdir', work]
  for (const uri of leaveUnclaimed) args.push('--leave-unclaimed', uri)
  const run = spawnSync(python, args, { encoding: 'utf8', timeout: 600_000 })
  assert.equal(run.status, 0, `the digits example failed:\n${run.stdout}\n${run.stderr}`)
  const out = run.stdout
  const project = Number(/project (\d+) created/.exec(out)?.[1])
  const datasets = [...out.matchAll(/registered dataset (\d+): (\S+)/g)].map((m) => ({ id: Number(m[1]), cid: m[2] }))
  const checkpoint = Number(/checkpoint (\d+): accuracy/.exec(out)?.[1])
  assert.ok(Number.isInteger(project) && datasets.length === 3 && Number.isInteger(checkpoint), out)
  return { out, project, datasets, checkpoint }
}

/** The most recently changed file the bundle is built from. */
function newestSource () {
  let newest = { path: '', mtimeMs: 0 }
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (statSync(path).mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: statSync(path).mtimeMs }
    }
  }
  walk(join(WEB, 'src'))
  for (const file of ['index.html', 'vite.config.ts', '.papi/descriptors/package.json']) {
    const path = join(WEB, file)
    if (existsSync(path) && statSync(path).mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: statSync(path).mtimeMs }
  }
  return newest
}

/** `attrib ui` serving the built dashboard on a free port; resolves with its URL and process. */
export async function serveDashboard () {
  const index = join(WEB, 'dist/index.html')
  assert.ok(existsSync(index), 'the dashboard is not built: run `npm run build` in clients/web (scripts/build.sh does)')
  const newest = newestSource()
  assert.ok(statSync(index).mtimeMs >= newest.mtimeMs, `the built dashboard is older than ${newest.path}: run \`npm run build\` in clients/web`)
  const port = await freePort()
  const ui = spawn(join(VENV, 'bin/attrib'), ['ui', '--port', `${port}`], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise((resolve, reject) => {
    ui.stdout.once('data', (chunk) => resolve(String(chunk)))
    ui.once('exit', (code) => reject(new Error(`attrib ui exited with ${code}`)))
  })
  assert.match(line, /dashboard on http:\/\/127\.0\.0\.1:\d+\//)
  return { url: `http://127.0.0.1:${port}/`, process: ui }
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchBrowser () {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run \`bash scripts/setup.sh\` (it installs Debian's chromium)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  })
}

/** A Polkadot.js connection to `url` (the tests' independent view of the chain) and a keyring. */
export async function polkadotJs (url) {
  const api = await ApiPromise.create({ provider: new WsProvider(url, 500), noInitWarn: true, throwOnConnect: false })
  await cryptoWaitReady()
  return { api, keyring: new Keyring({ type: 'sr25519', ss58Format: 42 }) }
}

/** Free balance of `address` in plancks. */
export async function freeBalance (api, address) {
  return (await api.query.system.account(address)).data.free.toBigInt()
}

/** The total `address` can claim now (`attribution_claimable`, every page), in plancks. */
export async function claimableTotal (node, address) {
  let total = 0n
  let cursor = null
  for (;;) {
    const page = await node.call('attribution_claimable', [address, cursor, 1000])
    total += BigInt(page.total)
    if (page.next === null) return total
    cursor = page.next
  }
}

/** Installs a wallet extension named `name` in every page of `context`: the
 * `window.injectedWeb3[name].enable()` API that Polkadot.js extension, Talisman and SubWallet
 * implement, holding `pairs` (Polkadot.js keyring pairs). Its `signPayload` receives the
 * SignerPayloadJSON the dashboard builds and signs it in the test's process the way the
 * Polkadot.js extension does (registry's ExtrinsicPayload, sr25519, with the type byte).
 * Returns the list of payloads it signed. */
export async function installStubWallet (context, api, name, pairs) {
  const signed = []
  await context.exposeFunction('__stubWalletSign', (payload) => {
    const pair = pairs.find((p) => p.address === payload.address)
    if (!pair) throw new Error(`the stub wallet holds no key for ${payload.address}`)
    api.registry.setSignedExtensions(payload.signedExtensions)
    const { signature } = api.registry.createType('ExtrinsicPayload', payload, { version: payload.version }).sign(pair)
    signed.push(payload)
    return signature
  })
  const accounts = pairs.map((p) => ({ address: p.address, name: p.meta.name ?? 'stub', type: 'sr25519' }))
  await context.addInitScript(({ name, accounts }) => {
    let id = 0
    window.injectedWeb3 = window.injectedWeb3 ?? {}
    window.injectedWeb3[name] = {
      version: '0.0.1-stub',
      enable: async () => ({
        accounts: { get: async () => accounts, subscribe: (cb) => { cb(accounts); return () => {} } },
        signer: {
          signPayload: async (payload) => ({ id: ++id, signature: await window.__stubWalletSign(payload) }),
          signRaw: async () => { throw new Error('the stub wallet signs transactions only') },
        },
      }),
    }
  }, { name, accounts })
  return signed
}

/** Saves a full-page screenshot as `OUTPUT/name.png` and checks it is not blank: decoded in
 * the page, it has many colours and most of its pixels are not the background's. */
export async function screenshot (page, name) {
  mkdirSync(OUTPUT, { recursive: true })
  const path = join(OUTPUT, `${name}.png`)
  const png = await page.screenshot({ path, fullPage: true })
  const top = await page.evaluate(() => Math.ceil(document.querySelector('header')?.getBoundingClientRect().bottom ?? 0))
  // The page below its header: how many colours, and how much of it is not the background.
  const stats = await page.evaluate(async ({ b64, top }) => {
    const image = new Image()
    image.src = `data:image/png;base64,${b64}`
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = image.width
    canvas.height = image.height
    const context = canvas.getContext('2d')
    context.drawImage(image, 0, 0)
    const { data } = context.getImageData(0, top, image.width, image.height - top)
    const counts = new Map()
    let sampled = 0
    for (let i = 0; i < data.length; i += 4 * 7) {
      const c = `${data[i]},${data[i + 1]},${data[i + 2]}`
      counts.set(c, (counts.get(c) ?? 0) + 1)
      sampled++
    }
    const background = Math.max(...counts.values())
    return { colours: counts.size, differ: sampled - background, sampled, width: image.width, height: image.height }
  }, { b64: png.toString('base64'), top })
  assert.ok(stats.colours > 20 && stats.differ > stats.sampled * 0.005, `the screenshot ${path} looks blank: ${JSON.stringify(stats)}`)
  return path
}

// Measures the dashboard and prints the figures (the note and docs/dashboard.md quote them):
//
//  1. bundle size: every file of dist/, raw and gzip (level 9), and the share of the generated
//     descriptors;
//  2. time to first render of a project's page: from navigation until its lineage graph holds
//     every node, for a project of 1,000 contributions against a baseline project of 10, in
//     alternating runs in the same browser (fresh context each), medians and their ratio;
//  3. memory of the live page while our pallets emit events (a registration batch each
//     second) for `--minutes` minutes (default 10): the JS heap after a forced collection and
//     the DOM's node count each minute, and the last minute against the first.
//
//   npm run measure -- [--minutes 10] [--runs 5]
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { blake2AsHex } from '@polkadot/util-crypto'
import { DevNode, WEB, launchBrowser, polkadotJs, serveDashboard, until } from '../tests/harness.mjs'

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const MINUTES = option('minutes', 10)
const RUNS = option('runs', 5)
const LICENCE = { licence: { Spdx: 'MIT' }, commercialUse: true, derivativesAllowed: true, attributionRequired: true, royalty: 0 }
const POLICY = { committee: 5, minStake: 0, commitPeriod: 10, revealPeriod: 10, disputePeriod: 10 }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function bundleSize () {
  const dist = join(WEB, 'dist')
  const files = []
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else files.push(path)
    }
  }
  walk(dist)
  let raw = 0
  let gzip = 0
  let descriptors = 0
  console.log('measure: bundle (dist/)')
  for (const path of files.sort()) {
    const bytes = readFileSync(path)
    const zipped = gzipSync(bytes, { level: 9 }).length
    raw += bytes.length
    gzip += zipped
    if (/descriptors|metadata/i.test(path)) descriptors += zipped
    console.log(`measure:   ${path.slice(dist.length + 1).padEnd(52)} ${String(bytes.length).padStart(9)} B  gzip ${String(zipped).padStart(8)} B`)
  }
  console.log(`measure:   in all: ${(raw / 1024).toFixed(1)} KiB, gzip ${(gzip / 1024).toFixed(1)} KiB (descriptors and metadata: ${(descriptors / 1024).toFixed(1)} KiB gzip, ${(100 * descriptors / gzip).toFixed(0)}%)`)
}

/** Sends `tx` signed by `pair`; resolves with its events once in a block. */
function send (api, tx, pair) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(pair, ({ status, events, dispatchError }) => {
      if (dispatchError) reject(new Error(dispatchError.toString()))
      else if (status.isInBlock) resolve(events)
    }).catch(reject)
  })
}

async function createProject (api, owner, name) {
  const events = await send(api, api.tx.contributions.createProject(name, LICENCE, 0, POLICY, 'Open'), owner)
  return events.find(({ event }) => event.method === 'ProjectCreated').event.data.project.toNumber()
}

let made = 0
function registration (owner, kind, parents) {
  made++
  return {
    kind,
    cid: '0x01551220' + blake2AsHex(`measure ${made} ${Date.now()}`, 256).slice(2),
    locator: null,
    authors: [[owner.address, 1_000_000_000]],
    parents,
    licence: null,
    metadataHash: blake2AsHex(`manifest ${made}`, 256),
    sizeBytes: 1_000,
  }
}

/** A project of `count` contributions in layers of up to 250: datasets, then checkpoints
 * and fine-tunes each derived from one or two of the layer before. */
async function projectOf (api, owner, count) {
  const project = await createProject(api, owner, `measure ${count}`)
  let previous = []
  for (let layer = 0; made >= 0 && count > 0; layer++) {
    const size = Math.min(250, count)
    const first = (await api.query.contributions.nextContributionId()).toNumber()
    const items = Array.from({ length: size }, (_, i) => layer === 0
      ? registration(owner, 'Dataset', [])
      : registration(owner, i % 2 ? 'FineTune' : 'ModelCheckpoint', previous.length > 1 ? [previous[i % previous.length], previous[(i + 1) % previous.length]] : previous))
    await send(api, api.tx.contributions.registerContributions(project, items), owner)
    previous = Array.from({ length: size }, (_, i) => first + i)
    count -= size
  }
  return project
}

async function firstRender (browser, base, project, nodes) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
  const page = await context.newPage()
  await page.goto(`${base}#/project/${project}`)
  await page.waitForFunction((n) => document.querySelectorAll('.lineage [data-node-id]').length >= n, nodes, { timeout: 120_000, polling: 'raf' })
  const ms = await page.evaluate(() => performance.now())
  await context.close()
  return ms
}

async function main () {
  bundleSize()
  const node = new DevNode()
  await node.start()
  const ui = await serveDashboard()
  const browser = await launchBrowser()
  const { api, keyring } = await polkadotJs(node.url)
  try {
    const alice = keyring.addFromUri('//Alice')
    const base = `${ui.url}?node=${encodeURIComponent(node.url)}`
    console.log('measure: registering a project of 10 contributions and one of 1,000…')
    const small = await projectOf(api, alice, 10)
    const large = await projectOf(api, alice, 1000)
    const times = { 10: [], 1000: [] }
    await firstRender(browser, base, small, 10) // warm the server's files
    for (let run = 0; run < RUNS; run++) {
      times[10].push(await firstRender(browser, base, small, 10))
      times[1000].push(await firstRender(browser, base, large, 1000))
    }
    const [m10, m1000] = [median(times[10]), median(times[1000])]
    console.log(`measure: first render of a project page (navigation to every graph node drawn), ${RUNS} alternating runs`)
    console.log(`measure:     10 contributions: median ${m10.toFixed(0)} ms  (${times[10].map((t) => t.toFixed(0)).join(', ')})`)
    console.log(`measure:  1,000 contributions: median ${m1000.toFixed(0)} ms  (${times[1000].map((t) => t.toFixed(0)).join(', ')})`)
    console.log(`measure:  ratio 1,000 / 10: ${(m1000 / m10).toFixed(2)}`)

    console.log(`measure: the live page for ${MINUTES} minutes, a registration batch of 5 each second…`)
    const context = await browser.newContext()
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    await page.goto(`${base}#/live`)
    await page.waitForSelector('.blocks li[data-block]')
    const loadProject = await createProject(api, alice, 'measure live')
    let stop = false
    let batches = 0
    const load = (async () => {
      while (!stop) {
        const started = Date.now()
        await send(api, api.tx.contributions.registerContributions(loadProject, Array.from({ length: 5 }, () => registration(alice, 'Dataset', []))), alice)
        batches++
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))))
      }
    })()
    const samples = []
    const sample = async (minute) => {
      await cdp.send('HeapProfiler.collectGarbage')
      const { metrics } = await cdp.send('Performance.getMetrics')
      const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0
      const shown = await page.$$eval('.events li', (els) => els.length)
      samples.push({ minute, heap: get('JSHeapUsedSize'), nodes: get('Nodes'), listeners: get('JSEventListeners'), shown })
      const s = samples[samples.length - 1]
      console.log(`measure:   minute ${String(minute).padStart(2)}: JS heap ${(s.heap / 1048576).toFixed(2)} MiB, DOM nodes ${s.nodes}, listeners ${s.listeners}, events listed ${s.shown}, batches sent ${batches}`)
    }
    for (let minute = 1; minute <= MINUTES; minute++) {
      await new Promise((resolve) => setTimeout(resolve, 60_000))
      await sample(minute)
    }
    stop = true
    await load
    const events = await page.$$eval('.events li', (els) => els.length)
    await until(async () => events > 0, 1000, 'events on the live page')
    const [first, last] = [samples[0], samples[samples.length - 1]]
    console.log(`measure: live page after ${MINUTES} min: JS heap ${(last.heap / 1048576).toFixed(2)} MiB (minute 1: ${(first.heap / 1048576).toFixed(2)} MiB, ratio ${(last.heap / first.heap).toFixed(2)}), DOM nodes ${last.nodes} (minute 1: ${first.nodes}), ${batches * 5} registrations sent`)
    await context.close()
  } finally {
    await browser.close()
    await api.disconnect()
    ui.process.kill()
    await node.destroy()
  }
}

main().catch((error) => {
  console.error(`measure: ${error.stack ?? error}`)
  process.exit(1)
})

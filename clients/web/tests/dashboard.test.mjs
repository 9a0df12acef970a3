// The dashboard in a real browser (Debian's Chromium, playwright-core) against a dev node
// holding data made by the Python SDK (the digits example): every page loads and is not blank,
// the lineage graph has the registered nodes and edges, claims made from the page change the
// balance on chain (with a dev key, and through a wallet extension's injected API), module
// errors show by name, a live event shows within two blocks, the page survives the node
// restarting, and the controls have labels and work from the keyboard.
//
// Run with `npm test` in clients/web after `npm run build`; needs the node binary and the
// Python SDK's environment (scripts/build.sh makes both) and fails, never skips, without them.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  DevNode, claimableTotal, freeBalance, installStubWallet, launchBrowser, polkadotJs,
  runDigitsExample, screenshot, serveDashboard, until,
} from './harness.mjs'

const UNIT = 10n ** 12n
const LICENCE = { licence: { Spdx: 'MIT' }, commercialUse: true, derivativesAllowed: true, attributionRequired: true, royalty: 0 }
const POLICY = { committee: 5, minStake: 0, commitPeriod: 10, revealPeriod: 10, disputePeriod: 10 }

const node = new DevNode()
let data, ui, browser, chain, keyring, base

before(async () => {
  await node.start()
  // Eve claims from the page with a dev key, Ferdie through the wallet; Alice's stash's share
  // is claimed behind the page's back to provoke a module error.
  data = runDigitsExample(node.url, ['//Eve', '//Ferdie', '//Alice//stash'])
  ui = await serveDashboard()
  browser = await launchBrowser()
  ;({ api: chain, keyring } = await polkadotJs(node.url))
  base = `${ui.url}?node=${encodeURIComponent(node.url)}`
})

after(async () => {
  await browser?.close()
  await chain?.disconnect()
  ui?.process.kill()
  await node.destroy()
})

/** A fresh page (own context) on `hash`, failing the test on any uncaught page error. */
async function open (hash, setup = async () => {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
  await setup(context)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${base}${hash}`)
  await page.waitForSelector('#link-state[data-state="connected"]', { timeout: 30_000 })
  page.errors = errors
  return page
}

async function waitPage (page, name) {
  await page.waitForSelector(`#content[data-page="${name}"]`, { timeout: 30_000 })
}

/** Sends `tx` signed by `pair` with Polkadot.js; resolves with the number of the block that
 * included it. */
function sendPjs (tx, pair) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(pair, async ({ status, dispatchError }) => {
      if (dispatchError) reject(new Error(dispatchError.toString()))
      else if (status.isInBlock) resolve((await chain.rpc.chain.getHeader(status.asInBlock)).number.toNumber())
    }).catch(reject)
  })
}

test('the projects page lists the project the SDK made', async () => {
  const page = await open('#/')
  await waitPage(page, 'home')
  const row = page.locator(`a[href="#/project/${data.project}"]`)
  assert.equal(await row.textContent(), `digits (#${data.project})`)
  await screenshot(page, 'home')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the project page draws the registered lineage and shows a node\'s record', async () => {
  // The owner offers a licence of the first dataset: 2 ATTR for 1,000 blocks, 3 seats.
  const offered = data.datasets[0].id
  await sendPjs(chain.tx.payouts.offerLicence(offered, { price: 2n * UNIT, duration: 1000, seats: 3, commercial: true, derivatives: false }), keyring.addFromUri('//Alice'))
  const page = await open(`#/project/${data.project}`)
  await waitPage(page, 'project')
  const nodes = await page.$$eval('.lineage [data-node-id]', (els) => els.map((e) => Number(e.dataset.nodeId)).sort((a, b) => a - b))
  const expected = [...data.datasets.map((d) => d.id), data.checkpoint].sort((a, b) => a - b)
  assert.deepEqual(nodes, expected)
  const edges = await page.$$eval('.lineage [data-edge]', (els) => els.map((e) => e.dataset.edge).sort())
  assert.deepEqual(edges, data.datasets.map((d) => `${d.id}-${data.checkpoint}`).sort())
  assert.equal(await page.getAttribute(`[data-node-id="${data.checkpoint}"]`, 'data-kind'), 'ModelCheckpoint')
  // A click shows the record, with the CID the SDK printed.
  const dataset = data.datasets[1]
  await page.click(`[data-node-id="${dataset.id}"]`)
  await page.waitForSelector(`[data-contribution="${dataset.id}"]`)
  assert.equal(await page.textContent('#contribution-details .cid'), dataset.cid)
  assert.match(await page.textContent('#contribution-details'), /attrib pedigree \d+ --format spdx/)
  // The score snapshot and the released pool.
  assert.match(await page.textContent('table.snapshots'), /v1.*exact/s)
  assert.match(await page.textContent('main'), /30\.0000 ATTR/)
  assert.match(await page.textContent('main'), /released at block #\d+/)
  assert.match(await page.textContent('main'), /accuracy ≥ 900000 on bafk/)
  const offer = await page.$$eval('#section-licence-offers ~ table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)))
  assert.equal(offer.length, 1)
  assert.deepEqual([offer[0][0], offer[0][2], offer[0][3], offer[0][4], offer[0][5]], [`#${offered}`, '2.0000 ATTR', '1000 blocks', '3', 'commercial use'])
  await screenshot(page, 'project')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a claim with a dev key changes the balance on chain', async () => {
  const eve = keyring.addFromUri('//Eve')
  const owed = await claimableTotal(node, eve.address)
  assert.ok(owed > UNIT, `Eve is owed ${owed}`)
  const before = await freeBalance(chain, eve.address)
  const page = await open(`#/contributor/${eve.address}`)
  await waitPage(page, 'contributor')
  assert.equal(await page.isDisabled('#claim'), true, 'nobody signs yet')
  await page.selectOption('#signer', { label: '//Eve (dev key)' })
  await page.waitForSelector('.dev-warning')
  await page.click('#claim')
  await page.waitForSelector('[data-claimed]', { timeout: 60_000 })
  assert.equal(BigInt(await page.getAttribute('[data-claimed]', 'data-claimed')), owed, 'the page reports the Claimed event\'s amount')
  const after = await freeBalance(chain, eve.address)
  assert.ok(after - before > owed - UNIT / 10n && after - before <= owed, `balance ${before} → ${after}, owed ${owed}`)
  assert.equal(await claimableTotal(node, eve.address), 0n)
  assert.equal(await page.getAttribute('#balance', 'data-free'), after.toString())
  await screenshot(page, 'contributor')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a claim through a wallet extension signs in the wallet and changes the balance on chain', async () => {
  const ferdie = keyring.addFromUri('//Ferdie', { name: 'Ferdie' })
  const owed = await claimableTotal(node, ferdie.address)
  assert.ok(owed > UNIT, `Ferdie is owed ${owed}`)
  const before = await freeBalance(chain, ferdie.address)
  let signed
  const page = await open(`#/contributor/${ferdie.address}`, async (context) => {
    signed = await installStubWallet(context, chain, 'stub-wallet', [ferdie])
  })
  await waitPage(page, 'contributor')
  await page.click('#connect-wallet')
  await until(async () => (await page.$eval('#signer', (s) => s.selectedOptions[0].textContent)) === 'Ferdie (stub-wallet)', 10_000, 'the wallet account to be chosen')
  assert.equal(await page.isVisible('.dev-warning'), false, 'a wallet account is not a dev key')
  await page.click('#claim')
  await page.waitForSelector('[data-claimed]', { timeout: 60_000 })
  assert.equal(BigInt(await page.getAttribute('[data-claimed]', 'data-claimed')), owed, 'the page reports the Claimed event\'s amount')
  assert.equal(signed.length, 1, 'the wallet signed the claim')
  assert.equal(signed[0].address, ferdie.address)
  const after = await freeBalance(chain, ferdie.address)
  assert.ok(after - before > owed - UNIT / 10n && after - before <= owed, `balance ${before} → ${after}, owed ${owed}`)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a module error is shown by name, in words', async () => {
  const stash = keyring.addFromUri('//Alice//stash', { name: 'Stash' })
  assert.ok(await claimableTotal(node, stash.address) > 0n)
  const page = await open(`#/contributor/${stash.address}`, async (context) => {
    await installStubWallet(context, chain, 'stub-wallet', [stash])
  })
  await waitPage(page, 'contributor')
  await page.click('#connect-wallet')
  await until(async () => !(await page.isDisabled('#claim')), 10_000, 'the Claim button')
  // The share is claimed elsewhere while the page still offers it.
  const items = (await node.call('attribution_claimable', [stash.address, null, 1000])).items
  await sendPjs(chain.tx.payouts.claim(items.map(({ project, version, contribution }) => ({ project, version, contribution }))), stash)
  await page.click('#claim')
  await page.waitForFunction(() => document.querySelector('.claim [role="alert"]')?.textContent, null, { timeout: 60_000 })
  const message = await page.textContent('.claim [role="alert"]')
  assert.equal(await page.isDisabled('#claim'), false, 'the button offers to try again')
  assert.match(message, /nothing to claim \(Payouts\.NothingToClaim\)/)
  assert.doesNotMatch(message, /0x[0-9a-f]{6}/)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the evaluator page shows stake, its open assignment with deadlines, past results, and a slash as it happens', async () => {
  const bob = keyring.addFromUri('//Bob')
  // A new Shapley round of the project: once its committee is drawn, Bob has open work.
  const evaluationSet = '0x01551220' + '11'.repeat(32)
  await sendPjs(chain.tx.scoring.openRound(data.project, { metric: 1, evaluationSet, direction: 'HigherIsBetter' }), keyring.addFromUri('//Alice'))
  const work = await until(async () => (await node.call('attribution_assignments', [bob.address])).assignments[0], 180_000, 'Bob to be drawn', 1000)
  const page = await open(`#/evaluator/${bob.address}`)
  await waitPage(page, 'evaluator')
  const row = await page.$$eval('#section-assignments ~ table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)))
  assert.equal(row.length, 1)
  assert.equal(row[0][0], String(work.round))
  assert.equal(row[0][2], 'Shapley round')
  assert.equal(row[0][3], String(work.seats))
  assert.match(row[0][4], new RegExp(`^#${work.commitEnd.toLocaleString('en')} \\((in \\d+ blocks|passed)\\)$`))
  assert.match(row[0][5], new RegExp(`^#${work.revealEnd.toLocaleString('en')} `))
  assert.match(await page.textContent('main'), /Stake\s*\d[\d,]*\.\d{4} ATTR/)
  await page.waitForSelector('[data-slashes]', { timeout: 60_000 })
  const history = await page.textContent('main')
  // Bob committed and revealed in the Shapley round and the measurement the example ran.
  assert.ok((history.match(/Scoring\.Committed/g) ?? []).length >= 2, history)
  assert.ok((history.match(/Scoring\.Revealed/g) ?? []).length >= 2, history)
  assert.equal(await page.getAttribute('[data-slashes]', 'data-slashes'), '0')
  // Nobody commits to the new round: once its reveal period is over, aggregating it slashes
  // the members who did not commit, and the open page shows it as it happens.
  await until(async () => (await node.bestNumber()) > work.revealEnd, 120_000, 'the round\'s reveal period to end', 500)
  const stakeOf = async () => (await chain.query.scoring.evaluators(bob.address)).unwrap().stake.toBigInt()
  const stakeBefore = await stakeOf()
  await sendPjs(chain.tx.scoring.aggregate(work.round), keyring.addFromUri('//Alice'))
  await page.waitForSelector('[data-slashes="1"]', { timeout: 30_000 })
  assert.match(await page.textContent('main'), new RegExp(`Scoring\\.Slashed\\s*who 5FHneW…M694ty, round ${work.round}, amount [\\d,]+\\.\\d{4} ATTR, reason MissedCommit`))
  // The stake shown follows the slash: it is the chain's, less than before.
  const stake = await stakeOf()
  assert.ok(stake < stakeBefore, `Bob's stake ${stakeBefore} → ${stake}`)
  const shown = `${(stake / UNIT).toLocaleString('en')}.${(((stake % UNIT) * 10_000n) / UNIT).toString().padStart(4, '0')} ATTR`
  await page.waitForFunction((text) => document.querySelector('.standing dd')?.textContent === text, shown, { timeout: 30_000 })
  await screenshot(page, 'evaluator')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a live event shows within two blocks, and the page survives the node restarting', async () => {
  const page = await open('#/live')
  await waitPage(page, 'live')
  await page.waitForSelector('.blocks li[data-block]')
  const dave = keyring.addFromUri('//Dave')
  const included = await sendPjs(chain.tx.contributions.createProject('live event', LICENCE, 0, POLICY, 'Open'), dave)
  const shownAt = await until(async () => {
    const shown = await page.$(`.events li[data-event="Contributions.ProjectCreated"][data-block="${included}"]`)
    return shown ? node.bestNumber() : null
  }, 30_000, 'the ProjectCreated event on the live page', 50)
  assert.ok(shownAt <= included + 2, `included in #${included}, shown when the best block was #${shownAt}`)
  await screenshot(page, 'live')

  // The node stops: the page says so in words. It starts again on the same chain: the page
  // reconnects by itself and new blocks arrive.
  await chain.disconnect()
  const lastBefore = Number(await page.getAttribute('.blocks li[data-block]', 'data-block'))
  await node.stop()
  await page.waitForSelector('#link-state[data-state="down"]', { timeout: 30_000 })
  assert.match(await page.textContent('#link-state'), /not answering/)
  await screenshot(page, 'live-node-down')
  await node.start()
  await page.waitForSelector('#link-state[data-state="connected"]', { timeout: 60_000 })
  await until(async () => Number(await page.getAttribute('.blocks li[data-block]', 'data-block')) > lastBefore + 2, 60_000, 'new blocks after the restart')
  ;({ api: chain, keyring } = await polkadotJs(node.url))
  const again = await sendPjs(chain.tx.contributions.createProject('after restart', LICENCE, 0, POLICY, 'Open'), dave)
  await page.waitForSelector(`.events li[data-event="Contributions.ProjectCreated"][data-block="${again}"]`, { timeout: 30_000 })
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('every control has a label and the graph works from the keyboard', async () => {
  const unlabelled = (page) => page.$$eval('input, select, textarea, button, [role="button"], a[href]', (els) =>
    els.filter((e) => {
      const aria = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
      // Form fields need a <label> (or aria-label); buttons and links their own text.
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName)) return !(aria || (e.labels && e.labels.length > 0))
      return !(aria || e.textContent.trim())
    }).map((e) => e.outerHTML.slice(0, 120)))
  const stash = keyring.addFromUri('//Alice//stash')
  for (const hash of ['#/', `#/contributor/${stash.address}`, `#/evaluator/${stash.address}`, '#/live']) {
    const page = await open(hash)
    await page.waitForSelector('#content[data-page]')
    assert.deepEqual(await unlabelled(page), [], hash)
    await page.context().close()
  }
  const page = await open(`#/project/${data.project}`)
  await waitPage(page, 'project')
  assert.deepEqual(await unlabelled(page), [])
  // Tab from the top of the page reaches a node of the graph; Enter opens its record and
  // marks the node as the current one.
  await page.focus('body')
  let focused = null
  for (let i = 0; i < 80 && !focused; i++) {
    await page.keyboard.press('Tab')
    focused = await page.evaluate(() => document.activeElement?.getAttribute('data-node-id'))
  }
  assert.ok(focused !== null, 'Tab never reached a node of the lineage graph')
  await page.keyboard.press('Enter')
  await page.waitForSelector(`[data-contribution="${focused}"]`)
  assert.equal(await page.getAttribute(`[data-node-id="${focused}"]`, 'aria-current'), 'true')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a link to a contribution opens the project with it selected', async () => {
  const checkpoint = data.checkpoint
  const page = await open(`#/project/${data.project}/contribution/${checkpoint}`)
  await waitPage(page, 'project')
  await page.waitForSelector(`[data-contribution="${checkpoint}"]`)
  assert.equal(await page.getAttribute(`[data-node-id="${checkpoint}"]`, 'aria-current'), 'true')
  assert.match(await page.textContent('#contribution-details'), new RegExp(`Parents\\s*${data.datasets.map((d) => `#${d.id}`).join(', ')}`))
  // A malformed address is a page of its own, not a crash.
  await page.goto(`${base}#/project/%E0%A4%A`)
  await page.waitForSelector('[data-load-error], #content[data-page="missing"]')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

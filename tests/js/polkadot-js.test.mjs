// Polkadot.js (@polkadot/api 16.5.6, the library behind Polkadot.js apps) against a real dev
// node: the full metadata decodes, every storage item of our pallets reads, one call of each
// pallet is signed and included, every event of ours decodes with its field names, and the
// chain's properties are what wallets show.
//
// Run with `npm test` in tests/js; it starts its own dev node from ATTRIBUTION_NODE_BIN (or the
// build scripts' default path) and fails, never skips, when the binary is missing.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { ApiPromise, WsProvider } from '@polkadot/api'
import { Keyring } from '@polkadot/keyring'
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto'

const OURS = ['contributions', 'scoring', 'payouts']
const UNIT = 10n ** 12n
const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/attribution-chain/target')
const binary = process.env.ATTRIBUTION_NODE_BIN ?? join(target, 'release/attribution-node')

let node
let api
let keyring
const seen = [] // every event of ours seen in the test's blocks

function freePort () {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

before(async () => {
  assert.ok(existsSync(binary), `the node binary ${binary} is missing: run \`bash scripts/build.sh\``)
  const [rpc, p2p, prometheus] = [await freePort(), await freePort(), await freePort()]
  node = spawn(binary, ['--dev', '--tmp', '--no-hardware-benchmarks', '--no-telemetry',
    '--rpc-port', `${rpc}`, '--port', `${p2p}`, '--prometheus-port', `${prometheus}`,
    '--dev-block-time', '500'], { stdio: 'ignore' })
  node.on('exit', (code) => { if (code !== null && code !== 0) console.error(`dev node exited with ${code}`) })
  const provider = new WsProvider(`ws://127.0.0.1:${rpc}`, 500)
  api = await ApiPromise.create({ provider, throwOnConnect: false, noInitWarn: true })
  await cryptoWaitReady()
  keyring = new Keyring({ type: 'sr25519', ss58Format: 42 })
  // Wait for the first block.
  for (let i = 0; i < 120 && (await api.rpc.chain.getHeader()).number.toNumber() < 1; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
})

after(async () => {
  await api?.disconnect()
  node?.kill('SIGINT')
})

/** Signs and sends; resolves with the block's events of this extrinsic, rejects on failure. */
function send (tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        if (dispatchError.isModule) {
          const { section, name } = api.registry.findMetaError(dispatchError.asModule)
          reject(new Error(`${section}.${name}`))
        } else reject(new Error(dispatchError.toString()))
      } else if (status.isInBlock || status.isFinalized) { // the dev seal may skip InBlock
        for (const { event } of events) if (OURS.includes(event.section)) seen.push(event)
        resolve(events.map(({ event }) => event))
      }
    }).catch(reject)
  })
}

test('the chain properties are what wallets show', () => {
  assert.equal(api.registry.chainSS58, 42)
  assert.deepEqual(api.registry.chainDecimals, [12])
  assert.deepEqual(api.registry.chainTokens, ['ATTR'])
  assert.equal(api.runtimeVersion.specName.toString(), 'attribution-runtime')
})

test('the full metadata decodes, with every type of ours resolvable', () => {
  const metadata = api.runtimeMetadata
  assert.ok(metadata.version >= 14, `metadata v${metadata.version}`)
  const latest = metadata.asLatest
  const names = latest.pallets.map((p) => p.name.toString())
  for (const pallet of ['Contributions', 'Scoring', 'Payouts', 'Referenda', 'System']) {
    assert.ok(names.includes(pallet), `${pallet} is in the metadata`)
  }
  // Every type in the registry's lookup builds a codec (what Polkadot.js apps needs to render).
  for (const { id } of latest.lookup.types) {
    assert.ok(api.registry.lookup.getTypeDef(id), `type ${id.toNumber()} has a definition`)
  }
  assert.ok(JSON.stringify(metadata.toJSON()).length > 10_000)
})

test('one call of each of our pallets is signed, included and emits named events', async () => {
  const alice = keyring.addFromUri('//Alice')
  const bob = keyring.addFromUri('//Bob')
  const licence = { licence: { Spdx: 'MIT' }, commercialUse: true, derivativesAllowed: true, attributionRequired: true, royalty: 0 }
  // The dev chain's floors: pools are refused under committees of 5 seats or 10-block periods.
  const policy = { committee: 5, minStake: 0, commitPeriod: 10, revealPeriod: 10, disputePeriod: 10 }

  let events = await send(api.tx.contributions.createProject('polkadot-js', licence, 0, policy, 'Open'), alice)
  const created = events.find((e) => e.section === 'contributions' && e.method === 'ProjectCreated')
  assert.ok(created, 'ProjectCreated')
  const project = created.data.project.toNumber()

  const cid = '0x01551220' + blake2AsHex('polkadot-js dataset', 256).slice(2)
  events = await send(api.tx.contributions.registerContribution(project, 'Dataset', cid, null,
    [[alice.address, 1_000_000_000]], [], null, blake2AsHex('manifest', 256), 42), alice)
  const registered = events.find((e) => e.method === 'ContributionRegistered')
  assert.equal(registered.data.project.toNumber(), project)
  assert.equal(registered.data.kind.toString(), 'Dataset')
  assert.equal(registered.data.pending.isTrue, false)

  events = await send(api.tx.scoring.registerEvaluator(100n * UNIT), bob)
  assert.ok(events.some((e) => e.section === 'scoring'), 'a scoring event')

  // A Shapley round takes no players: the chain scores every active contribution of the
  // project, in id order, exactly (one player here).
  const utility = { metric: 1, evaluationSet: cid, direction: 'HigherIsBetter' }
  events = await send(api.tx.scoring.openRound(project, utility), alice)
  const opened = events.find((e) => e.section === 'scoring' && e.method === 'RoundOpened')
  assert.equal(opened.data.players.toNumber(), 1)
  // `data.method` is the event's own name; the field is the fourth.
  assert.ok(opened.data[3].isExact)
  const round = opened.data.round.toNumber()
  const stored = (await api.query.scoring.rounds(round)).unwrap()
  assert.deepEqual(stored.kind.asScore.players.map((p) => p.toNumber()), [registered.data.id.toNumber()])
  assert.equal(stored.terms.minStake.toBigInt(), 100n * UNIT)

  // The committee is drawn two relay epochs later (the dev node mocks the relay chain's
  // randomness): Bob, the only evaluator, holds every seat; each seat assigns 100 ATTR, as far
  // as his stake goes. The project's owner is never drawn.
  assert.ok(stored.phase.isDrawing)
  while ((await api.query.scoring.rounds(round)).unwrap().phase.isDrawing) {
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  assert.equal((await api.query.scoring.seats(round, bob.address)).unwrap().toNumber(), 5)
  events = await send(api.tx.scoring.commit(round, blake2AsHex('commitment', 256)), bob)
  const committed = events.find((e) => e.section === 'scoring' && e.method === 'Committed')
  assert.equal(committed.data.stake.toBigInt(), 100n * UNIT)
  await send(api.tx.scoring.registerEvaluator(100n * UNIT), alice)
  await assert.rejects(send(api.tx.scoring.commit(round, blake2AsHex('mine', 256)), alice), /scoring\.NotDrawn/)

  const trigger = { metric: blake2AsHex('accuracy', 256), comparator: 'AtLeast', threshold: 900_000, evaluationSet: cid }
  const best = (await api.rpc.chain.getHeader()).number.toNumber()
  events = await send(api.tx.payouts.createPool(project, trigger, 5n * UNIT, best + 500, null), alice)
  const pool = events.find((e) => e.method === 'PoolCreated')
  assert.equal(pool.data.amount.toBigInt(), 5n * UNIT)
  // The pool records the terms it is funded under: the policy raised to the stake floors.
  assert.equal(pool.data.terms.committee.toNumber(), 5)
  assert.equal(pool.data.terms.minStake.toBigInt(), 100n * UNIT)
  // A sponsor may ask for a larger committee than the project's policy, never a smaller one.
  events = await send(api.tx.payouts.createPool(project, trigger, 5n * UNIT, best + 500, 9), alice)
  const larger = events.find((e) => e.method === 'PoolCreated')
  assert.equal(larger.data.terms.committee.toNumber(), 9)
  await assert.rejects(send(api.tx.payouts.createPool(project, trigger, 5n * UNIT, best + 500, 3), alice), /scoring\.CommitteeBelowPolicy/)

  // A rejected call decodes to its module error name.
  await assert.rejects(send(api.tx.contributions.registerContribution(project, 'Dataset', cid, null,
    [[alice.address, 1_000_000_000]], [], null, blake2AsHex('again', 256), 42), alice), /contributions\.DuplicateCid/)

  // Every event of ours decodes with the field names the metadata declares.
  assert.ok(seen.length >= 4)
  for (const event of seen) {
    const declared = event.meta.fields.map((f) => f.name.unwrap().toString())
    assert.deepEqual(event.data.names, declared.map((n) => n.replace(/_(\w)/g, (_, c) => c.toUpperCase())), `${event.section}.${event.method}`)
    const human = event.data.toHuman()
    for (const name of event.data.names) assert.ok(name in human, `${event.section}.${event.method}.${name}`)
  }
})

test('every storage item of our pallets reads and decodes', async () => {
  let items = 0
  for (const section of OURS) {
    for (const [name, query] of Object.entries(api.query[section])) {
      const meta = query.creator.meta
      if (meta.type.isPlain) {
        const value = await query()
        assert.ok(value !== undefined, `${section}.${name}`)
      } else {
        const entries = await query.entries()
        for (const [key, value] of entries) {
          assert.ok(key.args.length > 0 && value.toJSON() !== undefined, `${section}.${name}`)
        }
      }
      items++
    }
  }
  assert.ok(items >= 15, `${items} storage items read`)
  const projects = await api.query.contributions.projects.entries()
  assert.ok(projects.length >= 1, 'the project created above is readable')
})

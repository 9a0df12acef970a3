// Polkadot.js (@polkadot/api 16.5.6, the library behind Polkadot.js apps) against a real dev
// node: the full metadata decodes, every storage item of our pallets reads (every map filled
// through extrinsics first, so that each has entries to decode), one call of each pallet is
// signed and included, every event of ours decodes with its field names, and the chain's
// properties are what wallets show.
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
import { blake2AsHex, cryptoWaitReady, randomAsU8a } from '@polkadot/util-crypto'

const OURS = ['contributions', 'scoring', 'payouts']
const UNIT = 10n ** 12n
const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/attribution-chain/target')
const binary = process.env.ATTRIBUTION_NODE_BIN ?? join(target, 'release/attribution-node')
const LICENCE = { licence: { Spdx: 'MIT' }, commercialUse: true, derivativesAllowed: true, attributionRequired: true, royalty: 0 }
// The dev chain's floors: pools are refused under committees of 5 seats or 10-block periods.
const POLICY = { committee: 5, minStake: 0, commitPeriod: 10, revealPeriod: 10, disputePeriod: 10 }

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
    '--dev-block-time', '500', '--state-pruning', 'archive'], { stdio: 'ignore' })
  node.on('exit', (code) => { if (code !== null && code !== 0) console.error(`dev node exited with ${code}`) })
  const provider = new WsProvider(`ws://127.0.0.1:${rpc}`, 500)
  api = await ApiPromise.create({ provider, throwOnConnect: false, noInitWarn: true })
  await cryptoWaitReady()
  keyring = new Keyring({ type: 'sr25519', ss58Format: 42 })
  await untilBlock(1)
})

after(async () => {
  await api?.disconnect()
  node?.kill('SIGINT')
})

const lanes = new Map() // each signer's last transaction: its next one waits for it (nonces)

/**
 * Signs and sends; resolves with the block's events of this extrinsic (the array's `blockHash`
 * is the block it was included in), rejects on failure. One signer's transactions go one
 * after another, so that concurrent flows never reuse a nonce.
 */
function send (tx, signer) {
  const sent = (lanes.get(signer.address) ?? Promise.resolve()).then(() => submit(tx, signer))
  lanes.set(signer.address, sent.catch(() => {}))
  return sent
}

function submit (tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        if (dispatchError.isModule) {
          const { section, name } = api.registry.findMetaError(dispatchError.asModule)
          reject(new Error(`${section}.${name}`))
        } else reject(new Error(dispatchError.toString()))
      } else if (status.isInBlock || status.isFinalized) { // the dev seal may skip InBlock
        for (const { event } of events) if (OURS.includes(event.section)) seen.push(event)
        const emitted = events.map(({ event }) => event)
        emitted.blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex()
        resolve(emitted)
      }
    }).catch(reject)
  })
}

/** The event `section.method` among `events`; fails when it is not there. */
function eventOf (events, section, method) {
  const event = events.find((e) => e.section === section && e.method === method)
  assert.ok(event, `${section}.${method} among ${events.map((e) => `${e.section}.${e.method}`).join(', ')}`)
  return event
}

/** Polls `check` every 250 ms until it returns a truthy value (returned); fails after `seconds`. */
async function until (what, check, seconds = 60) {
  const end = Date.now() + seconds * 1000
  for (;;) {
    const value = await check()
    if (value) return value
    assert.ok(Date.now() < end, `waited ${seconds} s for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber()

/** Waits until the best block is `block` or later: a transaction sent then lands after it. */
const untilBlock = (block) => until(`block ${block}`, async () => (await bestNumber()) >= block)

/** Waits until `round`'s committee is drawn (two relay epochs after the request); its record. */
const committeeDrawn = (round) => until(`round ${round}'s committee`, async () => {
  const record = await api.query.scoring.rounds(round)
  assert.ok(record.isSome, `round ${round} ended at its draw (too few evaluators drawn)`)
  return record.unwrap().phase.isDrawing ? undefined : record.unwrap()
})

/**
 * What an evaluator commits to: `blake2_256((round, evaluator, reveal, salt).encode())`
 * (`Scoring::commitment_hash`), `reveal` a `Reveal` codec.
 */
function commitmentHash (round, evaluator, reveal, salt) {
  const preimage = api.createType(`(u64, AccountId32, ${revealType()}, [u8; 32])`, [round, evaluator, reveal, salt])
  return blake2AsHex(preimage.toU8a(), 256)
}

/** The type name of the scoring pallet's `Reveal`, as `Scoring::reveal` takes it. */
const revealType = () => api.tx.scoring.reveal.meta.args[1].type.toString()

/** A `Reveal`: `{ Exact: table }` for a Shapley round, `{ Value: v }` for a measurement. */
const revealOf = (value) => api.createType(revealType(), value)

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
  let events = await send(api.tx.contributions.createProject('polkadot-js', LICENCE, 0, POLICY, 'Open'), alice)
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
  await committeeDrawn(round)
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

test('the commitment hash is the Python SDK\'s (known answers of clients/python/tests)', () => {
  const account = Uint8Array.from({ length: 32 }, (_, i) => i)
  assert.equal(commitmentHash(7, account, revealOf({ Value: -5 }), new Uint8Array(32).fill(0x11)),
    '0xd24e5289a2efcd44c6b86417f000c3f831300d889e1e84f23a886bfccd00ab15')
  assert.equal(commitmentHash(3, new Uint8Array(32), revealOf({ Exact: [0, 5] }), new Uint8Array(32).fill(1)),
    '0xe395c40cdf08629881daa5a9a5a8004d83f6a730a3930312a7e412886fc68acd')
})

// Maps of ours that no extrinsic can fill on the dev chain within this test, with the reason.
// Every other map must have an entry for the storage test to pass.
const UNFILLABLE = {
  'scoring.freeSlots': 'only withdraw_unbonded frees a slot, UnbondingPeriod (7 days: 100,800 blocks, 14 h at 500 ms) after unbond',
  'contributions.frontierQueue': "a withdrawal's walk empties it by the end of the block that fills it unless blocks are full (checked in the pallet's tests)",
}

/** Registers a contribution of `author` alone (active at once) to `project`; returns its id. */
async function register (author, project, kind, name, parents = []) {
  const cid = '0x01551220' + blake2AsHex(`storage test: ${name}`, 256).slice(2)
  const events = await send(api.tx.contributions.registerContribution(project, kind, cid, null,
    [[author.address, 1_000_000_000]], parents, null, blake2AsHex(`${name} manifest`, 256), 1_000), author)
  return eventOf(events, 'contributions', 'ContributionRegistered').data.id.toNumber()
}

/** `owner` creates a project; returns its id. */
async function createProject (owner, name, membership, royaltyToParents = 0) {
  const events = await send(api.tx.contributions.createProject(name, LICENCE, royaltyToParents, POLICY, membership), owner)
  return eventOf(events, 'contributions', 'ProjectCreated').data.project.toNumber()
}

/**
 * Plays drawn round `round`: every member of its committee (all dev accounts) commits `reveal`,
 * reveals it after the commit period, and `caller` aggregates after the reveal period. Returns
 * the block the round was aggregated in and the end of its dispute window.
 */
async function playRound (round, reveal, caller, signers) {
  const record = await committeeDrawn(round)
  const members = (await api.query.scoring.seats.entries(round)).map(([key]) => signers.get(key.args[1].toString()))
  assert.ok(members.length > 0 && members.every(Boolean), `round ${round}'s committee is of dev accounts`)
  const salts = members.map(() => randomAsU8a(32))
  await Promise.all(members.map((who, i) =>
    send(api.tx.scoring.commit(round, commitmentHash(round, who.address, reveal, salts[i])), who)))
  await untilBlock(record.commitEnd.toNumber())
  await Promise.all(members.map((who, i) => send(api.tx.scoring.reveal(round, reveal, salts[i]), who)))
  await untilBlock(record.revealEnd.toNumber())
  const events = await send(api.tx.scoring.aggregate(round), caller)
  const failed = events.find((e) => e.section === 'scoring' && e.method === 'RoundFailed')
  assert.ok(!failed, `round ${round} failed: ${JSON.stringify(failed?.data.toHuman())}`)
  const aggregated = events.find((e) => e.section === 'scoring' && /^(Round|Measurement)Aggregated$/.test(e.method))
  assert.ok(aggregated, `round ${round} aggregated`)
  return { blockHash: events.blockHash, disputeEnd: aggregated.data.disputeEnd.toNumber() }
}

/**
 * Puts at least one entry in every map of our pallets (but UNFILLABLE's) through extrinsics.
 * Returns, for the maps that later calls empty again, the block at which they have entries.
 */
async function fillEveryMap () {
  const [alice, bob, charlie, dave, eve, ferdie] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']
    .map((name) => keyring.addFromUri(`//${name}`))
  const signers = new Map([alice, bob, charlie, dave, eve, ferdie].map((pair) => [pair.address, pair]))
  const filledAt = new Map() // 'section.item' → block hash
  const mark = (blockHash, ...items) => { for (const item of items) filledAt.set(item, blockHash) }

  // Evaluators (Evaluators, SlotOwner, then StakeTree) whose stakes cover every seat and hold
  // nearly all the draw weight. Their stake changes wait in the queue until the next relay
  // epoch (10 blocks): before the rounds below are drawn, two epochs after they open.
  const [registered] = await Promise.all([charlie, dave].map((who) =>
    send(api.tx.scoring.registerEvaluator(10_000n * UNIT), who)))
  mark(registered.blockHash, 'scoring.stakeChangeQueue', 'scoring.queuedStakeChange')

  // Projects (Projects, ProjectsByOwner): upstream work, a scored project that pays its
  // parents 10%, and a consortium (Members) of two where one vote leaves a motion open.
  const upstream = await createProject(eve, 'storage: upstream', 'Open')
  const project = await createProject(eve, 'storage: scored', 'Open', 100_000_000)
  const consortium = await createProject(eve, 'storage: consortium', 'Consortium')
  const membership = send(api.tx.contributions.addMember(consortium, ferdie.address), eve)
    .then(() => send(api.tx.contributions.voteMembership(consortium, { Add: charlie.address }), eve))
  membership.catch(() => {}) // awaited below; not an unhandled rejection meanwhile

  // Contributions (Contributions, ContributionByContent, ContributionsByAuthor,
  // ContributionsByProject, Settled, ProjectAuthors); the checkpoint derives from the
  // upstream dataset (Children) and its project's dataset.
  const parent = await register(ferdie, upstream, 'Dataset', 'upstream dataset')
  const dataset = await register(ferdie, project, 'Dataset', 'dataset')
  const checkpoint = await register(ferdie, project, 'ModelCheckpoint', 'checkpoint', [parent, dataset])
  // The project's owner approves the upstream parent for all of its royalty (RoyaltySplits):
  // only approved parents are paid.
  eventOf(await send(api.tx.payouts.setRoyaltyWeights(checkpoint, [[parent, 1_000_000_000]]), eve),
    'payouts', 'RoyaltySplitSet')
  // The owner lets evaluators drawn for the project's work get its licensed data
  // (EvaluatorAccess).
  eventOf(await send(api.tx.payouts.setEvaluatorAccess({ Project: project }, true), eve),
    'payouts', 'EvaluatorAccessSet')

  // A withdrawn dataset whose fine-tune the withdrawal's walk marks affected (AffectedBy; its
  // queue, FrontierQueue, is walked empty in the same block).
  const withdrawnDataset = await register(ferdie, upstream, 'Dataset', 'withdrawn dataset')
  const affected = await register(ferdie, upstream, 'FineTune', 'fine-tune of the withdrawn dataset', [withdrawnDataset])
  eventOf(await send(api.tx.contributions.withdrawContribution(withdrawnDataset, 'revoked'), ferdie),
    'contributions', 'ContributionWithdrawn')

  // A two-author dataset its co-author approves, whose 40% author alone asks to withdraw it:
  // not a majority, so the request waits (WithdrawalRequests).
  const sharedCid = '0x01551220' + blake2AsHex('storage test: shared dataset', 256).slice(2)
  const shared = eventOf(await send(api.tx.contributions.registerContribution(upstream, 'Dataset', sharedCid, null,
    [[ferdie.address, 400_000_000], [charlie.address, 600_000_000]], [], null, blake2AsHex('shared manifest', 256), 1_000), ferdie),
  'contributions', 'ContributionRegistered').data.id.toNumber()
  await send(api.tx.contributions.approveContribution(shared), charlie)
  eventOf(await send(api.tx.contributions.withdrawContribution(shared, 'revoked'), ferdie), 'contributions', 'WithdrawalRequested')

  // A dataset whose terms forbid derivatives (NoDerivatives), and a commitment to register
  // content not yet published (Commitments: it lapses unrevealed, and nobody expires it here).
  const noDerivativesCid = '0x01551220' + blake2AsHex('storage test: no-derivatives dataset', 256).slice(2)
  eventOf(await send(api.tx.contributions.registerContribution(upstream, 'Dataset', noDerivativesCid, null,
    [[ferdie.address, 1_000_000_000]], [], { ...LICENCE, licence: { Spdx: 'CC-BY-ND-4.0' }, derivativesAllowed: false },
    blake2AsHex('no-derivatives manifest', 256), 1_000), ferdie), 'contributions', 'ContributionRegistered')
  const tag = blake2AsHex('storage test: unpublished content', 256)
  eventOf(await send(api.tx.contributions.commitRegistration(tag), bob), 'contributions', 'RegistrationCommitted')

  // A Shapley round of the two (Rounds, OpenRounds, DrawQueue until its draw), and a pool
  // whose report on the checkpoint is a measurement (another DrawQueue entry).
  const evaluationSet = '0x01551220' + blake2AsHex('storage test: evaluation set', 256).slice(2)
  let events = await send(api.tx.scoring.openRound(project, { metric: 1, evaluationSet, direction: 'HigherIsBetter' }), eve)
  mark(events.blockHash, 'scoring.drawQueue')
  const opened = eventOf(events, 'scoring', 'RoundOpened')
  assert.equal(opened.data.players.toNumber(), 2)
  const round = opened.data.round.toNumber()
  const trigger = { metric: blake2AsHex('accuracy', 256), comparator: 'AtLeast', threshold: 900_000, evaluationSet }
  events = await send(api.tx.payouts.createPool(project, trigger, 10n * UNIT, (await bestNumber()) + 1_000, null), alice)
  const pool = eventOf(events, 'payouts', 'PoolCreated').data.pool.toNumber()
  events = await send(api.tx.payouts.startReport(pool, checkpoint), eve)
  const measurement = eventOf(events, 'payouts', 'ReportStarted').data.measurement.toNumber()

  // A licence offer that stays open (Offers) and a sale (Licences, LicencesByHolder, and
  // DerivativeGrants: it grants derivatives): the project has no payable snapshot yet, so the
  // price waits in Undistributed.
  const offer = { price: UNIT, duration: null, seats: null, commercial: true, derivatives: true }
  await send(api.tx.payouts.offerLicence(dataset, offer), eve)
  // The buyer agrees to the terms the offer shows (a swapped offer would be refused).
  const seen = (await api.query.payouts.offers(dataset)).unwrap()
  const expected = { duration: seen.duration, commercial: seen.commercial, derivatives: seen.derivatives, termsHash: seen.termsHash }
  events = await send(api.tx.payouts.buyLicence(dataset, UNIT, expected), alice)
  eventOf(events, 'payouts', 'LicenceBought')
  eventOf(events, 'payouts', 'HeldUndistributed')
  await membership

  // Both rounds to the end of their dispute windows (Seats, Commitments, Reveals, then
  // Consensus once aggregated); the Shapley round's utilities give both players a share.
  const [scored, measured] = await Promise.all([
    playRound(round, revealOf({ Exact: [0, 300_000, 500_000, 900_000] }), bob, signers),
    playRound(measurement, revealOf({ Value: 950_000 }), bob, signers),
  ])
  mark(scored.blockHash, 'scoring.seats', 'scoring.commitments', 'scoring.reveals', 'scoring.consensus',
    'scoring.rounds', 'scoring.openRounds')
  await untilBlock(Math.max(scored.disputeEnd, measured.disputeEnd))

  // The snapshot (Snapshots, SnapshotShares, LatestSnapshot, LatestPayableSnapshot) and the
  // measurement's outcome (MeasurementOutcomes, until the report takes it).
  const [snapshot, outcome] = await Promise.all([
    send(api.tx.scoring.finalize(round), bob),
    send(api.tx.scoring.finalize(measurement), dave),
  ])
  const version = eventOf(snapshot, 'scoring', 'SnapshotFinalized').data.version.toNumber()
  eventOf(outcome, 'scoring', 'MeasurementFinalized')
  mark(outcome.blockHash, 'scoring.measurementOutcomes')

  // The report releases the pool (Pools) into the snapshot's accrual (Accruals), 10% up to
  // the upstream project, which has no snapshot (Undistributed); the author claims (Paid).
  events = await send(api.tx.payouts.concludeReport(pool), bob)
  eventOf(events, 'payouts', 'PoolReleased')
  events = await send(api.tx.payouts.claim([{ project, version, contribution: checkpoint }]), ferdie)
  eventOf(events, 'payouts', 'Claimed')
  // Blocks later the walk has long marked the fine-tune of the withdrawn dataset.
  assert.equal((await api.query.contributions.affectedBy(affected)).unwrap().toNumber(), withdrawnDataset)
  return filledAt
}

test('every storage item of our pallets reads and decodes', async () => {
  const filledAt = await fillEveryMap()
  let items = 0
  const maps = new Set()
  for (const section of OURS) {
    for (const [name, query] of Object.entries(api.query[section])) {
      const meta = query.creator.meta
      const item = `${section}.${name}`
      if (meta.type.isPlain) {
        const value = await query()
        assert.ok(value !== undefined, item)
      } else {
        maps.add(item)
        const at = filledAt.get(item)
        const entries = at ? await query.entriesAt(at) : await query.entries()
        if (!(item in UNFILLABLE)) {
          assert.ok(entries.length > 0, `${item} has no entry at ${at ?? 'the best block'}: fill it through an extrinsic above, or list it in UNFILLABLE with the reason`)
        }
        for (const [key, value] of entries) {
          assert.ok(key.args.length > 0 && key.args.every((arg) => arg.toJSON() !== undefined), `${item} key`)
          assert.ok(value.toJSON() !== undefined, `${item} value`)
        }
      }
      items++
    }
  }
  assert.ok(items >= 15, `${items} storage items read`)
  for (const item of [...Object.keys(UNFILLABLE), ...filledAt.keys()]) {
    assert.ok(maps.has(item), `${item} is a map of ours`)
  }
})

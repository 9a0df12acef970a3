/** An evaluator: its stake, its open assignments and their deadlines (the engine's
 * `attribution_assignments`), and its past results and slashes (our events in recent blocks,
 * with new ones as they happen). */
import { facts, h, replace, section, table } from '../dom'
import { attr, block } from '../format'
import { fieldsText, oursOf, pastEvents, type ChainEvent } from '../events'
import { projectLink } from '../links'
import * as records from '../records'
import { isAddress, sameAccount } from '../signers'
import { describeError } from '../errors'
import { follow } from '../follow'
import type { PageContext } from './page'

/** How far back the page looks for the evaluator's past results unless told otherwise. */
export const HISTORY_BLOCKS = 2_000

/** The scoring events that concern an evaluator. */
function concerns(event: ChainEvent, address: string): boolean {
  if (event.pallet !== 'Scoring') return false
  const f = event.fields as Record<string, unknown>
  const who = (f.evaluator ?? f.who) as string | undefined
  return typeof who === 'string' && sameAccount(who, address)
}

/** The evaluator page. */
export async function evaluatorPage(ctx: PageContext, address: string): Promise<HTMLElement> {
  const { conn } = ctx
  if (!isAddress(address)) return h('div', {}, h('h1', {}, 'Evaluator'), h('p', { role: 'alert' }, `“${address}” is not an SS58 address.`))
  const best = await conn.client.getBestBlocks()
  const bestNumber = best[0]?.number ?? 0
  // Stake and open work, read again whenever a new event concerns the evaluator.
  const standing = h('div', { class: 'standing' })
  const drawStanding = async (now: number) => {
    const [evaluator, work] = await Promise.all([conn.api.query.Scoring.Evaluators.getValue(address, { at: 'best' }), records.assignments(conn, address)])
    if (ctx.signal.aborted) return
    replace(standing, standingOf(evaluator, work.assignments, now))
  }
  await drawStanding(bestNumber)
  const historyBody = h('div', {}, h('p', {}, 'Reading past blocks…'))
  const rows: ChainEvent[] = []
  const renderHistory = () => {
    // Live events may arrive before the past ones are read: keep block order.
    rows.sort((a, b) => a.block - b.block)
    const slashes = rows.filter((e) => e.name === 'Slashed')
    const slashed = slashes.reduce((sum, e) => sum + BigInt((e.fields.amount as bigint) ?? 0n), 0n)
    replace(
      historyBody,
      h('p', { 'data-slashes': slashes.length }, `${slashes.length} ${slashes.length === 1 ? 'slash' : 'slashes'} (${attr(slashed)}) in the blocks read.`),
      unreadable > 0 ? h('p', { class: 'note' }, `${unreadable} of those blocks could not be read: the node no longer holds their state (an archive node, --state-pruning archive, keeps it), or they were made by an older runtime.`) : null,
      table(
        'Past results',
        ['Block', 'Event', 'Details'],
        [...rows].reverse().map((e) => [block(e.block), h('span', { class: e.name === 'Slashed' ? 'bad' : '' }, `${e.pallet}.${e.name}`), fieldsText(e.fields)]),
      ),
    )
  }
  const from = Math.max(0, bestNumber - HISTORY_BLOCKS)
  let unreadable = 0
  void pastEvents(conn, from, bestNumber, ctx.signal, (done, total) => {
    if (done < total) replace(historyBody, h('p', {}, `Reading past blocks… ${done} of ${total}`))
  })
    .then((past) => {
      if (ctx.signal.aborted) return
      unreadable = past.unreadable
      rows.push(...past.events.filter((e) => concerns(e, address)))
      renderHistory()
    })
    .catch((error) => replace(historyBody, h('p', { role: 'alert' }, `Past blocks could not be read: ${describeError(error, conn.url)}`)))
  // New results as they happen.
  follow(
    (broken) => [
      conn.api.query.System.Events.watchValue({ at: 'best' }).subscribe({
        next: ({ block: b, value }) => {
          if (b.number <= bestNumber) return
          const mine = oursOf(value as never, b.number, b.hash).filter((e) => concerns(e, address))
          if (mine.length) {
            rows.push(...mine)
            renderHistory()
            drawStanding(b.number).catch(() => {})
          }
        },
        error: broken,
      }),
    ],
    ctx.signal,
  )
  return h(
    'div',
    { class: 'evaluator', 'data-address': address },
    h('h1', {}, 'Evaluator ', h('code', { class: 'address' }, address)),
    standing,
    section(`Past results and slashes (blocks ${block(from)} to now)`, historyBody),
  )
}

type EvaluatorRecord = Awaited<ReturnType<PageContext['conn']['api']['query']['Scoring']['Evaluators']['getValue']>>

/** Stake and open work at block `now`. */
function standingOf(evaluator: EvaluatorRecord, assignments: records.AssignmentJson[], now: number): HTMLElement[] {
  const due = (end: number) => `${block(end)} (${end - now > 0 ? `in ${end - now} blocks` : 'passed'})`
  return [
    evaluator
      ? facts([
          ['Stake', attr(evaluator.stake)],
          ['Assigned to open work', attr(evaluator.assigned)],
          ['Weight in the draw', attr(evaluator.weight)],
          ['Rounds not final yet', String(evaluator.active_rounds)],
          ['Unbonding', evaluator.unbonding_since === undefined ? 'no' : `since block #${evaluator.unbonding_since}`],
        ])
      : h('p', { class: 'note' }, 'This account is not a registered evaluator.'),
    section(
      'Assignments',
      table(
        'Assignments',
        ['Round', 'Project', 'Kind', 'Seats', 'Commit by', 'Reveal by', 'Done'],
        assignments.map((a) => [
          String(a.round),
          projectLink(a.project),
          a.measurement ? 'measurement' : 'Shapley round',
          String(a.seats),
          due(a.commitEnd),
          due(a.revealEnd),
          a.revealed ? 'revealed' : a.committed ? 'committed' : 'not yet',
        ]),
      ),
    ),
  ]
}

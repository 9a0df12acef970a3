/** New blocks and our pallets' events as they happen: subscriptions to the node's best blocks
 * and their `System.Events`, not polling. The lists keep their newest entries only, so that a
 * page left open for hours keeps a bounded size. */
import { h } from '../dom'
import { fieldsText, oursOf, type ChainEvent } from '../events'
import { block } from '../format'
import { follow } from '../follow'
import type { PageContext } from './page'

/** Most blocks and events the page keeps. */
export const KEEP_BLOCKS = 30
export const KEEP_EVENTS = 200

/** Keeps `list` to its first `most` children. */
function trim(list: HTMLElement, most: number): void {
  while (list.children.length > most) list.lastElementChild?.remove()
}

/** The live page. */
export function livePage(ctx: PageContext): HTMLElement {
  const { conn } = ctx
  const blocks = h('ol', { class: 'blocks', 'aria-label': 'Newest blocks', reversed: true })
  const events = h('ol', { class: 'events', 'aria-label': 'Newest events of our pallets', reversed: true })
  // Not a live region: a screen reader would announce every block.
  const status = h('p', { class: 'muted', id: 'live-status' }, 'Waiting for the next block…')
  let lastBlock = -1
  const seenEventBlocks = new Set<string>()
  const showEvent = (e: ChainEvent) => {
    events.prepend(h('li', { 'data-event': `${e.pallet}.${e.name}`, 'data-block': e.block }, h('span', { class: 'block' }, block(e.block)), ' ', h('strong', {}, `${e.pallet}.${e.name}`), ' ', fieldsText(e.fields)))
    trim(events, KEEP_EVENTS)
  }
  follow(
    (broken) => [
      conn.client.bestBlocks$.subscribe({
        next: (best) => {
          const head = best[0]
          if (!head || head.number === lastBlock) return
          lastBlock = head.number
          status.textContent = `Best block ${block(head.number)}`
          blocks.prepend(h('li', { 'data-block': head.number }, h('span', { class: 'block' }, block(head.number)), ' ', h('code', {}, `${head.hash.slice(0, 18)}…`)))
          trim(blocks, KEEP_BLOCKS)
        },
        error: broken,
      }),
      conn.api.query.System.Events.watchValue({ at: 'best' }).subscribe({
        next: ({ block: b, value }) => {
          if (seenEventBlocks.has(b.hash)) return
          seenEventBlocks.add(b.hash)
          if (seenEventBlocks.size > KEEP_BLOCKS * 4) seenEventBlocks.delete(seenEventBlocks.values().next().value!)
          for (const e of oursOf(value as never, b.number, b.hash)) showEvent(e)
        },
        error: broken,
      }),
    ],
    ctx.signal,
    () => (status.textContent = 'The node stopped answering; reconnecting…'),
  )
  return h(
    'div',
    { class: 'live' },
    h('h1', {}, 'Live'),
    status,
    h('div', { class: 'columns' }, h('section', { 'aria-labelledby': 'live-blocks' }, h('h2', { id: 'live-blocks' }, 'Blocks'), blocks), h('section', { 'aria-labelledby': 'live-events' }, h('h2', { id: 'live-events' }, 'Events of Contributions, Scoring and Payouts'), events)),
  )
}

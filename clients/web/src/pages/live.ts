/** New blocks and our pallets' events as they happen: subscriptions to the node's best blocks
 * and their `System.Events`, not polling. The lists keep their newest entries only, so that a
 * page left open for hours keeps a bounded size. */
import { h } from '../dom'
import { fieldsText, oursOf, type ChainEvent } from '../events'
import { block } from '../format'
import { onLeave, type PageContext } from './page'

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
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'muted' }, 'Waiting for the next block…')
  let lastBlock = -1
  const seenEventBlocks = new Set<string>()
  const showEvent = (e: ChainEvent) => {
    events.prepend(h('li', { 'data-event': `${e.pallet}.${e.name}`, 'data-block': e.block }, h('span', { class: 'block' }, block(e.block)), ' ', h('strong', {}, `${e.pallet}.${e.name}`), ' ', fieldsText(e.fields)))
    trim(events, KEEP_EVENTS)
  }
  let stopped = false
  const subscriptions: { unsubscribe: () => void }[] = []
  const follow = () => {
    if (stopped) return
    const restart = () => {
      for (const s of subscriptions.splice(0)) s.unsubscribe()
      status.textContent = 'The node stopped answering; reconnecting…'
      setTimeout(follow, 1_000)
    }
    subscriptions.push(
      conn.client.bestBlocks$.subscribe({
        next: (best) => {
          const head = best[0]
          if (!head || head.number === lastBlock) return
          lastBlock = head.number
          status.textContent = `Best block ${block(head.number)}`
          blocks.prepend(h('li', { 'data-block': head.number }, h('span', { class: 'block' }, block(head.number)), ' ', h('code', {}, `${head.hash.slice(0, 18)}…`)))
          trim(blocks, KEEP_BLOCKS)
        },
        error: restart,
      }),
      conn.api.query.System.Events.watchValue({ at: 'best' }).subscribe({
        next: ({ block: b, value }) => {
          if (seenEventBlocks.has(b.hash)) return
          seenEventBlocks.add(b.hash)
          if (seenEventBlocks.size > KEEP_BLOCKS * 4) seenEventBlocks.delete(seenEventBlocks.values().next().value!)
          for (const e of oursOf(value as never, b.number, b.hash)) showEvent(e)
        },
        error: restart,
      }),
    )
  }
  follow()
  onLeave(ctx, () => {
    stopped = true
    for (const s of subscriptions.splice(0)) s.unsubscribe()
  })
  return h(
    'div',
    { class: 'live' },
    h('h1', {}, 'Live'),
    status,
    h('div', { class: 'columns' }, h('section', { 'aria-labelledby': 'live-blocks' }, h('h2', { id: 'live-blocks' }, 'Blocks'), blocks), h('section', { 'aria-labelledby': 'live-events' }, h('h2', { id: 'live-events' }, 'Events of Contributions, Scoring and Payouts'), events)),
  )
}

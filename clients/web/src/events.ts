/** Our pallets' events in words, and reading them from past blocks. */
import { getTypedCodecs } from 'polkadot-api'
import { attribution } from '@polkadot-api/descriptors'
import type { Connection } from './connection'
import { attr, shortAccount } from './format'

/** The pallets whose events the dashboard follows. */
export const OUR_PALLETS = ['Contributions', 'Scoring', 'Payouts'] as const

/** An event of ours: pallet, name and fields, with the block it happened in. */
export interface ChainEvent {
  pallet: string
  name: string
  fields: Record<string, unknown>
  block: number
  hash: string
}

/** Fields that hold balances (written in ATTR). */
const BALANCE_FIELDS = new Set(['amount', 'stake', 'bond', 'deposit', 'price', 'released', 'reward', 'refunded', 'paid'])

/** A field value in words. */
function value(name: string, v: unknown): string {
  if (typeof v === 'bigint') return BALANCE_FIELDS.has(name) ? attr(v) : v.toString()
  if (typeof v === 'string') return /^[1-9A-HJ-NP-Za-km-z]{47,48}$/.test(v) ? shortAccount(v) : v
  if (typeof v === 'object' && v !== null) {
    if ('type' in v) {
      const e = v as { type: string; value?: unknown }
      return e.value === undefined ? e.type : `${e.type}(${value(name, e.value)})`
    }
    if (Array.isArray(v)) return `[${v.map((x) => value(name, x)).join(', ')}]`
    if (v instanceof Uint8Array || (v as { asHex?: () => string }).asHex) return String((v as { asHex?: () => string }).asHex?.() ?? v)
    return `{${Object.entries(v).map(([k, x]) => `${k}: ${value(k, x)}`).join(', ')}}`
  }
  return String(v)
}

/** An event's fields in words: `who 5Grw…utQY, amount 1.0000 ATTR`. */
export function fieldsText(fields: Record<string, unknown>): string {
  if (typeof fields !== 'object' || fields === null) return fields === undefined ? '' : String(fields)
  return Object.entries(fields).map(([k, v]) => `${k} ${value(k, v)}`).join(', ')
}

/** `System.Events` records as PAPI decodes them. */
type EventRecord = { event: { type: string; value: { type: string; value: unknown } } }

/** Our events among a block's `System.Events`. */
export function oursOf(records: EventRecord[], block: number, hash: string): ChainEvent[] {
  return records
    .filter((r) => (OUR_PALLETS as readonly string[]).includes(r.event.type))
    .map((r) => ({ pallet: r.event.type, name: r.event.value.type, fields: (r.event.value.value ?? {}) as Record<string, unknown>, block, hash }))
}

/** What reading past blocks found: our events, and how many blocks could not be read (their
 * state pruned by the node, or their events in a layout of an older runtime). */
export interface PastEvents {
  events: ChainEvent[]
  unreadable: number
}

/** Our events in blocks `from..=to` of the best chain, read block by block with the legacy
 * RPCs. A node keeps the state of recent blocks only (256 by default) unless it is an archive
 * node: blocks it no longer holds are counted, not fatal. Stops early when `signal` aborts. */
export async function pastEvents(conn: Connection, from: number, to: number, signal: AbortSignal, progress: (done: number, total: number) => void = () => {}): Promise<PastEvents> {
  const codecs = await getTypedCodecs(attribution)
  const key = await conn.api.query.System.Events.getKey()
  const numbers: number[] = []
  for (let n = Math.max(0, from); n <= to; n++) numbers.push(n)
  const events: ChainEvent[] = []
  let unreadable = 0
  const batch = 200
  for (let i = 0; i < numbers.length && !signal.aborted; i += batch) {
    const chunk = numbers.slice(i, i + batch)
    const hashes = await conn.rpc<(string | null)[]>('chain_getBlockHash', [chunk])
    const raws = await Promise.allSettled(hashes.map((hash) => (hash ? conn.rpc<string | null>('state_getStorage', [key, hash]) : Promise.resolve(null))))
    raws.forEach((raw, j) => {
      const hash = hashes[j]
      if (raw.status === 'rejected' || !hash) {
        unreadable++
        return
      }
      if (!raw.value) return
      try {
        events.push(...oursOf(codecs.query.System.Events.value.dec(raw.value) as EventRecord[], chunk[j], hash))
      } catch {
        unreadable++
      }
    })
    progress(Math.min(numbers.length, i + batch), numbers.length)
  }
  return { events, unreadable }
}

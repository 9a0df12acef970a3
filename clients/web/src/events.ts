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

/** Our events in blocks `from..=to` of the best chain, read block by block with the legacy
 * RPCs (the node must still hold those blocks' state: an archive node, or recent blocks). */
export async function pastEvents(conn: Connection, from: number, to: number, progress: (done: number, total: number) => void = () => {}): Promise<ChainEvent[]> {
  const codecs = await getTypedCodecs(attribution)
  const key = await conn.api.query.System.Events.getKey()
  const numbers: number[] = []
  for (let n = Math.max(0, from); n <= to; n++) numbers.push(n)
  const found: ChainEvent[] = []
  const batch = 200
  for (let i = 0; i < numbers.length; i += batch) {
    const chunk = numbers.slice(i, i + batch)
    const hashes = await conn.rpc<(string | null)[]>('chain_getBlockHash', [chunk])
    const raws = await Promise.all(hashes.map((hash) => (hash ? conn.rpc<string | null>('state_getStorage', [key, hash]) : null)))
    raws.forEach((raw, j) => {
      const hash = hashes[j]
      if (raw && hash) found.push(...oursOf(codecs.query.System.Events.value.dec(raw) as EventRecord[], chunk[j], hash))
    })
    progress(Math.min(numbers.length, i + batch), numbers.length)
  }
  return found
}

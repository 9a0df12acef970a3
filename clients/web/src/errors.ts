/** Errors from the node in words: module errors by pallet and name, a node that is down, a
 * transaction the pool refused, a JSON-RPC error. Never hex. */

/** A typed enum value as PAPI decodes it: `{ type: "Payouts", value: { type: "NothingToClaim" } }`. */
interface Enum {
  type: string
  value?: unknown
}

function isEnum(value: unknown): value is Enum {
  return typeof value === 'object' && value !== null && typeof (value as Enum).type === 'string'
}

/** `NothingToClaim` → `nothing to claim`. */
export function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
}

/** A dispatch error (`TxEventsPayload.dispatchError`) in words, e.g. `nothing to claim
 * (Payouts.NothingToClaim)`. */
export function dispatchErrorText(error: Enum): string {
  if (error.type === 'Module' && isEnum(error.value) && isEnum(error.value.value)) {
    const pallet = error.value.type
    const name = error.value.value.type
    return `${words(name)} (${pallet}.${name})`
  }
  if (isEnum(error.value)) return `${words(error.type)}: ${words(error.value.type)} (${error.type}.${error.value.type})`
  return `${words(error.type)} (${error.type})`
}

/** The words for whatever a call to the node threw. */
export function describeError(error: unknown, url?: string): string {
  if (isEnum(error) && 'type' in error && (error.type === 'Module' || error.type === 'BadOrigin' || error.type === 'Token' || error.type === 'Arithmetic')) {
    return `The chain refused the transaction: ${dispatchErrorText(error)}.`
  }
  const e = error as { name?: string; message?: string; error?: unknown; code?: number }
  // A transaction the pool refused (PAPI's InvalidTxError carries the validity error).
  if (e?.name === 'InvalidTxError' && isEnum(e.error)) {
    const inner = isEnum(e.error.value) ? e.error.value.type : ''
    const reason = inner === 'Payment' ? 'the account cannot pay the transaction fee' : words(inner || e.error.type)
    return `The node refused the transaction: ${reason}.`
  }
  const message = typeof e?.message === 'string' ? e.message : String(error)
  if (/disconnect|not connected|websocket|socket|closed|ECONNREFUSED|timeout|halt/i.test(message)) {
    return `The node${url ? ` at ${url}` : ''} is not answering (it may be down or restarting).`
  }
  if (typeof e?.code === 'number') return `The node answered with error ${e.code}: ${message}.`
  return message
}

/** How the dashboard writes the chain's numbers: balances in ATTR, shares in percent. */

/** Plancks per ATTR (the runtime's 12 token decimals). */
export const UNIT = 10n ** 12n
/** The token's symbol. */
export const SYMBOL = 'ATTR'

/** A balance in plancks (bigint, or the decimal string the RPCs give) as ATTR, to 4 places. */
export function attr(plancks: bigint | string | number): string {
  const value = BigInt(plancks)
  const negative = value < 0n
  const abs = negative ? -value : value
  const whole = abs / UNIT
  const fraction = ((abs % UNIT) * 10_000n) / UNIT
  const text = `${whole.toLocaleString('en')}.${fraction.toString().padStart(4, '0')} ${SYMBOL}`
  return negative ? `−${text}` : text
}

/** Parts per billion as a percentage with two decimals. */
export function percent(perbill: number): string {
  return `${(perbill / 1e7).toFixed(2)}%`
}

/** An account shortened for tables: its first and last six characters. */
export function shortAccount(account: string): string {
  return account.length > 16 ? `${account.slice(0, 6)}…${account.slice(-6)}` : account
}

/** A block number with its thousands grouped. */
export function block(number: number): string {
  return `#${number.toLocaleString('en')}`
}

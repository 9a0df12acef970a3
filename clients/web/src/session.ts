/** What the pages share: the connection, the accounts the user can sign with and the one
 * chosen, and whether the chain is a development chain (dev keys are offered only there). */
import type { Connection } from './connection'
import { DEV_ACCOUNTS, devAccount, type SigningAccount } from './signers'

/** The dashboard's shared state. */
export class Session {
  /** The accounts offered: wallet accounts, then dev keys on a dev chain. */
  accounts: SigningAccount[] = []
  /** The account that signs, if any. */
  account: SigningAccount | null = null
  /** Whether the node says it runs a development chain. */
  devChain = false
  /** Whether the node has told the chain type yet. */
  chainTypeKnown = false
  private listeners = new Set<() => void>()

  constructor(readonly conn: Connection) {}

  /** Asks the node what kind of chain it runs; offers the dev keys on a dev chain. */
  async detectChainType(): Promise<void> {
    const type = await this.conn.rpc<string>('system_chainType', [])
    this.devChain = type === 'Development' || type === 'Local'
    this.chainTypeKnown = true
    if (this.devChain && !this.accounts.some((a) => a.source === 'dev')) {
      this.accounts.push(...DEV_ACCOUNTS.map(devAccount))
    }
    this.changed()
  }

  /** Adds a wallet's accounts (ahead of the dev keys) and signs with the first one. */
  addWalletAccounts(accounts: SigningAccount[]): void {
    const fresh = accounts.filter((a) => !this.accounts.some((b) => b.source === a.source && b.address === a.address))
    this.accounts = [...fresh, ...this.accounts]
    if (fresh.length > 0) this.account = fresh[0]
    this.changed()
  }

  /** Signs with the account at `index` of `accounts` (-1: none). */
  choose(index: number): void {
    this.account = this.accounts[index] ?? null
    this.changed()
  }

  /** Calls `listener` whenever the accounts or the choice change. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }
}

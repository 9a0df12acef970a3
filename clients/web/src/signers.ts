/** Who signs: an account of an injected wallet extension (Polkadot.js extension, Talisman,
 * SubWallet…, through the `window.injectedWeb3` conventions), or, on a dev chain only, one
 * of the well-known dev keys //Alice … //Ferdie, whose secret is public. */
import type { PolkadotSigner } from 'polkadot-api'
import { getPolkadotSigner } from 'polkadot-api/signer'
import { toHex } from 'polkadot-api/utils'
import { connectInjectedExtension, getInjectedExtensions } from 'polkadot-api/pjs-signer'
import { sr25519CreateDerive } from '@polkadot-labs/hdkd'
import { DEV_PHRASE, entropyToMiniSecret, mnemonicToEntropy, ss58Address, ss58Decode } from '@polkadot-labs/hdkd-helpers'

/** The SS58 prefix of the chain (generic Substrate, 42). */
export const SS58_PREFIX = 42

/** An account the dashboard can sign with. */
export interface SigningAccount {
  /** Its SS58 address. */
  address: string
  /** What the user sees: the wallet's name for it, or the dev key's path. */
  label: string
  /** Where it comes from: a wallet extension's name, or `dev`. */
  source: string
  /** The PAPI signer. */
  signer: PolkadotSigner
}

/** The dev keys, by derivation path. Dev chains only: anyone can sign with these. */
export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const

let derive: ReturnType<typeof sr25519CreateDerive> | undefined

/** The dev account `//name` (sr25519, as `--dev` chains fund them). */
export function devAccount(name: string): SigningAccount {
  derive ??= sr25519CreateDerive(entropyToMiniSecret(mnemonicToEntropy(DEV_PHRASE)))
  const pair = derive(`//${name}`)
  return {
    address: ss58Address(pair.publicKey, SS58_PREFIX),
    label: `//${name} (dev key)`,
    source: 'dev',
    signer: getPolkadotSigner(pair.publicKey, 'Sr25519', pair.sign),
  }
}

/** The names of the wallet extensions the page sees (`window.injectedWeb3`). */
export function walletExtensions(): string[] {
  return getInjectedExtensions()
}

/** Asks extension `name` for its accounts (the extension shows its own prompt). */
export async function walletAccounts(name: string): Promise<SigningAccount[]> {
  const extension = await connectInjectedExtension(name, 'Attribution Chain dashboard')
  return extension.getAccounts().map((account) => ({
    address: account.address,
    label: `${account.name ?? account.address} (${name})`,
    source: name,
    signer: account.polkadotSigner,
  }))
}

/** Whether two SS58 addresses name the same account (whatever their prefix). */
export function sameAccount(a: string, b: string): boolean {
  try {
    return ss58PublicKeyHex(a) === ss58PublicKeyHex(b)
  } catch {
    return a === b
  }
}

function ss58PublicKeyHex(address: string): string {
  return toHex(ss58Decode(address)[0])
}

/** Whether `address` is a well-formed SS58 address. */
export function isAddress(address: string): boolean {
  try {
    const [publicKey] = ss58Decode(address)
    return publicKey.length === 32
  } catch {
    return false
  }
}

/** An account id (32 bytes) as an SS58 address. */
export function toAddress(publicKey: Uint8Array): string {
  return ss58Address(publicKey, SS58_PREFIX)
}

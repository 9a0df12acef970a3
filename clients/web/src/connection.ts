/** The dashboard's one connection to a node: a PAPI client on a WebSocket that reconnects by
 * itself, the typed API generated from our runtime's metadata, the `attribution_*` JSON-RPC
 * methods, and whether the node answers. */
import { createClient, type PolkadotClient, type TypedApi } from 'polkadot-api'
import { getWsProvider } from 'polkadot-api/ws'
import { attribution } from '@polkadot-api/descriptors'

/** The node a page loads against unless it names another (`?node=ws://…`). */
export const DEFAULT_NODE = 'ws://127.0.0.1:9944'

/** The typed API of the Attribution runtime. */
export type AttributionApi = TypedApi<typeof attribution>

/** Whether the node answers. */
export type LinkState = 'connecting' | 'connected' | 'down'

/** A connection to one node. */
export interface Connection {
  /** The node's WebSocket URL. */
  url: string
  /** The PAPI client. */
  client: PolkadotClient
  /** The typed API. */
  api: AttributionApi
  /** Where the link stands now. */
  state: () => LinkState
  /** Calls `state` listeners on every change; returns the unsubscribe function. */
  onState: (listener: (state: LinkState) => void) => () => void
  /** Calls a JSON-RPC method (an `attribution_*` one, or any other the node serves). */
  rpc: <T>(method: string, params?: unknown[]) => Promise<T>
  /** Closes the connection. */
  destroy: () => void
}

/** Connects to `url`. The provider retries on its own while the node is down. */
export function connect(url: string): Connection {
  let state: LinkState = 'connecting'
  const listeners = new Set<(state: LinkState) => void>()
  const setState = (next: LinkState) => {
    if (next === state) return
    state = next
    for (const listener of listeners) listener(state)
  }
  const provider = getWsProvider(url, {
    onStatusChanged: (status) => {
      if (status.type === 'CONNECTED') setState('connected')
      else if (status.type === 'ERROR' || status.type === 'CLOSE') setState('down')
      else if (status.type === 'CONNECTING' && state !== 'down') setState('connecting')
    },
    timeout: 5_000,
  })
  const client = createClient(provider)
  return {
    url,
    client,
    api: client.getTypedApi(attribution),
    state: () => state,
    onState: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    rpc: <T>(method: string, params: unknown[] = []) => client._request<T, unknown[]>(method, params),
    destroy: () => client.destroy(),
  }
}

/** Whether `url` is a WebSocket address. */
export function isNodeUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'ws:' || parsed.protocol === 'wss:'
  } catch {
    return false
  }
}

/** The node a page connects to: `?node=` in the address, else the last one saved, else the
 * default. `fromLink` when the address names a node other than the saved one (a link may point
 * the page, and the wallet's signatures, at a node of its sender's choosing); `problem` when
 * what was named is not a WebSocket address (the default is used instead). */
export function chosenNode(): { url: string; fromLink: boolean; problem?: string } {
  const saved = localStorage.getItem('attribution.node')
  const fromQuery = new URLSearchParams(location.search).get('node')
  const wanted = fromQuery ?? saved ?? DEFAULT_NODE
  if (!isNodeUrl(wanted)) {
    return { url: DEFAULT_NODE, fromLink: false, problem: `“${wanted}” is not a node address (ws://… or wss://…); connecting to ${DEFAULT_NODE} instead.` }
  }
  return { url: wanted, fromLink: fromQuery !== null && saved !== null && fromQuery !== saved }
}

/** Remembers `url` as the node to use next time. */
export function rememberNode(url: string): void {
  localStorage.setItem('attribution.node', url)
}

/** What every page gets and gives back. */
import type { Connection } from '../connection'
import type { Session } from '../session'

/** A page's surroundings: the connection, the session, and a signal that fires when the user
 * leaves the page (subscriptions end then). */
export interface PageContext {
  conn: Connection
  session: Session
  signal: AbortSignal
  /** Runs `fn` once the page is on screen (not if the user left first). */
  afterShow: (fn: () => void) => void
}

/** Runs `fn` when the page is left. */
export function onLeave(ctx: PageContext, fn: () => void): void {
  ctx.signal.addEventListener('abort', fn, { once: true })
}

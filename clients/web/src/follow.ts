/** Subscriptions that outlive a node restart: when any of them errors, all are dropped and made
 * again a second later (once, however many errored), until the page is left. */

/** Something to unsubscribe from. */
export interface Unsubscribable {
  unsubscribe: () => void
}

/** Keeps the subscriptions `subscribe(onError)` makes alive until `signal` aborts; `onDown` is
 * told each time they broke. */
export function follow(subscribe: (onError: () => void) => Unsubscribable[], signal: AbortSignal, onDown: () => void = () => {}): void {
  let current: Unsubscribable[] = []
  let restarting = false
  const start = () => {
    if (signal.aborted) return
    restarting = false
    current = subscribe(broken)
  }
  function broken() {
    if (restarting || signal.aborted) return
    restarting = true
    for (const s of current.splice(0)) s.unsubscribe()
    onDown()
    setTimeout(start, 1_000)
  }
  signal.addEventListener('abort', () => {
    for (const s of current.splice(0)) s.unsubscribe()
  }, { once: true })
  start()
}

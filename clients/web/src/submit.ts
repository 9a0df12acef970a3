/** Sending a transaction and waiting until a best block includes it, with what happened in
 * words. */
import type { PolkadotSigner, Transaction, TxEventsPayload } from 'polkadot-api'
import { describeError, dispatchErrorText } from './errors'

/** What the user is told while a transaction goes through. */
export type Progress = (message: string) => void

/** Signs `tx`, sends it, and resolves with its events once a best block includes it
 * successfully; rejects with an `Error` whose message says in words why not. */
export function submit(
  tx: Transaction,
  signer: PolkadotSigner,
  progress: Progress = () => {},
  url?: string,
): Promise<TxEventsPayload> {
  return new Promise((resolve, reject) => {
    progress('Waiting for the signature…')
    const subscription = tx.signSubmitAndWatch(signer).subscribe({
      next: (event) => {
        if (event.type === 'signed') progress('Signed; sending to the node…')
        else if (event.type === 'broadcasted') progress('In the node’s pool; waiting for a block…')
        else if (event.type === 'txBestBlocksState' && event.found) {
          subscription.unsubscribe()
          if (event.ok) resolve(event)
          else reject(new Error(`The chain refused the transaction: ${dispatchErrorText(event.dispatchError)}.`))
        }
      },
      error: (error) => reject(new Error(describeError(error, url))),
    })
  })
}

/** Metric names: a pool's trigger names its metric by the BLAKE2-256 hash of its name, as the
 * SDK does (`blake2_256(b"accuracy")`); the well-known ones are shown by name. */
import { blake2b256 } from '@polkadot-labs/hdkd-helpers'
import { toHex } from 'polkadot-api/utils'

/** Names the SDK's helpers and examples use. */
export const KNOWN_METRICS = ['accuracy', 'top1', 'top5', 'f1', 'auc', 'loss', 'perplexity', 'bleu', 'rouge', 'mse', 'mae', 'wer', 'exact_match']

let byHash: Map<string, string> | undefined

/** The name of the metric with hash `hash` (hex), or the hash shortened. */
export function metricName(hash: string): string {
  byHash ??= new Map(KNOWN_METRICS.map((name) => [toHex(blake2b256(new TextEncoder().encode(name))), name]))
  return byHash.get(hash.toLowerCase()) ?? `metric ${hash.slice(0, 10)}…`
}

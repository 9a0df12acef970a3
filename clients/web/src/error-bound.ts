/** The accuracy the chain states for a sampled Shapley round: each evaluator samples
 * `permutations` permutations of the `players`; by Hoeffding's inequality with a union bound
 * over the players (the `shapley` crate's `SampleBound`), every estimate lies within
 * `ε = r·√(ln(2n/δ) / 2m)` of its true value with probability `1 − δ`, where `r` is the width of
 * the interval the marginal contributions lie in. The dashboard states ε as a fraction of `r`.
 */

/** The failure probability the bound is stated at. */
export const DELTA = 1e-6

/** ε / r for `permutations` samples over `players` players at failure probability `delta`. */
export function relativeErrorBound(players: number, permutations: number, delta = DELTA): number {
  if (players < 1 || permutations < 1) return Infinity
  return Math.sqrt(Math.log((2 * players) / delta) / (2 * permutations))
}

/** How a snapshot of `players` shares was measured, under the runtime's constants: exactly up
 * to `maxExactPlayers`, else by sampling (the method is a function of the player count). */
export function methodOf(players: number, maxExactPlayers: number, permutations: number): { sampled: false } | { sampled: true; permutations: number; bound: number } {
  if (players <= maxExactPlayers) return { sampled: false }
  return { sampled: true, permutations, bound: relativeErrorBound(players, permutations) }
}

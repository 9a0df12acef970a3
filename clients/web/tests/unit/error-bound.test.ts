// The stated error bound of a sampled snapshot, against the sample counts of the chain's
// `shapley` crate (SampleBound in shapley/src/hoeffding.rs: range 2, ε 1, δ 5%, 10 players
// need 12 permutations; range 10^6, ε 10^4, δ 10^-6, 50 players need ⌈10^12·ln(10^8)/(2·10^8)⌉).
import { describe, expect, it } from 'vitest'
import { methodOf, relativeErrorBound } from '../../src/error-bound'

describe('relativeErrorBound', () => {
  it('states ε within the accuracy the crate sizes its samples for', () => {
    // 12 permutations reach ε/r = 1/2 for 10 players at δ = 5%; 11 do not.
    expect(relativeErrorBound(10, 12, 0.05)).toBeLessThanOrEqual(0.5)
    expect(relativeErrorBound(10, 11, 0.05)).toBeGreaterThan(0.5)
    // 92,104 permutations reach ε/r = 10^-2 for 50 players at δ = 10^-6; one fewer does not.
    expect(relativeErrorBound(50, 92_104, 1e-6)).toBeLessThanOrEqual(0.01)
    expect(relativeErrorBound(50, 92_103, 1e-6)).toBeGreaterThan(0.01)
  })

  it('has no bound without samples or players', () => {
    expect(relativeErrorBound(0, 10)).toBe(Infinity)
    expect(relativeErrorBound(10, 0)).toBe(Infinity)
  })
})

describe('methodOf', () => {
  it('is exact up to the runtime\'s limit and sampled above it', () => {
    expect(methodOf(12, 12, 500)).toEqual({ sampled: false })
    const sampled = methodOf(13, 12, 500)
    expect(sampled.sampled).toBe(true)
    if (sampled.sampled) {
      expect(sampled.permutations).toBe(500)
      expect(sampled.bound).toBeCloseTo(Math.sqrt(Math.log(26e6) / 1000), 12)
    }
  })
})

// A pool's metric, named.
import { describe, expect, it } from 'vitest'
import { metricName } from '../../src/metrics'

describe('metric names', () => {
  it('names a known metric by the BLAKE2-256 hash of its name', () => {
    // blake2_256(b"accuracy"), as the SDK and the Polkadot.js test compute it.
    expect(metricName('0x84d17083e8778cc9d51bb96c0266186176b60db1a0ab397e200ad785eb1cff31')).toBe('accuracy')
    expect(metricName('0x' + 'ab'.repeat(32))).toBe('metric 0xabababab…')
  })
})

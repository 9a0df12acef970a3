// Errors from the node in words.
import { describe, expect, it } from 'vitest'
import { describeError, dispatchErrorText, words } from '../../src/errors'

describe('errors in words', () => {
  it('splits names into words', () => {
    expect(words('NothingToClaim')).toBe('nothing to claim')
    expect(words('CIDTooLong')).toBe('cid too long')
  })

  it('names a module error by pallet and error', () => {
    expect(dispatchErrorText({ type: 'Module', value: { type: 'Payouts', value: { type: 'NothingToClaim' } } })).toBe('nothing to claim (Payouts.NothingToClaim)')
    expect(dispatchErrorText({ type: 'Token', value: { type: 'FundsUnavailable' } })).toBe('token: funds unavailable (Token.FundsUnavailable)')
    expect(dispatchErrorText({ type: 'BadOrigin' })).toBe('bad origin (BadOrigin)')
  })

  it('says a refused transaction and a node that is down in words', () => {
    const refused = Object.assign(new Error('Invalid'), { name: 'InvalidTxError', error: { type: 'Invalid', value: { type: 'Payment' } } })
    expect(describeError(refused)).toBe('The node refused the transaction: the account cannot pay the transaction fee.')
    expect(describeError(new Error('WebSocket closed'), 'ws://127.0.0.1:9944')).toBe('The node at ws://127.0.0.1:9944 is not answering (it may be down or restarting).')
    expect(describeError({ code: -32602, message: 'Invalid params' })).toBe('The node answered with error -32602: Invalid params.')
  })
})

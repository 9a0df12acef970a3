/** A contributor (any SS58 address): balance, track record across projects, contributions with
 * their scores and earnings, and what is claimable now, with a Claim button for the account
 * that signs. */
import { facts, h, replace, section, table } from '../dom'
import { describeError } from '../errors'
import { attr, percent } from '../format'
import { contributionLink, projectLink } from '../links'
import * as records from '../records'
import { isAddress, sameAccount } from '../signers'
import { submit } from '../submit'
import { onLeave, type PageContext } from './page'
import { statusOf } from './project'

/** The contributor page. */
export async function contributorPage(ctx: PageContext, address: string): Promise<HTMLElement> {
  const { conn } = ctx
  if (!isAddress(address)) return h('div', {}, h('h1', {}, 'Contributor'), h('p', { role: 'alert' }, `“${address}” is not an SS58 address.`))
  const [account, record, ids, claimable] = await Promise.all([
    conn.api.query.System.Account.getValue(address, { at: 'best' }),
    records.trackRecord(conn, address),
    records.contributorContributionIds(conn, address),
    records.claimable(conn, address),
  ])
  const contributions = await conn.api.query.Contributions.Contributions.getValues(ids.map((id) => [BigInt(id)] as [bigint]), { at: 'best' })
  const scoreOf = new Map(record.scores.map((s) => [s.contribution, s]))
  const balance = h('dd', { id: 'balance', 'data-free': account.data.free.toString() }, attr(account.data.free))
  const claimArea = h('div', { class: 'claim' })
  const claiming = { busy: false }
  // A new signing account redraws the button, never while a claim is under way.
  const renderClaim = () => {
    if (!claiming.busy) replace(claimArea, claimControls(ctx, address, claimable, balance, claiming))
  }
  renderClaim()
  onLeave(ctx, ctx.session.onChange(renderClaim))
  return h(
    'div',
    { class: 'contributor', 'data-address': address },
    h('h1', {}, 'Contributor ', h('code', { class: 'address' }, address)),
    h('dl', { class: 'facts' }, h('dt', {}, 'Free balance'), balance),
    facts([
      ['Contributions', `${record.active} active, ${record.pending} pending, ${record.withdrawn} withdrawn`],
      ['Projects owned', record.projects_owned.length ? h('span', {}, record.projects_owned.flatMap((p, i) => [i ? ', ' : '', projectLink(p)])) : 'none'],
      ['Contributed to', record.projects_contributed_to.length ? h('span', {}, record.projects_contributed_to.flatMap((p, i) => [i ? ', ' : '', projectLink(p)])) : 'none'],
      ['Claimed so far', attr(record.earnings)],
    ]),
    record.truncated ? h('p', { class: 'note' }, 'This record is partial: the chain caps how much of a large record one query reads.') : null,
    section('Claimable now', claimArea),
    section(
      'Contributions',
      table(
        'Contributions',
        ['Contribution', 'Project', 'Kind', 'Status', 'Share (latest payable snapshot)', 'Earned', 'Claimed'],
        contributions.map((c, i) => {
          const id = ids[i]
          const score = scoreOf.get(id)
          return [
            c ? contributionLink(Number(c.project), id) : `#${id}`,
            c ? projectLink(Number(c.project)) : '',
            c?.kind.type ?? '',
            c ? statusOf(c.status.type) : '',
            score && score.share !== null && score.version !== null ? `${percent(score.share)} (v${score.version})` : '—',
            score ? attr(score.earned) : '—',
            score ? attr(score.claimed) : '—',
          ]
        }),
      ),
    ),
  )
}

/** The claimable entries and the Claim button (enabled when the signing account is this one).
 * Entries go out `Payouts::MaxClaimTargets` per transaction; those a transaction claimed are
 * dropped from the list, so after a failure the button retries only the rest. */
function claimControls(ctx: PageContext, address: string, items: records.ClaimableItem[], balance: HTMLElement, claiming: { busy: boolean }): HTMLElement {
  const signer = ctx.session.account
  const mine = signer !== null && sameAccount(signer.address, address)
  const total = items.reduce((sum, item) => sum + BigInt(item.amount), 0n)
  const status = h('p', { class: 'status', role: 'status' })
  const problem = h('p', { class: 'problem', role: 'alert' })
  const button = h('button', { type: 'button', id: 'claim', disabled: !mine || total === 0n || claiming.busy }, `Claim ${attr(total)}`)
  button.addEventListener('click', async () => {
    if (!signer || claiming.busy) return
    claiming.busy = true
    button.disabled = true
    problem.textContent = ''
    let claimed = 0n
    let sent = 0
    // The balance is read at the block that included the last claim: the client's idea of
    // the best block may not have reached it yet when the transaction is reported found.
    let lastBlock: string | undefined
    try {
      const most = await ctx.conn.api.constants.Payouts.MaxClaimTargets()
      while (items.length > 0) {
        const batch = items.slice(0, most)
        const targets = batch.map((i) => ({ project: BigInt(i.project), version: i.version, contribution: BigInt(i.contribution) }))
        const result = await submit(ctx.conn.api.tx.Payouts.claim({ targets }), signer.signer, (m) => (status.textContent = m), ctx.conn.url)
        items.splice(0, batch.length)
        sent++
        lastBlock = result.block.hash
        claimed += ctx.conn.api.event.Payouts.Claimed.filter(result.events)[0]?.payload.amount ?? 0n
      }
      status.textContent = `Claimed ${attr(claimed)} in ${sent} transaction${sent === 1 ? '' : 's'}.`
      status.dataset.claimed = claimed.toString()
    } catch (error) {
      const words = error instanceof Error ? error.message : describeError(error, ctx.conn.url)
      status.textContent = sent > 0 ? `Claimed ${attr(claimed)} in ${sent} transactions before this failed.` : ''
      problem.textContent = words
      button.textContent = `Claim ${attr(items.reduce((sum, item) => sum + BigInt(item.amount), 0n))}`
      button.disabled = false
    } finally {
      claiming.busy = false
      const account = await ctx.conn.api.query.System.Account.getValue(address, { at: lastBlock ?? 'best' }).catch(() => null)
      if (account) {
        balance.textContent = attr(account.data.free)
        balance.dataset.free = account.data.free.toString()
      }
    }
  })
  const hint = mine
    ? null
    : h('p', { class: 'hint' }, signer ? `You sign as ${signer.label}; only this account can claim its shares.` : 'Choose a signing account (a wallet, or a dev key on a dev chain) to claim.')
  return h(
    'div',
    {},
    table(
      'Claimable entries',
      ['Project', 'Snapshot', 'Contribution', 'Amount'],
      items.map((i) => [projectLink(i.project), `v${i.version}`, contributionLink(i.project, i.contribution), attr(i.amount)]),
    ),
    h('p', {}, `Claimable in all: ${attr(total)}`),
    button,
    hint,
    status,
    problem,
  )
}

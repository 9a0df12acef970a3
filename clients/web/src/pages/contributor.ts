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
import type { PageContext } from './page'

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
  const total = claimable.reduce((sum, item) => sum + BigInt(item.amount), 0n)
  const claimArea = h('div', { class: 'claim' })
  const renderClaim = () => replace(claimArea, claimControls(ctx, address, claimable, total, balance))
  renderClaim()
  ctx.session.onChange(renderClaim)
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
            c?.status.type.toLowerCase() ?? '',
            score ? `${percent(score.share)} (v${score.version})` : '—',
            score ? attr(score.earned) : '—',
            score ? attr(score.claimed) : '—',
          ]
        }),
      ),
    ),
  )
}

/** The claimable entries and the Claim button (enabled when the signing account is this one). */
function claimControls(ctx: PageContext, address: string, items: records.ClaimableItem[], total: bigint, balance: HTMLElement): HTMLElement {
  const signer = ctx.session.account
  const mine = signer !== null && sameAccount(signer.address, address)
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
  const button = h('button', { type: 'button', id: 'claim', disabled: !mine || total === 0n }, `Claim ${attr(total)}`)
  button.addEventListener('click', async () => {
    if (!signer) return
    button.disabled = true
    try {
      const most = await ctx.conn.api.constants.Payouts.MaxClaimTargets()
      let claimed = 0n
      for (let start = 0; start < items.length; start += most) {
        const targets = items.slice(start, start + most).map((i) => ({ project: BigInt(i.project), version: i.version, contribution: BigInt(i.contribution) }))
        const result = await submit(ctx.conn.api.tx.Payouts.claim({ targets }), signer.signer, (m) => (status.textContent = m), ctx.conn.url)
        const event = ctx.conn.api.event.Payouts.Claimed.filter(result.events)[0]
        claimed += event?.payload.amount ?? 0n
      }
      const account = await ctx.conn.api.query.System.Account.getValue(address, { at: 'best' })
      balance.textContent = attr(account.data.free)
      balance.dataset.free = account.data.free.toString()
      status.textContent = `Claimed ${attr(claimed)}.`
      status.dataset.claimed = claimed.toString()
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : describeError(error, ctx.conn.url)
      status.setAttribute('role', 'alert')
      button.disabled = false
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
  )
}

/** A project: its record, members, lineage graph, score snapshots, pools and licence offers.
 * Selecting a node of the graph shows that contribution's record. */
import { facts, h, replace, section, table } from '../dom'
import { attr, percent } from '../format'
import { accountLink, contributionLink } from '../links'
import { lineageGraph, type GraphNode } from '../lineage/graph'
import * as records from '../records'
import { href } from '../router'
import { scoresChart, type ChartSnapshot } from '../scores-chart'
import { methodOf } from '../error-bound'
import { describeError } from '../errors'
import { metricName } from '../metrics'
import { contributionDetails } from './contribution-details'
import type { PageContext } from './page'

/** Licence terms in a line. */
export function licenceText(l: records.LicenceJson): string {
  const name = 'spdx' in l.licence ? l.licence.spdx : `terms ${l.licence.termsHash.slice(0, 10)}…`
  const flags = [l.commercialUse ? 'commercial use' : 'no commercial use', l.derivativesAllowed ? 'derivatives allowed' : 'no derivatives', l.attributionRequired ? 'attribution required' : null].filter(Boolean)
  return `${name} (${flags.join(', ')}; royalty ${percent(l.royaltyPerbill)})`
}

/** A stored contribution's status (`Active`, `Pending`, `Withdrawn`) as the graph names it. */
export function statusOf(type: 'Active' | 'Pending' | 'Withdrawn'): GraphNode['status'] {
  return type.toLowerCase() as GraphNode['status']
}

/** The project page. */
export async function projectPage(ctx: PageContext, id: number, selected?: number): Promise<HTMLElement> {
  const { conn } = ctx
  const project = await records.project(conn, id)
  if (!project) return h('div', {}, h('h1', {}, `Project #${id}`), h('p', { role: 'alert' }, `There is no project #${id} on this chain.`))
  const ids = await records.projectContributionIds(conn, id)
  const keys = ids.map((c) => [BigInt(c)] as [bigint])
  const [contributions, affected, members, snapshotEntries, pools, offers, maxExact, permutations] = await Promise.all([
    conn.api.query.Contributions.Contributions.getValues(keys, { at: 'best' }),
    conn.api.query.Contributions.AffectedBy.getValues(keys, { at: 'best' }),
    conn.api.query.Contributions.Members.getEntries(BigInt(id), { at: 'best' }),
    conn.api.query.Scoring.Snapshots.getEntries(BigInt(id), { at: 'best' }),
    conn.api.query.Payouts.Pools.getEntries({ at: 'best' }),
    conn.api.query.Payouts.Offers.getEntries({ at: 'best' }),
    conn.api.constants.Scoring.MaxExactPlayers(),
    conn.api.constants.Scoring.SampledPermutations(),
  ])
  // The graph: the project's contributions, and their parents from other projects.
  const nodes: GraphNode[] = []
  const inProject = new Set(ids)
  const external = new Set<number>()
  contributions.forEach((c, i) => {
    if (!c) return
    const parents = c.parents.map(Number)
    for (const p of parents) if (!inProject.has(p)) external.add(p)
    const status = statusOf(c.status.type)
    nodes.push({ id: ids[i], parents, kind: c.kind.type, status, flagged: affected[i] !== undefined || status === 'pending', external: false })
  })
  if (external.size > 0) {
    const outside = [...external]
    const parentRecords = await conn.api.query.Contributions.Contributions.getValues(outside.map((c) => [BigInt(c)] as [bigint]), { at: 'best' })
    parentRecords.forEach((c, i) => {
      if (c) nodes.push({ id: outside[i], parents: [], kind: c.kind.type, status: statusOf(c.status.type), flagged: false, external: true })
    })
  }
  const details = h('aside', { class: 'details', id: 'contribution-details', 'aria-label': 'The selected contribution' }, h('p', { class: 'hint' }, 'Select a contribution in the graph (click, or Tab to it and press Enter) to see its record.'))
  const select = async (contribution: number) => {
    history.replaceState(null, '', href({ page: 'project', id, contribution }))
    for (const el of document.querySelectorAll('.node.selected')) {
      el.classList.remove('selected')
      el.removeAttribute('aria-current')
    }
    const node = document.querySelector(`.node[data-node-id="${contribution}"]`)
    node?.classList.add('selected')
    node?.setAttribute('aria-current', 'true')
    replace(details, h('p', {}, `Loading contribution #${contribution}…`))
    try {
      replace(details, await contributionDetails(conn, contribution))
    } catch (error) {
      replace(details, h('p', { role: 'alert' }, describeError(error, conn.url)))
    }
  }
  const snapshots: ChartSnapshot[] = snapshotEntries
    .map(({ keyArgs, value }) => {
      const players = value.shares.length
      const method = methodOf(players, maxExact, permutations)
      return {
        version: keyArgs[1],
        round: Number(value.round),
        finalizedAt: value.finalized_at,
        shares: new Map(value.shares.map(([c, share]) => [Number(c), share])),
        sampled: method.sampled ? { permutations: method.permutations, bound: method.bound } : null,
      }
    })
    .sort((a, b) => a.version - b.version)
  const projectPools = pools.filter((p) => Number(p.value.project) === id).map((p) => Number(p.keyArgs[0]))
  const poolRecords = await Promise.all(projectPools.map((p) => records.pool(conn, p)))
  const projectOffers = offers.filter((o) => inProject.has(Number(o.keyArgs[0])))
  const page = h(
    'div',
    { class: 'project', 'data-project': id },
    h('h1', {}, `${project.name} `, h('span', { class: 'muted' }, `project #${id}`)),
    facts([
      ['Owner', accountLink(project.owner)],
      ['Default licence', licenceText(project.defaultLicence)],
      ['Royalty to parents', percent(project.royaltyToParentsPerbill)],
      ['Evaluator policy', `committee of ${project.evaluatorPolicy.committee} seats, minimum stake ${attr(project.evaluatorPolicy.minStake)}, commit ${project.evaluatorPolicy.commitPeriod} / reveal ${project.evaluatorPolicy.revealPeriod} / dispute ${project.evaluatorPolicy.disputePeriod} blocks`],
      ['Membership', `${project.membership}${project.memberCount ? `, ${project.memberCount} members` : ''}`],
      ['Contributions', String(project.contributionCount)],
      ['Created at', `block #${project.createdAt}`],
    ]),
    members.length > 0 ? section('Members', h('ul', {}, members.map((m) => h('li', {}, accountLink(m.keyArgs[1]))))) : null,
    section('Lineage', h('div', { class: 'lineage-layout' }, lineageGraph(nodes, select), details)),
    section('Scores', scoresChart(snapshots)),
    section(
      'Reward pools',
      table(
        'Reward pools',
        ['Pool', 'Sponsor', 'Amount', 'Trigger', 'Status', 'Deadline'],
        poolRecords.filter((p): p is records.PoolJson => p !== null).map((p) => [
          `#${p.id}`,
          accountLink(p.sponsor),
          attr(p.amount),
          `${metricName(p.trigger.metric)} ${p.trigger.comparator === 'atLeast' ? '≥' : '≤'} ${p.trigger.threshold} on ${p.trigger.evaluationSet.slice(0, 14)}…`,
          poolStatus(p),
          `block #${p.deadline}`,
        ]),
      ),
    ),
    section(
      'Licence offers',
      table(
        'Licence offers',
        ['Contribution', 'Seller', 'Price', 'Duration', 'Seats left', 'Grants'],
        projectOffers.map((o) => [
          contributionLink(id, Number(o.keyArgs[0])),
          accountLink(o.value.seller),
          attr(o.value.price),
          o.value.duration === undefined ? 'no expiry' : `${o.value.duration} blocks`,
          o.value.seats_left === undefined ? 'unlimited' : String(o.value.seats_left),
          [o.value.commercial ? 'commercial use' : 'non-commercial', o.value.derivatives ? 'derivatives' : null].filter(Boolean).join(', '),
        ]),
      ),
    ),
  )
  if (selected !== undefined) ctx.afterShow(() => void select(selected))
  return page
}

function poolStatus(p: records.PoolJson): string {
  if (p.status === 'open') return `open (${p.attempts} reports tried)`
  if ('reporting' in p.status) return `reporting: checkpoint #${p.status.reporting.checkpoint}, measurement ${p.status.reporting.measurement}`
  return `released at block #${p.status.released.at} (checkpoint #${p.status.released.checkpoint} measured ${p.status.released.result})`
}

/** One contribution's record beside the lineage graph: CID, kind, status, authors and their
 * shares, licence, parents, and its pedigree to take away (the chain's JSON, and the SDK
 * commands that turn it into SPDX, W3C PROV, OpenLineage or an AI Act summary). */
import type { Connection } from '../connection'
import { facts, h } from '../dom'
import { attr, percent } from '../format'
import { accountLink, contributionLink } from '../links'
import * as records from '../records'
import { licenceText } from './project'

/** The details panel of contribution `id`. */
export async function contributionDetails(conn: Connection, id: number): Promise<HTMLElement> {
  const [record, offer] = await Promise.all([records.contribution(conn, id), records.offer(conn, id)])
  if (!record) return h('p', { role: 'alert' }, `There is no contribution #${id}.`)
  const status = records.statusName(record.status)
  const statusText =
    typeof record.status === 'object' && 'withdrawn' in record.status
      ? `withdrawn at block #${record.status.withdrawn.at}: ${record.status.withdrawn.reason}`
      : typeof record.status === 'object' && 'pending' in record.status
        ? `pending co-authors' approval until block #${record.status.pending.expiresAt}`
        : status
  const download = h('button', { type: 'button', class: 'link', 'aria-label': `Download the pedigree of contribution ${id} as JSON` }, 'Pedigree (JSON)')
  download.addEventListener('click', async () => {
    const pedigree = await records.pedigree(conn, id)
    const url = URL.createObjectURL(new Blob([JSON.stringify(pedigree, null, 2)], { type: 'application/json' }))
    const a = h('a', { href: url, download: `pedigree-${id}.json` })
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 1_000)
  })
  return h(
    'div',
    { 'data-contribution': id },
    h('h3', {}, `Contribution #${id}: ${record.kind}`),
    facts([
      ['CID', h('code', { class: 'cid' }, record.cid)],
      ['Status', statusText],
      ['Authors', h('ul', {}, record.authors.map((a) => h('li', {}, accountLink(a.account), ` ${percent(a.sharePerbill)}`)))],
      ['Licence', licenceText(record.licence)],
      ['Parents', record.parents.length ? h('span', {}, record.parents.flatMap((p, i) => [i ? ', ' : '', contributionLink(record.project, p)])) : 'none'],
      ['Size', `${record.sizeBytes.toLocaleString('en')} bytes`],
      ['Registered', [`block #${record.registeredAt} by `, accountLink(record.registrar)]],
      ['Licence offer', offer ? `${attr(offer.price)}, ${offer.duration === null ? 'no expiry' : `${offer.duration} blocks`}, ${offer.seatsLeft === null ? 'unlimited seats' : `${offer.seatsLeft} seats left`}` : 'none'],
    ]),
    h(
      'div',
      { class: 'exports' },
      h('h4', {}, 'Pedigree'),
      download,
      h('p', {}, 'In standard formats, with the SDK:'),
      h('pre', {}, ['spdx', 'prov', 'openlineage', 'ai-act'].map((f) => `attrib pedigree ${id} --format ${f}`).join('\n')),
    ),
  )
}

/** A project's score snapshots as a chart: one line per contribution (the largest ones; the
 * rest summed as "others") across snapshot versions, sampled versions drawn hollow with their
 * stated error bound in the table below. */
import { h, svg } from './dom'
import { percent } from './format'

/** One snapshot as the chart needs it. */
export interface ChartSnapshot {
  version: number
  round: number
  finalizedAt: number
  shares: Map<number, number>
  /** ε as a fraction of the utility range, for a sampled snapshot. */
  sampled: { permutations: number; bound: number } | null
}

const PALETTE = ['#1864ab', '#2b8a3e', '#e67700', '#c2255c', '#5f3dc4', '#0b7285', '#862e9c', '#5c940d']
const TOP = 6

/** The chart and its table. */
export function scoresChart(snapshots: ChartSnapshot[]): HTMLElement {
  if (snapshots.length === 0) return h('p', { class: 'empty' }, 'No score snapshots yet: the project has not finished a scoring round.')
  const latest = snapshots[snapshots.length - 1]
  const top = [...latest.shares.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([id]) => id)
  const series = top.map((id, i) => ({ label: `#${id}`, colour: PALETTE[i % PALETTE.length], value: (s: ChartSnapshot) => s.shares.get(id) ?? 0 }))
  const othersPresent = snapshots.some((s) => [...s.shares.keys()].some((id) => !top.includes(id)))
  if (othersPresent) {
    series.push({ label: 'others', colour: '#868e96', value: (s) => [...s.shares.entries()].filter(([id]) => !top.includes(id)).reduce((sum, [, v]) => sum + v, 0) })
  }
  const width = 640
  const height = 260
  const pad = { left: 48, right: 16, top: 12, bottom: 32 }
  const plotW = width - pad.left - pad.right
  const plotH = height - pad.top - pad.bottom
  const max = Math.max(1, ...snapshots.flatMap((s) => series.map((line) => line.value(s))))
  const x = (i: number) => pad.left + (snapshots.length === 1 ? plotW / 2 : (i * plotW) / (snapshots.length - 1))
  const y = (v: number) => pad.top + plotH - (v / max) * plotH
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) =>
    svg('g', {}, svg('line', { x1: pad.left, x2: width - pad.right, y1: y(f * max), y2: y(f * max), stroke: '#e9ecef' }), svg('text', { x: pad.left - 6, y: y(f * max) + 4, 'text-anchor': 'end', class: 'axis' }, percent(f * max))),
  )
  const xLabels = snapshots.map((s, i) => svg('text', { x: x(i), y: height - 10, 'text-anchor': 'middle', class: 'axis' }, `v${s.version}`))
  const lines = series.map((line) =>
    svg(
      'g',
      { 'data-series': line.label },
      svg('polyline', { points: snapshots.map((s, i) => `${x(i)},${y(line.value(s))}`).join(' '), fill: 'none', stroke: line.colour, 'stroke-width': '2' }),
      snapshots.map((s, i) => svg('circle', { cx: x(i), cy: y(line.value(s)), r: '4', fill: s.sampled ? '#fff' : line.colour, stroke: line.colour, 'stroke-width': '2' }, svg('title', {}, `${line.label} in v${s.version}: ${percent(line.value(s))}`))),
    ),
  )
  const chart = svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Shares of the largest contributions across ${snapshots.length} snapshot versions` }, grid, xLabels, lines)
  const legend = h('ul', { class: 'legend' }, series.map((line) => h('li', {}, h('span', { class: 'swatch', style: `background:${line.colour}` }), line.label)), h('li', {}, h('span', { class: 'swatch hollow' }), 'hollow: a sampled snapshot'))
  const rows = [...snapshots].reverse().map((s) =>
    h(
      'tr',
      { 'data-version': s.version },
      h('td', {}, `v${s.version}`),
      h('td', {}, String(s.round)),
      h('td', {}, `#${s.finalizedAt}`),
      h('td', {}, s.sampled ? `sampled, ${s.sampled.permutations} permutations: each value within ±${(s.sampled.bound * 100).toFixed(1)}% of the utility range with probability 1 − 10⁻⁶` : 'exact'),
      h('td', {}, [...s.shares.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([id, v]) => `#${id} ${percent(v)}`).join(', ')),
    ),
  )
  const table = h(
    'table',
    { class: 'snapshots' },
    h('caption', {}, 'Snapshots'),
    h('thead', {}, h('tr', {}, ['Version', 'Round', 'Final at', 'Method and stated error bound', 'Largest shares'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows),
  )
  return h('div', { class: 'scores' }, legend, chart, table)
}

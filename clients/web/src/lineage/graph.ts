/** The lineage graph of a project as SVG: one focusable node per contribution (kind by
 * colour, withdrawn ones struck through, flagged ones outlined in red), one arrow per
 * parent→child edge; parents in other projects drawn dashed. Enter, Space or a click selects a
 * node. */
import { h, svg } from '../dom'
import { GRID, layout, type LineageInput } from './layout'

/** A contribution as the graph shows it. */
export interface GraphNode extends LineageInput {
  kind: string
  status: 'active' | 'pending' | 'withdrawn'
  /** Marked: affected by a withdrawal upstream, or still pending approval. */
  flagged: boolean
  /** Belongs to another project (a parent drawn for context). */
  external: boolean
}

/** Colours of the kinds (the registry's `ContributionKind`). */
export const KIND_COLOURS: Record<string, string> = {
  Dataset: '#2b8a3e',
  ModelCheckpoint: '#1864ab',
  FineTune: '#5f3dc4',
  HyperparameterRun: '#e67700',
  Code: '#495057',
  Evaluation: '#c2255c',
  FederatedUpdate: '#0b7285',
}

/** The graph, and a legend, calling `select(id)` when a node is chosen. */
export function lineageGraph(nodes: GraphNode[], select: (id: number) => void): HTMLElement {
  const placed = layout(nodes)
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const at = new Map(placed.nodes.map((n) => [n.id, n]))
  const marker = svg(
    'marker',
    { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '6', markerHeight: '6', orient: 'auto-start-reverse' },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#868e96' }),
  )
  const edges = placed.edges.map(({ from, to }) => {
    const a = at.get(from)!
    const b = at.get(to)!
    const x1 = a.x + GRID.nodeWidth
    const y1 = a.y + GRID.nodeHeight / 2
    const x2 = b.x
    const y2 = b.y + GRID.nodeHeight / 2
    const bend = Math.max(30, (x2 - x1) / 2)
    return svg('path', {
      class: 'edge',
      'data-edge': `${from}-${to}`,
      d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
      'marker-end': 'url(#arrow)',
    })
  })
  const shapes = placed.nodes.map((p) => {
    const node = byId.get(p.id)!
    const colour = KIND_COLOURS[node.kind] ?? '#343a40'
    const state = [node.status, node.flagged ? 'flagged' : '', node.external ? 'external' : ''].filter(Boolean).join(' ')
    const label = `Contribution ${node.id}, ${node.kind}, ${node.status}${node.flagged ? ', flagged' : ''}${node.external ? ', in another project' : ''}`
    const activate = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== ' ') return
      event.preventDefault()
      select(node.id)
    }
    return svg(
      'g',
      {
        class: `node ${state}`,
        'data-node-id': node.id,
        'data-kind': node.kind,
        'data-status': node.status,
        transform: `translate(${p.x} ${p.y})`,
        tabindex: '0',
        role: 'button',
        'aria-label': label,
        onclick: activate,
        onkeydown: activate,
      },
      svg('title', {}, label),
      svg('rect', { width: GRID.nodeWidth, height: GRID.nodeHeight, rx: '5', fill: node.external ? '#fff' : colour, stroke: node.flagged ? '#e03131' : colour, 'stroke-width': node.flagged ? '3' : '1.5', 'stroke-dasharray': node.external ? '4 3' : null }),
      svg('text', { x: '8', y: '16', fill: node.external ? colour : '#fff', 'text-decoration': node.status === 'withdrawn' ? 'line-through' : null }, `#${node.id} ${node.kind}${node.status === 'pending' ? ' (pending)' : ''}`),
    )
  })
  const drawing = svg(
    'svg',
    { class: 'lineage', width: placed.width, height: placed.height, viewBox: `0 0 ${placed.width} ${placed.height}`, role: 'group', 'aria-label': `Lineage graph: ${nodes.length} contributions, ${placed.edges.length} edges` },
    svg('defs', {}, marker),
    svg('g', { class: 'edges' }, edges),
    svg('g', { class: 'nodes' }, shapes),
  )
  const kinds = [...new Set(nodes.map((n) => n.kind))].sort()
  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    kinds.map((kind) => h('li', {}, h('span', { class: 'swatch', style: `background:${KIND_COLOURS[kind] ?? '#343a40'}` }), kind)),
    h('li', {}, h('span', { class: 'swatch flagged' }), 'flagged (affected by a withdrawal, or pending)'),
    h('li', {}, h('span', { class: 'swatch withdrawn' }), 'withdrawn (struck through)'),
    h('li', {}, h('span', { class: 'swatch external' }), 'parent in another project'),
  )
  return h('div', { class: 'graph' }, legend, h('div', { class: 'graph-scroll' }, drawing))
}

/** A layered drawing of a lineage DAG: each contribution in the column of its longest chain of
 * ancestors (parents to the left of their children), each column wrapped into sub-columns of
 * at most `rowsPerColumn` rows so that a flat project of a thousand datasets stays on screen. */

/** A node to place: its id and the ids of its parents (some may be outside the drawing). */
export interface LineageInput {
  id: number
  parents: number[]
}

/** A placed node. */
export interface PlacedNode {
  id: number
  /** Its layer: 0 for contributions without parents in the drawing. */
  layer: number
  x: number
  y: number
}

/** A placed edge, parent to child. */
export interface PlacedEdge {
  from: number
  to: number
}

/** The drawing: nodes with positions, edges, and its size. */
export interface Layout {
  nodes: PlacedNode[]
  edges: PlacedEdge[]
  width: number
  height: number
}

/** Spacing of the drawing, in pixels. */
export const GRID = { column: 190, row: 34, margin: 20, nodeWidth: 150, nodeHeight: 24 }

/** Lays out `inputs`: edges only between nodes both in the drawing. */
export function layout(inputs: LineageInput[], rowsPerColumn = 40): Layout {
  const byId = new Map(inputs.map((n) => [n.id, n]))
  const layer = new Map<number, number>()
  // Longest path from a root, iteratively (parents of a registered contribution are always
  // registered before it, so ids ascending is a topological order; cycles cannot occur).
  const order = [...inputs].sort((a, b) => a.id - b.id)
  for (const node of order) {
    let depth = 0
    for (const parent of node.parents) {
      const parentLayer = layer.get(parent)
      if (byId.has(parent) && parentLayer !== undefined) depth = Math.max(depth, parentLayer + 1)
    }
    layer.set(node.id, depth)
  }
  const layers: number[][] = []
  for (const node of order) {
    const l = layer.get(node.id) ?? 0
    ;(layers[l] ??= []).push(node.id)
  }
  const nodes: PlacedNode[] = []
  let column = 0
  let tallest = 0
  for (const [l, ids] of layers.entries()) {
    if (!ids) continue
    const columns = Math.max(1, Math.ceil(ids.length / rowsPerColumn))
    ids.forEach((id, i) => {
      const sub = Math.floor(i / rowsPerColumn)
      const row = i % rowsPerColumn
      nodes.push({ id, layer: l, x: GRID.margin + (column + sub) * GRID.column, y: GRID.margin + row * GRID.row })
      tallest = Math.max(tallest, row + 1)
    })
    column += columns
  }
  const edges: PlacedEdge[] = []
  for (const node of order) {
    for (const parent of node.parents) if (byId.has(parent)) edges.push({ from: parent, to: node.id })
  }
  return {
    nodes,
    edges,
    width: GRID.margin * 2 + Math.max(1, column) * GRID.column,
    height: GRID.margin * 2 + Math.max(1, tallest) * GRID.row,
  }
}

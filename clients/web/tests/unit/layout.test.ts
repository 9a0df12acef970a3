// The lineage layout, on random DAGs shaped as the registry makes them (a contribution's
// parents are registered before it): parents always in an earlier layer, drawn to the left of
// their children; no two nodes on the same spot; every edge between two drawn nodes.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { GRID, layout, type LineageInput } from '../../src/lineage/layout'

/** Random registries: node i's parents are among the nodes before it, or outside (≥ 10,000). */
const dags = fc.integer({ min: 1, max: 300 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.uniqueArray(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: Math.max(0, i - 1) }) }, { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 10_010 }) }), { maxLength: i === 0 ? 0 : 3 }),
    ),
  ).map((parents) => parents.map((p, id) => ({ id, parents: p.filter((q) => q !== id) })) as LineageInput[]),
)

describe('layout', () => {
  it('puts every parent in an earlier layer, to the left of its child, and nothing on top of anything', () => {
    fc.assert(
      fc.property(dags, fc.integer({ min: 1, max: 50 }), (nodes, rows) => {
        const drawn = layout(nodes, rows)
        const at = new Map(drawn.nodes.map((p) => [p.id, p]))
        expect(at.size).toBe(nodes.length)
        for (const node of nodes) {
          for (const parent of node.parents) {
            if (!at.has(parent)) continue
            expect(at.get(parent)!.layer).toBeLessThan(at.get(node.id)!.layer)
            expect(at.get(parent)!.x).toBeLessThan(at.get(node.id)!.x)
          }
        }
        const spots = new Set(drawn.nodes.map((p) => `${p.x},${p.y}`))
        expect(spots.size).toBe(nodes.length)
        for (const p of drawn.nodes) {
          expect(p.x + GRID.nodeWidth).toBeLessThanOrEqual(drawn.width)
          expect(p.y + GRID.nodeHeight).toBeLessThanOrEqual(drawn.height)
        }
        const inside = nodes.flatMap((n) => n.parents.filter((p) => at.has(p)).map((p) => `${p}-${n.id}`)).sort()
        expect(drawn.edges.map((e) => `${e.from}-${e.to}`).sort()).toEqual(inside)
      }),
      { numRuns: 200 },
    )
  })

  it('wraps a wide layer into columns of the given height', () => {
    const flat = Array.from({ length: 1000 }, (_, id) => ({ id, parents: [] }))
    const drawn = layout(flat, 40)
    expect(new Set(drawn.nodes.map((p) => p.x)).size).toBe(25)
    expect(Math.max(...drawn.nodes.map((p) => p.y))).toBe(GRID.margin + 39 * GRID.row)
  })

  it('gives a chain one layer per generation', () => {
    const drawn = layout([{ id: 0, parents: [] }, { id: 1, parents: [0] }, { id: 2, parents: [1, 0] }])
    expect(drawn.nodes.map((p) => p.layer)).toEqual([0, 1, 2])
  })
})

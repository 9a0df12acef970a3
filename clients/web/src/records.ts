/** The JSON the node's `attribution_*` methods answer with (see `node/src/*_rpc.rs`), and the
 * calls that fetch it. Balances are decimal strings, shares parts per billion. */
import type { Connection } from './connection'

/** Licence terms. */
export interface LicenceJson {
  licence: { spdx: string } | { termsHash: string }
  commercialUse: boolean
  derivativesAllowed: boolean
  attributionRequired: boolean
  royaltyPerbill: number
}

/** A project (`attribution_project`). */
export interface ProjectJson {
  id: number
  owner: string
  name: string
  defaultLicence: LicenceJson
  royaltyToParentsPerbill: number
  evaluatorPolicy: { committee: number; minStake: string; commitPeriod: number; revealPeriod: number; disputePeriod: number }
  membership: string
  memberCount: number
  contributionCount: number
  deposit: string
  createdAt: number
}

/** A contribution's status. */
export type StatusJson = 'active' | { pending: { expiresAt: number; approvals: number } } | { withdrawn: { at: number; reason: string } }

/** A contribution (`attribution_contribution`). */
export interface ContributionJson {
  id: number
  project: number
  kind: string
  cid: string
  cidHex: string
  locator: { arweave: string } | { uri: string } | null
  authors: { account: string; sharePerbill: number }[]
  parents: number[]
  licence: LicenceJson
  metadataHash: string
  sizeBytes: number
  registrar: string
  deposit: string
  registeredAt: number
  registeredAtMs: number
  status: StatusJson
}

/** One share of a snapshot. */
export interface ShareJson {
  contribution: number
  sharePerbill: number
}

/** A score snapshot (`attribution_scores`). */
export interface SnapshotJson {
  project: number
  version: number
  round: number
  shares: ShareJson[]
  clipped: number[]
  authors: { contribution: number; account: string; sharePerbill: number }[]
  finalizedAt: number
  depositor: string
  deposit: string
}

/** A reward pool (`attribution_pool`). */
export interface PoolJson {
  id: number
  sponsor: string
  project: number
  trigger: { metric: string; comparator: 'atLeast' | 'atMost'; threshold: number; evaluationSet: string }
  amount: string
  deadline: number
  status: 'open' | { reporting: { checkpoint: number; measurement: number } } | { released: { at: number; checkpoint: number; result: number } }
  attempts: number
  royaltyToParentsPerbill: number
  deposit: string
}

/** A licence offer (`attribution_licenceOffer`). */
export interface OfferJson {
  contribution: number
  seller: string
  price: string
  duration: number | null
  seatsLeft: number | null
  commercial: boolean
  derivatives: boolean
  termsHash: string
  deposit: string
}

/** A contributor's record (`attribution_trackRecord`). */
export interface TrackRecordJson {
  active: number
  pending: number
  withdrawn: number
  projects_owned: number[]
  projects_contributed_to: number[]
  earnings: string | number
  /** `version` and `share` are null for a contribution no payable snapshot scores. */
  scores: { contribution: number; project: number; version: number | null; share: number | null; earned: string | number; claimed: string | number }[]
  truncated: boolean
}

/** One entry of what an account can claim (`attribution_claimable`). */
export interface ClaimableItem {
  project: number
  version: number
  contribution: number
  amount: string
}

/** An evaluator's open work (`attribution_assignments`). */
export interface AssignmentJson {
  round: number
  project: number
  /** A measurement (of one checkpoint on a benchmark), not a Shapley round. */
  measurement: boolean
  seats: number
  committed: boolean
  revealed: boolean
  commitEnd: number
  revealEnd: number
}

/** A page of a paged method: its items and the cursor of the next page (`null`: the last). */
interface Paged {
  next: unknown
}

/** Reads every page of a paged method whose cursor is its second parameter. */
async function allPages<P extends Paged, T>(conn: Connection, method: string, first: unknown, take: (page: P) => T[], limit = 1000): Promise<T[]> {
  const items: T[] = []
  let cursor: unknown = null
  for (let pages = 0; pages < 1000; pages++) {
    const page = await conn.rpc<P>(method, [first, cursor, limit])
    items.push(...take(page))
    if (page.next === null || page.next === undefined) break
    cursor = page.next
  }
  return items
}

/** A project, or null. */
export const project = (conn: Connection, id: number) => conn.rpc<ProjectJson | null>('attribution_project', [id])

/** A contribution, or null. */
export const contribution = (conn: Connection, id: number) => conn.rpc<ContributionJson | null>('attribution_contribution', [id])

/** Every id a paged id list (`method(first, start_after, limit)`) holds, in id order. */
async function allIds(conn: Connection, method: string, first: unknown): Promise<number[]> {
  const ids: number[] = []
  let after: number | null = null
  for (;;) {
    const page: number[] = await conn.rpc<number[]>(method, [first, after, 1000])
    ids.push(...page)
    if (page.length < 1000) return ids
    after = page[page.length - 1]
  }
}

/** Every contribution id of a project, in id order. */
export const projectContributionIds = (conn: Connection, id: number) => allIds(conn, 'attribution_contributionsByProject', id)

/** Every contribution id of a contributor, in id order. */
export const contributorContributionIds = (conn: Connection, who: string) => allIds(conn, 'attribution_contributionsByContributor', who)

/** A project's snapshot (`version`, or the latest final one), or null. */
export const scores = (conn: Connection, project: number, version?: number) =>
  conn.rpc<SnapshotJson | null>('attribution_scores', [project, version ?? null])

/** A pool, or null. */
export const pool = (conn: Connection, id: number) => conn.rpc<PoolJson | null>('attribution_pool', [id])

/** A contribution's licence offer, or null. */
export const offer = (conn: Connection, id: number) => conn.rpc<OfferJson | null>('attribution_licenceOffer', [id])

/** A contributor's record. */
export const trackRecord = (conn: Connection, who: string) => conn.rpc<TrackRecordJson>('attribution_trackRecord', [who])

/** Everything `who` can claim now, every page. */
export const claimable = (conn: Connection, who: string) =>
  allPages<{ items: ClaimableItem[]; next: unknown }, ClaimableItem>(conn, 'attribution_claimable', who, (p) => p.items)

/** An evaluator's open work. */
export const assignments = (conn: Connection, who: string) =>
  conn.rpc<{ commitment: string; assignments: AssignmentJson[] }>('attribution_assignments', [who])

/** One page of a contribution's pedigree (itself and its ancestors, with their records). */
export const pedigree = (conn: Connection, id: number) =>
  conn.rpc<{ contributions: ContributionJson[]; truncated: boolean; next: number | null } | null>('attribution_pedigree', [id, null, null])

/** Whether a status is active. */
export function statusName(status: StatusJson): 'active' | 'pending' | 'withdrawn' {
  if (status === 'active') return 'active'
  return 'pending' in status ? 'pending' : 'withdrawn'
}

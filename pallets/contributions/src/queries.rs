//! Read-only queries behind the `AttributionApi` runtime API: lookups, paged indexes and
//! bounded walks of the lineage DAG.
//!
//! Every walk is bounded: by the depth asked for (at most [`MAX_LINEAGE_DEPTH`]), by the number
//! of contributions found (at most [`MAX_LINEAGE_NODES`]) and, towards descendants, by the
//! number of child links read (at most [`MAX_LINEAGE_EDGES`], which bounds the walk over the
//! children of contributions that have many); a walk that stops early says so with
//! `truncated`. Its cost is one storage read per contribution expanded and one per child link
//! (parents come with the record, at most 16 of them).

use alloc::{collections::BTreeSet, vec::Vec};
use attribution_primitives::{
	api::{
		Lineage, LineageNode, PedigreePage, TrackRecord, MAX_LINEAGE_DEPTH, MAX_LINEAGE_EDGES,
		MAX_LINEAGE_NODES, MAX_PAGE_SIZE, MAX_PEDIGREE_PAGE,
	},
	cid::content_key,
	contribution::ContributionStatus,
	ContributionId, ProjectId,
};
use frame::prelude::*;

use crate::{
	BalanceOf, Children, Config, ContributionByContent, ContributionOf, Contributions,
	ContributionsByAuthor, ContributionsByProject, OrderedId, Pallet, Projects, ProjectsByOwner,
};

/// One page of an index keyed `(key, OrderedId)`: up to `limit` (at most `MAX_PAGE_SIZE`) ids
/// after `start_after`, in increasing order (the `Identity`-hashed big-endian second key).
fn page<Index, K>(key: &K, start_after: Option<ContributionId>, limit: u32) -> Vec<ContributionId>
where
	K: codec::FullCodec,
	Index: frame::deps::frame_support::storage::IterableStorageDoubleMap<K, OrderedId, ()>
		+ frame::deps::frame_support::storage::StorageDoubleMap<K, OrderedId, ()>,
{
	let limit = limit.min(MAX_PAGE_SIZE) as usize;
	let keys = match start_after {
		Some(after) => {
			Index::iter_key_prefix_from(key, Index::hashed_key_for(key, OrderedId(after)))
		}
		None => Index::iter_key_prefix(key),
	};
	keys.take(limit).map(|OrderedId(id)| id).collect()
}

/// Which way a lineage walk goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
	/// Towards parents.
	Ancestors,
	/// Towards children.
	Descendants,
}

impl<T: Config> Pallet<T> {
	/// The contribution registered with this binary CID's content: found whatever CID encoding
	/// (CIDv0 or CIDv1, any codec) it was registered under.
	pub fn contribution_by_cid(cid: Vec<u8>) -> Option<ContributionId> {
		ContributionByContent::<T>::get(content_key(&cid).ok()?)
	}

	/// Up to `limit` (at most `MAX_PAGE_SIZE`) ids of `who`'s contributions after `start_after`,
	/// in increasing order.
	pub fn contributions_by_author(
		who: &T::AccountId,
		start_after: Option<ContributionId>,
		limit: u32,
	) -> Vec<ContributionId> {
		page::<ContributionsByAuthor<T>, _>(who, start_after, limit)
	}

	/// Up to `limit` (at most `MAX_PAGE_SIZE`) ids of `project`'s contributions after
	/// `start_after`, in increasing order.
	pub fn contributions_of_project(
		project: ProjectId,
		start_after: Option<ContributionId>,
		limit: u32,
	) -> Vec<ContributionId> {
		page::<ContributionsByProject<T>, _>(&project, start_after, limit)
	}

	/// Walks the lineage of `id` breadth first, up to `max_depth` generations (at most
	/// `MAX_LINEAGE_DEPTH`), `MAX_LINEAGE_NODES` contributions and, towards descendants,
	/// `MAX_LINEAGE_EDGES` child links. `None` if `id` is unknown.
	pub fn lineage(id: ContributionId, direction: Direction, max_depth: u32) -> Option<Lineage> {
		if !Contributions::<T>::contains_key(id) {
			return None;
		}
		let max_depth = max_depth.min(MAX_LINEAGE_DEPTH);
		let mut seen = BTreeSet::from([id]);
		let mut lineage = Lineage::default();
		// Parent links come with a record already read (at most 16 of them): only child links,
		// one read each, are counted.
		let mut links_left = match direction {
			Direction::Ancestors => u32::MAX,
			Direction::Descendants => MAX_LINEAGE_EDGES,
		};
		let mut frontier = alloc::vec![id];
		let mut depth = 0;
		while !frontier.is_empty() {
			if depth == max_depth {
				// Anything one generation further makes the answer incomplete.
				lineage.truncated =
					frontier.iter().any(|&node| !Self::next_of(node, direction, 1).is_empty());
				break;
			}
			depth += 1;
			let mut next_frontier = Vec::new();
			for node in frontier {
				// One link more than is left, to know whether the walk had to stop.
				let next = Self::next_of(node, direction, links_left.saturating_add(1));
				for next in next {
					if links_left == 0 {
						lineage.truncated = true;
						return Some(lineage);
					}
					links_left -= 1;
					if !seen.insert(next) {
						continue;
					}
					if lineage.nodes.len() as u32 >= MAX_LINEAGE_NODES {
						lineage.truncated = true;
						return Some(lineage);
					}
					lineage.nodes.push(LineageNode { id: next, depth });
					next_frontier.push(next);
				}
			}
			frontier = next_frontier;
		}
		Some(lineage)
	}

	/// The first `max` parents or children of `id`: one read for parents, one per child.
	fn next_of(id: ContributionId, direction: Direction, max: u32) -> Vec<ContributionId> {
		let max = max as usize;
		match direction {
			Direction::Ancestors => Contributions::<T>::get(id)
				.map(|c| c.parents.into_iter().take(max).collect())
				.unwrap_or_default(),
			Direction::Descendants => {
				Children::<T>::iter_key_prefix(id).take(max).map(|OrderedId(c)| c).collect()
			}
		}
	}

	/// One page of `id`'s pedigree: the contribution and its ancestors (to
	/// `MAX_LINEAGE_DEPTH`), breadth first, with their records; at most `limit` (1 to
	/// `MAX_PEDIGREE_PAGE`) after `start_after` in that order (an empty last page if
	/// `start_after` is not in the pedigree). `None` if `id` is unknown.
	pub fn pedigree(
		id: ContributionId,
		start_after: Option<ContributionId>,
		limit: u32,
	) -> Option<PedigreePage<ContributionOf<T>>> {
		let lineage = Self::lineage(id, Direction::Ancestors, MAX_LINEAGE_DEPTH)?;
		let walk: Vec<ContributionId> =
			core::iter::once(id).chain(lineage.nodes.iter().map(|node| node.id)).collect();
		let first = match start_after {
			None => 0,
			// A cursor that is not in this pedigree ends it: a client never loops.
			Some(after) => {
				walk.iter().position(|&c| c == after).map_or(walk.len(), |at| at.saturating_add(1))
			}
		};
		let limit = limit.clamp(1, MAX_PEDIGREE_PAGE) as usize;
		let page = walk.get(first..).unwrap_or_default();
		let (page, more) = (&page[..page.len().min(limit)], page.len() > limit);
		Some(PedigreePage {
			records: page
				.iter()
				.filter_map(|&c| Contributions::<T>::get(c).map(|record| (c, record)))
				.collect(),
			truncated: lineage.truncated,
			next: if more { page.last().copied() } else { None },
		})
	}

	/// What a withdrawal in `id`'s lineage affects: for a withdrawn `id`, itself (depth 0) and
	/// every descendant; for any other `id`, the withdrawn ancestors that taint it. `None` if
	/// `id` is unknown.
	pub fn affected_by_withdrawal(id: ContributionId) -> Option<Lineage> {
		let record = Contributions::<T>::get(id)?;
		if matches!(record.status, ContributionStatus::Withdrawn { .. }) {
			let mut lineage = Self::lineage(id, Direction::Descendants, MAX_LINEAGE_DEPTH)?;
			lineage.nodes.insert(0, LineageNode { id, depth: 0 });
			return Some(lineage);
		}
		let mut ancestors = Self::lineage(id, Direction::Ancestors, MAX_LINEAGE_DEPTH)?;
		ancestors.nodes.retain(|node| {
			Contributions::<T>::get(node.id)
				.is_some_and(|c| matches!(c.status, ContributionStatus::Withdrawn { .. }))
		});
		Some(ancestors)
	}

	/// `who`'s record: their contributions by status, the projects they own and the projects
	/// they contributed to. Counts at most `MAX_LINEAGE_NODES` contributions and lists at most
	/// `MAX_PAGE_SIZE` owned projects (`truncated` if `who` has more); `earnings` is left for
	/// payouts to fill in.
	pub fn track_record(who: &T::AccountId) -> TrackRecord<BalanceOf<T>> {
		let mut record = TrackRecord::<BalanceOf<T>>::default();
		let mut projects = BTreeSet::new();
		let counted = MAX_LINEAGE_NODES as usize;
		let mut ids = ContributionsByAuthor::<T>::iter_key_prefix(who);
		for OrderedId(id) in ids.by_ref().take(counted) {
			let Some(c) = Contributions::<T>::get(id) else { continue };
			match c.status {
				ContributionStatus::Active => record.active += 1,
				ContributionStatus::Pending { .. } => record.pending += 1,
				ContributionStatus::Withdrawn { .. } => record.withdrawn += 1,
			}
			projects.insert(c.project);
		}
		record.truncated = ids.next().is_some();
		record.projects_contributed_to = projects.into_iter().collect();
		let mut owned = ProjectsByOwner::<T>::iter_key_prefix(who);
		record.projects_owned = owned
			.by_ref()
			.take(MAX_PAGE_SIZE as usize)
			.map(|OrderedId(p)| p)
			.filter(|p| Projects::<T>::contains_key(p))
			.collect();
		record.truncated |= owned.next().is_some();
		record
	}
}

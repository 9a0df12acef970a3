//! Read-only queries behind the `AttributionApi` runtime API: lookups, paged indexes and
//! bounded walks of the lineage DAG.
//!
//! Every walk is bounded twice: by the depth asked for (at most
//! [`MAX_LINEAGE_DEPTH`](attribution_primitives::api::MAX_LINEAGE_DEPTH)) and by the number of
//! contributions visited (at most
//! [`MAX_LINEAGE_NODES`](attribution_primitives::api::MAX_LINEAGE_NODES)); a walk that stops
//! early says so with `truncated`. Its cost is one storage read per contribution visited plus,
//! for descendants, one prefix iteration per contribution.

use alloc::{collections::BTreeSet, vec::Vec};
use attribution_primitives::{
	api::{Lineage, LineageNode, TrackRecord, MAX_LINEAGE_DEPTH, MAX_LINEAGE_NODES, MAX_PAGE_SIZE},
	contribution::ContributionStatus,
	ContributionId, ProjectId,
};
use frame::prelude::*;

use crate::{
	BalanceOf, Children, Config, ContributionByCid, ContributionOf, Contributions,
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
	/// The contribution registered with this binary CID.
	pub fn contribution_by_cid(cid: Vec<u8>) -> Option<ContributionId> {
		let cid: attribution_primitives::contribution::CidBytes = cid.try_into().ok()?;
		ContributionByCid::<T>::get(cid)
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
	/// `MAX_LINEAGE_DEPTH`) and `MAX_LINEAGE_NODES` contributions. `None` if `id` is unknown.
	pub fn lineage(id: ContributionId, direction: Direction, max_depth: u32) -> Option<Lineage> {
		if !Contributions::<T>::contains_key(id) {
			return None;
		}
		let max_depth = max_depth.min(MAX_LINEAGE_DEPTH);
		let mut seen = BTreeSet::from([id]);
		let mut lineage = Lineage::default();
		let mut frontier = alloc::vec![id];
		let mut depth = 0;
		while !frontier.is_empty() {
			if depth == max_depth {
				// Anything one generation further makes the answer incomplete.
				lineage.truncated =
					frontier.iter().any(|&node| !Self::next_of(node, direction).is_empty());
				break;
			}
			depth += 1;
			let mut next_frontier = Vec::new();
			for node in frontier {
				for next in Self::next_of(node, direction) {
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

	fn next_of(id: ContributionId, direction: Direction) -> Vec<ContributionId> {
		match direction {
			Direction::Ancestors => {
				Contributions::<T>::get(id).map(|c| c.parents.into_inner()).unwrap_or_default()
			}
			Direction::Descendants => {
				Children::<T>::iter_key_prefix(id).map(|OrderedId(c)| c).collect()
			}
		}
	}

	/// The contribution and all its ancestors (to `MAX_LINEAGE_DEPTH`), with their records, and
	/// whether the walk was truncated.
	pub fn pedigree(
		id: ContributionId,
	) -> Option<(Vec<(ContributionId, ContributionOf<T>)>, bool)> {
		let lineage = Self::lineage(id, Direction::Ancestors, MAX_LINEAGE_DEPTH)?;
		let mut records = Vec::with_capacity(lineage.nodes.len() + 1);
		records.push((id, Contributions::<T>::get(id)?));
		for node in lineage.nodes {
			if let Some(record) = Contributions::<T>::get(node.id) {
				records.push((node.id, record));
			}
		}
		Some((records, lineage.truncated))
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
	/// they contributed to. Counts at most `MAX_LINEAGE_NODES` contributions.
	pub fn track_record(who: &T::AccountId) -> TrackRecord<BalanceOf<T>> {
		let mut record = TrackRecord::<BalanceOf<T>>::default();
		let mut projects = BTreeSet::new();
		for OrderedId(id) in
			ContributionsByAuthor::<T>::iter_key_prefix(who).take(MAX_LINEAGE_NODES as usize)
		{
			let Some(c) = Contributions::<T>::get(id) else { continue };
			match c.status {
				ContributionStatus::Active => record.active += 1,
				ContributionStatus::Pending { .. } => record.pending += 1,
				ContributionStatus::Withdrawn { .. } => record.withdrawn += 1,
			}
			projects.insert(c.project);
		}
		record.projects_contributed_to = projects.into_iter().collect();
		record.projects_owned = ProjectsByOwner::<T>::iter_key_prefix(who)
			.take(MAX_PAGE_SIZE as usize)
			.map(|OrderedId(p)| p)
			.filter(|p| Projects::<T>::contains_key(p))
			.collect();
		record
	}
}

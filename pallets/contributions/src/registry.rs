//! What the scoring and payouts pallets read from the registry, through
//! [`ContributionRegistry`].
//!
//! *Active* here means [`Settled`]: approved by every co-author, not withdrawn, and not
//! marked affected by a withdrawal upstream ([`crate::affected`]), so that the other pallets
//! neither license, release pools for, nor score work that descends from withdrawn work.

use alloc::vec::Vec;
use attribution_primitives::{
	project::EvaluatorPolicy,
	traits::{ContributionInfo, ContributionRegistry},
	ContributionId, ProjectId,
};
use frame::prelude::*;

use crate::{
	BalanceOf, Config, Contributions, ContributionsByProject, Pallet, ProjectAuthors, Projects,
	Settled,
};

impl<T: Config> ContributionRegistry<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn project_owner_and_policy(
		project: ProjectId,
	) -> Option<(T::AccountId, EvaluatorPolicy<BalanceOf<T>, BlockNumberFor<T>>)> {
		Projects::<T>::get(project).map(|p| (p.owner, p.evaluator_policy))
	}

	fn royalty_to_parents(project: ProjectId) -> Option<Perbill> {
		Projects::<T>::get(project).map(|p| p.royalty_to_parents)
	}

	fn active_contribution_project(id: ContributionId) -> Option<ProjectId> {
		if !Settled::<T>::contains_key(id) {
			return None;
		}
		Contributions::<T>::get(id).map(|c| c.project)
	}

	fn contribution_info(id: ContributionId) -> Option<ContributionInfo> {
		Contributions::<T>::get(id).map(|c| ContributionInfo {
			project: c.project,
			kind: c.kind,
			active: Settled::<T>::contains_key(id),
			parents: c.parents.into_inner(),
			licence: c.licence,
		})
	}

	fn authors(id: ContributionId) -> Vec<(T::AccountId, Perbill)> {
		Contributions::<T>::get(id).map(|c| c.authors.into_inner()).unwrap_or_default()
	}

	fn contributions_of(
		who: &T::AccountId,
		start_after: Option<ContributionId>,
		limit: u32,
	) -> Vec<ContributionId> {
		Self::contributions_by_author(who, start_after, limit)
	}

	fn active_contributions(project: ProjectId, max: u32) -> Option<Vec<ContributionId>> {
		let count = Projects::<T>::get(project)?.contribution_count;
		if count > max {
			return None;
		}
		Some(
			ContributionsByProject::<T>::iter_key_prefix(project)
				.map(|id| id.0)
				.filter(|id| Settled::<T>::contains_key(id))
				.collect(),
		)
	}

	fn is_project_author(project: ProjectId, who: &T::AccountId) -> bool {
		ProjectAuthors::<T>::get(project, who) > 0
	}
}

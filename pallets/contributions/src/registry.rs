//! What the scoring and payouts pallets read from the registry, through
//! [`ContributionRegistry`].

use alloc::vec::Vec;
use attribution_primitives::{
	contribution::ContributionStatus, project::EvaluatorPolicy, traits::ContributionRegistry,
	ContributionId, ProjectId,
};
use frame::prelude::*;

use crate::{BalanceOf, Config, Contributions, Pallet, Projects};

impl<T: Config> ContributionRegistry<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn project_owner_and_policy(
		project: ProjectId,
	) -> Option<(T::AccountId, EvaluatorPolicy<BalanceOf<T>, BlockNumberFor<T>>)> {
		Projects::<T>::get(project).map(|p| (p.owner, p.evaluator_policy))
	}

	fn active_contribution_project(id: ContributionId) -> Option<ProjectId> {
		Contributions::<T>::get(id)
			.filter(|c| matches!(c.status, ContributionStatus::Active))
			.map(|c| c.project)
	}

	fn authors(id: ContributionId) -> Vec<(T::AccountId, Perbill)> {
		Contributions::<T>::get(id).map(|c| c.authors.into_inner()).unwrap_or_default()
	}
}

//! How the pallets talk to each other: traits implemented by one pallet and used by another,
//! so that no pallet reads another's storage.

use alloc::vec::Vec;
use polkadot_sdk::sp_runtime::Perbill;

use crate::{project::EvaluatorPolicy, ContributionId, ProjectId, SnapshotVersion};

/// What other pallets may read from the contribution registry.
pub trait ContributionRegistry<AccountId, Balance, BlockNumber> {
	/// The owner of `project` and its evaluator policy, if the project exists.
	fn project_owner_and_policy(
		project: ProjectId,
	) -> Option<(AccountId, EvaluatorPolicy<Balance, BlockNumber>)>;

	/// The project of contribution `id` if it is active (registered, approved by every
	/// co-author and not withdrawn); `None` otherwise.
	fn active_contribution_project(id: ContributionId) -> Option<ProjectId>;

	/// The authors of contribution `id` and their shares (summing to 100%); empty if unknown.
	fn authors(id: ContributionId) -> Vec<(AccountId, Perbill)>;
}

/// What other pallets (payouts) may read from the scoring pallet.
pub trait ScoreProvider {
	/// The latest final score snapshot of `project`: its version and each scored
	/// contribution's share (shares sum to 100%, or are all zero when no contribution had a
	/// positive value).
	fn latest_final_scores(
		project: ProjectId,
	) -> Option<(SnapshotVersion, Vec<(ContributionId, Perbill)>)>;
}

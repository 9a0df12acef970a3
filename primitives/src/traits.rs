//! How the pallets talk to each other: traits implemented by one pallet and used by another,
//! so that no pallet reads another's storage.

use alloc::vec::Vec;
use polkadot_sdk::sp_runtime::Perbill;

use crate::{
	contribution::ContributionKind, licence::LicenceTerms, project::EvaluatorPolicy,
	ContributionId, ProjectId, SnapshotVersion,
};

/// What payouts need to know about one contribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContributionInfo {
	/// Its project.
	pub project: ProjectId,
	/// What it is.
	pub kind: ContributionKind,
	/// Active: registered, approved by every co-author and not withdrawn.
	pub active: bool,
	/// The contributions it derives from.
	pub parents: Vec<ContributionId>,
	/// Its licence terms.
	pub licence: LicenceTerms,
}

/// What other pallets may read from the contribution registry.
pub trait ContributionRegistry<AccountId, Balance, BlockNumber> {
	/// The owner of `project` and its evaluator policy, if the project exists.
	fn project_owner_and_policy(
		project: ProjectId,
	) -> Option<(AccountId, EvaluatorPolicy<Balance, BlockNumber>)>;

	/// The share of what `project` earns that flows to the projects of its contributions'
	/// parents, if the project exists.
	fn royalty_to_parents(project: ProjectId) -> Option<Perbill>;

	/// The project of contribution `id` if it is active (registered, approved by every
	/// co-author and not withdrawn); `None` otherwise.
	fn active_contribution_project(id: ContributionId) -> Option<ProjectId>;

	/// What payouts need to know about contribution `id`, whatever its status.
	fn contribution_info(id: ContributionId) -> Option<ContributionInfo>;

	/// The authors of contribution `id` and their shares (summing to 100%); empty if unknown.
	fn authors(id: ContributionId) -> Vec<(AccountId, Perbill)>;

	/// Every contribution `who` is an author of (for queries, not for calls: unbounded).
	fn contributions_of(who: &AccountId) -> Vec<ContributionId>;
}

/// What other pallets (payouts) may read from the scoring pallet.
pub trait ScoreProvider {
	/// The latest final score snapshot of `project`: its version and each scored
	/// contribution's share (shares sum to 100%, or are all zero when no contribution had a
	/// positive value).
	fn latest_final_scores(
		project: ProjectId,
	) -> Option<(SnapshotVersion, Vec<(ContributionId, Perbill)>)>;

	/// The version of `project`'s latest final snapshot whose shares sum to 100% (one read);
	/// `None` if it has none, or its shares are all zero.
	fn latest_payable_version(project: ProjectId) -> Option<SnapshotVersion>;

	/// The share of `contribution` in `project`'s snapshot `version` (one read); `None` if it
	/// is not scored there.
	fn share_of(
		project: ProjectId,
		version: SnapshotVersion,
		contribution: ContributionId,
	) -> Option<Perbill>;
}

/// What other pallets (payouts) may read about staked evaluators.
pub trait EvaluatorRegistry<AccountId, Balance> {
	/// The stake of `who` if it is a registered evaluator that is not leaving.
	fn active_stake(who: &AccountId) -> Option<Balance>;
}

/// Whether a score snapshot is still needed by another pallet (payouts pay claims from it),
/// so that the scoring pallet does not prune it.
pub trait SnapshotUsage {
	/// `true` while `project`'s snapshot `version` must be kept.
	fn in_use(project: ProjectId, version: SnapshotVersion) -> bool;
}

impl SnapshotUsage for () {
	fn in_use(_: ProjectId, _: SnapshotVersion) -> bool {
		false
	}
}

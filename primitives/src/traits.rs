//! How the pallets talk to each other: traits implemented by one pallet and used by another,
//! so that no pallet reads another's storage.

use alloc::vec::Vec;
use polkadot_sdk::sp_runtime::Perbill;

use crate::{
	contribution::{CidBytes, ContributionKind},
	licence::LicenceTerms,
	project::EvaluatorPolicy,
	score::{EvaluationTerms, MeasurementId, MeasurementOutcome},
	ContributionId, ProjectId, SnapshotVersion,
};
use polkadot_sdk::{
	sp_core::H256,
	sp_runtime::{DispatchError, Weight},
};

/// What payouts need to know about one contribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContributionInfo {
	/// Its project.
	pub project: ProjectId,
	/// What it is.
	pub kind: ContributionKind,
	/// Active: registered, approved by every co-author, not withdrawn and not descended
	/// from withdrawn work.
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
	/// co-author, not withdrawn and not descended from withdrawn work); `None` otherwise.
	fn active_contribution_project(id: ContributionId) -> Option<ProjectId>;

	/// What payouts need to know about contribution `id`, whatever its status.
	fn contribution_info(id: ContributionId) -> Option<ContributionInfo>;

	/// The authors of contribution `id` and their shares (summing to 100%); empty if unknown.
	fn authors(id: ContributionId) -> Vec<(AccountId, Perbill)>;

	/// Up to `limit` contributions `who` is an author of, after `start_after`, in increasing
	/// id order (for queries: one read per id).
	fn contributions_of(
		who: &AccountId,
		start_after: Option<ContributionId>,
		limit: u32,
	) -> Vec<ContributionId>;

	/// The active contributions of `project` in id order, if the project has at most `max`
	/// contributions in all (pending and withdrawn ones count: the walk reads each); `None`
	/// if it has more.
	fn active_contributions(project: ProjectId, max: u32) -> Option<Vec<ContributionId>>;

	/// Whether `who` is an author of an accepted (active or withdrawn) contribution of
	/// `project`: one read. Pending co-authorships do not count, so nobody can exclude an
	/// evaluator by naming it as a co-author.
	fn is_project_author(project: ProjectId, who: &AccountId) -> bool;
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

/// A measurement another pallet asks the evaluation engine for: one metric of one
/// checkpoint on one evaluation set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasurementRequest<AccountId, Balance, BlockNumber> {
	/// Who asks, and holds the measurement's deposit until it ends.
	pub opener: AccountId,
	/// The project the measured contribution belongs to: its owner and authors cannot
	/// evaluate.
	pub project: ProjectId,
	/// The measured contribution (a model checkpoint).
	pub subject: ContributionId,
	/// The metric, as agreed with the evaluators.
	pub metric: H256,
	/// The CID of the evaluation set.
	pub evaluation_set: CidBytes,
	/// The terms, as fixed by the requester (for a reward pool, when it was funded).
	pub terms: EvaluationTerms<Balance, BlockNumber>,
	/// Another party with an interest in the result (a pool's sponsor): it cannot evaluate.
	pub interested: Option<AccountId>,
	/// What depends on the result (a pool's funds): a dispute's bond grows with it.
	pub at_stake: Balance,
}

/// The evaluation engine's measurements, as other pallets (payouts) use them: staked
/// evaluators commit and reveal one value, the engine aggregates, slashes and opens a dispute
/// window, and the requester reads the final outcome.
pub trait Measurements<AccountId, Balance, BlockNumber> {
	/// The terms a measurement of `project`'s work would run under now: its evaluator policy,
	/// refused when under the runtime's floors, with `committee` seats when given (a pool may
	/// ask for a larger committee than the policy's, never a smaller one or one over the
	/// engine's largest).
	fn terms_for(
		project: ProjectId,
		committee: Option<u32>,
	) -> Result<EvaluationTerms<Balance, BlockNumber>, DispatchError>;

	/// Opens a measurement; its deposit is held from `request.opener`.
	fn request(
		request: MeasurementRequest<AccountId, Balance, BlockNumber>,
	) -> Result<MeasurementId, DispatchError>;

	/// The measurement's outcome once it is final (finalizing it if its dispute window has
	/// passed), removed from the engine's storage: each outcome is handed out once. `None`
	/// while it is not final yet, or for an unknown id.
	fn take_outcome(id: MeasurementId) -> Option<MeasurementOutcome>;

	/// The most [`Measurements::take_outcome`] can cost: the finalization it may run (of a
	/// measurement and every re-run of it), for the caller's weight.
	fn take_outcome_weight() -> Weight;
}

/// Who may build on a contribution whose licence terms forbid derivatives: the payouts pallet
/// knows who bought a licence of it that grants them. The registry asks when such a
/// contribution is named as a parent.
pub trait DerivativeRights<AccountId> {
	/// `true` if `who` holds an unexpired licence of `contribution` that allows derivatives.
	fn may_derive(who: &AccountId, contribution: ContributionId) -> bool;
}

/// Nobody holds derivative rights (for runtimes without a licence market).
impl<AccountId> DerivativeRights<AccountId> for () {
	fn may_derive(_: &AccountId, _: ContributionId) -> bool {
		false
	}
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

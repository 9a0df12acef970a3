//! The runtime API through which the node (and its `attribution_*` JSON-RPC) reads the registry.

use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

use polkadot_sdk::sp_runtime::Perbill;

use crate::{
	payout::{Accrual, Claimable, LicenceId, PoolId},
	score::{MeasurementId, MeasurementOutcome},
	ContributionId, ProjectId, RoundId, SnapshotVersion,
};

/// Most results one page of a paged query returns.
pub const MAX_PAGE_SIZE: u32 = 1_000;

/// Deepest lineage walk a single query performs.
pub const MAX_LINEAGE_DEPTH: u32 = 64;

/// Most contributions one lineage query visits; a walk that would visit more stops and says so.
pub const MAX_LINEAGE_NODES: u32 = 10_000;

/// Most entries [`ScoringApi::assignments`] returns.
pub const MAX_ASSIGNMENTS: u32 = 256;

/// One piece of an evaluator's open work, with its deadlines. The commitment to send is
/// `blake2_256((round, evaluator, reveal, salt).encode())` where `reveal` is the SCALE-encoded
/// `Reveal` of the round's kind (`Exact` table, `Sampled` estimates or a measurement's
/// `Value`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Assignment<BlockNumber> {
	/// The round (a measurement's id is its round's).
	pub round: RoundId,
	/// The project whose work it evaluates.
	pub project: ProjectId,
	/// A measurement (one value) rather than a Shapley round.
	pub measurement: bool,
	/// The seats the evaluator was drawn to in its committee (its votes).
	pub seats: u32,
	/// The evaluator has committed to it.
	pub committed: bool,
	/// The evaluator has revealed.
	pub revealed: bool,
	/// Last block to commit.
	pub commit_end: BlockNumber,
	/// Last block to reveal.
	pub reveal_end: BlockNumber,
}

/// A contribution met while walking the lineage DAG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct LineageNode {
	/// The contribution.
	pub id: ContributionId,
	/// Its distance from where the walk started (1: a parent or child).
	pub depth: u32,
}

/// The result of a lineage walk: breadth first, each contribution once, at its least depth.
#[derive(Clone, Debug, PartialEq, Eq, Default, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Lineage {
	/// The contributions found, nearest first.
	pub nodes: Vec<LineageNode>,
	/// The walk stopped at the depth or node limit: more contributions lie beyond.
	pub truncated: bool,
}

/// A contributor's verifiable record on chain.
#[derive(Clone, Debug, PartialEq, Eq, Default, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct TrackRecord<Balance> {
	/// Contributions they are an author of, by status.
	pub active: u32,
	/// Still waiting for co-authors.
	pub pending: u32,
	/// Withdrawn.
	pub withdrawn: u32,
	/// Projects they own.
	pub projects_owned: Vec<ProjectId>,
	/// Distinct projects they contributed to.
	pub projects_contributed_to: Vec<ProjectId>,
	/// Earnings claimed so far (filled in once payouts exist).
	pub earnings: Balance,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Read access to the contribution registry.
	///
	/// `Contribution` and `Project` are the runtime's record types; paged queries return at most
	/// [`MAX_PAGE_SIZE`] ids after `start_after`, in increasing order.
	pub trait AttributionApi<AccountId, Balance, Contribution, Project>
	where
		AccountId: Codec,
		Balance: Codec,
		Contribution: Codec,
		Project: Codec,
	{
		/// A contribution by id.
		fn contribution(id: ContributionId) -> Option<Contribution>;
		/// The id of the contribution with this binary CID.
		fn contribution_by_cid(cid: Vec<u8>) -> Option<ContributionId>;
		/// Ids of contributions `who` is an author of.
		fn contributions_by_contributor(who: AccountId, start_after: Option<ContributionId>, limit: u32) -> Vec<ContributionId>;
		/// Ids of contributions registered to `project`.
		fn contributions_by_project(project: ProjectId, start_after: Option<ContributionId>, limit: u32) -> Vec<ContributionId>;
		/// A project by id.
		fn project(id: ProjectId) -> Option<Project>;
		/// Contributions `id` derives from, up to `max_depth` generations back.
		fn ancestors(id: ContributionId, max_depth: u32) -> Option<Lineage>;
		/// Contributions derived from `id`, up to `max_depth` generations on.
		fn descendants(id: ContributionId, max_depth: u32) -> Option<Lineage>;
		/// The contribution and every ancestor, with their records: the whole pedigree.
		fn pedigree(id: ContributionId) -> Option<(Vec<(ContributionId, Contribution)>, bool)>;
		/// What a withdrawal (revocation, unlearning) in `id`'s lineage affects: for a withdrawn
		/// `id`, itself (depth 0) and every descendant; for any other `id`, the withdrawn
		/// ancestors that taint it.
		fn affected_by_withdrawal(id: ContributionId) -> Option<Lineage>;
		/// A contributor's record.
		fn track_record(who: AccountId) -> TrackRecord<Balance>;
	}

	/// Read access to scoring: rounds and score snapshots.
	///
	/// `Round` and `Snapshot` are the runtime's record types.
	pub trait ScoringApi<AccountId, BlockNumber, Round, Snapshot>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Round: Codec,
		Snapshot: Codec,
	{
		/// A project's score snapshot: `version`, or the latest final one.
		fn scores(project: ProjectId, version: Option<SnapshotVersion>) -> Option<(SnapshotVersion, Snapshot)>;
		/// That snapshot's shares split among each contribution's authors:
		/// `(contribution, author, share of the project)`.
		fn author_scores(project: ProjectId, version: Option<SnapshotVersion>) -> Vec<(ContributionId, AccountId, Perbill)>;
		/// A round (a Shapley round or a measurement) that is not finalized yet.
		fn round(id: RoundId) -> Option<Round>;
		/// A measurement's final outcome, until its requester (a reward pool) has used it.
		fn measurement_outcome(id: MeasurementId) -> Option<MeasurementOutcome>;
		/// The open work of evaluator `who`: rounds it committed to and has not been settled
		/// in, then rounds in their commit period it may still join; at most
		/// [`MAX_ASSIGNMENTS`], ordered by round id.
		fn assignments(who: AccountId) -> Vec<Assignment<BlockNumber>>;
	}

	/// Read access to payouts: what accounts can claim, pools, licence offers and licences.
	///
	/// `Pool`, `Offer` and `Licence` are the runtime's record types.
	pub trait PayoutsApi<AccountId, Balance, Pool, Offer, Licence>
	where
		AccountId: Codec,
		Balance: Codec,
		Pool: Codec,
		Offer: Codec,
		Licence: Codec,
	{
		/// What `who` can claim now, per snapshot and contribution.
		fn claimable(who: AccountId) -> Vec<Claimable<Balance>>;
		/// A reward pool (until its record is removed).
		fn pool(id: PoolId) -> Option<Pool>;
		/// The licence offer for a contribution.
		fn offer(contribution: ContributionId) -> Option<Offer>;
		/// The licences `who` holds.
		fn licences(who: AccountId) -> Vec<(LicenceId, Licence)>;
		/// What `project` earned: per snapshot version, released and claimed; and what waits
		/// for its first payable snapshot.
		fn earnings(project: ProjectId) -> (Vec<(SnapshotVersion, Accrual<Balance>)>, Balance);
	}
}

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

/// Most child links one walk over descendants reads, counting links to contributions it has
/// already met: a contribution has at most 16 parents (read with its record) but any number of
/// children (one read each), so the node limit alone does not bound a walk over descendants.
pub const MAX_LINEAGE_EDGES: u32 = 40_000;

/// Most records one page of [`AttributionApi::pedigree`] returns (a record is up to about 4 KB
/// of JSON: a page stays far below a JSON-RPC server's 10 MB response limit).
pub const MAX_PEDIGREE_PAGE: u32 = 256;

/// Most entries one page of [`PayoutsApi::claimable`] examines: each contribution of the account
/// counts one, and each snapshot version of its project one. A page that runs out says where to
/// go on ([`ClaimablePage::next`]), so the cost of a page does not grow with the account.
pub const MAX_CLAIM_SCAN: u32 = 10_000;

/// Most entries [`AttributionApi::track_record`] examines to sum what an account claimed (counted
/// like [`MAX_CLAIM_SCAN`]); beyond it the record says `truncated`.
pub const MAX_TRACK_RECORD_SCAN: u32 = 10_000;

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
	/// Per contribution (the account's first [`MAX_TRACK_RECORD_SCORES`], in id order): its
	/// share in its project's latest payable snapshot and what the account earned and claimed
	/// through it (filled in by payouts).
	pub scores: Vec<ContributionScore<Balance>>,
	/// The record is partial: the counts cover the account's first [`MAX_LINEAGE_NODES`]
	/// contributions, `projects_owned` its first [`MAX_PAGE_SIZE`] projects, `scores` its first
	/// [`MAX_TRACK_RECORD_SCORES`] contributions, or the earnings its first
	/// [`MAX_TRACK_RECORD_SCAN`] claimable entries.
	pub truncated: bool,
}

/// Most contributions a track record lists with their scores and earnings.
pub const MAX_TRACK_RECORD_SCORES: u32 = 256;

/// One contribution of a [`TrackRecord`]: where it stands in its project's latest payable
/// snapshot, and what the account (one of its authors) earned and claimed through it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct ContributionScore<Balance> {
	/// The contribution.
	pub contribution: ContributionId,
	/// Its project.
	pub project: ProjectId,
	/// The version of its project's latest payable snapshot, if it has one.
	pub version: Option<SnapshotVersion>,
	/// Its share in that snapshot; `None` if it is not scored there.
	pub share: Option<Perbill>,
	/// What the account is owed through it from every snapshot money was paid to
	/// (`released × contribution share × author share`, rounded down), claimed or not.
	pub earned: Balance,
	/// What the account claimed of it.
	pub claimed: Balance,
}

/// Where a page of [`PayoutsApi::claimable`] goes on: at `contribution` (the account's
/// contributions are walked in id order), with its project's snapshot versions after
/// `after_version` (all of them if `None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ClaimCursor {
	/// The contribution to go on at.
	pub contribution: ContributionId,
	/// The last snapshot version of its project already examined (in storage order).
	pub after_version: Option<SnapshotVersion>,
}

/// One page of what an account can claim.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct ClaimablePage<Balance> {
	/// What can be claimed, per snapshot and contribution.
	pub items: Vec<Claimable<Balance>>,
	/// Where the next page starts; `None` when this page reached the end.
	pub next: Option<ClaimCursor>,
}

impl<Balance> Default for ClaimablePage<Balance> {
	fn default() -> Self {
		Self { items: Vec::new(), next: None }
	}
}

/// One page of a contribution's pedigree: the contribution and its ancestors, breadth first.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct PedigreePage<Contribution> {
	/// The records of this page, in walk order (the contribution itself first on the first
	/// page).
	pub records: Vec<(ContributionId, Contribution)>,
	/// The walk stopped at the depth or node limit: more ancestors lie beyond the last page.
	pub truncated: bool,
	/// The id to pass as `start_after` for the next page; `None` on the last page.
	pub next: Option<ContributionId>,
}

/// One page of what a project earned.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct EarningsPage<Balance> {
	/// Per snapshot version (in storage order), what was released to it and claimed.
	pub snapshots: Vec<(SnapshotVersion, Accrual<Balance>)>,
	/// What waits for the project's first payable snapshot.
	pub undistributed: Balance,
	/// The version to pass as `start_after` for the next page; `None` on the last page.
	pub next: Option<SnapshotVersion>,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Read access to the contribution registry.
	///
	/// `Contribution` and `Project` are the runtime's record types; paged queries return at most
	/// [`MAX_PAGE_SIZE`] ids after `start_after`, in increasing order. Every query is bounded:
	/// walks by [`MAX_LINEAGE_DEPTH`], [`MAX_LINEAGE_NODES`] and [`MAX_LINEAGE_EDGES`], pages
	/// by their page size.
	///
	/// Version 2: `pedigree` is paged, `track_record` says when it is partial, and walks
	/// follow at most [`MAX_LINEAGE_EDGES`] links. Version 3: `track_record` lists each
	/// contribution's score and earnings ([`TrackRecord::scores`]).
	#[api_version(3)]
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
		/// One page of the pedigree: the contribution and its ancestors (the walk of
		/// [`Self::ancestors`] to [`MAX_LINEAGE_DEPTH`]) with their records, at most `limit`
		/// (capped at [`MAX_PEDIGREE_PAGE`]) after `start_after` in walk order.
		fn pedigree(id: ContributionId, start_after: Option<ContributionId>, limit: u32) -> Option<PedigreePage<Contribution>>;
		/// What a withdrawal (revocation, unlearning) in `id`'s lineage affects: for a withdrawn
		/// `id`, itself (depth 0) and every descendant; for any other `id`, the withdrawn
		/// ancestors that taint it.
		fn affected_by_withdrawal(id: ContributionId) -> Option<Lineage>;
		/// A contributor's record (bounded: see [`TrackRecord::truncated`]).
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
	/// `Pool`, `Offer` and `Licence` are the runtime's record types. Version 2: `claimable`,
	/// `licences` and `earnings` are paged.
	#[api_version(2)]
	pub trait PayoutsApi<AccountId, Balance, Pool, Offer, Licence>
	where
		AccountId: Codec,
		Balance: Codec,
		Pool: Codec,
		Offer: Codec,
		Licence: Codec,
	{
		/// One page of what `who` can claim now, per snapshot and contribution: at most `limit`
		/// items (1 to [`MAX_PAGE_SIZE`]) from `from`, examining at most [`MAX_CLAIM_SCAN`]
		/// entries.
		fn claimable(who: AccountId, from: Option<ClaimCursor>, limit: u32) -> ClaimablePage<Balance>;
		/// A reward pool (until its record is removed).
		fn pool(id: PoolId) -> Option<Pool>;
		/// The licence offer for a contribution.
		fn offer(contribution: ContributionId) -> Option<Offer>;
		/// The licences `who` holds: at most `limit` (capped at [`MAX_PAGE_SIZE`]) after
		/// `start_after`, in storage order.
		fn licences(who: AccountId, start_after: Option<LicenceId>, limit: u32) -> Vec<(LicenceId, Licence)>;
		/// What `project` earned: per snapshot version, released and claimed, at most `limit`
		/// versions (capped at [`MAX_PAGE_SIZE`]) after `start_after`, in storage order; and what
		/// waits for its first payable snapshot.
		fn earnings(project: ProjectId, start_after: Option<SnapshotVersion>, limit: u32) -> EarningsPage<Balance>;
	}
}

#[cfg(test)]
mod tests {
	use super::ClaimCursor;

	/// The JSON-RPC cursor: what a page's `next` prints is what the next call accepts.
	#[test]
	fn a_claim_cursor_reads_back_what_it_writes_and_refuses_unknown_fields() {
		let cursor = ClaimCursor { contribution: 3, after_version: Some(7) };
		let text = serde_json::to_string(&cursor).unwrap();
		assert_eq!(text, r#"{"contribution":3,"afterVersion":7}"#);
		assert_eq!(serde_json::from_str::<ClaimCursor>(&text).unwrap(), cursor);
		let start = r#"{"contribution":3,"afterVersion":null}"#;
		assert_eq!(
			serde_json::from_str::<ClaimCursor>(start).unwrap(),
			ClaimCursor { contribution: 3, after_version: None }
		);
		assert!(serde_json::from_str::<ClaimCursor>(r#"{"contribution":3,"after":7}"#).is_err());
		assert!(serde_json::from_str::<ClaimCursor>(r#"{"contribution":"3"}"#).is_err());
	}
}

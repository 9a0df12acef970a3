//! The records the scoring pallet stores.

use attribution_primitives::{
	score::{ScoringMethod, UtilitySpec},
	ContributionId, ProjectId,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame::prelude::*;
use scale_info::TypeInfo;

/// A registered evaluator.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Evaluator<Balance, BlockNumber> {
	/// The stake held from the evaluator (its weight in every median, and what is slashed).
	pub stake: Balance,
	/// When it asked to leave; it may withdraw `UnbondingPeriod` blocks later.
	pub unbonding_since: Option<BlockNumber>,
	/// Rounds it committed to that are not aggregated yet; it cannot leave before they are.
	pub active_rounds: u32,
}

/// Where a round is, besides the commit and reveal deadlines.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum RoundPhase<AccountId, Balance, BlockNumber> {
	/// Commits until `commit_end`, reveals until `reveal_end`, then anyone may aggregate.
	Open,
	/// Aggregated; the result can be disputed until `dispute_end`, then finalized.
	Aggregated {
		/// Last block of the dispute window.
		dispute_end: BlockNumber,
	},
	/// Disputed; the dispute origin upholds (the result is discarded) or dismisses it.
	Disputed {
		/// Who disputed, holding `bond`.
		challenger: AccountId,
		/// The bond held from the challenger.
		bond: Balance,
		/// The dispute window's end, restored if the dispute is dismissed.
		dispute_end: BlockNumber,
	},
}

/// An evaluation round of a project's contributions.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxPlayers))]
pub struct Round<AccountId, Balance, BlockNumber, MaxPlayers: Get<u32>>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	Balance: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The project whose contributions are scored.
	pub project: ProjectId,
	/// Who opened it and holds its deposit.
	pub opener: AccountId,
	/// The deposit held from the opener (it becomes the snapshot's deposit).
	pub deposit: Balance,
	/// The players, in order: player `i` is bit `i` of a coalition.
	pub players: BoundedVec<ContributionId, MaxPlayers>,
	/// What the utility of a coalition is.
	pub utility: UtilitySpec,
	/// Exact or sampled.
	pub method: ScoringMethod,
	/// Seed for sampled methods, fixed when the round opens.
	pub seed: [u8; 32],
	/// Fewest reveals for a valid round (from the project's policy, at least 1).
	pub min_evaluators: u32,
	/// Least stake to commit (the larger of the pallet's and the project's minimum).
	pub min_stake: Balance,
	/// Last block to commit.
	pub commit_end: BlockNumber,
	/// Last block to reveal.
	pub reveal_end: BlockNumber,
	/// Length of the dispute window after aggregation.
	pub dispute_period: BlockNumber,
	/// Evaluators who committed.
	pub commits: u32,
	/// Evaluators who revealed.
	pub reveals: u32,
	/// Phase after the deadlines.
	pub phase: RoundPhase<AccountId, Balance, BlockNumber>,
	/// The aggregated result, once aggregated.
	pub result: Option<RoundResult<MaxPlayers>>,
}

/// A round's aggregated result: the provisional snapshot.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxPlayers))]
pub struct RoundResult<MaxPlayers: Get<u32>> {
	/// Each player's share, in player order; they sum to exactly 100% (or are all zero).
	pub shares: BoundedVec<(ContributionId, Perbill), MaxPlayers>,
	/// Players whose value was negative, counted as zero.
	pub clipped: BoundedVec<ContributionId, MaxPlayers>,
}

/// An evaluator's commitment to a round.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Commitment<Balance> {
	/// `blake2_256((round, evaluator, reveal, salt).encode())`.
	pub hash: H256,
	/// The evaluator's stake when it committed: its weight in this round.
	pub weight: Balance,
	/// Whether it revealed.
	pub revealed: bool,
}

/// What an evaluator reveals.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxTableLen, MaxPlayers))]
pub enum Reveal<MaxTableLen: Get<u32>, MaxPlayers: Get<u32>> {
	/// For `Exact` rounds: the utility of every coalition, `2^n` values in bitmask order.
	Exact(BoundedVec<i64, MaxTableLen>),
	/// For `Sampled` rounds: each player's Shapley estimate, and the Merkle root of the
	/// coalition utilities measured (what a challenger checks).
	Sampled {
		/// Estimates in player order, in the utility's fixed-point scale.
		values: BoundedVec<i64, MaxPlayers>,
		/// Merkle root of the `(coalition, utility)` pairs measured.
		coalitions_root: H256,
	},
}

/// Why an evaluator was slashed.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum SlashReason {
	/// Committed but did not reveal.
	MissedReveal,
	/// Revealed results too far from the stake-weighted consensus.
	Outlier,
	/// A dismissed dispute's bond.
	DismissedDispute,
}

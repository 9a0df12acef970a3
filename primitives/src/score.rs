//! Scoring: how a round measures utility, how it computes values, and the shares it yields.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	sp_core::Get,
	sp_runtime::{BoundedVec, Perbill},
};
use scale_info::TypeInfo;

use crate::{contribution::CidBytes, ContributionId};

/// Whether a larger metric is better (accuracy) or a smaller one (loss).
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
pub enum Direction {
	/// Larger is better; utilities are the metric itself.
	HigherIsBetter,
	/// Smaller is better; evaluators report the metric negated, so larger utility is better.
	LowerIsBetter,
}

/// What a round's utility `v(S)` is: a metric of a model trained on the coalition `S`,
/// measured on an evaluation set.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct UtilitySpec {
	/// Which metric (an id agreed off chain, e.g. 1 = top-1 accuracy in parts per billion).
	pub metric: u32,
	/// The CID of the evaluation set.
	pub evaluation_set: CidBytes,
	/// Whether larger or smaller metric values are better.
	pub direction: Direction,
}

/// How a round computes Shapley values.
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
pub enum ScoringMethod {
	/// Evaluators reveal the utility of every coalition (`2^n` values, bitmask order: bit `i`
	/// is the round's `i`-th player); the chain takes the stake-weighted median of each and
	/// computes exact Shapley values.
	Exact,
	/// Evaluators reveal per-player Shapley estimates from `permutations` random permutations
	/// seeded by the round's seed, plus the Merkle root of the coalition utilities they
	/// measured; the chain takes the stake-weighted median per player.
	Sampled {
		/// Permutations each evaluator must sample.
		permutations: u32,
	},
}

/// A project's score snapshot: each scored contribution's share of what the project earns.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxPlayers))]
pub struct ScoreSnapshot<AccountId, Balance, BlockNumber, MaxPlayers: Get<u32>> {
	/// The round that produced it.
	pub round: crate::RoundId,
	/// Shares per contribution, in the round's player order; they sum to exactly 100%
	/// (largest-remainder rounding), or are all zero when no value was positive.
	pub shares: BoundedVec<(ContributionId, Perbill), MaxPlayers>,
	/// Contributions whose Shapley value was negative: counted as zero.
	pub clipped: BoundedVec<ContributionId, MaxPlayers>,
	/// When it became final.
	pub finalized_at: BlockNumber,
	/// Who holds its deposit (the round's opener).
	pub depositor: AccountId,
	/// The deposit.
	pub deposit: Balance,
}

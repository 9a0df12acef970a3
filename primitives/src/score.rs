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

/// How far an evaluator's reveal may lie from the consensus before it is an outlier. A reveal
/// of `w` values is an outlier when its L1 distance from the consensus `m` exceeds
/// `w · absolute + relative · Σ|m|`: the absolute part keeps honest noise around a consensus
/// near zero from being punished, the relative part scales with the size of the values.
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
pub struct Tolerance {
	/// Allowed distance per value, in the metric's fixed-point scale.
	pub absolute: u64,
	/// Allowed distance relative to the consensus' L1 size.
	pub relative: Perbill,
}

/// The terms an evaluation runs under. They are fixed when the work is committed to (a round
/// copies them at opening, a reward pool at funding) and later edits of the project's policy
/// never change them. The scoring pallet builds them from a project's evaluator policy and
/// refuses policies under the runtime's floors.
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
pub struct EvaluationTerms<Balance, BlockNumber> {
	/// Seats of the committee, drawn by stake from the registered evaluators (with
	/// replacement: an evaluator may hold several seats, each a vote in the medians as far as
	/// the stake it commits covers it). A result needs the votes of a strict majority of them
	/// revealed, and a strict majority of them agreeing with it within the tolerance: empty
	/// and uncovered seats count against it.
	pub committee: u32,
	/// Stake each seat assigns to the work: what a seat risks.
	pub min_stake: Balance,
	/// Blocks to commit.
	pub commit_period: BlockNumber,
	/// Blocks to reveal after the commit period.
	pub reveal_period: BlockNumber,
	/// Blocks the aggregated result can be disputed before it is final.
	pub dispute_period: BlockNumber,
	/// Distance from the consensus beyond which a reveal is slashed as an outlier.
	pub tolerance: Tolerance,
}

impl<Balance, BlockNumber> EvaluationTerms<Balance, BlockNumber>
where
	BlockNumber: polkadot_sdk::sp_runtime::Saturating + Copy,
{
	/// Blocks from opening until the result can be final: commit, reveal and dispute periods.
	pub fn duration(&self) -> BlockNumber {
		self.commit_period.saturating_add(self.reveal_period).saturating_add(self.dispute_period)
	}
}

/// The committee size at which the probability that a stake minority holding a third of
/// the draw weight gets a majority of the seats is below one in a million (binomial seats
/// drawn by stake; `pallet_scoring::committee_risk` computes it): the production floor.
pub const DEFAULT_COMMITTEE: u32 = 193;

/// Identifies a measurement: it is a round of the scoring pallet, and shares its ids.
pub type MeasurementId = crate::RoundId;

/// How a measurement ended, once it is final.
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
pub enum MeasurementOutcome {
	/// The stake-weighted median of the reveals, undisputed after the dispute window.
	Final {
		/// The measured value, in the metric's fixed-point scale.
		median: i64,
		/// How many evaluators revealed.
		reveals: u32,
	},
	/// No result: too few reveals or too little revealed stake, no strict stake majority on
	/// a value, or a result discarded by an upheld dispute.
	Failed {
		/// How many evaluators revealed.
		reveals: u32,
	},
}

//! The records the scoring pallet stores.

use attribution_primitives::{
	contribution::CidBytes,
	score::{EvaluationTerms, ScoringMethod, UtilitySpec},
	ContributionId, ProjectId, RoundId,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame::prelude::*;
use scale_info::TypeInfo;

/// A registered evaluator.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Evaluator<Balance, BlockNumber> {
	/// The stake held from the evaluator.
	pub stake: Balance,
	/// The part of `stake` assigned to open work (commitments not settled yet): each
	/// commitment assigns the stake its seats risk. It never
	/// exceeds `stake`, so one stake cannot back more work than it covers.
	pub assigned: Balance,
	/// When it asked to leave; it may withdraw `UnbondingPeriod` blocks later.
	pub unbonding_since: Option<BlockNumber>,
	/// Rounds it committed to whose results are not final yet; it cannot unbond before
	/// they are (its stake answers for a result until then, disputes included).
	pub active_rounds: u32,
	/// Its slot in the stake tree.
	pub slot: u32,
	/// Its weight in the stake tree: its stake when the last queued change entered the
	/// draw (zero while leaving). Changes enter in a later relay epoch than they are made,
	/// so nobody can move the draw after seeing the randomness.
	pub weight: Balance,
}

/// Where a round is, besides the commit and reveal deadlines.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum RoundPhase<AccountId, Balance, BlockNumber> {
	/// Waiting for its committee, drawn with the randomness of relay epoch `epoch` (two
	/// epochs after the request: from VRF outputs of an epoch that started after it).
	Drawing {
		/// The relay epoch whose randomness draws the committee.
		epoch: u64,
	},
	/// Commits until `commit_end`, reveals until `reveal_end`, then anyone may aggregate.
	Open,
	/// Aggregated; the result can be disputed until `dispute_end`, then finalized.
	Aggregated {
		/// Last block of the dispute window.
		dispute_end: BlockNumber,
	},
	/// Disputed: re-run `rerun` settles it when final, or the dispute origin decides.
	Disputed {
		/// Who disputed, holding `bond`.
		challenger: AccountId,
		/// The bond held from the challenger.
		bond: Balance,
		/// The dispute window's end, restored if governance dismisses the dispute.
		dispute_end: BlockNumber,
		/// The round measuring the same work again.
		rerun: RoundId,
	},
}

/// What a round measures.
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
pub enum RoundKind<MaxPlayers: Get<u32>> {
	/// A Shapley round: the utilities of coalitions of the project's contributions, which
	/// become a score snapshot.
	Score {
		/// The players, in order: player `i` is bit `i` of a coalition. Every active
		/// contribution of the project when the round opened, in id order.
		players: BoundedVec<ContributionId, MaxPlayers>,
		/// What the utility of a coalition is.
		utility: UtilitySpec,
		/// Exact or sampled, by the number of players.
		method: ScoringMethod,
		/// Seed for sampled methods, fixed when the round opens.
		seed: [u8; 32],
	},
	/// A measurement: one metric of one contribution on one evaluation set (a benchmark
	/// result another pallet asked for).
	Measurement {
		/// The measured contribution.
		subject: ContributionId,
		/// The metric, as agreed with the evaluators.
		metric: H256,
		/// The CID of the evaluation set.
		evaluation_set: CidBytes,
	},
}

impl<MaxPlayers: Get<u32>> RoundKind<MaxPlayers> {
	/// How many values a reveal carries: `2^n` for an exact round of `n` players, `n` for a
	/// sampled one, one for a measurement.
	pub fn width(&self) -> usize {
		match self {
			RoundKind::Score { players, method: ScoringMethod::Exact, .. } => {
				1usize << players.len()
			}
			RoundKind::Score { players, .. } => players.len(),
			RoundKind::Measurement { .. } => 1,
		}
	}

	/// Whether `reveal` is of the shape this round takes.
	pub fn accepts<MaxTableLen: Get<u32>>(
		&self,
		reveal: &Reveal<MaxTableLen, MaxPlayers>,
	) -> Result<(), RevealShapeError> {
		let width = self.width();
		match (self, reveal) {
			(RoundKind::Score { method: ScoringMethod::Exact, .. }, Reveal::Exact(table)) => {
				if table.len() == width {
					Ok(())
				} else {
					Err(RevealShapeError::WrongLength)
				}
			}
			(
				RoundKind::Score { method: ScoringMethod::Sampled { .. }, .. },
				Reveal::Sampled { values, .. },
			) => {
				if values.len() == width {
					Ok(())
				} else {
					Err(RevealShapeError::WrongLength)
				}
			}
			(RoundKind::Measurement { .. }, Reveal::Value(_)) => Ok(()),
			_ => Err(RevealShapeError::WrongKind),
		}
	}
}

/// Why a reveal does not fit its round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevealShapeError {
	/// A reveal of another kind of round.
	WrongKind,
	/// The right kind with the wrong number of values.
	WrongLength,
}

/// An evaluation round: a Shapley round of a project's contributions or a measurement.
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
	/// The project whose work is evaluated: its owner and authors cannot evaluate.
	pub project: ProjectId,
	/// Who opened it and holds its deposit.
	pub opener: AccountId,
	/// The deposit held from the opener (a Shapley round's becomes its snapshot's deposit).
	pub deposit: Balance,
	/// What is measured.
	pub kind: RoundKind<MaxPlayers>,
	/// The terms, fixed when the round opened.
	pub terms: EvaluationTerms<Balance, BlockNumber>,
	/// Another party with an interest in the result (a reward pool's sponsor): it cannot
	/// evaluate.
	pub interested: Option<AccountId>,
	/// What depends on the result (a reward pool's funds; zero for a Shapley round): a
	/// dispute's bond grows with it.
	pub at_stake: Balance,
	/// The disputed round this one re-runs, if it is a re-run.
	pub parent: Option<RoundId>,
	/// Re-runs above it: 0 for a round, 1 for the re-run of a round, and so on.
	pub level: u32,
	/// Last block to commit (set when the committee is drawn).
	pub commit_end: BlockNumber,
	/// Last block to reveal (set when the committee is drawn).
	pub reveal_end: BlockNumber,
	/// Seats drawn (at most `terms.committee`: seats that could only land on evaluators
	/// with a conflict of interest stay empty).
	pub seats: u32,
	/// Evaluators holding the seats.
	pub members: u32,
	/// Evaluators who committed.
	pub commits: u32,
	/// Evaluators who revealed.
	pub reveals: u32,
	/// The votes of the evaluators who revealed: each one's seats as far as the stake its
	/// commitment assigned covers them ([`crate::Pallet::votes`]).
	pub revealed_seats: u32,
	/// Phase after the deadlines.
	pub phase: RoundPhase<AccountId, Balance, BlockNumber>,
	/// The aggregated result, once aggregated.
	pub result: Option<RoundResult<MaxPlayers>>,
}

/// A round's aggregated result: a provisional snapshot or a measured value.
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
pub enum RoundResult<MaxPlayers: Get<u32>> {
	/// A Shapley round's shares.
	Shares {
		/// Each player's share, in player order; they sum to exactly 100% (or are all zero).
		shares: BoundedVec<(ContributionId, Perbill), MaxPlayers>,
		/// Players whose value was negative, counted as zero.
		clipped: BoundedVec<ContributionId, MaxPlayers>,
	},
	/// A measurement's value: the stake-weighted median of the reveals.
	Value(i64),
}

/// An evaluator's commitment to a round.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Commitment<Balance> {
	/// `blake2_256((round, evaluator, reveal, salt).encode())`.
	pub hash: H256,
	/// The stake the evaluator assigned to this round: what it risks (held back from other
	/// work until the result is final), and its votes as far as it covers its seats.
	pub stake: Balance,
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
	/// For measurements: the measured value, in the metric's fixed-point scale.
	Value(i64),
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
	/// Drawn to a committee but did not commit.
	MissedCommit,
	/// Revealed a result that a re-run found wrong.
	WrongResult,
}

/// Why a round ended without a result.
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
pub enum FailureReason {
	/// Evaluators holding a strict majority of the seats asked for did not reveal.
	TooFewReveals,
	/// No more than half of the committee's seats could be filled: too few evaluators with
	/// stake in the draw, or too many seats landed on evaluators whose seats stay empty
	/// (conflicts of interest, stake that cannot cover a seat).
	NoEvaluators,
	/// The revealed stake split exactly in half on some value: no value has a strict
	/// majority, so there is no result, and nobody is slashed as an outlier.
	NoMajority,
	/// The consensus utilities overflow the exact Shapley computation.
	Unscorable,
	/// A dispute was upheld and the result discarded.
	DisputeUpheld,
	/// The reveals within the tolerance of the consensus hold no strict majority of the seats
	/// asked for: whoever set the consensus is no majority of the committee, so there is no
	/// result, and nobody is slashed as an outlier.
	NoAgreement,
}

/// What a new round is opened with (not stored: [`Round`] is).
pub struct Opening<AccountId, Balance, BlockNumber, MaxPlayers: Get<u32>> {
	/// Who opens it and holds its deposit.
	pub opener: AccountId,
	/// The deposit held from the opener (zero for a re-run: the dispute's bond covers it).
	pub deposit: Balance,
	/// The project whose work is evaluated.
	pub project: ProjectId,
	/// What is measured.
	pub kind: RoundKind<MaxPlayers>,
	/// Its terms.
	pub terms: EvaluationTerms<Balance, BlockNumber>,
	/// Another party with an interest in the result.
	pub interested: Option<AccountId>,
	/// What depends on the result.
	pub at_stake: Balance,
	/// The disputed round it re-runs.
	pub parent: Option<RoundId>,
}

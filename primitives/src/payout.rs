//! Payouts: reward pools with benchmark triggers, licence offers and sales, and what an
//! account can claim.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_core::H256;
use scale_info::TypeInfo;

use polkadot_sdk::sp_runtime::Perbill;

use crate::{
	contribution::CidBytes,
	score::{EvaluationTerms, MeasurementId},
	ContributionId, ProjectId, SnapshotVersion,
};

/// Identifies a reward pool.
pub type PoolId = u64;

/// Identifies a sold licence.
pub type LicenceId = u64;

/// How a reported benchmark result is compared with a pool's threshold.
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
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum Comparator {
	/// The result must be at least the threshold (accuracy, F1, BLEU...); equal counts.
	AtLeast,
	/// The result must be at most the threshold (loss, error rate, latency...); equal counts.
	AtMost,
}

impl Comparator {
	/// Whether `value` crosses `threshold` (reaching it exactly counts).
	pub fn crossed(self, value: i64, threshold: i64) -> bool {
		match self {
			Comparator::AtLeast => value >= threshold,
			Comparator::AtMost => value <= threshold,
		}
	}
}

/// What releases a reward pool: the stake-weighted median of evaluators' reported results for
/// a model checkpoint, measured on an evaluation set, crossing a threshold.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Trigger {
	/// The metric (for example `blake2_256("accuracy")`), as agreed with the evaluators.
	pub metric: H256,
	/// How results compare with the threshold.
	pub comparator: Comparator,
	/// The threshold, in the metric's fixed-point scale (for example accuracy in parts per
	/// million).
	pub threshold: i64,
	/// CID of the evaluation set the metric is measured on.
	pub evaluation_set: CidBytes,
}

/// Where a reward pool is in its life.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum PoolStatus<BlockNumber> {
	/// Escrowed, waiting for a report that crosses the threshold.
	Open,
	/// The evaluation engine is measuring `checkpoint`; once the measurement is final anyone
	/// concludes the report.
	Reporting {
		/// The model checkpoint being evaluated.
		checkpoint: ContributionId,
		/// The evaluation engine's measurement of it.
		measurement: MeasurementId,
	},
	/// Released to the project's contributors at `at`, on `checkpoint`'s median `result`.
	Released {
		/// The block it was released in.
		at: BlockNumber,
		/// The checkpoint whose result crossed the threshold.
		checkpoint: ContributionId,
		/// The stake-weighted median result.
		result: i64,
	},
}

/// A sponsor's escrowed reward for a project.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct RewardPool<AccountId, Balance, BlockNumber> {
	/// Who escrowed it, gets it back after the deadline and holds its deposit.
	pub sponsor: AccountId,
	/// The project whose contributors it rewards.
	pub project: ProjectId,
	/// What releases it.
	pub trigger: Trigger,
	/// The escrowed amount.
	pub amount: Balance,
	/// After this block an unreleased pool can be refunded.
	pub deadline: BlockNumber,
	/// Where it is.
	pub status: PoolStatus<BlockNumber>,
	/// Reports concluded without a crossing so far.
	pub attempts: u32,
	/// The evaluation terms it was funded under: every report on it runs under them, whatever
	/// the project's policy becomes.
	pub terms: EvaluationTerms<Balance, BlockNumber>,
	/// The share of the pool that flows up the lineage as royalties, fixed at funding.
	pub royalty_to_parents: Perbill,
	/// The storage deposit held from the sponsor.
	pub deposit: Balance,
}

/// An offer to license a dataset or model checkpoint.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct LicenceOffer<AccountId, Balance, BlockNumber> {
	/// Who made it (the contribution's project owner) and holds its deposit.
	pub seller: AccountId,
	/// Price of one licence.
	pub price: Balance,
	/// How long each licence lasts; `None`: perpetual.
	pub duration: Option<BlockNumber>,
	/// Licences left to sell; `None`: unlimited.
	pub seats_left: Option<u32>,
	/// The licence grants commercial use.
	pub commercial: bool,
	/// The licence allows derivative works.
	pub derivatives: bool,
	/// Hash of the terms sold: `blake2_256((contribution licence terms, commercial,
	/// derivatives).encode())`.
	pub terms_hash: H256,
	/// The storage deposit held from the seller.
	pub deposit: Balance,
}

/// The terms a buyer saw and agrees to: a purchase fails unless the offer still has them,
/// so that a seller who sees a purchase coming cannot swap the offer for worse terms at the
/// same price (audit M6).
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct SaleTerms<BlockNumber> {
	/// How long the licence lasts; `None`: perpetual.
	pub duration: Option<BlockNumber>,
	/// It grants commercial use.
	pub commercial: bool,
	/// It allows derivative works.
	pub derivatives: bool,
	/// The offer's hash of the contribution's licence terms and the two grants.
	pub terms_hash: H256,
}

impl<AccountId, Balance, BlockNumber: Copy> LicenceOffer<AccountId, Balance, BlockNumber> {
	/// What a buyer of this offer agrees to.
	pub fn sale_terms(&self) -> SaleTerms<BlockNumber> {
		SaleTerms {
			duration: self.duration,
			commercial: self.commercial,
			derivatives: self.derivatives,
			terms_hash: self.terms_hash,
		}
	}
}

/// A licence bought: the proof that `licensee` may use `contribution` under `terms_hash`.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct LicenceRecord<AccountId, Balance, BlockNumber> {
	/// Who bought it.
	pub licensee: AccountId,
	/// What it licenses.
	pub contribution: ContributionId,
	/// What was paid.
	pub price: Balance,
	/// The terms sold (see [`LicenceOffer::terms_hash`]).
	pub terms_hash: H256,
	/// Commercial use granted.
	pub commercial: bool,
	/// Derivative works allowed.
	pub derivatives: bool,
	/// When it was bought.
	pub bought_at: BlockNumber,
	/// When it ends; `None`: perpetual.
	pub expires_at: Option<BlockNumber>,
	/// The storage deposit held from the licensee (returned when an expired record is dropped).
	pub deposit: Balance,
}

/// Money distributed to one score snapshot of a project: the accumulator claims are paid from.
///
/// Every author of a contribution scored in the snapshot is owed
/// `released · share(contribution) · share(author)` (rounded down); `claimed` is what was paid.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Accrual<Balance> {
	/// Everything distributed to the snapshot so far.
	pub released: Balance,
	/// Everything claimed from it so far.
	pub claimed: Balance,
}

/// Something an account can claim now.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Claimable<Balance> {
	/// The project.
	pub project: ProjectId,
	/// Its score snapshot the money was distributed to.
	pub version: SnapshotVersion,
	/// The scored contribution the account is an author of.
	pub contribution: ContributionId,
	/// What it can claim.
	pub amount: Balance,
}

//! Configuration of `pallet_scoring`: evaluators, rounds and score snapshots.

use polkadot_sdk::*;

use frame_support::{parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use crate::{deposit, Balance, Balances, Contributions, Runtime, RuntimeHoldReason, DAYS, UNIT};

parameter_types! {
	/// Least stake of an evaluator.
	pub const MinEvaluatorStake: Balance = 100 * UNIT;
	/// An evaluator leaves a week after asking.
	pub const EvaluatorUnbondingPeriod: crate::BlockNumber = 7 * DAYS;
	/// A round record (up to 128 players) and then its snapshot (128 shares, 128 clipped ids).
	pub const RoundDeposit: Balance = deposit(2, 128 * 12 + 128 * 8 + 256);
	/// What a challenger risks on a dismissed dispute.
	pub const DisputeBond: Balance = 100 * UNIT;
	/// A missed reveal costs 5% of the stake.
	pub const MissedRevealSlash: Perbill = Perbill::from_percent(5);
	/// Results more than 10% (relative L1) from the consensus cost 10% of the stake.
	pub const OutlierSlash: Perbill = Perbill::from_percent(10);
	/// The tolerance for outliers.
	pub const ConsensusTolerance: Perbill = Perbill::from_percent(10);
}

impl pallet_scoring::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Registry = Contributions;
	// Slashed funds are burned (total issuance falls by the slashed amount).
	type Slash = ();
	// Snapshots payouts distributed money to pay claims for ever and are never pruned.
	type SnapshotUsage = crate::Payouts;
	// Governance arrives with the governance issue; until then root decides disputes.
	type DisputeOrigin = EnsureRoot<crate::AccountId>;
	type MinEvaluatorStake = MinEvaluatorStake;
	type UnbondingPeriod = EvaluatorUnbondingPeriod;
	type MaxEvaluators = ConstU32<1_000>;
	type MaxEvaluatorsPerRound = ConstU32<16>;
	type MaxPlayers = ConstU32<128>;
	// Exact rounds reveal 2^n utilities: 1,024 values (8 KiB) per evaluator at n = 10.
	type MaxExactPlayers = ConstU32<10>;
	type MaxTableLen = ConstU32<1_024>;
	type MaxPermutations = ConstU32<100_000>;
	type RoundDeposit = RoundDeposit;
	type DisputeBond = DisputeBond;
	type MissedRevealSlash = MissedRevealSlash;
	type OutlierSlash = OutlierSlash;
	type ConsensusTolerance = ConsensusTolerance;
	type WeightInfo = crate::weights::pallet_scoring::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ScoringBenchmarkHelper;
}

/// Creates projects and contributions through the registry for the scoring benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct ScoringBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_scoring::BenchmarkHelper<crate::AccountId> for ScoringBenchmarkHelper {
	fn project_with_contributions(
		owner: &crate::AccountId,
		players: u32,
	) -> (attribution_primitives::ProjectId, alloc::vec::Vec<attribution_primitives::ContributionId>)
	{
		use super::benchmark_setup::{contribution, project};
		let project = project(owner, Perbill::zero());
		let ids = (0..players)
			.map(|_| {
				contribution(
					owner,
					project,
					attribution_primitives::contribution::ContributionKind::Dataset,
					alloc::vec::Vec::new(),
				)
			})
			.collect();
		(project, ids)
	}
}

//! Configuration of `pallet_scoring`: evaluators, rounds and score snapshots.

use polkadot_sdk::*;

use frame_support::{
	parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU32, ConstU64},
	PalletId,
};
use sp_runtime::{traits::AccountIdConversion, Perbill};

use crate::{
	deposit, AccountId, Balance, Balances, BlockNumber, Contributions, Runtime, RuntimeHoldReason,
	DAYS, UNIT,
};

parameter_types! {
	/// Least stake of an evaluator, and least stake one seat assigns.
	pub const MinEvaluatorStake: Balance = 100 * UNIT;
	/// Shortest commit period (a minute at 6 s blocks; far more than one stuffed block).
	pub const MinCommitPeriod: BlockNumber = 10;
	/// Shortest reveal period: an evaluator who misses it is slashed, so a few congested or
	/// stuffed blocks must not be enough to make it miss.
	pub const MinRevealPeriod: BlockNumber = 10;
	/// Shortest dispute window.
	pub const MinDisputePeriod: BlockNumber = 10;
	/// Where slashed stakes and dismissed disputes' bonds go: the treasury's account (the
	/// account `pallet_treasury` would use under its usual id), so issuance never moves.
	pub TreasuryAccount: AccountId = PalletId(*b"py/trsry").into_account_truncating();
	/// An evaluator leaves a week after asking.
	pub const EvaluatorUnbondingPeriod: crate::BlockNumber = 7 * DAYS;
	/// A round record (up to 128 players) and then its snapshot (128 shares, 128 clipped ids).
	pub const RoundDeposit: Balance = deposit(2, 128 * 12 + 128 * 8 + 256);
	/// Each seat a round asks for: its seat, commitment and reveal records (a measurement's
	/// reveal is one value; a Shapley reveal's table is the evaluator's own deposit-free
	/// storage, bounded by `MaxTableLen`), and the work it demands of an evaluator.
	pub const RoundDepositPerSeat: Balance = deposit(3, 128);
	/// Shapley rounds of one project open at once: enough to rescore while a dispute runs.
	pub const MaxOpenRoundsPerProject: u32 = 4;
	/// The least a challenger risks on a dismissed dispute.
	pub const DisputeBond: Balance = 100 * UNIT;
	/// A dispute of a pool's measurement holds a tenth of the pool, when that is more.
	pub const DisputeBondRatio: Perbill = Perbill::from_percent(10);
	/// Evaluators whose result a re-run overturns lose half of what they assigned.
	pub const WrongResultSlash: Perbill = Perbill::from_percent(50);
	/// A missed reveal costs 20% of the assigned stake: more than being an outlier, so that
	/// committing several values and revealing only the convenient one does not pay.
	pub const MissedRevealSlash: Perbill = Perbill::from_percent(20);
	/// Results outside the tolerance cost 10% of the assigned stake.
	pub const OutlierSlash: Perbill = Perbill::from_percent(10);
	/// The relative part of the tolerance for outliers: 10% of the consensus' L1 size.
	pub const ConsensusTolerance: Perbill = Perbill::from_percent(10);
}

impl pallet_scoring::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Registry = Contributions;
	// Slashed funds go to the treasury's account: total issuance never moves.
	type Slash = ResolveTo<TreasuryAccount, Balances>;
	// Snapshots payouts distributed money to pay claims for ever and are never pruned.
	type SnapshotUsage = crate::Payouts;
	// A referendum on the `dispute_resolver` track, the last resort over re-runs; not root.
	type DisputeOrigin = crate::governance_origins::EnsureDisputeResolver;
	type MinEvaluatorStake = MinEvaluatorStake;
	// A committee of 255 seats holds at most 255 members: an exact round's aggregation reads
	// 255 reveals of 8 KiB (2 MiB of proof), within a block. The production floor is 193
	// seats (genesis): a first re-run has 255 (193 + 96, capped; odd), and a re-run of that
	// is refused (no larger), which leaves the dispute to governance.
	type MaxCommittee = ConstU32<255>;
	// One draw per block: a draw of 255 seats reads up to 255 members' records, slot owners
	// and conflict checks besides its walks down the stake tree, about 1.8 MB of proof at
	// 10,000 evaluators by the benchmarks' bounds (`runtime/tests/draw_capacity.rs` prints
	// it); two would reserve over a third of every block's proof for the inherent.
	type MaxDrawsPerBlock = ConstU32<1>;
	type MaxStakeChangesPerBlock = ConstU32<32>;
	type MaxDisputeLevels = ConstU32<2>;
	type MinCommitPeriod = MinCommitPeriod;
	type MinRevealPeriod = MinRevealPeriod;
	type MinDisputePeriod = MinDisputePeriod;
	// A week per period at most: a committee's stake stays assigned until the result is final.
	type MaxPeriod = ConstU32<{ 7 * DAYS }>;
	type UnbondingPeriod = EvaluatorUnbondingPeriod;
	type MaxPlayers = ConstU32<128>;
	// Exact rounds reveal 2^n utilities: 1,024 values (8 KiB) per evaluator at n = 10.
	type MaxExactPlayers = ConstU32<10>;
	type MaxTableLen = ConstU32<1_024>;
	type SampledPermutations = ConstU32<1_000>;
	type RoundDeposit = RoundDeposit;
	type RoundDepositPerSeat = RoundDepositPerSeat;
	type MaxOpenRoundsPerProject = MaxOpenRoundsPerProject;
	type DisputeBond = DisputeBond;
	type DisputeBondRatio = DisputeBondRatio;
	type WrongResultSlash = WrongResultSlash;
	type MissedRevealSlash = MissedRevealSlash;
	type OutlierSlash = OutlierSlash;
	type ConsensusTolerance = ConsensusTolerance;
	// Absolute part of the tolerance: 10,000 per value (0.001% of a metric in parts per
	// billion, 1% of one in parts per million).
	type AbsoluteTolerance = ConstU64<10_000>;
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

/// Hands the relay chain's BABE epoch and its randomness, read from the relay state proof of
/// each block's parachain inherent, to the scoring pallet, which draws committees with them.
/// The proof always holds `ONE_EPOCH_AGO_RANDOMNESS` (the relay's `NextRandomness`); the
/// epoch index is requested through `KeyToIncludeInRelayProof`.
pub struct RelayEpochRandomness;

impl cumulus_pallet_parachain_system::OnSystemEvent for RelayEpochRandomness {
	fn on_validation_data(_: &cumulus_primitives_core::PersistedValidationData) {}

	fn on_validation_code_applied() {}

	fn on_relay_state_proof(
		proof: &cumulus_pallet_parachain_system::RelayChainStateProof,
	) -> frame_support::weights::Weight {
		use cumulus_primitives_core::relay_chain::well_known_keys;
		let epoch = proof.read_optional_entry::<u64>(well_known_keys::EPOCH_INDEX).ok().flatten();
		let randomness = proof
			.read_optional_entry::<[u8; 32]>(well_known_keys::ONE_EPOCH_AGO_RANDOMNESS)
			.ok()
			.flatten();
		match (epoch, randomness) {
			(Some(epoch), Some(randomness)) => crate::Scoring::note_relay_epoch(epoch, randomness),
			// Without them nothing is drawn: rounds wait for a proof that has them.
			_ => frame_support::weights::Weight::zero(),
		}
	}
}

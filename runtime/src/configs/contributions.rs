//! Configuration of `pallet_contributions`: the contribution registry.

use polkadot_sdk::*;

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	deposit, Balance, Balances, Runtime, RuntimeHoldReason, Timestamp, DAYS, MILLI_UNIT, MINUTES,
};

parameter_types! {
	/// A project: one record (up to ~230 bytes with a 64-byte name) and its owner index entry.
	pub const ProjectDeposit: Balance = deposit(2, 256);
	/// The storage items every contribution has besides its record (content, project and
	/// `Settled` index entries, a withdrawal request); the record itself is charged per byte.
	pub const ContributionDepositBase: Balance = deposit(5, 0);
	/// Each index entry a contribution adds per author (two) and per parent (one).
	pub const ContributionDepositPerIndexEntry: Balance = deposit(1, 0);
	/// Per byte of a contribution's encoded record.
	pub const ContributionDepositPerByte: Balance = MILLI_UNIT;
	/// A membership motion: one record with up to `MaxMembers` votes.
	pub const MotionDeposit: Balance = deposit(1, 128);
	/// Co-authors have a week to approve.
	pub const PendingPeriod: crate::BlockNumber = 7 * DAYS;
	/// A registration commitment: one record (~90 bytes with its key). Burned if the content
	/// is not registered within `RevealPeriod`, so holding a tag costs this per ten minutes.
	pub const CommitmentDeposit: Balance = deposit(1, 128);
	/// A committer has ten minutes (100 blocks) to register what it committed to.
	pub const RevealPeriod: crate::BlockNumber = 10 * MINUTES;
}

impl pallet_contributions::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type UnixTime = Timestamp;
	type ProjectDeposit = ProjectDeposit;
	type ContributionDepositBase = ContributionDepositBase;
	type DepositPerByte = ContributionDepositPerByte;
	type DepositPerIndexEntry = ContributionDepositPerIndexEntry;
	type MotionDeposit = MotionDeposit;
	type MaxNameLen = ConstU32<64>;
	type MaxAuthors = ConstU32<32>;
	type MaxParents = ConstU32<16>;
	type MaxReasonLen = ConstU32<256>;
	type MaxMembers = ConstU32<64>;
	type PendingPeriod = PendingPeriod;
	type CommitmentDeposit = CommitmentDeposit;
	type RevealPeriod = RevealPeriod;
	// A batch of typical registrations costs about 0.6 ms each: 256 fit well within a block.
	type MaxBatch = ConstU32<256>;
	// Eight steps (each well under 0.1 ms) at the start of every block: a withdrawal's walk
	// progresses even through full blocks; `on_idle` takes the rest of an emptier block.
	type GuaranteedPropagationSteps = ConstU32<8>;
	type DerivativeRights = crate::Payouts;
	type WeightInfo = crate::weights::pallet_contributions::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ContributionsBenchmarkHelper;
}

/// Sets the runtime's clock for the registry's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct ContributionsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_contributions::BenchmarkHelper<crate::AccountId> for ContributionsBenchmarkHelper {
	fn set_time_after_genesis() {
		// 2026-01-01T00:00:00Z in milliseconds: any time after genesis will do. Only the
		// stored time: `Timestamp::set_timestamp` would also run Aura's slot check.
		pallet_timestamp::Now::<Runtime>::put(1_767_225_600_000);
	}

	fn grant_derivatives(who: &crate::AccountId, contribution: u64) {
		// What buying a perpetual licence that grants derivatives records.
		pallet_payouts::DerivativeGrants::<Runtime>::insert(
			contribution,
			who,
			None::<crate::BlockNumber>,
		);
	}
}

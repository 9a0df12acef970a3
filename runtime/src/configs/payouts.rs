//! Configuration of `pallet_payouts`: reward pools, licences, royalties and claims.

use polkadot_sdk::*;

use frame_support::{parameter_types, traits::ConstU32, PalletId};

use crate::{
	deposit, Balance, Balances, Contributions, Runtime, RuntimeHoldReason, Scoring, DAYS,
	MILLI_UNIT, UNIT,
};

parameter_types! {
	/// The pallet's account holds everything it owes.
	pub const PayoutsPalletId: PalletId = PalletId(*b"attr/pay");
	/// A pool record (trigger with its CID, status, the terms it was funded under).
	pub const PoolDeposit: Balance = deposit(1, 384);
	/// An offer record.
	pub const OfferDeposit: Balance = deposit(1, 160);
	/// A licence record and its entry in the licensee index.
	pub const LicenceDeposit: Balance = deposit(2, 192);
	/// Smallest reward pool.
	pub const MinPoolAmount: Balance = UNIT;
	/// Smallest licence price.
	pub const MinLicencePrice: Balance = 10 * MILLI_UNIT;
	/// Pools run for at most a year.
	pub const MaxPoolDuration: crate::BlockNumber = 365 * DAYS;
}

impl pallet_payouts::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Registry = Contributions;
	type Scores = Scoring;
	type Measurements = Scoring;
	type PalletId = PayoutsPalletId;
	type PoolDeposit = PoolDeposit;
	type OfferDeposit = OfferDeposit;
	type LicenceDeposit = LicenceDeposit;
	type MinPoolAmount = MinPoolAmount;
	type MinLicencePrice = MinLicencePrice;
	type MaxPoolDuration = MaxPoolDuration;
	type MaxClaimTargets = ConstU32<32>;
	type MaxRoyaltyDepth = ConstU32<3>;
	type MaxRoyaltyRecipients = ConstU32<8>;
	type WeightInfo = crate::weights::pallet_payouts::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = PayoutsBenchmarkHelper;
}

/// Builds scored projects and royalty lineages through the registry (and score snapshots
/// directly) for the payouts benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct PayoutsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_payouts::BenchmarkHelper<crate::AccountId, Balance> for PayoutsBenchmarkHelper {
	fn scored_project(
		owner: &crate::AccountId,
		author: &crate::AccountId,
		scored: u32,
	) -> (
		attribution_primitives::ProjectId,
		attribution_primitives::SnapshotVersion,
		attribution_primitives::ContributionId,
	) {
		use super::benchmark_setup::{contribution, project};
		use attribution_primitives::contribution::ContributionKind;
		use frame_support::traits::Get;
		use sp_runtime::Perbill;
		let royalty = Perbill::from_percent(10);
		// The worst royalty walk: as many parents as one distribution pays, each in its own
		// project with a payable snapshot.
		let parents: alloc::vec::Vec<_> = (0
			..<Runtime as pallet_payouts::Config>::MaxRoyaltyRecipients::get())
			.map(|_| {
				let parent_project = project(owner, royalty);
				let parent =
					contribution(owner, parent_project, ContributionKind::Dataset, alloc::vec![]);
				Scoring::benchmark_snapshot(
					parent_project,
					owner.clone(),
					core::iter::once((parent, Perbill::one())),
				);
				parent
			})
			.collect();
		let model = project(owner, royalty);
		let checkpoint = contribution(author, model, ContributionKind::ModelCheckpoint, parents);
		// The checkpoint holds half; `scored - 1` other contributions share the rest.
		let others = scored.saturating_sub(1);
		let rest = if others == 0 { Perbill::zero() } else { Perbill::from_percent(50) / others };
		let first = if others == 0 { Perbill::one() } else { Perbill::from_percent(50) };
		let version = Scoring::benchmark_snapshot(
			model,
			owner.clone(),
			core::iter::once((checkpoint, first))
				.chain((0..u64::from(others)).map(|i| ((1u64 << 40) + i, rest))),
		);
		(model, version, checkpoint)
	}

	fn measure(id: attribution_primitives::score::MeasurementId, median: i64) {
		use super::benchmark_setup::evaluator;
		if !pallet_scoring::Rounds::<Runtime>::contains_key(id) {
			return;
		}
		let reveal = pallet_scoring::Reveal::Value(median);
		// Three evaluators with a seat each, as a draw could have seated them.
		let evaluators: alloc::vec::Vec<_> = (0..3).map(evaluator).collect();
		Scoring::benchmark_seat_committee(id, &evaluators);
		let Some(round) = pallet_scoring::Rounds::<Runtime>::get(id) else { return };
		let signed = |who: &crate::AccountId| crate::RuntimeOrigin::signed(who.clone());
		for who in &evaluators {
			let hash = Scoring::commitment_hash(id, who, &reveal, &[7; 32]);
			let _ = Scoring::commit(signed(who), id, hash);
		}
		frame_system::Pallet::<Runtime>::set_block_number(round.commit_end + 1);
		for who in &evaluators {
			let _ = Scoring::reveal(signed(who), id, reveal.clone(), [7; 32]);
		}
		frame_system::Pallet::<Runtime>::set_block_number(round.reveal_end + 1);
		let _ = Scoring::aggregate(signed(&evaluators[0]), id);
		frame_system::Pallet::<Runtime>::set_block_number(
			round.reveal_end + 2 + round.terms.dispute_period,
		);
		let _ = Scoring::finalize(signed(&evaluators[0]), id);
	}
}

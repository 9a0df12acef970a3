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
	/// A royalty split: its record (owner, deposit, up to 16 parents with weights).
	pub const RoyaltySplitDeposit: Balance = deposit(1, 256);
	/// Royalties owed to a project with no payable snapshot wait a quarter for one, then go
	/// to the treasury.
	pub const UndistributedTimeout: crate::BlockNumber = 90 * DAYS;
	/// An evaluator-access setting: its key and record (owner, deposit, a flag).
	pub const EvaluatorAccessDeposit: Balance = deposit(1, 128);
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
	// Two records per recipient: a walk paying 8 parents may also read as many approved
	// parents owed nothing (inactive, or approved for a zero weight and floor).
	type MaxRoyaltyReads = ConstU32<16>;
	// A split can approve every parent a contribution may have.
	type MaxRoyaltyWeights = ConstU32<16>;
	type RoyaltySplitDeposit = RoyaltySplitDeposit;
	type UndistributedTimeout = UndistributedTimeout;
	type Treasury = super::scoring::TreasuryAccount;
	type EvaluatorAccessDeposit = EvaluatorAccessDeposit;
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
		let recipients: u32 = <Runtime as pallet_payouts::Config>::MaxRoyaltyRecipients::get();
		let signed = |who: &crate::AccountId| crate::RuntimeOrigin::signed(who.clone());
		// The worst royalty walk (audit M8), every bound reached at once: the checkpoint's
		// owner approves `MaxRoyaltyRecipients - 1` (7) parents, each in its own project
		// without a payable snapshot (the costlier path: the money waits in `Undistributed`).
		// Six of them approve one parent of their own owed nothing (a zero weight and floor),
		// read and skipped; the seventh approves two such parents and one it pays, the eighth
		// payment. That is 16 parent records read (`MaxRoyaltyReads`, where the walk stops),
		// 8 splits read, 8 parents paid and 9 projects credited.
		let approve = |contribution, split: alloc::vec::Vec<_>| {
			let approved = pallet_payouts::Pallet::<Runtime>::set_royalty_weights(
				signed(owner),
				contribution,
				split,
			);
			assert!(approved.is_ok(), "the benchmark lineage's approvals are valid");
		};
		let dataset = |parents| {
			let own_project = project(owner, royalty);
			contribution(owner, own_project, ContributionKind::Dataset, parents)
		};
		let paid: alloc::vec::Vec<_> = (0..recipients.saturating_sub(1))
			.map(|i| {
				let last = i + 2 == recipients;
				let unpaid: alloc::vec::Vec<_> =
					(0..if last { 2 } else { 1 }).map(|_| dataset(alloc::vec![])).collect();
				let mut split: alloc::vec::Vec<_> =
					unpaid.iter().map(|id| (*id, Perbill::zero())).collect();
				let mut parents = unpaid;
				if last {
					let grandparent = dataset(alloc::vec![]);
					split.push((grandparent, Perbill::one()));
					parents.push(grandparent);
				}
				let parent = dataset(parents);
				approve(parent, split);
				parent
			})
			.collect();
		let model = project(owner, royalty);
		let checkpoint =
			contribution(author, model, ContributionKind::ModelCheckpoint, paid.clone());
		let weight = Perbill::from_rational(1u32, (paid.len() as u32).max(1));
		approve(checkpoint, paid.iter().map(|p| (*p, weight)).collect());
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

	fn hand_over(contribution: attribution_primitives::ContributionId, to: &crate::AccountId) {
		use attribution_primitives::traits::ContributionRegistry;
		let Some(info) = Contributions::contribution_info(contribution) else { return };
		let Some((owner, _)) = Contributions::project_owner_and_policy(info.project) else {
			return;
		};
		super::benchmark_setup::fund(to);
		let handed = Contributions::transfer_project_ownership(
			crate::RuntimeOrigin::signed(owner),
			info.project,
			to.clone(),
		);
		assert!(handed.is_ok(), "the benchmark's project changes hands");
	}

	fn unscored_project(owner: &crate::AccountId) -> attribution_primitives::ProjectId {
		super::benchmark_setup::project(owner, sp_runtime::Perbill::from_percent(10))
	}

	fn contribution_with_parents(
		owner: &crate::AccountId,
		parents: u32,
	) -> (
		attribution_primitives::ContributionId,
		alloc::vec::Vec<attribution_primitives::ContributionId>,
	) {
		use super::benchmark_setup::{contribution, project};
		use attribution_primitives::contribution::ContributionKind;
		use sp_runtime::Perbill;
		let ids: alloc::vec::Vec<_> = (0..parents)
			.map(|_| {
				let parent_project = project(owner, Perbill::zero());
				contribution(owner, parent_project, ContributionKind::Dataset, alloc::vec![])
			})
			.collect();
		let model = project(owner, Perbill::from_percent(10));
		let child = contribution(owner, model, ContributionKind::ModelCheckpoint, ids.clone());
		(child, ids)
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

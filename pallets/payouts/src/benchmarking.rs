//! Benchmarks of every call at its worst case (royalty walks at their bounds), and of release
//! and claim at 10 to 100,000 scored contributors. Reports are measured by the evaluation
//! engine: the benchmarks make a measurement final through
//! [`BenchmarkHelper::measure`], then time the pallet's own part.

use super::*;
use crate::Pallet as Payouts;
use alloc::{vec, vec::Vec};
use attribution_primitives::{
	payout::{Accrual, Comparator, LicenceOffer, PoolId, PoolStatus, Trigger},
	score::MeasurementId,
	ContributionId, ProjectId, SnapshotVersion,
};
use frame::{
	benchmarking::prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::Preservation,
	},
};
use polkadot_sdk::sp_core::H256;

const SEED: u32 = 0;

/// The median the benchmarks' measurements end with: it crosses [`trigger`]'s threshold.
const CROSSING: i64 = 950_000;

/// Counts `who`'s `System::Account` as already accessed, as `whitelisted_caller`'s is: a signed
/// call's transaction extensions read and write the signer's account (nonce, fee) before the
/// call runs, and the extensions' weight pays for that.
fn whitelist_signer<T: Config>(who: &T::AccountId) {
	add_to_whitelist(frame_system::Account::<T>::hashed_key_for(who).into());
}

/// Account `name`/`index`, funded for every deposit, pool and price the benchmarks need.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let amount = T::MinPoolAmount::get()
		.saturating_add(T::PoolDeposit::get())
		.saturating_add(T::OfferDeposit::get())
		.saturating_add(T::LicenceDeposit::get())
		.saturating_add(T::MinLicencePrice::get())
		.saturating_mul(10_000_000u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, amount);
	who
}

/// Accuracy at least 900,000 ppm on a valid evaluation-set CID.
fn trigger() -> Trigger {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	cid.extend([7u8; 32]);
	Trigger {
		metric: H256::repeat_byte(1),
		comparator: Comparator::AtLeast,
		threshold: 900_000,
		evaluation_set: cid.try_into().expect("36 bytes fit"),
	}
}

/// The current block.
fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

/// Moves to block `n`.
fn set_block<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

/// A reward pool as the benchmarks set it up.
struct PoolSetup<AccountId> {
	/// The project's owner: it starts the reports.
	owner: AccountId,
	/// The pool's sponsor.
	sponsor: AccountId,
	/// The pool.
	pool: PoolId,
	/// Its project.
	project: ProjectId,
	/// The project's payable snapshot.
	version: SnapshotVersion,
	/// The project's model checkpoint the reports are on.
	checkpoint: ContributionId,
}

/// A scored project (`scored` contributions) with an open pool of
/// `MinPoolAmount · 10 · (scored + 1)` (enough for every contributor to be owed something),
/// funded by a sponsor other than the owner.
fn pool_of<T: Config>(scored: u32) -> PoolSetup<T::AccountId> {
	let owner = funded::<T>("owner", 0);
	let sponsor = funded::<T>("sponsor", 0);
	let author = funded::<T>("author", 0);
	let (project, version, checkpoint) =
		T::BenchmarkHelper::scored_project(&owner, &author, scored);
	let pool = NextPoolId::<T>::get();
	let amount =
		T::MinPoolAmount::get().saturating_mul(scored.saturating_add(1).saturating_mul(10).into());
	let deadline = now::<T>().saturating_add(T::MaxPoolDuration::get());
	assert!(Payouts::<T>::create_pool(
		RawOrigin::Signed(sponsor.clone()).into(),
		project,
		trigger(),
		amount,
		deadline,
		None
	)
	.is_ok());
	PoolSetup { owner, sponsor, pool, project, version, checkpoint }
}

/// The measurement of `pool`'s report under way, if it has one.
fn measurement_of<T: Config>(pool: PoolId) -> Option<MeasurementId> {
	match Pools::<T>::get(pool).map(|p| p.status) {
		Some(PoolStatus::Reporting { measurement, .. }) => Some(measurement),
		_ => None,
	}
}

/// The owner's report on the pool's checkpoint, its measurement final with a crossing
/// median: ready to be concluded.
fn measured<T: Config>(setup: &PoolSetup<T::AccountId>) {
	assert!(Payouts::<T>::start_report(
		RawOrigin::Signed(setup.owner.clone()).into(),
		setup.pool,
		setup.checkpoint
	)
	.is_ok());
	let measurement = measurement_of::<T>(setup.pool).expect("the report is under way");
	T::BenchmarkHelper::measure(measurement, CROSSING);
}

/// A released pool whose project scores `scored` contributions; returns the author of the
/// checkpoint and its claim target.
fn released<T: Config>(scored: u32) -> (T::AccountId, ClaimTarget) {
	let setup = pool_of::<T>(scored);
	measured::<T>(&setup);
	let caller = funded::<T>("caller", 0);
	assert!(Payouts::<T>::conclude_report(RawOrigin::Signed(caller).into(), setup.pool).is_ok());
	let target = ClaimTarget {
		project: setup.project,
		version: setup.version,
		contribution: setup.checkpoint,
	};
	(account("author", 0, SEED), target)
}

/// Records that the authors of `others` other contributions of `target`'s snapshot claimed
/// one unit each before.
fn others_claimed<T: Config>(target: &ClaimTarget, others: u32) {
	let mut accrual = Accruals::<T>::get(target.project, target.version);
	for i in 0..others {
		let who: T::AccountId = account("other", i, SEED);
		let contribution = u64::from(i).saturating_add(1 << 40);
		Paid::<T>::insert(
			(target.project, target.version, contribution),
			who,
			BalanceOf::<T>::one(),
		);
	}
	accrual.claimed = accrual.claimed.saturating_add(others.into());
	Accruals::<T>::insert(target.project, target.version, accrual);
}

/// A scored project's checkpoint its owner may offer; returns the owner and the checkpoint.
fn licensable<T: Config>(scored: u32) -> (T::AccountId, ContributionId) {
	let owner = funded::<T>("owner", 0);
	let author = funded::<T>("author", 0);
	let (_, _, checkpoint) = T::BenchmarkHelper::scored_project(&owner, &author, scored);
	(owner, checkpoint)
}

/// Licences at the minimum price for 10 blocks, commercial use and derivatives allowed.
fn terms<T: Config>(seats: Option<u32>) -> OfferTermsOf<T> {
	OfferTerms {
		price: T::MinLicencePrice::get(),
		duration: Some(10u32.into()),
		seats,
		commercial: true,
		derivatives: true,
	}
}

/// [`licensable`], offered with [`terms`].
fn offered<T: Config>(scored: u32, seats: Option<u32>) -> (T::AccountId, ContributionId) {
	let (owner, checkpoint) = licensable::<T>(scored);
	let offer = Payouts::<T>::offer_licence(
		RawOrigin::Signed(owner.clone()).into(),
		checkpoint,
		terms::<T>(seats),
	);
	assert!(offer.is_ok());
	(owner, checkpoint)
}

/// `10^s`.
fn scale(s: u32) -> u32 {
	10u32.saturating_pow(s)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_pool() {
		let sponsor = funded::<T>("sponsor", 0);
		let author = funded::<T>("author", 0);
		let (project, _, _) = T::BenchmarkHelper::scored_project(&sponsor, &author, 1);
		let amount = T::MinPoolAmount::get();
		let deadline = now::<T>().saturating_add(T::MaxPoolDuration::get());
		whitelist_signer::<T>(&sponsor);
		#[extrinsic_call]
		_(RawOrigin::Signed(sponsor), project, trigger(), amount, deadline, None);
		assert!(Pools::<T>::contains_key(0));
	}

	#[benchmark]
	fn top_up() {
		let setup = pool_of::<T>(1);
		whitelist_signer::<T>(&setup.sponsor);
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.sponsor.clone()), setup.pool, T::MinPoolAmount::get());
	}

	#[benchmark]
	fn start_report() {
		let setup = pool_of::<T>(1);
		whitelist_signer::<T>(&setup.owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.owner.clone()), setup.pool, setup.checkpoint);
		assert!(measurement_of::<T>(setup.pool).is_some());
	}

	/// The measurement is final; the release walks the worst royalty lineage.
	#[benchmark]
	fn conclude_report() {
		let setup = pool_of::<T>(10);
		measured::<T>(&setup);
		let caller = funded::<T>("caller", 0);
		whitelist_signer::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), setup.pool);
		assert!(matches!(
			Pools::<T>::get(setup.pool).map(|p| p.status),
			Some(PoolStatus::Released { .. })
		));
	}

	#[benchmark]
	fn release_at_scale(s: Linear<1, 5>) {
		let setup = pool_of::<T>(scale(s));
		measured::<T>(&setup);
		let caller = funded::<T>("caller", 0);
		whitelist_signer::<T>(&caller);
		#[extrinsic_call]
		conclude_report(RawOrigin::Signed(caller), setup.pool);
		assert!(matches!(
			Pools::<T>::get(setup.pool).map(|p| p.status),
			Some(PoolStatus::Released { .. })
		));
	}

	#[benchmark]
	fn refund() {
		let setup = pool_of::<T>(1);
		let deadline = Pools::<T>::get(setup.pool).map(|p| p.deadline).unwrap_or_default();
		set_block::<T>(deadline.saturating_add(1u32.into()));
		whitelist_signer::<T>(&setup.sponsor);
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.sponsor.clone()), setup.pool);
		assert!(!Pools::<T>::contains_key(setup.pool));
	}

	#[benchmark]
	fn close_pool() {
		let setup = pool_of::<T>(1);
		measured::<T>(&setup);
		let caller = funded::<T>("caller", 0);
		let concluded = Payouts::<T>::conclude_report(RawOrigin::Signed(caller).into(), setup.pool);
		assert!(concluded.is_ok());
		whitelist_signer::<T>(&setup.sponsor);
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.sponsor.clone()), setup.pool);
		assert!(!Pools::<T>::contains_key(setup.pool));
	}

	#[benchmark]
	fn offer_licence() -> Result<(), BenchmarkError> {
		// The worst case: an offer made by a former owner of the project is replaced (its
		// deposit released) by the new owner's.
		let (owner, checkpoint) = licensable::<T>(1);
		let former = funded::<T>("former owner", 0);
		let deposit = T::OfferDeposit::get();
		T::Currency::hold(&HoldReason::OfferDeposit.into(), &former, deposit)?;
		Offers::<T>::insert(
			checkpoint,
			LicenceOffer {
				seller: former,
				price: T::MinLicencePrice::get(),
				duration: None,
				seats_left: None,
				commercial: false,
				derivatives: false,
				terms_hash: Default::default(),
				deposit,
			},
		);
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), checkpoint, terms::<T>(Some(10)));
		assert!(Offers::<T>::get(checkpoint).is_some_and(|offer| offer.seller == owner));
		Ok(())
	}

	#[benchmark]
	fn withdraw_offer() {
		let (owner, checkpoint) = offered::<T>(1, None);
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), checkpoint);
		assert!(!Offers::<T>::contains_key(checkpoint));
	}

	#[benchmark]
	fn buy_licence() {
		// The last seat: the sale also removes the offer; the price flows up the worst lineage.
		let (_, checkpoint) = offered::<T>(10, Some(1));
		let buyer = funded::<T>("buyer", 0);
		let expected = Offers::<T>::get(checkpoint).map(|o| o.sale_terms()).unwrap_or_default();
		whitelist_signer::<T>(&buyer);
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), checkpoint, T::MinLicencePrice::get(), expected);
		assert!(Licences::<T>::contains_key(0));
		assert!(!Offers::<T>::contains_key(checkpoint));
	}

	#[benchmark]
	fn drop_licence() {
		let (_, checkpoint) = offered::<T>(1, None);
		let buyer = funded::<T>("buyer", 0);
		let price = T::MinLicencePrice::get();
		let expected = Offers::<T>::get(checkpoint).map(|o| o.sale_terms()).unwrap_or_default();
		assert!(Payouts::<T>::buy_licence(
			RawOrigin::Signed(buyer.clone()).into(),
			checkpoint,
			price,
			expected
		)
		.is_ok());
		set_block::<T>(now::<T>().saturating_add(11u32.into()));
		whitelist_signer::<T>(&buyer);
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), 0);
		assert!(!Licences::<T>::contains_key(0));
	}

	#[benchmark]
	fn claim(n: Linear<1, { T::MaxClaimTargets::get() }>) {
		let mut targets = Vec::new();
		let mut author = None;
		for _ in 0..n {
			let (who, target) = released::<T>(10);
			author = Some(who);
			targets.push(target);
		}
		let author = author.expect("n ≥ 1");
		let before = T::Currency::balance(&author);
		let targets: BoundedVec<_, _> = targets.try_into().expect("n ≤ MaxClaimTargets");
		whitelist_signer::<T>(&author);
		#[extrinsic_call]
		_(RawOrigin::Signed(author.clone()), targets);
		assert!(T::Currency::balance(&author) > before);
	}

	#[benchmark]
	fn claim_at_scale(s: Linear<1, 5>) {
		let (author, target) = released::<T>(scale(s));
		others_claimed::<T>(&target, scale(s).saturating_sub(1));
		let before = T::Currency::balance(&author);
		let targets: BoundedVec<_, _> = vec![target].try_into().expect("one target");
		whitelist_signer::<T>(&author);
		#[extrinsic_call]
		claim(RawOrigin::Signed(author.clone()), targets);
		assert!(T::Currency::balance(&author) > before);
	}

	#[benchmark]
	fn push_undistributed() {
		let owner = funded::<T>("owner", 0);
		let author = funded::<T>("author", 0);
		let (project, _, _) = T::BenchmarkHelper::scored_project(&owner, &author, 1);
		let amount = T::MinPoolAmount::get();
		assert!(Payouts::<T>::escrow(&owner, amount).is_ok());
		Undistributed::<T>::insert(project, amount);
		UndistributedSince::<T>::insert(project, now::<T>());
		let caller = funded::<T>("caller", 0);
		whitelist_signer::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), project);
		assert!(Undistributed::<T>::get(project).is_zero());
		assert!(Accruals::<T>::iter_prefix(project)
			.any(|(_, a): (_, Accrual<_>)| !a.released.is_zero()));
	}

	/// The worst case: `n` parents approved (each read for its project, status and floor),
	/// replacing a split set by a former owner of the project, whose deposit is released.
	#[benchmark]
	fn set_royalty_weights(
		n: Linear<1, { T::MaxRoyaltyWeights::get() }>,
	) -> Result<(), BenchmarkError> {
		let former = funded::<T>("former owner", 0);
		let (contribution, parents) = T::BenchmarkHelper::contribution_with_parents(&former, n);
		let weight = Perbill::from_rational(1u32, n);
		let split: Vec<_> = parents.iter().map(|p| (*p, weight)).collect();
		Payouts::<T>::set_royalty_weights(
			RawOrigin::Signed(former.clone()).into(),
			contribution,
			split.clone(),
		)?;
		let owner = funded::<T>("owner", 0);
		T::BenchmarkHelper::hand_over(contribution, &owner);
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), contribution, split);
		assert!(RoyaltySplits::<T>::get(contribution).is_some_and(|s| s.parents.len() as u32 == n));
		Ok(())
	}

	/// The worst case: a contribution's setting (its record read for the project) replacing
	/// one made by a former owner of the project, whose deposit is released.
	#[benchmark]
	fn set_evaluator_access() -> Result<(), BenchmarkError> {
		let former = funded::<T>("former owner", 0);
		let (contribution, _) = T::BenchmarkHelper::contribution_with_parents(&former, 1);
		let scope = AccessScope::Contribution(contribution);
		Payouts::<T>::set_evaluator_access(
			RawOrigin::Signed(former.clone()).into(),
			scope,
			Some(false),
		)?;
		let owner = funded::<T>("owner", 0);
		T::BenchmarkHelper::hand_over(contribution, &owner);
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), scope, Some(true));
		assert!(EvaluatorAccess::<T>::get(scope).is_some_and(|s| s.allowed && s.owner == owner));
		Ok(())
	}

	/// Money that waited its timeout for a payable snapshot goes to the treasury.
	#[benchmark]
	fn sweep_undistributed() {
		let owner = funded::<T>("owner", 0);
		let project = T::BenchmarkHelper::unscored_project(&owner);
		let amount = T::MinPoolAmount::get();
		assert!(Payouts::<T>::escrow(&owner, amount).is_ok());
		Undistributed::<T>::insert(project, amount);
		UndistributedSince::<T>::insert(project, now::<T>());
		set_block::<T>(
			now::<T>().saturating_add(T::UndistributedTimeout::get()).saturating_add(1u32.into()),
		);
		let caller = funded::<T>("caller", 0);
		whitelist_signer::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), project);
		assert!(Undistributed::<T>::get(project).is_zero());
	}

	/// A reference measured in the same run, not a call of this pallet: a balance transfer
	/// between two accounts while `10^s` accounts exist. Every keyed storage read costs more as
	/// its map grows (the trie gets deeper); this shows how much for the most common call.
	#[benchmark]
	fn baseline_transfer_at_scale(s: Linear<1, 5>) {
		let amount = T::Currency::minimum_balance().saturating_mul(10u32.into());
		for i in 0..scale(s) {
			T::Currency::set_balance(&account("holder", i, SEED), amount);
		}
		let from = funded::<T>("buyer", 0);
		let to: T::AccountId = account("holder", 0, SEED);
		whitelist_signer::<T>(&from);
		#[block]
		{
			let sent = T::Currency::transfer(&from, &to, amount, Preservation::Preserve);
			assert!(sent.is_ok());
		}
	}

	impl_benchmark_test_suite!(Payouts, crate::mock::new_test_ext(), crate::mock::Test);
}

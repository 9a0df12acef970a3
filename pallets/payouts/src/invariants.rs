//! The pallet's invariants, checked by `try_state` and after every unit test, one function
//! each.

use alloc::collections::{BTreeMap, BTreeSet};
use attribution_primitives::{check, payout::PoolStatus};
use frame::{prelude::*, traits::fungible::InspectHold};

use crate::{
	Accruals, BalanceOf, Config, DerivativeGrants, EvaluatorAccess, HoldReason, Licences,
	LicencesByHolder, NextLicenceId, NextPoolId, Offers, Paid, Pallet, Pools, RoyaltySplits,
	Undistributed, UndistributedSince,
};

/// Deposits expected per account and [`HoldReason`] (by its index in [`DEPOSITS`]).
type ExpectedHolds<T> = BTreeMap<(<T as frame_system::Config>::AccountId, u8), BalanceOf<T>>;

/// The deposit hold reasons, in the order [`ExpectedHolds`] indexes them.
const DEPOSITS: [HoldReason; 5] = [
	HoldReason::PoolDeposit,
	HoldReason::OfferDeposit,
	HoldReason::LicenceDeposit,
	HoldReason::RoyaltySplitDeposit,
	HoldReason::EvaluatorAccessDeposit,
];

impl<T: Config> Pallet<T> {
	/// Checks every invariant:
	///
	/// 1. Money: the pallet account's [`HoldReason::Funds`] hold equals exactly the escrow of
	///    unreleased pools + what accruals released and nobody claimed yet + what waits in
	///    [`Undistributed`]; no other account holds anything under `Funds`. Each project's
	///    undistributed money records since when it waits, and only it.
	/// 2. Accruals: `claimed ≤ released`, and `claimed` equals the sum of what was paid from
	///    it (so nobody was paid twice); no payment from an accrual that does not exist.
	/// 3. Ids: below the next ids; no two reporting pools wait for the same measurement (each
	///    outcome is handed out once); the licensee index matches the licences both ways.
	/// 4. Deposits: every account's pool, offer, licence, royalty-split and evaluator-access
	///    holds equal the
	///    deposits recorded
	///    for it, accounts with no record included (zero), so a hold whose record is gone is
	///    caught. Accounts are those `frame_system` stores, where the runtime's balances live.
	/// 5. Derivative grants: each equals the latest end of its holder's licences of the
	///    contribution that grant derivatives (`None` if one is perpetual), and every such
	///    licence that has not ended has its grant.
	/// 6. Royalty splits: each approves at least one parent, each a distinct parent of its
	///    contribution, with weights summing to at most 100%.
	pub fn do_try_state() -> Result<(), &'static str> {
		Self::try_state_money()?;
		Self::try_state_accruals()?;
		Self::try_state_ids()?;
		Self::try_state_deposits()?;
		Self::try_state_derivative_grants()?;
		Self::try_state_royalty_splits()
	}

	/// Invariant 6.
	fn try_state_royalty_splits() -> Result<(), &'static str> {
		use attribution_primitives::traits::ContributionRegistry;
		for (contribution, split) in RoyaltySplits::<T>::iter() {
			check(!split.parents.is_empty(), "6: an empty royalty split")?;
			let parents = T::Registry::contribution_info(contribution)
				.map(|info| info.parents)
				.ok_or("6: a royalty split of an unknown contribution")?;
			let mut seen = BTreeSet::new();
			let mut weights = 0u64;
			for (parent, weight) in split.parents.iter() {
				check(parents.contains(parent), "6: a royalty split names a non-parent")?;
				check(seen.insert(*parent), "6: a royalty split names a parent twice")?;
				weights = weights.saturating_add(u64::from(weight.deconstruct()));
			}
			check(
				weights <= u64::from(Perbill::one().deconstruct()),
				"6: royalty weights above 100%",
			)?;
		}
		Ok(())
	}

	/// Invariant 5.
	fn try_state_derivative_grants() -> Result<(), &'static str> {
		type Ends<T> =
			BTreeMap<(u64, <T as frame_system::Config>::AccountId), Option<BlockNumberFor<T>>>;
		let mut ends = Ends::<T>::new();
		for licence in Licences::<T>::iter_values().filter(|l| l.derivatives) {
			let end =
				ends.entry((licence.contribution, licence.licensee)).or_insert(licence.expires_at);
			*end = crate::derivatives::later_end::<T>(*end, licence.expires_at);
		}
		for (contribution, holder, grant) in DerivativeGrants::<T>::iter() {
			check(
				ends.get(&(contribution, holder)) == Some(&grant),
				"5: a derivative grant differs from its licences",
			)?;
		}
		let now = frame_system::Pallet::<T>::block_number();
		for ((contribution, holder), end) in ends {
			if end.is_none_or(|end| now <= end) {
				check(
					DerivativeGrants::<T>::contains_key(contribution, &holder),
					"5: a licence granting derivatives has no grant",
				)?;
			}
		}
		Ok(())
	}

	/// Invariant 1.
	fn try_state_money() -> Result<(), &'static str> {
		let mut owed = BalanceOf::<T>::zero();
		for pool in Pools::<T>::iter_values() {
			if !matches!(pool.status, PoolStatus::Released { .. }) {
				owed = owed.saturating_add(pool.amount);
			}
		}
		for accrual in Accruals::<T>::iter_values() {
			owed = owed.saturating_add(accrual.released.saturating_sub(accrual.claimed));
		}
		for (project, amount) in Undistributed::<T>::iter() {
			owed = owed.saturating_add(amount);
			check(
				UndistributedSince::<T>::contains_key(project),
				"1: undistributed money without the block it arrived",
			)?;
		}
		check(
			UndistributedSince::<T>::iter_keys().all(|p| Undistributed::<T>::contains_key(p)),
			"1: a waiting time for no undistributed money",
		)?;
		let pallet = Self::account_id();
		let held = T::Currency::balance_on_hold(&HoldReason::Funds.into(), &pallet);
		check(held == owed, "1: funds held differ from what is owed")?;
		check(
			frame_system::Account::<T>::iter_keys().all(|who| {
				who == pallet
					|| T::Currency::balance_on_hold(&HoldReason::Funds.into(), &who).is_zero()
			}),
			"1: funds held on an account other than the pallet's",
		)
	}

	/// Invariant 2.
	fn try_state_accruals() -> Result<(), &'static str> {
		let mut paid: BTreeMap<(u64, u32), BalanceOf<T>> = BTreeMap::new();
		for ((project, version, _), _, amount) in Paid::<T>::iter() {
			let entry = paid.entry((project, version)).or_default();
			*entry = entry.saturating_add(amount);
		}
		for (project, version, accrual) in Accruals::<T>::iter() {
			check(accrual.claimed <= accrual.released, "2: claimed more than released")?;
			check(
				paid.remove(&(project, version)).unwrap_or_default() == accrual.claimed,
				"2: claimed differs from the sum paid",
			)?;
		}
		check(paid.values().all(|p| p.is_zero()), "2: payments from an unknown accrual")
	}

	/// Invariant 3.
	fn try_state_ids() -> Result<(), &'static str> {
		let next_pool = NextPoolId::<T>::get();
		let mut measurements = BTreeSet::new();
		for (id, pool) in Pools::<T>::iter() {
			check(id < next_pool, "3: pool id not below NextPoolId")?;
			if let PoolStatus::Reporting { measurement, .. } = pool.status {
				check(
					measurements.insert(measurement),
					"3: two reporting pools wait for one measurement",
				)?;
			}
		}
		let next_licence = NextLicenceId::<T>::get();
		for (id, licence) in Licences::<T>::iter() {
			check(id < next_licence, "3: licence id not below NextLicenceId")?;
			check(
				LicencesByHolder::<T>::contains_key(&licence.licensee, id),
				"3: licence missing from the licensee index",
			)?;
		}
		check(
			LicencesByHolder::<T>::iter()
				.all(|(who, id, ())| Licences::<T>::get(id).is_some_and(|l| l.licensee == who)),
			"3: licensee index names a licence it does not hold",
		)
	}

	/// Invariant 4.
	fn try_state_deposits() -> Result<(), &'static str> {
		let mut expected = ExpectedHolds::<T>::new();
		let mut expect = |who: &T::AccountId, kind: u8, amount: BalanceOf<T>| {
			let entry = expected.entry((who.clone(), kind)).or_default();
			*entry = entry.saturating_add(amount);
		};
		for pool in Pools::<T>::iter_values() {
			expect(&pool.sponsor, 0, pool.deposit);
		}
		for offer in Offers::<T>::iter_values() {
			expect(&offer.seller, 1, offer.deposit);
		}
		for split in RoyaltySplits::<T>::iter_values() {
			expect(&split.owner, 3, split.deposit);
		}
		for licence in Licences::<T>::iter_values() {
			expect(&licence.licensee, 2, licence.deposit);
		}
		for setting in EvaluatorAccess::<T>::iter_values() {
			expect(&setting.owner, 4, setting.deposit);
		}
		let mut accounts: BTreeSet<T::AccountId> =
			expected.keys().map(|(who, _)| who.clone()).collect();
		accounts.extend(frame_system::Account::<T>::iter_keys());
		for who in accounts {
			for (kind, reason) in DEPOSITS.iter().enumerate() {
				let held = T::Currency::balance_on_hold(&(*reason).into(), &who);
				let recorded =
					expected.get(&(who.clone(), kind as u8)).copied().unwrap_or_default();
				check(held == recorded, "4: holds differ from recorded deposits")?;
			}
		}
		Ok(())
	}
}

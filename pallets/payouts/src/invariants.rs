//! The pallet's invariants, checked by `try_state` and after every unit test.

use alloc::collections::{BTreeMap, BTreeSet};
use attribution_primitives::{check, payout::PoolStatus};
use frame::{prelude::*, traits::fungible::InspectHold};

use crate::{
	Accruals, BalanceOf, Config, HoldReason, Licences, LicencesByHolder, NextLicenceId, NextPoolId,
	Offers, Paid, Pallet, Pools, Undistributed,
};

impl<T: Config> Pallet<T> {
	/// Checks every invariant:
	///
	/// 1. Money: the pallet account's [`HoldReason::Funds`] hold equals exactly the escrow of
	///    unreleased pools + what accruals released and nobody claimed yet + what waits in
	///    [`Undistributed`].
	/// 2. Accruals: `claimed ≤ released`, and `claimed` equals the sum of what was paid from
	///    it (so nobody was paid twice).
	/// 3. Ids: below the next ids; no two reporting pools wait for the same measurement (each
	///    outcome is handed out once); the licensee index matches the licences.
	/// 4. Deposits: each account's pool, offer and licence holds equal the deposits recorded.
	pub fn do_try_state() -> Result<(), &'static str> {
		let mut owed = BalanceOf::<T>::zero();
		let mut deposits: BTreeMap<(T::AccountId, u8), BalanceOf<T>> = BTreeMap::new();
		let mut add = |who: &T::AccountId, kind: u8, amount: BalanceOf<T>| {
			let entry = deposits.entry((who.clone(), kind)).or_default();
			*entry = entry.saturating_add(amount);
		};

		let next_pool = NextPoolId::<T>::get();
		let mut measurements = BTreeSet::new();
		for (id, pool) in Pools::<T>::iter() {
			check(id < next_pool, "3: pool id not below NextPoolId")?;
			add(&pool.sponsor, 0, pool.deposit);
			match pool.status {
				PoolStatus::Released { .. } => {}
				PoolStatus::Open => owed = owed.saturating_add(pool.amount),
				PoolStatus::Reporting { measurement, .. } => {
					owed = owed.saturating_add(pool.amount);
					check(
						measurements.insert(measurement),
						"3: two reporting pools wait for one measurement",
					)?;
				}
			}
		}

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
			owed = owed.saturating_add(accrual.released.saturating_sub(accrual.claimed));
		}
		check(paid.values().all(|p| p.is_zero()), "2: payments from an unknown accrual")?;
		for (_, amount) in Undistributed::<T>::iter() {
			owed = owed.saturating_add(amount);
		}
		let held = T::Currency::balance_on_hold(&HoldReason::Funds.into(), &Self::account_id());
		check(held == owed, "1: funds held differ from what is owed")?;

		for (_, offer) in Offers::<T>::iter() {
			add(&offer.seller, 1, offer.deposit);
		}
		let next_licence = NextLicenceId::<T>::get();
		for (id, licence) in Licences::<T>::iter() {
			check(id < next_licence, "3: licence id not below NextLicenceId")?;
			check(
				LicencesByHolder::<T>::contains_key(&licence.licensee, id),
				"3: licence missing from the licensee index",
			)?;
			add(&licence.licensee, 2, licence.deposit);
		}
		check(
			LicencesByHolder::<T>::iter()
				.all(|(who, id, ())| Licences::<T>::get(id).is_some_and(|l| l.licensee == who)),
			"3: licensee index names a licence it does not hold",
		)?;

		let reasons =
			[HoldReason::PoolDeposit, HoldReason::OfferDeposit, HoldReason::LicenceDeposit];
		for ((who, kind), recorded) in deposits.iter() {
			let held = T::Currency::balance_on_hold(&reasons[*kind as usize].into(), who);
			check(held == *recorded, "4: holds differ from recorded deposits")?;
		}
		Ok(())
	}
}

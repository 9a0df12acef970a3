//! The pallet's invariants, checked by `try_state` and after every unit test.

use alloc::collections::BTreeMap;
use attribution_primitives::{check, payout::PoolStatus};
use frame::{prelude::*, traits::fungible::InspectHold};

use crate::{
	Accruals, BalanceOf, Config, HoldReason, Licences, LicencesByHolder, NextLicenceId, NextPoolId,
	Offers, Paid, Pallet, Pools, Reports, Undistributed,
};

impl<T: Config> Pallet<T> {
	/// Checks every invariant:
	///
	/// 1. Money: the pallet account's [`HoldReason::Funds`] hold equals exactly the escrow of
	///    unreleased pools + what accruals released and nobody claimed yet + what waits in
	///    [`Undistributed`].
	/// 2. Accruals: `claimed ≤ released`, and `claimed` equals the sum of what was paid from
	///    it (so nobody was paid twice).
	/// 3. Reports: only pools that are reporting have reports, as many as they count
	///    commits and reveals, at most `MaxReporters`.
	/// 4. Ids below the next ids; the licensee index matches the licences.
	/// 5. Deposits: each account's pool, offer and licence holds equal the deposits recorded.
	pub fn do_try_state() -> Result<(), &'static str> {
		let mut owed = BalanceOf::<T>::zero();
		let mut deposits: BTreeMap<(T::AccountId, u8), BalanceOf<T>> = BTreeMap::new();
		let mut add = |who: &T::AccountId, kind: u8, amount: BalanceOf<T>| {
			let entry = deposits.entry((who.clone(), kind)).or_default();
			*entry = entry.saturating_add(amount);
		};

		let next_pool = NextPoolId::<T>::get();
		for (id, pool) in Pools::<T>::iter() {
			check(id < next_pool, "4: pool id not below NextPoolId")?;
			add(&pool.sponsor, 0, pool.deposit);
			let reports = Reports::<T>::iter_prefix(id).collect::<alloc::vec::Vec<_>>();
			match pool.status {
				PoolStatus::Released { .. } => {
					check(reports.is_empty(), "3: reports of a released pool")?;
				}
				PoolStatus::Open => {
					owed = owed.saturating_add(pool.amount);
					check(reports.is_empty(), "3: reports of a pool not reporting")?;
				}
				PoolStatus::Reporting { commits, reveals, .. } => {
					owed = owed.saturating_add(pool.amount);
					let revealed = reports.iter().filter(|(_, r)| r.result.is_some()).count();
					check(reports.len() as u32 == commits, "3: commits differ from reports")?;
					check(revealed as u32 == reveals, "3: reveals differ from reports")?;
					check(commits <= T::MaxReporters::get(), "3: more than MaxReporters")?;
				}
			}
		}
		check(
			Reports::<T>::iter_keys().all(|(pool, _)| Pools::<T>::contains_key(pool)),
			"3: reports of an unknown pool",
		)?;

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
			check(id < next_licence, "4: licence id not below NextLicenceId")?;
			check(
				LicencesByHolder::<T>::contains_key(&licence.licensee, id),
				"4: licence missing from the licensee index",
			)?;
			add(&licence.licensee, 2, licence.deposit);
		}
		check(
			LicencesByHolder::<T>::iter()
				.all(|(who, id, ())| Licences::<T>::get(id).is_some_and(|l| l.licensee == who)),
			"4: licensee index names a licence it does not hold",
		)?;

		let reasons =
			[HoldReason::PoolDeposit, HoldReason::OfferDeposit, HoldReason::LicenceDeposit];
		for ((who, kind), recorded) in deposits.iter() {
			let held = T::Currency::balance_on_hold(&reasons[*kind as usize].into(), who);
			check(held == *recorded, "5: holds differ from recorded deposits")?;
		}
		Ok(())
	}
}

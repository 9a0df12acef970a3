//! Where earned money goes: royalties up the lineage, the rest to the project's latest payable
//! score snapshot, and each author's entitlement in a snapshot's accrual.

use alloc::vec::Vec;
use attribution_primitives::{
	traits::{ContributionRegistry, ScoreProvider},
	ContributionId, ProjectId, SnapshotVersion,
};
use frame::{
	arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding},
	prelude::*,
};

use crate::{
	Accruals, BalanceOf, Config, Error, Event, Paid, Pallet, Undistributed, UndistributedSince,
};

/// `Perbill` parts in a whole, squared: the denominator of a contribution share times an
/// author share.
const BILLION_SQUARED: u128 = 1_000_000_000_000_000_000;

/// What an author holding `author_share` of a contribution scored `share` is owed of
/// `released`: `floor(released · share · author_share)`, exact for any balance (the product
/// is computed in 256 bits).
///
/// Summed over every author of every scored contribution it never exceeds `released`,
/// because the shares of a payable snapshot sum to 100% and so do each contribution's author
/// shares.
pub fn entitlement<Balance>(released: Balance, share: Perbill, author_share: Perbill) -> Balance
where
	Balance: AtLeast32BitUnsigned + Copy,
{
	let parts = u128::from(share.deconstruct()) * u128::from(author_share.deconstruct());
	let owed = multiply_by_rational_with_rounding(
		released.saturated_into::<u128>(),
		parts,
		BILLION_SQUARED,
		Rounding::Down,
	)
	.unwrap_or(0);
	owed.saturated_into()
}

/// One step of a royalty walk: `amount` earned by `project` through `source`, `depth`
/// generations above the original earner.
struct Earning<Balance> {
	project: ProjectId,
	source: Option<ContributionId>,
	amount: Balance,
	depth: u32,
}

impl<T: Config> Pallet<T> {
	/// Distributes `amount` (already held as owed funds) earned by `project` through
	/// contribution `source`: `royalty` of it (the earner's share to parents: a pool's fixed
	/// at funding, a licence sale's the project's current one) goes to `source`'s parents by
	/// the royalty rule ([`crate::royalties`]), and on up their lineage, breadth first, to
	/// `MaxRoyaltyDepth` generations, at most `MaxRoyaltyRecipients` parents paid and
	/// `MaxRoyaltyReads` parent records read in all; what remains at each project is credited
	/// to its latest payable snapshot, or kept in [`Undistributed`] when it has none. The cost
	/// is bounded by the royalty limits and does not depend on how many contributors any
	/// project has, nor on how many parents the registrars declared.
	pub(crate) fn distribute(
		project: ProjectId,
		source: Option<ContributionId>,
		amount: BalanceOf<T>,
		royalty: Perbill,
	) -> DispatchResult {
		let earner_royalty = royalty;
		let mut budget = T::MaxRoyaltyRecipients::get();
		let mut reads = T::MaxRoyaltyReads::get();
		let mut queue: Vec<Earning<BalanceOf<T>>> =
			alloc::vec![Earning { project, source, amount, depth: 0 }];
		let mut next = 0;
		while let Some(earning) = queue.get(next) {
			let Earning { project, source, amount, depth } = *earning;
			next += 1;
			let mut kept = amount;
			let royalty = if depth >= T::MaxRoyaltyDepth::get() {
				Perbill::zero()
			} else if depth == 0 {
				earner_royalty
			} else {
				T::Registry::royalty_to_parents(project).unwrap_or_default()
			};
			if let Some(source) = source.filter(|_| !royalty.is_zero() && budget > 0 && reads > 0) {
				let payments =
					Self::royalty_payments(project, source, amount, royalty, &mut reads, budget);
				budget = budget.saturating_sub(payments.len() as u32);
				for payment in payments {
					kept = kept.saturating_sub(payment.amount);
					Self::deposit_event(Event::RoyaltyPaid {
						from: project,
						parent: payment.parent,
						amount: payment.amount,
					});
					queue.push(Earning {
						project: payment.project,
						source: Some(payment.parent),
						amount: payment.amount,
						depth: depth.saturating_add(1),
					});
				}
			}
			match T::Scores::latest_payable_version(project) {
				Some(version) => Self::credit_snapshot(project, version, kept)?,
				None => Self::hold_undistributed(project, kept)?,
			}
		}
		Ok(())
	}

	/// The share `who` holds of `contribution` as one of its authors, if it is one.
	pub(crate) fn author_share(
		contribution: ContributionId,
		who: &T::AccountId,
	) -> Option<Perbill> {
		T::Registry::authors(contribution)
			.into_iter()
			.find_map(|(author, part)| (&author == who).then_some(part))
	}

	/// What `who` is owed of an accrual that `released` so far, as the author holding
	/// `author_share` of a contribution scored `share` (`key`: project, version,
	/// contribution), and how much of that it was not paid yet.
	pub(crate) fn owed(
		who: &T::AccountId,
		key: (ProjectId, SnapshotVersion, ContributionId),
		released: BalanceOf<T>,
		share: Perbill,
		author_share: Perbill,
	) -> (BalanceOf<T>, BalanceOf<T>) {
		let owed = entitlement(released, share, author_share);
		(owed, owed.saturating_sub(Paid::<T>::get(key, who)))
	}

	/// Adds `amount` to the accrual of `project`'s snapshot `version`.
	pub(crate) fn credit_snapshot(
		project: ProjectId,
		version: SnapshotVersion,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		Accruals::<T>::try_mutate(project, version, |accrual| -> DispatchResult {
			accrual.released =
				accrual.released.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			Ok(())
		})?;
		Self::deposit_event(Event::Distributed { project, version, amount });
		Ok(())
	}

	fn hold_undistributed(project: ProjectId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		Undistributed::<T>::try_mutate(project, |held| -> DispatchResult {
			*held = held.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			Ok(())
		})?;
		if !UndistributedSince::<T>::contains_key(project) {
			UndistributedSince::<T>::insert(project, frame_system::Pallet::<T>::block_number());
		}
		Self::deposit_event(Event::HeldUndistributed { project, amount });
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// Sends `project`'s undistributed money to the treasury if it has waited long enough
	/// and the project still has no payable snapshot (audit L9).
	pub(crate) fn do_sweep_undistributed(project: ProjectId) -> DispatchResult {
		let amount = Undistributed::<T>::get(project);
		ensure!(!amount.is_zero(), Error::<T>::NothingUndistributed);
		ensure!(
			T::Scores::latest_payable_version(project).is_none(),
			Error::<T>::PayableSnapshotExists
		);
		let since = UndistributedSince::<T>::get(project).unwrap_or_default();
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			now > since.saturating_add(T::UndistributedTimeout::get()),
			Error::<T>::NotTimedOut
		);
		let to = T::Treasury::get();
		Undistributed::<T>::remove(project);
		UndistributedSince::<T>::remove(project);
		Self::pay_out(&to, amount)?;
		Self::deposit_event(Event::UndistributedSwept { project, amount, to });
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn entitlement_is_the_floor_of_the_product() {
		let half = Perbill::from_percent(50);
		assert_eq!(entitlement(1_000u64, half, half), 250);
		assert_eq!(entitlement(1_001u64, half, half), 250);
		assert_eq!(entitlement(u128::MAX, Perbill::one(), Perbill::one()), u128::MAX);
		assert_eq!(entitlement(7u64, Perbill::from_parts(1), Perbill::one()), 0);
	}

	proptest! {
		/// Whatever the shares, the authors of all contributions are owed at most the amount,
		/// and less than one unit per author is left over.
		#[test]
		fn entitlements_never_exceed_the_amount(
			released in 0u128..u128::MAX / 2,
			weights in proptest::collection::vec(1u32..1_000, 1..20),
			authors in proptest::collection::vec(1u32..5, 1..20),
		) {
			let shares = apportion(&weights);
			let mut owed = 0u128;
			let mut slots = 0u128;
			for (i, share) in shares.iter().enumerate() {
				let n = authors[i % authors.len()];
				for author_share in apportion(&vec![1; n as usize]) {
					owed += entitlement(released, *share, author_share);
					slots += 1;
				}
			}
			prop_assert!(owed <= released);
			prop_assert!(released - owed < slots.max(1));
		}
	}

	/// Shares proportional to `weights`, summing to exactly 100% (largest remainder).
	fn apportion(weights: &[u32]) -> Vec<Perbill> {
		let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
		let mut parts: Vec<u64> =
			weights.iter().map(|w| u64::from(*w) * 1_000_000_000 / total).collect();
		let mut left = 1_000_000_000 - parts.iter().sum::<u64>();
		for part in parts.iter_mut() {
			if left == 0 {
				break;
			}
			*part += 1;
			left -= 1;
		}
		parts.into_iter().map(|p| Perbill::from_parts(p as u32)).collect()
	}
}

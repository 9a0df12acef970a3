//! Derivative rights: who bought a licence that allows building on a contribution whose own
//! terms forbid it. The registry refuses such a contribution as a parent unless the
//! registrar is one of its authors or holds a right recorded here (audit L4).

use attribution_primitives::{traits::DerivativeRights, ContributionId};
use frame::prelude::*;

use crate::{Config, DerivativeGrants, Pallet};

/// The later of two licence ends, `None` (perpetual) being the latest.
pub(crate) fn later_end<T: Config>(
	a: Option<BlockNumberFor<T>>,
	b: Option<BlockNumberFor<T>>,
) -> Option<BlockNumberFor<T>> {
	Some(a?.max(b?))
}

impl<T: Config> Pallet<T> {
	/// Records that `who` may derive from `contribution` until `expires_at` (`None`: for
	/// ever), keeping the later end when it already could.
	pub(crate) fn grant_derivatives(
		contribution: ContributionId,
		who: &T::AccountId,
		expires_at: Option<BlockNumberFor<T>>,
	) {
		DerivativeGrants::<T>::mutate(contribution, who, |grant| {
			*grant = Some(match *grant {
				Some(held) => later_end::<T>(held, expires_at),
				None => expires_at,
			});
		});
	}

	/// Forgets `who`'s right to derive from `contribution` once it has ended: called when one
	/// of its licences is dropped (which only an expired licence can be). The grant holds the
	/// latest end of its licences, so an ended grant means every one of them ended.
	pub(crate) fn drop_expired_grant(contribution: ContributionId, who: &T::AccountId) {
		let now = frame_system::Pallet::<T>::block_number();
		if let Some(Some(end)) = DerivativeGrants::<T>::get(contribution, who) {
			if now > end {
				DerivativeGrants::<T>::remove(contribution, who);
			}
		}
	}
}

impl<T: Config> DerivativeRights<T::AccountId> for Pallet<T> {
	fn may_derive(who: &T::AccountId, contribution: ContributionId) -> bool {
		match DerivativeGrants::<T>::get(contribution, who) {
			Some(None) => true,
			Some(Some(end)) => frame_system::Pallet::<T>::block_number() <= end,
			None => false,
		}
	}
}

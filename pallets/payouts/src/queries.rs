//! Read-only queries behind the runtime API: what an account can claim, its licences.

use alloc::vec::Vec;
use attribution_primitives::{
	payout::{Accrual, Claimable, LicenceId},
	traits::{ContributionRegistry, ScoreProvider},
	ProjectId, SnapshotVersion,
};
use frame::prelude::*;

use crate::{
	Accruals, BalanceOf, ClaimTarget, Config, LicenceOf, Licences, LicencesByHolder, Paid, Pallet,
	Undistributed,
};

impl<T: Config> Pallet<T> {
	/// Everything `who` can claim now, per snapshot and contribution: each contribution it
	/// is an author of, in every snapshot of its project that money was distributed to.
	pub fn claimable(who: &T::AccountId) -> Vec<Claimable<BalanceOf<T>>> {
		let mut found = Vec::new();
		for contribution in T::Registry::contributions_of(who) {
			let Some(info) = T::Registry::contribution_info(contribution) else { continue };
			let Some(author_share) = Self::author_share(contribution, who) else { continue };
			for (version, accrual) in Accruals::<T>::iter_prefix(info.project) {
				let Some(share) = T::Scores::share_of(info.project, version, contribution) else {
					continue;
				};
				let key = (info.project, version, contribution);
				let (_, amount) = Self::owed(who, key, accrual.released, share, author_share);
				if !amount.is_zero() {
					found.push(Claimable { project: info.project, version, contribution, amount });
				}
			}
		}
		found
	}

	/// The claim targets of [`Self::claimable`], ready for [`crate::Call::claim`].
	pub fn claim_targets(who: &T::AccountId) -> Vec<ClaimTarget> {
		Self::claimable(who)
			.into_iter()
			.map(|c| ClaimTarget {
				project: c.project,
				version: c.version,
				contribution: c.contribution,
			})
			.collect()
	}

	/// Everything `who` claimed so far, as an author of any contribution.
	pub fn claimed_by(who: &T::AccountId) -> BalanceOf<T> {
		T::Registry::contributions_of(who)
			.into_iter()
			.filter_map(|c| T::Registry::contribution_info(c).map(|info| (c, info.project)))
			.flat_map(|(c, project)| {
				Accruals::<T>::iter_key_prefix(project)
					.map(move |version| Paid::<T>::get((project, version, c), who))
			})
			.fold(Zero::zero(), |sum: BalanceOf<T>, paid| sum.saturating_add(paid))
	}

	/// What `project` earned per snapshot version, and what waits for its first payable
	/// snapshot.
	pub fn earnings(
		project: ProjectId,
	) -> (Vec<(SnapshotVersion, Accrual<BalanceOf<T>>)>, BalanceOf<T>) {
		(Accruals::<T>::iter_prefix(project).collect(), Undistributed::<T>::get(project))
	}

	/// The licences `who` holds.
	pub fn licences_of(who: &T::AccountId) -> Vec<(LicenceId, LicenceOf<T>)> {
		LicencesByHolder::<T>::iter_key_prefix(who)
			.filter_map(|id| Licences::<T>::get(id).map(|l| (id, l)))
			.collect()
	}
}

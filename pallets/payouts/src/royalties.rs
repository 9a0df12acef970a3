//! The royalty rule: which parents of a contribution are paid, and how much.
//!
//! When a project earns `amount` through contribution `c` and its royalty share to parents is
//! `r`, the parents' part is `r · amount`. Only the parents of `c` that the project's owner
//! approved in `c`'s split ([`RoyaltySplits`], set with
//! [`Call::set_royalty_weights`](crate::Call::set_royalty_weights)) are paid from it:
//!
//! 1. each approved parent first gets its *floor*: its own licence's `royalty` term × `amount`
//!    (the approval is refused when the floors do not fit in `r`; if the share was lowered
//!    since, the floors are scaled down together to fit);
//! 2. what the floors leave of `r · amount` is split by the owner's weights (parts of 100%; a
//!    weight of zero approves a parent for its floor alone); what the weights leave stays
//!    with the project.
//!
//! A parent the registrar declared but the owner did not approve gets nothing, whatever its
//! licence asks: the registrar chooses the parents and could otherwise list sybil projects
//! (with any floor they like) beside a genuine one and take most of the share (audit M1). The
//! owner publishes the split before money flows, and it applies to what is earned afterwards.
//! Parents that are no longer active when money flows (withdrawn, or descended from withdrawn
//! work) are skipped and their part stays with the project.

use alloc::vec::Vec;
use attribution_primitives::{
	traits::{ContributionInfo, ContributionRegistry},
	ContributionId, ProjectId,
};
use frame::{
	arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding},
	prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};

use crate::{BalanceOf, Config, Error, Event, HoldReason, Pallet, RoyaltySplit, RoyaltySplits};

/// One parent a distribution pays: the parent, its project and what it gets.
pub(crate) struct RoyaltyPayment<Balance> {
	pub parent: ContributionId,
	pub project: ProjectId,
	pub amount: Balance,
}

impl<T: Config> Pallet<T> {
	/// Sets (or, with no parents, removes) the royalty split of `contribution`, on the order
	/// of `who`, its project's owner.
	pub(crate) fn do_set_royalty_weights(
		who: T::AccountId,
		contribution: ContributionId,
		parents: BoundedVec<(ContributionId, Perbill), T::MaxRoyaltyWeights>,
	) -> DispatchResult {
		let info =
			T::Registry::contribution_info(contribution).ok_or(Error::<T>::UnknownContribution)?;
		let (owner, _) = T::Registry::project_owner_and_policy(info.project)
			.ok_or(Error::<T>::UnknownProject)?;
		ensure!(owner == who, Error::<T>::NotProjectOwner);
		// Only records that stay for ever get a split (a pending one could be removed, with
		// the deposit); removing one is always possible.
		ensure!(parents.is_empty() || info.active, Error::<T>::NotActive);
		let share = T::Registry::royalty_to_parents(info.project).unwrap_or_default();
		Self::check_split(&info, share, &parents)?;

		if let Some(old) = RoyaltySplits::<T>::take(contribution).filter(|o| !o.deposit.is_zero()) {
			T::Currency::release(
				&HoldReason::RoyaltySplitDeposit.into(),
				&old.owner,
				old.deposit,
				Precision::Exact,
			)?;
		}
		let count = parents.len() as u32;
		if !parents.is_empty() {
			let deposit = T::RoyaltySplitDeposit::get();
			T::Currency::hold(&HoldReason::RoyaltySplitDeposit.into(), &who, deposit)?;
			RoyaltySplits::<T>::insert(contribution, RoyaltySplit { owner: who, deposit, parents });
		}
		Self::deposit_event(Event::RoyaltySplitSet { contribution, parents: count });
		Ok(())
	}

	/// Fails unless `parents` is a valid split of the contribution `info` describes, whose
	/// project gives `share` to parents: distinct active parents of it in other projects,
	/// weights summing to at most 100%, floors fitting in `share`.
	fn check_split(
		info: &ContributionInfo,
		share: Perbill,
		parents: &[(ContributionId, Perbill)],
	) -> DispatchResult {
		let mut weights = 0u64;
		let mut floors = 0u64;
		for (i, (parent, weight)) in parents.iter().enumerate() {
			ensure!(info.parents.contains(parent), Error::<T>::NotAParent);
			ensure!(
				!parents[..i].iter().any(|(earlier, _)| earlier == parent),
				Error::<T>::DuplicateParent
			);
			let record = T::Registry::contribution_info(*parent).ok_or(Error::<T>::NotAParent)?;
			ensure!(record.project != info.project, Error::<T>::SameProjectParent);
			ensure!(record.active, Error::<T>::ParentNotActive);
			weights = weights.saturating_add(u64::from(weight.deconstruct()));
			floors = floors.saturating_add(u64::from(record.licence.royalty.deconstruct()));
		}
		let whole = u64::from(Perbill::one().deconstruct());
		ensure!(weights <= whole, Error::<T>::WeightsExceedWhole);
		ensure!(floors <= u64::from(share.deconstruct()), Error::<T>::FloorsExceedShare);
		Ok(())
	}

	/// What the parents of `source` (earning `amount` for `project`, whose share to parents
	/// is `share`) are paid under the royalty rule, reading at most `*reads` parent records
	/// (decremented by those read) and paying at most `limit` parents. Parents owed nothing
	/// are left out.
	pub(crate) fn royalty_payments(
		project: ProjectId,
		source: ContributionId,
		amount: BalanceOf<T>,
		share: Perbill,
		reads: &mut u32,
		limit: u32,
	) -> Vec<RoyaltyPayment<BalanceOf<T>>> {
		let Some(split) = RoyaltySplits::<T>::get(source) else {
			return Vec::new();
		};
		// The approved parents still active in other projects, with their floors.
		let mut approved: Vec<(ContributionId, ProjectId, Perbill, Perbill)> = Vec::new();
		for (parent, weight) in split.parents.iter() {
			if *reads == 0 {
				break;
			}
			*reads = reads.saturating_sub(1);
			let Some(info) = T::Registry::contribution_info(*parent) else { continue };
			if info.active && info.project != project {
				approved.push((*parent, info.project, info.licence.royalty, *weight));
			}
		}
		// Every part rounds down, so that the payments never add up to more than the share.
		let total = share.mul_floor(amount);
		let floor_sum = approved
			.iter()
			.fold(0u64, |sum, (_, _, floor, _)| sum.saturating_add(u64::from(floor.deconstruct())));
		// Floors as amounts: exact when they fit in the share, scaled down together when the
		// share was lowered since the approval.
		let floor_of = |floor: Perbill| -> BalanceOf<T> {
			if floor_sum <= u64::from(share.deconstruct()) {
				floor.mul_floor(amount)
			} else {
				multiply_by_rational_with_rounding(
					total.saturated_into::<u128>(),
					u128::from(floor.deconstruct()),
					u128::from(floor_sum),
					Rounding::Down,
				)
				.unwrap_or(0)
				.saturated_into()
			}
		};
		let floors_paid = approved.iter().fold(BalanceOf::<T>::zero(), |sum, (_, _, floor, _)| {
			sum.saturating_add(floor_of(*floor))
		});
		let rest = total.saturating_sub(floors_paid);
		approved
			.into_iter()
			.map(|(parent, project, floor, weight)| RoyaltyPayment {
				parent,
				project,
				amount: floor_of(floor).saturating_add(weight.mul_floor(rest)),
			})
			.filter(|payment| !payment.amount.is_zero())
			.take(limit as usize)
			.collect()
	}
}

//! Descendants of withdrawn work, marked *affected* in bounded steps.
//!
//! Withdrawing a contribution cannot rewrite its descendants at once: they are unbounded in
//! number. Instead the withdrawal queues the contribution ([`FrontierQueue`]), and a walk
//! down the `Children` index marks one child per step ([`AffectedBy`], removing it from
//! [`Settled`]) and queues it in turn, breadth first. Each block takes
//! [`Config::GuaranteedPropagationSteps`] steps in `on_initialize`, whatever its load, and
//! more in `on_idle` while weight is left, so a walk of `n` descendants ends within
//! `n / GuaranteedPropagationSteps` blocks at worst and usually within one.
//!
//! Until the walk reaches a descendant, it is still [`Settled`]. What a descendant cannot do
//! once marked, whatever its status: be named as a parent ([`Error::ParentAffected`](crate::Error::ParentAffected)), be
//! licensed or have a licence bought, have a reward pool released on a measurement of it, or
//! take part in a new scoring round (the registry reports it inactive to the other pallets).
//! Registrations racing the walk are caught too: a child registered under a descendant not
//! yet marked is walked when its parent is, because the walk reads the children index when
//! it gets there, and nothing can be registered under a marked one.
//!
//! The runtime API's `affected_by_withdrawal` computes the same set at query time, with its
//! walk limits, so clients see a withdrawal's reach before the walk finishes.

use attribution_primitives::ContributionId;
use frame::prelude::*;

use crate::{
	AffectedBy, Children, Config, Event, FrontierBounds, FrontierItem, FrontierQueue, OrderedId,
	Pallet, Settled, WeightInfo,
};

impl<T: Config> Pallet<T> {
	/// Queues `node` to have its children marked affected by the withdrawal of `root`.
	pub(crate) fn enqueue_frontier(node: ContributionId, root: ContributionId) {
		let (head, tail) = FrontierBounds::<T>::get();
		FrontierQueue::<T>::insert(tail, FrontierItem { node, root, after: None });
		FrontierBounds::<T>::put((head, tail.saturating_add(1)));
	}

	/// Whether the walk has work left.
	pub fn propagation_pending() -> bool {
		let (head, tail) = FrontierBounds::<T>::get();
		head < tail
	}

	/// Takes one step of the walk: walks the next child of the queue's first item, marking
	/// it affected and queueing it if it was not marked yet, or drops the item when its
	/// children are all walked. Returns whether there was a step to take.
	pub fn propagate_withdrawal_step() -> bool {
		let (head, tail) = FrontierBounds::<T>::get();
		if head >= tail {
			return false;
		}
		let Some(mut item) = FrontierQueue::<T>::get(head) else {
			defensive!("the queue holds every position between its bounds");
			FrontierBounds::<T>::put((head.saturating_add(1), tail));
			return true;
		};
		let next = match item.after {
			None => Children::<T>::iter_key_prefix(item.node).next(),
			Some(after) => Children::<T>::iter_key_prefix_from(
				item.node,
				Children::<T>::hashed_key_for(item.node, OrderedId(after)),
			)
			.next(),
		};
		let Some(OrderedId(child)) = next else {
			FrontierQueue::<T>::remove(head);
			FrontierBounds::<T>::put((head.saturating_add(1), tail));
			return true;
		};
		item.after = Some(child);
		FrontierQueue::<T>::insert(head, item);
		if !AffectedBy::<T>::contains_key(child) {
			AffectedBy::<T>::insert(child, item.root);
			Settled::<T>::remove(child);
			Self::enqueue_frontier(child, item.root);
			Self::deposit_event(Event::ContributionAffected { id: child, withdrawn: item.root });
		}
		true
	}

	/// Takes [`Config::GuaranteedPropagationSteps`] steps, fewer if the walk ends; returns
	/// their weight.
	pub(crate) fn propagate_guaranteed_steps() -> Weight {
		// The read that finds the queue empty.
		let mut used = T::DbWeight::get().reads(1);
		for _ in 0..T::GuaranteedPropagationSteps::get() {
			if !Self::propagate_withdrawal_step() {
				break;
			}
			used = used.saturating_add(T::WeightInfo::propagate_withdrawal_step());
		}
		used
	}

	/// Takes steps while `remaining` covers one more; returns their weight.
	pub(crate) fn propagate_while_weight_lasts(remaining: Weight) -> Weight {
		let check = T::DbWeight::get().reads(1);
		let step = T::WeightInfo::propagate_withdrawal_step();
		if !remaining.all_gte(check) {
			return Weight::zero();
		}
		let mut used = check;
		while remaining.all_gte(used.saturating_add(step)) && Self::propagate_withdrawal_step() {
			used = used.saturating_add(step);
		}
		used
	}
}

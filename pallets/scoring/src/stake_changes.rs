//! Stake changes enter the draw late: a change made in relay epoch `e` moves its
//! evaluator's weight in the stake tree only in a block of a later epoch, after the
//! committees due in that block were drawn.
//!
//! The randomness a committee is drawn with comes from the VRF outputs of the relay epoch
//! before the draw, which are public once that epoch ends, a few blocks before this chain's
//! blocks follow. Had a bond, unbond or slash moved the tree at once, someone who saw the
//! randomness first could choose an amount that shifts every later slot's interval and so
//! pick among many committees. Queued, every weight a draw uses was set at least one whole
//! epoch before the randomness existed.

use frame::prelude::*;

use crate::{
	Config, Evaluators, Pallet, QueuedStakeChange, RelayEpoch, StakeChangeBounds, StakeChangeQueue,
};

impl<T: Config> Pallet<T> {
	/// The relay epoch as the latest relay state proof showed it (0 before the first).
	pub fn current_epoch() -> u64 {
		RelayEpoch::<T>::get().map(|(epoch, _)| epoch).unwrap_or_default()
	}

	/// Queues the change of `who`'s draw weight, tagged with the current epoch. A change
	/// queued in an earlier epoch and not applied yet moves to the back with the new tag.
	pub(crate) fn queue_stake_change(who: &T::AccountId) {
		let epoch = Self::current_epoch();
		if let Some((sequence, tagged)) = QueuedStakeChange::<T>::get(who) {
			if tagged == epoch {
				return;
			}
			StakeChangeQueue::<T>::remove(sequence);
		}
		let (head, tail) = StakeChangeBounds::<T>::get();
		StakeChangeQueue::<T>::insert(tail, who);
		QueuedStakeChange::<T>::insert(who, (tail, epoch));
		StakeChangeBounds::<T>::put((head, tail.saturating_add(1)));
	}

	/// Enters up to `limit` queued changes made before the current epoch into the stake tree,
	/// oldest first; returns how many queue entries it consumed (gaps included).
	pub(crate) fn apply_stake_changes(limit: u32) -> u32 {
		let epoch = Self::current_epoch();
		let (mut head, tail) = StakeChangeBounds::<T>::get();
		let mut consumed = 0u32;
		while head < tail && consumed < limit {
			if let Some(who) = StakeChangeQueue::<T>::get(head) {
				let queued = QueuedStakeChange::<T>::get(&who);
				// Tags never decrease along the queue: the first change of this epoch ends
				// the walk.
				if queued.is_some_and(|(_, tagged)| tagged >= epoch) {
					break;
				}
				Self::enter_weight(&who);
				StakeChangeQueue::<T>::remove(head);
				QueuedStakeChange::<T>::remove(&who);
			}
			head = head.saturating_add(1);
			consumed = consumed.saturating_add(1);
		}
		StakeChangeBounds::<T>::put((head, tail));
		consumed
	}

	/// Sets `who`'s weight in the tree to its stake now, or zero while it is leaving.
	fn enter_weight(who: &T::AccountId) {
		Evaluators::<T>::mutate(who, |record| {
			if let Some(evaluator) = record {
				let weight = if evaluator.unbonding_since.is_some() {
					Zero::zero()
				} else {
					evaluator.stake
				};
				Self::set_slot_weight(
					evaluator.slot,
					evaluator.weight.saturated_into(),
					weight.saturated_into(),
				);
				evaluator.weight = weight;
			}
		});
	}

	/// Whether `who` has a change not yet in the tree.
	pub(crate) fn stake_change_pending(who: &T::AccountId) -> bool {
		QueuedStakeChange::<T>::contains_key(who)
	}
}

//! The stake tree: a Fenwick (binary indexed) tree over evaluator slots, so that a seat is
//! drawn with probability proportional to draw weight in `log2(slots)` reads, and a weight
//! changes in `log2(slots)` writes.
//!
//! Slot `i` (1-based) has a weight; node `i` of [`StakeTree`] holds the sum of the weights of
//! slots `(i - lowbit(i), i]`. Slots of evaluators who left are given to newcomers, so the
//! tree grows only with the number of evaluators registered at once.

use frame::prelude::*;

use crate::{Config, FreeSlotCount, FreeSlots, Pallet, SlotOwner, StakeTree, TreeSlots, TreeTotal};

/// The lowest set bit of `i`.
fn lowbit(i: u32) -> u32 {
	i & i.wrapping_neg()
}

impl<T: Config> Pallet<T> {
	/// Gives `who` a slot of weight zero: a free one, or a new one at the end of the tree.
	pub(crate) fn take_slot(who: &T::AccountId) -> Result<u32, DispatchError> {
		let free = FreeSlotCount::<T>::get();
		let slot = match free.checked_sub(1).and_then(FreeSlots::<T>::take) {
			Some(slot) => {
				FreeSlotCount::<T>::put(free.saturating_sub(1));
				slot
			}
			None => Self::append_slot()?,
		};
		SlotOwner::<T>::insert(slot, who);
		Ok(slot)
	}

	/// Frees `slot` (its weight must already be zero) for a later evaluator.
	pub(crate) fn release_slot(slot: u32) {
		SlotOwner::<T>::remove(slot);
		let free = FreeSlotCount::<T>::get();
		FreeSlots::<T>::insert(free, slot);
		FreeSlotCount::<T>::put(free.saturating_add(1));
	}

	/// Appends a slot of weight zero. Its node covers `(i - lowbit(i), i]`: the sum of the
	/// slots before it in that range, `prefix(i - 1) - prefix(i - lowbit(i))`.
	fn append_slot() -> Result<u32, DispatchError> {
		let slot = TreeSlots::<T>::get().checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let node = Self::prefix_sum(slot - 1).saturating_sub(Self::prefix_sum(slot - lowbit(slot)));
		if node > 0 {
			StakeTree::<T>::insert(slot, node);
		}
		TreeSlots::<T>::put(slot);
		Ok(slot)
	}

	/// The sum of the weights of slots `1..=slot`.
	pub(crate) fn prefix_sum(mut slot: u32) -> u128 {
		let mut sum = 0u128;
		while slot > 0 {
			sum = sum.saturating_add(StakeTree::<T>::get(slot));
			slot -= lowbit(slot);
		}
		sum
	}

	/// Changes `slot`'s weight from `old` to `new`.
	pub(crate) fn set_slot_weight(slot: u32, old: u128, new: u128) {
		if old == new {
			return;
		}
		let slots = TreeSlots::<T>::get();
		let mut i = slot;
		while i > 0 && i <= slots {
			StakeTree::<T>::mutate(i, |node| {
				*node = node.saturating_sub(old).saturating_add(new);
			});
			i = match i.checked_add(lowbit(i)) {
				Some(next) => next,
				None => break,
			};
		}
		TreeTotal::<T>::mutate(|total| *total = total.saturating_sub(old).saturating_add(new));
	}

	/// The slot whose weight interval holds `target` (`target < TreeTotal`): the least slot
	/// `s` with `prefix_sum(s) > target`, found by descending the tree in `log2(slots)`
	/// reads.
	pub(crate) fn find_slot(mut target: u128) -> Option<u32> {
		let slots = TreeSlots::<T>::get();
		if slots == 0 {
			return None;
		}
		let mut step = 1u32 << (31 - slots.leading_zeros());
		let mut position = 0u32;
		while step > 0 {
			let next = position.saturating_add(step);
			if next <= slots {
				let node = StakeTree::<T>::get(next);
				if node <= target {
					position = next;
					target -= node;
				}
			}
			step >>= 1;
		}
		let slot = position.saturating_add(1);
		(slot <= slots).then_some(slot)
	}
}

#[cfg(test)]
mod tests {
	use crate::{mock::*, Pallet, TreeTotal};

	type Tree = Pallet<Test>;

	#[test]
	fn seats_land_in_the_interval_of_their_slot() {
		new_test_ext().execute_with(|| {
			let weights = [5u128, 0, 7, 1, 0, 0, 12, 3, 9, 4, 0];
			for (i, w) in weights.iter().enumerate() {
				let slot = Tree::take_slot(&(1000 + i as u64)).unwrap();
				assert_eq!(slot, i as u32 + 1);
				Tree::set_slot_weight(slot, 0, *w);
			}
			assert_eq!(TreeTotal::<Test>::get(), weights.iter().sum::<u128>());
			// Every target lands on the slot whose interval holds it, by a linear walk.
			let mut start = 0u128;
			for (i, w) in weights.iter().enumerate() {
				for target in start..start + w {
					assert_eq!(Tree::find_slot(target), Some(i as u32 + 1), "target {target}");
				}
				start += w;
			}
			assert_eq!(Tree::find_slot(start), None);
			// Prefix sums follow the weights.
			for s in 0..=weights.len() {
				assert_eq!(Tree::prefix_sum(s as u32), weights[..s].iter().sum::<u128>());
			}
		});
	}

	#[test]
	fn freed_slots_are_reused_and_weights_can_change() {
		new_test_ext().execute_with(|| {
			for i in 0..6u64 {
				let slot = Tree::take_slot(&(2000 + i)).unwrap();
				Tree::set_slot_weight(slot, 0, 10);
			}
			Tree::set_slot_weight(3, 10, 0);
			Tree::release_slot(3);
			assert_eq!(Tree::take_slot(&3000).unwrap(), 3);
			assert_eq!(Tree::take_slot(&3001).unwrap(), 7);
			Tree::set_slot_weight(7, 0, 25);
			Tree::set_slot_weight(1, 10, 2);
			assert_eq!(TreeTotal::<Test>::get(), 2 + 10 + 0 + 10 + 10 + 10 + 25);
			assert_eq!(Tree::find_slot(0), Some(1));
			assert_eq!(Tree::find_slot(2), Some(2));
			assert_eq!(Tree::find_slot(12), Some(4));
			assert_eq!(Tree::find_slot(42), Some(7));
			assert_eq!(Tree::find_slot(66), Some(7));
			assert_eq!(Tree::find_slot(67), None);
		});
	}
}

//! Committees: drawn by stake, with relay-chain randomness revealed after the request.
//!
//! A round (a Shapley round, a measurement, or a re-run of either) asks for `k` seats. It
//! is drawn in the first block that sees the relay chain's BABE epoch two after the one it
//! was requested in, with that epoch's randomness (`NextRandomness` in the relay state: a
//! hash of the VRF outputs of the epoch before, which started after the request). No
//! opener, evaluator or single collator knows it when the round is requested, and stake
//! changes made since enter the draw only later ([`crate::stake_changes`]).
//!
//! Each seat is a target drawn uniformly from the total draw weight, landing on the slot
//! whose interval holds it ([`crate::stake_tree`]): seats are drawn with replacement, by
//! stake, so splitting a stake among sybils gains nothing. A seat landing on an evaluator
//! with a conflict of interest (the project's owner, an author, the interested party), or
//! one whose stake not assigned to other work cannot cover one seat, stays empty rather than
//! being drawn again, so that changing either after seeing the randomness cannot steer a
//! redraw (it can only give up one's own seats). A member votes with its seats only as far
//! as the stake it commits covers them ([`Pallet::votes`]). Empty seats and seats without a
//! vote count against every majority of the round ([`Pallet::seats_asked`]): they can make
//! it fail, never hand it to whoever holds the rest.
//!
//! A re-run is drawn from the whole tree with its own, later randomness: an independent and
//! larger committee. It does not leave out the evaluators of the disputed committee: with
//! seats drawn by stake, the disputed committee holds nearly every large honest stake, and
//! drawing from the rest would hand the re-run to whoever split a stake minority into many
//! small accounts (a third of the stake as sybils would hold three quarters of what is left).
//! Members of the disputed committee sit on the re-run only with the stake not assigned to
//! the disputed round. Only the challenger is taken out of the tree for the draw: it chose to be
//! conflicted before the randomness existed, and its seats, left empty, could otherwise make
//! the re-run fail for want of filled seats.

use alloc::{collections::BTreeMap, vec::Vec};
use attribution_primitives::{traits::ContributionRegistry, RoundId};
use frame::{hashing::blake2_256, prelude::*};

use crate::{
	weights::WeightInfo, Config, DrawBounds, DrawQueue, Error, Evaluators, Event, FailureReason,
	Pallet, RelayEpoch, RoundOf, RoundPhase, Rounds, Seats, SlotOwner, TreeTotal,
};

/// Epochs between a request and the epoch whose randomness draws its committee.
pub const DRAW_DELAY_EPOCHS: u64 = 2;

impl<T: Config> Pallet<T> {
	/// Notes the relay chain's epoch and randomness from the block's relay state proof, draws
	/// the committees due, then enters queued stake changes. Called by the runtime in the
	/// parachain inherent, before any transaction of the block. Returns its weight.
	pub fn note_relay_epoch(epoch: u64, randomness: [u8; 32]) -> Weight {
		if RelayEpoch::<T>::get().is_none_or(|(known, _)| epoch > known) {
			RelayEpoch::<T>::put((epoch, randomness));
		}
		Self::process_draws()
	}

	/// The levels of the stake tree a walk down or up it visits: the depth the draw's
	/// weights are benchmarked against.
	pub fn tree_depth() -> u32 {
		Self::depth_of(crate::TreeSlots::<T>::get())
	}

	/// The depth of a stake tree of `slots` slots (at least 1).
	pub fn depth_of(slots: u32) -> u32 {
		(32 - slots.leading_zeros()).max(1)
	}

	/// Queues `round` to be drawn with the randomness of the epoch [`DRAW_DELAY_EPOCHS`]
	/// after the current one; returns that epoch.
	pub(crate) fn queue_draw(round: RoundId) -> u64 {
		let epoch = Self::current_epoch().saturating_add(DRAW_DELAY_EPOCHS);
		let (head, tail) = DrawBounds::<T>::get();
		DrawQueue::<T>::insert(tail, round);
		DrawBounds::<T>::put((head, tail.saturating_add(1)));
		epoch
	}

	/// Draws up to `MaxDrawsPerBlock` committees due by now, oldest first (a queued round
	/// cancelled before its draw takes a draw's place: the walk is bounded); if none is left
	/// overdue, enters up to `MaxStakeChangesPerBlock` queued stake changes (never before an
	/// overdue draw, so a draw never sees a change made after its randomness was known).
	/// Returns its weight, from the benchmarks at the tree's depth: each queue entry taken
	/// as the larger of a drawn and a failed committee of the most seats, and the hook's own
	/// cost with its stake changes.
	pub(crate) fn process_draws() -> Weight {
		let depth = Self::tree_depth();
		let epoch = Self::current_epoch();
		let (mut head, tail) = DrawBounds::<T>::get();
		let mut visited = 0u32;
		let mut overdue = false;
		while head < tail {
			let entry = DrawQueue::<T>::get(head)
				.and_then(|round| Rounds::<T>::get(round).map(|record| (round, record)));
			match &entry {
				Some((_, record)) if matches!(record.phase, RoundPhase::Drawing { epoch: at } if at > epoch) => {
					break
				}
				_ if visited >= T::MaxDrawsPerBlock::get() => {
					overdue = true;
					break;
				}
				_ => {}
			}
			visited = visited.saturating_add(1);
			// Otherwise cancelled before its draw, or no longer drawing.
			if let Some((round, record)) = entry {
				if matches!(record.phase, RoundPhase::Drawing { .. }) {
					Self::draw(round, record);
				}
			}
			DrawQueue::<T>::remove(head);
			head = head.saturating_add(1);
		}
		DrawBounds::<T>::put((head, tail));
		let changes =
			if overdue { 0 } else { Self::apply_stake_changes(T::MaxStakeChangesPerBlock::get()) };
		let per_draw = T::WeightInfo::draw_committee(depth).max(T::WeightInfo::fail_draw(depth));
		let changes_weighed = if changes == 0 { 0 } else { T::MaxStakeChangesPerBlock::get() };
		per_draw
			.saturating_mul(u64::from(visited))
			.saturating_add(T::WeightInfo::enter_stake_changes(changes_weighed, depth))
	}

	/// The committee seed of `round` under `randomness`.
	pub fn committee_seed(randomness: &[u8; 32], round: RoundId) -> [u8; 32] {
		blake2_256(&(b"attribution/committee", randomness, round).encode())
	}

	/// The `index`-th target of a draw with `seed`, uniform in `0..total` (`total > 0`; the
	/// modulo bias of a 128-bit value is below `total / 2^128`).
	pub fn seat_target(seed: &[u8; 32], index: u32, total: u128) -> u128 {
		let hash = blake2_256(&(seed, index).encode());
		let mut bytes = [0u8; 16];
		bytes.copy_from_slice(&hash[..16]);
		u128::from_le_bytes(bytes) % total.max(1)
	}

	/// Draws `round`'s committee and opens its commit period, or fails it when no more than
	/// half of its seats can be filled.
	fn draw(round: RoundId, mut record: RoundOf<T>) {
		let randomness = RelayEpoch::<T>::get().map(|(_, r)| r).unwrap_or_default();
		let seed = Self::committee_seed(&randomness, round);
		let excluded = Self::exclude_challenger(&record);
		let total = TreeTotal::<T>::get();
		let wanted = Self::seats_asked(&record);
		let owner = T::Registry::project_owner_and_policy(record.project).map(|(o, _)| o);
		let mut members: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut conflicted: Vec<T::AccountId> = Vec::new();
		let mut filled = 0u32;
		if total > 0 {
			for index in 0..wanted {
				let target = Self::seat_target(&seed, index, total);
				let Some(who) = Self::find_slot(target).and_then(SlotOwner::<T>::get) else {
					continue;
				};
				if let Some(seats) = members.get_mut(&who) {
					*seats = seats.saturating_add(1);
					filled = filled.saturating_add(1);
					continue;
				}
				if conflicted.contains(&who) {
					continue;
				}
				let conflict = owner.as_ref() == Some(&who)
					|| record.opener == who
					|| record.interested.as_ref() == Some(&who)
					|| T::Registry::is_project_author(record.project, &who);
				let covers_a_seat = Evaluators::<T>::get(&who)
					.is_some_and(|e| e.stake.saturating_sub(e.assigned) >= record.terms.min_stake);
				if conflict || !covers_a_seat {
					conflicted.push(who);
				} else {
					members.insert(who, 1);
					filled = filled.saturating_add(1);
				}
			}
		}
		if let Some((slot, weight)) = excluded {
			Self::set_slot_weight(slot, 0, weight);
		}
		if filled == 0 || filled.saturating_mul(2) <= wanted {
			let _ = Self::fail_round(round, &record, FailureReason::NoEvaluators).defensive();
			return;
		}
		for (who, seats) in &members {
			Seats::<T>::insert(round, who, seats);
			Self::deposit_event(Event::Drawn { round, evaluator: who.clone(), seats: *seats });
		}
		let now = frame_system::Pallet::<T>::block_number();
		record.commit_end = now.saturating_add(record.terms.commit_period);
		record.reveal_end = record.commit_end.saturating_add(record.terms.reveal_period);
		record.seats = filled;
		record.members = members.len() as u32;
		record.phase = RoundPhase::Open;
		Self::deposit_event(Event::CommitteeDrawn {
			round,
			seats: filled,
			members: record.members,
			commit_end: record.commit_end,
			reveal_end: record.reveal_end,
		});
		Rounds::<T>::insert(round, record);
	}

	/// Takes a re-run's challenger (its opener) out of the stake tree for its draw; returns
	/// its slot and weight, to put back after the draw.
	fn exclude_challenger(record: &RoundOf<T>) -> Option<(u32, u128)> {
		record.parent?;
		let evaluator = Evaluators::<T>::get(&record.opener)?;
		let weight: u128 = evaluator.weight.saturated_into();
		if weight == 0 {
			return None;
		}
		Self::set_slot_weight(evaluator.slot, weight, 0);
		Some((evaluator.slot, weight))
	}

	/// The seats `record`'s committee asks for: the denominator of every majority in the
	/// round (its quorum, its draw, the agreement with its consensus), so that seats left
	/// empty, uncovered or unrevealed count against a result, never for one.
	pub fn seats_asked(record: &RoundOf<T>) -> u32 {
		record.terms.committee.min(T::MaxCommittee::get())
	}

	/// The votes of a member holding `seats` that assigned `stake` at `min_stake` per seat:
	/// its seats as far as the stake covers them. A member whose stake is busy elsewhere
	/// cannot vote with seats it risks nothing for.
	pub fn votes(seats: u32, stake: crate::BalanceOf<T>, min_stake: crate::BalanceOf<T>) -> u32 {
		if min_stake.is_zero() {
			return seats;
		}
		let covered: u128 = (stake / min_stake).saturated_into();
		seats.min(covered.saturated_into())
	}

	/// Refuses `who` unless it was drawn to `round`'s committee; returns its seats.
	pub(crate) fn seats_of(round: RoundId, who: &T::AccountId) -> Result<u32, DispatchError> {
		Seats::<T>::get(round, who).ok_or_else(|| Error::<T>::NotDrawn.into())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Seats `members` (one seat each) on `round`'s committee, which then asks for as many
	/// seats, and opens its commit period, as a draw would (benchmarks need committees of a
	/// chosen size).
	pub fn benchmark_seat_committee(round: RoundId, members: &[T::AccountId]) {
		Rounds::<T>::mutate(round, |record| {
			if let Some(record) = record {
				for who in members {
					Seats::<T>::insert(round, who, 1);
				}
				let now = frame_system::Pallet::<T>::block_number();
				record.commit_end = now.saturating_add(record.terms.commit_period);
				record.reveal_end = record.commit_end.saturating_add(record.terms.reveal_period);
				record.seats = members.len() as u32;
				record.members = members.len() as u32;
				record.terms.committee = members.len() as u32;
				record.phase = RoundPhase::Open;
			}
		});
	}

	/// Fills an empty stake tree with `n` evaluators of `stake` each, written directly
	/// (node `i` of a tree of equal weights is `stake · lowbit(i)`).
	pub fn benchmark_fill_tree(n: u32, stake: crate::BalanceOf<T>) {
		let weight: u128 = stake.saturated_into();
		for slot in 1..=n {
			let who: T::AccountId = frame::benchmarking::prelude::account("drawn", slot, 0);
			Evaluators::<T>::insert(
				&who,
				crate::Evaluator {
					stake,
					assigned: Zero::zero(),
					unbonding_since: None,
					active_rounds: 0,
					slot,
					weight: stake,
				},
			);
			SlotOwner::<T>::insert(slot, who);
			crate::StakeTree::<T>::insert(
				slot,
				weight.saturating_mul(u128::from(slot & slot.wrapping_neg())),
			);
		}
		crate::TreeSlots::<T>::put(n);
		TreeTotal::<T>::put(weight.saturating_mul(u128::from(n)));
	}
}

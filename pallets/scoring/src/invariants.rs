//! The pallet's invariants, checked by `try_state` and after every unit test, one function
//! each.

use alloc::{collections::BTreeMap, vec::Vec};
use attribution_primitives::{check, ProjectId};
use frame::{prelude::*, traits::fungible::InspectHold};

use crate::{
	BalanceOf, Commitments, Config, Consensus, DrawBounds, DrawQueue, Evaluators, FreeSlotCount,
	FreeSlots, HoldReason, LatestPayableSnapshot, LatestSnapshot, MeasurementOutcomes, NextRoundId,
	OpenRounds, Pallet, QueuedStakeChange, Reveals, RoundKind, RoundPhase, Rounds, Seats,
	SlotOwner, SnapshotShares, Snapshots, StakeChangeBounds, StakeChangeQueue, StakeTree,
	TreeSlots, TreeTotal,
};

/// Holds expected per account and [`HoldReason`] (by its index in [`REASONS`]).
type ExpectedHolds<T> = BTreeMap<(<T as frame_system::Config>::AccountId, u8), BalanceOf<T>>;

/// The hold reasons, in the order [`ExpectedHolds`] indexes them.
const REASONS: [HoldReason; 3] =
	[HoldReason::EvaluatorStake, HoldReason::RoundDeposit, HoldReason::DisputeBond];

impl<T: Config> Pallet<T> {
	/// Checks every invariant:
	///
	/// 1. Rounds: ids below `NextRoundId`; `members` and `seats` equal the stored seats (at
	///    most `MaxCommittee`, none before the draw); `commits`, `reveals` and
	///    `revealed_seats` equal the stored commitments (of drawn members only), revealed
	///    commitments and the votes their stake covers, and reveals; a disputed round's
	///    re-run exists and names it as parent, and a re-run's parent is disputed by it, one
	///    level up;
	///    aggregated and disputed rounds, and only they, hold a result and a consensus; each
	///    project's `OpenRounds` counts its Shapley rounds that are no re-runs (no zero count
	///    stored); no seat, commitment, reveal or consensus of a round that is gone.
	/// 2. Evaluators: each one's `active_rounds` and `assigned` equal the number and stake
	///    of its commitments (to rounds whose results are not final yet), and `assigned`
	///    never exceeds its stake.
	/// 3. Snapshots: shares sum to exactly 100% or are all zero; the latest version exists;
	///    the share index holds exactly the stored snapshots' shares; the latest payable
	///    version exists and has a positive share.
	/// 4. Holds: every account's holds under each [`HoldReason`] equal what is recorded for
	///    it (evaluator stake; deposits of its open rounds and snapshots; bonds of its
	///    disputes), accounts with no record included (zero).
	/// 5. Measurement outcomes belong to ended rounds: ids below `NextRoundId`, no longer in
	///    `Rounds`.
	/// 6. The stake tree: every evaluator's weight sits at its own slot; each node is the
	///    sum of its range's weights and `TreeTotal` the sum of all; free slots are unowned.
	/// 7. Queues: stake changes and draws lie within their bounds; each queued change and
	///    its entry name each other; every round waiting for a draw is queued.
	pub fn do_try_state() -> Result<(), &'static str> {
		let mut holds = ExpectedHolds::<T>::new();
		Self::try_state_rounds(&mut holds)?;
		Self::try_state_evaluators(&mut holds)?;
		Self::try_state_snapshots(&mut holds)?;
		Self::try_state_holds(&holds)?;
		Self::try_state_measurements()?;
		Self::try_state_stake_tree()?;
		Self::try_state_queues()
	}

	fn expect_hold(
		holds: &mut ExpectedHolds<T>,
		who: &T::AccountId,
		reason: u8,
		amount: BalanceOf<T>,
	) {
		let entry = holds.entry((who.clone(), reason)).or_default();
		*entry = entry.saturating_add(amount);
	}

	/// Invariant 1; notes the rounds' deposits and bonds.
	fn try_state_rounds(holds: &mut ExpectedHolds<T>) -> Result<(), &'static str> {
		let next_round = NextRoundId::<T>::get();
		let mut open_rounds: BTreeMap<ProjectId, u32> = BTreeMap::new();
		for (id, round) in Rounds::<T>::iter() {
			check(id < next_round, "1: round id at or above NextRoundId")?;
			if round.parent.is_none() && matches!(round.kind, RoundKind::Score { .. }) {
				let open = open_rounds.entry(round.project).or_default();
				*open = open.saturating_add(1);
			}
			let seats: Vec<(T::AccountId, u32)> = Seats::<T>::iter_prefix(id).collect();
			check(seats.len() as u32 == round.members, "1: members differ from Seats")?;
			let seated: u32 = seats.iter().map(|(_, n)| *n).sum();
			check(seated == round.seats, "1: seats differ from Seats")?;
			check(round.seats <= T::MaxCommittee::get(), "1: more seats than MaxCommittee")?;
			if matches!(round.phase, RoundPhase::Drawing { .. }) {
				check(seats.is_empty(), "1: seats of a round not drawn yet")?;
			}
			let commitments: Vec<_> = Commitments::<T>::iter_prefix(id).collect();
			check(commitments.len() as u32 == round.commits, "1: commits differ from Commitments")?;
			check(
				commitments.iter().all(|(who, _)| seats.iter().any(|(s, _)| s == who)),
				"1: commitment of an evaluator not drawn",
			)?;
			let revealed: Vec<_> = commitments.iter().filter(|(_, c)| c.revealed).collect();
			check(revealed.len() as u32 == round.reveals, "1: reveals differ from commitments")?;
			// A revealed commitment keeps its stake until its round is gone: only members who
			// did not reveal are slashed before then.
			let revealed_votes: u32 = revealed
				.iter()
				.filter_map(|(who, c)| {
					let seats = seats.iter().find(|(s, _)| s == who).map(|(_, n)| *n)?;
					Some(Self::votes(seats, c.stake, round.terms.min_stake))
				})
				.sum();
			check(
				revealed_votes == round.revealed_seats,
				"1: revealed_seats differ from the revealed votes",
			)?;
			let stored = Reveals::<T>::iter_prefix(id).count() as u32;
			check(stored == round.reveals, "1: reveals differ from Reveals")?;
			Self::expect_hold(holds, &round.opener, 1, round.deposit);
			if let RoundPhase::Disputed { challenger, bond, rerun, .. } = &round.phase {
				Self::expect_hold(holds, challenger, 2, *bond);
				check(
					Rounds::<T>::get(rerun).is_some_and(|r| r.parent == Some(id)),
					"1: disputed round without its re-run",
				)?;
			}
			if let Some(parent) = round.parent {
				check(
					Rounds::<T>::get(parent).is_some_and(|p| {
						matches!(p.phase, RoundPhase::Disputed { rerun, .. } if rerun == id)
							&& round.level == p.level.saturating_add(1)
					}),
					"1: re-run of a round not disputed by it, or not one level below it",
				)?;
			}
			let aggregated =
				matches!(round.phase, RoundPhase::Aggregated { .. } | RoundPhase::Disputed { .. });
			check(
				aggregated == round.result.is_some()
					&& aggregated == Consensus::<T>::contains_key(id),
				"1: an aggregated round without its result and consensus, or one with them before",
			)?;
		}
		let counted: BTreeMap<ProjectId, u32> = OpenRounds::<T>::iter().collect();
		check(counted == open_rounds, "1: OpenRounds differ from the projects' Shapley rounds")?;
		check(
			Commitments::<T>::iter_keys().all(|(round, _)| Rounds::<T>::contains_key(round)),
			"1: commitment of a round that is gone",
		)?;
		check(
			Seats::<T>::iter_keys().all(|(round, _)| Rounds::<T>::contains_key(round)),
			"1: seat of a round that is gone",
		)?;
		check(
			Consensus::<T>::iter_keys().all(|round| Rounds::<T>::contains_key(round)),
			"1: consensus of a round that is gone",
		)?;
		check(
			Reveals::<T>::iter_keys().all(|(round, _)| Rounds::<T>::contains_key(round)),
			"1: reveal of a round that is gone",
		)
	}

	/// Invariant 2; notes the evaluators' stakes.
	fn try_state_evaluators(holds: &mut ExpectedHolds<T>) -> Result<(), &'static str> {
		let mut open: BTreeMap<T::AccountId, (u32, BalanceOf<T>)> = BTreeMap::new();
		for (_, who, commitment) in Commitments::<T>::iter() {
			let entry = open.entry(who).or_default();
			entry.0 += 1;
			entry.1 = entry.1.saturating_add(commitment.stake);
		}
		for (who, evaluator) in Evaluators::<T>::iter() {
			let (rounds, assigned) = open.remove(&who).unwrap_or_default();
			check(rounds == evaluator.active_rounds, "2: active_rounds differs from commitments")?;
			check(assigned == evaluator.assigned, "2: assigned differs from commitments")?;
			check(evaluator.assigned <= evaluator.stake, "2: more stake assigned than held")?;
			Self::expect_hold(holds, &who, 0, evaluator.stake);
		}
		check(open.is_empty(), "2: open commitment of an account that is not an evaluator")
	}

	/// Invariant 6: the stake tree holds every evaluator's weight at its own slot, each node
	/// the sum of its range, `TreeTotal` the sum of all; free slots have no owner.
	fn try_state_stake_tree() -> Result<(), &'static str> {
		let slots = TreeSlots::<T>::get();
		let mut leaves: Vec<u128> = alloc::vec![0; slots as usize + 1];
		let mut total = 0u128;
		for (who, evaluator) in Evaluators::<T>::iter() {
			check(evaluator.slot >= 1 && evaluator.slot <= slots, "6: slot outside the tree")?;
			check(SlotOwner::<T>::get(evaluator.slot) == Some(who), "6: slot owned by another")?;
			let weight: u128 = evaluator.weight.saturated_into();
			leaves[evaluator.slot as usize] = weight;
			total = total.saturating_add(weight);
		}
		check(
			SlotOwner::<T>::iter()
				.all(|(slot, who)| Evaluators::<T>::get(&who).is_some_and(|e| e.slot == slot)),
			"6: slot owner that is not its evaluator",
		)?;
		check(total == TreeTotal::<T>::get(), "6: TreeTotal differs from the weights")?;
		for node in 1..=slots {
			let low = node & node.wrapping_neg();
			let expected: u128 = leaves[(node - low + 1) as usize..=node as usize].iter().sum();
			check(StakeTree::<T>::get(node) == expected, "6: tree node differs from its range")?;
		}
		check(
			StakeTree::<T>::iter_keys().all(|node| node >= 1 && node <= slots),
			"6: tree node outside the tree",
		)?;
		let free = FreeSlotCount::<T>::get();
		check(FreeSlots::<T>::iter().count() as u32 == free, "6: FreeSlotCount differs")?;
		for (index, slot) in FreeSlots::<T>::iter() {
			check(index < free, "6: free slot index out of range")?;
			check(!SlotOwner::<T>::contains_key(slot), "6: free slot has an owner")?;
		}
		Ok(())
	}

	/// Invariant 7: each queued stake change and each queued draw lies within its queue's
	/// bounds, and each queued evaluator's entry names it.
	fn try_state_queues() -> Result<(), &'static str> {
		let (head, tail) = StakeChangeBounds::<T>::get();
		check(head <= tail, "7: stake change queue head past its tail")?;
		for (sequence, who) in StakeChangeQueue::<T>::iter() {
			check(sequence >= head && sequence < tail, "7: stake change outside the queue")?;
			check(
				QueuedStakeChange::<T>::get(&who).is_some_and(|(s, _)| s == sequence),
				"7: queued stake change without its entry",
			)?;
		}
		for (who, (sequence, _)) in QueuedStakeChange::<T>::iter() {
			check(
				StakeChangeQueue::<T>::get(sequence) == Some(who),
				"7: stake change entry without its queue item",
			)?;
		}
		let (head, tail) = DrawBounds::<T>::get();
		check(head <= tail, "7: draw queue head past its tail")?;
		check(
			DrawQueue::<T>::iter_keys().all(|sequence| sequence >= head && sequence < tail),
			"7: draw outside the queue",
		)?;
		for (id, round) in Rounds::<T>::iter() {
			if matches!(round.phase, RoundPhase::Drawing { .. }) {
				check(
					DrawQueue::<T>::iter_values().any(|queued| queued == id),
					"7: round waiting for a draw that is not queued",
				)?;
			}
		}
		Ok(())
	}

	/// Invariant 3; notes the snapshots' deposits.
	fn try_state_snapshots(holds: &mut ExpectedHolds<T>) -> Result<(), &'static str> {
		for (project, version, snapshot) in Snapshots::<T>::iter() {
			check(version <= LatestSnapshot::<T>::get(project), "3: snapshot newer than latest")?;
			let total: u64 = snapshot.shares.iter().map(|(_, s)| u64::from(s.deconstruct())).sum();
			check(total == 1_000_000_000 || total == 0, "3: shares do not sum to 100%")?;
			Self::expect_hold(holds, &snapshot.depositor, 1, snapshot.deposit);
			check(
				snapshot.shares.iter().all(|(id, share)| {
					SnapshotShares::<T>::get((project, version), id) == Some(*share)
				}),
				"3: share index differs from the snapshot",
			)?;
			check(
				SnapshotShares::<T>::iter_prefix((project, version)).count()
					== snapshot.shares.len(),
				"3: share index has entries the snapshot does not",
			)?;
		}
		check(
			SnapshotShares::<T>::iter_keys()
				.all(|((project, version), _)| Snapshots::<T>::contains_key(project, version)),
			"3: share index of a pruned snapshot",
		)?;
		for (project, payable) in LatestPayableSnapshot::<T>::iter() {
			check(
				Snapshots::<T>::get(project, payable)
					.is_some_and(|s| s.shares.iter().any(|(_, share)| !share.is_zero())),
				"3: latest payable snapshot missing or all zero",
			)?;
		}
		for (project, latest) in LatestSnapshot::<T>::iter() {
			check(Snapshots::<T>::contains_key(project, latest), "3: latest snapshot missing")?;
		}
		Ok(())
	}

	/// Invariant 4.
	fn try_state_holds(holds: &ExpectedHolds<T>) -> Result<(), &'static str> {
		// Every account the system pallet stores (where the runtime's balances live), not only
		// those with records: a hold whose record is gone is caught too.
		let mut holders: alloc::collections::BTreeSet<T::AccountId> =
			holds.keys().map(|(who, _)| who.clone()).collect();
		holders.extend(Evaluators::<T>::iter_keys());
		holders.extend(frame_system::Account::<T>::iter_keys());
		for who in holders {
			for (index, reason) in REASONS.iter().enumerate() {
				let recorded = holds.get(&(who.clone(), index as u8)).copied().unwrap_or_default();
				let held = T::Currency::balance_on_hold(&(*reason).into(), &who);
				check(
					held == recorded,
					"4: holds differ from recorded stakes, deposits and bonds",
				)?;
			}
		}
		Ok(())
	}

	/// Invariant 5.
	fn try_state_measurements() -> Result<(), &'static str> {
		let next_round = NextRoundId::<T>::get();
		for id in MeasurementOutcomes::<T>::iter_keys() {
			check(id < next_round, "5: outcome of a measurement never opened")?;
			check(!Rounds::<T>::contains_key(id), "5: outcome of a measurement still open")?;
		}
		Ok(())
	}
}

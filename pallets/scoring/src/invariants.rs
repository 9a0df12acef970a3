//! The pallet's invariants, checked by `try_state` and after every unit test, one function
//! each.

use alloc::{collections::BTreeMap, vec::Vec};
use attribution_primitives::check;
use frame::{prelude::*, traits::fungible::InspectHold};

use crate::{
	BalanceOf, Commitments, Config, Evaluators, HoldReason, LatestPayableSnapshot, LatestSnapshot,
	MeasurementOutcomes, NextRoundId, Pallet, Reveals, RoundPhase, Rounds, SnapshotShares,
	Snapshots,
};

/// Holds expected per account and [`HoldReason`] (by its index in [`REASONS`]).
type ExpectedHolds<T> = BTreeMap<(<T as frame_system::Config>::AccountId, u8), BalanceOf<T>>;

/// The hold reasons, in the order [`ExpectedHolds`] indexes them.
const REASONS: [HoldReason; 3] =
	[HoldReason::EvaluatorStake, HoldReason::RoundDeposit, HoldReason::DisputeBond];

impl<T: Config> Pallet<T> {
	/// Checks every invariant:
	///
	/// 1. Rounds: ids below `NextRoundId`; `commits`, `reveals` and `revealed_stake` equal
	///    the stored commitments, revealed commitments and their stake, and reveals; at most
	///    `MaxEvaluatorsPerRound`; no commitment or reveal of a round that is gone.
	/// 2. Evaluators: at most `MaxEvaluators`; each one's `active_rounds` and `assigned`
	///    equal the number and stake of its commitments to rounds not aggregated yet, and
	///    `assigned` never exceeds its stake.
	/// 3. Snapshots: shares sum to exactly 100% or are all zero; the latest version exists;
	///    the share index holds exactly the stored snapshots' shares; the latest payable
	///    version exists and has a positive share.
	/// 4. Holds: every account's holds under each [`HoldReason`] equal what is recorded for
	///    it (evaluator stake; deposits of its open rounds and snapshots; bonds of its
	///    disputes).
	/// 5. Measurement outcomes belong to ended rounds: ids below `NextRoundId`, no longer in
	///    `Rounds`.
	pub fn do_try_state() -> Result<(), &'static str> {
		let mut holds = ExpectedHolds::<T>::new();
		Self::try_state_rounds(&mut holds)?;
		Self::try_state_evaluators(&mut holds)?;
		Self::try_state_snapshots(&mut holds)?;
		Self::try_state_holds(&holds)?;
		Self::try_state_measurements()
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
		for (id, round) in Rounds::<T>::iter() {
			check(id < next_round, "1: round id at or above NextRoundId")?;
			let commitments: Vec<_> = Commitments::<T>::iter_prefix(id).collect();
			check(commitments.len() as u32 == round.commits, "1: commits differ from Commitments")?;
			let revealed: Vec<_> = commitments.iter().filter(|(_, c)| c.revealed).collect();
			check(revealed.len() as u32 == round.reveals, "1: reveals differ from commitments")?;
			let stake = revealed
				.iter()
				.fold(BalanceOf::<T>::zero(), |sum, (_, c)| sum.saturating_add(c.stake));
			check(stake == round.revealed_stake, "1: revealed_stake differs from commitments")?;
			let stored = Reveals::<T>::iter_prefix(id).count() as u32;
			check(stored == round.reveals, "1: reveals differ from Reveals")?;
			check(round.commits <= T::MaxEvaluatorsPerRound::get(), "1: too many commitments")?;
			Self::expect_hold(holds, &round.opener, 1, round.deposit);
			if let RoundPhase::Disputed { challenger, bond, .. } = &round.phase {
				Self::expect_hold(holds, challenger, 2, *bond);
			}
		}
		check(
			Commitments::<T>::iter_keys().all(|(round, _)| Rounds::<T>::contains_key(round)),
			"1: commitment of a round that is gone",
		)?;
		check(
			Reveals::<T>::iter_keys().all(|(round, _)| Rounds::<T>::contains_key(round)),
			"1: reveal of a round that is gone",
		)
	}

	/// Invariant 2; notes the evaluators' stakes.
	fn try_state_evaluators(holds: &mut ExpectedHolds<T>) -> Result<(), &'static str> {
		let mut open: BTreeMap<T::AccountId, (u32, BalanceOf<T>)> = BTreeMap::new();
		for (id, round) in Rounds::<T>::iter() {
			if matches!(round.phase, RoundPhase::Open) {
				for (who, commitment) in Commitments::<T>::iter_prefix(id) {
					let entry = open.entry(who).or_default();
					entry.0 += 1;
					entry.1 = entry.1.saturating_add(commitment.stake);
				}
			}
		}
		check(Evaluators::<T>::count() <= T::MaxEvaluators::get(), "2: too many evaluators")?;
		for (who, evaluator) in Evaluators::<T>::iter() {
			let (rounds, assigned) = open.remove(&who).unwrap_or_default();
			check(rounds == evaluator.active_rounds, "2: active_rounds differs from commitments")?;
			check(assigned == evaluator.assigned, "2: assigned differs from commitments")?;
			check(evaluator.assigned <= evaluator.stake, "2: more stake assigned than held")?;
			Self::expect_hold(holds, &who, 0, evaluator.stake);
		}
		check(open.is_empty(), "2: open commitment of an account that is not an evaluator")
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
		let mut holders: alloc::collections::BTreeSet<T::AccountId> =
			holds.keys().map(|(who, _)| who.clone()).collect();
		holders.extend(Evaluators::<T>::iter_keys());
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

//! The pallet's invariants, checked by `try_state` and after every unit test.

use alloc::collections::BTreeMap;
use attribution_primitives::check;
use frame::{prelude::*, traits::fungible::InspectHold};

use crate::{
	BalanceOf, Commitments, Config, Evaluators, HoldReason, LatestPayableSnapshot, LatestSnapshot,
	NextRoundId, Pallet, Reveals, RoundPhase, Rounds, SnapshotShares, Snapshots,
};

impl<T: Config> Pallet<T> {
	/// Checks every invariant:
	///
	/// 1. Rounds: ids below `NextRoundId`; `commits` and `reveals` equal the stored
	///    commitments, revealed commitments and reveals; at most `MaxEvaluatorsPerRound`.
	/// 2. Evaluators: at most `MaxEvaluators`; each one's `active_rounds` equals the open
	///    rounds it committed to.
	/// 3. Snapshots: shares sum to exactly 100% or are all zero; the latest version exists;
	///    the share index holds exactly the stored snapshots' shares; the latest payable
	///    version exists and has a positive share.
	/// 4. Holds: every account's holds under each [`HoldReason`] equal what is recorded for
	///    it (evaluator stake; deposits of its open rounds and snapshots; bonds of its
	///    disputes).
	pub fn do_try_state() -> Result<(), &'static str> {
		let mut expected: BTreeMap<(T::AccountId, u8), BalanceOf<T>> = BTreeMap::new();
		let mut add = |who: &T::AccountId, reason: u8, amount: BalanceOf<T>| {
			let entry = expected.entry((who.clone(), reason)).or_default();
			*entry = entry.saturating_add(amount);
		};
		let mut active: BTreeMap<T::AccountId, u32> = BTreeMap::new();

		let next_round = NextRoundId::<T>::get();
		for (id, round) in Rounds::<T>::iter() {
			check(id < next_round, "1: round id at or above NextRoundId")?;
			let commitments: alloc::vec::Vec<_> = Commitments::<T>::iter_prefix(id).collect();
			check(commitments.len() as u32 == round.commits, "1: commits differ from Commitments")?;
			let revealed = commitments.iter().filter(|(_, c)| c.revealed).count() as u32;
			check(revealed == round.reveals, "1: reveals differ from revealed commitments")?;
			let stored = Reveals::<T>::iter_prefix(id).count() as u32;
			check(stored == round.reveals, "1: reveals differ from Reveals")?;
			check(round.commits <= T::MaxEvaluatorsPerRound::get(), "1: too many commitments")?;
			if matches!(round.phase, RoundPhase::Open) {
				for (who, _) in &commitments {
					*active.entry(who.clone()).or_default() += 1;
				}
			}
			add(&round.opener, 1, round.deposit);
			if let RoundPhase::Disputed { challenger, bond, .. } = &round.phase {
				add(challenger, 2, *bond);
			}
		}

		check(Evaluators::<T>::count() <= T::MaxEvaluators::get(), "2: too many evaluators")?;
		for (who, evaluator) in Evaluators::<T>::iter() {
			let committed = active.get(&who).copied().unwrap_or(0);
			check(
				committed == evaluator.active_rounds,
				"2: active_rounds differs from commitments",
			)?;
			add(&who, 0, evaluator.stake);
		}

		for (project, version, snapshot) in Snapshots::<T>::iter() {
			check(version <= LatestSnapshot::<T>::get(project), "3: snapshot newer than latest")?;
			let total: u64 = snapshot.shares.iter().map(|(_, s)| u64::from(s.deconstruct())).sum();
			check(total == 1_000_000_000 || total == 0, "3: shares do not sum to 100%")?;
			add(&snapshot.depositor, 1, snapshot.deposit);
			check(
				snapshot.shares.iter().all(|(id, share)| {
					SnapshotShares::<T>::get((project, version), id) == Some(*share)
				}),
				"3: share index differs from the snapshot",
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

		let reasons =
			[HoldReason::EvaluatorStake, HoldReason::RoundDeposit, HoldReason::DisputeBond];
		let mut holders: alloc::collections::BTreeSet<T::AccountId> =
			expected.keys().map(|(who, _)| who.clone()).collect();
		holders.extend(Evaluators::<T>::iter_keys());
		for who in holders {
			for (index, reason) in reasons.iter().enumerate() {
				let recorded =
					expected.get(&(who.clone(), index as u8)).copied().unwrap_or_default();
				let held = T::Currency::balance_on_hold(&(*reason).into(), &who);
				check(
					held == recorded,
					"4: holds differ from recorded stakes, deposits and bonds",
				)?;
			}
		}
		Ok(())
	}
}

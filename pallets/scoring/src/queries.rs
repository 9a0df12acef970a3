//! Read-only queries for the runtime API.

use alloc::vec::Vec;
use attribution_primitives::api::{Assignment, MAX_ASSIGNMENTS};
use frame::prelude::*;

use crate::{Commitments, Config, Evaluators, Pallet, RoundKind, RoundPhase, Rounds};

/// Most open rounds [`Pallet::assignments`] reads.
pub const MAX_ROUNDS_SCANNED: usize = 10_000;

impl<T: Config> Pallet<T> {
	/// The open work of evaluator `who`, by round id: rounds it committed to and that are not
	/// aggregated yet, then rounds in their commit period that it may join (it is a
	/// registered evaluator not leaving, and `commit`'s conflict-of-interest check lets it).
	/// At most [`MAX_ASSIGNMENTS`] entries,
	/// from at most [`MAX_ROUNDS_SCANNED`] open rounds.
	pub fn assignments(who: &T::AccountId) -> Vec<Assignment<BlockNumberFor<T>>> {
		let now = frame_system::Pallet::<T>::block_number();
		let may_join = Evaluators::<T>::get(who).is_some_and(|e| e.unbonding_since.is_none());
		let mut work: Vec<(bool, Assignment<BlockNumberFor<T>>)> = Rounds::<T>::iter()
			.take(MAX_ROUNDS_SCANNED)
			.filter(|(_, round)| matches!(round.phase, RoundPhase::Open))
			.filter_map(|(id, round)| {
				let commitment = Commitments::<T>::get(id, who);
				let joinable = commitment.is_none()
					&& may_join && now <= round.commit_end
					&& Self::ensure_no_conflict(who, &round).is_ok();
				(commitment.is_some() || joinable).then(|| {
					(
						commitment.is_none(),
						Assignment {
							round: id,
							project: round.project,
							measurement: matches!(round.kind, RoundKind::Measurement { .. }),
							committed: commitment.is_some(),
							revealed: commitment.is_some_and(|c| c.revealed),
							commit_end: round.commit_end,
							reveal_end: round.reveal_end,
						},
					)
				})
			})
			.collect();
		work.sort_by_key(|(open, a)| (*open, a.round));
		work.into_iter().take(MAX_ASSIGNMENTS as usize).map(|(_, a)| a).collect()
	}
}

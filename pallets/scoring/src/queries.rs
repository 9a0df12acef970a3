//! Read-only queries for the runtime API.

use alloc::vec::Vec;
use attribution_primitives::api::{Assignment, MAX_ASSIGNMENTS};
use frame::prelude::*;

use crate::{Commitments, Config, Pallet, RoundKind, RoundPhase, Rounds, Seats};

/// Most open rounds [`Pallet::assignments`] reads.
pub const MAX_ROUNDS_SCANNED: usize = 10_000;

impl<T: Config> Pallet<T> {
	/// The open work of evaluator `who`, by round id: rounds whose committee it was drawn to
	/// and that are not aggregated yet, committed ones first. At most [`MAX_ASSIGNMENTS`]
	/// entries, from at most [`MAX_ROUNDS_SCANNED`] rounds.
	pub fn assignments(who: &T::AccountId) -> Vec<Assignment<BlockNumberFor<T>>> {
		let mut work: Vec<(bool, Assignment<BlockNumberFor<T>>)> = Rounds::<T>::iter()
			.take(MAX_ROUNDS_SCANNED)
			.filter(|(_, round)| matches!(round.phase, RoundPhase::Open))
			.filter_map(|(id, round)| {
				let seats = Seats::<T>::get(id, who)?;
				let commitment = Commitments::<T>::get(id, who);
				Some((
					commitment.is_none(),
					Assignment {
						round: id,
						project: round.project,
						measurement: matches!(round.kind, RoundKind::Measurement { .. }),
						seats,
						committed: commitment.is_some(),
						revealed: commitment.is_some_and(|c| c.revealed),
						commit_end: round.commit_end,
						reveal_end: round.reveal_end,
					},
				))
			})
			.collect();
		work.sort_by_key(|(open, a)| (*open, a.round));
		work.into_iter().take(MAX_ASSIGNMENTS as usize).map(|(_, a)| a).collect()
	}
}

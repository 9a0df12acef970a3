//! Disputes of aggregated results.

use attribution_primitives::RoundId;
use frame::{
	prelude::*,
	traits::{
		fungible::{BalancedHold, MutateHold},
		tokens::{imbalance::Imbalance as _, Precision},
		OnUnbalanced,
	},
};

use crate::{
	Config, Error, Event, FailureReason, HoldReason, Pallet, RoundPhase, Rounds, SlashReason,
};

impl<T: Config> Pallet<T> {
	/// Disputes `round`'s aggregated result, holding `DisputeBond` from `who`.
	pub(crate) fn do_dispute(who: T::AccountId, round: RoundId) -> DispatchResult {
		let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		let RoundPhase::Aggregated { dispute_end } = record.phase else {
			return Err(Error::<T>::NotAggregated.into());
		};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= dispute_end, Error::<T>::DisputeWindowClosed);
		let bond = T::DisputeBond::get();
		T::Currency::hold(&HoldReason::DisputeBond.into(), &who, bond)?;
		record.phase = RoundPhase::Disputed { challenger: who.clone(), bond, dispute_end };
		Rounds::<T>::insert(round, record);
		Self::deposit_event(Event::Disputed { round, challenger: who });
		Ok(())
	}

	/// Decides `round`'s dispute: `upheld` discards the result and returns the bond;
	/// otherwise the bond is slashed and the round waits for its window to end.
	pub(crate) fn do_resolve_dispute(round: RoundId, upheld: bool) -> DispatchResult {
		let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		let RoundPhase::Disputed { challenger, bond, dispute_end } = record.phase.clone() else {
			return Err(Error::<T>::NotDisputed.into());
		};
		if upheld {
			T::Currency::release(
				&HoldReason::DisputeBond.into(),
				&challenger,
				bond,
				Precision::Exact,
			)?;
			Self::fail_round(round, &record, FailureReason::DisputeUpheld)?;
		} else {
			let (credit, _missing) = <T::Currency as BalancedHold<T::AccountId>>::slash(
				&HoldReason::DisputeBond.into(),
				&challenger,
				bond,
			);
			let amount = credit.peek();
			T::Slash::on_unbalanced(credit);
			Self::deposit_event(Event::Slashed {
				who: challenger,
				round,
				amount,
				reason: SlashReason::DismissedDispute,
			});
			record.phase = RoundPhase::Aggregated { dispute_end };
			Rounds::<T>::insert(round, record);
		}
		Self::deposit_event(Event::DisputeResolved { round, upheld });
		Ok(())
	}
}

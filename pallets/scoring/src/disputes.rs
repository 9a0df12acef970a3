//! Disputes of aggregated results: a bond sized to what is at stake, a re-run by a fresh,
//! larger committee whose result stands, the losing side slashed, and governance as the
//! last resort.
//!
//! A dispute ends without anyone deciding it: the re-run is drawn, measures, is aggregated
//! and, once its own dispute window passes without a further dispute, its finalization
//! settles the dispute ([`Pallet::settle_dispute`]). A re-run without a result (too few
//! reveals, no majority, nobody to draw) leaves the disputed result standing and returns
//! the bond.

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
	aggregation, BalanceOf, Config, Consensus, Error, Event, FailureReason, HoldReason, Opening,
	Pallet, RoundOf, RoundPhase, RoundResult, Rounds, SlashReason,
};

impl<T: Config> Pallet<T> {
	/// The bond a dispute of `record` holds: `DisputeBond`, or `DisputeBondRatio` of what
	/// is at stake when that is more.
	pub fn dispute_bond(record: &RoundOf<T>) -> BalanceOf<T> {
		T::DisputeBond::get().max(T::DisputeBondRatio::get() * record.at_stake)
	}

	/// The seats of a re-run of a committee of `seats`: half as many again, made odd (so
	/// that its votes never split evenly), at most `MaxCommittee`.
	pub fn rerun_committee(seats: u32) -> u32 {
		let larger = seats.saturating_add(seats / 2);
		let odd = if larger % 2 == 0 { larger.saturating_add(1) } else { larger };
		odd.min(T::MaxCommittee::get())
	}

	/// Disputes `round`'s aggregated result, holding the bond from `who`, and opens its
	/// re-run.
	pub(crate) fn do_dispute(who: T::AccountId, round: RoundId) -> DispatchResult {
		let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		let RoundPhase::Aggregated { dispute_end } = record.phase else {
			return Err(Error::<T>::NotAggregated.into());
		};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= dispute_end, Error::<T>::DisputeWindowClosed);
		ensure!(record.level < T::MaxDisputeLevels::get(), Error::<T>::NoFurtherEscalation);
		let mut terms = record.terms;
		let larger = Self::rerun_committee(terms.committee);
		// A re-run no larger than the committee it judges would settle nothing.
		ensure!(larger > terms.committee, Error::<T>::NoFurtherEscalation);
		terms.committee = larger;
		let bond = Self::dispute_bond(&record);
		T::Currency::hold(&HoldReason::DisputeBond.into(), &who, bond)?;
		let (rerun, _) = Self::open(Opening {
			opener: who.clone(),
			deposit: Zero::zero(),
			project: record.project,
			kind: record.kind.clone(),
			terms,
			interested: record.interested.clone(),
			at_stake: record.at_stake,
			parent: Some(round),
		})?;
		record.phase = RoundPhase::Disputed { challenger: who.clone(), bond, dispute_end, rerun };
		Rounds::<T>::insert(round, record);
		Self::deposit_event(Event::Disputed { round, challenger: who, bond, rerun });
		Ok(())
	}

	/// Settles `parent`'s dispute by its re-run `rerun`, whose result is final: if the
	/// re-run's consensus lies within the parent's tolerance of the parent's, the dispute is
	/// dismissed (the bond slashed, the parent's outliers slashed as such); otherwise it is
	/// upheld (the bond returned, the re-run's result and consensus taken, and the parent's
	/// reveals outside the tolerance around it slashed `WrongResultSlash`: the evaluators
	/// the parent's consensus left out but the re-run agrees with lose nothing). Either way
	/// the parent's result then becomes final. Returns the
	/// commitments and shares the parent's finalization handled.
	pub(crate) fn settle_dispute(
		parent: RoundId,
		rerun: RoundId,
		result: Option<RoundResult<T::MaxPlayers>>,
		consensus: Option<BoundedVec<i64, T::MaxTableLen>>,
	) -> Result<(u32, u32), DispatchError> {
		let mut record = Rounds::<T>::get(parent).ok_or(Error::<T>::UnknownRound)?;
		let RoundPhase::Disputed { challenger, bond, dispute_end, rerun: expected } =
			record.phase.clone()
		else {
			return Err(Error::<T>::NotDisputed.into());
		};
		ensure!(expected == rerun, Error::<T>::NotDisputed);
		let (Some(result), Some(consensus)) = (result, consensus) else {
			return Err(Error::<T>::NotAggregated.into());
		};
		let disputed = Consensus::<T>::get(parent).unwrap_or_default();
		let upheld = aggregation::is_outlier(&disputed, &consensus, &record.terms.tolerance);
		let judged = if upheld {
			Self::return_bond(&challenger, bond)?;
			record.result = Some(result);
			Consensus::<T>::insert(parent, consensus);
			SlashReason::WrongResult
		} else {
			Self::slash_bond(&challenger, parent, bond);
			SlashReason::Outlier
		};
		Self::deposit_event(Event::DisputeSettled {
			round: parent,
			rerun,
			upheld,
			inconclusive: false,
		});
		record.phase = RoundPhase::Aggregated { dispute_end };
		Self::conclude(parent, record, judged)
	}

	/// Ends `parent`'s dispute when its re-run ended without a result: the bond is returned
	/// and the parent's result stands, final once its dispute window has passed.
	pub(crate) fn settle_inconclusive(parent: RoundId, rerun: RoundId) -> DispatchResult {
		let Some(mut record) = Rounds::<T>::get(parent) else {
			return Ok(());
		};
		let RoundPhase::Disputed { challenger, bond, dispute_end, rerun: expected } =
			record.phase.clone()
		else {
			return Ok(());
		};
		if expected != rerun {
			return Ok(());
		}
		Self::return_bond(&challenger, bond)?;
		record.phase = RoundPhase::Aggregated { dispute_end };
		Rounds::<T>::insert(parent, record);
		Self::deposit_event(Event::DisputeSettled {
			round: parent,
			rerun,
			upheld: false,
			inconclusive: true,
		});
		Ok(())
	}

	/// Decides `round`'s dispute by governance: its re-runs are cancelled; `upheld`
	/// discards the result and returns the bond; otherwise the bond is slashed and the round
	/// waits for its window to end.
	pub(crate) fn do_resolve_dispute(round: RoundId, upheld: bool) -> DispatchResult {
		let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		let RoundPhase::Disputed { challenger, bond, dispute_end, rerun } = record.phase.clone()
		else {
			return Err(Error::<T>::NotDisputed.into());
		};
		Self::cancel_rerun(rerun)?;
		if upheld {
			Self::return_bond(&challenger, bond)?;
			Self::deposit_event(Event::DisputeResolved { round, upheld });
			// The bond is returned already: the round ends as a plain failure.
			record.phase = RoundPhase::Aggregated { dispute_end };
			Self::fail_round(round, &record, FailureReason::DisputeUpheld)?;
		} else {
			Self::slash_bond(&challenger, round, bond);
			record.phase = RoundPhase::Aggregated { dispute_end };
			Rounds::<T>::insert(round, record);
			Self::deposit_event(Event::DisputeResolved { round, upheld });
		}
		Ok(())
	}

	/// Removes re-run `rerun` and the re-runs below it, returning their bonds and freeing
	/// their committees' stake.
	fn cancel_rerun(rerun: RoundId) -> DispatchResult {
		let mut next = Some(rerun);
		while let Some(round) = next.take() {
			let Some(record) = Rounds::<T>::get(round) else {
				break;
			};
			if let RoundPhase::Disputed { challenger, bond, rerun, .. } = &record.phase {
				Self::return_bond(challenger, *bond)?;
				next = Some(*rerun);
			}
			Self::release_commitments(round);
			Self::release_deposit(&record)?;
			Self::clear_round(round, &record);
		}
		Ok(())
	}

	/// Returns a dispute's bond, exactly.
	fn return_bond(challenger: &T::AccountId, bond: BalanceOf<T>) -> DispatchResult {
		T::Currency::release(&HoldReason::DisputeBond.into(), challenger, bond, Precision::Exact)?;
		Ok(())
	}

	/// Slashes a dismissed dispute's bond to [`Config::Slash`].
	fn slash_bond(challenger: &T::AccountId, round: RoundId, bond: BalanceOf<T>) {
		let (credit, _missing) = <T::Currency as BalancedHold<T::AccountId>>::slash(
			&HoldReason::DisputeBond.into(),
			challenger,
			bond,
		);
		let amount = credit.peek();
		T::Slash::on_unbalanced(credit);
		Self::deposit_event(Event::Slashed {
			who: challenger.clone(),
			round,
			amount,
			reason: SlashReason::DismissedDispute,
		});
	}
}

//! Evaluators: registration, stake, leaving. Every change of stake is queued for the draw
//! ([`crate::stake_changes`]); the registry has no fixed cap (each evaluator holds at least
//! `MinEvaluatorStake`, and a leaver's slot in the stake tree goes to the next newcomer).

use frame::{
	prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};

use crate::{BalanceOf, Config, Error, Evaluator, Evaluators, Event, HoldReason, Pallet};

impl<T: Config> Pallet<T> {
	/// Registers `who` as an evaluator holding `stake`.
	pub(crate) fn do_register_evaluator(who: T::AccountId, stake: BalanceOf<T>) -> DispatchResult {
		ensure!(!Evaluators::<T>::contains_key(&who), Error::<T>::AlreadyEvaluator);
		ensure!(stake >= T::MinEvaluatorStake::get(), Error::<T>::StakeTooLow);
		T::Currency::hold(&HoldReason::EvaluatorStake.into(), &who, stake)?;
		let slot = Self::take_slot(&who)?;
		Evaluators::<T>::insert(
			&who,
			Evaluator {
				stake,
				assigned: Zero::zero(),
				unbonding_since: None,
				active_rounds: 0,
				slot,
				weight: Zero::zero(),
			},
		);
		Self::queue_stake_change(&who);
		Self::deposit_event(Event::EvaluatorRegistered { who, stake });
		Ok(())
	}

	/// Adds `amount` to `who`'s stake.
	pub(crate) fn do_bond_extra(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let mut evaluator = Evaluators::<T>::get(&who).ok_or(Error::<T>::NotEvaluator)?;
		ensure!(evaluator.unbonding_since.is_none(), Error::<T>::Unbonding);
		evaluator.stake = evaluator.stake.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		T::Currency::hold(&HoldReason::EvaluatorStake.into(), &who, amount)?;
		let stake = evaluator.stake;
		Evaluators::<T>::insert(&who, evaluator);
		Self::queue_stake_change(&who);
		Self::deposit_event(Event::StakeIncreased { who, stake });
		Ok(())
	}

	/// Starts `who`'s unbonding period, once it has no open work.
	pub(crate) fn do_unbond(who: T::AccountId) -> DispatchResult {
		let mut evaluator = Evaluators::<T>::get(&who).ok_or(Error::<T>::NotEvaluator)?;
		ensure!(evaluator.unbonding_since.is_none(), Error::<T>::Unbonding);
		ensure!(evaluator.active_rounds == 0, Error::<T>::EvaluatorBusy);
		let now = frame_system::Pallet::<T>::block_number();
		evaluator.unbonding_since = Some(now);
		Evaluators::<T>::insert(&who, evaluator);
		Self::queue_stake_change(&who);
		let withdrawable_at = now.saturating_add(T::UnbondingPeriod::get());
		Self::deposit_event(Event::EvaluatorUnbonding { who, withdrawable_at });
		Ok(())
	}

	/// Releases `who`'s whole stake after its unbonding period.
	pub(crate) fn do_withdraw_unbonded(who: T::AccountId) -> DispatchResult {
		let evaluator = Evaluators::<T>::get(&who).ok_or(Error::<T>::NotEvaluator)?;
		let since = evaluator.unbonding_since.ok_or(Error::<T>::NotUnbonding)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= since.saturating_add(T::UnbondingPeriod::get()), Error::<T>::StillUnbonding);
		// Seats drawn before unbonding still bind it: it may commit to them.
		ensure!(evaluator.active_rounds == 0, Error::<T>::EvaluatorBusy);
		ensure!(
			evaluator.weight.is_zero() && !Self::stake_change_pending(&who),
			Error::<T>::StakeChangePending
		);
		T::Currency::release(
			&HoldReason::EvaluatorStake.into(),
			&who,
			evaluator.stake,
			Precision::Exact,
		)?;
		Evaluators::<T>::remove(&who);
		Self::release_slot(evaluator.slot);
		Self::deposit_event(Event::EvaluatorWithdrawn { who, stake: evaluator.stake });
		Ok(())
	}
}

//! Reward pools: escrow under terms fixed at funding, reports measured by the evaluation
//! engine, release, refund and closing.

use attribution_primitives::{
	cid::validate_cid,
	contribution::ContributionKind,
	payout::{PoolId, PoolStatus, RewardPool, Trigger},
	score::MeasurementOutcome,
	traits::{ContributionRegistry, MeasurementRequest, Measurements},
	ContributionId, ProjectId,
};
use frame::{
	prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};

use crate::{BalanceOf, Config, Error, Event, HoldReason, NextPoolId, Pallet, Pools};

impl<T: Config> Pallet<T> {
	/// Escrows `amount` from `sponsor` for `project` under the terms in force now.
	pub(crate) fn do_create_pool(
		sponsor: T::AccountId,
		project: ProjectId,
		trigger: Trigger,
		amount: BalanceOf<T>,
		deadline: BlockNumberFor<T>,
		committee: Option<u32>,
	) -> DispatchResult {
		let royalty_to_parents =
			T::Registry::royalty_to_parents(project).ok_or(Error::<T>::UnknownProject)?;
		let terms = T::Measurements::terms_for(project, committee)?;
		validate_cid(&trigger.evaluation_set).map_err(|_| Error::<T>::InvalidCid)?;
		ensure!(amount >= T::MinPoolAmount::get(), Error::<T>::AmountTooLow);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			deadline > now && deadline <= now.saturating_add(T::MaxPoolDuration::get()),
			Error::<T>::BadDeadline
		);
		let pool = NextPoolId::<T>::get();
		let next = pool.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let deposit = T::PoolDeposit::get();
		T::Currency::hold(&HoldReason::PoolDeposit.into(), &sponsor, deposit)?;
		Self::escrow(&sponsor, amount)?;
		NextPoolId::<T>::put(next);
		Pools::<T>::insert(
			pool,
			RewardPool {
				sponsor: sponsor.clone(),
				project,
				trigger,
				amount,
				deadline,
				status: PoolStatus::Open,
				attempts: 0,
				terms,
				royalty_to_parents,
				deposit,
			},
		);
		Self::deposit_event(Event::PoolCreated {
			pool,
			sponsor,
			project,
			amount,
			deadline,
			terms,
			royalty_to_parents,
		});
		Ok(())
	}

	/// Adds `amount` from `who`, the sponsor, to an unreleased pool before its deadline.
	pub(crate) fn do_top_up(
		who: T::AccountId,
		pool: PoolId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut record = Pools::<T>::get(pool).ok_or(Error::<T>::UnknownPool)?;
		ensure!(record.sponsor == who, Error::<T>::NotSponsor);
		ensure!(!matches!(record.status, PoolStatus::Released { .. }), Error::<T>::AlreadyReleased);
		ensure!(
			frame_system::Pallet::<T>::block_number() <= record.deadline,
			Error::<T>::DeadlinePassed
		);
		ensure!(!amount.is_zero(), Error::<T>::AmountTooLow);
		record.amount = record.amount.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		Self::escrow(&who, amount)?;
		let total = record.amount;
		Pools::<T>::insert(pool, record);
		Self::deposit_event(Event::PoolToppedUp { pool, added: amount, amount: total });
		Ok(())
	}

	/// Has the evaluation engine measure `checkpoint` for `pool`, on the request of `who`,
	/// the project's owner.
	pub(crate) fn do_start_report(
		who: T::AccountId,
		pool: PoolId,
		checkpoint: ContributionId,
	) -> DispatchResult {
		let mut record = Pools::<T>::get(pool).ok_or(Error::<T>::UnknownPool)?;
		let (owner, _) = T::Registry::project_owner_and_policy(record.project)
			.ok_or(Error::<T>::UnknownProject)?;
		ensure!(who == owner, Error::<T>::NotOwner);
		match record.status {
			PoolStatus::Open => {}
			PoolStatus::Reporting { .. } => return Err(Error::<T>::ReportUnderWay.into()),
			PoolStatus::Released { .. } => return Err(Error::<T>::AlreadyReleased.into()),
		}
		let info = T::Registry::contribution_info(checkpoint).ok_or(Error::<T>::NotACheckpoint)?;
		ensure!(
			info.active
				&& info.project == record.project
				&& matches!(
					info.kind,
					ContributionKind::ModelCheckpoint | ContributionKind::FineTune
				),
			Error::<T>::NotACheckpoint
		);
		// The earliest a measurement opened now is final: aggregated the block after its
		// reveal period, final the block after its dispute window.
		let now = frame_system::Pallet::<T>::block_number();
		let final_at = now.saturating_add(record.terms.duration()).saturating_add(2u32.into());
		ensure!(final_at <= record.deadline, Error::<T>::ReportOutlastsDeadline);
		let measurement = T::Measurements::request(MeasurementRequest {
			opener: who,
			project: record.project,
			subject: checkpoint,
			metric: record.trigger.metric,
			evaluation_set: record.trigger.evaluation_set.clone(),
			terms: record.terms,
			interested: Some(record.sponsor.clone()),
			at_stake: record.amount,
		})?;
		let attempt = record.attempts.saturating_add(1);
		record.status = PoolStatus::Reporting { checkpoint, measurement };
		Pools::<T>::insert(pool, record);
		Self::deposit_event(Event::ReportStarted { pool, checkpoint, measurement, attempt });
		Ok(())
	}

	/// Reads the final outcome of `pool`'s measurement: releases the pool when it crossed
	/// the threshold, reopens it otherwise.
	pub(crate) fn do_conclude_report(pool: PoolId) -> DispatchResult {
		let mut record = Pools::<T>::get(pool).ok_or(Error::<T>::UnknownPool)?;
		let PoolStatus::Reporting { checkpoint, measurement } = record.status else {
			return Err(Error::<T>::NoReport.into());
		};
		let outcome =
			T::Measurements::take_outcome(measurement).ok_or(Error::<T>::MeasurementPending)?;
		let (median, reveals) = match outcome {
			MeasurementOutcome::Final { median, reveals } => (Some(median), reveals),
			MeasurementOutcome::Failed { reveals } => (None, reveals),
		};
		let crossed =
			median.is_some_and(|m| record.trigger.comparator.crossed(m, record.trigger.threshold));
		Self::deposit_event(Event::ReportConcluded { pool, reveals, median, crossed });
		// A checkpoint withdrawn, or marked as descending from withdrawn work, while it was
		// measured releases nothing: the pool reopens for another checkpoint.
		let still_active =
			crossed && T::Registry::active_contribution_project(checkpoint).is_some();
		if crossed && !still_active {
			Self::deposit_event(Event::ReportVoided { pool, checkpoint });
		}
		match median {
			Some(result) if still_active => {
				let now = frame_system::Pallet::<T>::block_number();
				record.status = PoolStatus::Released { at: now, checkpoint, result };
				let (project, amount, royalty) =
					(record.project, record.amount, record.royalty_to_parents);
				Pools::<T>::insert(pool, record);
				Self::distribute(project, Some(checkpoint), amount, royalty)?;
				Self::deposit_event(Event::PoolReleased { pool, project, amount, result });
			}
			_ => {
				record.status = PoolStatus::Open;
				record.attempts = record.attempts.saturating_add(1);
				Pools::<T>::insert(pool, record);
			}
		}
		Ok(())
	}

	/// Returns an unreleased pool past its deadline to its sponsor and removes it.
	pub(crate) fn do_refund(pool: PoolId) -> DispatchResult {
		let record = Pools::<T>::get(pool).ok_or(Error::<T>::UnknownPool)?;
		match record.status {
			PoolStatus::Open => {}
			PoolStatus::Reporting { .. } => return Err(Error::<T>::ReportUnderWay.into()),
			PoolStatus::Released { .. } => return Err(Error::<T>::AlreadyReleased.into()),
		}
		ensure!(
			frame_system::Pallet::<T>::block_number() > record.deadline,
			Error::<T>::DeadlineNotReached
		);
		Self::pay_out(&record.sponsor, record.amount)?;
		T::Currency::release(
			&HoldReason::PoolDeposit.into(),
			&record.sponsor,
			record.deposit,
			Precision::Exact,
		)?;
		Pools::<T>::remove(pool);
		Self::deposit_event(Event::PoolRefunded {
			pool,
			sponsor: record.sponsor,
			amount: record.amount,
		});
		Ok(())
	}

	/// Removes a released pool's record and returns its deposit to `who`, its sponsor.
	pub(crate) fn do_close_pool(who: T::AccountId, pool: PoolId) -> DispatchResult {
		let record = Pools::<T>::get(pool).ok_or(Error::<T>::UnknownPool)?;
		ensure!(record.sponsor == who, Error::<T>::NotSponsor);
		ensure!(matches!(record.status, PoolStatus::Released { .. }), Error::<T>::NotReleased);
		T::Currency::release(
			&HoldReason::PoolDeposit.into(),
			&who,
			record.deposit,
			Precision::Exact,
		)?;
		Pools::<T>::remove(pool);
		Self::deposit_event(Event::PoolClosed { pool });
		Ok(())
	}
}

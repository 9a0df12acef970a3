//! Measurements for other pallets: one-value rounds with the same commit-reveal, stake
//! assignment, penalties and disputes as Shapley rounds.

use attribution_primitives::{
	cid::validate_cid,
	score::{MeasurementId, MeasurementOutcome},
	traits::{MeasurementRequest, Measurements},
	ProjectId,
};
use frame::prelude::*;

use crate::{
	BalanceOf, Config, Error, Event, MeasurementOutcomes, Opening, Pallet, RoundKind, RoundPhase,
	Rounds, TermsOf, WeightInfo,
};

impl<T: Config> Measurements<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn terms_for(project: ProjectId, committee: Option<u32>) -> Result<TermsOf<T>, DispatchError> {
		let (_, mut terms) = Self::project_terms(project)?;
		if let Some(committee) = committee {
			ensure!(committee >= terms.committee, Error::<T>::CommitteeBelowPolicy);
			ensure!(committee <= T::MaxCommittee::get(), Error::<T>::CommitteeTooLarge);
			terms.committee = committee;
		}
		Ok(terms)
	}

	fn request(
		request: MeasurementRequest<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	) -> Result<MeasurementId, DispatchError> {
		let MeasurementRequest {
			opener,
			project,
			subject,
			metric,
			evaluation_set,
			terms,
			interested,
			at_stake,
		} = request;
		validate_cid(&evaluation_set).map_err(|_| Error::<T>::InvalidEvaluationSet)?;
		let kind = RoundKind::Measurement { subject, metric, evaluation_set };
		let (measurement, draw_epoch) = Self::open(Opening {
			opener,
			deposit: Self::round_deposit(&terms),
			project,
			kind,
			terms,
			interested,
			at_stake,
			parent: None,
		})?;
		Self::deposit_event(Event::MeasurementRequested {
			measurement,
			project,
			subject,
			metric,
			draw_epoch,
		});
		Ok(measurement)
	}

	fn take_outcome_weight() -> Weight {
		T::WeightInfo::finalize(T::MaxCommittee::get(), 1)
	}

	fn take_outcome(id: MeasurementId) -> Option<MeasurementOutcome> {
		// A disputed measurement is final when the last of its re-runs is: follow them.
		let mut leaf = id;
		let mut record = Rounds::<T>::get(id);
		while let Some(RoundPhase::Disputed { rerun, .. }) = record.as_ref().map(|r| &r.phase) {
			leaf = *rerun;
			record = Rounds::<T>::get(leaf);
		}
		let ready = record.is_some_and(|r| {
			matches!(r.kind, RoundKind::Measurement { .. })
				&& matches!(r.phase, RoundPhase::Aggregated { dispute_end }
					if frame_system::Pallet::<T>::block_number() > dispute_end)
		});
		if ready {
			// The checks above are `do_finalize`'s own: it cannot fail here but on a broken
			// hold, and then the outcome stays pending.
			let _ = Self::do_finalize(leaf).defensive();
		}
		MeasurementOutcomes::<T>::take(id)
	}
}

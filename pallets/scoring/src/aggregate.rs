//! Aggregating a round, as named steps: settle the commitments (freeing their stake and
//! slashing missed reveals), check the quorum, find the consensus (the round fails when the
//! stake splits evenly on some value), turn it into the round's result, and slash the
//! outliers.

use alloc::vec::Vec;
use attribution_primitives::{score::ScoringMethod, RoundId};
use frame::prelude::*;

use crate::{
	aggregation::{self, NoConsensus},
	BalanceOf, Commitment, Commitments, Config, Error, Evaluators, Event, FailureReason, Pallet,
	Reveal, RevealOf, Reveals, RoundKind, RoundOf, RoundPhase, RoundResult, Rounds, SlashReason,
};

/// A revealed evaluator: its account, the stake it assigned and what it revealed.
type Revealed<T> = (<T as frame_system::Config>::AccountId, BalanceOf<T>, RevealOf<T>);

impl<T: Config> Pallet<T> {
	/// Aggregates `round` after its reveal period; returns how many commitments it settled.
	pub(crate) fn do_aggregate(round: RoundId) -> Result<u32, DispatchError> {
		let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		ensure!(matches!(record.phase, RoundPhase::Open), Error::<T>::AlreadyAggregated);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > record.reveal_end, Error::<T>::RevealNotOver);

		let commitments: Vec<_> = Commitments::<T>::iter_prefix(round).collect();
		let settled = commitments.len() as u32;
		Self::settle_commitments(round, &commitments);
		if let Some(reason) = Self::quorum_failure(&record) {
			Self::fail_round(round, &record, reason)?;
			return Ok(settled);
		}
		let revealed = Self::revealed(round, &commitments);
		let consensus = match Self::consensus_of(&record, &revealed) {
			Ok(consensus) => consensus,
			Err(failure) => {
				let reason = match failure {
					// A tie never slashes: with the stake split evenly neither side is the
					// outlier, and neither side's values are taken.
					NoConsensus::Tie => FailureReason::NoMajority,
					// Only with a zero minimum stake: no revealed stake is no quorum.
					NoConsensus::NoStake => FailureReason::QuorumNotMet,
					// The reveal checks make it impossible; ending the round keeps its
					// evaluators' stake from staying assigned for ever.
					NoConsensus::Malformed => FailureReason::Unscorable,
				};
				Self::fail_round(round, &record, reason)?;
				return Ok(settled);
			}
		};
		let Ok(result) = Self::result_of(&record, &consensus) else {
			// The consensus table overflows the Shapley computation: no result, and the round
			// ends rather than staying open (and its evaluators' stake assigned) for ever.
			Self::fail_round(round, &record, FailureReason::Unscorable)?;
			return Ok(settled);
		};
		Self::slash_outliers(round, &record, &revealed, &consensus);
		let dispute_end = now.saturating_add(record.terms.dispute_period);
		let reveals = record.reveals;
		match &result {
			RoundResult::Shares { clipped, .. } => Self::deposit_event(Event::RoundAggregated {
				round,
				reveals,
				clipped: clipped.len() as u32,
				dispute_end,
			}),
			RoundResult::Value(median) => Self::deposit_event(Event::MeasurementAggregated {
				measurement: round,
				reveals,
				median: *median,
				dispute_end,
			}),
		}
		record.result = Some(result);
		record.phase = RoundPhase::Aggregated { dispute_end };
		Rounds::<T>::insert(round, record);
		Ok(settled)
	}

	/// Frees the stake every commitment assigned (revealed or not) and slashes those that
	/// were not revealed. The assignment is released before the slash, so an evaluator's
	/// assigned stake never exceeds what is left of its stake.
	fn settle_commitments(
		round: RoundId,
		commitments: &[(T::AccountId, Commitment<BalanceOf<T>>)],
	) {
		for (who, commitment) in commitments {
			Evaluators::<T>::mutate(who, |evaluator| {
				if let Some(e) = evaluator {
					e.active_rounds = e.active_rounds.defensive_saturating_sub(1);
					e.assigned = e.assigned.defensive_saturating_sub(commitment.stake);
				}
			});
			if !commitment.revealed {
				Self::slash_evaluator(
					who,
					round,
					commitment.stake,
					T::MissedRevealSlash::get(),
					SlashReason::MissedReveal,
				);
			}
		}
	}

	/// Why `record` cannot have a result from its reveals, if it cannot.
	fn quorum_failure(record: &RoundOf<T>) -> Option<FailureReason> {
		if record.reveals < record.terms.min_evaluators {
			Some(FailureReason::TooFewReveals)
		} else if record.revealed_stake < record.terms.quorum_stake {
			Some(FailureReason::QuorumNotMet)
		} else {
			None
		}
	}

	/// The revealed evaluators of `round`, with the stake each assigned.
	fn revealed(
		round: RoundId,
		commitments: &[(T::AccountId, Commitment<BalanceOf<T>>)],
	) -> Vec<Revealed<T>> {
		Reveals::<T>::iter_prefix(round)
			.filter_map(|(who, reveal)| {
				let stake = commitments
					.iter()
					.find(|(c, _)| *c == who)
					.map(|(_, c)| c.stake)
					.defensive_proof("a reveal is stored only with its commitment; qed")?;
				Some((who, stake, reveal))
			})
			.collect()
	}

	/// The values of a reveal.
	fn values(reveal: &RevealOf<T>) -> &[i64] {
		match reveal {
			Reveal::Exact(table) => &table[..],
			Reveal::Sampled { values, .. } => &values[..],
			Reveal::Value(value) => core::slice::from_ref(value),
		}
	}

	/// The strict-majority stake-weighted median of every value of the reveals.
	fn consensus_of(
		record: &RoundOf<T>,
		revealed: &[Revealed<T>],
	) -> Result<Vec<i64>, NoConsensus> {
		let vectors: Vec<(&[i64], u128)> = revealed
			.iter()
			.map(|(_, stake, reveal)| (Self::values(reveal), (*stake).saturated_into::<u128>()))
			.collect();
		aggregation::consensus(&vectors, record.kind.width())
	}

	/// Slashes every reveal outside the round's tolerance around the consensus.
	fn slash_outliers(
		round: RoundId,
		record: &RoundOf<T>,
		revealed: &[Revealed<T>],
		consensus: &[i64],
	) {
		for (who, stake, reveal) in revealed {
			if aggregation::is_outlier(Self::values(reveal), consensus, &record.terms.tolerance) {
				Self::slash_evaluator(
					who,
					round,
					*stake,
					T::OutlierSlash::get(),
					SlashReason::Outlier,
				);
			}
		}
	}

	/// The round's result from the consensus: shares of the players, or the measured value.
	fn result_of(
		record: &RoundOf<T>,
		consensus: &[i64],
	) -> Result<RoundResult<T::MaxPlayers>, DispatchError> {
		let (players, method) = match &record.kind {
			RoundKind::Score { players, method, .. } => (players, method),
			RoundKind::Measurement { .. } => {
				let value = consensus.first().copied().ok_or(Error::<T>::Unscorable)?;
				return Ok(RoundResult::Value(value));
			}
		};
		let values = match method {
			ScoringMethod::Exact => {
				aggregation::exact_values(players.len(), consensus).ok_or(Error::<T>::Unscorable)?
			}
			ScoringMethod::Sampled { .. } => aggregation::sampled_values(consensus),
		};
		let (shares, clipped) = aggregation::shares(&values);
		Ok(RoundResult::Shares {
			shares: BoundedVec::truncate_from(players.iter().copied().zip(shares).collect()),
			clipped: BoundedVec::truncate_from(
				clipped.iter().filter_map(|i| players.get(*i).copied()).collect(),
			),
		})
	}
}

//! Aggregating a round, as named steps: slash the committee's missed commitments and
//! reveals, check the quorum (revealed votes for a strict majority of the seats asked for),
//! find the consensus (each seat its stake covers one vote; the round fails when the votes
//! split evenly on some value), check that the reveals agreeing with it hold votes for a
//! strict majority of the seats asked for, and turn it into the round's result. The committee's stake stays assigned until the result is
//! final, so that it still answers for the result in a dispute; outliers are slashed only
//! then, against the final consensus (`conclude` in `snapshots.rs`), so that a re-run
//! overturning the result never leaves the evaluators who were right slashed.
//!
//! Every majority counts against the seats asked for, not the seats filled or revealed:
//! seats left empty (conflicts, stake that cannot cover a seat) or unrevealed can make a
//! round fail, never hand its result to a stake minority. An owner who sets a stake per seat
//! that only its allies cover empties the honest seats, and with them its round.

use alloc::vec::Vec;
use attribution_primitives::{score::ScoringMethod, RoundId};
use frame::prelude::*;

use crate::{
	aggregation::{self, NoConsensus},
	BalanceOf, Commitment, Commitments, Config, Consensus, Error, Evaluators, Event, FailureReason,
	Pallet, Reveal, RevealOf, Reveals, RoundKind, RoundOf, RoundPhase, RoundResult, Rounds, Seats,
	SlashReason,
};

/// A revealed evaluator: its account, its votes and what it revealed.
type Revealed<T> = (<T as frame_system::Config>::AccountId, u32, RevealOf<T>);

/// A committee member: its account, its seats and its commitment, if it committed.
type Member<T> = (<T as frame_system::Config>::AccountId, u32, Option<Commitment<BalanceOf<T>>>);

impl<T: Config> Pallet<T> {
	/// Aggregates `round` after its reveal period; returns how many committee members it
	/// handled.
	pub(crate) fn do_aggregate(round: RoundId) -> Result<u32, DispatchError> {
		let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		match record.phase {
			RoundPhase::Open => {}
			RoundPhase::Drawing { .. } => return Err(Error::<T>::RevealNotOver.into()),
			_ => return Err(Error::<T>::AlreadyAggregated.into()),
		}
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > record.reveal_end, Error::<T>::RevealNotOver);

		let members: Vec<Member<T>> = Seats::<T>::iter_prefix(round)
			.map(|(who, seats)| {
				let commitment = Commitments::<T>::get(round, &who);
				(who, seats, commitment)
			})
			.collect();
		let settled = members.len() as u32;
		let revealed = Self::revealed(round, &record, &members);
		Self::slash_absentees(round, &record, &members);
		if let Some(reason) = Self::quorum_failure(&record) {
			Self::fail_round(round, &record, reason)?;
			return Ok(settled);
		}
		let consensus = match Self::consensus_of(&record, &revealed) {
			Ok(consensus) => consensus,
			Err(failure) => {
				let reason = match failure {
					// A tie never slashes: with the stake split evenly neither side is the
					// outlier, and neither side's values are taken.
					NoConsensus::Tie => FailureReason::NoMajority,
					// Every revealed member holds a vote: it cannot happen after the quorum.
					NoConsensus::NoStake => FailureReason::TooFewReveals,
					// The reveal checks make it impossible; ending the round keeps its
					// evaluators' stake from staying assigned for ever.
					NoConsensus::Malformed => FailureReason::Unscorable,
				};
				Self::fail_round(round, &record, reason)?;
				return Ok(settled);
			}
		};
		if let Some(reason) = Self::agreement_failure(&record, &revealed, &consensus) {
			Self::fail_round(round, &record, reason)?;
			return Ok(settled);
		}
		let Ok(result) = Self::result_of(&record, &consensus) else {
			// The consensus table overflows the Shapley computation: no result, and the round
			// ends rather than staying open (and its evaluators' stake assigned) for ever.
			Self::fail_round(round, &record, FailureReason::Unscorable)?;
			return Ok(settled);
		};
		Consensus::<T>::insert(round, BoundedVec::truncate_from(consensus));
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

	/// Slashes the members who did not commit (`MissedRevealSlash` of what their seats would
	/// have assigned from their whole stake, taken from its free part) and those who
	/// committed but did not reveal (`MissedRevealSlash` of what they assigned).
	fn slash_absentees(round: RoundId, record: &RoundOf<T>, members: &[Member<T>]) {
		for (who, seats, commitment) in members {
			match commitment {
				None => {
					let stake = Evaluators::<T>::get(who).map(|e| e.stake).unwrap_or_default();
					let owed = record.terms.min_stake.saturating_mul((*seats).into()).min(stake);
					Self::slash_unassigned(
						who,
						round,
						T::MissedRevealSlash::get() * owed,
						SlashReason::MissedCommit,
					);
				}
				Some(commitment) if !commitment.revealed => Self::slash_commitment(
					who,
					round,
					T::MissedRevealSlash::get(),
					SlashReason::MissedReveal,
				),
				Some(_) => {}
			}
		}
	}

	/// Why `record` cannot have a result from its reveals, if it cannot: the members who
	/// revealed must hold votes for a strict majority of the seats asked for.
	fn quorum_failure(record: &RoundOf<T>) -> Option<FailureReason> {
		(record.revealed_seats.saturating_mul(2) <= Self::seats_asked(record))
			.then_some(FailureReason::TooFewReveals)
	}

	/// Why `consensus` cannot be `record`'s result, if it cannot: the reveals within the
	/// tolerance around it must hold votes for a strict majority of the seats asked for.
	/// A median of the reveals alone would follow whoever holds most of the revealed
	/// votes, a minority of the committee when honest seats were left empty.
	fn agreement_failure(
		record: &RoundOf<T>,
		revealed: &[Revealed<T>],
		consensus: &[i64],
	) -> Option<FailureReason> {
		let agreeing = revealed
			.iter()
			.filter(|(_, _, reveal)| {
				!aggregation::is_outlier(Self::values(reveal), consensus, &record.terms.tolerance)
			})
			.fold(0u32, |sum, (_, votes, _)| sum.saturating_add(*votes));
		(agreeing.saturating_mul(2) <= Self::seats_asked(record))
			.then_some(FailureReason::NoAgreement)
	}

	/// The revealed members of `round`, with their votes (from the stake they committed:
	/// aggregation slashes only members who did not reveal).
	fn revealed(round: RoundId, record: &RoundOf<T>, members: &[Member<T>]) -> Vec<Revealed<T>> {
		members
			.iter()
			.filter_map(|(who, seats, commitment)| {
				let commitment = commitment.as_ref().filter(|c| c.revealed)?;
				let votes = Self::votes(*seats, commitment.stake, record.terms.min_stake);
				Reveals::<T>::get(round, who).map(|reveal| (who.clone(), votes, reveal))
			})
			.collect()
	}

	/// The values of a reveal.
	pub(crate) fn values(reveal: &RevealOf<T>) -> &[i64] {
		match reveal {
			Reveal::Exact(table) => &table[..],
			Reveal::Sampled { values, .. } => &values[..],
			Reveal::Value(value) => core::slice::from_ref(value),
		}
	}

	/// The strict-majority vote-weighted median of every value of the reveals.
	fn consensus_of(
		record: &RoundOf<T>,
		revealed: &[Revealed<T>],
	) -> Result<Vec<i64>, NoConsensus> {
		let vectors: Vec<(&[i64], u128)> = revealed
			.iter()
			.map(|(_, votes, reveal)| (Self::values(reveal), u128::from(*votes)))
			.collect();
		aggregation::consensus(&vectors, record.kind.width())
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

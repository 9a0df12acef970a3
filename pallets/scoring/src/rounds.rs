//! Rounds: terms from a policy, opening, commit and reveal, and closing.

use attribution_primitives::{
	cid::validate_cid,
	project::EvaluatorPolicy,
	score::{MeasurementOutcome, ScoringMethod, Tolerance, UtilitySpec},
	traits::ContributionRegistry,
	ProjectId, RoundId,
};
use frame::{
	hashing::blake2_256,
	prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision},
	},
};

use crate::{
	BalanceOf, Commitment, Commitments, CommitteeFloor, Config, Consensus, Error, Evaluators,
	Event, FailureReason, HoldReason, MeasurementOutcomes, NextRoundId, OpenRounds, Opening,
	OpeningOf, Pallet, RevealOf, RevealShapeError, Reveals, Round, RoundKind, RoundOf, RoundPhase,
	Rounds, Seats, TermsOf,
};

impl<T: Config> Pallet<T> {
	/// The terms a round runs under by `policy`: refused under the runtime's floors (the
	/// committee at least [`crate::CommitteeFloor`] seats, at most `MaxCommittee`; periods at
	/// least their floor, at most `MaxPeriod`); the stake per seat is at least
	/// `MinEvaluatorStake`.
	pub fn terms_from_policy(
		policy: &EvaluatorPolicy<BalanceOf<T>, BlockNumberFor<T>>,
	) -> Result<TermsOf<T>, Error<T>> {
		ensure!(
			policy.commit_period >= T::MinCommitPeriod::get(),
			Error::<T>::CommitPeriodTooShort
		);
		ensure!(
			policy.reveal_period >= T::MinRevealPeriod::get(),
			Error::<T>::RevealPeriodTooShort
		);
		ensure!(
			policy.dispute_period >= T::MinDisputePeriod::get(),
			Error::<T>::DisputePeriodTooShort
		);
		let max = T::MaxPeriod::get();
		ensure!(
			policy.commit_period <= max
				&& policy.reveal_period <= max
				&& policy.dispute_period <= max,
			Error::<T>::PeriodTooLong
		);
		ensure!(policy.committee >= CommitteeFloor::<T>::get(), Error::<T>::CommitteeTooSmall);
		ensure!(policy.committee <= T::MaxCommittee::get(), Error::<T>::CommitteeTooLarge);
		let min_stake = policy.min_stake.max(T::MinEvaluatorStake::get());
		Ok(TermsOf::<T> {
			committee: policy.committee,
			min_stake,
			commit_period: policy.commit_period,
			reveal_period: policy.reveal_period,
			dispute_period: policy.dispute_period,
			tolerance: Tolerance {
				absolute: T::AbsoluteTolerance::get(),
				relative: T::ConsensusTolerance::get(),
			},
		})
	}

	/// The terms of `project`'s work now: its policy, checked against the floors.
	pub fn project_terms(project: ProjectId) -> Result<(T::AccountId, TermsOf<T>), DispatchError> {
		let (owner, policy) =
			T::Registry::project_owner_and_policy(project).ok_or(Error::<T>::UnknownProject)?;
		Ok((owner, Self::terms_from_policy(&policy)?))
	}

	/// Opens a Shapley round of `project` over every active contribution.
	pub(crate) fn do_open_round(
		who: T::AccountId,
		project: ProjectId,
		utility: UtilitySpec,
	) -> DispatchResult {
		let (owner, policy) =
			T::Registry::project_owner_and_policy(project).ok_or(Error::<T>::UnknownProject)?;
		ensure!(owner == who, Error::<T>::NotProjectOwner);
		ensure!(
			OpenRounds::<T>::get(project) < T::MaxOpenRoundsPerProject::get(),
			Error::<T>::TooManyOpenRounds
		);
		let terms = Self::terms_from_policy(&policy)?;
		validate_cid(&utility.evaluation_set).map_err(|_| Error::<T>::InvalidEvaluationSet)?;
		let players = T::Registry::active_contributions(project, T::MaxPlayers::get())
			.ok_or(Error::<T>::TooManyContributions)?;
		ensure!(!players.is_empty(), Error::<T>::NoActiveContributions);
		let players: BoundedVec<_, T::MaxPlayers> =
			players.try_into().map_err(|_| Error::<T>::TooManyContributions)?;
		let count = players.len() as u32;
		let method = if count <= T::MaxExactPlayers::get() {
			ScoringMethod::Exact
		} else {
			ScoringMethod::Sampled { permutations: T::SampledPermutations::get() }
		};
		let round = NextRoundId::<T>::get();
		let parent = frame_system::Pallet::<T>::parent_hash();
		let seed = blake2_256(&(b"attribution/round-seed", round, parent).encode());
		let kind = RoundKind::Score { players, utility, method, seed };
		let opening = Opening {
			opener: who,
			deposit: Self::round_deposit(&terms),
			project,
			kind,
			terms,
			interested: None,
			at_stake: Zero::zero(),
			parent: None,
		};
		let (_, draw_epoch) = Self::open(opening)?;
		Self::deposit_event(Event::RoundOpened {
			round,
			project,
			players: count,
			method,
			draw_epoch,
		});
		Ok(())
	}

	/// The deposit a round under `terms` holds from its opener: `RoundDeposit`, and
	/// `RoundDepositPerSeat` for each seat its committee asks for.
	pub fn round_deposit(terms: &TermsOf<T>) -> BalanceOf<T> {
		T::RoundDepositPerSeat::get()
			.saturating_mul(terms.committee.into())
			.saturating_add(T::RoundDeposit::get())
	}

	/// Whether `record` counts among its project's [`OpenRounds`]: a Shapley round that is
	/// no re-run.
	fn counts_as_open(record: &RoundOf<T>) -> bool {
		record.parent.is_none() && matches!(record.kind, RoundKind::Score { .. })
	}

	/// Stores a new round under the next id, holding its deposit from its opener, and queues
	/// its committee's draw; returns its id and the relay epoch it is drawn in.
	pub(crate) fn open(opening: OpeningOf<T>) -> Result<(RoundId, u64), DispatchError> {
		let Opening { opener, deposit, project, kind, terms, interested, at_stake, parent } =
			opening;
		let round = NextRoundId::<T>::get();
		let next = round.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::RoundDeposit.into(), &opener, deposit)?;
		}
		let level = match parent {
			Some(parent) => Rounds::<T>::get(parent).map_or(1, |p| p.level.saturating_add(1)),
			None => 0,
		};
		let epoch = Self::queue_draw(round);
		let record = Round {
			project,
			opener,
			deposit,
			kind,
			terms,
			interested,
			at_stake,
			parent,
			level,
			commit_end: Zero::zero(),
			reveal_end: Zero::zero(),
			seats: 0,
			members: 0,
			commits: 0,
			reveals: 0,
			revealed_seats: 0,
			phase: RoundPhase::Drawing { epoch },
			result: None,
		};
		NextRoundId::<T>::put(next);
		if Self::counts_as_open(&record) {
			OpenRounds::<T>::mutate(project, |open| *open = open.saturating_add(1));
		}
		Rounds::<T>::insert(round, record);
		Ok((round, epoch))
	}

	/// Commits `who`, drawn to `round`'s committee, with `hash`, assigning `min_stake` per
	/// seat (as far as its free stake covers, at least one seat's worth).
	pub(crate) fn do_commit(who: T::AccountId, round: RoundId, hash: H256) -> DispatchResult {
		let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			matches!(record.phase, RoundPhase::Open) && now <= record.commit_end,
			Error::<T>::NotCommitPhase
		);
		let seats = Self::seats_of(round, &who)?;
		let mut evaluator = Evaluators::<T>::get(&who).ok_or(Error::<T>::NotEvaluator)?;
		ensure!(!Commitments::<T>::contains_key(round, &who), Error::<T>::AlreadyCommitted);
		Self::ensure_no_conflict(&who, &record)?;
		let free = evaluator.stake.saturating_sub(evaluator.assigned);
		ensure!(free >= record.terms.min_stake, Error::<T>::StakeNotAvailable);
		let stake = record.terms.min_stake.saturating_mul(seats.into()).min(free);
		let assigned = evaluator.assigned.saturating_add(stake);

		record.commits = record.commits.saturating_add(1);
		evaluator.assigned = assigned;
		evaluator.active_rounds = evaluator.active_rounds.saturating_add(1);
		Commitments::<T>::insert(round, &who, Commitment { hash, stake, revealed: false });
		Evaluators::<T>::insert(&who, evaluator);
		Rounds::<T>::insert(round, record);
		Self::deposit_event(Event::Committed { round, evaluator: who, stake });
		Ok(())
	}

	/// Refuses evaluators with an interest in `record`'s result: the project's owner (now, and
	/// the round's opener), the round's interested party and the project's authors.
	pub(crate) fn ensure_no_conflict(who: &T::AccountId, record: &RoundOf<T>) -> DispatchResult {
		let owner = T::Registry::project_owner_and_policy(record.project).map(|(owner, _)| owner);
		ensure!(
			owner.as_ref() != Some(who) && &record.opener != who,
			Error::<T>::OwnerCannotEvaluate
		);
		ensure!(record.interested.as_ref() != Some(who), Error::<T>::InterestedCannotEvaluate);
		ensure!(
			!T::Registry::is_project_author(record.project, who),
			Error::<T>::AuthorCannotEvaluate
		);
		Ok(())
	}

	/// Reveals `who`'s committed `reveal` to `round`.
	pub(crate) fn do_reveal(
		who: T::AccountId,
		round: RoundId,
		reveal: RevealOf<T>,
		salt: [u8; 32],
	) -> DispatchResult {
		let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			matches!(record.phase, RoundPhase::Open)
				&& now > record.commit_end
				&& now <= record.reveal_end,
			Error::<T>::NotRevealPhase
		);
		let mut commitment = Commitments::<T>::get(round, &who).ok_or(Error::<T>::NotCommitted)?;
		ensure!(!commitment.revealed, Error::<T>::AlreadyRevealed);
		record.kind.accepts(&reveal).map_err(|e| match e {
			RevealShapeError::WrongKind => Error::<T>::WrongRevealKind,
			RevealShapeError::WrongLength => Error::<T>::WrongRevealLength,
		})?;
		ensure!(
			Self::commitment_hash(round, &who, &reveal, &salt) == commitment.hash,
			Error::<T>::RevealMismatch
		);
		commitment.revealed = true;
		record.reveals = record.reveals.saturating_add(1);
		let seats = Seats::<T>::get(round, &who).unwrap_or_default();
		let votes = Self::votes(seats, commitment.stake, record.terms.min_stake);
		record.revealed_seats = record.revealed_seats.saturating_add(votes);
		Commitments::<T>::insert(round, &who, commitment);
		Reveals::<T>::insert(round, &who, reveal);
		Rounds::<T>::insert(round, record);
		Self::deposit_event(Event::Revealed { round, evaluator: who });
		Ok(())
	}

	/// The hash an evaluator commits to: `blake2_256((round, evaluator, reveal,
	/// salt).encode())`. Binding the round and the evaluator's account stops replaying a
	/// commitment in another round and copying another evaluator's.
	pub fn commitment_hash(
		round: RoundId,
		evaluator: &T::AccountId,
		reveal: &RevealOf<T>,
		salt: &[u8; 32],
	) -> H256 {
		H256(blake2_256(&(round, evaluator, reveal, salt).encode()))
	}

	/// Ends a round without a result: frees its committee's stake, returns the opener's
	/// deposit, records a measurement's failure for its requester (a re-run's failure is
	/// its parent's to handle), and removes the round.
	pub(crate) fn fail_round(
		round: RoundId,
		record: &RoundOf<T>,
		reason: FailureReason,
	) -> DispatchResult {
		Self::release_deposit(record)?;
		Self::release_commitments(round);
		if matches!(record.kind, RoundKind::Measurement { .. }) && record.parent.is_none() {
			MeasurementOutcomes::<T>::insert(
				round,
				MeasurementOutcome::Failed { reveals: record.reveals },
			);
		}
		Self::clear_round(round, record);
		Self::deposit_event(Event::RoundFailed { round, reveals: record.reveals, reason });
		if let Some(parent) = record.parent {
			Self::settle_inconclusive(parent, round)?;
		}
		Ok(())
	}

	/// Returns the opener's deposit, exactly; if the opener's balance cannot take it back
	/// (only root can put a balance near the maximum), the deposit is burned instead. A round
	/// ends whatever its opener's balance: a draw fails inside the block's inherent, where an
	/// error would leave the round waiting for a draw that no queue holds.
	pub(crate) fn release_deposit(record: &RoundOf<T>) -> DispatchResult {
		if record.deposit.is_zero() {
			return Ok(());
		}
		let reason = HoldReason::RoundDeposit.into();
		let released =
			T::Currency::release(&reason, &record.opener, record.deposit, Precision::Exact);
		if released.is_err() {
			T::Currency::burn_held(
				&reason,
				&record.opener,
				record.deposit,
				Precision::BestEffort,
				Fortitude::Force,
			)?;
		}
		Ok(())
	}

	/// Frees the stake every commitment of `round` assigned (what is left of it after
	/// slashes): its result is final, or there is none.
	pub(crate) fn release_commitments(round: RoundId) {
		for (who, commitment) in Commitments::<T>::iter_prefix(round) {
			Evaluators::<T>::mutate(&who, |evaluator| {
				if let Some(e) = evaluator {
					e.active_rounds = e.active_rounds.defensive_saturating_sub(1);
					e.assigned = e.assigned.defensive_saturating_sub(commitment.stake);
				}
			});
		}
	}

	/// Removes `round` (stored as `record`) with its seats, commitments, reveals and consensus
	/// (at most `MaxCommittee` of each: one per member), and its place among its project's
	/// open rounds. Its commitments must be released.
	pub(crate) fn clear_round(round: RoundId, record: &RoundOf<T>) {
		if Self::counts_as_open(record) {
			OpenRounds::<T>::mutate_exists(record.project, |open| {
				let left = open.unwrap_or_default().defensive_saturating_sub(1);
				*open = (left > 0).then_some(left);
			});
		}
		let limit = T::MaxCommittee::get();
		let _ = Seats::<T>::clear_prefix(round, limit, None);
		let _ = Commitments::<T>::clear_prefix(round, limit, None);
		let _ = Reveals::<T>::clear_prefix(round, limit, None);
		Consensus::<T>::remove(round);
		Rounds::<T>::remove(round);
	}
}

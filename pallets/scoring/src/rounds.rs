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
	traits::{fungible::MutateHold, tokens::Precision},
};

use crate::{
	BalanceOf, Commitment, Commitments, Config, Error, Evaluators, Event, FailureReason,
	HoldReason, MeasurementOutcomes, NextRoundId, Pallet, RevealOf, RevealShapeError, Reveals,
	Round, RoundKind, RoundOf, RoundPhase, Rounds, TermsOf,
};

impl<T: Config> Pallet<T> {
	/// The terms a round runs under by `policy`: refused under the runtime's floors; the
	/// minimum stake is at least `MinEvaluatorStake`, the quorum in stake at least
	/// `MinQuorumStake` and at least `min_evaluators · min_stake`.
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
		ensure!(policy.min_evaluators >= T::MinEvaluators::get(), Error::<T>::TooFewEvaluators);
		ensure!(
			policy.min_evaluators <= T::MaxEvaluatorsPerRound::get(),
			Error::<T>::QuorumUnreachable
		);
		let min_stake = policy.min_stake.max(T::MinEvaluatorStake::get());
		let quorum_stake =
			min_stake.saturating_mul(policy.min_evaluators.into()).max(T::MinQuorumStake::get());
		Ok(TermsOf::<T> {
			min_evaluators: policy.min_evaluators,
			min_stake,
			quorum_stake,
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
		let record = Self::open(who, project, kind, terms, None)?;
		Self::deposit_event(Event::RoundOpened {
			round,
			project,
			players: count,
			method,
			commit_end: record.commit_end,
			reveal_end: record.reveal_end,
		});
		Ok(())
	}

	/// Stores a new round under the next id, holding `RoundDeposit` from `opener`; returns
	/// the stored record.
	pub(crate) fn open(
		opener: T::AccountId,
		project: ProjectId,
		kind: RoundKind<T::MaxPlayers>,
		terms: TermsOf<T>,
		interested: Option<T::AccountId>,
	) -> Result<RoundOf<T>, DispatchError> {
		let round = NextRoundId::<T>::get();
		let next = round.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let deposit = T::RoundDeposit::get();
		T::Currency::hold(&HoldReason::RoundDeposit.into(), &opener, deposit)?;
		let now = frame_system::Pallet::<T>::block_number();
		let commit_end = now.saturating_add(terms.commit_period);
		let reveal_end = commit_end.saturating_add(terms.reveal_period);
		let record = Round {
			project,
			opener,
			deposit,
			kind,
			terms,
			interested,
			commit_end,
			reveal_end,
			commits: 0,
			reveals: 0,
			revealed_stake: Zero::zero(),
			phase: RoundPhase::Open,
			result: None,
		};
		NextRoundId::<T>::put(next);
		Rounds::<T>::insert(round, record.clone());
		Ok(record)
	}

	/// Commits `who` to `round` with `hash`, assigning `stake` to it.
	pub(crate) fn do_commit(
		who: T::AccountId,
		round: RoundId,
		hash: H256,
		stake: BalanceOf<T>,
	) -> DispatchResult {
		let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			matches!(record.phase, RoundPhase::Open) && now <= record.commit_end,
			Error::<T>::NotCommitPhase
		);
		let mut evaluator = Evaluators::<T>::get(&who).ok_or(Error::<T>::NotEvaluator)?;
		ensure!(evaluator.unbonding_since.is_none(), Error::<T>::Unbonding);
		ensure!(!Commitments::<T>::contains_key(round, &who), Error::<T>::AlreadyCommitted);
		Self::ensure_no_conflict(&who, &record)?;
		ensure!(stake >= record.terms.min_stake, Error::<T>::StakeTooLow);
		let assigned = evaluator.assigned.checked_add(&stake).ok_or(ArithmeticError::Overflow)?;
		ensure!(assigned <= evaluator.stake, Error::<T>::StakeNotAvailable);
		ensure!(record.commits < T::MaxEvaluatorsPerRound::get(), Error::<T>::RoundFull);

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
		record.revealed_stake = record.revealed_stake.saturating_add(commitment.stake);
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

	/// Ends a round without a result: returns the opener's deposit, records a measurement's
	/// failure for its requester, and removes the round.
	pub(crate) fn fail_round(
		round: RoundId,
		record: &RoundOf<T>,
		reason: FailureReason,
	) -> DispatchResult {
		Self::release_deposit(record)?;
		if matches!(record.kind, RoundKind::Measurement { .. }) {
			MeasurementOutcomes::<T>::insert(
				round,
				MeasurementOutcome::Failed { reveals: record.reveals },
			);
		}
		Self::clear_round(round);
		Self::deposit_event(Event::RoundFailed { round, reveals: record.reveals, reason });
		Ok(())
	}

	/// Returns the opener's deposit, exactly.
	pub(crate) fn release_deposit(record: &RoundOf<T>) -> DispatchResult {
		T::Currency::release(
			&HoldReason::RoundDeposit.into(),
			&record.opener,
			record.deposit,
			Precision::Exact,
		)?;
		Ok(())
	}

	/// Removes a round with its commitments and reveals (at most `MaxEvaluatorsPerRound` of
	/// each).
	pub(crate) fn clear_round(round: RoundId) {
		let limit = T::MaxEvaluatorsPerRound::get();
		let _ = Commitments::<T>::clear_prefix(round, limit, None);
		let _ = Reveals::<T>::clear_prefix(round, limit, None);
		Rounds::<T>::remove(round);
	}
}

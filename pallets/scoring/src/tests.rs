//! Unit tests of every call and error path, the audit's attacks on the evaluation engine
//! (C1, H1, M5, L1, L5, L13 of `audit-2026-12.md`), the invariants, and property tests of the
//! aggregation.

use crate::{mock::*, *};
use attribution_primitives::{
	score::{Direction, MeasurementOutcome, ScoringMethod, Tolerance, UtilitySpec},
	traits::{MeasurementRequest, Measurements, ScoreProvider},
	ProjectId, RoundId,
};
use frame::{
	prelude::*,
	testing_prelude::*,
	traits::fungible::{Inspect, InspectHold},
};
use proptest::prelude::*;

/// A binary CIDv1 (raw, sha2-256) whose digest is `seed` repeated.
fn cid(seed: u8) -> attribution_primitives::contribution::CidBytes {
	let mut bytes = vec![0x01, 0x55, 0x12, 0x20];
	bytes.extend([seed; 32]);
	bytes.try_into().unwrap()
}

fn utility() -> UtilitySpec {
	UtilitySpec { metric: 1, evaluation_set: cid(7), direction: Direction::HigherIsBetter }
}

fn register(who: AccountId, stake: Balance) {
	assert_ok!(Scoring::register_evaluator(RuntimeOrigin::signed(who), stake));
}

fn open_in(project: ProjectId) -> RoundId {
	let id = NextRoundId::<Test>::get();
	assert_ok!(Scoring::open_round(RuntimeOrigin::signed(OWNER), project, utility()));
	id
}

/// Opens a round of the test project: its players are 100, 101, 102 (the glove game).
fn open() -> RoundId {
	open_in(PROJECT)
}

fn exact(table: &[i64]) -> RevealOf<Test> {
	Reveal::Exact(table.to_vec().try_into().unwrap())
}

fn sampled(values: &[i64]) -> RevealOf<Test> {
	Reveal::Sampled {
		values: values.to_vec().try_into().unwrap(),
		coalitions_root: H256::repeat_byte(7),
	}
}

fn salt(who: AccountId) -> [u8; 32] {
	[who as u8; 32]
}

fn hash_of(who: AccountId, round: RoundId, reveal: &RevealOf<Test>) -> H256 {
	Scoring::commitment_hash(round, &who, reveal, &salt(who))
}

/// Commits `who` to `reveal`, assigning the round's minimum stake (1,000).
fn commit(who: AccountId, round: RoundId, reveal: &RevealOf<Test>) {
	commit_with(who, round, reveal, 1_000);
}

fn commit_with(who: AccountId, round: RoundId, reveal: &RevealOf<Test>, stake: Balance) {
	assert_ok!(Scoring::commit(
		RuntimeOrigin::signed(who),
		round,
		hash_of(who, round, reveal),
		stake
	));
}

fn reveal(who: AccountId, round: RoundId, reveal: &RevealOf<Test>) {
	assert_ok!(Scoring::reveal(RuntimeOrigin::signed(who), round, reveal.clone(), salt(who)));
}

fn aggregate(round: RoundId) {
	assert_ok!(Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round));
}

fn shares_of(round: RoundId) -> Vec<(u64, Perbill)> {
	match Rounds::<Test>::get(round).unwrap().result.unwrap() {
		RoundResult::Shares { shares, .. } => shares.into_inner(),
		RoundResult::Value(_) => panic!("a Shapley round has shares"),
	}
}

fn stake_of(who: AccountId) -> Balance {
	Evaluators::<Test>::get(who).unwrap().stake
}

/// Every slash so far, by account (a round settles its evaluators in storage order).
fn slashes() -> Vec<(AccountId, Balance, SlashReason)> {
	let mut slashes: Vec<_> = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Scoring(Event::Slashed { who, amount, reason, .. }) => {
				Some((who, amount, reason))
			}
			_ => None,
		})
		.collect();
	slashes.sort_by_key(|(who, _, _)| *who);
	slashes
}

/// The glove game on players (100, 101, 102): 100 has the left glove; a pair is worth
/// 1,000,000. Shapley values (2/3, 1/6, 1/6).
const GLOVES: [i64; 8] = [0, 0, 0, 1_000_000, 0, 1_000_000, 0, 1_000_000];

/// The glove game's shares.
fn glove_shares() -> Vec<(u64, Perbill)> {
	vec![
		(100, Perbill::from_parts(666_666_667)),
		(101, Perbill::from_parts(166_666_667)),
		(102, Perbill::from_parts(166_666_666)),
	]
}

/// Runs a glove round with the given evaluators revealing `tables` (commit in block 1,
/// reveal in block 7, aggregate in block 12).
fn glove_round(evaluators: &[(AccountId, &[i64])]) -> RoundId {
	let round = open();
	for (who, table) in evaluators {
		commit(*who, round, &exact(table));
	}
	run_to(7);
	for (who, table) in evaluators {
		reveal(*who, round, &exact(table));
	}
	run_to(12);
	aggregate(round);
	round
}

/// EVA, EVB and EVC register and score the glove game; its result becomes snapshot 1 at
/// block 18.
fn glove_snapshot() {
	for who in [EVA, EVB, EVC] {
		register(who, 1_000);
	}
	let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES)]);
	run_to(18);
	assert_ok!(Scoring::finalize(RuntimeOrigin::signed(STRANGER), round));
}

/// From block 20: a round of the test project where EVA, EVB and EVC all reveal `table`,
/// aggregated and finalized into the project's next snapshot by block 37.
fn exact_round_to_snapshot(table: &[i64]) {
	System::set_block_number(20);
	let round = open();
	for who in [EVA, EVB, EVC] {
		commit(who, round, &exact(table));
	}
	run_to(26);
	for who in [EVA, EVB, EVC] {
		reveal(who, round, &exact(table));
	}
	run_to(31);
	aggregate(round);
	run_to(37);
	assert_ok!(Scoring::finalize(RuntimeOrigin::signed(STRANGER), round));
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

/// Requests a measurement of contribution 100 of the test project by OWNER, with EVE as the
/// interested party, under the test project's terms.
fn request_measurement() -> RoundId {
	let terms = Scoring::terms_for(PROJECT).unwrap();
	Scoring::request(MeasurementRequest {
		opener: OWNER,
		project: PROJECT,
		subject: 100,
		metric: H256::repeat_byte(1),
		evaluation_set: cid(9),
		terms,
		interested: Some(EVE),
	})
	.unwrap()
}

fn value(v: i64) -> RevealOf<Test> {
	Reveal::Value(v)
}

#[test]
fn evaluators_register_add_stake_unbond_and_withdraw() {
	test(|| {
		register(EVA, 1_500);
		assert_eq!(held(HoldReason::EvaluatorStake, EVA), 1_500);
		assert_ok!(Scoring::bond_extra(RuntimeOrigin::signed(EVA), 500));
		assert_eq!(stake_of(EVA), 2_000);
		assert_ok!(Scoring::unbond(RuntimeOrigin::signed(EVA)));
		System::assert_last_event(
			Event::EvaluatorUnbonding { who: EVA, withdrawable_at: 21 }.into(),
		);
		assert_noop!(Scoring::bond_extra(RuntimeOrigin::signed(EVA), 1), Error::<Test>::Unbonding);
		assert_noop!(Scoring::unbond(RuntimeOrigin::signed(EVA)), Error::<Test>::Unbonding);
		assert_noop!(
			Scoring::withdraw_unbonded(RuntimeOrigin::signed(EVA)),
			Error::<Test>::StillUnbonding
		);
		run_to(21);
		assert_ok!(Scoring::withdraw_unbonded(RuntimeOrigin::signed(EVA)));
		assert_eq!(held(HoldReason::EvaluatorStake, EVA), 0);
		assert_eq!(Balances::balance(&EVA), INITIAL_BALANCE);
		assert!(!Evaluators::<Test>::contains_key(EVA));
	});
}

#[test]
fn bad_evaluator_registrations_are_refused() {
	test(|| {
		assert_noop!(
			Scoring::register_evaluator(RuntimeOrigin::signed(EVA), 999),
			Error::<Test>::StakeTooLow
		);
		assert_noop!(
			Scoring::register_evaluator(RuntimeOrigin::signed(PAUPER), 1_000),
			TokenError::FundsUnavailable
		);
		register(EVA, 1_000);
		assert_noop!(
			Scoring::register_evaluator(RuntimeOrigin::signed(EVA), 1_000),
			Error::<Test>::AlreadyEvaluator
		);
		for who in [EVB, EVC, EVD, EVE, STRANGER, 15] {
			register(who, 1_000);
		}
		assert_noop!(
			Scoring::register_evaluator(RuntimeOrigin::signed(OWNER), 1_000),
			Error::<Test>::TooManyEvaluators
		);
		assert_noop!(
			Scoring::bond_extra(RuntimeOrigin::signed(OWNER), 1),
			Error::<Test>::NotEvaluator
		);
		assert_noop!(Scoring::unbond(RuntimeOrigin::signed(OWNER)), Error::<Test>::NotEvaluator);
		assert_noop!(
			Scoring::withdraw_unbonded(RuntimeOrigin::signed(EVA)),
			Error::<Test>::NotUnbonding
		);
	});
}

/// Stake backs every assignment: an evaluator with open work cannot start unbonding.
#[test]
fn an_evaluator_with_open_work_cannot_unbond() {
	test(|| {
		register(EVA, 1_000);
		let round = open();
		commit(EVA, round, &exact(&GLOVES));
		assert_noop!(Scoring::unbond(RuntimeOrigin::signed(EVA)), Error::<Test>::EvaluatorBusy);
		run_to(12);
		aggregate(round);
		assert_ok!(Scoring::unbond(RuntimeOrigin::signed(EVA)));
	});
}

/// The chain sets the players (audit C1 (a)): every active contribution of the project at
/// opening, in id order, not a list the owner picks; the terms are copied into the round.
#[test]
fn a_round_scores_every_active_contribution_under_the_policy_at_opening() {
	test(|| {
		let round = open();
		let record = Rounds::<Test>::get(round).unwrap();
		let RoundKind::Score { players, method, .. } = &record.kind else {
			panic!("a Shapley round")
		};
		// 104 is pending, 200 belongs to another project.
		assert_eq!(players.clone().into_inner(), vec![100, 101, 102]);
		assert_eq!(*method, ScoringMethod::Exact);
		assert_eq!((record.commit_end, record.reveal_end), (6, 11));
		assert_eq!(
			record.terms,
			TermsOf::<Test> {
				min_evaluators: 3,
				min_stake: 1_000,
				// max(MinQuorumStake, 3 · 1,000)
				quorum_stake: 3_000,
				commit_period: 5,
				reveal_period: 5,
				dispute_period: 5,
				tolerance: Tolerance { absolute: 10, relative: Perbill::from_percent(10) },
			}
		);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500);
		System::assert_last_event(
			Event::RoundOpened {
				round,
				project: PROJECT,
				players: 3,
				method: ScoringMethod::Exact,
				commit_end: 6,
				reveal_end: 11,
			}
			.into(),
		);
		// Changing the policy afterwards does not change the open round.
		MockRegistry::set_project(
			PROJECT,
			OWNER,
			attribution_primitives::project::EvaluatorPolicy { min_evaluators: 5, ..policy() },
		);
		assert_eq!(Rounds::<Test>::get(round).unwrap().terms.min_evaluators, 3);
	});
}

#[test]
fn large_projects_get_sampled_rounds() {
	test(|| {
		let round = open_in(LARGE_PROJECT);
		let record = Rounds::<Test>::get(round).unwrap();
		let RoundKind::Score { players, method, .. } = &record.kind else {
			panic!("a Shapley round")
		};
		assert_eq!(players.len(), 6);
		assert_eq!(*method, ScoringMethod::Sampled { permutations: 100 });
		assert_eq!(record.kind.width(), 6);
	});
}

#[test]
fn opening_a_round_checks_owner_project_evaluation_set_and_size() {
	test(|| {
		let open_with = |who, project, utility| {
			Scoring::open_round(RuntimeOrigin::signed(who), project, utility)
		};
		assert_noop!(open_with(OWNER, 9, utility()), Error::<Test>::UnknownProject);
		assert_noop!(open_with(STRANGER, PROJECT, utility()), Error::<Test>::NotProjectOwner);
		// Audit L13: the evaluation set must be a CID, not any bytes.
		for bad in [&b""[..], &b"bafkreievaluationset"[..], &[0x01, 0x55, 0x12, 0x20, 1][..]] {
			let mut spec = utility();
			spec.evaluation_set = bad.to_vec().try_into().unwrap();
			assert_noop!(open_with(OWNER, PROJECT, spec), Error::<Test>::InvalidEvaluationSet);
		}
		MockRegistry::set_project(4, OWNER, policy());
		assert_noop!(open_with(OWNER, 4, utility()), Error::<Test>::NoActiveContributions);
		MockRegistry::set_contribution(400, 4, Status::Withdrawn, vec![(OWNER, Perbill::one())]);
		assert_noop!(open_with(OWNER, 4, utility()), Error::<Test>::NoActiveContributions);
		for id in 401..417 {
			MockRegistry::set_contribution(id, 4, Status::Active, vec![(OWNER, Perbill::one())]);
		}
		// 17 contributions in all, more than MaxPlayers (16).
		assert_noop!(open_with(OWNER, 4, utility()), Error::<Test>::TooManyContributions);
	});
}

/// Audit L5 and C1: no policy goes under the runtime's floors, each with its own error, and
/// nothing is stored or held.
#[test]
fn policies_under_the_floors_are_refused() {
	use attribution_primitives::project::EvaluatorPolicy;
	test(|| {
		let cases: [(EvaluatorPolicy<Balance, u64>, Error<Test>); 6] = [
			(EvaluatorPolicy { commit_period: 1, ..policy() }, Error::<Test>::CommitPeriodTooShort),
			(EvaluatorPolicy { commit_period: 0, ..policy() }, Error::<Test>::CommitPeriodTooShort),
			(EvaluatorPolicy { reveal_period: 1, ..policy() }, Error::<Test>::RevealPeriodTooShort),
			(
				EvaluatorPolicy { dispute_period: 1, ..policy() },
				Error::<Test>::DisputePeriodTooShort,
			),
			(EvaluatorPolicy { min_evaluators: 2, ..policy() }, Error::<Test>::TooFewEvaluators),
			(EvaluatorPolicy { min_evaluators: 6, ..policy() }, Error::<Test>::QuorumUnreachable),
		];
		for (bad, error) in cases {
			let error = DispatchError::from(error);
			MockRegistry::set_project(PROJECT, OWNER, bad);
			assert_noop!(
				Scoring::open_round(RuntimeOrigin::signed(OWNER), PROJECT, utility()),
				error
			);
			assert_eq!(
				Scoring::terms_for(PROJECT),
				Err(error),
				"measurements are refused the same way"
			);
			assert_eq!(NextRoundId::<Test>::get(), 0);
			assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
		}
		// At the floors it opens; a zero minimum stake is raised to MinEvaluatorStake.
		MockRegistry::set_project(
			PROJECT,
			OWNER,
			EvaluatorPolicy {
				min_evaluators: 3,
				min_stake: 0,
				commit_period: 2,
				reveal_period: 2,
				dispute_period: 2,
			},
		);
		let round = open();
		assert_eq!(Rounds::<Test>::get(round).unwrap().terms.min_stake, 1_000);
	});
}

#[test]
fn a_full_exact_round_scores_the_glove_game() {
	test(|| {
		glove_snapshot();
		assert_eq!(Scoring::latest_final_scores(PROJECT), Some((1, glove_shares())),);
		let (version, snapshot) = Scoring::latest_snapshot(PROJECT).unwrap();
		assert_eq!((version, snapshot.depositor, snapshot.deposit), (1, OWNER, 500));
		assert_eq!(Scoring::latest_payable_version(PROJECT), Some(1));
		assert!(Rounds::<Test>::get(0).is_none());
		assert!(slashes().is_empty());
		// 101 is split 50/50 between OWNER and STRANGER.
		let splits = Scoring::author_splits(&snapshot);
		assert!(splits.contains(&(101, STRANGER, Perbill::from_parts(83_333_333))));
	});
}

#[test]
fn commit_and_reveal_are_checked() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		let round = open();
		let table = exact(&GLOVES);
		let hash = hash_of(EVA, round, &table);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVA), 9, hash, 1_000),
			Error::<Test>::UnknownRound
		);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVD), round, hash, 1_000),
			Error::<Test>::NotEvaluator
		);
		commit(EVA, round, &table);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVB), round, hash, 999),
			Error::<Test>::StakeTooLow
		);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVB), round, hash, 1_001),
			Error::<Test>::StakeNotAvailable
		);
		register(EVD, 2_000);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, table.clone(), salt(EVA)),
			Error::<Test>::NotRevealPhase
		);
		commit(EVB, round, &table);
		commit(EVD, round, &table);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVD), round, hash, 1_000),
			Error::<Test>::AlreadyCommitted
		);
		run_to(7);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVC), round, hash, 1_000),
			Error::<Test>::NotCommitPhase
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVC), round, table.clone(), salt(EVC)),
			Error::<Test>::NotCommitted
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, exact(&GLOVES[..4]), salt(EVA)),
			Error::<Test>::WrongRevealLength
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, sampled(&[1, 2, 3]), salt(EVA)),
			Error::<Test>::WrongRevealKind
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, value(5), salt(EVA)),
			Error::<Test>::WrongRevealKind
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, table.clone(), [0; 32]),
			Error::<Test>::RevealMismatch
		);
		reveal(EVA, round, &table);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, table.clone(), salt(EVA)),
			Error::<Test>::AlreadyRevealed
		);
		assert_noop!(
			Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::RevealNotOver
		);
		run_to(12);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVB), round, table.clone(), salt(EVB)),
			Error::<Test>::NotRevealPhase
		);
		assert_noop!(
			Scoring::aggregate(RuntimeOrigin::signed(STRANGER), 9),
			Error::<Test>::UnknownRound
		);
	});
}

/// One stake cannot back more open work than it covers; what a commitment assigns is freed
/// when the round is aggregated.
#[test]
fn stake_assigned_to_open_work_never_exceeds_the_stake() {
	test(|| {
		register(EVA, 2_500);
		let first = open();
		let second = open_in(LARGE_PROJECT);
		commit_with(EVA, first, &exact(&GLOVES), 1_500);
		assert_eq!(Evaluators::<Test>::get(EVA).unwrap().assigned, 1_500);
		assert_noop!(
			Scoring::commit(
				RuntimeOrigin::signed(EVA),
				second,
				hash_of(EVA, second, &sampled(&[1; 6])),
				1_001
			),
			Error::<Test>::StakeNotAvailable
		);
		commit_with(EVA, second, &sampled(&[1; 6]), 1_000);
		let evaluator = Evaluators::<Test>::get(EVA).unwrap();
		assert_eq!((evaluator.assigned, evaluator.active_rounds), (2_500, 2));
		System::assert_has_event(
			Event::Committed { round: second, evaluator: EVA, stake: 1_000 }.into(),
		);
		// Neither is revealed: each loses 10% of what it assigned, and frees it.
		run_to(12);
		aggregate(first);
		aggregate(second);
		let evaluator = Evaluators::<Test>::get(EVA).unwrap();
		assert_eq!((evaluator.assigned, evaluator.active_rounds), (0, 0));
		assert_eq!(evaluator.stake, 2_500 - 150 - 100);
		assert_eq!(SLASHED.with(|s| *s.borrow()), 250);
	});
}

/// Conflicts of interest: the project's owner, the measurement's interested party and the
/// project's authors cannot evaluate; a pending co-authorship (which anyone can create by
/// naming an account) does not exclude.
#[test]
fn owners_interested_parties_and_authors_cannot_evaluate() {
	test(|| {
		for who in [OWNER, STRANGER, EVD, EVE] {
			register(who, 1_000);
		}
		let round = open();
		let try_commit = |who: AccountId, round| {
			Scoring::commit(
				RuntimeOrigin::signed(who),
				round,
				hash_of(who, round, &exact(&GLOVES)),
				1_000,
			)
		};
		assert_noop!(try_commit(OWNER, round), Error::<Test>::OwnerCannotEvaluate);
		assert_noop!(try_commit(STRANGER, round), Error::<Test>::AuthorCannotEvaluate);
		assert_ok!(try_commit(EVD, round));
		let measurement = request_measurement();
		assert_noop!(try_commit(EVE, measurement), Error::<Test>::InterestedCannotEvaluate);
		assert_noop!(try_commit(OWNER, measurement), Error::<Test>::OwnerCannotEvaluate);
		// A withdrawn contribution's authors stay authors of the project.
		MockRegistry::set_contribution(
			105,
			PROJECT,
			Status::Withdrawn,
			vec![(EVA, Perbill::one())],
		);
		register(EVA, 1_000);
		assert_noop!(try_commit(EVA, measurement), Error::<Test>::AuthorCannotEvaluate);
	});
}

/// Audit H1 (release by a minority) and H2's outcome: evaluators holding a stake minority
/// cannot move the median; the missed reveal and the outliers lose part of what they
/// assigned, the honest majority nothing.
#[test]
fn missed_reveals_and_outliers_are_slashed_and_a_dishonest_minority_cannot_move_the_median() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 2_000);
		}
		register(EVD, 1_500);
		register(EVE, 1_500);
		// EVD and EVE (3,000 of 9,000 assigned) claim player 102 is worth everything.
		let greedy: [i64; 8] = [0, 0, 0, 0, 5_000_000, 5_000_000, 5_000_000, 5_000_000];
		let round = open();
		for (who, table, stake) in [
			(EVA, &GLOVES, 2_000),
			(EVB, &GLOVES, 2_000),
			(EVC, &GLOVES, 2_000),
			(EVD, &greedy, 1_500),
			(EVE, &greedy, 1_500),
		] {
			commit_with(who, round, &exact(table), stake);
		}
		run_to(7);
		for (who, table) in [(EVA, &GLOVES), (EVB, &GLOVES), (EVD, &greedy), (EVE, &greedy)] {
			reveal(who, round, &exact(table));
		}
		run_to(12);
		aggregate(round);
		assert_eq!(shares_of(round), glove_shares(), "the honest median");
		// EVC missed its reveal: 10% of 2,000. EVD and EVE are outliers: 20% of 1,500 each.
		assert_eq!(
			slashes(),
			vec![
				(EVC, 200, SlashReason::MissedReveal),
				(EVD, 300, SlashReason::Outlier),
				(EVE, 300, SlashReason::Outlier),
			]
		);
		assert_eq!([stake_of(EVA), stake_of(EVB)], [2_000, 2_000]);
		assert_eq!([stake_of(EVC), stake_of(EVD), stake_of(EVE)], [1_800, 1_200, 1_200]);
		assert_eq!(SLASHED.with(|s| *s.borrow()), 800);
		assert_noop!(
			Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::AlreadyAggregated
		);
	});
}

/// Audit M5: an even stake split is a tie: nobody is slashed as an outlier, and the round
/// fails instead of taking the lower side's values (or a midpoint that half of the stake
/// could push anywhere).
#[test]
fn an_even_split_slashes_nobody_and_yields_no_result() {
	test(|| {
		register(EVA, 2_000);
		register(EVB, 1_000);
		register(EVC, 1_000);
		let zeros = [0i64; 8];
		let round = open();
		commit_with(EVA, round, &exact(&GLOVES), 2_000);
		commit(EVB, round, &exact(&zeros));
		commit(EVC, round, &exact(&zeros));
		run_to(7);
		reveal(EVA, round, &exact(&GLOVES));
		reveal(EVB, round, &exact(&zeros));
		reveal(EVC, round, &exact(&zeros));
		run_to(12);
		aggregate(round);
		System::assert_has_event(
			Event::RoundFailed { round, reveals: 3, reason: FailureReason::NoMajority }.into(),
		);
		assert!(slashes().is_empty());
		assert_eq!([stake_of(EVA), stake_of(EVB), stake_of(EVC)], [2_000, 1_000, 1_000]);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0, "the deposit is returned");
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 0);
	});
}

/// Audit M5: an all-zero reveal cannot pull the consensus to zero and make honest, slightly
/// noisy evaluators outliers: the zeros are the outlier.
#[test]
fn an_all_zero_reveal_cannot_make_honest_evaluators_outliers() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		// EVB's measurements differ from EVA's by a little noise (within the absolute part).
		let noisy: Vec<i64> = GLOVES.iter().map(|v| v + 3).collect();
		let zeros = [0i64; 8];
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &noisy), (EVC, &zeros)]);
		assert_eq!(slashes(), vec![(EVC, 200, SlashReason::Outlier)]);
		// The consensus is EVA's table (the middle value of each coalition).
		assert_eq!(shares_of(round), glove_shares());
	});
}

/// A commitment copied from another evaluator cannot be revealed: the hash binds the
/// committing account, so the copier misses its reveal and is slashed.
#[test]
fn a_copied_commitment_cannot_be_revealed() {
	test(|| {
		for who in [EVA, EVB, EVC, EVD] {
			register(who, 1_000);
		}
		let round = open();
		for who in [EVA, EVB, EVC] {
			commit(who, round, &exact(&GLOVES));
		}
		let copied = Commitments::<Test>::get(round, EVA).unwrap().hash;
		assert_ok!(Scoring::commit(RuntimeOrigin::signed(EVD), round, copied, 1_000));
		run_to(7);
		for who in [EVA, EVB, EVC] {
			reveal(who, round, &exact(&GLOVES));
		}
		for salt in [salt(EVA), salt(EVD)] {
			assert_noop!(
				Scoring::reveal(RuntimeOrigin::signed(EVD), round, exact(&GLOVES), salt),
				Error::<Test>::RevealMismatch
			);
		}
		run_to(12);
		aggregate(round);
		assert_eq!(slashes(), vec![(EVD, 100, SlashReason::MissedReveal)]);
		assert_eq!(shares_of(round), glove_shares());
	});
}

#[test]
fn a_round_with_too_few_reveals_fails_and_the_quorum_follows_the_minimum_stake() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 2_000);
		}
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES)]);
		System::assert_has_event(
			Event::RoundFailed { round, reveals: 2, reason: FailureReason::TooFewReveals }.into(),
		);
		assert!(!Rounds::<Test>::contains_key(round));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
		assert_eq!(Evaluators::<Test>::get(EVA).unwrap().active_rounds, 0);
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 0);

		// A quorum in stake: with a minimum of 1,500 per evaluator the terms need 4,500.
		MockRegistry::set_project(
			PROJECT,
			OWNER,
			attribution_primitives::project::EvaluatorPolicy { min_stake: 1_500, ..policy() },
		);
		System::set_block_number(20);
		let round = open();
		assert_eq!(Rounds::<Test>::get(round).unwrap().terms.quorum_stake, 4_500);
		for who in [EVA, EVB, EVC] {
			commit_with(who, round, &exact(&GLOVES), 1_500);
		}
		run_to(26);
		for who in [EVA, EVB, EVC] {
			reveal(who, round, &exact(&GLOVES));
		}
		run_to(31);
		aggregate(round);
		assert!(Rounds::<Test>::contains_key(round), "4,500 revealed: aggregated");
	});
}

#[test]
fn a_quorum_in_stake_is_required() {
	test(|| {
		// MinQuorumStake is raised above min_evaluators · min_stake (3 · 1,000).
		MinQuorumStake::set(4_000);
		for who in [EVA, EVB, EVC] {
			register(who, 2_000);
		}
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES)]);
		System::assert_has_event(
			Event::RoundFailed { round, reveals: 3, reason: FailureReason::QuorumNotMet }.into(),
		);
		assert!(slashes().is_empty());
	});
}

#[test]
fn disputes_upheld_discard_the_result_and_dismissed_ones_cost_the_bond() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES)]);
		assert_noop!(
			Scoring::resolve_dispute(RuntimeOrigin::signed(COUNCIL), round, true),
			Error::<Test>::NotDisputed
		);
		assert_ok!(Scoring::dispute(RuntimeOrigin::signed(STRANGER), round));
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 2_000);
		assert_noop!(
			Scoring::dispute(RuntimeOrigin::signed(EVA), round),
			Error::<Test>::NotAggregated
		);
		run_to(30);
		assert_noop!(
			Scoring::finalize(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::NotAggregated
		);
		assert_noop!(
			Scoring::resolve_dispute(RuntimeOrigin::signed(STRANGER), round, false),
			DispatchError::BadOrigin
		);
		// Dismissed: the bond is slashed, the result stands.
		assert_ok!(Scoring::resolve_dispute(RuntimeOrigin::signed(COUNCIL), round, false));
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 0);
		assert_eq!(Balances::balance(&STRANGER), INITIAL_BALANCE - 2_000);
		assert_eq!(SLASHED.with(|s| *s.borrow()), 2_000);
		assert_noop!(
			Scoring::dispute(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::DisputeWindowClosed
		);
		assert_ok!(Scoring::finalize(RuntimeOrigin::signed(STRANGER), round));

		// A second round, disputed and upheld: discarded, bond and deposit back, version stays 1.
		run_to(40);
		let second = open();
		for who in [EVA, EVB, EVC] {
			commit(who, second, &exact(&GLOVES));
		}
		run_to(47);
		for who in [EVA, EVB, EVC] {
			reveal(who, second, &exact(&GLOVES));
		}
		run_to(52);
		aggregate(second);
		assert_ok!(Scoring::dispute(RuntimeOrigin::signed(STRANGER), second));
		assert_ok!(Scoring::resolve_dispute(RuntimeOrigin::signed(COUNCIL), second, true));
		System::assert_has_event(
			Event::RoundFailed { round: second, reveals: 3, reason: FailureReason::DisputeUpheld }
				.into(),
		);
		assert!(!Rounds::<Test>::contains_key(second));
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 0);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500, "only the first snapshot's deposit");
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 1);
	});
}

/// Audit L1: a round finalized late cannot replace the snapshot of a round opened after it;
/// versions follow the order rounds were opened.
#[test]
fn a_late_finalized_round_does_not_supersede_a_newer_snapshot() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 3_000);
		}
		let old = open();
		run_to(2);
		let new = open();
		// The old round scores the glove game, the new one gives everything to 100.
		let to_100: [i64; 8] = [0, 900, 0, 900, 0, 900, 0, 900];
		for who in [EVA, EVB, EVC] {
			commit(who, old, &exact(&GLOVES));
			commit(who, new, &exact(&to_100));
		}
		run_to(8);
		for who in [EVA, EVB, EVC] {
			reveal(who, old, &exact(&GLOVES));
			reveal(who, new, &exact(&to_100));
		}
		run_to(13);
		aggregate(old);
		aggregate(new);
		run_to(19);
		assert_ok!(Scoring::finalize(RuntimeOrigin::signed(STRANGER), new));
		assert_ok!(Scoring::finalize(RuntimeOrigin::signed(STRANGER), old));
		System::assert_last_event(Event::RoundSuperseded { round: old, by: new }.into());
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 1);
		assert_eq!(LatestPayableSnapshot::<Test>::get(PROJECT), 1);
		assert_eq!(Snapshots::<Test>::get(PROJECT, 1).unwrap().round, new);
		assert_eq!(Scoring::share_of(PROJECT, 1, 100), Some(Perbill::one()));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500, "the old round's deposit is back");
	});
}

#[test]
fn superseded_snapshots_can_be_pruned_by_their_depositor() {
	test(|| {
		glove_snapshot();
		assert_noop!(
			Scoring::prune_snapshot(RuntimeOrigin::signed(OWNER), PROJECT, 1),
			Error::<Test>::LatestSnapshot
		);
		let to_100: [i64; 8] = [0, 700, 0, 700, 0, 700, 0, 700];
		exact_round_to_snapshot(&to_100);
		assert_eq!(
			Scoring::latest_final_scores(PROJECT),
			Some((2, vec![(100, Perbill::one()), (101, Perbill::zero()), (102, Perbill::zero())]))
		);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 1_000);
		assert_eq!(Scoring::latest_payable_version(PROJECT), Some(2));
		assert_eq!(Scoring::share_of(PROJECT, 2, 101), Some(Perbill::zero()));
		assert_eq!(Scoring::share_of(PROJECT, 2, 104), None);
		assert_noop!(
			Scoring::prune_snapshot(RuntimeOrigin::signed(STRANGER), PROJECT, 1),
			Error::<Test>::NotDepositor
		);
		IN_USE.with(|u| u.borrow_mut().push((PROJECT, 1)));
		assert_noop!(
			Scoring::prune_snapshot(RuntimeOrigin::signed(OWNER), PROJECT, 1),
			Error::<Test>::SnapshotInUse
		);
		IN_USE.with(|u| u.borrow_mut().clear());
		assert_noop!(
			Scoring::prune_snapshot(RuntimeOrigin::signed(OWNER), PROJECT, 9),
			Error::<Test>::UnknownSnapshot
		);
		assert!(Scoring::share_of(PROJECT, 1, 100).is_some());
		assert_ok!(Scoring::prune_snapshot(RuntimeOrigin::signed(OWNER), PROJECT, 1));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500);
		assert_eq!(Scoring::share_of(PROJECT, 1, 100), None, "its share index went with it");
	});
}

#[test]
fn negative_values_are_clipped_and_reported() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		// Player 101 hurts every coalition it joins; 102 adds nothing.
		let harmful: [i64; 8] = [0, 900, -300, 600, 0, 900, -300, 600];
		let round = glove_round(&[(EVA, &harmful), (EVB, &harmful), (EVC, &harmful)]);
		System::assert_has_event(
			Event::RoundAggregated { round, reveals: 3, clipped: 1, dispute_end: 17 }.into(),
		);
		let RoundResult::Shares { shares, clipped } =
			Rounds::<Test>::get(round).unwrap().result.unwrap()
		else {
			panic!("a Shapley round has shares")
		};
		assert_eq!(
			shares.into_inner(),
			vec![(100, Perbill::one()), (101, Perbill::zero()), (102, Perbill::zero())]
		);
		assert_eq!(clipped.into_inner(), vec![101]);
	});
}

/// A measurement runs the same commit-reveal, penalties and dispute window as a Shapley round
/// and hands its final value to the requester once.
#[test]
fn a_measurement_is_committed_revealed_aggregated_and_taken_once() {
	test(|| {
		register(EVA, 2_000);
		for who in [EVB, EVC, EVD] {
			register(who, 1_000);
		}
		let id = request_measurement();
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500);
		System::assert_last_event(
			Event::MeasurementRequested {
				measurement: id,
				project: PROJECT,
				subject: 100,
				metric: H256::repeat_byte(1),
				commit_end: 6,
				reveal_end: 11,
			}
			.into(),
		);
		// EVA assigns 2,000 of the 5,000: the median is its value.
		commit_with(EVA, id, &value(910_000), 2_000);
		for (who, v) in [(EVB, 912_000), (EVC, 905_000), (EVD, 100)] {
			commit(who, id, &value(v));
		}
		run_to(7);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), id, exact(&GLOVES), salt(EVA)),
			Error::<Test>::WrongRevealKind
		);
		for (who, v) in [(EVA, 910_000), (EVB, 912_000), (EVC, 905_000), (EVD, 100)] {
			reveal(who, id, &value(v));
		}
		assert_eq!(Scoring::take_outcome(id), None, "not aggregated yet");
		run_to(12);
		aggregate(id);
		System::assert_has_event(
			Event::MeasurementAggregated {
				measurement: id,
				reveals: 4,
				median: 910_000,
				dispute_end: 17,
			}
			.into(),
		);
		// 10% of 910,000 is 91,000 (plus 10): EVB and EVC are within, EVD is not.
		assert_eq!(slashes(), vec![(EVD, 200, SlashReason::Outlier)]);
		run_to(17);
		assert_eq!(Scoring::take_outcome(id), None, "the dispute window is open");
		run_to(18);
		assert_eq!(
			Scoring::take_outcome(id),
			Some(MeasurementOutcome::Final { median: 910_000, reveals: 4 })
		);
		System::assert_has_event(
			Event::MeasurementFinalized { measurement: id, median: 910_000 }.into(),
		);
		assert_eq!(Scoring::take_outcome(id), None, "handed out once");
		assert!(!Rounds::<Test>::contains_key(id));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
	});
}

#[test]
fn a_failed_measurement_reports_its_failure() {
	test(|| {
		register(EVA, 1_000);
		let id = request_measurement();
		commit(EVA, id, &value(1));
		run_to(7);
		reveal(EVA, id, &value(1));
		run_to(12);
		aggregate(id);
		assert_eq!(
			MeasurementOutcomes::<Test>::get(id),
			Some(MeasurementOutcome::Failed { reveals: 1 })
		);
		assert_eq!(Scoring::take_outcome(id), Some(MeasurementOutcome::Failed { reveals: 1 }));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
		// A request with an evaluation set that is not a CID is refused.
		let terms = Scoring::terms_for(PROJECT).unwrap();
		assert_noop!(
			Scoring::request(MeasurementRequest {
				opener: OWNER,
				project: PROJECT,
				subject: 100,
				metric: H256::zero(),
				evaluation_set: b"not a cid".to_vec().try_into().unwrap(),
				terms,
				interested: None,
			}),
			Error::<Test>::InvalidEvaluationSet
		);
	});
}

#[test]
fn assignments_list_open_and_joinable_work() {
	use attribution_primitives::api::Assignment;
	test(|| {
		register(EVA, 1_000);
		register(STRANGER, 1_000);
		let round = open();
		let measurement = request_measurement();
		commit(EVA, measurement, &value(3));
		let expected = vec![
			Assignment {
				round: measurement,
				project: PROJECT,
				measurement: true,
				committed: true,
				revealed: false,
				commit_end: 6,
				reveal_end: 11,
			},
			Assignment {
				round,
				project: PROJECT,
				measurement: false,
				committed: false,
				revealed: false,
				commit_end: 6,
				reveal_end: 11,
			},
		];
		assert_eq!(Scoring::assignments(&EVA), expected);
		assert!(Scoring::assignments(&STRANGER).is_empty(), "an author may join nothing");
		assert!(Scoring::assignments(&EVD).is_empty(), "not an evaluator");
		run_to(7);
		assert_eq!(Scoring::assignments(&EVA), expected[..1].to_vec());
	});
}

/// Each numbered invariant catches its own corruption.
#[test]
fn every_invariant_catches_a_corruption() {
	fn fails_with(prefix: &str) {
		let error = Scoring::do_try_state().expect_err("the corruption is caught");
		assert!(error.starts_with(prefix), "{error} should start with {prefix}");
	}
	new_test_ext().execute_with(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		let round = open();
		commit(EVA, round, &exact(&GLOVES));
		assert_ok!(Scoring::do_try_state());

		Rounds::<Test>::mutate(round, |r| r.as_mut().unwrap().commits = 2);
		fails_with("1:");
		Rounds::<Test>::mutate(round, |r| r.as_mut().unwrap().commits = 1);

		Evaluators::<Test>::mutate(EVA, |e| e.as_mut().unwrap().assigned = 999);
		fails_with("2:");
		Evaluators::<Test>::mutate(EVA, |e| e.as_mut().unwrap().assigned = 1_000);

		SnapshotShares::<Test>::insert((PROJECT, 7), 100, Perbill::one());
		fails_with("3:");
		SnapshotShares::<Test>::remove((PROJECT, 7), 100);

		Evaluators::<Test>::mutate(EVB, |e| e.as_mut().unwrap().stake = 900);
		fails_with("4:");
		Evaluators::<Test>::mutate(EVB, |e| e.as_mut().unwrap().stake = 1_000);

		MeasurementOutcomes::<Test>::insert(round, MeasurementOutcome::Failed { reveals: 0 });
		fails_with("5:");
		MeasurementOutcomes::<Test>::remove(round);

		assert_ok!(Scoring::do_try_state());
	});
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(40))]

	/// Whatever a stake minority reveals, the consensus table is the majority's, and the
	/// shares sum to 100% (or are all zero).
	#[test]
	fn a_stake_minority_never_moves_the_consensus(
		honest in proptest::collection::vec(-1_000_000i64..1_000_000, 8),
		liars in proptest::collection::vec(proptest::collection::vec(any::<i64>(), 8), 0..3),
	) {
		test(|| {
			for who in [EVA, EVB, EVC] {
				register(who, 3_000);
			}
			let liar_accounts = [EVD, EVE];
			for who in liar_accounts.iter().take(liars.len()) {
				register(*who, 4_000);
			}
			let round = open();
			for who in [EVA, EVB, EVC] {
				commit_with(who, round, &exact(&honest), 3_000);
			}
			for (who, table) in liar_accounts.iter().zip(&liars) {
				commit_with(*who, round, &exact(table), 4_000);
			}
			run_to(7);
			for who in [EVA, EVB, EVC] {
				reveal(who, round, &exact(&honest));
			}
			for (who, table) in liar_accounts.iter().zip(&liars) {
				reveal(*who, round, &exact(table));
			}
			run_to(12);
			aggregate(round);
			let expected = aggregation::shares(&aggregation::exact_values(3, &honest).unwrap()).0;
			let got: Vec<Perbill> = shares_of(round).iter().map(|(_, s)| *s).collect();
			assert_eq!(got, expected);
			let total: u64 = got.iter().map(|s| u64::from(s.deconstruct())).sum();
			assert!(total == 1_000_000_000 || total == 0);
		});
	}
}

/// Leaves what storage version 1 held: the snapshot records only, no share index and no latest
/// payable version.
fn as_storage_version_1() {
	let _ = SnapshotShares::<Test>::clear(u32::MAX, None);
	let _ = LatestPayableSnapshot::<Test>::clear(u32::MAX, None);
	StorageVersion::new(1).put::<Scoring>();
}

/// Storage version 1 → 2: a chain that finalized snapshots before the share index existed gets
/// the index and the latest payable version back from the records, once.
#[test]
fn migration_v2_backfills_the_share_index_of_version_1_snapshots() {
	use frame::traits::OnRuntimeUpgrade;
	test(|| {
		glove_snapshot();
		// A second snapshot whose shares are all zero: not payable.
		exact_round_to_snapshot(&[0; 8]);
		let index: Vec<_> = SnapshotShares::<Test>::iter().collect();
		assert_eq!(index.len(), 6, "three shares of version 1, three of version 2");
		assert_eq!(LatestPayableSnapshot::<Test>::get(PROJECT), 1);

		as_storage_version_1();
		assert_eq!(Scoring::share_of(PROJECT, 1, 100), None);

		let weight = migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Scoring::on_chain_storage_version(), 2);
		let mut after: Vec<_> = SnapshotShares::<Test>::iter().collect();
		let mut before = index.clone();
		after.sort();
		before.sort();
		assert_eq!(after, before, "the index is back, share for share");
		assert_eq!(
			LatestPayableSnapshot::<Test>::get(PROJECT),
			1,
			"the all-zero version is not payable"
		);
		// Two snapshot reads, six share writes, one payable write (plus the version's).
		let expected = <<Test as frame_system::Config>::DbWeight as Get<
			frame::deps::frame_support::weights::RuntimeDbWeight,
		>>::get();
		assert!(weight.all_gte(expected.reads_writes(2, 7)));

		// Run again: the on-chain version is 2, so nothing happens.
		LatestPayableSnapshot::<Test>::remove(PROJECT);
		migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(LatestPayableSnapshot::<Test>::get(PROJECT), 0);
		LatestPayableSnapshot::<Test>::insert(PROJECT, 1);
	});
}

/// The migration's own pre- and post-upgrade checks pass on a real version 1 state and catch
/// an index that disagrees with the records.
#[cfg(feature = "try-runtime")]
#[test]
fn migration_v2_checks_pass_before_and_after_and_catch_a_wrong_index() {
	use frame::traits::{OnRuntimeUpgrade, UncheckedOnRuntimeUpgrade};
	use migrations::v2::{BackfillShareIndex, MigrateV1ToV2};
	test(|| {
		glove_snapshot();
		as_storage_version_1();

		let state = BackfillShareIndex::<Test>::pre_upgrade().unwrap();
		// Checked without the migration having run: the index is missing.
		assert!(BackfillShareIndex::<Test>::post_upgrade(state.clone()).is_err());
		assert_ok!(MigrateV1ToV2::<Test>::try_on_runtime_upgrade(true));
		assert_ok!(BackfillShareIndex::<Test>::post_upgrade(state));
	});
}

/// `finalize` and `prune_snapshot` are charged up front for the largest round and snapshot,
/// and refund to what they did: here three commitments and a snapshot of three shares.
#[test]
fn finalize_and_prune_are_charged_for_what_they_did() {
	use crate::weights::WeightInfo as _;
	test(|| {
		let max_players = <<Test as Config>::MaxPlayers as Get<u32>>::get();
		let max_evaluators = <<Test as Config>::MaxEvaluatorsPerRound as Get<u32>>::get();
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES)]);
		run_to(18);
		let declared = Call::<Test>::finalize { round }.get_dispatch_info().call_weight;
		assert_eq!(
			declared,
			<() as crate::weights::WeightInfo>::finalize(max_evaluators, max_players)
		);
		let info = Scoring::finalize(RuntimeOrigin::signed(STRANGER), round).unwrap();
		assert_eq!(info.actual_weight, Some(<()>::finalize(3, 3)));
		assert!(info.actual_weight.unwrap().ref_time() < declared.ref_time());

		let to_100: [i64; 8] = [0, 700, 0, 700, 0, 700, 0, 700];
		exact_round_to_snapshot(&to_100);
		let info = Scoring::prune_snapshot(RuntimeOrigin::signed(OWNER), PROJECT, 1).unwrap();
		assert_eq!(info.actual_weight, Some(<()>::prune_snapshot(3)));
		assert!(
			info.actual_weight.unwrap().ref_time() < <()>::prune_snapshot(max_players).ref_time()
		);
	});
}

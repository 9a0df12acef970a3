//! Unit tests of every call and error path, the audit's attacks on the evaluation engine
//! (C1, H1, H2, L8, M4, M5, L1, L5, L13 of `audit-2026-12.md`), committees and disputes, the
//! invariants, and property tests of the aggregation.

use crate::{mock::*, *};
use attribution_primitives::{
	score::{Direction, MeasurementOutcome, ScoringMethod, Tolerance, UtilitySpec},
	traits::{MeasurementRequest, Measurements, ScoreProvider},
	ProjectId, RoundId,
};
use frame::{
	prelude::*,
	testing_prelude::*,
	traits::fungible::{Inspect, InspectHold, Mutate},
};
use proptest::prelude::*;
use std::collections::BTreeMap;

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

/// Opens a round of `project` without waiting for its committee.
fn open_undrawn(project: ProjectId) -> RoundId {
	let id = NextRoundId::<Test>::get();
	assert_ok!(Scoring::open_round(RuntimeOrigin::signed(OWNER), project, utility()));
	id
}

/// Opens a round of `project` and runs until its committee is drawn.
fn open_in(project: ProjectId) -> RoundId {
	let id = open_undrawn(project);
	drawn(id);
	id
}

/// Opens a round of the test project (its players are 100, 101, 102: the glove game) and
/// runs until its committee is drawn.
fn open() -> RoundId {
	open_in(PROJECT)
}

fn record(round: RoundId) -> RoundOf<Test> {
	Rounds::<Test>::get(round).expect("the round exists")
}

/// Runs block by block until `round`'s committee is drawn (at most three relay epochs).
fn drawn(round: RoundId) {
	let start = System::block_number();
	while matches!(record(round).phase, RoundPhase::Drawing { .. }) {
		assert!(System::block_number() < start + 4 * EPOCH_BLOCKS, "drawn within two epochs");
		run_to(System::block_number() + 1);
	}
}

/// Moves to the first block of `round`'s reveal period.
fn to_reveal(round: RoundId) {
	run_to(record(round).commit_end + 1);
}

/// Moves past `round`'s reveal period.
fn past_reveal(round: RoundId) {
	run_to(record(round).reveal_end + 1);
}

/// Moves past `round`'s dispute window.
fn past_dispute(round: RoundId) {
	let RoundPhase::Aggregated { dispute_end } = record(round).phase else {
		panic!("an aggregated round")
	};
	run_to(dispute_end + 1);
}

/// `who`'s seats in `round`'s committee.
fn seats(round: RoundId, who: AccountId) -> u32 {
	Seats::<Test>::get(round, who).unwrap_or_default()
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

/// Commits `who` (drawn) to `reveal`.
fn commit(who: AccountId, round: RoundId, reveal: &RevealOf<Test>) {
	assert_ok!(Scoring::commit(RuntimeOrigin::signed(who), round, hash_of(who, round, reveal)));
}

fn reveal(who: AccountId, round: RoundId, reveal: &RevealOf<Test>) {
	assert_ok!(Scoring::reveal(RuntimeOrigin::signed(who), round, reveal.clone(), salt(who)));
}

fn aggregate(round: RoundId) {
	assert_ok!(Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round));
}

fn finalize(round: RoundId) {
	assert_ok!(Scoring::finalize(RuntimeOrigin::signed(STRANGER), round));
}

fn shares_of(round: RoundId) -> Vec<(u64, Perbill)> {
	match record(round).result.unwrap() {
		RoundResult::Shares { shares, .. } => shares.into_inner(),
		RoundResult::Value(_) => panic!("a Shapley round has shares"),
	}
}

fn stake_of(who: AccountId) -> Balance {
	Evaluators::<Test>::get(who).unwrap().stake
}

fn slashed() -> Balance {
	SLASHED.with(|s| *s.borrow())
}

/// Every slash so far, by account.
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

/// Runs a glove round in which the given evaluators (all drawn) commit and reveal their
/// tables; aggregates it.
fn glove_round(evaluators: &[(AccountId, &[i64])]) -> RoundId {
	let round = open();
	for (who, table) in evaluators {
		commit(*who, round, &exact(table));
	}
	to_reveal(round);
	for (who, table) in evaluators {
		reveal(*who, round, &exact(table));
	}
	past_reveal(round);
	aggregate(round);
	round
}

/// EVA, EVB and EVC register and score the glove game; its result becomes snapshot 1.
fn glove_snapshot() {
	for who in [EVA, EVB, EVC] {
		register(who, 1_000);
	}
	let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES)]);
	past_dispute(round);
	finalize(round);
}

/// A round of the test project where EVA, EVB and EVC (registered) all reveal `table`,
/// aggregated and finalized into the project's next snapshot.
fn exact_round_to_snapshot(table: &[i64]) {
	let round = glove_round(&[(EVA, table), (EVB, table), (EVC, table)]);
	past_dispute(round);
	finalize(round);
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

/// A measurement request of contribution 100 of the test project by OWNER, with EVE as the
/// interested party, under the test project's terms, with `at_stake` depending on it.
fn measurement_request(at_stake: Balance) -> MeasurementRequest<AccountId, Balance, u64> {
	MeasurementRequest {
		opener: OWNER,
		project: PROJECT,
		subject: 100,
		metric: H256::repeat_byte(1),
		evaluation_set: cid(9),
		terms: Scoring::terms_for(PROJECT, None).unwrap(),
		interested: Some(EVE),
		at_stake,
	}
}

/// Requests a measurement (see [`measurement_request`]) and runs until it is drawn.
fn request_measurement() -> RoundId {
	let id = Scoring::request(measurement_request(0)).unwrap();
	drawn(id);
	id
}

fn value(v: i64) -> RevealOf<Test> {
	Reveal::Value(v)
}

/// Funds `who` with `amount` (beyond the genesis accounts).
fn fund(who: AccountId, amount: Balance) {
	assert_ok!(<Balances as Mutate<AccountId>>::mint_into(&who, amount));
}

#[test]
fn evaluators_register_add_stake_unbond_and_withdraw() {
	test(|| {
		register(EVA, 1_500);
		assert_eq!(held(HoldReason::EvaluatorStake, EVA), 1_500);
		assert_ok!(Scoring::bond_extra(RuntimeOrigin::signed(EVA), 500));
		assert_eq!(stake_of(EVA), 2_000);
		// The stake enters the draw in the next relay epoch (block 2), not at once.
		assert_eq!(TreeTotal::<Test>::get(), 0);
		run_to(2);
		assert_eq!(TreeTotal::<Test>::get(), 2_000);
		assert_ok!(Scoring::unbond(RuntimeOrigin::signed(EVA)));
		System::assert_last_event(
			Event::EvaluatorUnbonding { who: EVA, withdrawable_at: 22 }.into(),
		);
		assert_noop!(Scoring::bond_extra(RuntimeOrigin::signed(EVA), 1), Error::<Test>::Unbonding);
		assert_noop!(Scoring::unbond(RuntimeOrigin::signed(EVA)), Error::<Test>::Unbonding);
		assert_noop!(
			Scoring::withdraw_unbonded(RuntimeOrigin::signed(EVA)),
			Error::<Test>::StillUnbonding
		);
		run_to(22);
		assert_eq!(TreeTotal::<Test>::get(), 0, "a leaver is out of the draw");
		assert_ok!(Scoring::withdraw_unbonded(RuntimeOrigin::signed(EVA)));
		assert_eq!(held(HoldReason::EvaluatorStake, EVA), 0);
		assert_eq!(Balances::balance(&EVA), INITIAL_BALANCE);
		assert!(!Evaluators::<Test>::contains_key(EVA));
		// Its slot goes to the next newcomer.
		register(EVB, 1_000);
		assert_eq!(Evaluators::<Test>::get(EVB).unwrap().slot, 1);
		assert_eq!(TreeSlots::<Test>::get(), 1);
	});
}

/// A leaver whose change has not entered the draw yet (the relay chain showed no new epoch
/// since it unbonded) cannot withdraw: its weight would stay in the tree.
#[test]
fn a_leaver_waits_for_its_change_to_enter_the_draw() {
	test(|| {
		register(EVA, 1_000);
		run_to(2);
		assert_ok!(Scoring::unbond(RuntimeOrigin::signed(EVA)));
		// Blocks pass without relay epochs.
		System::set_block_number(40);
		assert_noop!(
			Scoring::withdraw_unbonded(RuntimeOrigin::signed(EVA)),
			Error::<Test>::StakeChangePending
		);
		run_to(41);
		assert_ok!(Scoring::withdraw_unbonded(RuntimeOrigin::signed(EVA)));
	});
}

#[test]
fn bad_evaluator_registrations_are_refused() {
	test(|| {
		assert_noop!(
			Scoring::register_evaluator(RuntimeOrigin::signed(EVA), 99),
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

/// Audit L8: the registry has no cap to fill. A thousand evaluators (the old cap) register,
/// and a newcomer still can, and is drawn by its stake.
#[test]
fn the_registry_cannot_be_filled_to_lock_newcomers_out() {
	test(|| {
		for who in 1_000..2_001u64 {
			fund(who, 2_000);
			register(who, 1_000);
		}
		fund(5_000, 2_000_000);
		register(5_000, 1_001_000);
		assert_eq!(Evaluators::<Test>::count(), 1_002);
		// The registrations enter the draw eight per block (`MaxStakeChangesPerBlock`).
		run_to(130);
		assert_eq!(TreeTotal::<Test>::get(), 2_002_000);
		let round = open();
		// The newcomer holds about half the stake: about half of the 31 seats.
		assert!(seats(round, 5_000) >= 8, "{} seats", seats(round, 5_000));
	});
}

/// Stake backs every assignment until the result is final: an evaluator with open work
/// cannot start unbonding, even after aggregation (a dispute could still slash it).
#[test]
fn an_evaluator_with_open_work_cannot_unbond() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES)]);
		assert_noop!(Scoring::unbond(RuntimeOrigin::signed(EVA)), Error::<Test>::EvaluatorBusy);
		past_dispute(round);
		finalize(round);
		assert_ok!(Scoring::unbond(RuntimeOrigin::signed(EVA)));
	});
}

/// The chain sets the players (audit C1 (a)): every active contribution of the project at
/// opening, in id order, not a list the owner picks; the terms are copied into the round,
/// and the committee is drawn two relay epochs after the request.
#[test]
fn a_round_scores_every_active_contribution_under_the_policy_at_opening() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		let round = open_undrawn(PROJECT);
		let opened = record(round);
		let RoundKind::Score { players, method, .. } = &opened.kind else {
			panic!("a Shapley round")
		};
		// 104 is pending, 200 belongs to another project.
		assert_eq!(players.clone().into_inner(), vec![100, 101, 102]);
		assert_eq!(*method, ScoringMethod::Exact);
		// Opened in block 1, relay epoch 0: drawn with epoch 2's randomness.
		assert_eq!(opened.phase, RoundPhase::Drawing { epoch: 2 });
		assert_eq!(
			opened.terms,
			TermsOf::<Test> {
				committee: 31,
				min_stake: 100,
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
				draw_epoch: 2,
			}
			.into(),
		);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVA), round, H256::zero()),
			Error::<Test>::NotCommitPhase
		);
		// Changing the policy afterwards does not change the open round.
		MockRegistry::set_project(
			PROJECT,
			OWNER,
			attribution_primitives::project::EvaluatorPolicy { committee: 5, ..policy() },
		);
		run_to(3);
		assert!(matches!(record(round).phase, RoundPhase::Drawing { .. }), "epoch 1: not yet");
		run_to(4);
		let drawn = record(round);
		assert_eq!(drawn.terms.committee, 31);
		assert_eq!(drawn.phase, RoundPhase::Open);
		assert_eq!((drawn.commit_end, drawn.reveal_end), (9, 14));
		assert_eq!((drawn.seats, drawn.members), (31, 3));
		assert_eq!(seats(round, EVA) + seats(round, EVB) + seats(round, EVC), 31);
		System::assert_has_event(
			Event::CommitteeDrawn { round, seats: 31, members: 3, commit_end: 9, reveal_end: 14 }
				.into(),
		);
	});
}

#[test]
fn large_projects_get_sampled_rounds() {
	test(|| {
		let round = open_undrawn(LARGE_PROJECT);
		let record = record(round);
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

/// Audit L5 and C1: no policy goes under the runtime's floors (committee floor 3 in the mock,
/// at most `MaxCommittee` = 64 seats, periods at most `MaxPeriod` = 1,000 blocks), each with
/// its own error, and nothing is stored or held.
#[test]
fn policies_under_the_floors_are_refused() {
	use attribution_primitives::project::EvaluatorPolicy;
	test(|| {
		let cases: [(EvaluatorPolicy<Balance, u64>, Error<Test>); 9] = [
			(EvaluatorPolicy { commit_period: 1, ..policy() }, Error::<Test>::CommitPeriodTooShort),
			(EvaluatorPolicy { commit_period: 0, ..policy() }, Error::<Test>::CommitPeriodTooShort),
			(EvaluatorPolicy { reveal_period: 1, ..policy() }, Error::<Test>::RevealPeriodTooShort),
			(
				EvaluatorPolicy { dispute_period: 1, ..policy() },
				Error::<Test>::DisputePeriodTooShort,
			),
			(EvaluatorPolicy { committee: 2, ..policy() }, Error::<Test>::CommitteeTooSmall),
			(EvaluatorPolicy { committee: 65, ..policy() }, Error::<Test>::CommitteeTooLarge),
			// Periods without end would keep a committee's stake assigned for ever.
			(EvaluatorPolicy { commit_period: 1_001, ..policy() }, Error::<Test>::PeriodTooLong),
			(EvaluatorPolicy { reveal_period: 1_001, ..policy() }, Error::<Test>::PeriodTooLong),
			(
				EvaluatorPolicy { dispute_period: u64::MAX, ..policy() },
				Error::<Test>::PeriodTooLong,
			),
		];
		for (bad, error) in cases {
			let error = DispatchError::from(error);
			MockRegistry::set_project(PROJECT, OWNER, bad);
			assert_noop!(
				Scoring::open_round(RuntimeOrigin::signed(OWNER), PROJECT, utility()),
				error
			);
			assert_eq!(
				Scoring::terms_for(PROJECT, None),
				Err(error),
				"measurements are refused the same way"
			);
			assert_eq!(NextRoundId::<Test>::get(), 0);
			assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
		}
		// At the floors it opens; a zero stake per seat is raised to MinEvaluatorStake.
		MockRegistry::set_project(
			PROJECT,
			OWNER,
			EvaluatorPolicy {
				committee: 3,
				min_stake: 0,
				commit_period: 2,
				reveal_period: 2,
				dispute_period: 2,
			},
		);
		let round = open_undrawn(PROJECT);
		assert_eq!(record(round).terms.min_stake, 100);
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
		// Every assigned stake is free again.
		for who in [EVA, EVB, EVC] {
			let evaluator = Evaluators::<Test>::get(who).unwrap();
			assert_eq!((evaluator.assigned, evaluator.active_rounds), (0, 0));
		}
		// 101 is split 50/50 between OWNER and STRANGER.
		let splits = Scoring::author_splits(&snapshot);
		assert!(splits.contains(&(101, STRANGER, Perbill::from_parts(83_333_333))));
	});
}

/// Bad input: unknown rounds, accounts that were not drawn (registered too late, or never
/// evaluators), commits before the draw or after the commit period, reveals of the wrong
/// shape or salt, each with its own error and nothing stored.
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
			Scoring::commit(RuntimeOrigin::signed(EVA), 9, hash),
			Error::<Test>::UnknownRound
		);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVD), round, hash),
			Error::<Test>::NotDrawn
		);
		// Registered after the draw: not on the committee.
		register(EVD, 5_000);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVD), round, hash),
			Error::<Test>::NotDrawn
		);
		commit(EVA, round, &table);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, table.clone(), salt(EVA)),
			Error::<Test>::NotRevealPhase
		);
		commit(EVB, round, &table);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVB), round, hash),
			Error::<Test>::AlreadyCommitted
		);
		to_reveal(round);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVC), round, hash),
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
		past_reveal(round);
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

/// One stake cannot back more open work than it covers: each seat assigns the stake per
/// seat, as far as the free stake goes, and a commitment needs one seat's worth free.
#[test]
fn stake_assigned_to_open_work_never_exceeds_the_stake() {
	test(|| {
		register(EVA, 2_500);
		let first = open();
		let second = open_in(LARGE_PROJECT);
		// EVA alone holds all 31 seats of each: its whole stake covers fewer.
		assert_eq!((seats(first, EVA), seats(second, EVA)), (31, 31));
		commit(EVA, first, &exact(&GLOVES));
		assert_eq!(Evaluators::<Test>::get(EVA).unwrap().assigned, 2_500);
		System::assert_has_event(
			Event::Committed { round: first, evaluator: EVA, stake: 2_500 }.into(),
		);
		assert_noop!(
			Scoring::commit(
				RuntimeOrigin::signed(EVA),
				second,
				hash_of(EVA, second, &sampled(&[1; 6]))
			),
			Error::<Test>::StakeNotAvailable
		);
		// Neither is revealed, the second not even committed: 10% of what the first
		// assigned (2,500), then 10% of what the second's seats would have assigned from
		// what is left (2,250), taken once the first freed it.
		past_reveal(second);
		aggregate(first);
		aggregate(second);
		let evaluator = Evaluators::<Test>::get(EVA).unwrap();
		assert_eq!((evaluator.assigned, evaluator.active_rounds), (0, 0));
		assert_eq!(evaluator.stake, 2_025);
		assert_eq!(
			slashes(),
			vec![(EVA, 250, SlashReason::MissedReveal), (EVA, 225, SlashReason::MissedCommit)]
		);
		assert_eq!(slashed(), 475);
	});
}

/// Conflicts of interest: seats landing on the project's owner, its authors or the
/// measurement's interested party stay empty; a pending co-authorship (which anyone can
/// create by naming an account) does not exclude; one who becomes an author after the draw
/// cannot commit.
#[test]
fn owners_interested_parties_and_authors_cannot_evaluate() {
	test(|| {
		for who in [OWNER, STRANGER] {
			register(who, 1_000);
		}
		register(EVE, 5_000);
		// Conflicted seats stay empty, and a committee needs half of its seats filled: the
		// unconflicted evaluators hold most of the stake.
		register(EVD, 5_000);
		register(EVA, 5_000);
		let round = open_undrawn(PROJECT);
		let measurement = request_measurement();
		assert_eq!(seats(round, OWNER), 0);
		assert_eq!(seats(round, STRANGER), 0, "an author of 101 and 102");
		assert!(seats(round, EVD) > 0, "a pending co-author is no author");
		assert!(seats(round, EVE) > 0);
		let r = record(round);
		assert_eq!(r.members, 3);
		assert!(r.seats < 31, "the owner's and author's seats stay empty");
		let try_commit = |who: AccountId, round| {
			Scoring::commit(RuntimeOrigin::signed(who), round, hash_of(who, round, &exact(&GLOVES)))
		};
		assert_noop!(try_commit(OWNER, round), Error::<Test>::NotDrawn);
		assert_ok!(try_commit(EVD, round));
		assert_eq!(seats(measurement, EVE), 0, "the interested party");
		assert_noop!(try_commit(EVE, measurement), Error::<Test>::NotDrawn);
		// A withdrawn contribution's authors stay authors of the project.
		MockRegistry::set_contribution(
			105,
			PROJECT,
			Status::Withdrawn,
			vec![(EVA, Perbill::one())],
		);
		assert!(seats(measurement, EVA) > 0, "drawn before it became an author");
		assert_noop!(try_commit(EVA, measurement), Error::<Test>::AuthorCannotEvaluate);
	});
}

/// Audit H1 (release by a minority) and H2's outcome: evaluators holding a minority of the
/// seats cannot move the median; the missed reveal loses part of what it assigned at
/// aggregation, the outliers once the result is final, the honest majority nothing.
#[test]
fn missed_reveals_and_outliers_are_slashed_and_a_dishonest_minority_cannot_move_the_median() {
	test(|| {
		for who in [EVA, EVB] {
			register(who, 3_000);
		}
		register(EVC, 2_000);
		register(EVD, 1_500);
		register(EVE, 1_500);
		// EVD and EVE (less than a third of the stake) claim player 102 is worth everything.
		let greedy: [i64; 8] = [0, 0, 0, 0, 5_000_000, 5_000_000, 5_000_000, 5_000_000];
		let round = open();
		let honest_seats = seats(round, EVA) + seats(round, EVB);
		assert!(2 * honest_seats > 31, "the seed gives EVA and EVB a majority of the committee");
		// Each seat assigns 100, as far as the stake goes.
		let mut assigned = BTreeMap::new();
		for (who, table) in
			[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES), (EVD, &greedy), (EVE, &greedy)]
		{
			let stake = stake_of(who);
			commit(who, round, &exact(table));
			let expected = (100 * Balance::from(seats(round, who))).min(stake);
			assert_eq!(Commitments::<Test>::get(round, who).unwrap().stake, expected);
			assigned.insert(who, expected);
		}
		to_reveal(round);
		for (who, table) in [(EVA, &GLOVES), (EVB, &GLOVES), (EVD, &greedy), (EVE, &greedy)] {
			reveal(who, round, &exact(table));
		}
		past_reveal(round);
		aggregate(round);
		assert_eq!(shares_of(round), glove_shares(), "the honest median");
		// EVC missed its reveal: 10% of what it assigned.
		let c = assigned[&EVC] / 10;
		assert_eq!(slashes(), vec![(EVC, c, SlashReason::MissedReveal)]);
		assert_noop!(
			Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::AlreadyAggregated
		);
		// EVD and EVE are outliers of the final result: 20%.
		past_dispute(round);
		finalize(round);
		let (d, e) = (assigned[&EVD] / 5, assigned[&EVE] / 5);
		assert_eq!(
			slashes(),
			vec![
				(EVC, c, SlashReason::MissedReveal),
				(EVD, d, SlashReason::Outlier),
				(EVE, e, SlashReason::Outlier),
			]
		);
		assert_eq!([stake_of(EVA), stake_of(EVB)], [3_000, 3_000]);
		assert_eq!(
			[stake_of(EVC), stake_of(EVD), stake_of(EVE)],
			[2_000 - c, 1_500 - d, 1_500 - e]
		);
		assert_eq!(slashed(), c + d + e);
	});
}

/// A drawn evaluator that never commits loses `MissedRevealSlash` of what its seats would
/// have assigned, from its free stake.
#[test]
fn drawn_evaluators_who_never_commit_are_slashed() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 2_000);
		}
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES)]);
		// EVC's seats would have assigned 100 each (its 2,000 covers twenty).
		let owed = 100 * Balance::from(seats(round, EVC));
		assert!(owed > 0 && owed < 2_000);
		assert_eq!(slashes(), vec![(EVC, owed / 10, SlashReason::MissedCommit)]);
		assert_eq!(stake_of(EVC), 2_000 - owed / 10);
	});
}

/// Audit M5: an even split of the votes is a tie: nobody is slashed as an outlier, and the
/// round fails instead of taking the lower side's values (or a midpoint that half of the
/// votes could push anywhere). A committee of four seats over two equal stakes splits 2-2
/// under some relay randomness; the test looks for it.
#[test]
fn an_even_split_slashes_nobody_and_yields_no_result() {
	test(|| {
		MockRegistry::set_project(
			PROJECT,
			OWNER,
			attribution_primitives::project::EvaluatorPolicy { committee: 4, ..policy() },
		);
		register(EVA, 4_000);
		register(EVB, 4_000);
		let zeros = [0i64; 8];
		let mut seed = 0;
		let round = loop {
			RELAY_SEED.with(|s| *s.borrow_mut() = seed);
			let round = open_undrawn(PROJECT);
			drawn(round);
			if seats(round, EVA) == 2 && seats(round, EVB) == 2 {
				break round;
			}
			// Another committee: let this round fail without reveals.
			past_reveal(round);
			aggregate(round);
			seed += 1;
			assert!(seed < 50, "some randomness splits four seats evenly");
		};
		System::reset_events();
		let before = [stake_of(EVA), stake_of(EVB)];
		commit(EVA, round, &exact(&GLOVES));
		commit(EVB, round, &exact(&zeros));
		to_reveal(round);
		reveal(EVA, round, &exact(&GLOVES));
		reveal(EVB, round, &exact(&zeros));
		past_reveal(round);
		aggregate(round);
		System::assert_has_event(
			Event::RoundFailed { round, reveals: 2, reason: FailureReason::NoMajority }.into(),
		);
		assert!(slashes().is_empty());
		assert_eq!([stake_of(EVA), stake_of(EVB)], before);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0, "the deposit is returned");
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 0);
	});
}

/// Audit M5: an all-zero reveal cannot pull the consensus to zero and make honest, slightly
/// noisy evaluators outliers: the zeros are the outlier.
#[test]
fn an_all_zero_reveal_cannot_make_honest_evaluators_outliers() {
	test(|| {
		for who in [EVA, EVB] {
			register(who, 3_000);
		}
		register(EVC, 1_000);
		// EVB's measurements differ from EVA's by a little noise (within the absolute part).
		let noisy: Vec<i64> = GLOVES.iter().map(|v| v + 3).collect();
		let zeros = [0i64; 8];
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &noisy), (EVC, &zeros)]);
		// The consensus is an honest table (the middle value of each coalition).
		let consensus = Consensus::<Test>::get(round).unwrap().into_inner();
		assert!(consensus == GLOVES.to_vec() || consensus == noisy, "{consensus:?}");
		// Once final, the zeros lose 20% of what EVC's seats assigned (100 each).
		let assigned = Commitments::<Test>::get(round, EVC).unwrap().stake;
		assert_eq!(assigned, 100 * Balance::from(seats(round, EVC)));
		past_dispute(round);
		finalize(round);
		assert_eq!(slashes(), vec![(EVC, assigned / 5, SlashReason::Outlier)]);
	});
}

/// A commitment copied from another evaluator cannot be revealed: the hash binds the
/// committing account, so the copier misses its reveal and is slashed.
#[test]
fn a_copied_commitment_cannot_be_revealed() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 3_000);
		}
		register(EVD, 1_000);
		let round = open();
		for who in [EVA, EVB, EVC] {
			commit(who, round, &exact(&GLOVES));
		}
		let copied = Commitments::<Test>::get(round, EVA).unwrap().hash;
		assert_ok!(Scoring::commit(RuntimeOrigin::signed(EVD), round, copied));
		to_reveal(round);
		for who in [EVA, EVB, EVC] {
			reveal(who, round, &exact(&GLOVES));
		}
		for salt in [salt(EVA), salt(EVD)] {
			assert_noop!(
				Scoring::reveal(RuntimeOrigin::signed(EVD), round, exact(&GLOVES), salt),
				Error::<Test>::RevealMismatch
			);
		}
		let assigned = Commitments::<Test>::get(round, EVD).unwrap().stake;
		assert_eq!(assigned, (100 * Balance::from(seats(round, EVD))).min(1_000));
		past_reveal(round);
		aggregate(round);
		assert_eq!(slashes(), vec![(EVD, assigned / 10, SlashReason::MissedReveal)]);
		assert_eq!(shares_of(round), glove_shares());
	});
}

/// Review H3 of issue 19: one owner cannot flood the draw queue with rounds that keep every
/// evaluator busy: a project holds at most `MaxOpenRoundsPerProject` Shapley rounds open, each
/// holding `RoundDepositPerSeat` for every seat it asks for; measurements and other projects
/// do not count, and a round that ends frees its place.
#[test]
fn a_project_opens_a_bounded_number_of_rounds_each_paying_for_its_seats() {
	test(|| {
		RoundDepositPerSeat::set(10);
		for _ in 0..4 {
			open_undrawn(PROJECT);
		}
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 4 * (500 + 31 * 10));
		assert_eq!(OpenRounds::<Test>::get(PROJECT), 4);
		assert_noop!(
			Scoring::open_round(RuntimeOrigin::signed(OWNER), PROJECT, utility()),
			Error::<Test>::TooManyOpenRounds
		);
		assert_ok!(Scoring::request(measurement_request(0)));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 5 * (500 + 31 * 10));
		assert_eq!(OpenRounds::<Test>::get(PROJECT), 4, "measurements are not counted");
		// Nobody is registered: every draw fails, and the rounds' places are free again.
		run_to(System::block_number() + 20);
		assert!(Rounds::<Test>::iter().next().is_none());
		assert!(!OpenRounds::<Test>::contains_key(PROJECT));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
		open_undrawn(PROJECT);
	});
}

/// Review C2 of issue 19: an owner sets a stake per seat (2,000) that its allies' large
/// stakes cover and the many small honest stakes (1,000 each) do not, so the honest seats stay
/// empty and the allies, a stake minority, hold most of the filled seats. Every majority
/// counts against the seats asked for: the allies' consensus is no majority of the committee,
/// so the round fails with no result, and nobody is slashed as an outlier.
#[test]
fn an_owner_who_empties_honest_seats_gets_no_result_from_its_allies() {
	test(|| {
		MockRegistry::set_project(
			PROJECT,
			OWNER,
			attribution_primitives::project::EvaluatorPolicy { min_stake: 2_000, ..policy() },
		);
		let allies: Vec<AccountId> = (300..309).collect();
		let big_honest: Vec<AccountId> = (400..404).collect();
		let small_honest: Vec<AccountId> = (500..560).collect();
		register_all(allies.iter().copied(), 10_000);
		register_all(big_honest.iter().copied(), 10_000);
		register_all(small_honest.iter().copied(), 1_000);
		// Every registration enters the stake tree before the round is opened.
		run_to(System::block_number() + 20);
		let round = open();
		let seats_of = |group: &[AccountId]| group.iter().map(|w| seats(round, *w)).sum::<u32>();
		let (ally_seats, honest_seats) = (seats_of(&allies), seats_of(&big_honest));
		assert_eq!(seats_of(&small_honest), 0, "1,000 cannot cover a seat of 2,000");
		// The squeeze: the allies (90,000 of 190,000) hold most of the filled seats, a
		// minority of the 31 asked for.
		assert!(ally_seats > honest_seats, "{ally_seats} ally seats, {honest_seats} honest");
		assert!(
			2 * ally_seats < 31 && 2 * (ally_seats + honest_seats) > 31,
			"{ally_seats} ally seats, {honest_seats} honest"
		);
		let members = members(round);
		for who in &members {
			let table = if allies.contains(who) { &GREEDY } else { &GLOVES };
			commit(*who, round, &exact(table));
		}
		to_reveal(round);
		for who in &members {
			let table = if allies.contains(who) { &GREEDY } else { &GLOVES };
			reveal(*who, round, &exact(table));
		}
		past_reveal(round);
		aggregate(round);
		assert!(!Rounds::<Test>::contains_key(round), "no result to dispute or finalize");
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 0);
		System::assert_has_event(
			Event::RoundFailed {
				round,
				reveals: members.len() as u32,
				reason: FailureReason::NoAgreement,
			}
			.into(),
		);
		assert!(slashes().is_empty(), "nobody is proven wrong");
	});
}

/// Review H2 of issue 19: a member whose stake is assigned to other open work votes only
/// with the seats its free stake covers, so it cannot cast votes it risks nothing for.
#[test]
fn a_member_votes_only_with_the_seats_its_free_stake_covers() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 1_200);
		}
		register(EVD, 1_000);
		let first = open();
		commit(EVD, first, &exact(&GLOVES));
		let busy = Commitments::<Test>::get(first, EVD).unwrap().stake;
		// A second round while the first one's stake is still assigned.
		let second = open();
		let drawn_seats = seats(second, EVD);
		let covered = u32::try_from((1_000 - busy) / 100).unwrap();
		assert!(drawn_seats > covered, "{drawn_seats} seats drawn, {covered} covered");
		commit(EVD, second, &exact(&GLOVES));
		assert_eq!(Commitments::<Test>::get(second, EVD).unwrap().stake, 1_000 - busy);
		to_reveal(second);
		reveal(EVD, second, &exact(&GLOVES));
		assert_eq!(record(second).revealed_seats, covered, "EVD's votes: the seats it covers");
	});
}

/// A result needs the reveals of members holding a strict majority of the seats asked for.
#[test]
fn a_round_without_a_majority_of_seats_revealed_fails() {
	test(|| {
		register(EVA, 1_000);
		register(EVB, 9_000);
		let round = glove_round(&[(EVA, &GLOVES)]);
		System::assert_has_event(
			Event::RoundFailed { round, reveals: 1, reason: FailureReason::TooFewReveals }.into(),
		);
		assert!(!Rounds::<Test>::contains_key(round));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
		assert_eq!(Evaluators::<Test>::get(EVA).unwrap().active_rounds, 0);
		assert_eq!(Evaluators::<Test>::get(EVA).unwrap().assigned, 0);
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 0);
	});
}

/// Nobody registered, or nobody but the conflicted: the round fails at its draw.
#[test]
fn a_round_nobody_can_be_drawn_for_fails_at_its_draw() {
	test(|| {
		let round = open_undrawn(PROJECT);
		run_to(4);
		System::assert_has_event(
			Event::RoundFailed { round, reveals: 0, reason: FailureReason::NoEvaluators }.into(),
		);
		assert!(!Rounds::<Test>::contains_key(round));
		register(OWNER, 1_000);
		register(STRANGER, 1_000);
		let round = open_undrawn(PROJECT);
		run_to(8);
		System::assert_has_event(
			Event::RoundFailed { round, reveals: 0, reason: FailureReason::NoEvaluators }.into(),
		);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
	});
}

/// Found by the runtime fuzzer (seed 8209111700128359430): root had set the opener's balance
/// so high that its round deposit could not be released exactly, so the draw's failure path
/// gave up, left the round waiting for a draw and dropped it from the draw queue, where it
/// stayed for ever. The round now ends whatever the opener's balance.
#[test]
fn a_failed_draw_ends_the_round_even_when_the_openers_balance_is_full() {
	test(|| {
		let round = open_undrawn(PROJECT);
		let deposit = record(round).deposit;
		assert!(deposit > 0);
		let full = Balance::MAX - Balances::total_balance(&OWNER) + Balances::free_balance(OWNER);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), OWNER, full));
		run_to(4);
		System::assert_has_event(
			Event::RoundFailed { round, reveals: 0, reason: FailureReason::NoEvaluators }.into(),
		);
		assert!(!Rounds::<Test>::contains_key(round));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
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
		let old = open_undrawn(PROJECT);
		let new = open_undrawn(PROJECT);
		drawn(old);
		drawn(new);
		// The old round scores the glove game, the new one gives everything to 100.
		let to_100: [i64; 8] = [0, 900, 0, 900, 0, 900, 0, 900];
		for who in [EVA, EVB, EVC] {
			commit(who, old, &exact(&GLOVES));
		}
		// Each commitment assigns the whole stake: the second round needs more.
		for who in [EVA, EVB, EVC] {
			assert_ok!(Scoring::bond_extra(RuntimeOrigin::signed(who), 40_000));
			commit(who, new, &exact(&to_100));
		}
		to_reveal(old);
		for who in [EVA, EVB, EVC] {
			reveal(who, old, &exact(&GLOVES));
			reveal(who, new, &exact(&to_100));
		}
		past_reveal(old);
		aggregate(old);
		aggregate(new);
		past_dispute(new);
		finalize(new);
		finalize(old);
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
		let now = System::block_number();
		System::assert_has_event(
			Event::RoundAggregated { round, reveals: 3, clipped: 1, dispute_end: now + 5 }.into(),
		);
		let RoundResult::Shares { shares, clipped } = record(round).result.unwrap() else {
			panic!("a Shapley round has shares")
		};
		assert_eq!(
			shares.into_inner(),
			vec![(100, Perbill::one()), (101, Perbill::zero()), (102, Perbill::zero())]
		);
		assert_eq!(clipped.into_inner(), vec![101]);
	});
}

/// A measurement runs the same draw, commit-reveal, penalties and dispute window as a
/// Shapley round and hands its final value to the requester once.
#[test]
fn a_measurement_is_committed_revealed_aggregated_and_taken_once() {
	test(|| {
		register(EVA, 6_000);
		for who in [EVB, EVC, EVD] {
			register(who, 1_000);
		}
		let id = Scoring::request(measurement_request(0)).unwrap();
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500);
		System::assert_last_event(
			Event::MeasurementRequested {
				measurement: id,
				project: PROJECT,
				subject: 100,
				metric: H256::repeat_byte(1),
				draw_epoch: 2,
			}
			.into(),
		);
		drawn(id);
		// EVA holds 6,000 of the 9,000 stake: the seed gives it a majority of the seats.
		assert!(2 * seats(id, EVA) > 31);
		commit(EVA, id, &value(910_000));
		for (who, v) in [(EVB, 912_000), (EVC, 905_000), (EVD, 100)] {
			commit(who, id, &value(v));
		}
		to_reveal(id);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), id, exact(&GLOVES), salt(EVA)),
			Error::<Test>::WrongRevealKind
		);
		for (who, v) in [(EVA, 910_000), (EVB, 912_000), (EVC, 905_000), (EVD, 100)] {
			reveal(who, id, &value(v));
		}
		assert_eq!(Scoring::take_outcome(id), None, "not aggregated yet");
		past_reveal(id);
		aggregate(id);
		let dispute_end = System::block_number() + 5;
		System::assert_has_event(
			Event::MeasurementAggregated {
				measurement: id,
				reveals: 4,
				median: 910_000,
				dispute_end,
			}
			.into(),
		);
		// 10% of 910,000 is 91,000 (plus 10): EVB and EVC are within, EVD is not; it loses
		// 20% of what its seats assigned once the value is final.
		let assigned = Commitments::<Test>::get(id, EVD).unwrap().stake;
		assert!(slashes().is_empty());
		run_to(dispute_end);
		assert_eq!(Scoring::take_outcome(id), None, "the dispute window is open");
		run_to(dispute_end + 1);
		assert_eq!(
			Scoring::take_outcome(id),
			Some(MeasurementOutcome::Final { median: 910_000, reveals: 4 })
		);
		System::assert_has_event(
			Event::MeasurementFinalized { measurement: id, median: 910_000 }.into(),
		);
		assert_eq!(slashes(), vec![(EVD, assigned / 5, SlashReason::Outlier)]);
		assert_eq!(Scoring::take_outcome(id), None, "handed out once");
		assert!(!Rounds::<Test>::contains_key(id));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
	});
}

#[test]
fn a_failed_measurement_reports_its_failure() {
	test(|| {
		register(EVA, 1_000);
		register(EVB, 9_000);
		let id = request_measurement();
		commit(EVA, id, &value(1));
		to_reveal(id);
		reveal(EVA, id, &value(1));
		past_reveal(id);
		aggregate(id);
		assert_eq!(
			MeasurementOutcomes::<Test>::get(id),
			Some(MeasurementOutcome::Failed { reveals: 1 })
		);
		assert_eq!(Scoring::take_outcome(id), Some(MeasurementOutcome::Failed { reveals: 1 }));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
		// A request with an evaluation set that is not a CID is refused.
		assert_noop!(
			Scoring::request(MeasurementRequest {
				evaluation_set: b"not a cid".to_vec().try_into().unwrap(),
				..measurement_request(0)
			}),
			Error::<Test>::InvalidEvaluationSet
		);
	});
}

#[test]
fn assignments_list_the_work_an_evaluator_was_drawn_to() {
	use attribution_primitives::api::Assignment;
	test(|| {
		register(EVA, 1_000);
		register(EVB, 1_000);
		let round = open_undrawn(PROJECT);
		let measurement = request_measurement();
		assert_eq!(record(round).phase, RoundPhase::Open);
		commit(EVA, measurement, &value(3));
		let (commit_end, reveal_end) = (record(round).commit_end, record(round).reveal_end);
		let expected = vec![
			Assignment {
				round: measurement,
				project: PROJECT,
				measurement: true,
				seats: seats(measurement, EVA),
				committed: true,
				revealed: false,
				commit_end,
				reveal_end,
			},
			Assignment {
				round,
				project: PROJECT,
				measurement: false,
				seats: seats(round, EVA),
				committed: false,
				revealed: false,
				commit_end,
				reveal_end,
			},
		];
		assert!(expected.iter().all(|a| a.seats > 0));
		assert_eq!(Scoring::assignments(&EVA), expected);
		assert!(Scoring::assignments(&EVD).is_empty(), "not an evaluator");
		past_reveal(round);
		aggregate(round);
		assert_eq!(Scoring::assignments(&EVA), expected[..1].to_vec(), "the round is aggregated");
	});
}

/// Registers `accounts` (funded here) with `stake` each.
fn register_all(accounts: impl IntoIterator<Item = AccountId>, stake: Balance) {
	for who in accounts {
		if Balances::balance(&who) < stake + 10 {
			fund(who, stake + 10);
		}
		register(who, stake);
	}
}

/// The accounts on `round`'s committee.
fn members(round: RoundId) -> Vec<AccountId> {
	let mut members: Vec<_> = Seats::<Test>::iter_key_prefix(round).collect();
	members.sort();
	members
}

/// Every member of `round` commits `payload` and reveals it after the commit period; then
/// the reveal period ends.
fn every_member_reveals(round: RoundId, payload: &RevealOf<Test>) {
	let members = members(round);
	for who in &members {
		commit(*who, round, payload);
	}
	to_reveal(round);
	for who in &members {
		reveal(*who, round, payload);
	}
	past_reveal(round);
}

/// Every member of `round` commits and reveals `table`.
fn all_reveal(round: RoundId, table: &[i64]) {
	every_member_reveals(round, &exact(table));
}

/// What the greedy committee of the dispute tests claims: player 102 is worth everything.
const GREEDY: [i64; 8] = [0, 0, 0, 0, 5_000_000, 5_000_000, 5_000_000, 5_000_000];

/// The first committee of the dispute tests.
const FIRST: [AccountId; 4] = [EVA, EVB, EVC, EVD];

/// First committee: EVA, EVB, EVC and EVD (500 each: about eight seats each of the 31, at
/// most five of them covered) reveal `first`; then 30, 31 and 32 (1,000 each) register. A
/// member that assigned its whole stake to the round cannot cover a seat until the result is
/// final, so a re-run's seats land mostly on 30, 31 and 32. Returns the aggregated round.
fn disputable_round(first: &[i64]) -> RoundId {
	for who in FIRST {
		register(who, 500);
	}
	let round = open();
	assert_eq!(members(round), FIRST.to_vec());
	register_all([30, 31, 32], 1_000);
	all_reveal(round, first);
	aggregate(round);
	round
}

/// Disputes `round` as STRANGER and runs until the re-run is drawn; returns the re-run.
fn dispute_and_draw(round: RoundId) -> RoundId {
	let rerun = NextRoundId::<Test>::get();
	assert_ok!(Scoring::dispute(RuntimeOrigin::signed(STRANGER), round));
	drawn(rerun);
	rerun
}

/// Every member of re-run `rerun` reveals `table`; the re-run is aggregated and, after its
/// dispute window, finalized (which settles its parent's dispute).
fn rerun_to_final(rerun: RoundId, table: &[i64]) {
	all_reveal(rerun, table);
	aggregate(rerun);
	past_dispute(rerun);
	finalize(rerun);
}

/// A re-run that agrees with the disputed result dismisses the dispute: the challenger's
/// bond is slashed, the result becomes final when the re-run's does, every committee's stake
/// is freed; the re-run's committee has `k + k/2` seats, odd, on evaluators who can cover
/// them.
#[test]
fn a_dispute_the_rerun_dismisses_costs_the_bond() {
	test(|| {
		let round = disputable_round(&GLOVES);
		assert_noop!(
			Scoring::resolve_dispute(RuntimeOrigin::signed(COUNCIL), round, true),
			Error::<Test>::NotDisputed
		);
		let rerun = dispute_and_draw(round);
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 2_000);
		System::assert_has_event(
			Event::Disputed { round, challenger: STRANGER, bond: 2_000, rerun }.into(),
		);
		let again = record(rerun);
		assert_eq!((again.parent, again.level, again.terms.committee), (Some(round), 1, 47));
		// The re-run seats whoever can cover a seat: the newcomers, and members of the
		// first committee only as far as their stake is not assigned to it.
		let seated = members(rerun);
		assert!([30, 31, 32].iter().all(|who| seated.contains(who)), "{seated:?}");
		for who in FIRST {
			let assigned = Commitments::<Test>::get(round, who).unwrap().stake;
			assert_eq!(seated.contains(&who), assigned < 500, "{who} assigned {assigned}");
		}
		assert_noop!(
			Scoring::dispute(RuntimeOrigin::signed(EVA), round),
			Error::<Test>::NotAggregated
		);
		assert_noop!(
			Scoring::finalize(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::NotAggregated
		);
		// Nobody disputes the re-run: its finalization settles the dispute.
		rerun_to_final(rerun, &GLOVES);
		System::assert_has_event(
			Event::DisputeSettled { round, rerun, upheld: false, inconclusive: false }.into(),
		);
		assert_eq!(Scoring::latest_final_scores(PROJECT), Some((1, glove_shares())));
		assert!(!Rounds::<Test>::contains_key(round) && !Rounds::<Test>::contains_key(rerun));
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 0);
		assert_eq!(Balances::balance(&STRANGER), INITIAL_BALANCE - 2_000);
		assert_eq!(slashed(), 2_000);
		for who in FIRST {
			let evaluator = Evaluators::<Test>::get(who).unwrap();
			assert_eq!((evaluator.stake, evaluator.assigned, evaluator.active_rounds), (500, 0, 0));
		}
		for who in [30, 31, 32] {
			let evaluator = Evaluators::<Test>::get(who).unwrap();
			assert_eq!(
				(evaluator.stake, evaluator.assigned, evaluator.active_rounds),
				(1_000, 0, 0)
			);
		}
	});
}

/// Audit H2 and M4 together: a captured committee's result is overturned without
/// governance. The re-run finds otherwise: its result replaces the disputed one, the bond is
/// returned, and the first committee's members whose reveals lie outside the tolerance lose
/// `WrongResultSlash` (50%) of what they assigned.
#[test]
fn a_dispute_the_rerun_upholds_overturns_the_result_and_slashes_the_wrong_committee() {
	test(|| {
		let round = disputable_round(&GREEDY);
		assert_ne!(shares_of(round), glove_shares(), "captured");
		let assigned = FIRST.map(|who| Commitments::<Test>::get(round, who).unwrap().stake);
		let rerun = dispute_and_draw(round);
		rerun_to_final(rerun, &GLOVES);
		System::assert_has_event(
			Event::DisputeSettled { round, rerun, upheld: true, inconclusive: false }.into(),
		);
		assert_eq!(Scoring::latest_final_scores(PROJECT), Some((1, glove_shares())));
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 0);
		assert_eq!(Balances::balance(&STRANGER), INITIAL_BALANCE);
		// Slashed once, half of what each assigned, for the wrong result: never also as
		// outliers of their own consensus.
		let wrong: Vec<_> = FIRST
			.iter()
			.zip(assigned)
			.map(|(w, a)| (*w, a / 2, SlashReason::WrongResult))
			.collect();
		assert_eq!(slashes(), wrong);
		assert_eq!(FIRST.map(stake_of), assigned.map(|a| 500 - a / 2));
		assert_eq!([stake_of(30), stake_of(31), stake_of(32)], [1_000, 1_000, 1_000]);
		assert_eq!(slashed(), assigned.iter().map(|a| a / 2).sum::<Balance>());
		for who in FIRST.into_iter().chain([30, 31, 32]) {
			assert_eq!(Evaluators::<Test>::get(who).unwrap().assigned, 0);
		}
	});
}

/// Review M1 of issue 19: an evaluator outvoted by a captured committee but proven right by
/// the re-run loses nothing: outliers are slashed against the final consensus, once it is
/// final, not against the disputed one at aggregation.
#[test]
fn the_member_a_rerun_proves_right_loses_nothing() {
	test(|| {
		// EVA, EVB and EVC (700 each) hold votes for a majority of the 31 seats.
		for who in [EVA, EVB, EVC] {
			register(who, 700);
		}
		register(EVD, 500);
		let round = open();
		register_all([30, 31, 32], 1_000);
		let table = |who: AccountId| if who == EVD { &GLOVES } else { &GREEDY };
		for who in FIRST {
			commit(who, round, &exact(table(who)));
		}
		to_reveal(round);
		for who in FIRST {
			reveal(who, round, &exact(table(who)));
		}
		past_reveal(round);
		aggregate(round);
		assert_ne!(shares_of(round), glove_shares(), "captured");
		assert!(slashes().is_empty(), "nobody is slashed before the result is final");
		let rerun = dispute_and_draw(round);
		rerun_to_final(rerun, &GLOVES);
		System::assert_has_event(
			Event::DisputeSettled { round, rerun, upheld: true, inconclusive: false }.into(),
		);
		assert_eq!(stake_of(EVD), 500, "EVD agreed with the final result");
		let slashed_members: Vec<_> = slashes().into_iter().map(|(who, _, _)| who).collect();
		assert_eq!(slashed_members, vec![EVA, EVB, EVC]);
	});
}

/// A re-run that ends without a result (its committee did not reveal) leaves the disputed
/// result standing and returns the bond; the result is final after its window: the dispute
/// ended without anyone deciding it.
#[test]
fn a_dispute_whose_rerun_has_no_result_ends_with_the_result_standing() {
	test(|| {
		let round = disputable_round(&GLOVES);
		let rerun = dispute_and_draw(round);
		// The re-run's committee will miss its commitments: 10% of what its seats would
		// have assigned (100 each, up to the stake each holds).
		let missed: Vec<_> = members(rerun)
			.into_iter()
			.map(|who| {
				let owed = (100 * Balance::from(seats(rerun, who))).min(stake_of(who));
				(who, owed / 10, SlashReason::MissedCommit)
			})
			.collect();
		past_reveal(rerun);
		aggregate(rerun);
		System::assert_has_event(
			Event::DisputeSettled { round, rerun, upheld: false, inconclusive: true }.into(),
		);
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 0);
		assert_eq!(Balances::balance(&STRANGER), INITIAL_BALANCE);
		assert_eq!(slashes(), missed);
		finalize(round);
		assert_eq!(Scoring::latest_final_scores(PROJECT), Some((1, glove_shares())));
	});
}

/// Governance is the last resort: it decides a dispute whatever its re-runs are doing, and
/// cancels them (their committees' stake freed).
#[test]
fn governance_decides_a_dispute_and_cancels_its_rerun() {
	test(|| {
		let round = disputable_round(&GLOVES);
		let rerun = dispute_and_draw(round);
		for who in members(rerun) {
			commit(who, rerun, &exact(&GLOVES));
		}
		assert_noop!(
			Scoring::resolve_dispute(RuntimeOrigin::signed(STRANGER), round, false),
			DispatchError::BadOrigin
		);
		// Dismissed: the bond is slashed, the result stands, the re-run is gone.
		assert_ok!(Scoring::resolve_dispute(RuntimeOrigin::signed(COUNCIL), round, false));
		assert!(!Rounds::<Test>::contains_key(rerun));
		assert_eq!(Evaluators::<Test>::get(30).unwrap().assigned, 0);
		assert_eq!(Balances::balance(&STRANGER), INITIAL_BALANCE - 2_000);
		assert_eq!(slashed(), 2_000);
		past_dispute(round);
		assert_noop!(
			Scoring::dispute(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::DisputeWindowClosed
		);
		finalize(round);

		// A second round, disputed and upheld by governance: discarded, bond and deposit
		// back, the version stays 1.
		let second = open();
		all_reveal(second, &GLOVES);
		aggregate(second);
		let reveals = members(second).len() as u32;
		let rerun = NextRoundId::<Test>::get();
		assert_ok!(Scoring::dispute(RuntimeOrigin::signed(STRANGER), second));
		assert_ok!(Scoring::resolve_dispute(RuntimeOrigin::signed(COUNCIL), second, true));
		System::assert_has_event(
			Event::RoundFailed { round: second, reveals, reason: FailureReason::DisputeUpheld }
				.into(),
		);
		assert!(!Rounds::<Test>::contains_key(second) && !Rounds::<Test>::contains_key(rerun));
		// The cancelled re-run never drew: the queue skips it.
		run_to(System::block_number() + 6);
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 0);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500, "only the first snapshot's deposit");
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 1);
	});
}

/// Bad input: a dispute out of its window, of a result not aggregated, of an unknown round,
/// or without the funds for the bond, is refused with its own error and changes nothing; the
/// bond grows with what is at stake; a re-run can be disputed `MaxDisputeLevels` deep and no
/// further.
#[test]
fn disputes_need_the_window_the_bond_and_a_level_left() {
	test(|| {
		let round = disputable_round(&GLOVES);
		assert_noop!(
			Scoring::dispute(RuntimeOrigin::signed(PAUPER), round),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Scoring::dispute(RuntimeOrigin::signed(STRANGER), 99),
			Error::<Test>::UnknownRound
		);
		past_dispute(round);
		assert_noop!(
			Scoring::dispute(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::DisputeWindowClosed
		);
		finalize(round);
		// A measurement with 100,000 at stake: 10% of it, more than DisputeBond.
		let id = Scoring::request(measurement_request(100_000)).unwrap();
		assert_noop!(
			Scoring::dispute(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotAggregated
		);
		assert_eq!(Scoring::dispute_bond(&record(id)), 10_000);
		drawn(id);
		let members_first = members(id);
		every_member_reveals(id, &value(900_000));
		aggregate(id);
		// Level 1, then level 2.
		register_all(40..46, 10_000);
		let first_rerun = NextRoundId::<Test>::get();
		assert_ok!(Scoring::dispute(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 10_000);
		drawn(first_rerun);
		every_member_reveals(first_rerun, &value(900_000));
		aggregate(first_rerun);
		register_all(50..56, 10_000);
		// The level-2 challenger is an evaluator too: it is left out of its re-run's draw.
		let challenger = 60;
		register_all([challenger], 50_000);
		fund(challenger, 10_000);
		let second_rerun = NextRoundId::<Test>::get();
		assert_ok!(Scoring::dispute(RuntimeOrigin::signed(challenger), first_rerun));
		assert_eq!(record(second_rerun).level, 2);
		assert_eq!(record(second_rerun).terms.committee, 64, "47 + 23, odd, capped at 64");
		drawn(second_rerun);
		let last = members(second_rerun);
		assert!(!last.contains(&challenger), "the challenger is left out of its re-run's draw");
		every_member_reveals(second_rerun, &value(900_000));
		aggregate(second_rerun);
		assert_noop!(
			Scoring::dispute(RuntimeOrigin::signed(STRANGER), second_rerun),
			Error::<Test>::NoFurtherEscalation
		);
		// The outcome waits for the last re-run, then settles both disputes (both
		// dismissed: every committee agreed).
		assert_eq!(Scoring::take_outcome(id), None);
		past_dispute(second_rerun);
		assert_eq!(
			Scoring::take_outcome(id),
			Some(MeasurementOutcome::Final {
				median: 900_000,
				reveals: members_first.len() as u32
			})
		);
		assert_eq!(Balances::balance(&STRANGER), INITIAL_BALANCE - 10_000);
		assert_eq!(Balances::balance(&challenger), 10, "its stake held and its bond slashed");
		assert!(Rounds::<Test>::iter().next().is_none());
	});
}

/// A stake minority split into many small accounts cannot take over a re-run: the re-run is
/// drawn from every evaluator (not from those left after the disputed committee, which would
/// be mostly the minority's accounts), so over 20 seeds the honest result stands, the
/// challenger's bond is slashed and no honest evaluator loses anything.
#[test]
fn a_sybil_minority_cannot_take_over_a_rerun_on_any_of_20_seeds() {
	let sybils: Vec<AccountId> = (200..230).collect();
	let garbage: [i64; 8] = [0, 0, 0, 0, 9_000_000, 9_000_000, 9_000_000, 9_000_000];
	for seed in 0..20u64 {
		RELAY_SEED.with(|s| *s.borrow_mut() = seed);
		new_test_ext().execute_with(|| {
			// 60,000 honest against 30,000 in thirty accounts of 1,000: a third of the stake.
			register_all([EVA, EVB, EVC], 20_000);
			register_all(sybils.iter().copied(), 1_000);
			let play = |round: RoundId| {
				let drawn = members(round);
				for who in &drawn {
					let table = if sybils.contains(who) { &garbage } else { &GLOVES };
					commit(*who, round, &exact(table));
				}
				to_reveal(round);
				for who in &drawn {
					let table = if sybils.contains(who) { &garbage } else { &GLOVES };
					reveal(*who, round, &exact(table));
				}
				past_reveal(round);
				aggregate(round);
			};
			let round = open();
			play(round);
			assert_eq!(shares_of(round), glove_shares(), "seed {seed}: the first result is honest");
			let rerun = NextRoundId::<Test>::get();
			// A stranger (the sybils' friend) disputes the honest result.
			assert_ok!(Scoring::dispute(RuntimeOrigin::signed(STRANGER), round));
			drawn(rerun);
			play(rerun);
			past_dispute(rerun);
			finalize(rerun);
			System::assert_has_event(
				Event::DisputeSettled { round, rerun, upheld: false, inconclusive: false }.into(),
			);
			assert_eq!(Scoring::latest_final_scores(PROJECT), Some((1, glove_shares())));
			for who in [EVA, EVB, EVC] {
				assert_eq!(stake_of(who), 20_000, "seed {seed}: honest stake untouched");
			}
			Scoring::do_try_state().expect("invariants hold");
		});
	}
	RELAY_SEED.with(|s| *s.borrow_mut() = 0);
}

/// Audit H2, over 100 relay randomness seeds: sixteen sybils with the minimum stake (16,000
/// in all) against four honest evaluators holding 80,000 can neither take the commit slots
/// (only drawn members commit: a sybil not drawn is refused) nor decide the result: on every
/// seed the final shares are the honest ones.
#[test]
fn sixteen_minimum_stake_sybils_cannot_decide_a_round_on_any_of_100_seeds() {
	let sybils: Vec<AccountId> = (100..116).collect();
	for seed in 0..100u64 {
		RELAY_SEED.with(|s| *s.borrow_mut() = seed);
		new_test_ext().execute_with(|| {
			register_all([EVA, EVB, EVC, EVD], 20_000);
			register_all(sybils.iter().copied(), 1_000);
			let round = open();
			let garbage: [i64; 8] = [0, 0, 0, 0, 9_000_000, 9_000_000, 9_000_000, 9_000_000];
			for who in &sybils {
				let hash = hash_of(*who, round, &exact(&garbage));
				if seats(round, *who) == 0 {
					assert_noop!(
						Scoring::commit(RuntimeOrigin::signed(*who), round, hash),
						Error::<Test>::NotDrawn
					);
				} else {
					commit(*who, round, &exact(&garbage));
				}
			}
			let honest: Vec<_> =
				[EVA, EVB, EVC, EVD].into_iter().filter(|w| seats(round, *w) > 0).collect();
			for who in &honest {
				commit(*who, round, &exact(&GLOVES));
			}
			to_reveal(round);
			for who in sybils.iter().filter(|w| seats(round, **w) > 0) {
				reveal(*who, round, &exact(&garbage));
			}
			for who in &honest {
				reveal(*who, round, &exact(&GLOVES));
			}
			past_reveal(round);
			aggregate(round);
			past_dispute(round);
			finalize(round);
			assert_eq!(
				Scoring::latest_final_scores(PROJECT),
				Some((1, glove_shares())),
				"seed {seed}"
			);
			Scoring::do_try_state().expect("invariants hold");
		});
	}
	RELAY_SEED.with(|s| *s.borrow_mut() = 0);
}

/// Seats follow stake: over 40 committees of 31 seats, an evaluator with three times
/// another's stake holds about three quarters of the seats (within five standard deviations
/// of the binomial).
#[test]
fn seats_are_drawn_in_proportion_to_stake() {
	test(|| {
		register(EVA, 3_000);
		register(EVB, 1_000);
		let mut big = 0u32;
		let mut all = 0u32;
		for _ in 0..40 {
			let round = open();
			big += seats(round, EVA);
			all += record(round).seats;
			past_reveal(round);
			aggregate(round);
			// Missed commitments are slashed: top the stakes up to 3:1 again.
			for (who, stake) in [(EVA, 3_000), (EVB, 1_000)] {
				let missing = stake - stake_of(who);
				if missing > 0 {
					assert_ok!(Scoring::bond_extra(RuntimeOrigin::signed(who), missing));
				}
			}
		}
		assert_eq!(all, 40 * 31);
		let expected = f64::from(all) * 0.75;
		let deviation = (f64::from(all) * 0.75 * 0.25).sqrt();
		assert!(
			(f64::from(big) - expected).abs() < 5.0 * deviation,
			"{big} of {all} seats, expected {expected}"
		);
	});
}

/// Nobody can move a draw after seeing its randomness: a stake change made after the
/// request (here a large bond one epoch before the draw) enters the tree only after the
/// draw, which is the same as without it.
#[test]
fn a_stake_change_after_the_request_does_not_move_the_draw() {
	let committee = |late_bond: bool| {
		let mut drawn_seats = Vec::new();
		new_test_ext().execute_with(|| {
			register(EVA, 1_000);
			register(EVB, 1_000);
			let round = open_undrawn(PROJECT);
			run_to(3);
			if late_bond {
				assert_ok!(Scoring::bond_extra(RuntimeOrigin::signed(EVB), 900_000));
			}
			drawn(round);
			drawn_seats = vec![seats(round, EVA), seats(round, EVB)];
			if late_bond {
				assert_eq!(
					Evaluators::<Test>::get(EVB).unwrap().weight,
					901_000,
					"the bond entered right after the draw"
				);
			}
		});
		drawn_seats
	};
	assert_eq!(committee(true), committee(false));
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
		register(EVD, 1_000);
		assert_ok!(Scoring::do_try_state());

		Rounds::<Test>::mutate(round, |r| r.as_mut().unwrap().commits = 2);
		fails_with("1:");
		Rounds::<Test>::mutate(round, |r| r.as_mut().unwrap().commits = 1);
		Seats::<Test>::insert(round, EVD, 1);
		fails_with("1:");
		Seats::<Test>::remove(round, EVD);
		Consensus::<Test>::insert(round, BoundedVec::truncate_from(vec![1]));
		fails_with("1:");
		Consensus::<Test>::remove(round);
		OpenRounds::<Test>::insert(PROJECT, 2);
		fails_with("1:");
		OpenRounds::<Test>::insert(PROJECT, 1);

		let assigned = Evaluators::<Test>::get(EVA).unwrap().assigned;
		Evaluators::<Test>::mutate(EVA, |e| e.as_mut().unwrap().assigned = assigned - 1);
		fails_with("2:");
		Evaluators::<Test>::mutate(EVA, |e| e.as_mut().unwrap().assigned = assigned);

		SnapshotShares::<Test>::insert((PROJECT, 7), 100, Perbill::one());
		fails_with("3:");
		SnapshotShares::<Test>::remove((PROJECT, 7), 100);

		Evaluators::<Test>::mutate(EVB, |e| e.as_mut().unwrap().stake = 900);
		fails_with("4:");
		Evaluators::<Test>::mutate(EVB, |e| e.as_mut().unwrap().stake = 1_000);

		MeasurementOutcomes::<Test>::insert(round, MeasurementOutcome::Failed { reveals: 0 });
		fails_with("5:");
		MeasurementOutcomes::<Test>::remove(round);

		StakeTree::<Test>::mutate(2, |node| *node += 1);
		fails_with("6:");
		StakeTree::<Test>::mutate(2, |node| *node -= 1);
		TreeTotal::<Test>::mutate(|total| *total += 1);
		fails_with("6:");
		TreeTotal::<Test>::mutate(|total| *total -= 1);

		// EVD's registration is queued (it enters the tree in the next epoch).
		let (sequence, _) = QueuedStakeChange::<Test>::get(EVD).unwrap();
		StakeChangeQueue::<Test>::remove(sequence);
		fails_with("7:");
		StakeChangeQueue::<Test>::insert(sequence, EVD);

		assert_ok!(Scoring::do_try_state());
	});
}

/// Audit L10's gaps: state left behind by records that are gone is caught, each by the
/// message that names it.
#[test]
fn invariants_catch_what_a_gone_record_leaves_behind() {
	new_test_ext().execute_with(|| {
		glove_snapshot();
		let round = open();
		commit(EVA, round, &exact(&GLOVES));
		assert_ok!(Scoring::do_try_state());
		let gone = NextRoundId::<Test>::get() + 5;

		let commitment = Commitments::<Test>::get(round, EVA).unwrap();
		Commitments::<Test>::insert(gone, EVA, commitment);
		assert_eq!(Scoring::do_try_state(), Err("1: commitment of a round that is gone"));
		Commitments::<Test>::remove(gone, EVA);

		Reveals::<Test>::insert(gone, EVB, exact(&GLOVES));
		assert_eq!(Scoring::do_try_state(), Err("1: reveal of a round that is gone"));
		Reveals::<Test>::remove(gone, EVB);

		// Snapshot 1 scores 100, 101 and 102; an index entry for 103 is one it does not have.
		SnapshotShares::<Test>::insert((PROJECT, 1), 103, Perbill::zero());
		assert_eq!(
			Scoring::do_try_state(),
			Err("3: share index has entries the snapshot does not")
		);
		SnapshotShares::<Test>::remove((PROJECT, 1), 103);
		assert_ok!(Scoring::do_try_state());

		// STRANGER has no stake, round, snapshot or dispute.
		use frame::traits::fungible::MutateHold;
		assert_ok!(Balances::hold(&HoldReason::DisputeBond.into(), &STRANGER, 1));
		assert_eq!(
			Scoring::do_try_state(),
			Err("4: holds differ from recorded stakes, deposits and bonds")
		);
	});
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(40))]

	/// Whatever the rest of a committee does (reveal anything, reveal nothing, or not even
	/// commit), when honest evaluators hold a strict majority of its seats the result is the
	/// honest one, no honest evaluator is slashed, and issuance only moves by what was
	/// slashed.
	#[test]
	fn an_honest_majority_of_seats_always_decides(
		honest in proptest::collection::vec(-1_000_000i64..1_000_000, 8),
		honest_stakes in proptest::collection::vec(1_000u64..50_000, 2..4),
		others in proptest::collection::vec(
			(1_000u64..30_000, 0u8..3, proptest::collection::vec(any::<i64>(), 8)),
			0..4
		),
		seed in any::<u64>(),
	) {
		RELAY_SEED.with(|s| *s.borrow_mut() = seed);
		test(|| {
			let issuance = Balances::total_issuance();
			let honest_accounts: Vec<AccountId> = (60..).take(honest_stakes.len()).collect();
			let other_accounts: Vec<AccountId> = (70..).take(others.len()).collect();
			for (who, stake) in honest_accounts.iter().zip(&honest_stakes) {
				register_all([*who], *stake);
			}
			for (who, (stake, _, _)) in other_accounts.iter().zip(&others) {
				register_all([*who], *stake);
			}
			let round = open();
			let honest_seats: u32 = honest_accounts.iter().map(|w| seats(round, *w)).sum();
			if 2 * honest_seats <= record(round).seats {
				// Not an honest-majority committee: nothing is claimed of it.
				return;
			}
			for who in &honest_accounts {
				if seats(round, *who) > 0 {
					commit(*who, round, &exact(&honest));
				}
			}
			for (who, (_, behaviour, table)) in other_accounts.iter().zip(&others) {
				if seats(round, *who) > 0 && *behaviour > 0 {
					commit(*who, round, &exact(table));
				}
			}
			to_reveal(round);
			for who in &honest_accounts {
				if seats(round, *who) > 0 {
					reveal(*who, round, &exact(&honest));
				}
			}
			for (who, (_, behaviour, table)) in other_accounts.iter().zip(&others) {
				if seats(round, *who) > 0 && *behaviour == 2 {
					reveal(*who, round, &exact(table));
				}
			}
			past_reveal(round);
			aggregate(round);
			let expected = aggregation::shares(&aggregation::exact_values(3, &honest).unwrap()).0;
			let got: Vec<Perbill> = shares_of(round).iter().map(|(_, s)| *s).collect();
			assert_eq!(got, expected);
			assert!(slashes().iter().all(|(who, _, _)| !honest_accounts.contains(who)));
			past_dispute(round);
			finalize(round);
			let minted: Balance = honest_stakes.iter().chain(others.iter().map(|(s, _, _)| s))
				.map(|s| s + 10).sum();
			assert_eq!(Balances::total_issuance() + slashed(), issuance + minted);
		});
		RELAY_SEED.with(|s| *s.borrow_mut() = 0);
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
		let max_committee = <<Test as Config>::MaxCommittee as Get<u32>>::get();
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES)]);
		past_dispute(round);
		let declared = Call::<Test>::finalize { round }.get_dispatch_info().call_weight;
		assert_eq!(
			declared,
			<() as crate::weights::WeightInfo>::finalize(max_committee, max_players)
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

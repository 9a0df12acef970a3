//! Unit tests of every call and error path, and property tests of the aggregation.

use crate::{mock::*, *};
use attribution_primitives::{
	score::{Direction, ScoringMethod, UtilitySpec},
	traits::ScoreProvider,
	RoundId,
};
use frame::{
	prelude::*,
	testing_prelude::*,
	traits::fungible::{Inspect, InspectHold},
};
use proptest::prelude::*;

fn utility() -> UtilitySpec {
	UtilitySpec {
		metric: 1,
		evaluation_set: b"bafkreievaluationset".to_vec().try_into().unwrap(),
		direction: Direction::HigherIsBetter,
	}
}

fn register(who: AccountId, stake: Balance) {
	assert_ok!(Scoring::register_evaluator(RuntimeOrigin::signed(who), stake));
}

fn open(players: Vec<u64>, method: ScoringMethod) -> RoundId {
	let id = NextRoundId::<Test>::get();
	assert_ok!(Scoring::open_round(
		RuntimeOrigin::signed(OWNER),
		PROJECT,
		players,
		utility(),
		method
	));
	id
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

fn commit(who: AccountId, round: RoundId, reveal: &RevealOf<Test>) {
	let hash = Scoring::commitment_hash(round, &who, reveal, &salt(who));
	assert_ok!(Scoring::commit(RuntimeOrigin::signed(who), round, hash));
}

fn reveal(who: AccountId, round: RoundId, reveal: &RevealOf<Test>) {
	assert_ok!(Scoring::reveal(RuntimeOrigin::signed(who), round, reveal.clone(), salt(who)));
}

/// The glove game on players (100, 101, 102): 100 has the left glove; a pair is worth
/// 1,000,000. Shapley values (2/3, 1/6, 1/6).
const GLOVES: [i64; 8] = [0, 0, 0, 1_000_000, 0, 1_000_000, 0, 1_000_000];

/// Runs a glove round with the given evaluators revealing `tables` (commit in block 1,
/// reveal in block 7, aggregate in block 12).
fn glove_round(evaluators: &[(AccountId, &[i64])]) -> RoundId {
	let round = open(vec![100, 101, 102], ScoringMethod::Exact);
	for (who, table) in evaluators {
		commit(*who, round, &exact(table));
	}
	run_to(7);
	for (who, table) in evaluators {
		reveal(*who, round, &exact(table));
	}
	run_to(12);
	assert_ok!(Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round));
	round
}

/// EVA and EVB register and score the glove game; its result becomes snapshot 1 at block 18.
fn glove_snapshot() {
	register(EVA, 1_000);
	register(EVB, 1_000);
	let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES)]);
	run_to(18);
	assert_ok!(Scoring::finalize(RuntimeOrigin::signed(STRANGER), round));
}

/// From block 20: a sampled round over (100, 101) where EVA and EVB both reveal `estimates`,
/// aggregated and finalized into the project's next snapshot by block 37.
fn sampled_round_to_snapshot(estimates: &[i64]) {
	System::set_block_number(20);
	let round = open(vec![100, 101], ScoringMethod::Sampled { permutations: 10 });
	let estimates = sampled(estimates);
	commit(EVA, round, &estimates);
	commit(EVB, round, &estimates);
	run_to(26);
	reveal(EVA, round, &estimates);
	reveal(EVB, round, &estimates);
	run_to(31);
	assert_ok!(Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round));
	run_to(37);
	assert_ok!(Scoring::finalize(RuntimeOrigin::signed(STRANGER), round));
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

#[test]
fn evaluators_register_add_stake_unbond_and_withdraw() {
	test(|| {
		register(EVA, 1_500);
		assert_eq!(held(HoldReason::EvaluatorStake, EVA), 1_500);
		assert_ok!(Scoring::bond_extra(RuntimeOrigin::signed(EVA), 500));
		assert_eq!(Evaluators::<Test>::get(EVA).unwrap().stake, 2_000);
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

#[test]
fn opening_a_round_checks_owner_players_method_and_policy() {
	test(|| {
		let open_with = |who, project, players: Vec<u64>, method| {
			Scoring::open_round(RuntimeOrigin::signed(who), project, players, utility(), method)
		};
		assert_noop!(
			open_with(OWNER, 9, vec![100], ScoringMethod::Exact),
			Error::<Test>::UnknownProject
		);
		assert_noop!(
			open_with(STRANGER, PROJECT, vec![100], ScoringMethod::Exact),
			Error::<Test>::NotProjectOwner
		);
		assert_noop!(
			open_with(OWNER, PROJECT, vec![], ScoringMethod::Exact),
			Error::<Test>::NoPlayers
		);
		assert_noop!(
			open_with(OWNER, PROJECT, (0..17).collect(), ScoringMethod::Exact),
			Error::<Test>::TooManyPlayers
		);
		assert_noop!(
			open_with(OWNER, PROJECT, vec![100, 101, 102, 103, 104], ScoringMethod::Exact),
			Error::<Test>::TooManyPlayersForExact
		);
		assert_noop!(
			open_with(OWNER, PROJECT, vec![100, 101, 100], ScoringMethod::Exact),
			Error::<Test>::DuplicatePlayer
		);
		assert_noop!(
			open_with(OWNER, PROJECT, vec![100, 200], ScoringMethod::Exact),
			Error::<Test>::ForeignPlayer
		);
		assert_noop!(
			open_with(OWNER, PROJECT, vec![100, 104], ScoringMethod::Exact),
			Error::<Test>::ForeignPlayer
		);
		assert_noop!(
			open_with(OWNER, PROJECT, vec![100, 999], ScoringMethod::Exact),
			Error::<Test>::ForeignPlayer
		);
		for permutations in [0, 1_001] {
			assert_noop!(
				open_with(OWNER, PROJECT, vec![100], ScoringMethod::Sampled { permutations }),
				Error::<Test>::BadPermutations
			);
		}
		let mut empty = utility();
		empty.evaluation_set = Default::default();
		assert_noop!(
			Scoring::open_round(
				RuntimeOrigin::signed(OWNER),
				PROJECT,
				vec![100],
				empty,
				ScoringMethod::Exact
			),
			Error::<Test>::BadUtility
		);
		let mut bad = policy();
		bad.reveal_period = 0;
		MockRegistry::set_project(PROJECT, OWNER, bad);
		assert_noop!(
			open_with(OWNER, PROJECT, vec![100], ScoringMethod::Exact),
			Error::<Test>::BadPolicy
		);
		MockRegistry::set_project(PROJECT, OWNER, policy());

		let round = open(vec![100, 101], ScoringMethod::Exact);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500);
		let record = Rounds::<Test>::get(round).unwrap();
		assert_eq!((record.commit_end, record.reveal_end, record.min_evaluators), (6, 11, 2));
	});
}

#[test]
fn a_full_exact_round_scores_the_glove_game() {
	test(|| {
		for who in [EVA, EVB, EVC] {
			register(who, 1_000);
		}
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES)]);
		let record = Rounds::<Test>::get(round).unwrap();
		assert_eq!(record.phase, RoundPhase::Aggregated { dispute_end: 17 });
		let shares = record.result.unwrap().shares.into_inner();
		assert_eq!(
			shares,
			vec![
				(100, Perbill::from_parts(666_666_667)),
				(101, Perbill::from_parts(166_666_667)),
				(102, Perbill::from_parts(166_666_666)),
			]
		);
		// Evaluators are free again; nobody was slashed.
		assert!(Evaluators::<Test>::iter_values().all(|e| e.active_rounds == 0 && e.stake == 1_000));
		assert_eq!(SLASHED.with(|s| *s.borrow()), 0);

		assert_noop!(
			Scoring::finalize(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::DisputeWindowOpen
		);
		run_to(18);
		assert_ok!(Scoring::finalize(RuntimeOrigin::signed(STRANGER), round));
		System::assert_last_event(
			Event::SnapshotFinalized { project: PROJECT, version: 1, round }.into(),
		);
		assert!(!Rounds::<Test>::contains_key(round));
		assert_eq!(Commitments::<Test>::iter_prefix(round).count(), 0);
		assert_eq!(Reveals::<Test>::iter_prefix(round).count(), 0);
		let (version, scores) = Scoring::latest_final_scores(PROJECT).unwrap();
		assert_eq!((version, scores), (1, shares));
		// The deposit stays held for the snapshot.
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500);
		// Contribution 101 is split 50/50 between OWNER and STRANGER.
		let (_, snapshot) = Scoring::latest_snapshot(PROJECT).unwrap();
		let splits = Scoring::author_splits(&snapshot);
		let of_101: Vec<_> = splits.iter().filter(|(id, _, _)| *id == 101).collect();
		assert_eq!(of_101.len(), 2);
		let sum: u32 = of_101.iter().map(|(_, _, part)| part.deconstruct()).sum();
		assert!((166_666_666..=166_666_667).contains(&sum), "halves of 101's share: {of_101:?}");
		assert!(splits.contains(&(102, STRANGER, Perbill::from_parts(166_666_666))));
	});
}

#[test]
fn commit_and_reveal_are_checked() {
	test(|| {
		register(EVA, 1_000);
		register(EVB, 1_000);
		let round = open(vec![100, 101, 102], ScoringMethod::Exact);
		let mine = exact(&GLOVES);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(STRANGER), round, H256::zero()),
			Error::<Test>::NotEvaluator
		);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVA), 7, H256::zero()),
			Error::<Test>::UnknownRound
		);
		commit(EVA, round, &mine);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVA), round, H256::zero()),
			Error::<Test>::AlreadyCommitted
		);
		// Too early to reveal.
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, mine.clone(), salt(EVA)),
			Error::<Test>::NotRevealPhase
		);
		// EVB copies EVA's commitment hash: it cannot open it, the hash binds EVA's account.
		let copied = Commitments::<Test>::get(round, EVA).unwrap().hash;
		assert_ok!(Scoring::commit(RuntimeOrigin::signed(EVB), round, copied));
		run_to(7);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVC), round, H256::zero()),
			Error::<Test>::NotCommitPhase
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVB), round, mine.clone(), salt(EVA)),
			Error::<Test>::RevealMismatch
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, mine.clone(), [0; 32]),
			Error::<Test>::RevealMismatch
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, exact(&GLOVES[..4]), salt(EVA)),
			Error::<Test>::WrongTableLength
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, sampled(&[1, 2, 3]), salt(EVA)),
			Error::<Test>::WrongRevealKind
		);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVC), round, mine.clone(), salt(EVC)),
			Error::<Test>::NotCommitted
		);
		reveal(EVA, round, &mine);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVA), round, mine.clone(), salt(EVA)),
			Error::<Test>::AlreadyRevealed
		);
		assert_noop!(
			Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::RevealNotOver
		);
		run_to(12);
		assert_noop!(
			Scoring::reveal(RuntimeOrigin::signed(EVB), round, mine.clone(), salt(EVB)),
			Error::<Test>::NotRevealPhase
		);
	});
}

#[test]
fn commitments_need_enough_stake_and_room() {
	test(|| {
		let mut strict = policy();
		strict.min_stake = 5_000;
		MockRegistry::set_project(PROJECT, OWNER, strict);
		register(EVA, 1_000);
		let round = open(vec![100], ScoringMethod::Exact);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVA), round, H256::zero()),
			Error::<Test>::StakeTooLow
		);
		assert_ok!(Scoring::bond_extra(RuntimeOrigin::signed(EVA), 4_000));
		assert_ok!(Scoring::commit(RuntimeOrigin::signed(EVA), round, H256::zero()));
		// A committed evaluator cannot leave before the round is aggregated.
		assert_ok!(Scoring::unbond(RuntimeOrigin::signed(EVA)));
		run_to(30);
		assert_noop!(
			Scoring::withdraw_unbonded(RuntimeOrigin::signed(EVA)),
			Error::<Test>::EvaluatorBusy
		);
		MockRegistry::set_project(PROJECT, OWNER, policy());
		let other = open(vec![100], ScoringMethod::Exact);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(EVA), other, H256::zero()),
			Error::<Test>::Unbonding
		);
		for who in [EVB, EVC, EVD, EVE, STRANGER] {
			register(who, 1_000);
		}
		for who in [EVB, EVC, EVD, EVE, STRANGER] {
			assert_ok!(Scoring::commit(RuntimeOrigin::signed(who), other, H256::zero()));
		}
		register(15, 1_000);
		assert_noop!(
			Scoring::commit(RuntimeOrigin::signed(15), other, H256::zero()),
			Error::<Test>::RoundFull
		);
		// Aggregating the first round (EVA never revealed) frees EVA, slashed 10%.
		assert_ok!(Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round));
		assert_eq!(Evaluators::<Test>::get(EVA).unwrap().stake, 4_500);
		assert_ok!(Scoring::withdraw_unbonded(RuntimeOrigin::signed(EVA)));
		assert_eq!(Balances::balance(&EVA), INITIAL_BALANCE - 500);
	});
}

#[test]
fn missed_reveals_and_outliers_are_slashed_and_a_dishonest_minority_cannot_move_the_median() {
	test(|| {
		register(EVA, 2_000);
		register(EVB, 2_000);
		register(EVC, 2_000);
		register(EVD, 1_500);
		register(EVE, 1_500);
		// EVD and EVE (3,000 of 9,000 staked) claim player 102 is worth everything.
		let greedy: [i64; 8] = [0, 0, 0, 0, 5_000_000, 5_000_000, 5_000_000, 5_000_000];
		let round = open(vec![100, 101, 102], ScoringMethod::Exact);
		for (who, table) in
			[(EVA, &GLOVES), (EVB, &GLOVES), (EVC, &GLOVES), (EVD, &greedy), (EVE, &greedy)]
		{
			commit(who, round, &exact(table));
		}
		run_to(7);
		for (who, table) in [(EVA, &GLOVES), (EVB, &GLOVES), (EVD, &greedy), (EVE, &greedy)] {
			reveal(who, round, &exact(table));
		}
		run_to(12);
		assert_ok!(Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round));
		let shares = Rounds::<Test>::get(round).unwrap().result.unwrap().shares;
		assert_eq!(shares[0], (100, Perbill::from_parts(666_666_667)), "honest median");
		// EVC missed its reveal: 10% of 2,000. EVD and EVE are outliers: 20% of 1,500 each.
		assert_eq!(Evaluators::<Test>::get(EVC).unwrap().stake, 1_800);
		assert_eq!(Evaluators::<Test>::get(EVD).unwrap().stake, 1_200);
		assert_eq!(Evaluators::<Test>::get(EVE).unwrap().stake, 1_200);
		assert_eq!(Evaluators::<Test>::get(EVA).unwrap().stake, 2_000);
		assert_eq!(SLASHED.with(|s| *s.borrow()), 800);
		System::assert_has_event(
			Event::Slashed { who: EVC, round, amount: 200, reason: SlashReason::MissedReveal }
				.into(),
		);
		System::assert_has_event(
			Event::Slashed { who: EVD, round, amount: 300, reason: SlashReason::Outlier }.into(),
		);
		assert_noop!(
			Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round),
			Error::<Test>::AlreadyAggregated
		);
	});
}

#[test]
fn a_round_with_too_few_reveals_fails_and_returns_the_deposit() {
	test(|| {
		register(EVA, 1_000);
		let round = glove_round(&[(EVA, &GLOVES)]);
		System::assert_has_event(Event::RoundFailed { round, reveals: 1, required: 2 }.into());
		assert!(!Rounds::<Test>::contains_key(round));
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 0);
		assert_eq!(Evaluators::<Test>::get(EVA).unwrap().active_rounds, 0);
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 0);
	});
}

#[test]
fn disputes_upheld_discard_the_result_and_dismissed_ones_cost_the_bond() {
	test(|| {
		register(EVA, 1_000);
		register(EVB, 1_000);
		let round = glove_round(&[(EVA, &GLOVES), (EVB, &GLOVES)]);
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
		let second = open(vec![100, 101, 102], ScoringMethod::Exact);
		commit(EVA, second, &exact(&GLOVES));
		commit(EVB, second, &exact(&GLOVES));
		run_to(47);
		reveal(EVA, second, &exact(&GLOVES));
		reveal(EVB, second, &exact(&GLOVES));
		run_to(52);
		assert_ok!(Scoring::aggregate(RuntimeOrigin::signed(STRANGER), second));
		assert_ok!(Scoring::dispute(RuntimeOrigin::signed(STRANGER), second));
		assert_ok!(Scoring::resolve_dispute(RuntimeOrigin::signed(COUNCIL), second, true));
		assert!(!Rounds::<Test>::contains_key(second));
		assert_eq!(held(HoldReason::DisputeBond, STRANGER), 0);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 500, "only the first snapshot's deposit");
		assert_eq!(LatestSnapshot::<Test>::get(PROJECT), 1);
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
		sampled_round_to_snapshot(&[700_000, 300_000]);
		assert_eq!(
			Scoring::latest_final_scores(PROJECT),
			Some((2, vec![(100, Perbill::from_percent(70)), (101, Perbill::from_percent(30))]))
		);
		assert_eq!(held(HoldReason::RoundDeposit, OWNER), 1_000);
		assert_eq!(Scoring::latest_payable_version(PROJECT), Some(2));
		assert_eq!(Scoring::share_of(PROJECT, 2, 101), Some(Perbill::from_percent(30)));
		assert_eq!(Scoring::share_of(PROJECT, 2, 102), None);
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
		register(EVA, 1_000);
		register(EVB, 1_000);
		// Player 101 hurts every coalition it joins.
		let harmful: [i64; 4] = [0, 900, -300, 600];
		let round = open(vec![100, 101], ScoringMethod::Exact);
		commit(EVA, round, &exact(&harmful));
		commit(EVB, round, &exact(&harmful));
		run_to(7);
		reveal(EVA, round, &exact(&harmful));
		reveal(EVB, round, &exact(&harmful));
		run_to(12);
		assert_ok!(Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round));
		System::assert_has_event(
			Event::RoundAggregated { round, reveals: 2, clipped: 1, dispute_end: 17 }.into(),
		);
		let result = Rounds::<Test>::get(round).unwrap().result.unwrap();
		assert_eq!(result.shares.into_inner(), vec![(100, Perbill::one()), (101, Perbill::zero())]);
		assert_eq!(result.clipped.into_inner(), vec![101]);
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
			let round = open(vec![100, 101, 102], ScoringMethod::Exact);
			for who in [EVA, EVB, EVC] {
				commit(who, round, &exact(&honest));
			}
			for (who, table) in liar_accounts.iter().zip(&liars) {
				commit(*who, round, &exact(table));
			}
			run_to(7);
			for who in [EVA, EVB, EVC] {
				reveal(who, round, &exact(&honest));
			}
			for (who, table) in liar_accounts.iter().zip(&liars) {
				reveal(*who, round, &exact(table));
			}
			run_to(12);
			assert_ok!(Scoring::aggregate(RuntimeOrigin::signed(STRANGER), round));
			let shares = Rounds::<Test>::get(round).unwrap().result.unwrap().shares;
			let expected = aggregation::shares(&aggregation::exact_values(3, &honest).unwrap()).0;
			let got: Vec<Perbill> = shares.iter().map(|(_, s)| *s).collect();
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
		sampled_round_to_snapshot(&[0, 0]);
		let index: Vec<_> = SnapshotShares::<Test>::iter().collect();
		assert_eq!(index.len(), 5, "three shares of version 1, two of version 2");
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
		// Two snapshot reads, five share writes, one payable write (plus the version's).
		let expected = <<Test as frame_system::Config>::DbWeight as Get<
			frame::deps::frame_support::weights::RuntimeDbWeight,
		>>::get();
		assert!(weight.all_gte(expected.reads_writes(2, 6)));

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

//! The audit's attacks on the evaluation engine and reward pools (`audit-2026-12.md` C1, H1,
//! L6), performed against the real runtime (registry, evaluation engine and payouts together,
//! with the runtime's floors and constants, committees drawn with a mocked relay chain's
//! epoch randomness), asserting what happens to the money.

use attribution_primitives::{
	contribution::ContributionKind,
	payout::{Comparator, PoolStatus, Trigger},
	project::{EvaluatorPolicy, Membership},
	score::MeasurementId,
};
use attribution_runtime::{
	AccountId, Balances, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System, UNIT,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, Mutate},
};
use pallet_contributions::Call as Registry;
use pallet_payouts::Call as PayoutsCall;
use pallet_scoring::{types::Reveal, Call as Scoring};
use polkadot_sdk::{
	frame_support,
	sp_core::H256,
	sp_genesis_builder::DEV_RUNTIME_PRESET,
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring::{self, *},
	sp_runtime::{traits::Dispatchable, BoundedVec, DispatchResult, Perbill},
};

mod common;

const POOL: u128 = 1_000 * UNIT;
/// Accuracy in parts per million the pool asks for.
const THRESHOLD: i64 = 900_000;

fn account(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

fn dispatch(who: Sr25519Keyring, call: RuntimeCall) -> DispatchResult {
	call.dispatch(RuntimeOrigin::signed(account(who))).map(|_| ()).map_err(|e| e.error)
}

fn cid(seed: u8) -> Vec<u8> {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	cid.extend([seed; 32]);
	cid
}

/// 31 seats over a handful of evaluators: each is drawn.
fn sound_policy() -> EvaluatorPolicy<u128, u32> {
	EvaluatorPolicy {
		committee: 31,
		min_stake: 100 * UNIT,
		commit_period: 20,
		reveal_period: 20,
		dispute_period: 20,
	}
}

fn project(owner: Sr25519Keyring, royalty: Perbill) {
	assert_ok!(dispatch(
		owner,
		RuntimeCall::Contributions(Registry::create_project {
			name: b"digits".to_vec(),
			default_licence: common::mit_licence(),
			royalty_to_parents: royalty,
			evaluator_policy: sound_policy(),
			membership: Membership::Open,
		})
	));
}

fn register(
	author: Sr25519Keyring,
	project: u64,
	kind: ContributionKind,
	seed: u8,
	parents: Vec<u64>,
) {
	assert_ok!(dispatch(
		author,
		RuntimeCall::Contributions(Registry::register_contribution {
			project,
			kind,
			cid: cid(seed),
			locator: None,
			authors: vec![(account(author), Perbill::one())],
			parents,
			licence: None,
			metadata_hash: H256::repeat_byte(seed),
			size_bytes: 1_000,
		})
	));
}

fn trigger() -> Trigger {
	Trigger {
		metric: H256::repeat_byte(1),
		comparator: Comparator::AtLeast,
		threshold: THRESHOLD,
		evaluation_set: BoundedVec::truncate_from(cid(99)),
	}
}

use common::{run_to, until_drawn};

/// The dev chain at block 1: Alice's project 0 has a dataset (0) and a model checkpoint (2)
/// deriving from it and from dataset 1 of Alice's project 1 (the sybil parent project of the
/// audit's attack (b)), all by Alice; Ferdie escrowed pool 0 of 1,000 ATTR on project 0 with a
/// deadline at block 500, under project 0's sound policy and 10% royalty.
fn state() -> TestExternalities {
	let mut ext = common::externalities_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		run_to(1);
		project(Alice, Perbill::from_percent(10));
		project(Alice, Perbill::zero());
		register(Alice, 0, ContributionKind::Dataset, 1, vec![]);
		register(Alice, 1, ContributionKind::Dataset, 2, vec![]);
		register(Alice, 0, ContributionKind::ModelCheckpoint, 3, vec![0, 1]);
		assert_ok!(dispatch(
			Ferdie,
			RuntimeCall::Payouts(PayoutsCall::create_pool {
				project: 0,
				trigger: trigger(),
				amount: POOL,
				deadline: 500,
				committee: None,
			})
		));
	});
	ext
}

/// Alice, project 0's owner, sends all of its royalty to parents (project 1 is hers too) and,
/// with `policy`, rewrites its evaluator policy.
fn rewrite_project(policy: Option<EvaluatorPolicy<u128, u32>>) {
	assert_ok!(dispatch(
		Alice,
		RuntimeCall::Contributions(Registry::update_project {
			project: 0,
			name: None,
			default_licence: None,
			royalty_to_parents: Some(Perbill::one()),
			evaluator_policy: policy,
		})
	));
}

fn register_evaluator(who: Sr25519Keyring, stake: u128) {
	assert_ok!(dispatch(who, RuntimeCall::Scoring(Scoring::register_evaluator { stake })));
}

fn commit(who: Sr25519Keyring, measurement: MeasurementId, value: i64) -> DispatchResult {
	let hash = pallet_scoring::Pallet::<Runtime>::commitment_hash(
		measurement,
		&account(who),
		&Reveal::Value(value),
		&[who as u8; 32],
	);
	dispatch(who, RuntimeCall::Scoring(Scoring::commit { round: measurement, hash }))
}

/// `who`'s seats on `round`'s committee.
fn seats(who: Sr25519Keyring, round: MeasurementId) -> u32 {
	pallet_scoring::Seats::<Runtime>::get(round, account(who)).unwrap_or_default()
}

fn reveal(who: Sr25519Keyring, measurement: MeasurementId, value: i64) {
	assert_ok!(dispatch(
		who,
		RuntimeCall::Scoring(Scoring::reveal {
			round: measurement,
			reveal: Reveal::Value(value),
			salt: [who as u8; 32],
		})
	));
}

fn start_report() -> MeasurementId {
	assert_ok!(dispatch(
		Alice,
		RuntimeCall::Payouts(PayoutsCall::start_report { pool: 0, checkpoint: 2 })
	));
	match pallet_payouts::Pools::<Runtime>::get(0).map(|p| p.status) {
		Some(PoolStatus::Reporting { measurement, .. }) => measurement,
		status => panic!("the pool reports: {status:?}"),
	}
}

/// Once the committee is drawn (each reporter must be on it), commits, reveals after the
/// commit period, aggregates after the reveal period, and concludes the report after the
/// dispute window (20 blocks each).
fn measure(measurement: MeasurementId, reports: &[(Sr25519Keyring, i64)]) {
	until_drawn(measurement);
	let round = pallet_scoring::Rounds::<Runtime>::get(measurement).expect("drawn");
	for (who, value) in reports {
		assert!(seats(*who, measurement) > 0, "{who:?} is on the committee");
		assert_ok!(commit(*who, measurement, *value));
	}
	run_to(round.commit_end + 1);
	for (who, value) in reports {
		reveal(*who, measurement, *value);
	}
	run_to(round.reveal_end + 1);
	assert_ok!(dispatch(Bob, RuntimeCall::Scoring(Scoring::aggregate { round: measurement })));
	run_to(round.reveal_end + 1 + round.terms.dispute_period + 1);
	assert_ok!(dispatch(Bob, RuntimeCall::Payouts(PayoutsCall::conclude_report { pool: 0 })));
}

fn escrowed() -> u128 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(
		&pallet_payouts::HoldReason::Funds.into(),
		&pallet_payouts::Pallet::<Runtime>::account_id(),
	)
}

fn slashed(who: Sr25519Keyring) -> u128 {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Scoring(pallet_scoring::Event::Slashed { who: w, amount, .. })
				if w == account(who) =>
			{
				Some(amount)
			}
			_ => None,
		})
		.sum()
}

/// Audit C1, the held-out scenario: after the pool is funded the owner rewrites the policy
/// (one evaluator, one-block periods) and the royalty (100% to its own sybil parent project),
/// makes itself an evaluator and tries to release the pool alone. The pool keeps the terms it
/// was funded under, the owner cannot evaluate its own work, and the sponsor's funds stay
/// escrowed.
#[test]
fn an_owner_cannot_take_a_pool_by_rewriting_its_policy() {
	state().execute_with(|| {
		let funded_terms = pallet_payouts::Pools::<Runtime>::get(0).unwrap().terms;
		let loose = EvaluatorPolicy {
			committee: 1,
			min_stake: 0,
			commit_period: 1,
			reveal_period: 1,
			dispute_period: 1,
		};
		rewrite_project(Some(loose));
		let pool = pallet_payouts::Pools::<Runtime>::get(0).unwrap();
		assert_eq!(pool.terms, funded_terms);
		assert_eq!((pool.terms.committee, pool.terms.commit_period), (31, 20));
		assert_eq!(pool.royalty_to_parents, Perbill::from_percent(10));

		register_evaluator(Alice, 1_000 * UNIT);
		let measurement = start_report();
		// The draw never seats the owner: with nobody else registered, the measurement fails
		// at its draw and the pool is open again.
		until_drawn(measurement);
		assert_noop!(
			commit(Alice, measurement, 999_999),
			pallet_scoring::Error::<Runtime>::UnknownRound
		);
		assert_ok!(dispatch(Bob, RuntimeCall::Payouts(PayoutsCall::conclude_report { pool: 0 })));
		let pool = pallet_payouts::Pools::<Runtime>::get(0).unwrap();
		assert_eq!((pool.status, pool.attempts), (PoolStatus::Open, 1));
		assert_eq!(escrowed(), POOL, "the sponsor's funds stay escrowed");
		assert_eq!(pallet_payouts::Accruals::<Runtime>::iter().count(), 0);
		assert_eq!(pallet_payouts::Undistributed::<Runtime>::iter().count(), 0);
	});
}

/// Audit C1 (b), the other way: an honest release pays parents by the royalty share the pool
/// was funded under (10%), not the 100% the owner set afterwards.
#[test]
fn an_honest_three_evaluator_measurement_releases_the_pool_under_the_funded_royalty() {
	state().execute_with(|| {
		rewrite_project(None);
		// Alice approves the checkpoint's parent in project 1 for all of the royalty: only
		// approved parents are paid (audit M1).
		assert_ok!(dispatch(
			Alice,
			RuntimeCall::Payouts(PayoutsCall::set_royalty_weights {
				contribution: 2,
				parents: vec![(1, Perbill::one())],
			})
		));
		for who in [Charlie, Dave, Eve] {
			register_evaluator(who, 1_000 * UNIT);
		}
		let measurement = start_report();
		measure(measurement, &[(Charlie, 912_000), (Dave, 912_000), (Eve, 912_000)]);
		let pool = pallet_payouts::Pools::<Runtime>::get(0).unwrap();
		assert!(matches!(pool.status, PoolStatus::Released { result: 912_000, checkpoint: 2, .. }));
		// Neither project has a payable snapshot: what each earned waits for it. The
		// checkpoint's two parents (0 in its own project, 1 in project 1): only 1 pays, and
		// it gets 10% of the pool.
		assert_eq!(pallet_payouts::Undistributed::<Runtime>::get(1), POOL / 10);
		assert_eq!(pallet_payouts::Undistributed::<Runtime>::get(0), POOL - POOL / 10);
		for who in [Charlie, Dave, Eve] {
			assert_eq!(slashed(who), 0);
		}
	});
}

/// Audit H1: evaluators holding a stake minority report a crossing value; the honest majority
/// reports the truth (below the threshold). The pool is not released, the minority is slashed
/// as outliers once the value is final (when the report is concluded) and the slashes go to
/// the treasury's account: issuance does not move.
#[test]
fn a_stake_minority_cannot_force_a_release() {
	state().execute_with(|| {
		// The honest hold two thirds of the stake: a majority of the 31 seats asked for (the
		// sponsor's seats stay empty and count against any result).
		for who in [Charlie, Dave, Eve] {
			register_evaluator(who, 2_000 * UNIT);
		}
		for who in [Bob, Ferdie] {
			// Bob is no author of project 0; Ferdie is the sponsor, never drawn.
			register_evaluator(who, 1_000 * UNIT);
		}
		let issuance = Balances::total_issuance();
		let treasury =
			Balances::balance(&attribution_runtime::configs::scoring::TreasuryAccount::get());
		let measurement = start_report();
		until_drawn(measurement);
		assert_eq!(seats(Ferdie, measurement), 0, "the interested party's seats stay empty");
		assert_noop!(
			commit(Ferdie, measurement, 999_999),
			pallet_scoring::Error::<Runtime>::NotDrawn
		);
		// Bob holds a seventh of the unconflicted stake: a minority of the seats.
		let bob_seats = seats(Bob, measurement);
		assert!(bob_seats > 0 && 2 * bob_seats < 31, "{bob_seats} seats");
		measure(
			measurement,
			&[(Charlie, 801_000), (Dave, 800_000), (Eve, 799_000), (Bob, 950_000)],
		);
		let pool = pallet_payouts::Pools::<Runtime>::get(0).unwrap();
		assert_eq!((pool.status, pool.attempts), (PoolStatus::Open, 1));
		assert_eq!(escrowed(), POOL);
		// OutlierSlash is 10% of what Bob's seats assigned (100 ATTR each).
		let expected = (u128::from(bob_seats) * 100 * UNIT).min(1_000 * UNIT) / 10;
		assert_eq!(slashed(Bob), expected);
		for who in [Charlie, Dave, Eve] {
			assert_eq!(slashed(who), 0);
		}
		assert_eq!(
			Balances::balance(&attribution_runtime::configs::scoring::TreasuryAccount::get()),
			treasury + expected
		);
		assert_eq!(Balances::total_issuance(), issuance, "slashes move funds, never burn them");
	});
}

/// Audit L6: the sponsor cannot start reports, so it cannot keep the report slot busy with
/// weak checkpoints until the deadline; it gets its money back only after the deadline.
#[test]
fn the_sponsor_cannot_hold_the_report_slot_and_refunds_only_after_the_deadline() {
	state().execute_with(|| {
		assert_noop!(
			dispatch(
				Ferdie,
				RuntimeCall::Payouts(PayoutsCall::start_report { pool: 0, checkpoint: 2 })
			),
			pallet_payouts::Error::<Runtime>::NotOwner
		);
		let refund = || dispatch(Bob, RuntimeCall::Payouts(PayoutsCall::refund { pool: 0 }));
		assert_noop!(refund(), pallet_payouts::Error::<Runtime>::DeadlineNotReached);
		let sponsor = Balances::balance(&account(Ferdie));
		run_to(501);
		assert_ok!(refund());
		assert_eq!(Balances::balance(&account(Ferdie)), sponsor + POOL + pallet_payouts_deposit());
		assert_eq!(escrowed(), 0);
	});
}

fn pallet_payouts_deposit() -> u128 {
	<Runtime as pallet_payouts::Config>::PoolDeposit::get()
}

/// Audit L5: a measurement cannot end after the pool's deadline, and a report is refused
/// when its periods would outlast it.
#[test]
fn a_report_must_be_final_before_the_deadline() {
	state().execute_with(|| {
		// Final at the earliest 62 blocks after the report starts: commit, reveal, aggregation,
		// dispute window, finalization.
		run_to(500 - 61);
		assert_noop!(
			dispatch(
				Alice,
				RuntimeCall::Payouts(PayoutsCall::start_report { pool: 0, checkpoint: 2 })
			),
			pallet_payouts::Error::<Runtime>::ReportOutlastsDeadline
		);
	});
	state().execute_with(|| {
		run_to(500 - 62);
		start_report();
	});
}

/// Signs-free estimate of what one transaction costs: its call dispatched by `who`, charged
/// as the transaction-payment pallet would for an extrinsic of the call's length plus
/// `EXTRINSIC_OVERHEAD` bytes of address, signature and extensions, after the call's refund.
fn charged(who: Sr25519Keyring, call: RuntimeCall) -> u128 {
	use codec::Encode;
	use polkadot_sdk::frame_support::dispatch::GetDispatchInfo;
	/// A signed extrinsic's bytes besides its call (MultiAddress, sr25519 signature, era,
	/// nonce, tip, metadata-hash mode), as the chain's other tests measure them.
	const EXTRINSIC_OVERHEAD: u32 = 110;
	let info = call.get_dispatch_info();
	let len = call.encode().len() as u32 + EXTRINSIC_OVERHEAD;
	let post = call.dispatch(RuntimeOrigin::signed(account(who))).expect("the step succeeds");
	polkadot_sdk::pallet_transaction_payment::Pallet::<Runtime>::compute_actual_fee(
		len, &info, &post, 0,
	)
}

/// Commits `value + i` for the `i`-th of `evaluators` to `round` once drawn, reveals after the
/// commit period and aggregates after the reveal period, pushing each transaction's fee.
fn run_round(round: MeasurementId, evaluators: &[Sr25519Keyring], fees: &mut Vec<u128>) {
	until_drawn(round);
	let record = pallet_scoring::Rounds::<Runtime>::get(round).expect("drawn");
	for (i, who) in evaluators.iter().enumerate() {
		assert!(seats(*who, round) > 0, "{who:?} is on the committee");
		let hash = pallet_scoring::Pallet::<Runtime>::commitment_hash(
			round,
			&account(*who),
			&Reveal::Value(910_000 + i as i64),
			&[*who as u8; 32],
		);
		fees.push(charged(*who, RuntimeCall::Scoring(Scoring::commit { round, hash })));
	}
	run_to(record.commit_end + 1);
	for (i, who) in evaluators.iter().enumerate() {
		fees.push(charged(
			*who,
			RuntimeCall::Scoring(Scoring::reveal {
				round,
				reveal: Reveal::Value(910_000 + i as i64),
				salt: [*who as u8; 32],
			}),
		));
	}
	run_to(record.reveal_end + 1);
	fees.push(charged(Bob, RuntimeCall::Scoring(Scoring::aggregate { round })));
}

/// Moves past `round`'s dispute window.
fn past_dispute_window(round: MeasurementId) {
	match pallet_scoring::Rounds::<Runtime>::get(round).map(|r| r.phase) {
		Some(pallet_scoring::RoundPhase::Aggregated { dispute_end }) => run_to(dispute_end + 1),
		phase => panic!("round {round} is aggregated: {phase:?}"),
	}
}

/// A full measurement, request to final outcome, with `k` evaluators: the transactions it
/// takes and what they cost in fees.
fn measurement_cost(k: usize) -> (usize, u128) {
	let evaluators = [Charlie, Dave, Eve, Bob, One][..k].to_vec();
	let mut fees = Vec::new();
	state().execute_with(|| {
		for who in &evaluators {
			let _ = Balances::mint_into(&account(*who), 10_000 * UNIT);
			register_evaluator(*who, 1_000 * UNIT);
		}
		fees.push(charged(
			Alice,
			RuntimeCall::Payouts(PayoutsCall::start_report { pool: 0, checkpoint: 2 }),
		));
		let measurement = pallet_scoring::NextRoundId::<Runtime>::get() - 1;
		run_round(measurement, &evaluators, &mut fees);
		past_dispute_window(measurement);
		fees.push(charged(Bob, RuntimeCall::Payouts(PayoutsCall::conclude_report { pool: 0 })));
		assert!(matches!(
			pallet_payouts::Pools::<Runtime>::get(0).map(|p| p.status),
			Some(PoolStatus::Released { .. })
		));
	});
	(fees.len(), fees.iter().sum())
}

/// The dispute path on top of a measurement of three evaluators: a dispute, a re-run by three
/// evaluators on no earlier committee (commit and reveal each), its aggregation and
/// finalization (which settles the dispute): the transactions it adds, their fees, and the
/// bond the challenger risks.
fn dispute_cost() -> (usize, u128, u128) {
	let (first, second) = ([Charlie, Dave, Eve], [Bob, One, Two]);
	let mut fees = Vec::new();
	let mut bond = 0;
	state().execute_with(|| {
		for who in first {
			let _ = Balances::mint_into(&account(who), 10_000 * UNIT);
			register_evaluator(who, 1_000 * UNIT);
		}
		assert_ok!(dispatch(
			Alice,
			RuntimeCall::Payouts(PayoutsCall::start_report { pool: 0, checkpoint: 2 })
		));
		let measurement = pallet_scoring::NextRoundId::<Runtime>::get() - 1;
		let mut ignored = Vec::new();
		run_round(measurement, &first, &mut ignored);
		// Enough to cover every seat the re-run of 47 may give one of them: the first
		// committee's stake is still assigned to the disputed measurement, so the second
		// holds the re-run's votes.
		for who in second {
			let _ = Balances::mint_into(&account(who), 10_000 * UNIT);
			register_evaluator(who, 5_000 * UNIT);
		}
		fees.push(charged(Ferdie, RuntimeCall::Scoring(Scoring::dispute { round: measurement })));
		bond = {
			use frame_support::traits::fungible::InspectHold;
			Balances::balance_on_hold(
				&pallet_scoring::HoldReason::DisputeBond.into(),
				&account(Ferdie),
			)
		};
		let rerun = pallet_scoring::NextRoundId::<Runtime>::get() - 1;
		run_round(rerun, &second, &mut fees);
		past_dispute_window(rerun);
		fees.push(charged(Bob, RuntimeCall::Scoring(Scoring::finalize { round: rerun })));
		assert_ok!(dispatch(Bob, RuntimeCall::Payouts(PayoutsCall::conclude_report { pool: 0 })));
		assert!(matches!(
			pallet_payouts::Pools::<Runtime>::get(0).map(|p| p.status),
			Some(PoolStatus::Released { .. })
		));
	});
	(fees.len(), fees.iter().sum(), bond)
}

/// Prints the cost of a full measurement with 3 and 5 evaluators (`scripts/bench-measurement.sh`
/// runs it with the output shown): `2k + 3` transactions.
#[test]
fn a_full_measurement_takes_two_transactions_per_evaluator_and_three_more() {
	use attribution_runtime::MILLI_UNIT;
	for k in [3, 5] {
		let (transactions, fees) = measurement_cost(k);
		assert_eq!(transactions, 2 * k + 3);
		println!(
			"measurement with {k} evaluators: {transactions} transactions, fees {}.{:03} mATTR ({} plancks)",
			fees / MILLI_UNIT,
			(fees % MILLI_UNIT) * 1_000 / MILLI_UNIT,
			fees
		);
	}
}

/// Prints what the dispute path adds (`scripts/bench-measurement.sh` shows it): a dispute,
/// `2k + 2` transactions of a re-run by `k` evaluators, and the bond (the larger of
/// `DisputeBond` and a tenth of the 1,000 ATTR pool).
#[test]
fn a_dispute_takes_a_rerun_of_two_transactions_per_evaluator_and_three_more() {
	use attribution_runtime::MILLI_UNIT;
	let (transactions, fees, bond) = dispute_cost();
	assert_eq!(transactions, 2 * 3 + 3);
	assert_eq!(bond, 100 * UNIT);
	println!(
		"dispute with a re-run by 3 evaluators: {transactions} transactions, fees {}.{:03} mATTR ({} plancks), bond {} ATTR",
		fees / MILLI_UNIT,
		(fees % MILLI_UNIT) * 1_000 / MILLI_UNIT,
		fees,
		bond / UNIT
	);
}

/// The commitments a client computes are the runtime's own: the Python SDK's known answers
/// (`clients/python/tests/test_shapley.py`, `test_commitments_hash_round_account_reveal_and_salt`)
/// are what `commitment_hash` gives for the same round, account, reveal and salt.
#[test]
fn the_runtimes_commitment_hash_gives_the_sdks_known_answers() {
	let hash = |round, account: [u8; 32], reveal, salt| {
		pallet_scoring::Pallet::<Runtime>::commitment_hash(
			round,
			&AccountId::from(account),
			&reveal,
			&salt,
		)
	};
	let account: [u8; 32] = core::array::from_fn(|i| i as u8);
	assert_eq!(
		hash(7, account, Reveal::Value(-5), [0x11; 32]),
		H256(hex_literal("d24e5289a2efcd44c6b86417f000c3f831300d889e1e84f23a886bfccd00ab15")),
		"a measurement's commitment"
	);
	assert_eq!(
		hash(3, [0; 32], Reveal::Exact(BoundedVec::truncate_from(vec![0, 5])), [0x01; 32]),
		H256(hex_literal("e395c40cdf08629881daa5a9a5a8004d83f6a730a3930312a7e412886fc68acd")),
		"a round's commitment over an exact table"
	);
}

/// The 32 bytes written as 64 hex digits.
fn hex_literal(digits: &str) -> [u8; 32] {
	core::array::from_fn(|i| {
		u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).expect("two hex digits")
	})
}

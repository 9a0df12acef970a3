//! Unit and property tests of the payouts pallet against the mock runtime.

use crate::{mock::*, *};
use attribution_primitives::{
	payout::{Accrual, Comparator, PoolId, PoolStatus, Trigger},
	project::EvaluatorPolicy,
	score::{MeasurementId, MeasurementOutcome},
	traits::{MeasurementRequest, SnapshotUsage},
	ContributionId,
};
use frame::{prelude::*, testing_prelude::*};
use polkadot_sdk::sp_core::H256;
use proptest::prelude::*;

/// `who` buys a licence of `contribution` for at most `max_price`, agreeing to the terms its
/// offer has now (as a buyer reading `attribution_licenceOffer` does).
fn buy(who: AccountId, contribution: ContributionId, max_price: Balance) -> DispatchResult {
	let expected = Offers::<Test>::get(contribution).map(|o| o.sale_terms()).unwrap_or_default();
	Payouts::buy_licence(RuntimeOrigin::signed(who), contribution, max_price, expected)
}

/// Everything `who` can claim, read page by page as a client does.
pub(crate) fn all_claimable(
	who: &AccountId,
) -> Vec<attribution_primitives::payout::Claimable<Balance>> {
	let mut items = Vec::new();
	let mut from = None;
	for _ in 0..10_000 {
		let page = Payouts::claimable(who, from, attribution_primitives::api::MAX_PAGE_SIZE);
		items.extend(page.items);
		match page.next {
			Some(next) => from = Some(next),
			None => return items,
		}
	}
	panic!("claimable pages never end");
}

/// The claim targets of everything `who` can claim, ready for [`Call::claim`].
fn claim_targets(who: &AccountId) -> Vec<ClaimTarget> {
	all_claimable(who)
		.into_iter()
		.map(|c| ClaimTarget {
			project: c.project,
			version: c.version,
			contribution: c.contribution,
		})
		.collect()
}

/// A CIDv1 (raw, sha2-256) of an evaluation set.
fn evaluation_set() -> attribution_primitives::contribution::CidBytes {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	cid.extend([7u8; 32]);
	cid.try_into().unwrap()
}

/// A trigger on metric `0x01…01` over [`evaluation_set`].
fn trigger(comparator: Comparator, threshold: i64) -> Trigger {
	Trigger {
		metric: H256::repeat_byte(1),
		comparator,
		threshold,
		evaluation_set: evaluation_set(),
	}
}

/// SPONSOR escrows `amount` for the model project: accuracy at least 900,000 ppm by block 100.
pub(crate) fn pool(amount: Balance) -> PoolId {
	let id = NextPoolId::<Test>::get();
	assert_ok!(Payouts::create_pool(
		RuntimeOrigin::signed(SPONSOR),
		PROJECT,
		trigger(Comparator::AtLeast, 900_000),
		amount,
		100,
		None
	));
	id
}

/// The terms of the mock projects' [`policy`]: what a pool funded under it records.
fn policy_terms() -> TermsOf<Test> {
	Mock::terms_from_policy(&policy()).expect("the mock policy is at the floors")
}

/// A final outcome: `median` from three reveals.
pub(crate) fn measured(median: i64) -> MeasurementOutcome {
	MeasurementOutcome::Final { median, reveals: 3 }
}

/// The measurement of `pool`'s report under way.
pub(crate) fn measurement_of(pool: PoolId) -> MeasurementId {
	match Pools::<Test>::get(pool).map(|p| p.status) {
		Some(PoolStatus::Reporting { measurement, .. }) => measurement,
		other => panic!("pool {pool} is not reporting: {other:?}"),
	}
}

/// A whole report on checkpoint 102 from the current block: the owner starts it, the
/// evaluation engine ends its measurement with `outcome`, and once the pool's commit, reveal
/// and dispute periods have passed anyone concludes. Returns the measurement.
pub(crate) fn report(
	pool: PoolId,
	outcome: MeasurementOutcome,
) -> Result<MeasurementId, DispatchError> {
	let now = System::block_number();
	Payouts::start_report(RuntimeOrigin::signed(OWNER), pool, 102)?;
	let measurement = measurement_of(pool);
	let duration = Pools::<Test>::get(pool).map(|p| p.terms.duration()).unwrap_or_default();
	Mock::set_outcome(measurement, outcome);
	run_to(now + duration + 1);
	Payouts::conclude_report(RuntimeOrigin::signed(BUYER), pool)?;
	Ok(measurement)
}

/// A claim target.
fn target(project: u64, version: u32, contribution: ContributionId) -> ClaimTarget {
	ClaimTarget { project, version, contribution }
}

/// `who` claims `targets`.
fn claim(who: AccountId, targets: &[ClaimTarget]) -> DispatchResult {
	Payouts::claim(RuntimeOrigin::signed(who), targets.to_vec().try_into().unwrap())
}

/// What the pallet holds as owed funds.
fn funds() -> Balance {
	held(HoldReason::Funds, Payouts::account_id())
}

#[test]
fn a_pool_escrows_its_amount_and_a_deposit() {
	test(|| {
		let id = pool(10_000);
		assert_eq!(free(SPONSOR), INITIAL_BALANCE - 10_000 - 100);
		assert_eq!(held(HoldReason::PoolDeposit, SPONSOR), 100);
		assert_eq!(funds(), 10_000);
		System::assert_last_event(
			Event::PoolCreated {
				pool: id,
				sponsor: SPONSOR,
				project: PROJECT,
				amount: 10_000,
				deadline: 100,
				terms: policy_terms(),
				royalty_to_parents: Perbill::from_percent(10),
			}
			.into(),
		);
		assert_ok!(Payouts::top_up(RuntimeOrigin::signed(SPONSOR), id, 5_000));
		assert_eq!(Pools::<Test>::get(id).unwrap().amount, 15_000);
		assert_eq!(funds(), 15_000);
		assert_noop!(
			Payouts::top_up(RuntimeOrigin::signed(BUYER), id, 5_000),
			Error::<Test>::NotSponsor
		);
		assert_noop!(
			Payouts::top_up(RuntimeOrigin::signed(SPONSOR), 9, 5),
			Error::<Test>::UnknownPool
		);
	});
}

#[test]
fn bad_pools_are_refused() {
	test(|| {
		let create = |who, project, trigger, amount, deadline| {
			Payouts::create_pool(
				RuntimeOrigin::signed(who),
				project,
				trigger,
				amount,
				deadline,
				None,
			)
		};
		let ok = trigger(Comparator::AtLeast, 1);
		assert_noop!(create(SPONSOR, 77, ok.clone(), 1_000, 10), Error::<Test>::UnknownProject);
		let mut bad = ok.clone();
		bad.evaluation_set = vec![1, 2, 3].try_into().unwrap();
		assert_noop!(create(SPONSOR, PROJECT, bad, 1_000, 10), Error::<Test>::InvalidCid);
		assert_noop!(create(SPONSOR, PROJECT, ok.clone(), 999, 10), Error::<Test>::AmountTooLow);
		assert_noop!(create(SPONSOR, PROJECT, ok.clone(), 1_000, 1), Error::<Test>::BadDeadline);
		assert_noop!(
			create(SPONSOR, PROJECT, ok.clone(), 1_000, 1_002),
			Error::<Test>::BadDeadline
		);
		assert!(create(PAUPER, PROJECT, ok.clone(), 1_000, 10).is_err());
		assert!(create(SPONSOR, PROJECT, ok, INITIAL_BALANCE, 10).is_err(), "more than it has");
		assert_eq!(NextPoolId::<Test>::get(), 0);
		assert_eq!(funds(), 0);
	});
}

/// The sponsor funds a pool of 10,000 for the project, asking for `committee` seats.
fn sponsor_pool(committee: Option<u32>) -> DispatchResult {
	Payouts::create_pool(
		RuntimeOrigin::signed(SPONSOR),
		PROJECT,
		trigger(Comparator::AtLeast, 900_000),
		10_000,
		100,
		committee,
	)
}

#[test]
fn a_pool_is_refused_while_the_projects_policy_is_below_the_floors() {
	test(|| {
		let create = || sponsor_pool(None);
		for below in [
			EvaluatorPolicy { committee: MIN_COMMITTEE - 1, ..policy() },
			EvaluatorPolicy { commit_period: MIN_PERIOD - 1, ..policy() },
			EvaluatorPolicy { reveal_period: MIN_PERIOD - 1, ..policy() },
			EvaluatorPolicy { dispute_period: MIN_PERIOD - 1, ..policy() },
		] {
			Mock::set_policy(PROJECT, below);
			assert_noop!(create(), BELOW_FLOOR);
			assert_eq!(NextPoolId::<Test>::get(), 0);
			assert_eq!(Pools::<Test>::iter().count(), 0);
			assert_eq!(free(SPONSOR), INITIAL_BALANCE);
			assert_eq!(held(HoldReason::PoolDeposit, SPONSOR), 0);
			assert_eq!(funds(), 0);
		}
		// At the floors exactly, the pool is funded.
		Mock::set_policy(PROJECT, policy());
		assert_ok!(create());
		assert_eq!(Pools::<Test>::get(0).map(|p| p.terms), Some(policy_terms()));
		assert_eq!(free(SPONSOR), INITIAL_BALANCE - 10_000 - 100);
	});
}

/// A sponsor may ask for a larger committee than the project's policy, and the pool's
/// reports are requested with it; fewer seats than the policy's are refused, nothing stored.
#[test]
fn a_sponsor_may_ask_for_more_seats_than_the_policy_never_fewer() {
	test(|| {
		let create = sponsor_pool;
		let seats = policy().committee;
		assert_noop!(create(Some(seats - 1)), DispatchError::Other(BELOW_POLICY));
		assert_eq!(NextPoolId::<Test>::get(), 0);
		assert_eq!(free(SPONSOR), INITIAL_BALANCE);
		assert_ok!(create(Some(seats + 4)));
		let asked = Pools::<Test>::get(0).map(|p| p.terms);
		assert_eq!(asked.map(|t| t.committee), Some(seats + 4));
		assert_eq!(asked.map(|t| t.min_stake), Some(policy_terms().min_stake));
		assert_ok!(Payouts::start_report(RuntimeOrigin::signed(OWNER), 0, 102));
		assert_eq!(Mock::requested(0).map(|r| r.terms), asked, "the report asks for them");
	});
}

#[test]
fn a_pool_keeps_the_terms_and_royalty_it_was_funded_under() {
	test(|| {
		let funded = pool(10_000);
		let record = Pools::<Test>::get(funded).unwrap();
		assert_eq!(record.terms, policy_terms());
		assert_eq!(record.royalty_to_parents, Perbill::from_percent(10));
		// The owner then asks for more evaluators, longer periods and half of every earning
		// for the parents.
		let stricter = EvaluatorPolicy {
			committee: 5,
			min_stake: 300,
			commit_period: 15,
			reveal_period: 15,
			dispute_period: 15,
		};
		let stricter_terms = Mock::terms_from_policy(&stricter).unwrap();
		assert_ne!(stricter_terms, policy_terms());
		Mock::set_policy(PROJECT, stricter);
		Mock::set_royalty(PROJECT, Perbill::from_percent(50));
		// The pool funded before keeps its terms, and its report is measured under them.
		let record = Pools::<Test>::get(funded).unwrap();
		assert_eq!(record.terms, policy_terms());
		assert_eq!(record.royalty_to_parents, Perbill::from_percent(10));
		let measurement = report(funded, measured(950_000)).unwrap();
		assert_eq!(Mock::requested(measurement).map(|r| r.terms), Some(policy_terms()));
		// Its release pays the parents the funding-time 10%, not 50%: 1,000 to the base model
		// (200), which passes its own 20% on to the corpus (300, no snapshot).
		let to_base = Perbill::from_percent(10) * 10_000u64;
		let to_corpus = Perbill::from_percent(20) * to_base;
		System::assert_has_event(
			Event::RoyaltyPaid { from: PROJECT, parent: 200, amount: to_base }.into(),
		);
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 10_000 - to_base);
		assert_eq!(Accruals::<Test>::get(BASE, 1).released, to_base - to_corpus);
		assert_eq!(Undistributed::<Test>::get(CORPUS), to_corpus);
		// A pool funded after the change gets the new terms and royalty, and runs under them.
		let later = pool(10_000);
		let record = Pools::<Test>::get(later).unwrap();
		assert_eq!(record.terms, stricter_terms);
		assert_eq!(record.royalty_to_parents, Perbill::from_percent(50));
		System::assert_last_event(
			Event::PoolCreated {
				pool: later,
				sponsor: SPONSOR,
				project: PROJECT,
				amount: 10_000,
				deadline: 100,
				terms: stricter_terms,
				royalty_to_parents: Perbill::from_percent(50),
			}
			.into(),
		);
		let measurement = report(later, measured(950_000)).unwrap();
		assert_eq!(Mock::requested(measurement).map(|r| r.terms), Some(stricter_terms));
		let to_base_later = Perbill::from_percent(50) * 10_000u64;
		let to_corpus_later = Perbill::from_percent(20) * to_base_later;
		assert_eq!(
			Accruals::<Test>::get(PROJECT, 1).released,
			10_000 - to_base + 10_000 - to_base_later
		);
		assert_eq!(
			Accruals::<Test>::get(BASE, 1).released,
			to_base - to_corpus + to_base_later - to_corpus_later
		);
		assert_eq!(Undistributed::<Test>::get(CORPUS), to_corpus + to_corpus_later);
		assert_eq!(funds(), 20_000);
	});
}

#[test]
fn a_crossing_report_releases_the_pool_with_royalties_up_the_lineage() {
	test(|| {
		let id = pool(10_000);
		assert_ok!(report(id, measured(905_000)));
		System::assert_has_event(
			Event::ReportConcluded { pool: id, reveals: 3, median: Some(905_000), crossed: true }
				.into(),
		);
		System::assert_has_event(
			Event::PoolReleased { pool: id, project: PROJECT, amount: 10_000, result: 905_000 }
				.into(),
		);
		assert!(matches!(
			Pools::<Test>::get(id).unwrap().status,
			PoolStatus::Released { checkpoint: 102, result: 905_000, .. }
		));
		// 10% of 10,000 to the base model (200, another project); 20% of that on to the corpus
		// (300), which has no snapshot yet; the rest stays with each project's snapshot.
		System::assert_has_event(
			Event::RoyaltyPaid { from: PROJECT, parent: 200, amount: 1_000 }.into(),
		);
		System::assert_has_event(
			Event::RoyaltyPaid { from: BASE, parent: 300, amount: 200 }.into(),
		);
		assert_eq!(Accruals::<Test>::get(PROJECT, 1), Accrual { released: 9_000, claimed: 0 });
		assert_eq!(Accruals::<Test>::get(BASE, 1), Accrual { released: 800, claimed: 0 });
		assert_eq!(Undistributed::<Test>::get(CORPUS), 200);
		assert!(Payouts::in_use(PROJECT, 1));
		assert!(!Payouts::in_use(PROJECT, 2));
		assert_eq!(funds(), 10_000);
	});
}

#[test]
fn two_authors_claim_their_shares_to_the_unit() {
	test(|| {
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		let (alice, bob, carol) = (free(ALICE), free(BOB), free(CAROL));
		assert_eq!(
			all_claimable(&ALICE).iter().map(|c| (c.contribution, c.amount)).collect::<Vec<_>>(),
			vec![(100, 4_500), (102, 1_800)]
		);
		// ALICE: 50% of 9,000 for dataset 100 and 20% for checkpoint 102.
		assert_ok!(claim(ALICE, &[target(PROJECT, 1, 100), target(PROJECT, 1, 102)]));
		assert_eq!(free(ALICE), alice + 6_300);
		System::assert_last_event(Event::Claimed { who: ALICE, amount: 6_300, targets: 2 }.into());
		// BOB and CAROL split dataset 101's 30% half and half; CAROL also authored 200.
		assert_ok!(claim(BOB, &[target(PROJECT, 1, 101)]));
		assert_ok!(claim(CAROL, &[target(PROJECT, 1, 101), target(BASE, 1, 200)]));
		assert_eq!(free(BOB), bob + 1_350);
		assert_eq!(free(CAROL), carol + 1_350 + 800);
		assert_eq!(Accruals::<Test>::get(PROJECT, 1), Accrual { released: 9_000, claimed: 9_000 });
		assert_eq!(funds(), 200, "only the corpus' royalty is left");
		assert!(all_claimable(&ALICE).is_empty());
	});
}

#[test]
fn nobody_claims_twice_or_what_is_not_theirs() {
	test(|| {
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		assert_ok!(claim(ALICE, &[target(PROJECT, 1, 100)]));
		assert_noop!(claim(ALICE, &[target(PROJECT, 1, 100)]), Error::<Test>::NothingToClaim);
		assert_noop!(
			claim(ALICE, &[target(PROJECT, 1, 100), target(PROJECT, 1, 100)]),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(claim(BOB, &[target(PROJECT, 1, 100)]), Error::<Test>::NotAnAuthor);
		assert_noop!(claim(ALICE, &[target(PROJECT, 2, 100)]), Error::<Test>::NotScored);
		assert_noop!(claim(ALICE, &[target(PROJECT, 1, 999)]), Error::<Test>::NotScored);
		// Nothing distributed to the corpus' snapshot yet: nothing to claim, and no error
		// loses what is stored.
		Mock::set_snapshot(CORPUS, 1, &[(300, 100)]);
		assert_noop!(claim(BOB, &[target(CORPUS, 1, 300)]), Error::<Test>::NothingToClaim);
		// A later release pays only the new part.
		let second = pool(2_000);
		run_to(40);
		assert_ok!(report(second, measured(950_000)));
		let alice = free(ALICE);
		assert_ok!(claim(ALICE, &[target(PROJECT, 1, 100)]));
		assert_eq!(free(ALICE), alice + 900, "50% of the 1,800 kept by the project");
	});
}

#[test]
fn results_short_of_the_threshold_keep_the_pool_open() {
	test(|| {
		let id = pool(10_000);
		let measurement = report(id, measured(899_999)).unwrap();
		System::assert_has_event(
			Event::ReportConcluded { pool: id, reveals: 3, median: Some(899_999), crossed: false }
				.into(),
		);
		let record = Pools::<Test>::get(id).unwrap();
		assert_eq!((record.status, record.attempts), (PoolStatus::Open, 1));
		assert_eq!(Accruals::<Test>::iter().count(), 0);
		assert_eq!(funds(), 10_000);
		assert!(!Mock::has_outcome(measurement), "the outcome was taken");
		// A second attempt reaching the threshold exactly releases it (ties count).
		assert_ok!(report(id, measured(900_000)));
		assert!(matches!(
			Pools::<Test>::get(id).unwrap().status,
			PoolStatus::Released { result: 900_000, .. }
		));
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 9_000);
	});
}

#[test]
fn at_most_triggers_release_when_the_result_is_low_enough() {
	test(|| {
		assert_ok!(Payouts::create_pool(
			RuntimeOrigin::signed(SPONSOR),
			PROJECT,
			trigger(Comparator::AtMost, 50_000),
			5_000,
			100,
			None
		));
		assert_ok!(report(0, measured(60_000)));
		assert_eq!(Pools::<Test>::get(0).unwrap().status, PoolStatus::Open);
		assert_ok!(report(0, measured(40_000)));
		assert!(matches!(
			Pools::<Test>::get(0).unwrap().status,
			PoolStatus::Released { result: 40_000, .. }
		));
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 4_500);
	});
}

#[test]
fn a_failed_measurement_keeps_the_pool_open_for_another_report() {
	test(|| {
		let id = pool(10_000);
		assert_ok!(report(id, MeasurementOutcome::Failed { reveals: 1 }));
		System::assert_has_event(
			Event::ReportConcluded { pool: id, reveals: 1, median: None, crossed: false }.into(),
		);
		let record = Pools::<Test>::get(id).unwrap();
		assert_eq!((record.status, record.attempts), (PoolStatus::Open, 1));
		assert_eq!(Accruals::<Test>::iter().count(), 0);
		assert_eq!(funds(), 10_000);
		assert_eq!(free(SPONSOR), INITIAL_BALANCE - 10_000 - 100);
		// The next report is the second attempt, on a new measurement.
		assert_ok!(report(id, measured(950_000)));
		System::assert_has_event(
			Event::ReportStarted { pool: id, checkpoint: 102, measurement: 1, attempt: 2 }.into(),
		);
		let record = Pools::<Test>::get(id).unwrap();
		assert!(matches!(record.status, PoolStatus::Released { result: 950_000, .. }));
		assert_eq!(record.attempts, 1, "a crossing report is not counted as a failed attempt");
	});
}

#[test]
fn a_checkpoint_withdrawn_or_affected_while_measured_releases_nothing_and_the_pool_reopens() {
	test(|| {
		let id = pool(10_000);
		assert_ok!(Payouts::start_report(RuntimeOrigin::signed(OWNER), id, 102));
		// The checkpoint's lineage is withdrawn upstream while evaluators measure it.
		Mock::set_active(102, false);
		Mock::set_outcome(0, measured(950_000));
		run_to(32);
		let free_before = Balances::free_balance(OWNER);
		assert_ok!(Payouts::conclude_report(RuntimeOrigin::signed(BUYER), id));
		let record = Pools::<Test>::get(id).unwrap();
		assert_eq!(record.status, PoolStatus::Open, "crossed, yet not released");
		assert_eq!(record.attempts, 1);
		assert_eq!(record.amount, 10_000, "the escrow is intact");
		assert_eq!(Balances::free_balance(OWNER), free_before);
		assert!(System::events()
			.iter()
			.any(|e| e.event
				== RuntimeEvent::Payouts(Event::ReportVoided { pool: id, checkpoint: 102 })));
		assert!(!System::events()
			.iter()
			.any(|e| matches!(e.event, RuntimeEvent::Payouts(Event::PoolReleased { .. }))));
		// The pool is open to reports again, but not on that checkpoint.
		assert_noop!(
			Payouts::start_report(RuntimeOrigin::signed(OWNER), id, 102),
			Error::<Test>::NotACheckpoint
		);
	});
}

#[test]
fn reports_are_started_by_the_owner_on_an_active_checkpoint_of_the_project() {
	test(|| {
		let id = pool(10_000);
		let start = |who, pool_id, checkpoint| {
			Payouts::start_report(RuntimeOrigin::signed(who), pool_id, checkpoint)
		};
		assert_noop!(
			Payouts::conclude_report(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::NoReport
		);
		assert_noop!(start(BUYER, id, 102), Error::<Test>::NotOwner);
		assert_noop!(start(OWNER, 42, 102), Error::<Test>::UnknownPool);
		// A dataset, another project's checkpoint, an unknown contribution, a withdrawn one.
		assert_noop!(start(OWNER, id, 100), Error::<Test>::NotACheckpoint);
		assert_noop!(start(OWNER, id, 200), Error::<Test>::NotACheckpoint);
		assert_noop!(start(OWNER, id, 999), Error::<Test>::NotACheckpoint);
		Mock::set_active(102, false);
		assert_noop!(start(OWNER, id, 102), Error::<Test>::NotACheckpoint);
		Mock::set_active(102, true);
		assert_eq!(Mock::request_count(), 0, "no refused report requested a measurement");
		assert_ok!(start(OWNER, id, 102));
		assert_noop!(start(OWNER, id, 102), Error::<Test>::ReportUnderWay);
		assert_eq!(Mock::request_count(), 1);
		assert_eq!(
			Pools::<Test>::get(id).unwrap().status,
			PoolStatus::Reporting { checkpoint: 102, measurement: 0 }
		);
		Mock::set_outcome(0, measured(950_000));
		run_to(32);
		assert_ok!(Payouts::conclude_report(RuntimeOrigin::signed(BUYER), id));
		assert!(matches!(Pools::<Test>::get(id).unwrap().status, PoolStatus::Released { .. }));
		assert_noop!(
			Payouts::conclude_report(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::NoReport
		);
		assert_noop!(start(OWNER, id, 102), Error::<Test>::AlreadyReleased);
		assert_noop!(
			Payouts::conclude_report(RuntimeOrigin::signed(BUYER), 42),
			Error::<Test>::UnknownPool
		);
		assert_eq!(Mock::request_count(), 1);
	});
}

#[test]
fn the_sponsor_cannot_hold_its_pool_with_reports_and_is_refunded_only_after_the_deadline() {
	test(|| {
		let id = pool(10_000);
		let sponsor = free(SPONSOR);
		// The sponsor cannot take the report slot...
		assert_noop!(
			Payouts::start_report(RuntimeOrigin::signed(SPONSOR), id, 102),
			Error::<Test>::NotOwner
		);
		assert_eq!(Pools::<Test>::get(id).unwrap().status, PoolStatus::Open);
		assert_eq!(Mock::request_count(), 0);
		// ...the owner's report runs, and the pool cannot be refunded under it.
		assert_ok!(Payouts::start_report(RuntimeOrigin::signed(OWNER), id, 102));
		let measurement = measurement_of(id);
		assert_eq!(Mock::requested(measurement).map(|r| r.opener), Some(OWNER));
		assert_noop!(
			Payouts::refund(RuntimeOrigin::signed(SPONSOR), id),
			Error::<Test>::ReportUnderWay
		);
		// The measurement fails: the pool is open again, with one attempt counted.
		Mock::set_outcome(measurement, MeasurementOutcome::Failed { reveals: 2 });
		run_to(32);
		assert_ok!(Payouts::conclude_report(RuntimeOrigin::signed(BUYER), id));
		System::assert_has_event(
			Event::ReportConcluded { pool: id, reveals: 2, median: None, crossed: false }.into(),
		);
		let record = Pools::<Test>::get(id).unwrap();
		assert_eq!((record.status, record.attempts), (PoolStatus::Open, 1));
		assert_eq!(funds(), 10_000);
		// The sponsor gets its money back after the deadline, not before.
		assert_noop!(
			Payouts::refund(RuntimeOrigin::signed(SPONSOR), id),
			Error::<Test>::DeadlineNotReached
		);
		run_to(100);
		assert_noop!(
			Payouts::refund(RuntimeOrigin::signed(SPONSOR), id),
			Error::<Test>::DeadlineNotReached
		);
		assert_eq!(free(SPONSOR), sponsor);
		run_to(101);
		assert_ok!(Payouts::refund(RuntimeOrigin::signed(SPONSOR), id));
		assert_eq!(free(SPONSOR), sponsor + 10_000 + 100);
		assert_eq!(free(SPONSOR), INITIAL_BALANCE);
		assert_eq!(held(HoldReason::PoolDeposit, SPONSOR), 0);
		assert_eq!(funds(), 0);
		assert!(!Pools::<Test>::contains_key(id));
	});
}

#[test]
fn a_report_is_not_concluded_while_its_measurement_is_pending() {
	test(|| {
		let id = pool(10_000);
		assert_ok!(Payouts::start_report(RuntimeOrigin::signed(OWNER), id, 102));
		let measurement = measurement_of(id);
		run_to(32);
		assert_noop!(
			Payouts::conclude_report(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::MeasurementPending
		);
		// Another measurement's outcome does not conclude this report.
		Mock::set_outcome(measurement + 1, measured(950_000));
		assert_noop!(
			Payouts::conclude_report(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::MeasurementPending
		);
		let record = Pools::<Test>::get(id).unwrap();
		assert_eq!(record.status, PoolStatus::Reporting { checkpoint: 102, measurement });
		assert_eq!(record.attempts, 0);
		assert_eq!(Accruals::<Test>::iter().count(), 0);
		assert_eq!(funds(), 10_000);
		// Once its own measurement is final, it concludes.
		Mock::set_outcome(measurement, measured(950_000));
		assert_ok!(Payouts::conclude_report(RuntimeOrigin::signed(BUYER), id));
		assert!(matches!(
			Pools::<Test>::get(id).unwrap().status,
			PoolStatus::Released { checkpoint: 102, result: 950_000, .. }
		));
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 9_000);
	});
}

#[test]
fn a_report_that_would_not_be_final_by_the_deadline_is_refused() {
	test(|| {
		// Deadline 100; commit, reveal and dispute take 30 blocks, aggregation and
		// finalization one more each: a report started at 68 is final at 100 at the earliest.
		let id = pool(10_000);
		run_to(69);
		assert_noop!(
			Payouts::start_report(RuntimeOrigin::signed(OWNER), id, 102),
			Error::<Test>::ReportOutlastsDeadline
		);
		let record = Pools::<Test>::get(id).unwrap();
		assert_eq!((record.status, record.attempts), (PoolStatus::Open, 0));
		assert_eq!(Mock::request_count(), 0);
		// Final at the deadline exactly is in time.
		run_to(68);
		assert_ok!(Payouts::start_report(RuntimeOrigin::signed(OWNER), id, 102));
		assert_eq!(Mock::request_count(), 1);
		assert_eq!(
			Pools::<Test>::get(id).unwrap().status,
			PoolStatus::Reporting { checkpoint: 102, measurement: 0 }
		);
	});
}

#[test]
fn a_report_requests_a_measurement_of_the_checkpoint_for_the_pool_and_names_it() {
	test(|| {
		let first = pool(10_000);
		assert_ok!(Payouts::create_pool(
			RuntimeOrigin::signed(BUYER),
			PROJECT,
			trigger(Comparator::AtMost, 50_000),
			5_000,
			100,
			None
		));
		let second = first + 1;
		assert_ok!(Payouts::start_report(RuntimeOrigin::signed(OWNER), first, 102));
		assert_ok!(Payouts::start_report(RuntimeOrigin::signed(OWNER), second, 102));
		System::assert_last_event(
			Event::ReportStarted { pool: second, checkpoint: 102, measurement: 1, attempt: 1 }
				.into(),
		);
		assert_eq!(measurement_of(second), 1);
		// The owner asks and holds the deposit; the pool's sponsor is the interested party.
		assert_eq!(
			Mock::requested(1),
			Some(MeasurementRequest {
				opener: OWNER,
				project: PROJECT,
				subject: 102,
				metric: H256::repeat_byte(1),
				evaluation_set: evaluation_set(),
				terms: policy_terms(),
				interested: Some(BUYER),
				at_stake: Pools::<Test>::get(second).unwrap().amount,
			})
		);
		let first_request = Mock::requested(0).unwrap();
		assert_eq!((first_request.opener, first_request.interested), (OWNER, Some(SPONSOR)));
	});
}

#[test]
fn an_unreleased_pool_is_refunded_after_its_deadline() {
	test(|| {
		let id = pool(10_000);
		assert_noop!(
			Payouts::refund(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::DeadlineNotReached
		);
		run_to(68);
		assert_ok!(Payouts::start_report(RuntimeOrigin::signed(OWNER), id, 102));
		run_to(101);
		assert_noop!(
			Payouts::refund(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::ReportUnderWay
		);
		assert_noop!(
			Payouts::top_up(RuntimeOrigin::signed(SPONSOR), id, 10),
			Error::<Test>::DeadlinePassed
		);
		Mock::set_outcome(measurement_of(id), MeasurementOutcome::Failed { reveals: 0 });
		assert_ok!(Payouts::conclude_report(RuntimeOrigin::signed(BUYER), id));
		// Anyone may trigger the refund; the money goes to the sponsor.
		assert_ok!(Payouts::refund(RuntimeOrigin::signed(BUYER), id));
		assert_eq!(free(SPONSOR), INITIAL_BALANCE);
		assert_eq!(held(HoldReason::PoolDeposit, SPONSOR), 0);
		assert!(!Pools::<Test>::contains_key(id));
		assert_eq!(funds(), 0);
		System::assert_last_event(
			Event::PoolRefunded { pool: id, sponsor: SPONSOR, amount: 10_000 }.into(),
		);
		assert_noop!(Payouts::refund(RuntimeOrigin::signed(BUYER), id), Error::<Test>::UnknownPool);
	});
}

#[test]
fn a_released_pool_is_never_refunded_and_its_record_is_closed_by_the_sponsor() {
	test(|| {
		let id = pool(10_000);
		assert_noop!(
			Payouts::close_pool(RuntimeOrigin::signed(SPONSOR), id),
			Error::<Test>::NotReleased
		);
		assert_ok!(report(id, measured(950_000)));
		run_to(200);
		assert_noop!(
			Payouts::refund(RuntimeOrigin::signed(SPONSOR), id),
			Error::<Test>::AlreadyReleased
		);
		assert_noop!(
			Payouts::top_up(RuntimeOrigin::signed(SPONSOR), id, 10),
			Error::<Test>::AlreadyReleased
		);
		assert_noop!(
			Payouts::close_pool(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::NotSponsor
		);
		assert_ok!(Payouts::close_pool(RuntimeOrigin::signed(SPONSOR), id));
		assert_eq!(held(HoldReason::PoolDeposit, SPONSOR), 0);
		assert_eq!(free(SPONSOR), INITIAL_BALANCE - 10_000);
		assert_eq!(funds(), 10_000, "the contributors' money stays until claimed");
	});
}

/// Licence terms for 10 blocks at `price`.
fn offer(
	price: Balance,
	seats: Option<u32>,
	commercial: bool,
	derivatives: bool,
) -> OfferTermsOf<Test> {
	OfferTerms { price, duration: Some(10), seats, commercial, derivatives }
}

/// Audit M6: the seller, seeing a purchase coming, swapped the offer for a one-block,
/// non-commercial one at the same price, and the buyer paid for that. The purchase now names
/// the terms the buyer saw, and fails if the offer no longer has them.
#[test]
fn a_purchase_fails_when_the_offer_was_swapped_for_other_terms() {
	test(|| {
		let good = OfferTerms {
			price: 1_000,
			duration: None,
			seats: None,
			commercial: true,
			derivatives: true,
		};
		assert_ok!(Payouts::offer_licence(RuntimeOrigin::signed(OWNER), 102, good));
		let seen = Offers::<Test>::get(102).unwrap().sale_terms();
		assert_ok!(Payouts::withdraw_offer(RuntimeOrigin::signed(OWNER), 102));
		let worse = OfferTerms {
			price: 1_000,
			duration: Some(1),
			seats: None,
			commercial: false,
			derivatives: false,
		};
		assert_ok!(Payouts::offer_licence(RuntimeOrigin::signed(OWNER), 102, worse));
		assert_noop!(
			Payouts::buy_licence(RuntimeOrigin::signed(BUYER), 102, 1_000, seen),
			Error::<Test>::TermsChanged
		);
		assert!(Licences::<Test>::get(0).is_none());
		// Terms read from the offer as it is now buy it.
		let now = Offers::<Test>::get(102).unwrap().sale_terms();
		assert_eq!((now.duration, now.commercial), (Some(1), false));
		assert_ok!(Payouts::buy_licence(RuntimeOrigin::signed(BUYER), 102, 1_000, now));
	});
}

/// Audit L7: after a project changed hands, the former owner stayed the seller of its offers
/// and the new owner could not make one (`OfferExists`). An offer now follows the ownership.
#[test]
fn an_offer_follows_the_projects_ownership() {
	test(|| {
		assert_ok!(Payouts::offer_licence(
			RuntimeOrigin::signed(OWNER),
			102,
			offer(1_000, None, true, true)
		));
		assert_eq!(held(HoldReason::OfferDeposit, OWNER), 50);
		Mock::set_owner(PROJECT, ALICE);
		// The former owner can no longer offer; the new owner replaces its offer.
		assert_noop!(
			Payouts::offer_licence(RuntimeOrigin::signed(OWNER), 102, offer(500, None, true, true)),
			Error::<Test>::NotProjectOwner
		);
		assert_ok!(Payouts::offer_licence(
			RuntimeOrigin::signed(ALICE),
			102,
			offer(2_000, None, true, true)
		));
		let replaced = Offers::<Test>::get(102).unwrap();
		assert_eq!((replaced.seller, replaced.price), (ALICE, 2_000));
		assert_eq!(held(HoldReason::OfferDeposit, OWNER), 0, "the former owner's deposit is back");
		assert_eq!(held(HoldReason::OfferDeposit, ALICE), 50);
		assert_noop!(
			Payouts::offer_licence(RuntimeOrigin::signed(ALICE), 102, offer(900, None, true, true)),
			Error::<Test>::OfferExists
		);
		// Handed back, the owner may withdraw the offer its successor made.
		Mock::set_owner(PROJECT, OWNER);
		assert_noop!(
			Payouts::withdraw_offer(RuntimeOrigin::signed(BUYER), 102),
			Error::<Test>::NotSeller
		);
		assert_ok!(Payouts::withdraw_offer(RuntimeOrigin::signed(OWNER), 102));
		assert_eq!(held(HoldReason::OfferDeposit, ALICE), 0, "the deposit goes to its holder");
	});
}

#[test]
fn licences_are_sold_recorded_and_their_revenue_distributed() {
	test(|| {
		assert_noop!(
			Payouts::offer_licence(
				RuntimeOrigin::signed(ALICE),
				102,
				offer(1_000, None, true, true)
			),
			Error::<Test>::NotProjectOwner
		);
		assert_ok!(Payouts::offer_licence(
			RuntimeOrigin::signed(OWNER),
			102,
			offer(1_000, Some(2), true, true)
		));
		assert_eq!(held(HoldReason::OfferDeposit, OWNER), 50);
		assert_noop!(
			Payouts::offer_licence(
				RuntimeOrigin::signed(OWNER),
				102,
				offer(1_000, None, true, true)
			),
			Error::<Test>::OfferExists
		);
		assert_noop!(buy(BUYER, 102, 999), Error::<Test>::PriceAboveMaximum);
		let buyer = free(BUYER);
		assert_ok!(buy(BUYER, 102, 1_000));
		assert_eq!(free(BUYER), buyer - 1_000 - 20);
		let record = Licences::<Test>::get(0).unwrap();
		assert_eq!(
			(
				record.licensee,
				record.contribution,
				record.price,
				record.expires_at,
				record.commercial
			),
			(BUYER, 102, 1_000, Some(11), true)
		);
		assert_eq!(Payouts::licences_of(&BUYER, None, 10).len(), 1);
		// Revenue flows like a release: 10% to the base model, 20% of that to the corpus.
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 900);
		assert_eq!(Accruals::<Test>::get(BASE, 1).released, 80);
		assert_eq!(Undistributed::<Test>::get(CORPUS), 20);
		assert_eq!(Offers::<Test>::get(102).unwrap().seats_left, Some(1));
		// The last seat removes the offer and returns its deposit.
		assert_ok!(buy(SPONSOR, 102, 5_000));
		assert!(!Offers::<Test>::contains_key(102));
		assert_eq!(held(HoldReason::OfferDeposit, OWNER), 0);
		assert_noop!(buy(BUYER, 102, 1_000), Error::<Test>::NoOffer);
		// Records are dropped by their licensee once expired.
		assert_noop!(
			Payouts::drop_licence(RuntimeOrigin::signed(BUYER), 0),
			Error::<Test>::NotExpired
		);
		run_to(12);
		assert_noop!(
			Payouts::drop_licence(RuntimeOrigin::signed(SPONSOR), 0),
			Error::<Test>::NotLicensee
		);
		assert_ok!(Payouts::drop_licence(RuntimeOrigin::signed(BUYER), 0));
		assert_eq!(held(HoldReason::LicenceDeposit, BUYER), 0);
		assert!(Payouts::licences_of(&BUYER, None, 10).is_empty());
		assert_noop!(
			Payouts::drop_licence(RuntimeOrigin::signed(BUYER), 0),
			Error::<Test>::UnknownLicence
		);
	});
}

/// Audit L4: a licence that grants derivatives is what lets its holder build on work whose
/// own terms forbid it; the registry asks `DerivativeRights::may_derive`.
#[test]
fn a_licence_granting_derivatives_is_a_right_to_derive_until_it_ends() {
	use attribution_primitives::traits::DerivativeRights;
	test(|| {
		// Work whose public terms forbid derivatives (and commercial use): its owner sells
		// the right to build on it, the only way for others to do so. (Its parents are gone,
		// so is their royalty approval.)
		RoyaltySplits::<Test>::remove(102);
		Mock::set_contribution(
			102,
			MockContribution {
				project: PROJECT,
				kind: attribution_primitives::contribution::ContributionKind::Dataset,
				active: true,
				parents: vec![],
				licence: restrictive_licence(),
				authors: vec![(ALICE, Perbill::one())],
			},
		);
		let offer =
			|price, seats, _commercial, derivatives| offer(price, seats, false, derivatives);
		assert_ok!(Payouts::offer_licence(
			RuntimeOrigin::signed(OWNER),
			102,
			offer(1_000, None, true, false)
		));
		assert_ok!(buy(BUYER, 102, 1_000));
		// Research use without derivatives grants nothing.
		assert!(!Payouts::may_derive(&BUYER, 102));
		assert!(DerivativeGrants::<Test>::get(102, BUYER).is_none());
		assert_ok!(Payouts::withdraw_offer(RuntimeOrigin::signed(OWNER), 102));
		assert_ok!(Payouts::offer_licence(
			RuntimeOrigin::signed(OWNER),
			102,
			offer(1_000, None, true, true)
		));
		assert_ok!(buy(BUYER, 102, 1_000));
		assert_eq!(DerivativeGrants::<Test>::get(102, BUYER), Some(Some(11)));
		assert!(Payouts::may_derive(&BUYER, 102));
		assert!(!Payouts::may_derive(&SPONSOR, 102), "the buyer's right only");
		assert!(!Payouts::may_derive(&BUYER, 100), "for that contribution only");
		// A second licence bought later extends the right to its own end.
		run_to(5);
		assert_ok!(buy(BUYER, 102, 1_000));
		assert_eq!(DerivativeGrants::<Test>::get(102, BUYER), Some(Some(15)));
		run_to(12);
		assert!(Payouts::may_derive(&BUYER, 102));
		// Dropping the first (expired) licence keeps the right the second still gives.
		assert_ok!(Payouts::drop_licence(RuntimeOrigin::signed(BUYER), 1));
		assert_eq!(DerivativeGrants::<Test>::get(102, BUYER), Some(Some(15)));
		run_to(16);
		assert!(!Payouts::may_derive(&BUYER, 102));
		assert_ok!(Payouts::drop_licence(RuntimeOrigin::signed(BUYER), 2));
		assert!(DerivativeGrants::<Test>::get(102, BUYER).is_none());
		// A perpetual one lasts.
		assert_ok!(Payouts::withdraw_offer(RuntimeOrigin::signed(OWNER), 102));
		let perpetual = OfferTerms {
			price: 1_000,
			duration: None,
			seats: None,
			commercial: false,
			derivatives: true,
		};
		assert_ok!(Payouts::offer_licence(RuntimeOrigin::signed(OWNER), 102, perpetual));
		assert_ok!(buy(BUYER, 102, 1_000));
		assert_eq!(DerivativeGrants::<Test>::get(102, BUYER), Some(None));
		run_to(10_000);
		assert!(Payouts::may_derive(&BUYER, 102));
	});
}

#[test]
fn invariant_5_catches_a_derivative_grant_no_licence_gives() {
	test(|| {
		assert_ok!(Payouts::offer_licence(
			RuntimeOrigin::signed(OWNER),
			102,
			offer(1_000, None, true, true)
		));
		assert_ok!(buy(BUYER, 102, 1_000));
		assert_ok!(Payouts::do_try_state());
		DerivativeGrants::<Test>::insert(102, BUYER, None::<u64>);
		assert_eq!(Payouts::do_try_state(), Err("5: a derivative grant differs from its licences"));
		DerivativeGrants::<Test>::remove(102, BUYER);
		assert_eq!(Payouts::do_try_state(), Err("5: a licence granting derivatives has no grant"));
		DerivativeGrants::<Test>::insert(102, BUYER, Some(11u64));
	});
}

#[test]
fn licence_terms_are_enforced_on_offers() {
	test(|| {
		Mock::set_contribution(
			103,
			MockContribution {
				project: PROJECT,
				kind: attribution_primitives::contribution::ContributionKind::ModelCheckpoint,
				active: true,
				parents: vec![],
				licence: restrictive_licence(),
				authors: vec![(ALICE, Perbill::one())],
			},
		);
		let offer_of = |id, terms| Payouts::offer_licence(RuntimeOrigin::signed(OWNER), id, terms);
		assert_noop!(
			offer_of(103, offer(100, None, true, false)),
			Error::<Test>::CommercialUseForbidden
		);
		assert_noop!(offer_of(103, offer(9, None, false, false)), Error::<Test>::PriceTooLow);
		assert_noop!(offer_of(103, offer(100, Some(0), false, false)), Error::<Test>::EmptyOffer);
		assert_noop!(
			offer_of(999, offer(100, None, false, false)),
			Error::<Test>::UnknownContribution
		);
		// Research use only: allowed.
		assert_ok!(offer_of(103, offer(100, None, false, false)));
		// Code is not sold; withdrawn work is not sold.
		Mock::set_contribution(
			104,
			MockContribution {
				kind: attribution_primitives::contribution::ContributionKind::Code,
				..MockContribution {
					project: PROJECT,
					kind: attribution_primitives::contribution::ContributionKind::Code,
					active: true,
					parents: vec![],
					licence: open_licence(),
					authors: vec![(ALICE, Perbill::one())],
				}
			},
		);
		assert_noop!(offer_of(104, offer(100, None, false, false)), Error::<Test>::NotLicensable);
		Mock::set_active(100, false);
		assert_noop!(offer_of(100, offer(100, None, false, false)), Error::<Test>::NotActive);
		// An offer whose contribution is withdrawn later cannot be bought; its seller withdraws it.
		Mock::set_active(103, false);
		assert_noop!(buy(BUYER, 103, 100), Error::<Test>::NotActive);
		assert_noop!(
			Payouts::withdraw_offer(RuntimeOrigin::signed(BUYER), 103),
			Error::<Test>::NotSeller
		);
		assert_ok!(Payouts::withdraw_offer(RuntimeOrigin::signed(OWNER), 103));
		assert_eq!(held(HoldReason::OfferDeposit, OWNER), 0);
	});
}

#[test]
fn money_for_a_project_without_scores_waits_for_its_first_snapshot() {
	test(|| {
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		assert_noop!(
			Payouts::push_undistributed(RuntimeOrigin::signed(BUYER), CORPUS),
			Error::<Test>::NoPayableSnapshot
		);
		assert_noop!(
			Payouts::push_undistributed(RuntimeOrigin::signed(BUYER), PROJECT),
			Error::<Test>::NothingUndistributed
		);
		Mock::set_snapshot(CORPUS, 1, &[(300, 100)]);
		assert_ok!(Payouts::push_undistributed(RuntimeOrigin::signed(BUYER), CORPUS));
		assert_eq!(Undistributed::<Test>::get(CORPUS), 0);
		let bob = free(BOB);
		assert_ok!(claim(BOB, &[target(CORPUS, 1, 300)]));
		assert_eq!(free(BOB), bob + 200);
	});
}

#[test]
fn new_snapshots_take_new_money_and_old_ones_keep_paying() {
	test(|| {
		let first = pool(10_000);
		assert_ok!(report(first, measured(950_000)));
		// A re-scoring gives the checkpoint everything.
		Mock::set_snapshot(PROJECT, 2, &[(102, 100)]);
		let second = pool(10_000);
		run_to(40);
		assert_ok!(report(second, measured(950_000)));
		assert_eq!(Accruals::<Test>::get(PROJECT, 2).released, 9_000);
		let alice = free(ALICE);
		assert_ok!(claim(
			ALICE,
			&[target(PROJECT, 1, 100), target(PROJECT, 1, 102), target(PROJECT, 2, 102)]
		));
		assert_eq!(free(ALICE), alice + 4_500 + 1_800 + 9_000);
		assert_noop!(claim(ALICE, &[target(PROJECT, 2, 100)]), Error::<Test>::NotScored);
	});
}

#[test]
fn rounding_dust_stays_held_and_counted() {
	test(|| {
		// Three equal authors of one contribution scored 100%: 10,001 does not split evenly.
		Mock::set_contribution(
			105,
			MockContribution {
				project: CORPUS,
				kind: attribution_primitives::contribution::ContributionKind::Dataset,
				active: true,
				parents: vec![],
				licence: open_licence(),
				authors: vec![
					(ALICE, Perbill::from_parts(333_333_334)),
					(BOB, Perbill::from_parts(333_333_333)),
					(CAROL, Perbill::from_parts(333_333_333)),
				],
			},
		);
		Mock::set_snapshot(CORPUS, 1, &[(105, 100)]);
		assert_ok!(Payouts::offer_licence(
			RuntimeOrigin::signed(OWNER),
			105,
			offer(10_001, None, true, true)
		));
		assert_ok!(buy(BUYER, 105, 10_001));
		for who in [ALICE, BOB, CAROL] {
			assert_ok!(claim(who, &[target(CORPUS, 1, 105)]));
		}
		let accrual = Accruals::<Test>::get(CORPUS, 1);
		assert_eq!(accrual.released, 10_001);
		// 3,333.67 + 3,333.66 + 3,333.66 rounded down: two units of dust, still held.
		assert_eq!(accrual.claimed, 3_333 + 3_333 + 3_333);
		assert_eq!(funds(), accrual.released - accrual.claimed);
	});
}

/// Holds `amount` from `who` under `reason`, with no record behind it.
fn hold_unrecorded(reason: HoldReason, who: AccountId, amount: Balance) {
	use frame::traits::fungible::MutateHold;
	assert_ok!(Balances::hold(&reason.into(), &who, amount));
}

#[test]
fn invariant_1_catches_funds_that_differ_from_what_is_owed() {
	new_test_ext().execute_with(|| {
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		assert_ok!(Payouts::do_try_state());
		Undistributed::<Test>::insert(77, 1);
		UndistributedSince::<Test>::insert(77, 1);
		assert_eq!(Payouts::do_try_state(), Err("1: funds held differ from what is owed"));
		UndistributedSince::<Test>::remove(77);
		assert_eq!(
			Payouts::do_try_state(),
			Err("1: undistributed money without the block it arrived")
		);
		Undistributed::<Test>::remove(77);
		UndistributedSince::<Test>::insert(77, 1);
		assert_eq!(Payouts::do_try_state(), Err("1: a waiting time for no undistributed money"));
		UndistributedSince::<Test>::remove(77);
		assert_ok!(Payouts::do_try_state());
		hold_unrecorded(HoldReason::Funds, ALICE, 1);
		assert_eq!(
			Payouts::do_try_state(),
			Err("1: funds held on an account other than the pallet's")
		);
	});
}

#[test]
fn invariant_2_catches_payments_the_accruals_do_not_count() {
	new_test_ext().execute_with(|| {
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		assert_ok!(claim(ALICE, &[target(PROJECT, 1, 100)]));
		assert_ok!(Payouts::do_try_state());
		Paid::<Test>::insert((PROJECT, 1, 101), BOB, 1);
		assert_eq!(Payouts::do_try_state(), Err("2: claimed differs from the sum paid"));
		Paid::<Test>::remove((PROJECT, 1, 101), BOB);
		Paid::<Test>::insert((PROJECT, 9, 100), ALICE, 1);
		assert_eq!(Payouts::do_try_state(), Err("2: payments from an unknown accrual"));
	});
}

#[test]
fn invariant_3_catches_ids_past_their_counters_and_a_stale_licensee_index() {
	new_test_ext().execute_with(|| {
		pool(1_000);
		assert_ok!(Payouts::do_try_state());
		NextPoolId::<Test>::put(0);
		assert_eq!(Payouts::do_try_state(), Err("3: pool id not below NextPoolId"));
		NextPoolId::<Test>::put(1);
		LicencesByHolder::<Test>::insert(BUYER, 7, ());
		assert_eq!(
			Payouts::do_try_state(),
			Err("3: licensee index names a licence it does not hold")
		);
	});
}

#[test]
fn invariant_4_catches_a_deposit_hold_whose_record_is_gone() {
	new_test_ext().execute_with(|| {
		pool(1_000);
		assert_ok!(Payouts::do_try_state());
		// BUYER sponsored, offered and licensed nothing.
		hold_unrecorded(HoldReason::LicenceDeposit, BUYER, 1);
		assert_eq!(Payouts::do_try_state(), Err("4: holds differ from recorded deposits"));
	});
}

/// What the property test does at each step.
#[derive(Clone, Debug)]
enum Step {
	Pool(Balance),
	TopUp(Balance),
	/// A report on the latest pool whose measurement ends with this median, or fails.
	Report(Option<i64>),
	Refund,
	Buy(ContributionId),
	Claim(AccountId),
	Wait(u64),
}

/// A random [`Step`].
fn step() -> impl Strategy<Value = Step> {
	prop_oneof![
		(1_000u64..50_000).prop_map(Step::Pool),
		(1u64..10_000).prop_map(Step::TopUp),
		proptest::option::of(800_000i64..1_000_000).prop_map(Step::Report),
		Just(Step::Refund),
		prop_oneof![Just(100u64), Just(101), Just(102), Just(200)].prop_map(Step::Buy),
		prop_oneof![Just(ALICE), Just(BOB), Just(CAROL)].prop_map(Step::Claim),
		(1u64..60).prop_map(Step::Wait),
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	/// Random sequences of pools, top-ups, reports, refunds, licence sales and claims: after
	/// every step the invariants hold (the pallet holds exactly what it owes) and total
	/// issuance is unchanged; at the end, after everyone claimed, each accrual's dust is
	/// below one unit per author and claiming again pays nothing.
	#[test]
	fn money_is_never_lost_or_created(steps in proptest::collection::vec(step(), 1..40)) {
		test(|| {
			for id in [100, 101, 102, 200] {
				assert_ok!(Payouts::offer_licence(
					RuntimeOrigin::signed(OWNER),
					id,
					OfferTerms { price: 777, duration: None, seats: None, commercial: true, derivatives: true },
				));
			}
			let issuance = Balances::total_issuance();
			for step in steps {
				let latest = NextPoolId::<Test>::get().checked_sub(1);
				let _ = match step {
					Step::Pool(amount) => Payouts::create_pool(
						RuntimeOrigin::signed(SPONSOR),
						PROJECT,
						trigger(Comparator::AtLeast, 900_000),
						amount,
						System::block_number() + 50,
						None,
					),
					Step::TopUp(amount) => latest.map_or(Ok(()), |id| {
						Payouts::top_up(RuntimeOrigin::signed(SPONSOR), id, amount)
					}),
					Step::Report(median) => latest.map_or(Ok(()), |id| {
						let outcome =
							median.map_or(MeasurementOutcome::Failed { reveals: 1 }, measured);
						report(id, outcome).map(|_| ())
					}),
					Step::Refund => latest.map_or(Ok(()), |id| {
						Payouts::refund(RuntimeOrigin::signed(BUYER), id)
					}),
					Step::Buy(id) => buy(BUYER, id, 777),
					Step::Claim(who) => {
						let targets = claim_targets(&who);
						if targets.is_empty() { Ok(()) } else { claim(who, &targets) }
					},
					Step::Wait(blocks) => {
						run_to(System::block_number() + blocks);
						Ok(())
					},
				};
				Payouts::do_try_state().expect("invariants hold after every step");
				assert_eq!(Balances::total_issuance(), issuance);
			}
			for who in [ALICE, BOB, CAROL] {
				let targets = claim_targets(&who);
				if !targets.is_empty() {
					assert_ok!(claim(who, &targets));
				}
				assert!(all_claimable(&who).is_empty());
			}
			// Author slots: PROJECT 1 + 2 + 1, BASE 1.
			for (project, slots) in [(PROJECT, 4), (BASE, 1)] {
				let accrual = Accruals::<Test>::get(project, 1);
				assert!(accrual.released - accrual.claimed < slots, "{accrual:?}");
			}
		});
	}
}

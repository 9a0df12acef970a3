//! The royalty rule (audit M1, M8): only the parents a contribution's project owner approved
//! are paid, floors first, then by weight; sybil parents get nothing; the walk reads a
//! bounded number of parent records whatever the lineage.

use crate::{
	mock::*,
	tests::{measured, pool, report},
	*,
};
use attribution_primitives::{contribution::ContributionKind, ContributionId, ProjectId};
use frame::{prelude::*, testing_prelude::*};
use proptest::prelude::*;

/// OWNER, the model project's owner, sets checkpoint 102's split.
fn approve(parents: &[(ContributionId, Perbill)]) -> DispatchResult {
	Payouts::set_royalty_weights(RuntimeOrigin::signed(OWNER), 102, parents.to_vec())
}

/// An active dataset in its own new project `project` (owned by `owner`, royalty share 0)
/// whose licence asks `floor` as royalty, with a payable snapshot scoring it alone.
fn parent_in_own_project(id: ContributionId, project: ProjectId, owner: AccountId, floor: Perbill) {
	Mock::set_project(project, policy(), Perbill::zero());
	Mock::set_owner(project, owner);
	let mut record =
		contribution(project, ContributionKind::Dataset, vec![], vec![(owner, Perbill::one())]);
	record.licence.royalty = floor;
	Mock::set_contribution(id, record);
	Mock::set_snapshot(project, 1, &[(id, 100)]);
}

/// Makes `parents` the declared parents of checkpoint 102.
fn declare_parents(parents: Vec<ContributionId>) {
	let mut record = contribution(
		PROJECT,
		ContributionKind::ModelCheckpoint,
		parents,
		vec![(ALICE, Perbill::one())],
	);
	record.licence = open_licence();
	Mock::set_contribution(102, record);
}

/// The royalties paid in the events so far, by parent.
fn royalties_paid() -> Vec<(ContributionId, Balance)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Payouts(Event::RoyaltyPaid { parent, amount, .. }) => {
				Some((parent, amount))
			}
			_ => None,
		})
		.collect()
}

/// Audit M1: the registrar of a strong checkpoint lists one genuine parent and seven of its
/// own sybil projects' contributions, each asking a floor. Equal shares paid the sybils 7/8
/// of the royalty. Now the owner approves the genuine parent alone, and it gets it all.
#[test]
fn sybil_parents_the_owner_did_not_approve_get_nothing_whatever_their_floors() {
	test(|| {
		let sybils: Vec<ContributionId> = (1_001..=1_007).collect();
		for (i, sybil) in sybils.iter().enumerate() {
			parent_in_own_project(*sybil, 11 + i as u64, BUYER, Perbill::from_percent(1));
		}
		let mut declared = vec![200];
		declared.extend(&sybils);
		declare_parents(declared);
		// The genesis split approves 200 with all of the rest; the project keeps 10%.
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		assert_eq!(royalties_paid(), vec![(200, 1_000), (300, 200)]);
		for (i, _) in sybils.iter().enumerate() {
			assert_eq!(Accruals::<Test>::get(11 + i as u64, 1).released, 0, "a sybil got paid");
		}
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 9_000);
		assert_eq!(Accruals::<Test>::get(BASE, 1).released, 800);
	});
}

#[test]
fn without_an_approval_the_royalty_share_stays_with_the_project() {
	test(|| {
		assert_ok!(approve(&[]));
		assert!(RoyaltySplits::<Test>::get(102).is_none());
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		assert!(royalties_paid().is_empty());
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 10_000);
	});
}

#[test]
fn approved_parents_get_their_floors_first_then_the_rest_by_weight() {
	test(|| {
		// 200 asks 3% in its licence; 400 (another project) asks nothing.
		Mock::set_contribution(200, {
			let mut r = contribution(
				BASE,
				ContributionKind::ModelCheckpoint,
				vec![300],
				vec![(CAROL, Perbill::one())],
			);
			r.licence.royalty = Perbill::from_percent(3);
			r
		});
		parent_in_own_project(400, 40, BOB, Perbill::zero());
		declare_parents(vec![100, 200, 400]);
		// 200 for its floor alone; 400 for half of what the floors leave; the other half stays.
		assert_ok!(approve(&[(200, Perbill::zero()), (400, Perbill::from_percent(50))]));
		assert_eq!(held(HoldReason::RoyaltySplitDeposit, OWNER), 30);
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		// Share 10% = 1,000: floor 300 to 200; 700 left, half (350) to 400.
		let paid = royalties_paid();
		assert!(paid.contains(&(200, 300)) && paid.contains(&(400, 350)), "{paid:?}");
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 10_000 - 300 - 350);
		assert_eq!(Accruals::<Test>::get(40, 1).released, 350);
	});
}

#[test]
fn floors_are_scaled_down_together_when_the_share_was_lowered_since_the_approval() {
	test(|| {
		parent_in_own_project(400, 40, BOB, Perbill::from_percent(6));
		parent_in_own_project(401, 41, BOB, Perbill::from_percent(2));
		declare_parents(vec![400, 401]);
		assert_ok!(approve(&[(400, Perbill::zero()), (401, Perbill::one())]));
		// The owner lowers the project's share to 4%: the floors (8%) no longer fit.
		Mock::set_royalty(PROJECT, Perbill::from_percent(4));
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		// 400 = 4% × 6/8 = 300, 401 = 4% × 2/8 = 100; nothing left for the weights.
		assert_eq!(royalties_paid(), vec![(400, 300), (401, 100)]);
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 9_600);
	});
}

#[test]
fn a_split_is_refused_unless_it_names_distinct_active_parents_in_other_projects_that_fit() {
	test(|| {
		parent_in_own_project(400, 40, BOB, Perbill::from_percent(6));
		parent_in_own_project(401, 41, BOB, Perbill::from_percent(5));
		parent_in_own_project(402, 42, BOB, Perbill::zero());
		declare_parents(vec![100, 200, 400, 401, 402]);
		let all = Perbill::one();
		assert_noop!(
			Payouts::set_royalty_weights(RuntimeOrigin::signed(ALICE), 102, vec![(200, all)]),
			Error::<Test>::NotProjectOwner
		);
		assert_noop!(
			Payouts::set_royalty_weights(RuntimeOrigin::signed(OWNER), 999, vec![(200, all)]),
			Error::<Test>::UnknownContribution
		);
		assert_noop!(approve(&[(300, all)]), Error::<Test>::NotAParent);
		assert_noop!(
			approve(&[(200, all), (200, Perbill::zero())]),
			Error::<Test>::DuplicateParent
		);
		assert_noop!(approve(&[(100, all)]), Error::<Test>::SameProjectParent);
		assert_noop!(
			approve(&[(200, Perbill::from_percent(60)), (402, Perbill::from_percent(41))]),
			Error::<Test>::WeightsExceedWhole
		);
		// Floors of 6% + 5% do not fit in the project's 10%.
		assert_noop!(
			approve(&[(400, all), (401, Perbill::zero())]),
			Error::<Test>::FloorsExceedShare
		);
		Mock::set_active(402, false);
		assert_noop!(approve(&[(402, all)]), Error::<Test>::ParentNotActive);
		// A contribution that is not active (pending: it may yet be removed) gets none, but an
		// approval can be removed whatever its status.
		Mock::set_active(102, false);
		assert_noop!(approve(&[(200, all)]), Error::<Test>::NotActive);
		assert_ok!(approve(&[]));
		Mock::set_active(102, true);
		assert_noop!(approve(&vec![(200, Perbill::zero()); 9]), Error::<Test>::TooManyWeights);
		// A valid one holds a deposit.
		assert_ok!(approve(&[(400, Perbill::zero()), (200, all)]));
		System::assert_last_event(Event::RoyaltySplitSet { contribution: 102, parents: 2 }.into());
		assert_eq!(held(HoldReason::RoyaltySplitDeposit, OWNER), 30);
	});
}

#[test]
fn the_split_deposit_follows_the_project_owner_and_is_released_when_the_split_is_removed() {
	test(|| {
		assert_ok!(approve(&[(200, Perbill::one())]));
		assert_eq!(held(HoldReason::RoyaltySplitDeposit, OWNER), 30);
		// The project changes hands: the new owner sets the split, the old one gets its
		// deposit back.
		Mock::set_owner(PROJECT, CAROL);
		assert_noop!(approve(&[(200, Perbill::one())]), Error::<Test>::NotProjectOwner);
		assert_ok!(Payouts::set_royalty_weights(
			RuntimeOrigin::signed(CAROL),
			102,
			vec![(200, Perbill::one())]
		));
		assert_eq!(held(HoldReason::RoyaltySplitDeposit, OWNER), 0);
		assert_eq!(held(HoldReason::RoyaltySplitDeposit, CAROL), 30);
		assert_ok!(Payouts::set_royalty_weights(RuntimeOrigin::signed(CAROL), 102, vec![]));
		assert_eq!(held(HoldReason::RoyaltySplitDeposit, CAROL), 0);
		System::assert_last_event(Event::RoyaltySplitSet { contribution: 102, parents: 0 }.into());
		assert!(RoyaltySplits::<Test>::get(102).is_none());
	});
}

#[test]
fn a_parent_withdrawn_after_its_approval_is_skipped_and_its_part_stays() {
	test(|| {
		parent_in_own_project(400, 40, BOB, Perbill::zero());
		declare_parents(vec![200, 400]);
		assert_ok!(approve(&[(200, Perbill::from_percent(50)), (400, Perbill::from_percent(50))]));
		Mock::set_active(400, false);
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		assert_eq!(royalties_paid(), vec![(200, 500), (300, 100)]);
		assert_eq!(Accruals::<Test>::get(PROJECT, 1).released, 9_500);
	});
}

/// Audit M8: the walk read every declared parent's record, 16 per node over 3 generations.
/// It now reads only approved parents, and stops once it has read `MaxRoyaltyReads` (8 in
/// the mock) of them, even with recipients left to pay.
#[test]
fn the_walk_stops_after_max_royalty_reads_parent_records() {
	test(|| {
		let (a, b) = (2_000, 2_010);
		for (id, project, grandparents) in
			[(a, 100, (2_001..=2_008).collect::<Vec<_>>()), (b, 101, vec![2_011])]
		{
			for gp in grandparents.iter() {
				parent_in_own_project(*gp, 1_000 + gp, BOB, Perbill::zero());
			}
			parent_in_own_project(id, project, BOB, Perbill::zero());
			Mock::set_royalty(project, Perbill::from_percent(50));
			let mut record = contribution(
				project,
				ContributionKind::Dataset,
				grandparents.clone(),
				vec![(BOB, Perbill::one())],
			);
			record.licence = open_licence();
			Mock::set_contribution(id, record);
			let weight = Perbill::from_rational(1u32, grandparents.len() as u32);
			crate::RoyaltySplits::<Test>::insert(
				id,
				crate::RoyaltySplit {
					owner: OWNER,
					deposit: 0,
					parents: grandparents
						.iter()
						.map(|g| (*g, weight))
						.collect::<Vec<_>>()
						.try_into()
						.unwrap(),
				},
			);
		}
		declare_parents(vec![a, b]);
		assert_ok!(approve(&[(a, Perbill::from_percent(50)), (b, Perbill::from_percent(50))]));
		// A's approved parents were withdrawn since: read, owed nothing.
		for gp in 2_001..=2_008 {
			Mock::set_active(gp, false);
		}
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		// Two records read at the checkpoint, six of A's eight: the budget of eight is spent,
		// so B's parent (active, approved) is not reached although two recipients are left.
		assert_eq!(royalties_paid(), vec![(a, 500), (b, 500)]);
		assert_eq!(Accruals::<Test>::get(1_000 + 2_011, 1).released, 0);
	});
}

#[test]
fn royalty_payments_read_no_more_records_than_they_are_given() {
	test(|| {
		let parents: Vec<ContributionId> = (400..406).collect();
		for (i, p) in parents.iter().enumerate() {
			parent_in_own_project(*p, 40 + i as u64, BOB, Perbill::zero());
		}
		declare_parents(parents.clone());
		let weight = Perbill::from_rational(1u32, 6);
		assert_ok!(approve(&parents.iter().map(|p| (*p, weight)).collect::<Vec<_>>()));
		let mut reads = 3;
		let payments = Payouts::royalty_payments(
			PROJECT,
			102,
			6_000,
			Perbill::from_percent(10),
			&mut reads,
			8,
		);
		assert_eq!(reads, 0);
		assert_eq!(payments.iter().map(|p| p.parent).collect::<Vec<_>>(), vec![400, 401, 402]);
	});
}

proptest! {
	/// Whatever the floors, weights, share and amount, the parents are paid at most the share.
	#[test]
	fn payments_never_exceed_the_royalty_share(
		amount in 0u64..u64::MAX / 4,
		share in 0u32..=1_000_000_000,
		parents in proptest::collection::vec((0u32..200_000_000, 0u32..=1_000_000_000), 1..8),
	) {
		new_test_ext().execute_with(|| {
			let ids: Vec<ContributionId> = (0..parents.len() as u64).map(|i| 400 + i).collect();
			for (i, (floor, _)) in parents.iter().enumerate() {
				parent_in_own_project(ids[i], 40 + i as u64, BOB, Perbill::from_parts(*floor));
			}
			declare_parents(ids.clone());
			let mut left = 1_000_000_000u32;
			let split: Vec<(ContributionId, Perbill)> = parents
				.iter()
				.enumerate()
				.map(|(i, (_, w))| {
					let w = (*w).min(left);
					left -= w;
					(ids[i], Perbill::from_parts(w))
				})
				.collect();
			crate::RoyaltySplits::<Test>::insert(
				102,
				crate::RoyaltySplit { owner: OWNER, deposit: 0, parents: split.try_into().unwrap() },
			);
			let share = Perbill::from_parts(share);
			let mut reads = 8;
			let payments = Payouts::royalty_payments(PROJECT, 102, amount.into(), share, &mut reads, 8);
			let paid: u128 = payments.iter().map(|p| u128::from(p.amount)).sum();
			prop_assert!(paid <= u128::from(share.mul_floor(amount)));
			Ok(())
		})?;
	}
}

/// Audit L9: royalties owed to a project without a payable snapshot waited for ever. They now
/// wait `UndistributedTimeout` (50 blocks in the mock), then anyone sends them to the treasury;
/// a project that got a payable snapshot meanwhile is pushed its money instead.
#[test]
fn undistributed_money_goes_to_the_treasury_after_its_timeout() {
	test(|| {
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		// The corpus (300, no snapshot) got 20% of the base model's 1,000.
		assert_eq!(Undistributed::<Test>::get(CORPUS), 200);
		let since = UndistributedSince::<Test>::get(CORPUS).unwrap();
		let sweep = || Payouts::sweep_undistributed(RuntimeOrigin::signed(BUYER), CORPUS);
		run_to(since + 50);
		assert_noop!(sweep(), Error::<Test>::NotTimedOut);
		assert_noop!(
			Payouts::sweep_undistributed(RuntimeOrigin::signed(BUYER), PROJECT),
			Error::<Test>::NothingUndistributed
		);
		// More arriving later (a sale of the checkpoint, say) does not restart the clock.
		assert_ok!(Payouts::escrow(&SPONSOR, 10_000));
		assert_ok!(Payouts::distribute(PROJECT, Some(102), 10_000, Perbill::from_percent(10)));
		assert_eq!(Undistributed::<Test>::get(CORPUS), 400);
		assert_eq!(UndistributedSince::<Test>::get(CORPUS), Some(since));
		run_to(System::block_number().max(since + 51));
		let treasury = free(TREASURY);
		assert_ok!(sweep());
		System::assert_last_event(
			Event::UndistributedSwept { project: CORPUS, amount: 400, to: TREASURY }.into(),
		);
		assert_eq!(free(TREASURY), treasury + 400);
		assert_eq!(Undistributed::<Test>::get(CORPUS), 0);
		assert_eq!(UndistributedSince::<Test>::get(CORPUS), None);
		assert_noop!(sweep(), Error::<Test>::NothingUndistributed);
	});
}

#[test]
fn a_project_scored_before_the_timeout_keeps_its_money() {
	test(|| {
		let id = pool(10_000);
		assert_ok!(report(id, measured(950_000)));
		let since = UndistributedSince::<Test>::get(CORPUS).unwrap();
		Mock::set_snapshot(CORPUS, 1, &[(300, 100)]);
		run_to(since + 51);
		assert_noop!(
			Payouts::sweep_undistributed(RuntimeOrigin::signed(BUYER), CORPUS),
			Error::<Test>::PayableSnapshotExists
		);
		assert_ok!(Payouts::push_undistributed(RuntimeOrigin::signed(BUYER), CORPUS));
		assert_eq!(Accruals::<Test>::get(CORPUS, 1).released, 200);
		assert_eq!(UndistributedSince::<Test>::get(CORPUS), None);
	});
}

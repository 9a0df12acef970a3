//! Evaluator access: a project's owner decides whether evaluators drawn for work that uses its
//! licensed artifacts may get them; no setting, no access.

use crate::{mock::*, *};
use frame::testing_prelude::*;

fn set(who: AccountId, scope: AccessScope, allowed: Option<bool>) -> DispatchResult {
	Payouts::set_evaluator_access(RuntimeOrigin::signed(who), scope, allowed)
}

fn access_events() -> Vec<(AccessScope, Option<bool>)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Payouts(Event::EvaluatorAccessSet { scope, allowed }) => {
				Some((scope, allowed))
			}
			_ => None,
		})
		.collect()
}

#[test]
fn access_is_off_until_the_owner_turns_it_on() {
	test(|| {
		assert!(!Payouts::evaluator_access(100));
		assert_ok!(set(OWNER, AccessScope::Project(PROJECT), Some(true)));
		assert!(Payouts::evaluator_access(100));
		assert!(Payouts::evaluator_access(102));
		// Another project's work is not covered.
		assert!(!Payouts::evaluator_access(200));
		assert_eq!(held(HoldReason::EvaluatorAccessDeposit, OWNER), 12);
		assert_eq!(access_events(), vec![(AccessScope::Project(PROJECT), Some(true))]);
	});
}

#[test]
fn a_contribution_setting_overrides_its_projects() {
	test(|| {
		assert_ok!(set(OWNER, AccessScope::Project(PROJECT), Some(true)));
		assert_ok!(set(OWNER, AccessScope::Contribution(101), Some(false)));
		assert!(Payouts::evaluator_access(100));
		assert!(!Payouts::evaluator_access(101));
		// And the other way round: one contribution open in a project that is closed.
		assert_ok!(set(OWNER, AccessScope::Project(PROJECT), None));
		assert_ok!(set(OWNER, AccessScope::Contribution(102), Some(true)));
		assert!(!Payouts::evaluator_access(100));
		assert!(Payouts::evaluator_access(102));
		assert_eq!(held(HoldReason::EvaluatorAccessDeposit, OWNER), 24);
	});
}

#[test]
fn only_the_projects_owner_sets_it() {
	test(|| {
		assert_noop!(
			set(ALICE, AccessScope::Project(PROJECT), Some(true)),
			Error::<Test>::NotProjectOwner
		);
		// An author of the contribution is not its project's owner either.
		assert_noop!(
			set(ALICE, AccessScope::Contribution(100), Some(true)),
			Error::<Test>::NotProjectOwner
		);
		assert_noop!(
			set(OWNER, AccessScope::Contribution(999), Some(true)),
			Error::<Test>::UnknownContribution
		);
		assert_noop!(
			set(OWNER, AccessScope::Project(999), Some(true)),
			Error::<Test>::UnknownProject
		);
		assert_ok!(set(OWNER, AccessScope::Project(PROJECT), Some(true)));
		assert_noop!(
			set(ALICE, AccessScope::Project(PROJECT), None),
			Error::<Test>::NotProjectOwner
		);
		assert!(Payouts::evaluator_access(100));
	});
}

#[test]
fn removing_a_setting_that_does_not_exist_fails() {
	test(|| {
		assert_noop!(
			set(OWNER, AccessScope::Project(PROJECT), None),
			Error::<Test>::NoAccessSetting
		);
	});
}

#[test]
fn removing_returns_the_deposit() {
	test(|| {
		let before = free(OWNER);
		assert_ok!(set(OWNER, AccessScope::Contribution(100), Some(true)));
		assert_eq!(free(OWNER), before - 12);
		assert_ok!(set(OWNER, AccessScope::Contribution(100), None));
		assert_eq!(free(OWNER), before);
		assert!(EvaluatorAccess::<Test>::get(AccessScope::Contribution(100)).is_none());
		assert!(!Payouts::evaluator_access(100));
	});
}

#[test]
fn a_new_owner_replaces_the_former_owners_setting_and_its_deposit_goes_back() {
	test(|| {
		assert_ok!(set(OWNER, AccessScope::Project(PROJECT), Some(true)));
		Mock::set_owner(PROJECT, BUYER);
		// The former owner no longer decides.
		assert_noop!(
			set(OWNER, AccessScope::Project(PROJECT), Some(false)),
			Error::<Test>::NotProjectOwner
		);
		assert_ok!(set(BUYER, AccessScope::Project(PROJECT), Some(false)));
		assert_eq!(held(HoldReason::EvaluatorAccessDeposit, OWNER), 0);
		assert_eq!(held(HoldReason::EvaluatorAccessDeposit, BUYER), 12);
		assert!(!Payouts::evaluator_access(100));
	});
}

/// Review finding: a former owner must not lift an override the new owner relies on.
#[test]
fn a_former_owner_cannot_remove_a_setting_while_its_contribution_exists() {
	test(|| {
		assert_ok!(set(OWNER, AccessScope::Contribution(101), Some(false)));
		Mock::set_owner(PROJECT, BUYER);
		assert_ok!(set(BUYER, AccessScope::Project(PROJECT), Some(true)));
		assert_noop!(
			set(OWNER, AccessScope::Contribution(101), None),
			Error::<Test>::NotProjectOwner
		);
		assert!(!Payouts::evaluator_access(101));
		// The new owner may remove it (the deposit goes back to the former owner).
		assert_ok!(set(BUYER, AccessScope::Contribution(101), None));
		assert_eq!(held(HoldReason::EvaluatorAccessDeposit, OWNER), 0);
		assert!(Payouts::evaluator_access(101));
	});
}

#[test]
fn a_setting_whose_contribution_is_gone_can_still_be_removed_by_its_maker() {
	test(|| {
		assert_ok!(set(OWNER, AccessScope::Contribution(101), Some(true)));
		Mock::remove_contribution(101);
		assert_noop!(
			set(OWNER, AccessScope::Contribution(101), Some(false)),
			Error::<Test>::UnknownContribution
		);
		assert_noop!(
			set(ALICE, AccessScope::Contribution(101), None),
			Error::<Test>::UnknownContribution
		);
		assert_ok!(set(OWNER, AccessScope::Contribution(101), None));
		assert_eq!(held(HoldReason::EvaluatorAccessDeposit, OWNER), 0);
	});
}

#[test]
fn an_owner_who_cannot_pay_the_deposit_is_refused_and_nothing_changes() {
	test(|| {
		Mock::set_owner(PROJECT, PAUPER);
		assert!(set(PAUPER, AccessScope::Project(PROJECT), Some(true)).is_err());
		assert!(EvaluatorAccess::<Test>::get(AccessScope::Project(PROJECT)).is_none());
		assert!(!Payouts::evaluator_access(100));
	});
}

#[test]
fn invariant_4_catches_an_evaluator_access_hold_without_its_setting() {
	new_test_ext().execute_with(|| {
		assert_ok!(set(OWNER, AccessScope::Project(PROJECT), Some(true)));
		assert_ok!(Payouts::do_try_state());
		EvaluatorAccess::<Test>::remove(AccessScope::Project(PROJECT));
		assert_eq!(Payouts::do_try_state(), Err("4: holds differ from recorded deposits"));
	});
}

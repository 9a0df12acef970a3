//! Unit tests: every call, its events and its error paths; then a property test over random
//! sequences of calls. Every test ends with the pallet's invariants checked.

use crate::{mock::*, queries::Direction, *};
use attribution_primitives::{
	api::{
		Lineage, LineageNode, PedigreePage, MAX_LINEAGE_DEPTH, MAX_LINEAGE_EDGES,
		MAX_LINEAGE_NODES, MAX_PAGE_SIZE,
	},
	contribution::{ContributionKind, ContributionStatus, Locator},
	licence::{Licence, LicenceTerms},
	project::{EvaluatorPolicy, Membership},
};
use frame::{
	testing_prelude::*,
	traits::fungible::{Inspect, InspectHold},
};
use polkadot_sdk::{pallet_balances, sp_core::H256};

fn create(owner: AccountId, membership: Membership) -> u64 {
	let id = NextProjectId::<Test>::get();
	assert_ok!(Registry::create_project(
		RuntimeOrigin::signed(owner),
		b"llm-pedigree".to_vec(),
		apache(),
		Perbill::from_percent(10),
		policy(),
		membership,
	));
	id
}

fn register_as(
	who: AccountId,
	project: u64,
	seed: u8,
	authors: Vec<(AccountId, Perbill)>,
	parents: Vec<u64>,
) -> DispatchResult {
	Registry::register_contribution(
		RuntimeOrigin::signed(who),
		project,
		ContributionKind::Dataset,
		cid(seed),
		None,
		authors,
		parents,
		None,
		H256::repeat_byte(seed),
		1_000 + u64::from(seed),
	)
}

fn register(who: AccountId, project: u64, seed: u8, parents: Vec<u64>) -> u64 {
	let id = NextContributionId::<Test>::get();
	assert_ok!(register_as(who, project, seed, vec![(who, Perbill::one())], parents));
	id
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

fn half() -> Perbill {
	Perbill::from_percent(50)
}

// ---- projects ----

#[test]
fn create_project_holds_the_deposit_and_records_the_project() {
	build_and_execute(|| {
		let id = create(ALICE, Membership::Open);
		let p = Projects::<Test>::get(id).unwrap();
		assert_eq!((p.owner, p.member_count, p.deposit, p.created_at), (ALICE, 0, 1_000, 1));
		assert_eq!(held(HoldReason::ProjectDeposit, ALICE), 1_000);
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE - 1_000);
		assert_eq!(
			contribution_events(),
			vec![Event::ProjectCreated { project: 0, owner: ALICE, membership: Membership::Open }]
		);
		assert_eq!(create(BOB, Membership::Open), 1, "ids increase");
	});
}

#[test]
fn create_project_rejects_bad_input_and_paupers() {
	build_and_execute(|| {
		let create_with = |who, name: Vec<u8>, licence| {
			Registry::create_project(
				RuntimeOrigin::signed(who),
				name,
				licence,
				Perbill::zero(),
				policy(),
				Membership::Open,
			)
		};
		assert_noop!(create_with(ALICE, vec![], apache()), Error::<Test>::BadName);
		assert_noop!(create_with(ALICE, vec![b'x'; 33], apache()), Error::<Test>::BadName);
		let mut bad = apache();
		bad.licence = Licence::Spdx(b"MIT; DROP".to_vec().try_into().unwrap());
		assert_noop!(create_with(ALICE, b"p".to_vec(), bad), Error::<Test>::BadLicence);
		assert!(create_with(PAUPER, b"p".to_vec(), apache()).is_err(), "no funds for the deposit");
		assert_noop!(
			Registry::create_project(
				RuntimeOrigin::none(),
				b"p".to_vec(),
				apache(),
				Perbill::zero(),
				policy(),
				Membership::Open
			),
			DispatchError::BadOrigin
		);
		assert_eq!(NextProjectId::<Test>::get(), 0);
	});
}

#[test]
fn only_the_owner_updates_a_project_and_none_leaves_fields_alone() {
	build_and_execute(|| {
		let id = create(ALICE, Membership::Open);
		assert_noop!(
			Registry::update_project(RuntimeOrigin::signed(BOB), id, None, None, None, None),
			Error::<Test>::NotProjectOwner
		);
		assert_noop!(
			Registry::update_project(RuntimeOrigin::signed(ALICE), 7, None, None, None, None),
			Error::<Test>::UnknownProject
		);
		assert_ok!(Registry::update_project(
			RuntimeOrigin::signed(ALICE),
			id,
			Some(b"renamed".to_vec()),
			None,
			Some(Perbill::from_percent(20)),
			None
		));
		let p = Projects::<Test>::get(id).unwrap();
		assert_eq!(p.name.to_vec(), b"renamed".to_vec());
		assert_eq!(p.royalty_to_parents, Perbill::from_percent(20));
		assert_eq!(p.default_licence, apache(), "unchanged");
		assert_eq!(contribution_events().last(), Some(&Event::ProjectUpdated { project: id }));
	});
}

/// Audit C1 and L11: a change of the royalty or the evaluator policy is announced with the
/// old and the new value (sponsors watch for them); an update that keeps a value says nothing
/// about it.
#[test]
fn policy_and_royalty_changes_are_announced_with_old_and_new_values() {
	build_and_execute(|| {
		let id = create(ALICE, Membership::Open);
		let loose = EvaluatorPolicy { committee: 1, commit_period: 1, ..policy() };
		assert_ok!(Registry::update_project(
			RuntimeOrigin::signed(ALICE),
			id,
			None,
			None,
			Some(Perbill::from_percent(100)),
			Some(loose),
		));
		assert_eq!(
			contribution_events()[contribution_events().len() - 3..].to_vec(),
			vec![
				Event::RoyaltyChanged {
					project: id,
					old: Perbill::from_percent(10),
					new: Perbill::from_percent(100)
				},
				Event::PolicyChanged { project: id, old: policy(), new: loose },
				Event::ProjectUpdated { project: id },
			]
		);
		System::reset_events();
		assert_ok!(Registry::update_project(
			RuntimeOrigin::signed(ALICE),
			id,
			None,
			None,
			Some(Perbill::from_percent(100)),
			Some(loose),
		));
		assert_eq!(contribution_events(), vec![Event::ProjectUpdated { project: id }]);
	});
}

/// The evaluation engine's conflict-of-interest index: an author counts once its
/// contribution is accepted, never while it is only named on a pending one.
#[test]
fn project_authors_count_accepted_contributions_only() {
	use attribution_primitives::traits::ContributionRegistry;
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		register(ALICE, project, 1, vec![]);
		assert_ok!(register_as(ALICE, project, 2, vec![(ALICE, half()), (BOB, half())], vec![]));
		assert!(Registry::is_project_author(project, &ALICE));
		assert!(!Registry::is_project_author(project, &BOB), "pending: BOB has not accepted");
		assert_eq!(ProjectAuthors::<Test>::get(project, ALICE), 1);
		assert_ok!(Registry::approve_contribution(RuntimeOrigin::signed(BOB), 1));
		assert!(Registry::is_project_author(project, &BOB));
		assert_eq!(ProjectAuthors::<Test>::get(project, ALICE), 2);
		assert!(!Registry::is_project_author(project + 1, &ALICE));
		assert_eq!(Registry::active_contributions(project, 2), Some(vec![0, 1]));
		assert_eq!(Registry::active_contributions(project, 1), None, "more than the bound");
		assert_eq!(Registry::active_contributions(project + 7, 10), None, "no such project");
	});
}

#[test]
fn invariants_catch_a_wrong_project_author_count() {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		register(ALICE, project, 1, vec![]);
		assert_ok!(Registry::do_try_state());
		ProjectAuthors::<Test>::insert(project, BOB, 1);
		assert_eq!(Registry::do_try_state(), Err("3: ProjectAuthors differs from the records"));
	});
}

#[test]
fn transferring_ownership_moves_the_deposit_and_the_index() {
	build_and_execute(|| {
		let id = create(ALICE, Membership::Open);
		assert_noop!(
			Registry::transfer_project_ownership(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotProjectOwner
		);
		assert_noop!(
			Registry::transfer_project_ownership(RuntimeOrigin::signed(ALICE), id, ALICE),
			Error::<Test>::SameOwner
		);
		assert_ok!(Registry::transfer_project_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_eq!(Projects::<Test>::get(id).unwrap().owner, BOB);
		assert_eq!(
			(held(HoldReason::ProjectDeposit, ALICE), held(HoldReason::ProjectDeposit, BOB)),
			(0, 1_000)
		);
		assert_eq!(
			Balances::total_balance(&ALICE),
			INITIAL_BALANCE - 1_000,
			"the deposit went with it"
		);
		assert_eq!(Registry::track_record(&BOB).projects_owned, vec![id]);
		assert!(Registry::track_record(&ALICE).projects_owned.is_empty());
	});
}

// ---- consortium membership ----

#[test]
fn owner_manages_consortium_members_within_bounds() {
	build_and_execute(|| {
		let open = create(ALICE, Membership::Open);
		assert_noop!(
			Registry::add_member(RuntimeOrigin::signed(ALICE), open, BOB),
			Error::<Test>::NotConsortium
		);
		let id = create(ALICE, Membership::Consortium);
		assert!(Members::<Test>::contains_key(id, ALICE), "the founder is a member");
		assert_noop!(
			Registry::add_member(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotProjectOwner
		);
		assert_noop!(
			Registry::add_member(RuntimeOrigin::signed(ALICE), id, ALICE),
			Error::<Test>::AlreadyMember
		);
		for who in [BOB, CHARLIE, DAVE, EVE] {
			assert_ok!(Registry::add_member(RuntimeOrigin::signed(ALICE), id, who));
		}
		assert_noop!(
			Registry::add_member(RuntimeOrigin::signed(ALICE), id, 6),
			Error::<Test>::TooManyMembers
		);
		assert_ok!(Registry::remove_member(RuntimeOrigin::signed(ALICE), id, EVE));
		assert_noop!(
			Registry::remove_member(RuntimeOrigin::signed(ALICE), id, EVE),
			Error::<Test>::NotMember
		);
		assert_eq!(Projects::<Test>::get(id).unwrap().member_count, 4);
		assert_eq!(
			contribution_events().last(),
			Some(&Event::MemberRemoved { project: id, member: EVE })
		);
	});
}

#[test]
fn a_majority_of_members_admits_and_removes_members() {
	build_and_execute(|| {
		let id = create(ALICE, Membership::Consortium);
		for who in [BOB, CHARLIE] {
			assert_ok!(Registry::add_member(RuntimeOrigin::signed(ALICE), id, who));
		}
		let admit_dave = MembershipChange::Add(DAVE);
		assert_noop!(
			Registry::vote_membership(RuntimeOrigin::signed(EVE), id, admit_dave.clone()),
			Error::<Test>::NotMember
		);
		// 1 of 3: the motion opens, with Bob's deposit.
		assert_ok!(Registry::vote_membership(RuntimeOrigin::signed(BOB), id, admit_dave.clone()));
		assert_eq!(held(HoldReason::MotionDeposit, BOB), 50);
		assert!(!Members::<Test>::contains_key(id, DAVE));
		assert_noop!(
			Registry::vote_membership(RuntimeOrigin::signed(BOB), id, admit_dave.clone()),
			Error::<Test>::AlreadyVoted
		);
		// 2 of 3: majority; Dave joins, the deposit is released.
		assert_ok!(Registry::vote_membership(
			RuntimeOrigin::signed(CHARLIE),
			id,
			admit_dave.clone()
		));
		assert!(Members::<Test>::contains_key(id, DAVE));
		assert_eq!(held(HoldReason::MotionDeposit, BOB), 0);
		assert!(Motions::<Test>::get(id, &admit_dave).is_none());
		// Removing the owner's membership by majority (3 of 4 needed).
		let remove_alice = MembershipChange::Remove(ALICE);
		for who in [BOB, CHARLIE] {
			assert_ok!(Registry::vote_membership(
				RuntimeOrigin::signed(who),
				id,
				remove_alice.clone()
			));
		}
		assert!(Members::<Test>::contains_key(id, ALICE), "2 of 4 is not a majority");
		assert_ok!(Registry::vote_membership(RuntimeOrigin::signed(DAVE), id, remove_alice));
		assert!(!Members::<Test>::contains_key(id, ALICE));
		assert_eq!(Projects::<Test>::get(id).unwrap().member_count, 3);
	});
}

#[test]
fn motions_can_be_cancelled_by_their_proposer_or_the_owner() {
	build_and_execute(|| {
		let id = create(ALICE, Membership::Consortium);
		for who in [BOB, CHARLIE] {
			assert_ok!(Registry::add_member(RuntimeOrigin::signed(ALICE), id, who));
		}
		let change = MembershipChange::Remove(CHARLIE);
		assert_noop!(
			Registry::cancel_motion(RuntimeOrigin::signed(BOB), id, change.clone()),
			Error::<Test>::UnknownMotion
		);
		assert_noop!(
			Registry::vote_membership(
				RuntimeOrigin::signed(BOB),
				id,
				MembershipChange::Add(CHARLIE)
			),
			Error::<Test>::AlreadyMember
		);
		assert_ok!(Registry::vote_membership(RuntimeOrigin::signed(BOB), id, change.clone()));
		assert_noop!(
			Registry::cancel_motion(RuntimeOrigin::signed(CHARLIE), id, change.clone()),
			Error::<Test>::NotMotionProposer
		);
		assert_ok!(Registry::cancel_motion(RuntimeOrigin::signed(ALICE), id, change.clone()));
		assert_eq!(held(HoldReason::MotionDeposit, BOB), 0);
		assert_eq!(
			contribution_events().last(),
			Some(&Event::MotionCancelled { project: id, change })
		);
	});
}

// ---- registration ----

#[test]
fn a_single_author_contribution_is_active_at_once_with_chain_recorded_time() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		run_to_block(5);
		Timestamp::set_timestamp(1_234_000);
		let id = register(BOB, project, 1, vec![]);
		let c = Contributions::<Test>::get(id).unwrap();
		assert_eq!(c.status, ContributionStatus::Active);
		assert_eq!((c.registered_at, c.registered_at_ms, c.registrar), (5, 1_234_000, BOB));
		assert_eq!(c.licence, apache(), "the project's default licence");
		// Base 100, one author's two index entries at 10, the record's bytes at 1.
		assert_eq!(c.deposit, 100 + 2 * 10 + c.encoded_size() as u64);
		assert_eq!(held(HoldReason::ContributionDeposit, BOB), c.deposit);
		assert_eq!(Registry::contribution_by_cid(cid(1)), Some(id));
		assert_eq!(Projects::<Test>::get(project).unwrap().contribution_count, 1);
		assert_eq!(
			contribution_events().last(),
			Some(&Event::ContributionRegistered {
				id,
				project,
				registrar: BOB,
				kind: ContributionKind::Dataset,
				pending: false,
				deposit: c.deposit
			})
		);
	});
}

fn item(who: AccountId, seed: u8, parents: Vec<u64>) -> Registration<AccountId> {
	Registration {
		kind: ContributionKind::ModelCheckpoint,
		cid: cid(seed),
		locator: None,
		authors: vec![(who, Perbill::one())],
		parents,
		licence: None,
		metadata_hash: H256::repeat_byte(seed),
		size_bytes: u64::from(seed),
	}
}

#[test]
fn a_batch_registers_a_lineage_with_one_hold_and_consecutive_ids() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let root = register(BOB, project, 1, vec![]);
		let held_before = held(HoldReason::ContributionDeposit, BOB);
		let first = NextContributionId::<Test>::get();
		// Items may name earlier items of the same batch as parents.
		assert_ok!(Registry::register_contributions(
			RuntimeOrigin::signed(BOB),
			project,
			vec![
				item(BOB, 2, vec![root]),
				item(BOB, 3, vec![first]),
				item(BOB, 4, vec![first, first + 1])
			],
		));
		assert_eq!(NextContributionId::<Test>::get(), first + 3);
		let deposits: u64 =
			(first..first + 3).map(|id| Contributions::<Test>::get(id).unwrap().deposit).sum();
		assert_eq!(held(HoldReason::ContributionDeposit, BOB), held_before + deposits);
		assert_eq!(Projects::<Test>::get(project).unwrap().contribution_count, 4);
		assert_eq!(
			Contributions::<Test>::get(first + 2).unwrap().parents.to_vec(),
			vec![first, first + 1]
		);
		let registered = contribution_events()
			.iter()
			.filter(|e| matches!(e, Event::ContributionRegistered { .. }))
			.count();
		assert_eq!(registered, 4);
	});
}

#[test]
fn a_bad_batch_item_fails_the_whole_batch() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let batch =
			|items| Registry::register_contributions(RuntimeOrigin::signed(BOB), project, items);
		assert_noop!(batch(vec![]), Error::<Test>::BadBatchSize);
		assert_noop!(
			batch((1..=5).map(|s| item(BOB, s, vec![])).collect()),
			Error::<Test>::BadBatchSize
		);
		// The same CID twice in one batch.
		assert_noop!(
			batch(vec![item(BOB, 1, vec![]), item(BOB, 1, vec![])]),
			Error::<Test>::DuplicateCid
		);
		// A parent that does not exist, after a good item.
		assert_noop!(
			batch(vec![item(BOB, 1, vec![]), item(BOB, 2, vec![77])]),
			Error::<Test>::UnknownParent
		);
		// An item the caller is not an author of.
		assert_noop!(batch(vec![item(CHARLIE, 1, vec![])]), Error::<Test>::RegistrarNotAuthor);
		assert_noop!(
			Registry::register_contributions(
				RuntimeOrigin::signed(BOB),
				9,
				vec![item(BOB, 1, vec![])]
			),
			Error::<Test>::UnknownProject
		);
		assert_noop!(
			Registry::register_contributions(
				RuntimeOrigin::signed(PAUPER),
				project,
				vec![item(PAUPER, 1, vec![])]
			),
			TokenError::FundsUnavailable
		);
	});
}

/// Audit M2: the same object was registered again under a re-encoded CID (its CIDv1, or its
/// digest under another codec). One content is one record, whatever names it.
#[test]
fn a_content_is_registered_once_whatever_its_cid_encoding() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let digest = [9u8; 32];
		let v0 = [&[0x12, 0x20][..], &digest].concat();
		let v1 = |codec: u8, digest: &[u8]| [&[0x01, codec, 0x12, 0x20][..], digest].concat();
		let register_cid = |who, cid: Vec<u8>| {
			let mut registration = item(who, 1, vec![]);
			registration.cid = cid;
			Registry::register_contributions(
				RuntimeOrigin::signed(who),
				project,
				vec![registration],
			)
		};
		let id = NextContributionId::<Test>::get();
		assert_ok!(register_cid(ALICE, v0.clone()));
		for (codec, name) in [(0x70, "dag-pb"), (0x55, "raw"), (0x71, "dag-cbor")] {
			assert_noop!(
				register_cid(BOB, v1(codec, &digest)),
				Error::<Test>::SameContentRegistered,
			);
			assert_eq!(Registry::contribution_by_cid(v1(codec, &digest)), Some(id), "{name}");
		}
		assert_noop!(register_cid(BOB, v0), Error::<Test>::DuplicateCid);
		// Within one batch too: a new digest twice, as CIDv1 and as CIDv0.
		let other = [3u8; 32];
		let mut first = item(BOB, 2, vec![]);
		first.cid = v1(0x55, &other);
		let mut second = item(BOB, 3, vec![]);
		second.cid = [&[0x12, 0x20][..], &other].concat();
		assert_noop!(
			Registry::register_contributions(
				RuntimeOrigin::signed(BOB),
				project,
				vec![first, second]
			),
			Error::<Test>::SameContentRegistered
		);
	});
}

#[test]
fn a_cid_is_registered_once_chain_wide() {
	build_and_execute(|| {
		let p1 = create(ALICE, Membership::Open);
		let p2 = create(BOB, Membership::Open);
		register(ALICE, p1, 1, vec![]);
		assert_noop!(
			register_as(BOB, p2, 1, vec![(BOB, Perbill::one())], vec![]),
			Error::<Test>::DuplicateCid
		);
	});
}

#[test]
fn malformed_cids_are_rejected() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let with_cid = |bytes: Vec<u8>| {
			Registry::register_contribution(
				RuntimeOrigin::signed(ALICE),
				project,
				ContributionKind::Code,
				bytes,
				None,
				vec![(ALICE, Perbill::one())],
				vec![],
				None,
				H256::zero(),
				1,
			)
		};
		assert_noop!(with_cid(b"QmNotBinary".to_vec()), Error::<Test>::InvalidCid);
		let mut unknown_codec = cid(1);
		unknown_codec[1] = 0x7f;
		assert_noop!(with_cid(unknown_codec), Error::<Test>::InvalidCid);
		let mut short = cid(1);
		short.pop();
		assert_noop!(with_cid(short), Error::<Test>::InvalidCid);
		assert_noop!(with_cid(vec![1; 200]), Error::<Test>::CidTooLong);
		// A CIDv0 is fine.
		let mut v0 = vec![0x12, 0x20];
		v0.extend_from_slice(&[9; 32]);
		assert_ok!(with_cid(v0));
	});
}

#[test]
fn authors_and_shares_are_validated() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let try_authors = |authors| register_as(ALICE, project, 1, authors, vec![]);
		assert_noop!(try_authors(vec![]), Error::<Test>::BadAuthorCount);
		assert_noop!(
			try_authors((1..=9).map(|a| (a, Perbill::from_percent(10))).collect()),
			Error::<Test>::BadAuthorCount
		);
		assert_noop!(
			try_authors(vec![(ALICE, half()), (ALICE, half())]),
			Error::<Test>::DuplicateAuthor
		);
		assert_noop!(
			try_authors(vec![(ALICE, Perbill::one()), (BOB, Perbill::zero())]),
			Error::<Test>::ZeroShare
		);
		assert_noop!(try_authors(vec![(ALICE, half())]), Error::<Test>::SharesDoNotSumToWhole);
		assert_noop!(try_authors(vec![(BOB, Perbill::one())]), Error::<Test>::RegistrarNotAuthor);
	});
}

#[test]
fn parents_must_exist_be_distinct_bounded_and_not_pending() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let root = register(ALICE, project, 1, vec![]);
		let pending = NextContributionId::<Test>::get();
		assert_ok!(register_as(ALICE, project, 2, vec![(ALICE, half()), (BOB, half())], vec![]));
		let with_parents =
			|parents| register_as(ALICE, project, 3, vec![(ALICE, Perbill::one())], parents);
		assert_noop!(with_parents(vec![42]), Error::<Test>::UnknownParent);
		assert_noop!(with_parents(vec![root, root]), Error::<Test>::DuplicateParent);
		assert_noop!(with_parents(vec![pending]), Error::<Test>::ParentNotActive);
		assert_noop!(with_parents(vec![root; 9]), Error::<Test>::TooManyParents);
		assert_ok!(with_parents(vec![root]));
	});
}

#[test]
fn parents_may_be_in_other_projects_and_lineage_is_walked_both_ways() {
	build_and_execute(|| {
		let data = create(ALICE, Membership::Open);
		let models = create(BOB, Membership::Open);
		let dataset = register(ALICE, data, 1, vec![]);
		let code = register(CHARLIE, data, 2, vec![]);
		let base = register(BOB, models, 3, vec![dataset, code]);
		let tuned = register(BOB, models, 4, vec![base]);
		assert_eq!(
			Registry::lineage(tuned, Direction::Ancestors, 10).unwrap().nodes,
			vec![
				LineageNode { id: base, depth: 1 },
				LineageNode { id: dataset, depth: 2 },
				LineageNode { id: code, depth: 2 }
			]
		);
		let down = Registry::lineage(dataset, Direction::Descendants, 10).unwrap();
		assert_eq!(
			down.nodes,
			vec![LineageNode { id: base, depth: 1 }, LineageNode { id: tuned, depth: 2 }]
		);
		assert!(!down.truncated);
		let shallow = Registry::lineage(dataset, Direction::Descendants, 1).unwrap();
		assert_eq!((shallow.nodes.len(), shallow.truncated), (1, true));
		assert!(Registry::lineage(99, Direction::Ancestors, 1).is_none());
		let ids = |page: &PedigreePage<ContributionOf<Test>>| {
			page.records.iter().map(|(id, _)| *id).collect::<Vec<_>>()
		};
		let whole = Registry::pedigree(tuned, None, 10).unwrap();
		assert_eq!(ids(&whole), vec![tuned, base, dataset, code]);
		assert_eq!((whole.truncated, whole.next), (false, None));
		// In pages of two, walk order kept: the first page says where the second starts.
		let first = Registry::pedigree(tuned, None, 2).unwrap();
		assert_eq!((ids(&first), first.next), (vec![tuned, base], Some(base)));
		let second = Registry::pedigree(tuned, first.next, 2).unwrap();
		assert_eq!((ids(&second), second.next), (vec![dataset, code], None));
		assert_eq!(Registry::pedigree(tuned, None, 0).unwrap().records.len(), 1, "limit 0 is 1");
		let lost = Registry::pedigree(tuned, Some(99), 2).unwrap();
		assert_eq!((lost.records.len(), lost.next), (0, None), "a cursor not in it ends it");
		assert!(Registry::pedigree(99, None, 10).is_none());
	});
}

#[test]
fn consortium_contributions_need_every_author_to_be_a_member() {
	build_and_execute(|| {
		let id = create(ALICE, Membership::Consortium);
		assert_noop!(
			register_as(BOB, id, 1, vec![(BOB, Perbill::one())], vec![]),
			Error::<Test>::NotMember
		);
		assert_noop!(
			register_as(ALICE, id, 1, vec![(ALICE, half()), (BOB, half())], vec![]),
			Error::<Test>::NotMember
		);
		assert_ok!(Registry::add_member(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(register_as(ALICE, id, 1, vec![(ALICE, half()), (BOB, half())], vec![]));
	});
}

/// `ALICE`'s dataset under terms that forbid derivatives; returns its id.
fn no_derivatives_dataset(project: u64, seed: u8) -> u64 {
	let id = NextContributionId::<Test>::get();
	assert_ok!(Registry::register_contribution(
		RuntimeOrigin::signed(ALICE),
		project,
		ContributionKind::Dataset,
		cid(seed),
		None,
		vec![(ALICE, Perbill::one())],
		vec![],
		Some(LicenceTerms { derivatives_allowed: false, ..apache() }),
		H256::zero(),
		1,
	));
	id
}

/// Audit L4: work whose terms forbid derivatives could be named as a parent by anyone, and
/// collect royalties from what was built on it against its terms.
#[test]
fn a_no_derivatives_parent_needs_authorship_or_a_licence_granting_derivatives() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = no_derivatives_dataset(project, 1);
		assert!(NoDerivatives::<Test>::contains_key(dataset));
		// Bob fine-tunes on it without a licence: refused, alone or in a batch.
		assert_noop!(
			register_as(BOB, project, 2, vec![(BOB, Perbill::one())], vec![dataset]),
			Error::<Test>::DerivativesNotLicensed
		);
		assert_noop!(
			Registry::register_contributions(
				RuntimeOrigin::signed(BOB),
				project,
				vec![item(BOB, 3, vec![]), item(BOB, 2, vec![dataset])]
			),
			Error::<Test>::DerivativesNotLicensed
		);
		// Nor does co-authoring with Alice help when Bob registers it.
		assert_noop!(
			register_as(BOB, project, 2, vec![(BOB, half()), (ALICE, half())], vec![dataset]),
			Error::<Test>::DerivativesNotLicensed
		);
		// Its author builds on it.
		register(ALICE, project, 4, vec![dataset]);
		// Bob buys a licence that grants derivatives (the payouts pallet records it).
		MockDerivativeRights::grant(BOB, dataset);
		let fine_tune = register(BOB, project, 2, vec![dataset]);
		assert_eq!(Contributions::<Test>::get(fine_tune).unwrap().parents.to_vec(), vec![dataset]);
		// Terms that allow derivatives need nothing.
		let open = register(ALICE, project, 5, vec![]);
		assert!(!NoDerivatives::<Test>::contains_key(open));
		register(CHARLIE, project, 6, vec![open]);
	});
}

#[test]
fn invariant_9_catches_a_no_derivatives_index_that_disagrees_with_the_terms() {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = no_derivatives_dataset(project, 1);
		let open = register(ALICE, project, 2, vec![]);
		assert_ok!(Registry::do_try_state());
		NoDerivatives::<Test>::remove(dataset);
		assert_eq!(
			Registry::do_try_state(),
			Err("9: NoDerivatives disagrees with a contribution's terms")
		);
		NoDerivatives::<Test>::insert(dataset, ());
		NoDerivatives::<Test>::insert(open, ());
		assert_eq!(
			Registry::do_try_state(),
			Err("9: NoDerivatives disagrees with a contribution's terms")
		);
		NoDerivatives::<Test>::remove(open);
		NoDerivatives::<Test>::insert(99, ());
		assert_eq!(Registry::do_try_state(), Err("9: NoDerivatives names no contribution"));
	});
}

#[test]
fn licence_and_locator_are_checked_and_recorded() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let mut licence = apache();
		licence.licence = Licence::TermsHash(H256::repeat_byte(7));
		licence.commercial_use = false;
		let register_with = |locator, licence| {
			Registry::register_contribution(
				RuntimeOrigin::signed(ALICE),
				project,
				ContributionKind::ModelCheckpoint,
				cid(1),
				locator,
				vec![(ALICE, Perbill::one())],
				vec![],
				Some(licence),
				H256::zero(),
				7_000_000_000,
			)
		};
		assert_noop!(
			register_with(Some(Locator::Uri(Default::default())), licence.clone()),
			Error::<Test>::BadLocator
		);
		let mut bad = apache();
		bad.licence = Licence::Spdx(Default::default());
		assert_noop!(register_with(None, bad), Error::<Test>::BadLicence);
		assert_ok!(register_with(Some(Locator::Arweave([3; 32])), licence.clone()));
		let c = Contributions::<Test>::get(0).unwrap();
		assert_eq!(
			(c.licence, c.locator, c.size_bytes),
			(licence, Some(Locator::Arweave([3; 32])), 7_000_000_000)
		);
	});
}

#[test]
fn registration_without_funds_for_the_deposit_fails_and_stores_nothing() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		assert!(register_as(PAUPER, project, 1, vec![(PAUPER, Perbill::one())], vec![]).is_err());
		assert!(Contributions::<Test>::get(0).is_none());
		assert!(Registry::contribution_by_cid(cid(1)).is_none());
	});
}

// ---- co-authors ----

#[test]
fn a_co_authored_contribution_is_active_once_every_author_approves() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let thirds = Perbill::from_rational(1u32, 3u32);
		let authors =
			vec![(ALICE, thirds), (BOB, thirds), (CHARLIE, Perbill::one() - thirds - thirds)];
		assert_ok!(register_as(ALICE, project, 1, authors, vec![]));
		assert!(matches!(
			Contributions::<Test>::get(0).unwrap().status,
			ContributionStatus::Pending { expires_at: 11, approvals: 0b001 }
		));
		assert_noop!(
			Registry::approve_contribution(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::AlreadyApproved
		);
		assert_noop!(
			Registry::approve_contribution(RuntimeOrigin::signed(DAVE), 0),
			Error::<Test>::NotAuthor
		);
		assert_noop!(
			Registry::approve_contribution(RuntimeOrigin::signed(BOB), 9),
			Error::<Test>::UnknownContribution
		);
		assert_ok!(Registry::approve_contribution(RuntimeOrigin::signed(CHARLIE), 0));
		assert!(matches!(
			Contributions::<Test>::get(0).unwrap().status,
			ContributionStatus::Pending { approvals: 0b101, .. }
		));
		assert_ok!(Registry::approve_contribution(RuntimeOrigin::signed(BOB), 0));
		assert_eq!(Contributions::<Test>::get(0).unwrap().status, ContributionStatus::Active);
		assert_eq!(
			contribution_events()[contribution_events().len() - 2..].to_vec(),
			vec![
				Event::ContributionApproved { id: 0, author: BOB },
				Event::ContributionActivated { id: 0 }
			]
		);
		assert_noop!(
			Registry::approve_contribution(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotPending
		);
	});
}

#[test]
fn any_co_author_can_reject_and_the_deposit_is_released_less_the_time_held() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		assert_ok!(register_as(ALICE, project, 1, vec![(ALICE, half()), (BOB, half())], vec![]));
		assert!(held(HoldReason::ContributionDeposit, ALICE) > 0);
		assert_noop!(
			Registry::reject_contribution(RuntimeOrigin::signed(CHARLIE), 0),
			Error::<Test>::NotAuthor
		);
		let deposit = held(HoldReason::ContributionDeposit, ALICE);
		let before = Balances::balance(&ALICE);
		// Rejected 4 blocks into the 10-block pending period: 40% of the base (100) burned.
		run_to_block(5);
		assert_ok!(Registry::reject_contribution(RuntimeOrigin::signed(BOB), 0));
		assert!(Contributions::<Test>::get(0).is_none());
		assert_eq!(held(HoldReason::ContributionDeposit, ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), before + deposit - 40);
		assert_eq!(Registry::contributions_by_author(&BOB, None, 10), Vec::<u64>::new());
		assert_eq!(Projects::<Test>::get(project).unwrap().contribution_count, 0);
		assert_eq!(
			contribution_events().last(),
			Some(&Event::ContributionRejected { id: 0, by: BOB, forfeited: 40 })
		);
		// The CID is free again.
		assert_ok!(register_as(ALICE, project, 1, vec![(ALICE, Perbill::one())], vec![]));
		assert_noop!(
			Registry::reject_contribution(RuntimeOrigin::signed(ALICE), 1),
			Error::<Test>::NotPending
		);
	});
}

#[test]
fn pending_contributions_expire_after_the_pending_period_and_forfeit_the_base_deposit() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		assert_ok!(register_as(ALICE, project, 1, vec![(ALICE, half()), (BOB, half())], vec![]));
		run_to_block(11);
		assert_noop!(
			Registry::expire_contribution(RuntimeOrigin::signed(EVE), 0),
			Error::<Test>::NotExpired
		);
		run_to_block(12);
		assert_noop!(
			Registry::approve_contribution(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::Expired
		);
		let before = Balances::balance(&ALICE);
		let deposit = held(HoldReason::ContributionDeposit, ALICE);
		let issuance = Balances::total_issuance();
		assert_ok!(Registry::expire_contribution(RuntimeOrigin::signed(EVE), 0));
		// An expired hold forfeits the whole base deposit (100 in the mock): burned.
		assert_eq!(Balances::balance(&ALICE), before + deposit - 100);
		assert_eq!(Balances::total_issuance(), issuance - 100);
		assert_eq!(held(HoldReason::ContributionDeposit, ALICE), 0);
		assert_eq!(
			contribution_events().last(),
			Some(&Event::ContributionExpired { id: 0, forfeited: 100 })
		);
		assert_noop!(
			Registry::expire_contribution(RuntimeOrigin::signed(EVE), 0),
			Error::<Test>::UnknownContribution
		);
		let active = register(BOB, project, 2, vec![]);
		assert_noop!(
			Registry::expire_contribution(RuntimeOrigin::signed(EVE), active),
			Error::<Test>::NotPending
		);
	});
}

// ---- commitments ----

/// The tag of `cid(seed)`, as a client computes it: blake2b-256 of the domain and the
/// multihash (the CIDv1's bytes after its version and codec).
fn tag_of(seed: u8) -> H256 {
	let mut preimage = b"attribution/registration".to_vec();
	preimage.extend_from_slice(&cid(seed)[2..]);
	H256(frame::hashing::blake2_256(&preimage))
}

fn commit(who: AccountId, seed: u8) -> DispatchResult {
	Registry::commit_registration(RuntimeOrigin::signed(who), tag_of(seed))
}

#[test]
fn a_commitment_keeps_others_from_registering_the_content_until_it_is_revealed() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		assert_ok!(commit(ALICE, 7));
		assert_eq!(held(HoldReason::CommitmentDeposit, ALICE), 30);
		assert_eq!(
			contribution_events().last(),
			Some(&Event::RegistrationCommitted { tag: tag_of(7), who: ALICE, reveal_by: 6 })
		);
		// The same tag cannot be taken by anyone while the commitment lasts.
		assert_noop!(commit(BOB, 7), Error::<Test>::ContentCommitted);
		assert_noop!(commit(ALICE, 7), Error::<Test>::ContentCommitted);
		// Not in the committing block: the content would have been in the pool beside it.
		assert_noop!(
			register_as(ALICE, project, 7, vec![(ALICE, Perbill::one())], vec![]),
			Error::<Test>::RevealTooEarly
		);
		run_to_block(2);
		// A copier's registration, single or batched, is refused.
		assert_noop!(
			register_as(BOB, project, 7, vec![(BOB, Perbill::one())], vec![]),
			Error::<Test>::ContentCommitted
		);
		assert_noop!(
			Registry::register_contributions(
				RuntimeOrigin::signed(BOB),
				project,
				vec![item(BOB, 8, vec![]), item(BOB, 7, vec![])]
			),
			Error::<Test>::ContentCommitted
		);
		// The committer registers it and gets the deposit back.
		let id = register(ALICE, project, 7, vec![]);
		assert_eq!(held(HoldReason::CommitmentDeposit, ALICE), 0);
		assert!(Commitments::<Test>::get(tag_of(7)).is_none());
		assert!(contribution_events()
			.contains(&Event::CommitmentRevealed { tag: tag_of(7), who: ALICE }));
		assert_eq!(Contributions::<Test>::get(id).unwrap().registrar, ALICE);
	});
}

#[test]
fn a_batch_reveals_its_items_commitments() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		assert_ok!(commit(ALICE, 1));
		assert_ok!(commit(ALICE, 2));
		assert_eq!(held(HoldReason::CommitmentDeposit, ALICE), 60);
		run_to_block(3);
		assert_ok!(Registry::register_contributions(
			RuntimeOrigin::signed(ALICE),
			project,
			vec![item(ALICE, 1, vec![]), item(ALICE, 2, vec![0]), item(ALICE, 3, vec![])]
		));
		assert_eq!(held(HoldReason::CommitmentDeposit, ALICE), 0);
		assert_eq!(Commitments::<Test>::iter().count(), 0);
	});
}

#[test]
fn an_expired_commitment_is_forfeited_and_frees_the_content() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		assert_ok!(commit(EVE, 5));
		let issuance = Balances::total_issuance();
		let eve = Balances::total_balance(&EVE);
		// Revealable through block 6 (committed at 1, reveal period 5).
		run_to_block(6);
		assert_noop!(
			Registry::expire_commitment(RuntimeOrigin::signed(BOB), tag_of(5)),
			Error::<Test>::NotExpired
		);
		assert_noop!(
			register_as(BOB, project, 5, vec![(BOB, Perbill::one())], vec![]),
			Error::<Test>::ContentCommitted
		);
		run_to_block(7);
		// After it, anyone registers the content; the squatter's deposit stays held until
		// anyone expires the commitment, which burns it.
		let id = register(BOB, project, 5, vec![]);
		assert_eq!(Contributions::<Test>::get(id).unwrap().registrar, BOB);
		assert_eq!(held(HoldReason::CommitmentDeposit, EVE), 30);
		assert_ok!(Registry::expire_commitment(RuntimeOrigin::signed(BOB), tag_of(5)));
		assert_eq!(held(HoldReason::CommitmentDeposit, EVE), 0);
		assert_eq!(Balances::total_balance(&EVE), eve - 30);
		assert_eq!(Balances::total_issuance(), issuance - 30);
		assert!(contribution_events().contains(&Event::CommitmentForfeited {
			tag: tag_of(5),
			who: EVE,
			burned: 30
		}));
		// An expired commitment is replaced by a new one, and can be expired by anyone.
		assert_ok!(commit(EVE, 6));
		run_to_block(13);
		assert_ok!(commit(CHARLIE, 6));
		assert_eq!(held(HoldReason::CommitmentDeposit, EVE), 0);
		assert_eq!(Commitments::<Test>::get(tag_of(6)).unwrap().who, CHARLIE);
		run_to_block(19);
		let expired = Registry::expire_commitment(RuntimeOrigin::signed(BOB), tag_of(6));
		assert_eq!(expired.map(|info| info.pays_fee), Ok(Pays::No));
		assert_eq!(held(HoldReason::CommitmentDeposit, CHARLIE), 0);
		assert_noop!(
			Registry::expire_commitment(RuntimeOrigin::signed(BOB), tag_of(6)),
			Error::<Test>::UnknownCommitment
		);
	});
}

/// Review of the commit-reveal change: a pending registration's CID is on chain and its end
/// known, so a commitment made meanwhile would make its maker the only one able to register
/// the content once freed. Removing the pending registration burns it.
#[test]
fn removing_a_pending_registration_burns_commitments_made_to_its_content() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		assert_ok!(register_as(ALICE, project, 4, vec![(ALICE, half()), (BOB, half())], vec![]));
		assert_ok!(commit(EVE, 4));
		run_to_block(3);
		assert_ok!(Registry::reject_contribution(RuntimeOrigin::signed(BOB), 0));
		assert!(Commitments::<Test>::get(tag_of(4)).is_none());
		assert_eq!(held(HoldReason::CommitmentDeposit, EVE), 0);
		assert!(contribution_events().contains(&Event::CommitmentForfeited {
			tag: tag_of(4),
			who: EVE,
			burned: 30
		}));
		// The content is free for anyone, the registrar included.
		register(ALICE, project, 4, vec![]);
	});
}

#[test]
fn a_commitment_needs_its_deposit() {
	build_and_execute(|| {
		assert!(Registry::commit_registration(RuntimeOrigin::signed(PAUPER), tag_of(1)).is_err());
		assert!(Commitments::<Test>::get(tag_of(1)).is_none());
	});
}

#[test]
fn invariants_catch_a_commitment_whose_deposit_is_not_held() {
	new_test_ext().execute_with(|| {
		assert_ok!(commit(ALICE, 1));
		assert_ok!(Registry::do_try_state());
		Commitments::<Test>::mutate(tag_of(1), |c| c.as_mut().unwrap().deposit = 31);
		assert_eq!(Registry::do_try_state(), Err("6: held deposit differs from recorded deposits"));
	});
}

// ---- withdrawal ----

#[test]
fn withdrawal_keeps_the_record_and_reports_descendants_as_affected() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = register(ALICE, project, 1, vec![]);
		let model = register(BOB, project, 2, vec![dataset]);
		let finetune = register(CHARLIE, project, 3, vec![model]);
		let unrelated = register(CHARLIE, project, 4, vec![]);
		assert_noop!(
			Registry::withdraw_contribution(
				RuntimeOrigin::signed(BOB),
				dataset,
				b"consent revoked".to_vec()
			),
			Error::<Test>::NotAuthor
		);
		assert_noop!(
			Registry::withdraw_contribution(RuntimeOrigin::signed(ALICE), dataset, vec![b'x'; 65]),
			Error::<Test>::ReasonTooLong
		);
		let deposit = held(HoldReason::ContributionDeposit, ALICE);
		assert_ok!(Registry::withdraw_contribution(
			RuntimeOrigin::signed(ALICE),
			dataset,
			b"consent revoked".to_vec()
		));
		let c = Contributions::<Test>::get(dataset).unwrap();
		assert!(
			matches!(c.status, ContributionStatus::Withdrawn { at: 1, ref reason } if reason.as_slice() == b"consent revoked")
		);
		assert_eq!(
			held(HoldReason::ContributionDeposit, ALICE),
			deposit,
			"the record stays, so does its deposit"
		);
		let affected = Registry::affected_by_withdrawal(dataset).unwrap();
		assert_eq!(
			affected.nodes.iter().map(|n| n.id).collect::<Vec<_>>(),
			vec![dataset, model, finetune]
		);
		assert_eq!(
			Registry::affected_by_withdrawal(finetune).unwrap().nodes,
			vec![LineageNode { id: dataset, depth: 2 }],
			"a descendant sees the withdrawn ancestor that taints it"
		);
		assert!(Registry::affected_by_withdrawal(unrelated).unwrap().nodes.is_empty());
		assert_noop!(
			Registry::withdraw_contribution(RuntimeOrigin::signed(ALICE), dataset, vec![]),
			Error::<Test>::NotActive
		);
		// Audit L4: a withdrawn contribution stays in the record but nothing new builds on it.
		assert_noop!(
			register_as(DAVE, project, 5, vec![(DAVE, Perbill::one())], vec![dataset]),
			Error::<Test>::ParentWithdrawn
		);
		assert!(!Settled::<Test>::contains_key(dataset));
	});
}

// ---- descendants of withdrawn work ----

/// The contributions marked affected, in id order.
fn marked() -> Vec<(u64, u64)> {
	let mut marks: Vec<(u64, u64)> = AffectedBy::<Test>::iter().collect();
	marks.sort();
	marks
}

fn withdraw(who: AccountId, id: u64) {
	assert_ok!(Registry::withdraw_contribution(
		RuntimeOrigin::signed(who),
		id,
		b"revoked".to_vec()
	));
}

#[test]
fn a_withdrawal_marks_every_descendant_affected_breadth_first_a_few_steps_per_block() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = register(ALICE, project, 1, vec![]);
		let model = register(BOB, project, 2, vec![dataset]);
		let finetune = register(CHARLIE, project, 3, vec![model]);
		let sibling = register(DAVE, project, 4, vec![dataset]);
		let unrelated = register(EVE, project, 5, vec![]);
		// Two parents, one of them tainted: reached once, through the tainted one.
		let merged = register(EVE, project, 6, vec![unrelated, finetune]);
		withdraw(ALICE, dataset);
		assert!(marked().is_empty(), "nothing is rewritten in the withdrawing transaction");
		assert!(Settled::<Test>::contains_key(model));

		// The mock takes two steps per block: each finds one child or finishes an item.
		run_to_block(2);
		assert_eq!(marked(), vec![(model, dataset), (sibling, dataset)]);
		run_to_block(3);
		// The dataset's item ends, then the model's first child.
		assert_eq!(marked(), vec![(model, dataset), (finetune, dataset), (sibling, dataset)]);
		run_to_block(6);
		assert!(!Registry::propagation_pending());
		assert_eq!(
			marked(),
			vec![(model, dataset), (finetune, dataset), (sibling, dataset), (merged, dataset)]
		);
		for id in [model, finetune, sibling, merged] {
			assert!(!Settled::<Test>::contains_key(id));
			assert_eq!(
				Contributions::<Test>::get(id).unwrap().status,
				ContributionStatus::Active,
				"the records stay as their authors left them"
			);
		}
		assert!(Settled::<Test>::contains_key(unrelated));
		let affected_events: Vec<_> = contribution_events()
			.into_iter()
			.filter_map(|e| match e {
				Event::ContributionAffected { id, withdrawn } => Some((id, withdrawn)),
				_ => None,
			})
			.collect();
		assert_eq!(
			affected_events,
			vec![(model, dataset), (sibling, dataset), (finetune, dataset), (merged, dataset)]
		);
		// Nothing new is built on affected work, whoever asks.
		assert_noop!(
			register_as(EVE, project, 7, vec![(EVE, Perbill::one())], vec![finetune]),
			Error::<Test>::ParentAffected
		);
		assert_noop!(
			register_as(EVE, project, 7, vec![(EVE, Perbill::one())], vec![unrelated, merged]),
			Error::<Test>::ParentAffected
		);
		register(EVE, project, 7, vec![unrelated]);
	});
}

#[test]
fn the_registry_reports_affected_work_inactive_to_licensing_pools_and_rounds() {
	use attribution_primitives::traits::ContributionRegistry;
	type Reg = Registry;
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = register(ALICE, project, 1, vec![]);
		let model = register(BOB, project, 2, vec![dataset]);
		let other = register(CHARLIE, project, 3, vec![]);
		assert_eq!(
			<Reg as ContributionRegistry<_, _, _>>::active_contribution_project(model),
			Some(project)
		);
		withdraw(ALICE, dataset);
		finish_walk();
		assert_eq!(
			<Reg as ContributionRegistry<_, _, _>>::active_contribution_project(model),
			None
		);
		assert_eq!(
			<Reg as ContributionRegistry<_, _, _>>::active_contribution_project(dataset),
			None
		);
		assert!(!<Reg as ContributionRegistry<_, _, _>>::contribution_info(model).unwrap().active);
		assert!(<Reg as ContributionRegistry<_, _, _>>::contribution_info(other).unwrap().active);
		assert_eq!(
			<Reg as ContributionRegistry<_, _, _>>::active_contributions(project, 10),
			Some(vec![other]),
			"a new round scores neither withdrawn nor affected work"
		);
		// Their authors are still the project's (they may not evaluate it).
		assert!(<Reg as ContributionRegistry<_, _, _>>::is_project_author(project, &BOB));
	});
}

#[test]
fn a_wide_withdrawal_is_walked_in_bounded_steps_and_finishes_in_spare_weight() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = register(ALICE, project, 1, vec![]);
		let children: Vec<u64> =
			(2..40u8).map(|seed| register(BOB, project, seed, vec![dataset])).collect();
		withdraw(ALICE, dataset);
		run_to_block(4);
		assert_eq!(marked().len(), 6, "two steps in each of three blocks, however wide the walk");
		assert!(Registry::propagation_pending());
		// A block with spare weight walks on; one with none for a step walks nothing.
		use frame::traits::Hooks;
		let step = <() as WeightInfo>::propagate_withdrawal_step();
		let check = <<Test as frame_system::Config>::DbWeight as Get<
			frame::deps::frame_support::weights::RuntimeDbWeight,
		>>::get()
		.reads(1);
		assert_eq!(Registry::on_idle(4, check), check);
		assert_eq!(marked().len(), 6);
		assert_eq!(
			Registry::on_idle(4, check + step.saturating_mul(3)),
			check + step.saturating_mul(3)
		);
		assert_eq!(marked().len(), 9);
		finish_walk();
		assert_eq!(marked().len(), children.len());
		assert_eq!(FrontierQueue::<Test>::iter().count(), 0, "the queue leaves nothing behind");
	});
}

#[test]
fn work_registered_or_approved_while_the_walk_runs_is_caught() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = register(ALICE, project, 1, vec![]);
		let model = register(BOB, project, 2, vec![dataset]);
		// Pending under the dataset: co-authored, not yet approved.
		let pending = NextContributionId::<Test>::get();
		assert_ok!(register_as(
			CHARLIE,
			project,
			3,
			vec![(CHARLIE, half()), (DAVE, half())],
			vec![dataset]
		));
		let filler: Vec<u64> =
			(10..14u8).map(|s| register(EVE, project, s, vec![dataset])).collect();
		withdraw(ALICE, dataset);
		run_to_block(2);
		// The model is marked (its own children still to be walked): it takes no new ones.
		assert_eq!(AffectedBy::<Test>::get(model), Some(dataset));
		assert_noop!(
			register_as(BOB, project, 20, vec![(BOB, Perbill::one())], vec![model]),
			Error::<Test>::ParentAffected
		);
		finish_walk();
		assert_eq!(AffectedBy::<Test>::get(pending), Some(dataset));
		// Its approval completes it, but it never becomes settled.
		assert_ok!(Registry::approve_contribution(RuntimeOrigin::signed(DAVE), pending));
		assert_eq!(Contributions::<Test>::get(pending).unwrap().status, ContributionStatus::Active);
		assert!(!Settled::<Test>::contains_key(pending));
		assert!(filler.iter().all(|id| AffectedBy::<Test>::contains_key(id)));
	});
}

#[test]
fn a_child_registered_under_a_descendant_before_the_walk_reaches_it_is_marked_too() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = register(ALICE, project, 1, vec![]);
		let wide: Vec<u64> = (2..8u8).map(|s| register(BOB, project, s, vec![dataset])).collect();
		let last = *wide.last().unwrap();
		withdraw(ALICE, dataset);
		run_to_block(2);
		assert!(Settled::<Test>::contains_key(last), "not reached yet");
		let late = register(CHARLIE, project, 30, vec![last]);
		finish_walk();
		assert_eq!(AffectedBy::<Test>::get(late), Some(dataset));
		assert!(!Settled::<Test>::contains_key(late));
	});
}

#[test]
fn a_marked_pending_child_rejected_or_expired_leaves_no_mark_and_the_walk_goes_on() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = register(ALICE, project, 1, vec![]);
		let rejected = NextContributionId::<Test>::get();
		assert_ok!(register_as(
			CHARLIE,
			project,
			2,
			vec![(CHARLIE, half()), (DAVE, half())],
			vec![dataset]
		));
		let expired = NextContributionId::<Test>::get();
		assert_ok!(register_as(
			CHARLIE,
			project,
			3,
			vec![(CHARLIE, half()), (DAVE, half())],
			vec![dataset]
		));
		let last = register(BOB, project, 4, vec![dataset]);
		withdraw(ALICE, dataset);
		run_to_block(2);
		assert_eq!(marked(), vec![(rejected, dataset), (expired, dataset)]);
		// The queue's first item now has the rejected child as its cursor, and both are queued.
		assert_ok!(Registry::reject_contribution(RuntimeOrigin::signed(DAVE), rejected));
		assert_ok!(Registry::do_try_state());
		run_to_block(12);
		assert_ok!(Registry::expire_contribution(RuntimeOrigin::signed(EVE), expired));
		assert_ok!(Registry::do_try_state());
		finish_walk();
		assert_eq!(marked(), vec![(last, dataset)]);
	});
}

#[test]
fn withdrawing_affected_work_queues_nothing_new_and_withdrawn_children_are_marked_once() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = register(ALICE, project, 1, vec![]);
		let model = register(BOB, project, 2, vec![dataset]);
		let finetune = register(CHARLIE, project, 3, vec![model]);
		// The fine-tune is withdrawn first: its own walk has nothing below it.
		withdraw(CHARLIE, finetune);
		withdraw(ALICE, dataset);
		finish_walk();
		assert_eq!(marked(), vec![(model, dataset), (finetune, dataset)]);
		// The model, affected already, is withdrawn too: nothing is queued for it.
		let (_, tail) = FrontierBounds::<Test>::get();
		withdraw(BOB, model);
		assert_eq!(FrontierBounds::<Test>::get().1, tail);
		assert_eq!(AffectedBy::<Test>::get(model), Some(dataset));
	});
}

#[test]
fn invariants_catch_a_wrong_or_missing_mark_and_a_broken_queue() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let dataset = register(ALICE, project, 1, vec![]);
		let model = register(BOB, project, 2, vec![dataset]);
		let unrelated = register(CHARLIE, project, 3, vec![]);
		withdraw(ALICE, dataset);
		finish_walk();
		assert_ok!(Registry::do_try_state());

		// A mark naming work that was not withdrawn, then one on work with no tainted parent.
		AffectedBy::<Test>::insert(unrelated, model);
		Settled::<Test>::remove(unrelated);
		assert_eq!(Registry::do_try_state(), Err("10: mark names no withdrawn ancestor"));
		AffectedBy::<Test>::remove(unrelated);
		Settled::<Test>::insert(unrelated, ());
		AffectedBy::<Test>::insert(unrelated, dataset);
		Settled::<Test>::remove(unrelated);
		assert_eq!(Registry::do_try_state(), Err("10: marked with no withdrawn or marked parent"));
		AffectedBy::<Test>::remove(unrelated);
		Settled::<Test>::insert(unrelated, ());
		assert_ok!(Registry::do_try_state());

		// An affected contribution left settled.
		Settled::<Test>::insert(model, ());
		assert_eq!(Registry::do_try_state(), Err("3: Settled differs from status"));
		Settled::<Test>::remove(model);

		// A mark lost once the walk is over.
		AffectedBy::<Test>::remove(model);
		Settled::<Test>::insert(model, ());
		assert_eq!(
			Registry::do_try_state(),
			Err("12: walk ended with a descendant of withdrawn work unmarked")
		);
		AffectedBy::<Test>::insert(model, dataset);
		Settled::<Test>::remove(model);
		assert_ok!(Registry::do_try_state());

		// The queue: a position lost, an item outside its bounds, an item of unaffected work.
		FrontierBounds::<Test>::put((5, 6));
		assert_eq!(Registry::do_try_state(), Err("11: queue misses a position between its bounds"));
		FrontierQueue::<Test>::insert(
			9,
			FrontierItem { node: dataset, root: dataset, after: None },
		);
		assert_eq!(Registry::do_try_state(), Err("11: queue item outside its bounds"));
		FrontierQueue::<Test>::remove(9);
		FrontierQueue::<Test>::insert(
			5,
			FrontierItem { node: unrelated, root: dataset, after: None },
		);
		assert_eq!(
			Registry::do_try_state(),
			Err("11: queued contribution neither withdrawn nor marked")
		);
		FrontierQueue::<Test>::insert(
			5,
			FrontierItem { node: dataset, root: dataset, after: Some(unrelated) },
		);
		assert_eq!(Registry::do_try_state(), Err("11: queue item's last child is not a child"));
		FrontierQueue::<Test>::insert(
			5,
			FrontierItem { node: dataset, root: dataset, after: Some(model) },
		);
		assert_ok!(Registry::do_try_state());
		finish_walk();
	});
}

/// Audit L3: the deposit was the same whatever the number of authors and parents, although
/// each adds index entries. It now pays for each: two per author, one per parent.
#[test]
fn the_deposit_pays_for_every_author_and_parent_index_entry() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let parents =
			vec![register(ALICE, project, 1, vec![]), register(ALICE, project, 2, vec![])];
		let id = NextContributionId::<Test>::get();
		let third = Perbill::from_rational(1u32, 3);
		let authors = vec![(ALICE, third + Perbill::from_parts(1)), (BOB, third), (CHARLIE, third)];
		assert_ok!(register_as(ALICE, project, 3, authors, parents));
		let c = Contributions::<Test>::get(id).unwrap();
		// Base 100, (3 authors × 2 + 2 parents) entries at 10, the record's bytes at 1.
		assert_eq!(c.deposit, 100 + 8 * 10 + c.encoded_size() as u64);
	});
}

/// Audit L2: any co-author, even one holding 1 ppb, withdrew a multi-author contribution for
/// everyone. Now it takes the authors holding more than half of its shares.
#[test]
fn a_multi_author_contribution_is_withdrawn_by_a_majority_of_its_shares() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let id = NextContributionId::<Test>::get();
		let tiny = Perbill::from_parts(1);
		let authors = vec![
			(ALICE, Perbill::from_percent(50)),
			(BOB, Perbill::from_percent(50) - tiny),
			(CHARLIE, tiny),
		];
		assert_ok!(register_as(ALICE, project, 1, authors, vec![]));
		for who in [BOB, CHARLIE] {
			assert_ok!(Registry::approve_contribution(RuntimeOrigin::signed(who), id));
		}
		let withdraw = |who| {
			Registry::withdraw_contribution(RuntimeOrigin::signed(who), id, b"revoked".to_vec())
		};
		// The 1 ppb author asks: the contribution stays active for everyone.
		assert_ok!(withdraw(CHARLIE));
		System::assert_last_event(
			Event::WithdrawalRequested { id, by: CHARLIE, support: tiny }.into(),
		);
		assert_eq!(Contributions::<Test>::get(id).unwrap().status, ContributionStatus::Active);
		assert_noop!(withdraw(CHARLIE), Error::<Test>::AlreadyRequested);
		assert_noop!(withdraw(DAVE), Error::<Test>::NotAuthor);
		// Exactly half is not a majority.
		assert_ok!(withdraw(BOB));
		System::assert_last_event(
			Event::WithdrawalRequested { id, by: BOB, support: Perbill::from_percent(50) }.into(),
		);
		assert!(Settled::<Test>::contains_key(id), "still a possible parent");
		// ALICE makes it a majority: withdrawn with her reason, the requests cleared.
		assert_ok!(withdraw(ALICE));
		System::assert_last_event(Event::ContributionWithdrawn { id, by: ALICE }.into());
		assert!(matches!(
			Contributions::<Test>::get(id).unwrap().status,
			ContributionStatus::Withdrawn { .. }
		));
		assert!(!WithdrawalRequests::<Test>::contains_key(id));
		// A majority holder alone withdraws at once.
		let other = NextContributionId::<Test>::get();
		let authors = vec![(ALICE, Perbill::from_percent(60)), (BOB, Perbill::from_percent(40))];
		assert_ok!(register_as(ALICE, project, 2, authors, vec![]));
		assert_ok!(Registry::approve_contribution(RuntimeOrigin::signed(BOB), other));
		assert_ok!(Registry::withdraw_contribution(RuntimeOrigin::signed(ALICE), other, vec![]));
		System::assert_last_event(Event::ContributionWithdrawn { id: other, by: ALICE }.into());
	});
}

#[test]
fn invariants_catch_a_withdrawal_request_that_should_not_be_there() {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		let id = register(ALICE, project, 1, vec![]);
		let pending = NextContributionId::<Test>::get();
		assert_ok!(register_as(ALICE, project, 2, vec![(ALICE, half()), (BOB, half())], vec![]));
		assert_ok!(Registry::do_try_state());
		for (contribution, asked, error) in [
			(99, 1, "8: a request for no contribution"),
			(pending, 1, "8: a request for an inactive one"),
			(id, 0b10, "8: request bits beyond its authors"),
			(id, 0, "8: request bits beyond its authors"),
			(id, 0b1, "8: a majority asked, not withdrawn"),
		] {
			WithdrawalRequests::<Test>::insert(contribution, asked);
			assert_eq!(Registry::do_try_state(), Err(error));
			WithdrawalRequests::<Test>::remove(contribution);
		}
		assert_ok!(Registry::do_try_state());
	});
}

/// Audit L13: a member removed from a consortium could still approve pending contributions.
#[test]
fn a_removed_consortium_member_approves_nothing() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Consortium);
		assert_ok!(Registry::add_member(RuntimeOrigin::signed(ALICE), project, BOB));
		let id = NextContributionId::<Test>::get();
		assert_ok!(register_as(ALICE, project, 1, vec![(ALICE, half()), (BOB, half())], vec![]));
		assert_ok!(Registry::remove_member(RuntimeOrigin::signed(ALICE), project, BOB));
		assert_noop!(
			Registry::approve_contribution(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotMember
		);
	});
}

// ---- queries ----

#[test]
fn paged_indexes_return_ids_in_increasing_order_after_the_cursor() {
	build_and_execute(|| {
		let project = create(ALICE, Membership::Open);
		let ids: Vec<u64> = (1..=20).map(|seed| register(ALICE, project, seed, vec![])).collect();
		assert_eq!(Registry::contributions_by_author(&ALICE, None, 5), ids[..5].to_vec());
		assert_eq!(Registry::contributions_by_author(&ALICE, Some(ids[4]), 5), ids[5..10].to_vec());
		assert_eq!(
			Registry::contributions_of_project(project, Some(ids[17]), 100),
			ids[18..].to_vec()
		);
		assert!(Registry::contributions_of_project(project + 1, None, 10).is_empty());
		let record = Registry::track_record(&ALICE);
		assert_eq!((record.active, record.pending, record.withdrawn), (20, 0, 0));
		assert_eq!(
			(record.projects_owned.clone(), record.projects_contributed_to.clone()),
			(vec![project], vec![project])
		);
	});
}

#[test]
fn a_track_record_counts_a_bounded_number_of_contributions_and_says_so() {
	new_test_ext().execute_with(|| {
		let add = |ids: core::ops::Range<u64>| {
			ids.for_each(|id| ContributionsByAuthor::<Test>::insert(DAVE, OrderedId(id), ()))
		};
		add(0..u64::from(MAX_LINEAGE_NODES));
		assert!(!Registry::track_record(&DAVE).truncated, "exactly the cap is whole");
		add(u64::from(MAX_LINEAGE_NODES)..u64::from(MAX_LINEAGE_NODES) + 1);
		assert!(Registry::track_record(&DAVE).truncated);
		assert!(!Registry::track_record(&ALICE).truncated);
		// More owned projects than one record lists.
		for project in 0..=u64::from(MAX_PAGE_SIZE) {
			ProjectsByOwner::<Test>::insert(EVE, OrderedId(project), ());
		}
		assert!(Registry::track_record(&EVE).truncated);
	});
}

/// A descendants walk from a contribution with `fan_out` children that share the same
/// `shared` children (index entries only: a descendants walk reads no child's record).
fn descendants_walk(fan_out: u64, shared: u64) -> Lineage {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		let parent = register(ALICE, project, 1, vec![]);
		for child in (0..fan_out).map(|i| 1_000_000 + i) {
			Children::<Test>::insert(parent, OrderedId(child), ());
			for grandchild in (0..shared).map(|j| 2_000_000 + j) {
				Children::<Test>::insert(child, OrderedId(grandchild), ());
			}
		}
		Registry::lineage(parent, Direction::Descendants, MAX_LINEAGE_DEPTH)
			.expect("the parent exists")
	})
}

/// Audit M7: a descendants walk read every child of each contribution it met, however many
/// links it had followed already: links to contributions it had met cost reads but no node,
/// so no limit stopped it. It now follows at most `MAX_LINEAGE_EDGES` links and says so.
#[test]
fn a_descendants_walk_follows_a_bounded_number_of_links() {
	let edges = u64::from(MAX_LINEAGE_EDGES);
	// 30 + 30 × 1,000 links: under the limit, the walk is whole.
	let whole = descendants_walk(30, 1_000);
	assert_eq!((whole.nodes.len(), whole.truncated), (1_030, false));
	// 50 + 50 × 1,000 links lead to 1,050 contributions: the walk stops at the limit.
	assert!(50 + 50 * 1_000 > edges);
	let stopped = descendants_walk(50, 1_000);
	assert!(stopped.truncated, "{} nodes, not truncated", stopped.nodes.len());
	// One contribution with more children than the limit: the node limit stops it first
	// (as it did before links were counted: a check of the limits, not of the reads).
	let wide = descendants_walk(2 * edges, 0);
	assert_eq!((wide.nodes.len(), wide.truncated), (MAX_LINEAGE_NODES as usize, true));
}

#[test]
fn invariants_catch_a_hold_that_does_not_match_the_records() {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		register(ALICE, project, 1, vec![]);
		assert_ok!(Registry::do_try_state());
		use frame::traits::fungible::MutateHold;
		assert_ok!(Balances::hold(&HoldReason::ContributionDeposit.into(), &ALICE, 1));
		assert_eq!(Registry::do_try_state(), Err("6: held deposit differs from recorded deposits"));
	});
}

#[test]
fn invariants_catch_a_broken_index() {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		let root = register(ALICE, project, 1, vec![]);
		register(ALICE, project, 2, vec![root]);
		Children::<Test>::remove(root, OrderedId(1));
		assert_eq!(Registry::do_try_state(), Err("2: Children misses an edge"));
	});
}

// ---- property: random sequences keep every invariant ----

#[derive(Clone, Debug)]
enum Op {
	Register {
		who: u8,
		parents: Vec<u8>,
		coauthor: Option<u8>,
	},
	Approve {
		who: u8,
		id: u8,
	},
	Reject {
		who: u8,
		id: u8,
	},
	Withdraw {
		who: u8,
		id: u8,
	},
	Expire {
		id: u8,
	},
	/// Commit to the content a later `Register` (`ahead` registrations on) will name.
	Commit {
		who: u8,
		ahead: u8,
	},
	ExpireCommitment {
		ahead: u8,
	},
	Advance,
}

fn op() -> impl proptest::strategy::Strategy<Value = Op> {
	use proptest::prelude::*;
	prop_oneof![
		4 => (0u8..5, proptest::collection::vec(0u8..30, 0..4), proptest::option::of(0u8..5))
			.prop_map(|(who, parents, coauthor)| Op::Register { who, parents, coauthor }),
		2 => (0u8..5, 0u8..30).prop_map(|(who, id)| Op::Approve { who, id }),
		1 => (0u8..5, 0u8..30).prop_map(|(who, id)| Op::Reject { who, id }),
		1 => (0u8..5, 0u8..30).prop_map(|(who, id)| Op::Withdraw { who, id }),
		1 => (0u8..30).prop_map(|id| Op::Expire { id }),
		2 => (0u8..5, 0u8..3).prop_map(|(who, ahead)| Op::Commit { who, ahead }),
		1 => (0u8..3).prop_map(|ahead| Op::ExpireCommitment { ahead }),
		1 => Just(Op::Advance),
	]
}

proptest::proptest! {
	#![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
	#[test]
	fn random_call_sequences_keep_the_dag_acyclic_indexes_consistent_and_holds_equal_deposits(
		ops in proptest::collection::vec(op(), 1..60),
	) {
		new_test_ext().execute_with(|| {
			let accounts = [ALICE, BOB, CHARLIE, DAVE, EVE];
			let project = create(ALICE, Membership::Open);
			let total_before: Balance = accounts.iter().map(|a| Balances::total_balance(a)).sum();
			let mut seed = 0u8;
			for op in ops {
				let _ = match op {
					Op::Register { who, parents, coauthor } => {
						seed = seed.wrapping_add(1);
						let who = accounts[who as usize];
						let authors = match coauthor.map(|c| accounts[c as usize]).filter(|c| *c != who) {
							Some(co) => vec![(who, half()), (co, half())],
							None => vec![(who, Perbill::one())],
						};
						register_as(who, project, seed, authors, parents.into_iter().map(u64::from).collect())
					},
					Op::Approve { who, id } =>
						Registry::approve_contribution(RuntimeOrigin::signed(accounts[who as usize]), id.into()),
					Op::Reject { who, id } =>
						Registry::reject_contribution(RuntimeOrigin::signed(accounts[who as usize]), id.into()).map(|_| ()).map_err(|e| e.error),
					Op::Withdraw { who, id } =>
						Registry::withdraw_contribution(RuntimeOrigin::signed(accounts[who as usize]), id.into(), b"why".to_vec()),
					Op::Expire { id } =>
						Registry::expire_contribution(RuntimeOrigin::signed(EVE), id.into()).map(|_| ()).map_err(|e| e.error),
					Op::Commit { who, ahead } => commit(accounts[who as usize], seed.wrapping_add(1 + ahead)),
					Op::ExpireCommitment { ahead } =>
						Registry::expire_commitment(RuntimeOrigin::signed(EVE), tag_of(seed.wrapping_add(1 + ahead))).map(|_| ()).map_err(|e| e.error),
					Op::Advance => {
						run_to_block(System::block_number() + 4);
						Ok(())
					},
				};
				if let Err(e) = Registry::do_try_state() {
					panic!("invariant broken: {e}");
				}
			}
			// However the calls raced the walk, once it ends every descendant of withdrawn work
			// is marked (invariant 12).
			finish_walk();
			if let Err(e) = Registry::do_try_state() {
				panic!("invariant broken once the walk ended: {e}");
			}
			// Deposits move between free and held; only what pending holds and expired
			// commitments forfeit leaves.
			let burned: Balance = contribution_events()
				.iter()
				.map(|e| match e {
					Event::ContributionExpired { forfeited, .. }
					| Event::ContributionRejected { forfeited, .. } => *forfeited,
					Event::CommitmentForfeited { burned, .. } => *burned,
					_ => 0,
				})
				.sum();
			let total_after: Balance = accounts.iter().map(|a| Balances::total_balance(a)).sum();
			assert_eq!(total_before, total_after + burned);
			assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), 5 * INITIAL_BALANCE - burned);
		});
	}
}

// ---- invariants: each one catches a corrupted state ----

#[test]
fn invariant_1_catches_an_id_at_or_above_its_counter() {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		register(ALICE, project, 1, vec![]);
		assert_ok!(Registry::do_try_state());
		NextContributionId::<Test>::put(0);
		assert_eq!(
			Registry::do_try_state(),
			Err("1: contribution id at or above NextContributionId")
		);
		NextContributionId::<Test>::put(1);
		NextProjectId::<Test>::put(project);
		assert_eq!(Registry::do_try_state(), Err("1: project id at or above NextProjectId"));
	});
}

#[test]
fn invariant_4_catches_counts_that_differ_from_the_indexes() {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		register(ALICE, project, 1, vec![]);
		Projects::<Test>::mutate(project, |p| p.as_mut().unwrap().contribution_count = 2);
		assert_eq!(Registry::do_try_state(), Err("4: contribution_count differs"));
		Projects::<Test>::mutate(project, |p| p.as_mut().unwrap().contribution_count = 1);
		assert_ok!(Registry::do_try_state());

		let consortium = create(BOB, Membership::Consortium);
		Members::<Test>::remove(consortium, BOB);
		assert_eq!(Registry::do_try_state(), Err("4: member_count differs from Members"));
		Projects::<Test>::mutate(consortium, |p| p.as_mut().unwrap().member_count = 0);
		assert_eq!(Registry::do_try_state(), Err("4: empty consortium"));
	});
}

#[test]
fn invariant_5_catches_approvals_of_non_authors() {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		let id = NextContributionId::<Test>::get();
		assert_ok!(register_as(ALICE, project, 1, vec![(ALICE, half()), (BOB, half())], vec![]));
		assert_ok!(Registry::do_try_state());
		Contributions::<Test>::mutate(id, |c| {
			if let Some(ContributionStatus::Pending { approvals, .. }) =
				c.as_mut().map(|c| &mut c.status)
			{
				*approvals |= 0b100;
			}
		});
		assert_eq!(Registry::do_try_state(), Err("5: approval bit of a non-author"));
	});
}

#[test]
fn invariant_6_catches_a_hold_whose_record_is_gone() {
	new_test_ext().execute_with(|| {
		let project = create(ALICE, Membership::Open);
		register(ALICE, project, 1, vec![]);
		assert_ok!(Registry::do_try_state());
		// DAVE owns nothing, registered nothing and opened no motion.
		use frame::traits::fungible::MutateHold;
		assert_ok!(Balances::hold(&HoldReason::MotionDeposit.into(), &DAVE, 1));
		assert_eq!(Registry::do_try_state(), Err("6: held deposit differs from recorded deposits"));
	});
}

#[test]
fn invariant_7_catches_an_aye_of_a_non_member_and_a_motion_of_an_open_project() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE, Membership::Consortium);
		assert_ok!(Registry::add_member(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Registry::add_member(RuntimeOrigin::signed(ALICE), id, CHARLIE));
		let change = MembershipChange::Add(DAVE);
		assert_ok!(Registry::vote_membership(RuntimeOrigin::signed(BOB), id, change.clone()));
		assert_ok!(Registry::do_try_state());
		Motions::<Test>::mutate(id, &change, |m| m.as_mut().unwrap().ayes.try_push(EVE).unwrap());
		assert_eq!(Registry::do_try_state(), Err("7: an aye of a non-member"));
		Motions::<Test>::mutate(id, &change, |m| {
			let m = m.as_mut().unwrap();
			m.ayes.pop();
			m.ayes.try_push(BOB).unwrap();
		});
		assert_eq!(Registry::do_try_state(), Err("7: an aye counted twice"));
		Motions::<Test>::mutate(id, &change, |m| {
			let m = m.as_mut().unwrap();
			m.ayes.pop();
			m.removals_seen = 1;
		});
		assert_eq!(
			Registry::do_try_state(),
			Err("7: motion saw more member removals than its project had")
		);
		Motions::<Test>::mutate(id, &change, |m| m.as_mut().unwrap().removals_seen = 0);
		assert_ok!(Registry::do_try_state());
		let open = create(CHARLIE, Membership::Open);
		let motion = Motions::<Test>::get(id, &change).unwrap();
		use frame::traits::fungible::MutateHold;
		assert_ok!(Balances::hold(&HoldReason::MotionDeposit.into(), &BOB, motion.deposit));
		Motions::<Test>::insert(open, &change, motion);
		assert_eq!(Registry::do_try_state(), Err("7: motion of a project that is no consortium"));
	});
}

#[test]
fn a_removed_members_aye_stays_until_the_next_vote_which_drops_it_before_counting() {
	build_and_execute(|| {
		let id = create(ALICE, Membership::Consortium);
		for who in [BOB, CHARLIE, DAVE] {
			assert_ok!(Registry::add_member(RuntimeOrigin::signed(ALICE), id, who));
		}
		let admit_eve = MembershipChange::Add(EVE);
		assert_ok!(Registry::vote_membership(RuntimeOrigin::signed(BOB), id, admit_eve.clone()));
		assert_ok!(Registry::remove_member(RuntimeOrigin::signed(ALICE), id, BOB));
		// Stale, and allowed by invariant 7: the motion predates the removal.
		let motion = Motions::<Test>::get(id, &admit_eve).unwrap();
		assert_eq!((motion.ayes.to_vec(), motion.removals_seen), (vec![BOB], 0));
		assert_eq!(Projects::<Test>::get(id).unwrap().member_removals, 1);
		assert_ok!(Registry::do_try_state());
		// Charlie's vote drops Bob's: 1 of 3 members, no majority, Eve stays out.
		assert_ok!(Registry::vote_membership(
			RuntimeOrigin::signed(CHARLIE),
			id,
			admit_eve.clone()
		));
		let motion = Motions::<Test>::get(id, &admit_eve).unwrap();
		assert_eq!((motion.ayes.to_vec(), motion.removals_seen), (vec![CHARLIE], 1));
		assert!(!Members::<Test>::contains_key(id, EVE));
	});
}

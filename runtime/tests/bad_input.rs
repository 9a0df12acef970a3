//! Bad input to every extrinsic of this chain's pallets, on the composed runtime: wrong
//! origins, unknown ids, oversized vectors, malformed CIDs and licences, broken shares, and
//! accounts that cannot pay the deposit. Each case must fail with the expected error and leave
//! storage exactly as it was (the state root is compared before and after). A call added to a
//! pallet without a case here fails `every_call_has_a_bad_input_case`.

use attribution_primitives::{
	contribution::ContributionKind,
	licence::{Licence, LicenceTerms},
	payout::{Comparator, Trigger},
	project::{EvaluatorPolicy, Membership},
	score::{Direction, UtilitySpec},
};
use attribution_runtime::{AccountId, Balances, Runtime, RuntimeCall, RuntimeOrigin, UNIT};
use pallet_contributions::{types::MembershipChange, Call as Registry};
use pallet_payouts::{
	types::{AccessScope, OfferTerms},
	Call as Payouts,
};
use pallet_scoring::Call as Scoring;
use polkadot_sdk::frame_support::traits::fungible::Mutate as _;
use polkadot_sdk::{
	frame_support::assert_ok,
	sp_core::H256,
	sp_genesis_builder::DEV_RUNTIME_PRESET,
	sp_io,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{
		traits::Dispatchable, BoundedVec, DispatchError, Perbill, StateVersion, TokenError,
	},
};
use std::collections::BTreeSet;

mod common;

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

fn account(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

/// A well-formed CID (v1, raw, sha2-256) from a seed.
fn cid(seed: u8) -> Vec<u8> {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	cid.extend([seed; 32]);
	cid
}

fn licence(spdx: &[u8]) -> LicenceTerms {
	LicenceTerms {
		licence: Licence::Spdx(BoundedVec::truncate_from(spdx.to_vec())),
		commercial_use: true,
		derivatives_allowed: true,
		attribution_required: true,
		royalty: Perbill::from_percent(5),
	}
}

fn policy() -> EvaluatorPolicy<u128, u32> {
	EvaluatorPolicy {
		committee: 31,
		min_stake: 100 * UNIT,
		commit_period: 10,
		reveal_period: 10,
		dispute_period: 10,
	}
}

fn create_project(name: &[u8], licence_text: &[u8], membership: Membership) -> RuntimeCall {
	create_project_with(name, licence_text, membership, policy())
}

fn create_project_with(
	name: &[u8],
	licence_text: &[u8],
	membership: Membership,
	evaluator_policy: EvaluatorPolicy<u128, u32>,
) -> RuntimeCall {
	RuntimeCall::Contributions(Registry::create_project {
		name: name.to_vec(),
		default_licence: licence(licence_text),
		royalty_to_parents: Perbill::from_percent(10),
		evaluator_policy,
		membership,
	})
}

/// `register_contribution` into `project` by `author` alone.
fn register(project: u64, cid: Vec<u8>, author: Sr25519Keyring, parents: Vec<u64>) -> RuntimeCall {
	register_shares(project, cid, vec![(account(author), Perbill::one())], parents)
}

fn register_shares(
	project: u64,
	cid: Vec<u8>,
	authors: Vec<(AccountId, Perbill)>,
	parents: Vec<u64>,
) -> RuntimeCall {
	RuntimeCall::Contributions(Registry::register_contribution {
		project,
		kind: ContributionKind::Dataset,
		cid,
		locator: None,
		authors,
		parents,
		licence: None,
		metadata_hash: H256::repeat_byte(1),
		size_bytes: 1_000,
	})
}

fn trigger(evaluation_set: Vec<u8>) -> Trigger {
	Trigger {
		metric: H256::repeat_byte(2),
		comparator: Comparator::AtLeast,
		threshold: 900_000,
		evaluation_set: BoundedVec::truncate_from(evaluation_set),
	}
}

fn utility() -> UtilitySpec {
	UtilitySpec {
		metric: 1,
		evaluation_set: BoundedVec::truncate_from(cid(200)),
		direction: Direction::HigherIsBetter,
	}
}

/// The dev chain with project 0 (Alice's, open), contribution 0 (Bob's, active),
/// contribution 1 (Charlie's, child of 0) and 2 (Bob's model checkpoint); project 1 (Alice's
/// consortium); project 2 (Alice's, with a policy under the runtime's floors); evaluators
/// Alice (the owner), Bob (an author), Dave, Ferdie and Two. Round 0 of project 0 was opened
/// at block 1, drawn at block 20 and Dave committed to it; round 1 of project 0 and Ferdie's
/// pool 0's measurement (2), requested at block 40, were drawn at block 60 and are in their
/// commit periods.
fn state() -> sp_io::TestExternalities {
	let mut ext = common::externalities_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		use Sr25519Keyring::*;
		let loose = EvaluatorPolicy { committee: 1, commit_period: 1, ..policy() };
		let evaluator =
			|| RuntimeCall::Scoring(Scoring::register_evaluator { stake: 1_000 * UNIT });
		// Dave and Two hold most of the stake of evaluators without a conflict in project 0:
		// committees are drawn mostly from them.
		let large_evaluator =
			|| RuntimeCall::Scoring(Scoring::register_evaluator { stake: 5_000 * UNIT });
		let _ = Balances::mint_into(&account(Two), 10_000 * UNIT);
		let open = || RuntimeCall::Scoring(Scoring::open_round { project: 0, utility: utility() });
		let reveal =
			pallet_scoring::types::Reveal::Exact(BoundedVec::truncate_from(vec![0, 1, 1, 2]));
		let hash = pallet_scoring::Pallet::<Runtime>::commitment_hash(
			0,
			&account(Dave),
			&reveal,
			&[0; 32],
		);
		for (origin, call) in [
			(Alice, create_project(b"digits", b"Apache-2.0", Membership::Open)),
			(Bob, register(0, cid(1), Bob, vec![])),
			(Charlie, register(0, cid(2), Charlie, vec![0])),
			(Alice, create_project(b"consortium", b"MIT", Membership::Consortium)),
			(Alice, create_project_with(b"loose", b"MIT", Membership::Open, loose)),
			(Alice, evaluator()),
			(Bob, evaluator()),
			(Dave, large_evaluator()),
			(Ferdie, evaluator()),
			(Two, large_evaluator()),
			(Alice, open()),
		] {
			assert_ok!(call.dispatch(signed(origin)));
		}
		common::until_drawn(0);
		assert_ok!(RuntimeCall::Scoring(Scoring::commit { round: 0, hash }).dispatch(signed(Dave)));
		common::run_to(40);
		let checkpoint = RuntimeCall::Contributions(Registry::register_contribution {
			project: 0,
			kind: ContributionKind::ModelCheckpoint,
			cid: cid(3),
			locator: None,
			authors: vec![(account(Bob), Perbill::one())],
			parents: vec![0],
			licence: None,
			metadata_hash: H256::repeat_byte(3),
			size_bytes: 1_000,
		});
		for (origin, call) in [
			(Alice, open()),
			(Bob, checkpoint),
			(
				Ferdie,
				RuntimeCall::Payouts(Payouts::create_pool {
					project: 0,
					trigger: trigger(cid(7)),
					amount: 10 * UNIT,
					deadline: 1_000,
					committee: None,
				}),
			),
			(Alice, RuntimeCall::Payouts(Payouts::start_report { pool: 0, checkpoint: 2 })),
		] {
			assert_ok!(call.dispatch(signed(origin)));
		}
		common::until_drawn(1);
		common::until_drawn(2);
		assert!(pallet_scoring::Seats::<Runtime>::get(1, account(Dave)).is_some(), "Dave drawn");
	});
	ext
}

/// One bad call: who sends it, the call, the error it must fail with.
struct Case {
	name: &'static str,
	origin: RuntimeOrigin,
	call: RuntimeCall,
	error: DispatchError,
}

/// Every bad call with its expected error, one per line (kept as a table: not reformatted).
#[rustfmt::skip]
fn cases() -> Vec<Case> {
	use Sr25519Keyring::*;
	let registry_error = |e: pallet_contributions::Error<Runtime>| DispatchError::from(e);
	let scoring_error = |e: pallet_scoring::Error<Runtime>| DispatchError::from(e);
	let payouts_error = |e: pallet_payouts::Error<Runtime>| DispatchError::from(e);
	use pallet_contributions::Error as R;
	use pallet_payouts::Error as P;
	use pallet_scoring::Error as S;
	let unfunded = One;
	let none = RuntimeOrigin::none;
	let case = |name, origin, call, error| Case { name, origin, call, error };
	vec![
		// Registry: projects and membership.
		case("create_project", none(), create_project(b"x", b"MIT", Membership::Open), DispatchError::BadOrigin),
		case("create_project", signed(Bob), create_project(b"", b"MIT", Membership::Open), registry_error(R::BadName)),
		case("create_project", signed(Bob), create_project(&[b'n'; 65], b"MIT", Membership::Open), registry_error(R::BadName)),
		case("create_project", signed(Bob), create_project(b"x", b"MIT; rm -rf", Membership::Open), registry_error(R::BadLicence)),
		case("create_project", signed(unfunded), create_project(b"x", b"MIT", Membership::Open), DispatchError::Token(TokenError::FundsUnavailable)),
		case("update_project", signed(Alice), RuntimeCall::Contributions(Registry::update_project { project: 99, name: Some(b"y".to_vec()), default_licence: None, royalty_to_parents: None, evaluator_policy: None }), registry_error(R::UnknownProject)),
		case("update_project", signed(Bob), RuntimeCall::Contributions(Registry::update_project { project: 0, name: Some(b"y".to_vec()), default_licence: None, royalty_to_parents: None, evaluator_policy: None }), registry_error(R::NotProjectOwner)),
		case("update_project", signed(Alice), RuntimeCall::Contributions(Registry::update_project { project: 0, name: Some(vec![b'n'; 65]), default_licence: None, royalty_to_parents: None, evaluator_policy: None }), registry_error(R::BadName)),
		case("transfer_project_ownership", signed(Bob), RuntimeCall::Contributions(Registry::transfer_project_ownership { project: 0, new_owner: account(Bob) }), registry_error(R::NotProjectOwner)),
		case("transfer_project_ownership", signed(Alice), RuntimeCall::Contributions(Registry::transfer_project_ownership { project: 99, new_owner: account(Bob) }), registry_error(R::UnknownProject)),
		case("add_member", signed(Alice), RuntimeCall::Contributions(Registry::add_member { project: 0, member: account(Bob) }), registry_error(R::NotConsortium)),
		case("add_member", signed(Bob), RuntimeCall::Contributions(Registry::add_member { project: 1, member: account(Bob) }), registry_error(R::NotProjectOwner)),
		case("remove_member", signed(Alice), RuntimeCall::Contributions(Registry::remove_member { project: 1, member: account(Alice) }), registry_error(R::LastMember)),
		case("remove_member", signed(Alice), RuntimeCall::Contributions(Registry::remove_member { project: 99, member: account(Bob) }), registry_error(R::UnknownProject)),
		case("vote_membership", signed(Bob), RuntimeCall::Contributions(Registry::vote_membership { project: 1, change: MembershipChange::Add(account(Bob)) }), registry_error(R::NotMember)),
		case("vote_membership", signed(Alice), RuntimeCall::Contributions(Registry::vote_membership { project: 0, change: MembershipChange::Add(account(Bob)) }), registry_error(R::NotConsortium)),
		case("cancel_motion", signed(Alice), RuntimeCall::Contributions(Registry::cancel_motion { project: 1, change: MembershipChange::Add(account(Bob)) }), registry_error(R::UnknownMotion)),
		// Registry: contributions.
		case("register_contribution", none(), register(0, cid(9), Bob, vec![]), DispatchError::BadOrigin),
		case("register_contribution", signed(Bob), register(0, vec![0xde, 0xad, 0xbe, 0xef], Bob, vec![]), registry_error(R::InvalidCid)),
		case("register_contribution", signed(Bob), register(0, vec![0x01; 97], Bob, vec![]), registry_error(R::CidTooLong)),
		case("register_contribution", signed(Bob), register(0, cid(1), Bob, vec![]), registry_error(R::DuplicateCid)),
		case("register_contribution", signed(Bob), register(99, cid(9), Bob, vec![]), registry_error(R::UnknownProject)),
		case("register_contribution", signed(Bob), register(0, cid(9), Bob, vec![999]), registry_error(R::UnknownParent)),
		case("register_contribution", signed(Bob), register(0, cid(9), Bob, (0..17).collect()), registry_error(R::TooManyParents)),
		case("register_contribution", signed(Bob), register(0, cid(9), Bob, vec![0, 0]), registry_error(R::DuplicateParent)),
		case("register_contribution", signed(Bob), register_shares(0, cid(9), vec![(account(Bob), Perbill::from_percent(60))], vec![]), registry_error(R::SharesDoNotSumToWhole)),
		case("register_contribution", signed(Bob), register_shares(0, cid(9), vec![], vec![]), registry_error(R::BadAuthorCount)),
		case("register_contribution", signed(Bob), register_shares(0, cid(9), (0..33u8).map(|i| (AccountId::from([i; 32]), Perbill::from_percent(3))).collect(), vec![]), registry_error(R::BadAuthorCount)),
		case("register_contribution", signed(Bob), register(0, cid(9), Charlie, vec![]), registry_error(R::RegistrarNotAuthor)),
		case("register_contribution", signed(unfunded), register(0, cid(9), unfunded, vec![]), DispatchError::Token(TokenError::FundsUnavailable)),
		case("register_contributions", signed(Bob), RuntimeCall::Contributions(Registry::register_contributions { project: 0, registrations: vec![] }), registry_error(R::BadBatchSize)),
		case("approve_contribution", signed(Bob), RuntimeCall::Contributions(Registry::approve_contribution { id: 99 }), registry_error(R::UnknownContribution)),
		case("reject_contribution", signed(Bob), RuntimeCall::Contributions(Registry::reject_contribution { id: 99 }), registry_error(R::UnknownContribution)),
		case("reject_contribution", signed(Bob), RuntimeCall::Contributions(Registry::reject_contribution { id: 0 }), registry_error(R::NotPending)),
		case("expire_contribution", signed(Bob), RuntimeCall::Contributions(Registry::expire_contribution { id: 0 }), registry_error(R::NotPending)),
		case("commit_registration", signed(unfunded), RuntimeCall::Contributions(Registry::commit_registration { tag: H256::repeat_byte(9) }), DispatchError::Token(TokenError::FundsUnavailable)),
		case("expire_commitment", signed(Bob), RuntimeCall::Contributions(Registry::expire_commitment { tag: H256::repeat_byte(9) }), registry_error(R::UnknownCommitment)),
		case("withdraw_contribution", signed(Bob), RuntimeCall::Contributions(Registry::withdraw_contribution { id: 99, reason: b"x".to_vec() }), registry_error(R::UnknownContribution)),
		case("withdraw_contribution", signed(Dave), RuntimeCall::Contributions(Registry::withdraw_contribution { id: 0, reason: b"x".to_vec() }), registry_error(R::NotAuthor)),
		case("withdraw_contribution", signed(Bob), RuntimeCall::Contributions(Registry::withdraw_contribution { id: 0, reason: vec![b'r'; 257] }), registry_error(R::ReasonTooLong)),
		// Scoring.
		case("register_evaluator", signed(Eve), RuntimeCall::Scoring(Scoring::register_evaluator { stake: UNIT }), scoring_error(S::StakeTooLow)),
		case("register_evaluator", signed(Dave), RuntimeCall::Scoring(Scoring::register_evaluator { stake: 100 * UNIT }), scoring_error(S::AlreadyEvaluator)),
		case("register_evaluator", signed(unfunded), RuntimeCall::Scoring(Scoring::register_evaluator { stake: 100 * UNIT }), DispatchError::Token(TokenError::FundsUnavailable)),
		case("bond_extra", signed(Eve), RuntimeCall::Scoring(Scoring::bond_extra { amount: UNIT }), scoring_error(S::NotEvaluator)),
		case("unbond", signed(Eve), RuntimeCall::Scoring(Scoring::unbond {}), scoring_error(S::NotEvaluator)),
		case("withdraw_unbonded", signed(Eve), RuntimeCall::Scoring(Scoring::withdraw_unbonded {}), scoring_error(S::NotEvaluator)),
		case("open_round", signed(Alice), RuntimeCall::Scoring(Scoring::open_round { project: 99, utility: utility() }), scoring_error(S::UnknownProject)),
		case("open_round", signed(Bob), RuntimeCall::Scoring(Scoring::open_round { project: 0, utility: utility() }), scoring_error(S::NotProjectOwner)),
		case("open_round", signed(Alice), RuntimeCall::Scoring(Scoring::open_round { project: 2, utility: utility() }), scoring_error(S::CommitPeriodTooShort)),
		case("open_round", signed(Alice), RuntimeCall::Scoring(Scoring::open_round { project: 0, utility: UtilitySpec { evaluation_set: BoundedVec::truncate_from(b"not a cid".to_vec()), ..utility() } }), scoring_error(S::InvalidEvaluationSet)),
		case("open_round", signed(Alice), RuntimeCall::Scoring(Scoring::open_round { project: 1, utility: utility() }), scoring_error(S::NoActiveContributions)),
		case("commit", signed(Dave), RuntimeCall::Scoring(Scoring::commit { round: 99, hash: H256::zero() }), scoring_error(S::UnknownRound)),
		// Only drawn evaluators commit: the owner's, an author's and the interested party's
		// seats stay empty, and accounts that are no evaluators are never drawn.
		case("commit", signed(Alice), RuntimeCall::Scoring(Scoring::commit { round: 1, hash: H256::zero() }), scoring_error(S::NotDrawn)),
		case("commit", signed(Bob), RuntimeCall::Scoring(Scoring::commit { round: 1, hash: H256::zero() }), scoring_error(S::NotDrawn)),
		case("commit", signed(Ferdie), RuntimeCall::Scoring(Scoring::commit { round: 2, hash: H256::zero() }), scoring_error(S::NotDrawn)),
		case("commit", signed(Eve), RuntimeCall::Scoring(Scoring::commit { round: 1, hash: H256::zero() }), scoring_error(S::NotDrawn)),
		case("commit", signed(Dave), RuntimeCall::Scoring(Scoring::commit { round: 0, hash: H256::zero() }), scoring_error(S::NotCommitPhase)),
		case("unbond", signed(Dave), RuntimeCall::Scoring(Scoring::unbond {}), scoring_error(S::EvaluatorBusy)),
		case("reveal", signed(Dave), RuntimeCall::Scoring(Scoring::reveal { round: 99, reveal: pallet_scoring::types::Reveal::Exact(BoundedVec::truncate_from(vec![0, 1, 2, 3])), salt: [0; 32] }), scoring_error(S::UnknownRound)),
		case("reveal", signed(Dave), RuntimeCall::Scoring(Scoring::reveal { round: 0, reveal: pallet_scoring::types::Reveal::Exact(BoundedVec::truncate_from(vec![0, 1, 1, 2])), salt: [0; 32] }), scoring_error(S::NotRevealPhase)),
		case("aggregate", signed(Dave), RuntimeCall::Scoring(Scoring::aggregate { round: 99 }), scoring_error(S::UnknownRound)),
		case("dispute", signed(Dave), RuntimeCall::Scoring(Scoring::dispute { round: 99 }), scoring_error(S::UnknownRound)),
		case("dispute", signed(Dave), RuntimeCall::Scoring(Scoring::dispute { round: 1 }), scoring_error(S::NotAggregated)),
		case("resolve_dispute", signed(Alice), RuntimeCall::Scoring(Scoring::resolve_dispute { round: 0, upheld: true }), DispatchError::BadOrigin),
		case("finalize", signed(Dave), RuntimeCall::Scoring(Scoring::finalize { round: 99 }), scoring_error(S::UnknownRound)),
		case("prune_snapshot", signed(Alice), RuntimeCall::Scoring(Scoring::prune_snapshot { project: 0, version: 1 }), scoring_error(S::UnknownSnapshot)),
		// Payouts.
		case("create_pool", signed(Dave), RuntimeCall::Payouts(Payouts::create_pool { project: 99, trigger: trigger(cid(7)), amount: 10 * UNIT, deadline: 1_000, committee: None }), payouts_error(P::UnknownProject)),
		case("create_pool", signed(Dave), RuntimeCall::Payouts(Payouts::create_pool { project: 0, trigger: trigger(cid(7)), amount: 0, deadline: 1_000, committee: None }), payouts_error(P::AmountTooLow)),
		case("create_pool", signed(Dave), RuntimeCall::Payouts(Payouts::create_pool { project: 0, trigger: trigger(cid(7)), amount: 10 * UNIT, deadline: 0, committee: None }), payouts_error(P::BadDeadline)),
		case("create_pool", signed(Dave), RuntimeCall::Payouts(Payouts::create_pool { project: 0, trigger: trigger(vec![1, 2, 3]), amount: 10 * UNIT, deadline: 1_000, committee: None }), payouts_error(P::InvalidCid)),
		case("create_pool", signed(unfunded), RuntimeCall::Payouts(Payouts::create_pool { project: 0, trigger: trigger(cid(7)), amount: 10 * UNIT, deadline: 1_000, committee: None }), DispatchError::Token(TokenError::FundsUnavailable)),
		case("create_pool", signed(Dave), RuntimeCall::Payouts(Payouts::create_pool { project: 0, trigger: trigger(cid(7)), amount: 10 * UNIT, deadline: 1_000, committee: Some(30) }), scoring_error(S::CommitteeBelowPolicy)),
		case("create_pool", signed(Dave), RuntimeCall::Payouts(Payouts::create_pool { project: 0, trigger: trigger(cid(7)), amount: 10 * UNIT, deadline: 1_000, committee: Some(256) }), scoring_error(S::CommitteeTooLarge)),
		case("top_up", signed(Dave), RuntimeCall::Payouts(Payouts::top_up { pool: 99, amount: UNIT }), payouts_error(P::UnknownPool)),
		case("create_pool", signed(Dave), RuntimeCall::Payouts(Payouts::create_pool { project: 2, trigger: trigger(cid(7)), amount: 10 * UNIT, deadline: 1_000, committee: None }), scoring_error(S::CommitPeriodTooShort)),
		case("start_report", signed(Dave), RuntimeCall::Payouts(Payouts::start_report { pool: 99, checkpoint: 0 }), payouts_error(P::UnknownPool)),
		case("start_report", signed(Ferdie), RuntimeCall::Payouts(Payouts::start_report { pool: 0, checkpoint: 2 }), payouts_error(P::NotOwner)),
		case("start_report", signed(Alice), RuntimeCall::Payouts(Payouts::start_report { pool: 0, checkpoint: 2 }), payouts_error(P::ReportUnderWay)),
		case("conclude_report", signed(Dave), RuntimeCall::Payouts(Payouts::conclude_report { pool: 99 }), payouts_error(P::UnknownPool)),
		case("conclude_report", signed(Dave), RuntimeCall::Payouts(Payouts::conclude_report { pool: 0 }), payouts_error(P::MeasurementPending)),
		case("refund", signed(Dave), RuntimeCall::Payouts(Payouts::refund { pool: 99 }), payouts_error(P::UnknownPool)),
		case("close_pool", signed(Dave), RuntimeCall::Payouts(Payouts::close_pool { pool: 99 }), payouts_error(P::UnknownPool)),
		case("offer_licence", signed(Bob), RuntimeCall::Payouts(Payouts::offer_licence { contribution: 99, terms: OfferTerms { price: UNIT, duration: None, seats: None, commercial: true, derivatives: true } }), payouts_error(P::UnknownContribution)),
		case("withdraw_offer", signed(Bob), RuntimeCall::Payouts(Payouts::withdraw_offer { contribution: 0 }), payouts_error(P::NoOffer)),
		case("buy_licence", signed(Dave), RuntimeCall::Payouts(Payouts::buy_licence { contribution: 0, max_price: UNIT, expected: Default::default() }), payouts_error(P::NoOffer)),
		case("drop_licence", signed(Dave), RuntimeCall::Payouts(Payouts::drop_licence { licence: 99 }), payouts_error(P::UnknownLicence)),
		case("claim", signed(Bob), RuntimeCall::Payouts(Payouts::claim { targets: BoundedVec::truncate_from(vec![pallet_payouts::types::ClaimTarget { project: 0, version: 1, contribution: 0 }]) }), payouts_error(P::NotScored)),
		case("push_undistributed", signed(Bob), RuntimeCall::Payouts(Payouts::push_undistributed { project: 0 }), payouts_error(P::NothingUndistributed)),
		case("sweep_undistributed", signed(Bob), RuntimeCall::Payouts(Payouts::sweep_undistributed { project: 0 }), payouts_error(P::NothingUndistributed)),
		case("set_royalty_weights", signed(Bob), RuntimeCall::Payouts(Payouts::set_royalty_weights { contribution: 2, parents: vec![(0, Perbill::one())] }), payouts_error(P::NotProjectOwner)),
		case("set_royalty_weights", signed(Alice), RuntimeCall::Payouts(Payouts::set_royalty_weights { contribution: 99, parents: vec![] }), payouts_error(P::UnknownContribution)),
		case("set_royalty_weights", signed(Alice), RuntimeCall::Payouts(Payouts::set_royalty_weights { contribution: 2, parents: vec![(1, Perbill::one())] }), payouts_error(P::NotAParent)),
		case("set_royalty_weights", signed(Alice), RuntimeCall::Payouts(Payouts::set_royalty_weights { contribution: 2, parents: vec![(0, Perbill::one())] }), payouts_error(P::SameProjectParent)),
		case("set_royalty_weights", signed(Alice), RuntimeCall::Payouts(Payouts::set_royalty_weights { contribution: 2, parents: vec![(0, Perbill::one()); 17] }), payouts_error(P::TooManyWeights)),
		case("set_evaluator_access", signed(Bob), RuntimeCall::Payouts(Payouts::set_evaluator_access { scope: AccessScope::Project(0), allowed: Some(true) }), payouts_error(P::NotProjectOwner)),
		case("set_evaluator_access", signed(Alice), RuntimeCall::Payouts(Payouts::set_evaluator_access { scope: AccessScope::Project(99), allowed: Some(true) }), payouts_error(P::UnknownProject)),
		case("set_evaluator_access", signed(Alice), RuntimeCall::Payouts(Payouts::set_evaluator_access { scope: AccessScope::Contribution(99), allowed: Some(true) }), payouts_error(P::UnknownContribution)),
		case("set_evaluator_access", signed(Alice), RuntimeCall::Payouts(Payouts::set_evaluator_access { scope: AccessScope::Contribution(2), allowed: None }), payouts_error(P::NoAccessSetting)),
	]
}

#[test]
fn every_bad_call_fails_with_its_error_and_changes_nothing() {
	let mut ext = state();
	let mut failures = Vec::new();
	ext.execute_with(|| {
		for Case { name, origin, call, error } in cases() {
			let before = sp_io::storage::root(StateVersion::V1);
			let result = call.clone().dispatch(origin).map(|_| ()).map_err(|e| e.error);
			let after = sp_io::storage::root(StateVersion::V1);
			if result != Err(error) {
				failures
					.push(format!("{name}: expected {error:?}, got {result:?}\n  call: {call:?}"));
			}
			if before != after {
				failures.push(format!("{name}: storage changed\n  call: {call:?}"));
			}
		}
	});
	assert!(
		failures.is_empty(),
		"{} of {} cases:\n{}",
		failures.len(),
		cases().len(),
		failures.join("\n")
	);
	println!("{} bad calls, each with its error, storage unchanged", cases().len());
}

#[test]
fn every_call_has_a_bad_input_case() {
	let covered: BTreeSet<&str> = cases().iter().map(|c| c.name).collect();
	let mut missing = Vec::new();
	for (pallet, calls) in common::pallets_with_calls() {
		if !["Contributions", "Scoring", "Payouts"].contains(&pallet.as_str()) {
			continue;
		}
		for call in calls {
			if !covered.contains(call.as_str()) {
				missing.push(format!("{pallet}::{call}"));
			}
		}
	}
	assert!(missing.is_empty(), "calls without a bad-input case: {missing:?}");
}

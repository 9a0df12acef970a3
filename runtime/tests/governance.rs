//! The governance path of a runtime upgrade on the composed runtime: a preimage of
//! `System::authorize_upgrade`, a referendum on the root track, conviction votes, the decision,
//! confirmation and enactment periods, then the upgrade is authorized; the technical committee
//! can cancel a referendum and a signed account cannot; disputes of the evaluation engine are
//! decided on a track of their own, not by root. Audit M9: several referenda decide at once on
//! every track, parameter changes have a track of their own, only root kills, the committee
//! cannot cancel or kill a referendum on its own membership, its whitelisted calls run as root
//! only through a referendum, and no signed account reaches root on the production chain
//! (there is no sudo; the test chains make referenda fast instead).

use attribution_runtime::{
	configs::governance::{
		GovernanceTracks, TechnicalCollective, COMMITTEE_MEMBERSHIP_TRACK_ID,
		GENERAL_ADMIN_TRACK_ID, ROOT_TRACK_ID, WHITELISTED_CALLER_TRACK_ID,
	},
	genesis_config_presets::{production, PRODUCTION_RUNTIME_PRESET},
	ConvictionVoting, Preimage, Referenda, Runtime, RuntimeCall, RuntimeOrigin, Scheduler, System,
	TechnicalCommittee,
};
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{Bounded, Hooks, StorePreimage},
	},
	pallet_conviction_voting::{AccountVote, Conviction, Vote},
	pallet_referenda::{ReferendumInfo, TracksInfo},
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
	sp_keyring::Sr25519Keyring,
	sp_runtime::{
		traits::{Dispatchable, Hash},
		DispatchError,
	},
	*,
};

mod common;

fn dev_externalities() -> polkadot_sdk::sp_io::TestExternalities {
	common::externalities_for(DEV_RUNTIME_PRESET)
}

/// Runs the scheduler (which drives referenda alarms and enactments) up to block `n`.
fn run_to(n: u32) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
	}
}

/// Whether an `UpgradeAuthorized` event for `code_hash` was emitted.
fn upgrade_authorized(code_hash: attribution_runtime::Hash) -> bool {
	System::events().iter().any(|r| {
		matches!(
			&r.event,
			attribution_runtime::RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
				code_hash: hash,
				..
			}) if *hash == code_hash
		)
	})
}

/// A referendum proposing `call` as root, submitted by Alice with its decision deposit placed.
fn referendum(call: RuntimeCall) -> u32 {
	referendum_as(call, frame_system::RawOrigin::Root.into())
}

/// A referendum proposing `call` with `origin`, submitted by Alice with its decision deposit
/// placed.
fn referendum_as(call: RuntimeCall, origin: attribution_runtime::OriginCaller) -> u32 {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let proposal: Bounded<RuntimeCall, _> = Preimage::bound(call).expect("bounded");
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	assert_ok!(Referenda::submit(
		RuntimeOrigin::signed(alice.clone()),
		Box::new(origin),
		proposal,
		frame_support::traits::schedule::DispatchTime::After(0),
	));
	assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(alice), index));
	index
}

/// Runs past what a referendum voted through at once on `track` takes: prepare, confirm,
/// the enactment period, and a few blocks for the alarms.
fn run_past_enactment(track: &pallet_referenda::TrackInfo<attribution_runtime::Balance, u32>) {
	run_to(
		System::block_number()
			+ track.prepare_period
			+ track.confirm_period
			+ track.min_enactment_period
			+ 10,
	);
}

/// Every endowed account votes aye on `index` with all it has.
fn everyone_votes_aye(index: u32) {
	for voter in Sr25519Keyring::well_known() {
		let balance = attribution_runtime::Balances::free_balance(voter.to_account_id());
		assert_ok!(ConvictionVoting::vote(
			RuntimeOrigin::signed(voter.to_account_id()),
			index,
			AccountVote::Standard {
				vote: Vote { aye: true, conviction: Conviction::Locked1x },
				balance
			},
		));
	}
}

#[test]
fn a_referendum_authorizes_a_runtime_upgrade() {
	dev_externalities().execute_with(|| {
		let code = b"the next runtime".to_vec();
		let code_hash: attribution_runtime::Hash = sp_io::hashing::blake2_256(&code).into();
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		let index = referendum(authorize);
		// Every endowed account votes aye with all it has: approval and support near 100%.
		everyone_votes_aye(index);
		let track = GovernanceTracks::info(0).expect("the root track");
		assert!(!upgrade_authorized(code_hash));
		// Prepare, decide (passes at once), confirm, then enact after the enactment period.
		run_past_enactment(&track);
		assert!(
			matches!(
				pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
				Some(ReferendumInfo::Approved(..))
			),
			"approved: {:?}",
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index)
		);
		assert!(upgrade_authorized(code_hash), "the enacted referendum authorized the upgrade");
		// Only exactly that code may now be applied.
		let apply = RuntimeCall::System(frame_system::Call::apply_authorized_upgrade {
			code: b"some other code".to_vec(),
		});
		assert_noop!(
			apply.dispatch(RuntimeOrigin::signed(Sr25519Keyring::Ferdie.to_account_id())),
			frame_system::Error::<Runtime>::Unauthorized
		);
	});
}

/// Two of the technical committee's three members (Alice and Bob on the dev chain) propose
/// and pass a motion dispatching `call`; its dispatch result, from the `Executed` event.
fn committee_dispatches(call: RuntimeCall) -> Result<(), DispatchError> {
	let (alice, bob) = (Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
	let length = call.encoded_size() as u32;
	let index = pallet_collective::ProposalCount::<Runtime, TechnicalCollective>::get();
	assert_ok!(TechnicalCommittee::propose(
		RuntimeOrigin::signed(alice.clone()),
		2,
		Box::new(call.clone()),
		length,
	));
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	assert_ok!(TechnicalCommittee::vote(RuntimeOrigin::signed(alice.clone()), hash, index, true));
	assert_ok!(TechnicalCommittee::vote(RuntimeOrigin::signed(bob), hash, index, true));
	assert_ok!(TechnicalCommittee::close(
		RuntimeOrigin::signed(alice),
		hash,
		index,
		frame_support::weights::Weight::from_parts(10_000_000_000, 1_000_000),
		length,
	));
	System::events()
		.iter()
		.rev()
		.find_map(|r| match &r.event {
			attribution_runtime::RuntimeEvent::TechnicalCommittee(
				pallet_collective::Event::Executed { proposal_hash, result },
			) if *proposal_hash == hash => Some(result.map_err(|e| e)),
			_ => None,
		})
		.expect("the motion was executed")
}

/// Whether referendum `index` is still ongoing.
fn ongoing(index: u32) -> bool {
	matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(ReferendumInfo::Ongoing(..))
	)
}

#[test]
fn the_technical_committee_cancels_a_referendum_and_others_cannot() {
	dev_externalities().execute_with(|| {
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		let index = referendum(remark);
		let cancel = RuntimeCall::Referenda(pallet_referenda::Call::cancel { index });
		assert_noop!(
			cancel.clone().dispatch(RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id())),
			DispatchError::BadOrigin
		);
		// Two of the three members propose and approve; the motion dispatches the cancel.
		assert_ok!(committee_dispatches(cancel));
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Cancelled(..))
		));
	});
}

/// Audit M9: the committee may cancel (deposits refunded) but not kill (deposits slashed):
/// only root kills.
#[test]
fn only_root_kills_a_referendum() {
	dev_externalities().execute_with(|| {
		let index = referendum(RuntimeCall::System(frame_system::Call::remark { remark: vec![2] }));
		let kill = RuntimeCall::Referenda(pallet_referenda::Call::kill { index });
		assert_eq!(committee_dispatches(kill.clone()), Err(DispatchError::BadOrigin));
		assert!(ongoing(index));
		assert_ok!(kill.dispatch(RuntimeOrigin::root()));
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Killed(..))
		));
	});
}

/// Audit M9's test: a spam referendum with its decision deposit placed no longer holds the
/// root track's only deciding slot: the next one decides beside it, and every track decides
/// several at once.
#[test]
fn a_spam_referendum_leaves_room_for_the_next_one() {
	dev_externalities().execute_with(|| {
		let spam = referendum(RuntimeCall::System(frame_system::Call::remark { remark: vec![3] }));
		let next = referendum(RuntimeCall::System(frame_system::Call::remark { remark: vec![4] }));
		let track = GovernanceTracks::info(ROOT_TRACK_ID).expect("the root track");
		run_to(System::block_number() + track.prepare_period + 2);
		for index in [spam, next] {
			assert!(
				matches!(
					pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
					Some(ReferendumInfo::Ongoing(status)) if status.deciding.is_some()
				),
				"referendum {index} is deciding"
			);
		}
		for track in GovernanceTracks::tracks() {
			assert!(track.info.max_deciding > 1, "track {} decides one at a time", track.id);
		}
	});
}

/// Audit M9: a referendum on the technical committee's membership runs on its own track; the
/// committee can neither cancel nor kill it, root cannot set the members directly, and once
/// approved it replaces Charlie with Dave.
#[test]
fn the_committee_cannot_stop_a_change_of_its_own_membership() {
	use attribution_runtime::{governance_origins::Origin as Governance, OriginCaller};
	dev_externalities().execute_with(|| {
		let members: Vec<_> = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Dave]
			.iter()
			.map(|k| k.to_account_id())
			.collect();
		let set = RuntimeCall::TechnicalCommittee(pallet_collective::Call::set_members {
			new_members: members.clone(),
			prime: None,
			old_count: 3,
		});
		assert_noop!(set.clone().dispatch(RuntimeOrigin::root()), DispatchError::BadOrigin);
		let index = referendum_as(set, OriginCaller::Origins(Governance::CommitteeMembership));
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Ongoing(status)) if status.track == COMMITTEE_MEMBERSHIP_TRACK_ID
		));
		let cancel = RuntimeCall::Referenda(pallet_referenda::Call::cancel { index });
		let kill = RuntimeCall::Referenda(pallet_referenda::Call::kill { index });
		let filtered: DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();
		assert_eq!(committee_dispatches(cancel.clone()), Err(filtered));
		assert_eq!(committee_dispatches(kill), Err(filtered));
		// Wrapped in a batch, the inner call meets the same filter (the batch itself reports
		// success with `BatchInterrupted`).
		let _ = committee_dispatches(RuntimeCall::Utility(pallet_utility::Call::batch {
			calls: vec![cancel.clone()],
		}));
		let _ = committee_dispatches(RuntimeCall::Utility(pallet_utility::Call::force_batch {
			calls: vec![cancel],
		}));
		assert!(ongoing(index));

		everyone_votes_aye(index);
		let track = GovernanceTracks::info(COMMITTEE_MEMBERSHIP_TRACK_ID).expect("the track");
		run_past_enactment(&track);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Approved(..))
		));
		let mut expected = members;
		expected.sort();
		assert_eq!(pallet_collective::Members::<Runtime, TechnicalCollective>::get(), expected);
	});
}

/// Parameter changes have a track of their own: a `general_admin` referendum sets the
/// collator candidacy bond (which root may too, and a signed account may not), and the
/// committee may cancel one.
#[test]
fn general_admin_referenda_change_parameters() {
	use attribution_runtime::{governance_origins::Origin as Governance, OriginCaller, UNIT};
	dev_externalities().execute_with(|| {
		let bond = 20_000 * UNIT;
		let set =
			RuntimeCall::CollatorSelection(pallet_collator_selection::Call::set_candidacy_bond {
				bond,
			});
		assert_noop!(
			set.clone().dispatch(RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id())),
			DispatchError::BadOrigin
		);
		let admin = OriginCaller::Origins(Governance::GeneralAdmin);
		let cancelled = referendum_as(set.clone(), admin.clone());
		assert_ok!(committee_dispatches(RuntimeCall::Referenda(pallet_referenda::Call::cancel {
			index: cancelled
		})));
		assert!(!ongoing(cancelled));

		let index = referendum_as(set, admin);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Ongoing(status)) if status.track == GENERAL_ADMIN_TRACK_ID
		));
		everyone_votes_aye(index);
		let track = GovernanceTracks::info(GENERAL_ADMIN_TRACK_ID).expect("the track");
		run_past_enactment(&track);
		assert_eq!(pallet_collator_selection::CandidacyBond::<Runtime>::get(), bond);
	});
}

/// Audit M4: a dispute's last resort is a referendum on the `dispute_resolver` track, with the
/// runtime's own origin, not root. Root and signed accounts cannot decide a dispute; a
/// referendum with that origin lands on track 1 (its own deposit and periods) and, once
/// approved and enacted, dispatches `Scoring::resolve_dispute` with an origin the engine
/// accepts (here for a round that does not exist: the call fails on the round, not the
/// origin).
#[test]
fn disputes_are_decided_on_their_own_track_not_by_root() {
	use attribution_runtime::{governance_origins::Origin as Governance, OriginCaller, UNIT};
	use polkadot_sdk::frame_support::traits::EnsureOrigin;
	type DisputeOrigin = <Runtime as pallet_scoring::Config>::DisputeOrigin;
	dev_externalities().execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert!(DisputeOrigin::try_origin(RuntimeOrigin::root()).is_err());
		assert!(DisputeOrigin::try_origin(RuntimeOrigin::signed(alice)).is_err());
		assert!(DisputeOrigin::try_origin(RuntimeOrigin::from(Governance::DisputeResolver)).is_ok());
		let origin = OriginCaller::Origins(Governance::DisputeResolver);
		assert_eq!(GovernanceTracks::track_for(&origin), Ok(1));
		let track = GovernanceTracks::info(1).expect("the dispute_resolver track");
		assert_eq!(track.decision_deposit, 100 * UNIT);

		let resolve =
			RuntimeCall::Scoring(pallet_scoring::Call::resolve_dispute { round: 7, upheld: true });
		let index = referendum_as(resolve, origin);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Ongoing(status)) if status.track == 1
		));
		everyone_votes_aye(index);
		run_past_enactment(&track);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Approved(..))
		));
		let unknown_round: DispatchError = pallet_scoring::Error::<Runtime>::UnknownRound.into();
		assert!(
			System::events().iter().any(|r| matches!(
				&r.event,
				attribution_runtime::RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched {
					result: Err(error),
					..
				}) if *error == unknown_round
			)),
			"the enacted referendum reached the engine past its origin check"
		);
	});
}

/// A motion passes only with the ayes it asked for: members who did not vote count against it
/// when it is closed after its duration, even with a prime member who voted aye (the SDK's
/// prime default would count their silence as ayes, so a prime alone, or its proxy, could
/// carry a motion).
#[test]
fn silent_members_do_not_carry_a_motion() {
	use attribution_runtime::{governance_origins::Origin as Governance, DAYS};
	dev_externalities().execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let members: Vec<_> = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
			.iter()
			.map(|k| k.to_account_id())
			.collect();
		assert_ok!(RuntimeCall::TechnicalCommittee(pallet_collective::Call::set_members {
			new_members: members,
			prime: Some(alice.clone()),
			old_count: 3,
		})
		.dispatch(RuntimeOrigin::from(Governance::CommitteeMembership)));
		let remark = RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![9] });
		let length = remark.encoded_size() as u32;
		assert_ok!(TechnicalCommittee::propose(
			RuntimeOrigin::signed(alice.clone()),
			2,
			Box::new(remark.clone()),
			length,
		));
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&remark);
		assert_ok!(TechnicalCommittee::vote(RuntimeOrigin::signed(alice.clone()), hash, 0, true));
		System::set_block_number(System::block_number() + 3 * DAYS + 1);
		assert_ok!(TechnicalCommittee::close(
			RuntimeOrigin::signed(alice),
			hash,
			0,
			frame_support::weights::Weight::from_parts(10_000_000_000, 1_000_000),
			length,
		));
		let events: Vec<_> = System::events().into_iter().map(|r| r.event).collect();
		assert!(events.iter().any(|event| matches!(
			event,
			attribution_runtime::RuntimeEvent::TechnicalCommittee(
				pallet_collective::Event::Disapproved { proposal_hash }
			) if *proposal_hash == hash
		)));
		assert!(!events.iter().any(|event| matches!(
			event,
			attribution_runtime::RuntimeEvent::TechnicalCommittee(
				pallet_collective::Event::Executed { .. }
			)
		)));
	});
}

/// Each track's periods as `(prepare, decision, confirm, min_enactment)` under `preset`.
fn periods_under(preset: &str) -> Vec<(u16, [u32; 4])> {
	common::externalities_for(preset).execute_with(|| {
		GovernanceTracks::tracks()
			.map(|track| {
				let info = &track.info;
				(
					track.id,
					[
						info.prepare_period,
						info.decision_period,
						info.confirm_period,
						info.min_enactment_period,
					],
				)
			})
			.collect()
	})
}

/// Production keeps every track's default periods (in 6-second blocks: an hour is 600, a day
/// 14,400); the development and local chains, which have no sudo, reach root through
/// referenda of a few blocks on every track.
#[test]
fn only_the_test_chains_make_referenda_fast() {
	let (hour, day) = (600, 14_400);
	assert_eq!(
		periods_under(PRODUCTION_RUNTIME_PRESET),
		vec![
			(0, [hour, 14 * day, day, day]),
			(1, [hour, 3 * day, hour, 1]),
			(2, [hour, 14 * day, day, day]),
			(3, [hour, 14 * day, day, day]),
			(4, [100, 14 * day, 100, 100]),
		]
	);
	let fast: Vec<(u16, [u32; 4])> = (0..5).map(|id| (id, [1, 100, 2, 1])).collect();
	assert_eq!(periods_under(DEV_RUNTIME_PRESET), fast);
	assert_eq!(periods_under(LOCAL_TESTNET_RUNTIME_PRESET), fast);
}

/// Root (a root-track referendum) sets a track's periods and gives it its defaults back;
/// nobody else may (a signed account, the whole committee), unknown tracks and periods of zero or over a year are refused.
#[test]
fn root_sets_a_tracks_periods_and_nobody_else() {
	use attribution_runtime::governance_origins::{Error, TrackPeriods};
	common::externalities_for(PRODUCTION_RUNTIME_PRESET).execute_with(|| {
		let periods = TrackPeriods { prepare: 5, decision: 50, confirm: 5, min_enactment: 5 };
		let set = |track, periods| {
			RuntimeCall::Origins(attribution_runtime::governance_origins::Call::set_track_periods {
				track,
				periods,
			})
		};
		let distribution = RuntimeOrigin::signed(production::DISTRIBUTION.into());
		assert_noop!(set(2, Some(periods)).dispatch(distribution), DispatchError::BadOrigin);
		let committee = pallet_collective::RawOrigin::<_, TechnicalCollective>::Members(3, 3);
		assert_noop!(
			set(2, Some(periods)).dispatch(RuntimeOrigin::from(committee)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			set(5, Some(periods)).dispatch(RuntimeOrigin::root()),
			Error::<Runtime>::UnknownTrack
		);
		for bad in [
			TrackPeriods { prepare: 0, ..periods },
			TrackPeriods { confirm: 0, ..periods },
			TrackPeriods { decision: 365 * 14_400 + 1, ..periods },
		] {
			assert_noop!(
				set(2, Some(bad)).dispatch(RuntimeOrigin::root()),
				Error::<Runtime>::PeriodOutOfRange
			);
		}
		assert_noop!(set(2, None).dispatch(RuntimeOrigin::root()), Error::<Runtime>::NotOverridden);

		assert_ok!(set(2, Some(periods)).dispatch(RuntimeOrigin::root()));
		let track = GovernanceTracks::info(GENERAL_ADMIN_TRACK_ID).expect("the track");
		assert_eq!(
			[
				track.prepare_period,
				track.decision_period,
				track.confirm_period,
				track.min_enactment_period
			],
			[5, 50, 5, 5]
		);
		// The other tracks keep theirs.
		assert_eq!(GovernanceTracks::info(ROOT_TRACK_ID).expect("root").prepare_period, 600);
		assert_ok!(set(2, None).dispatch(RuntimeOrigin::root()));
		assert_eq!(GovernanceTracks::info(GENERAL_ADMIN_TRACK_ID).expect("it").prepare_period, 600);
		assert!(attribution_runtime::governance_origins::TrackPeriodOverrides::<Runtime>::get()
			.is_empty());
	});
}

/// The `whitelisted_caller` track's effect, observed: root-only, it sets the `general_admin`
/// track's prepare period to 7 blocks.
fn root_only_call() -> RuntimeCall {
	use attribution_runtime::governance_origins::{Call, TrackPeriods};
	RuntimeCall::Origins(Call::set_track_periods {
		track: GENERAL_ADMIN_TRACK_ID,
		periods: Some(TrackPeriods { prepare: 7, decision: 100, confirm: 2, min_enactment: 1 }),
	})
}

/// Whether [`root_only_call`] took effect.
fn root_only_call_took_effect() -> bool {
	GovernanceTracks::info(GENERAL_ADMIN_TRACK_ID).expect("the track").prepare_period == 7
}

/// A referendum on the `whitelisted_caller` track dispatching `call`.
fn whitelisted_referendum(call: RuntimeCall) -> u32 {
	use attribution_runtime::{governance_origins::Origin as Governance, OriginCaller};
	let dispatch =
		RuntimeCall::Whitelist(pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
			call: Box::new(call),
		});
	let index = referendum_as(dispatch, OriginCaller::Origins(Governance::WhitelistedCaller));
	assert!(matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(ReferendumInfo::Ongoing(status)) if status.track == WHITELISTED_CALLER_TRACK_ID
	));
	index
}

/// The technical committee's fast path: two thirds whitelist a call's hash, a referendum on
/// the `whitelisted_caller` track (shorter periods, lower support) approves it, and it runs
/// as root. The committee alone cannot dispatch it, and neither can a signed account.
#[test]
fn a_call_the_committee_whitelists_runs_as_root_once_a_referendum_approves_it() {
	dev_externalities().execute_with(|| {
		let call = root_only_call();
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		let whitelist =
			RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash: hash });
		assert_noop!(
			whitelist
				.clone()
				.dispatch(RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id())),
			DispatchError::BadOrigin
		);
		assert_ok!(committee_dispatches(whitelist));
		let dispatch = RuntimeCall::Whitelist(
			pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
				call: Box::new(call.clone()),
			},
		);
		assert_eq!(committee_dispatches(dispatch.clone()), Err(DispatchError::BadOrigin));
		assert!(dispatch
			.dispatch(RuntimeOrigin::signed(Sr25519Keyring::Ferdie.to_account_id()))
			.is_err());
		assert!(!root_only_call_took_effect());

		let index = whitelisted_referendum(call);
		everyone_votes_aye(index);
		let track = GovernanceTracks::info(WHITELISTED_CALLER_TRACK_ID).expect("the track");
		run_past_enactment(&track);
		assert!(root_only_call_took_effect(), "the whitelisted call ran as root");
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			attribution_runtime::RuntimeEvent::Whitelist(
				pallet_whitelist::Event::WhitelistedCallDispatched { call_hash, result: Ok(_) }
			) if *call_hash == hash
		)));
	});
}

/// Without the committee's whitelisting, an approved `whitelisted_caller` referendum
/// dispatches nothing: its call waits, deferred, until the committee whitelists it; then
/// anyone may relay it (once).
#[test]
fn a_whitelisted_caller_referendum_without_the_committee_dispatches_nothing() {
	dev_externalities().execute_with(|| {
		let call = root_only_call();
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		let index = whitelisted_referendum(call.clone());
		everyone_votes_aye(index);
		let track = GovernanceTracks::info(WHITELISTED_CALLER_TRACK_ID).expect("the track");
		run_past_enactment(&track);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(ReferendumInfo::Approved(..))
		));
		assert!(!root_only_call_took_effect(), "nothing ran without the committee");
		assert!(pallet_whitelist::DeferredDispatch::<Runtime>::contains_key(hash));

		let relay = RuntimeCall::Whitelist(
			pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
				call: Box::new(call),
			},
		);
		let ferdie = RuntimeOrigin::signed(Sr25519Keyring::Ferdie.to_account_id());
		assert_noop!(
			relay.clone().dispatch(ferdie.clone()),
			pallet_whitelist::Error::<Runtime>::CallIsNotWhitelisted
		);
		assert_ok!(committee_dispatches(RuntimeCall::Whitelist(
			pallet_whitelist::Call::whitelist_call { call_hash: hash }
		)));
		assert_ok!(relay.clone().dispatch(ferdie.clone()));
		assert!(root_only_call_took_effect());
		assert!(relay.dispatch(ferdie).is_err(), "a deferred call runs once");
	});
}

/// Audit M9, the production chain: no signed account reaches root. The runtime has no sudo
/// pallet (no pallet or call of that name in its metadata), and every call that dispatches
/// another under some origin, made by the genesis supply's holder and by the whole technical
/// committee, fails to run a root-only call; root comes only from a referendum on the root
/// track, which takes its default two days and more even with the whole supply voting aye.
#[test]
fn no_signed_account_reaches_root_on_the_production_chain() {
	use attribution_runtime::{configs::proxy::ProxyType, HOURS};
	use polkadot_sdk::sp_runtime::traits::StaticLookup;
	// `pallet_sudo`'s calls, under any pallet name. (`ParachainSystem::sudo_send_upward_message`
	// is a root-only call, not a key.)
	let sudo_calls = ["sudo", "sudo_unchecked_weight", "sudo_as", "set_key", "remove_key"];
	for (pallet, calls) in common::pallets_with_calls() {
		assert!(!pallet.to_lowercase().contains("sudo"), "a {pallet} pallet");
		for call in calls {
			assert!(!sudo_calls.contains(&call.as_str()), "{pallet}::{call}");
		}
	}
	common::externalities_for(PRODUCTION_RUNTIME_PRESET).execute_with(|| {
		const MARKER: &[u8] = b":reached-root:";
		let root_only = RuntimeCall::System(frame_system::Call::set_storage {
			items: vec![(MARKER.to_vec(), b"yes".to_vec())],
		});
		let reached_root = || sp_io::storage::get(MARKER).is_some();
		let holder: attribution_runtime::AccountId = production::DISTRIBUTION.into();
		let signed = RuntimeOrigin::signed(holder.clone());
		let committee: Vec<attribution_runtime::AccountId> =
			production::COMMITTEE.iter().map(|key| (*key).into()).collect();
		let boxed = || Box::new(root_only.clone());

		// Directly, and through every call that dispatches another.
		assert!(root_only.clone().dispatch(signed.clone()).is_err());
		for wrapper in [
			RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
				as_origin: Box::new(frame_system::RawOrigin::Root.into()),
				call: boxed(),
			}),
			RuntimeCall::Utility(pallet_utility::Call::with_weight {
				call: boxed(),
				weight: frame_support::weights::Weight::zero(),
			}),
			RuntimeCall::Utility(pallet_utility::Call::dispatch_as_fallible {
				as_origin: Box::new(frame_system::RawOrigin::Root.into()),
				call: boxed(),
			}),
			RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![root_only.clone()] }),
			RuntimeCall::Utility(pallet_utility::Call::batch_all {
				calls: vec![root_only.clone()],
			}),
			RuntimeCall::Utility(pallet_utility::Call::force_batch {
				calls: vec![root_only.clone()],
			}),
			RuntimeCall::Utility(pallet_utility::Call::if_else {
				main: boxed(),
				fallback: boxed(),
			}),
			RuntimeCall::Utility(pallet_utility::Call::as_derivative { index: 0, call: boxed() }),
			RuntimeCall::Scheduler(pallet_scheduler::Call::schedule {
				when: 10,
				maybe_periodic: None,
				priority: 0,
				call: boxed(),
			}),
			RuntimeCall::Whitelist(
				pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage { call: boxed() },
			),
			RuntimeCall::Whitelist(pallet_whitelist::Call::dispatch_whitelisted_call {
				call_hash: <Runtime as frame_system::Config>::Hashing::hash_of(&root_only),
				call_encoded_len: root_only.encoded_size() as u32,
				call_weight_witness: frame_support::weights::Weight::MAX,
			}),
			RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
				other_signatories: vec![committee[0].clone()],
				call: boxed(),
			}),
		] {
			let _ = wrapper.clone().dispatch(signed.clone());
			assert!(!reached_root(), "{wrapper:?}");
		}
		// Through an `Any` proxy of the holder, made by a committee member.
		assert_ok!(attribution_runtime::Proxy::add_proxy(
			signed.clone(),
			<Runtime as frame_system::Config>::Lookup::unlookup(committee[0].clone()),
			ProxyType::Any,
			0
		));
		let _ = attribution_runtime::Proxy::proxy(
			RuntimeOrigin::signed(committee[0].clone()),
			<Runtime as frame_system::Config>::Lookup::unlookup(holder.clone()),
			None,
			boxed(),
		);
		assert!(!reached_root());
		// The whole technical committee: a member's lone origin (`execute`, and a motion of
		// threshold 1, dispatched at once), and a unanimous motion.
		let length = root_only.encoded_size() as u32;
		let _ = TechnicalCommittee::execute(
			RuntimeOrigin::signed(committee[0].clone()),
			boxed(),
			length,
		);
		let _ = TechnicalCommittee::propose(
			RuntimeOrigin::signed(committee[1].clone()),
			1,
			boxed(),
			length,
		);
		assert!(!reached_root(), "a member is not root");
		let motion = pallet_collective::ProposalCount::<Runtime, TechnicalCollective>::get();
		assert_ok!(TechnicalCommittee::propose(
			RuntimeOrigin::signed(committee[0].clone()),
			3,
			boxed(),
			length,
		));
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&root_only);
		for member in &committee {
			assert_ok!(TechnicalCommittee::vote(
				RuntimeOrigin::signed(member.clone()),
				hash,
				motion,
				true
			));
		}
		assert_ok!(TechnicalCommittee::close(
			RuntimeOrigin::signed(committee[0].clone()),
			hash,
			motion,
			frame_support::weights::Weight::from_parts(10_000_000_000, 1_000_000),
			length,
		));
		assert!(!reached_root(), "a unanimous committee is not root");

		// A referendum on the root track, the whole supply voting aye: not before its
		// default periods (an hour to prepare, a day confirming, a day to enactment).
		let proposal: Bounded<RuntimeCall, _> =
			Preimage::bound(root_only.clone()).expect("bounded");
		let index = pallet_referenda::ReferendumCount::<Runtime>::get();
		assert_ok!(Referenda::submit(
			signed.clone(),
			Box::new(frame_system::RawOrigin::Root.into()),
			proposal,
			frame_support::traits::schedule::DispatchTime::After(0),
		));
		assert_ok!(Referenda::place_decision_deposit(signed.clone(), index));
		let supply = attribution_runtime::Balances::free_balance(&holder);
		assert_ok!(ConvictionVoting::vote(
			signed,
			index,
			AccountVote::Standard {
				vote: Vote { aye: true, conviction: Conviction::Locked1x },
				balance: supply
			},
		));
		// Enacted at the earliest an hour (prepare), a day (confirm) and a day (enactment)
		// after submission.
		let start = System::block_number();
		let earliest = start + HOURS + 2 * 24 * HOURS;
		run_to(earliest - 10);
		assert!(!reached_root(), "root before the root track's periods");
		run_to(earliest + 100);
		assert!(reached_root(), "the referendum enacted the call as root");
	});
}

/// The periods' overrides stay sorted, one per existing track: `try_state` catches an
/// unsorted list, a track twice and a track that does not exist.
#[test]
fn try_state_catches_corrupt_track_periods() {
	use attribution_runtime::governance_origins::{
		Pallet as Origins, TrackPeriodOverrides, TrackPeriods,
	};
	dev_externalities().execute_with(|| {
		assert_ok!(Origins::<Runtime>::do_try_state());
		let periods = TrackPeriods { prepare: 1, decision: 1, confirm: 1, min_enactment: 1 };
		for corrupt in [
			vec![(2, periods), (1, periods)],
			vec![(1, periods), (1, periods)],
			vec![(1, periods), (9, periods)],
		] {
			TrackPeriodOverrides::<Runtime>::put(frame_support::BoundedVec::truncate_from(
				corrupt.clone(),
			));
			assert!(Origins::<Runtime>::do_try_state().is_err(), "{corrupt:?} passed");
		}
	});
}

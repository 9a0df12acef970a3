//! On-chain governance: public referenda with conviction voting on five tracks, each with its
//! own origin, and a technical committee that can cancel referenda and whitelist root calls.
//! There is no sudo: root is a referendum on the `root` (or `whitelisted_caller`) track, on
//! every chain; the test chains' genesis makes every track take blocks
//! (`governance_origins::TrackPeriodOverrides`).
//!
//! | track (id) | origin | decides | deciding at once |
//! | --- | --- | --- | --- |
//! | `root` (0) | root | runtime upgrades and every other root call | 3 |
//! | `dispute_resolver` (1) | [`Origin::DisputeResolver`] | the evaluation engine's disputes | 10 |
//! | `general_admin` (2) | [`Origin::GeneralAdmin`] | collator selection and XCM settings | 10 |
//! | `committee_membership` (3) | [`Origin::CommitteeMembership`] | the technical committee's members | 5 |
//! | `whitelisted_caller` (4) | [`Origin::WhitelistedCaller`] | root calls the committee whitelisted | 10 |
//!
//! The technical committee (two thirds) may **cancel** a referendum (its deposits are
//! refunded) except one on the `committee_membership` track ([`GovernanceCallFilter`]): the
//! committee cannot block a change of its own membership (audit M9). Only root may **kill** a
//! referendum (which slashes its deposits). Several referenda decide at once on every track,
//! so a spam referendum (1,010 ATTR) no longer holds the only root slot for two weeks.
//!
//! The upgrade procedure: note the preimage of `System::authorize_upgrade(code_hash)`, submit a
//! referendum on the root track with it, place the decision deposit, vote; once it is approved
//! and enacted, anyone calls `System::apply_authorized_upgrade(code)`.
//!
//! [`Origin::DisputeResolver`]: crate::governance_origins::Origin::DisputeResolver
//! [`Origin::GeneralAdmin`]: crate::governance_origins::Origin::GeneralAdmin
//! [`Origin::CommitteeMembership`]: crate::governance_origins::Origin::CommitteeMembership
//! [`Origin::WhitelistedCaller`]: crate::governance_origins::Origin::WhitelistedCaller

use polkadot_sdk::*;

use frame_support::{
	parameter_types,
	traits::{tokens::currency::ActiveIssuanceOf, ConstU128, ConstU32, Contains, EitherOfDiverse},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_referenda::{Curve, ReferendumInfo, Track, TrackInfo, TracksInfo};
use sp_runtime::Perbill;

use super::RuntimeBlockWeights;
use crate::{
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, Scheduler, System, DAYS, HOURS, MINUTES, UNIT,
};

/// The technical committee's collective instance.
pub type TechnicalCollective = pallet_collective::Instance1;

/// Two thirds of the technical committee.
pub type TechnicalCommitteeTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, TechnicalCollective, 2, 3>;

/// Root, or two thirds of the technical committee.
pub type RootOrTechnicalCommittee =
	EitherOfDiverse<EnsureRoot<AccountId>, TechnicalCommitteeTwoThirds>;

parameter_types! {
	/// A committee motion is open for three days.
	pub const TechnicalMotionDuration: BlockNumber = 3 * DAYS;
	/// A committee motion may use at most half a block.
	pub MaxCollectiveProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	/// Votes stay locked a week per conviction level.
	pub const VoteLockingPeriod: BlockNumber = 7 * DAYS;
}

/// The technical committee's rule for members who did not vote when a motion is closed after
/// its duration: they count against it. A motion passes only with the ayes it asked for.
pub struct AbstentionsAreNays;

impl pallet_collective::DefaultVote for AbstentionsAreNays {
	fn default_vote(_prime_vote: Option<bool>, _yes_votes: u32, _no_votes: u32, _len: u32) -> bool {
		false
	}
}

impl pallet_collective::Config<TechnicalCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = TechnicalMotionDuration;
	type MaxProposals = ConstU32<16>;
	type MaxMembers = ConstU32<16>;
	// Abstentions never count as ayes: with the SDK's prime default, a prime member alone
	// (or its proxy) could carry a motion whose other members stay silent.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type DefaultVote = AbstentionsAreNays;
	// The SDK's `close_approved` benchmark passes its motion with the prime's default; the
	// path it measures (close, then execute) is the same whatever counted the votes.
	#[cfg(feature = "runtime-benchmarks")]
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	// Only a referendum on the `committee_membership` track, which the committee cannot
	// cancel or kill. (Root reaches this origin only through `Utility::dispatch_as`.)
	#[cfg(not(feature = "runtime-benchmarks"))]
	type SetMembersOrigin = crate::governance_origins::EnsureCommitteeMembership;
	// The SDK's collective benchmarks set the members as root; the origin check costs the
	// same either way.
	#[cfg(feature = "runtime-benchmarks")]
	type SetMembersOrigin = frame_support::traits::EitherOf<
		EnsureRoot<AccountId>,
		crate::governance_origins::EnsureCommitteeMembership,
	>;
	type MaxProposalWeight = MaxCollectiveProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	// Members are few and chosen by root; their motions need no deposit.
	type Consideration = ();
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Generated here; the delegation benchmarks sample up to the widest track's
	// `max_deciding` (10) votes (see scripts/benchmark.sh).
	type WeightInfo = crate::weights::pallet_conviction_voting::WeightInfo<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	type MaxTurnout = ActiveIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

/// The referendum tracks: `root` (0), `dispute_resolver` (1), `general_admin` (2),
/// `committee_membership` (3) and `whitelisted_caller` (4). Each has default periods (below);
/// a chain's genesis or root may override them per track
/// ([`crate::governance_origins::TrackPeriodOverrides`]).
pub struct GovernanceTracks;

/// The id of the `root` track.
pub const ROOT_TRACK_ID: u16 = 0;
/// The id of the `dispute_resolver` track.
pub const DISPUTE_TRACK_ID: u16 = 1;
/// The id of the `general_admin` track.
pub const GENERAL_ADMIN_TRACK_ID: u16 = 2;
/// The id of the `committee_membership` track.
pub const COMMITTEE_MEMBERSHIP_TRACK_ID: u16 = 3;
/// The id of the `whitelisted_caller` track.
pub const WHITELISTED_CALLER_TRACK_ID: u16 = 4;

/// The `dispute_resolver` track: a 100 ATTR decision deposit, ten referenda deciding at once
/// (each dispute is its own); an hour to prepare, up to three days to decide, an hour
/// confirming, enacted the next block (a dispute's re-run may still be under way and waits
/// for nothing). Approval falls from 100% to 50% and support from 20% to 1%.
const DISPUTE_TRACK: Track<u16, Balance, BlockNumber> = Track {
	id: DISPUTE_TRACK_ID,
	info: TrackInfo {
		name: *b"dispute_resolver\0\0\0\0\0\0\0\0\0",
		max_deciding: 10,
		decision_deposit: 100 * UNIT,
		prepare_period: HOURS,
		decision_period: 3 * DAYS,
		confirm_period: HOURS,
		min_enactment_period: 1,
		min_approval: Curve::LinearDecreasing {
			length: Perbill::one(),
			floor: Perbill::from_percent(50),
			ceil: Perbill::one(),
		},
		min_support: Curve::LinearDecreasing {
			length: Perbill::one(),
			floor: Perbill::from_percent(1),
			ceil: Perbill::from_percent(20),
		},
	},
};

/// The `general_admin` track: a 200 ATTR decision deposit, ten referenda deciding at once, and
/// the rest of [`ROOT_TRACK`] (its default periods and its curves): who produces blocks
/// (collator invulnerables and candidates) and how the chain talks to others are as sensitive
/// as root. What the track gains is slots of its own.
const GENERAL_ADMIN_TRACK: Track<u16, Balance, BlockNumber> = Track {
	id: GENERAL_ADMIN_TRACK_ID,
	info: TrackInfo {
		name: *b"general_admin\0\0\0\0\0\0\0\0\0\0\0\0",
		max_deciding: 10,
		decision_deposit: 200 * UNIT,
		..ROOT_TRACK.info
	},
};

/// The `committee_membership` track: a 500 ATTR decision deposit, five referenda deciding at
/// once (the committee cannot cancel spam here, so it takes five deposits to fill), support
/// falling from 20% to 1%, and the rest of [`ROOT_TRACK`] (its default periods, its approval
/// curve: from 100% to 50%): an hour to prepare, up to two weeks to decide, a day confirming,
/// enacted after a day.
const COMMITTEE_MEMBERSHIP_TRACK: Track<u16, Balance, BlockNumber> = Track {
	id: COMMITTEE_MEMBERSHIP_TRACK_ID,
	info: TrackInfo {
		name: *b"committee_membership\0\0\0\0\0",
		max_deciding: 5,
		decision_deposit: 500 * UNIT,
		min_support: Curve::LinearDecreasing {
			length: Perbill::one(),
			floor: Perbill::from_percent(1),
			ceil: Perbill::from_percent(20),
		},
		..ROOT_TRACK.info
	},
};

/// The `root` track: a 1,000 ATTR decision deposit, three referenda deciding at once, an hour
/// to prepare, up to two weeks to decide, a day confirming and a day before enactment;
/// approval falls from 100% to 50% and support from 50% to 1% over the decision period.
const ROOT_TRACK: Track<u16, Balance, BlockNumber> = Track {
	id: ROOT_TRACK_ID,
	info: TrackInfo {
		name: *b"root\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
		max_deciding: 3,
		decision_deposit: 1_000 * UNIT,
		prepare_period: HOURS,
		decision_period: 14 * DAYS,
		confirm_period: DAYS,
		min_enactment_period: DAYS,
		min_approval: Curve::LinearDecreasing {
			length: Perbill::one(),
			floor: Perbill::from_percent(50),
			ceil: Perbill::one(),
		},
		min_support: Curve::LinearDecreasing {
			length: Perbill::one(),
			floor: Perbill::from_percent(1),
			ceil: Perbill::from_percent(50),
		},
	},
};

/// The `whitelisted_caller` track: root calls the technical committee whitelisted
/// (`Whitelist::dispatch_whitelisted_call*`): fixes that cannot wait two weeks. A 1,000 ATTR
/// decision deposit, ten at once, ten minutes to prepare and to confirm, enacted ten minutes
/// after approval, up to two weeks to decide; approval falls from 100% to 50% (a majority of
/// the votes cast, always): the committee's two thirds vouch for the call, the public still
/// decides. Support falls from 20% to 1%, as on the `committee_membership` track and not
/// lower: a whitelisted root call can do what no committee motion may (cancel a referendum on
/// the committee's own membership, say), so it needs at least the support such a change needs.
/// Without the committee's whitelisting an approved referendum dispatches nothing (its call
/// waits, deferred, until the committee whitelists it or the deferral expires).
const WHITELISTED_CALLER_TRACK: Track<u16, Balance, BlockNumber> = Track {
	id: WHITELISTED_CALLER_TRACK_ID,
	info: TrackInfo {
		name: *b"whitelisted_caller\0\0\0\0\0\0\0",
		max_deciding: 10,
		decision_deposit: 1_000 * UNIT,
		prepare_period: 10 * MINUTES,
		decision_period: 14 * DAYS,
		confirm_period: 10 * MINUTES,
		min_enactment_period: 10 * MINUTES,
		min_approval: Curve::LinearDecreasing {
			length: Perbill::one(),
			floor: Perbill::from_percent(50),
			ceil: Perbill::one(),
		},
		min_support: Curve::LinearDecreasing {
			length: Perbill::one(),
			floor: Perbill::from_percent(1),
			ceil: Perbill::from_percent(20),
		},
	},
};

/// Every track, in id order, with its default periods.
const TRACKS: [&Track<u16, Balance, BlockNumber>; 5] = [
	&ROOT_TRACK,
	&DISPUTE_TRACK,
	&GENERAL_ADMIN_TRACK,
	&COMMITTEE_MEMBERSHIP_TRACK,
	&WHITELISTED_CALLER_TRACK,
];

/// The most tracks there may be (bounds the periods' overrides).
pub type MaxTracks = ConstU32<8>;

// Every track can have an override.
const _: () = assert!(TRACKS.len() <= 8, "raise MaxTracks");

/// Which track ids exist, for the periods' overrides.
pub struct KnownTracks;

impl Contains<u16> for KnownTracks {
	fn contains(id: &u16) -> bool {
		track_ids().any(|track| track == *id)
	}
}

/// The ids of every track, in order.
pub fn track_ids() -> impl Iterator<Item = u16> {
	TRACKS.into_iter().map(|track| track.id)
}

impl TracksInfo<Balance, BlockNumber> for GovernanceTracks {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks(
	) -> impl Iterator<Item = alloc::borrow::Cow<'static, Track<u16, Balance, BlockNumber>>> {
		// One storage read for every track (the referenda pallet asks for the table often).
		let overrides = crate::governance_origins::TrackPeriodOverrides::<Runtime>::get();
		TRACKS.into_iter().map(move |track| {
			match overrides.iter().find(|(id, _)| *id == track.id) {
				Some((_, periods)) => {
					let mut track = track.clone();
					track.info.prepare_period = periods.prepare;
					track.info.decision_period = periods.decision;
					track.info.confirm_period = periods.confirm;
					track.info.min_enactment_period = periods.min_enactment;
					alloc::borrow::Cow::Owned(track)
				}
				None => alloc::borrow::Cow::Borrowed(track),
			}
		})
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		use crate::governance_origins::Origin;
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ROOT_TRACK_ID),
			OriginCaller::Origins(Origin::DisputeResolver) => Ok(DISPUTE_TRACK_ID),
			OriginCaller::Origins(Origin::GeneralAdmin) => Ok(GENERAL_ADMIN_TRACK_ID),
			OriginCaller::Origins(Origin::CommitteeMembership) => Ok(COMMITTEE_MEMBERSHIP_TRACK_ID),
			OriginCaller::Origins(Origin::WhitelistedCaller) => Ok(WHITELISTED_CALLER_TRACK_ID),
			_ => Err(()),
		}
	}
}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = EnsureSigned<AccountId>;
	// The committee cancels (deposits refunded), except on the `committee_membership` track
	// (`GovernanceCallFilter`); only root kills (deposits slashed).
	type CancelOrigin = RootOrTechnicalCommittee;
	type KillOrigin = EnsureRoot<AccountId>;
	// Slashed deposits of killed referenda are burned (there is no treasury).
	type Slash = ();
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = ConstU128<{ 10 * UNIT }>;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = ConstU32<{ 14 * DAYS }>;
	type AlarmInterval = ConstU32<1>;
	type Tracks = GovernanceTracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl crate::governance_origins::Config for Runtime {
	type Tracks = KnownTracks;
	type MaxTracks = MaxTracks;
	// A referendum on the root track.
	type PeriodsOrigin = EnsureRoot<AccountId>;
	type WeightInfo = crate::weights::governance_origins::WeightInfo<Runtime>;
}

parameter_types! {
	/// A call an approved `whitelisted_caller` referendum left for the committee to whitelist
	/// may be dispatched by anyone for a week; after that its entry may be removed.
	pub const DeferredDispatchExpiration: BlockNumber = 7 * DAYS;
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	// Two thirds of the technical committee vouch for a call (root, which may do anything,
	// too: the SDK's benchmarks whitelist with the dispatching origin's successful one).
	type WhitelistOrigin = RootOrTechnicalCommittee;
	// A referendum on the `whitelisted_caller` track dispatches it as root (and root itself).
	type DispatchWhitelistedOrigin = frame_support::traits::EitherOf<
		EnsureRoot<AccountId>,
		crate::governance_origins::EnsureWhitelistedCaller,
	>;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = DeferredDispatchExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = crate::weights::pallet_whitelist::WeightInfo<Runtime>;
}

/// The governance part of the base call filter ([`super::call_filter`]; root bypasses it):
/// everything, except cancelling or killing a referendum on the `committee_membership` track,
/// so the technical committee, whose
/// motions dispatch under a filtered origin, cannot stop a change of its own membership. Only
/// an ongoing referendum's track is read (one storage read, which `cancel` and `kill` read
/// anyway).
pub struct GovernanceCallFilter;

impl Contains<RuntimeCall> for GovernanceCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		match call {
			RuntimeCall::Referenda(
				pallet_referenda::Call::cancel { index } | pallet_referenda::Call::kill { index },
			) => !decides_committee_membership(*index),
			_ => true,
		}
	}
}

/// Whether referendum `index` is ongoing on the `committee_membership` track.
fn decides_committee_membership(index: u32) -> bool {
	matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(ReferendumInfo::Ongoing(status)) if status.track == COMMITTEE_MEMBERSHIP_TRACK_ID
	)
}

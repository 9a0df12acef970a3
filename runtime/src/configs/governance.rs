//! On-chain governance: public referenda with conviction voting on four tracks, each with its
//! own origin, and a technical committee that can cancel referenda.
//!
//! | track (id) | origin | decides | deciding at once |
//! | --- | --- | --- | --- |
//! | `root` (0) | root | runtime upgrades and every other root call | 3 |
//! | `dispute_resolver` (1) | [`Origin::DisputeResolver`] | the evaluation engine's disputes | 10 |
//! | `general_admin` (2) | [`Origin::GeneralAdmin`] | collator selection and XCM settings | 10 |
//! | `committee_membership` (3) | [`Origin::CommitteeMembership`] | the technical committee's members | 5 |
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

use polkadot_sdk::*;

use codec::{Decode, Encode};
use frame_support::{
	parameter_types,
	traits::{tokens::currency::ActiveIssuanceOf, ConstU128, ConstU32, Contains, EitherOfDiverse},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_referenda::{Curve, ReferendumInfo, Track, TrackInfo, TracksInfo};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

use super::RuntimeBlockWeights;
use crate::{
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, Scheduler, System, DAYS, HOURS, UNIT,
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
	type DefaultVote = AbstentionsAreNays;
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

/// How long the `root` track's phases last, in blocks.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct TrackPeriods {
	/// From submission until deciding may start.
	pub prepare: BlockNumber,
	/// The longest a referendum may be deciding.
	pub decision: BlockNumber,
	/// How long approval and support must hold before a referendum passes.
	pub confirm: BlockNumber,
	/// The least time from approval to enactment.
	pub min_enactment: BlockNumber,
}

parameter_types! {
	/// The `root` track's periods: an hour to prepare, up to two weeks to decide, a day
	/// confirming and a day before enactment. Root may change them with
	/// `System::set_storage` at the key `twox_128(b":RootTrackPeriods:")`; the dev chain's
	/// upgrade test shortens them to a few blocks that way (through sudo, which exists only
	/// there). Referenda in progress follow the new periods from their next step on.
	pub storage RootTrackPeriods: TrackPeriods = TrackPeriods {
		prepare: HOURS,
		decision: 14 * DAYS,
		confirm: DAYS,
		min_enactment: DAYS,
	};
}

/// The referendum tracks: `root` (0), `dispute_resolver` (1), `general_admin` (2) and
/// `committee_membership` (3).
pub struct GovernanceTracks;

/// The id of the `root` track.
pub const ROOT_TRACK_ID: u16 = 0;
/// The id of the `dispute_resolver` track.
pub const DISPUTE_TRACK_ID: u16 = 1;
/// The id of the `general_admin` track.
pub const GENERAL_ADMIN_TRACK_ID: u16 = 2;
/// The id of the `committee_membership` track.
pub const COMMITTEE_MEMBERSHIP_TRACK_ID: u16 = 3;

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

/// The `root` track: a 1,000 ATTR decision deposit, three referenda deciding at once;
/// approval falls from 100% to 50% and support from 50% to 1% over the decision period. Its
/// periods are [`RootTrackPeriods`]; the ones here are the defaults.
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

impl TracksInfo<Balance, BlockNumber> for GovernanceTracks {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks(
	) -> impl Iterator<Item = alloc::borrow::Cow<'static, Track<u16, Balance, BlockNumber>>> {
		let periods = RootTrackPeriods::get();
		let mut track = ROOT_TRACK;
		track.info.prepare_period = periods.prepare;
		track.info.decision_period = periods.decision;
		track.info.confirm_period = periods.confirm;
		track.info.min_enactment_period = periods.min_enactment;
		[
			alloc::borrow::Cow::Owned(track),
			alloc::borrow::Cow::Borrowed(&DISPUTE_TRACK),
			alloc::borrow::Cow::Borrowed(&GENERAL_ADMIN_TRACK),
			alloc::borrow::Cow::Borrowed(&COMMITTEE_MEMBERSHIP_TRACK),
		]
		.into_iter()
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		use crate::governance_origins::Origin;
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ROOT_TRACK_ID),
			OriginCaller::Origins(Origin::DisputeResolver) => Ok(DISPUTE_TRACK_ID),
			OriginCaller::Origins(Origin::GeneralAdmin) => Ok(GENERAL_ADMIN_TRACK_ID),
			OriginCaller::Origins(Origin::CommitteeMembership) => Ok(COMMITTEE_MEMBERSHIP_TRACK_ID),
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

impl crate::governance_origins::Config for Runtime {}

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

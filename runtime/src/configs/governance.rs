//! On-chain governance: public referenda with conviction voting on two tracks, `root`
//! (runtime upgrades and every other root call) and `dispute_resolver` (the evaluation engine's
//! disputes, the last resort over re-runs, with the runtime's own origin
//! [`crate::governance_origins::Origin::DisputeResolver`]), and a technical committee that can
//! cancel or kill a referendum. More tracks (with custom origins) can be added without
//! migrating votes.
//!
//! The upgrade procedure: note the preimage of `System::authorize_upgrade(code_hash)`, submit a
//! referendum on the root track with it, place the decision deposit, vote; once it is approved
//! and enacted, anyone calls `System::apply_authorized_upgrade(code)`.

use polkadot_sdk::*;

use codec::{Decode, Encode};
use frame_support::{
	parameter_types,
	traits::{tokens::currency::ActiveIssuanceOf, ConstU128, ConstU32, EitherOfDiverse},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_referenda::{Curve, Track, TrackInfo, TracksInfo};
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

impl pallet_collective::Config<TechnicalCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = TechnicalMotionDuration;
	type MaxProposals = ConstU32<16>;
	type MaxMembers = ConstU32<16>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCollectiveProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	// Members are few and chosen by root; their motions need no deposit.
	type Consideration = ();
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// The SDK's reference weights: this pallet's delegation benchmarks cannot be fitted with a
	// single track deciding one referendum at a time (see scripts/benchmark.sh).
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

/// The referendum tracks: `root` (0) and `dispute_resolver` (1).
pub struct GovernanceTracks;

/// The `dispute_resolver` track: a 100 ATTR decision deposit, ten referenda deciding at once
/// (each dispute is its own); an hour to prepare, up to three days to decide, an hour
/// confirming, enacted the next block (a dispute's re-run may still be under way and waits
/// for nothing). Approval falls from 100% to 50% and support from 20% to 1%.
const DISPUTE_TRACK: Track<u16, Balance, BlockNumber> = Track {
	id: 1,
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

/// The `root` track: a 1,000 ATTR decision deposit, one referendum deciding at a time;
/// approval falls from 100% to 50% and support from 50% to 1% over the decision period. Its
/// periods are [`RootTrackPeriods`]; the ones here are the defaults.
const ROOT_TRACK: Track<u16, Balance, BlockNumber> = Track {
	id: 0,
	info: TrackInfo {
		name: *b"root\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
		max_deciding: 1,
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
		[alloc::borrow::Cow::Owned(track), alloc::borrow::Cow::Borrowed(&DISPUTE_TRACK)].into_iter()
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(0),
			OriginCaller::Origins(crate::governance_origins::Origin::DisputeResolver) => Ok(1),
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
	type CancelOrigin = RootOrTechnicalCommittee;
	type KillOrigin = RootOrTechnicalCommittee;
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

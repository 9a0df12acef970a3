//! The runtime's own governance origins, each with its referendum track
//! (`configs::governance::GovernanceTracks`), and the tracks' periods.
//!
//! Origins, for decisions that are not root's to make:
//!
//! - [`Origin::DisputeResolver`]: decides an evaluation-engine dispute
//!   (`Scoring::resolve_dispute`), the last resort over re-runs, on the `dispute_resolver`
//!   track (a lower decision deposit, days rather than weeks). Root cannot decide disputes.
//! - [`Origin::GeneralAdmin`]: parameter changes of the chain's plumbing (collator selection's
//!   bond, candidates and invulnerables; the XCM queues' and `pallet_xcm`'s settings), on the
//!   `general_admin` track, several at once, without occupying the root track.
//! - [`Origin::CommitteeMembership`]: the technical committee's membership
//!   (`TechnicalCommittee::set_members`), on the `committee_membership` track, whose
//!   referenda the committee can neither cancel nor kill (audit M9: it could entrench itself).
//! - [`Origin::WhitelistedCaller`]: dispatches, as root, a call the technical committee
//!   whitelisted (`Whitelist::dispatch_whitelisted_call*`), on the `whitelisted_caller` track:
//!   the fast path for fixes the committee vouches for, still decided by a public vote.
//!
//! Track periods: each track has default periods (in the runtime's track table); a chain may
//! override them per track, in its genesis ([`GenesisConfig::track_periods`]: the development
//! and local presets make governance take blocks instead of days, which is how those chains
//! reach root without a sudo key) or later by root ([`Pallet::set_track_periods`], itself a
//! root-track referendum). The overrides live in one storage value ([`TrackPeriodOverrides`])
//! so that the referenda pallet, which reads its track table on every step of every
//! referendum, reads one entry.

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::weights::Weight;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// How long a referendum track's phases last, in blocks.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrackPeriods {
	/// From submission until deciding may start.
	pub prepare: u32,
	/// The longest a referendum may be deciding.
	pub decision: u32,
	/// How long approval and support must hold before a referendum passes.
	pub confirm: u32,
	/// The least time from approval to enactment.
	pub min_enactment: u32,
}

/// The longest any period may be set to: a year of 6-second blocks. Longer periods are a
/// mistake (a typo in a referendum), and would stall a track for as long.
pub const MAX_PERIOD: u32 = 365 * 24 * 600;

impl TrackPeriods {
	/// Whether every period is between one block and [`MAX_PERIOD`].
	pub fn is_valid(&self) -> bool {
		[self.prepare, self.decision, self.confirm, self.min_enactment]
			.iter()
			.all(|period| (1..=MAX_PERIOD).contains(period))
	}
}

/// The weight of this pallet's calls.
pub trait WeightInfo {
	/// `set_track_periods`, with `n` overrides already stored.
	fn set_track_periods(n: u32) -> Weight;
}

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::{TrackPeriods, WeightInfo};
	use alloc::vec::Vec;
	use polkadot_sdk::{
		frame_support::{pallet_prelude::*, traits::Contains},
		frame_system::pallet_prelude::*,
	};

	/// The overrides of the tracks' periods: at most one per track, sorted by track id.
	pub type Overrides<T> = BoundedVec<(u16, TrackPeriods), <T as Config>::MaxTracks>;

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The ids of the tracks that exist (overrides are accepted for those only).
		type Tracks: Contains<u16>;
		/// How many tracks there are at most.
		#[pallet::constant]
		type MaxTracks: Get<u32>;
		/// Who may change a track's periods (root).
		type PeriodsOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The weight of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Origins that referenda on their own tracks dispatch with.
	#[derive(
		PartialEq, Eq, Clone, MaxEncodedLen, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// Decides disputes of the evaluation engine.
		#[codec(index = 0)]
		DisputeResolver,
		/// Changes the chain's operational parameters.
		#[codec(index = 1)]
		GeneralAdmin,
		/// Sets the technical committee's members.
		#[codec(index = 2)]
		CommitteeMembership,
		/// Dispatches, as root, calls the technical committee whitelisted.
		#[codec(index = 3)]
		WhitelistedCaller,
	}

	/// The tracks whose periods differ from their defaults, with the periods they have: at
	/// most one entry per track, sorted by track id.
	#[pallet::storage]
	pub type TrackPeriodOverrides<T: Config> = StorageValue<_, Overrides<T>, ValueQuery>;

	/// The periods some tracks have from genesis on (the development and local presets set
	/// every track's to a few blocks).
	#[pallet::genesis_config]
	#[derive(polkadot_sdk::frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(track id, periods)` pairs; each track at most once.
		pub track_periods: Vec<(u16, TrackPeriods)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut overrides = Overrides::<T>::default();
			for (track, periods) in &self.track_periods {
				assert!(T::Tracks::contains(track), "track_periods: no track {track}");
				assert!(
					periods.is_valid(),
					"track_periods: track {track}'s periods must be 1..={}",
					super::MAX_PERIOD
				);
				assert!(
					overrides.binary_search_by_key(track, |(id, _)| *id).is_err(),
					"track_periods: track {track} twice"
				);
				Pallet::<T>::insert_override(&mut overrides, *track, *periods)
					.expect("track_periods: more tracks than MaxTracks");
			}
			if !overrides.is_empty() {
				TrackPeriodOverrides::<T>::put(overrides);
			}
		}
	}

	/// Events of the pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A track's periods were set; referenda on it follow them from their next step on.
		TrackPeriodsSet {
			/// The track.
			track: u16,
			/// Its new periods.
			periods: TrackPeriods,
		},
		/// A track's periods are its defaults again.
		TrackPeriodsReset {
			/// The track.
			track: u16,
		},
	}

	/// Errors of the pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// There is no track with this id.
		UnknownTrack,
		/// A period is zero or longer than a year (`MAX_PERIOD`).
		PeriodOutOfRange,
		/// The track has no overridden periods to reset.
		NotOverridden,
		/// More tracks than `MaxTracks` would have overrides (the runtime's track table
		/// cannot have that many).
		TooManyOverrides,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets `track`'s periods (`Some`), or gives it back its defaults (`None`). Referenda
		/// on the track follow the new periods from their next step on.
		///
		/// Origin: `PeriodsOrigin` (root: a referendum on the root track).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_track_periods(T::MaxTracks::get()))]
		pub fn set_track_periods(
			origin: OriginFor<T>,
			track: u16,
			periods: Option<TrackPeriods>,
		) -> DispatchResult {
			T::PeriodsOrigin::ensure_origin(origin)?;
			Self::do_set_track_periods(track, periods)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Checks and stores `track`'s periods (or removes its override), and says so.
		pub fn do_set_track_periods(track: u16, periods: Option<TrackPeriods>) -> DispatchResult {
			ensure!(T::Tracks::contains(&track), Error::<T>::UnknownTrack);
			TrackPeriodOverrides::<T>::try_mutate(|overrides| match periods {
				Some(periods) => {
					ensure!(periods.is_valid(), Error::<T>::PeriodOutOfRange);
					Self::insert_override(overrides, track, periods)
						.map_err(|()| Error::<T>::TooManyOverrides)?;
					Self::deposit_event(Event::TrackPeriodsSet { track, periods });
					Ok(())
				}
				None => {
					let position = overrides
						.iter()
						.position(|(id, _)| *id == track)
						.ok_or(Error::<T>::NotOverridden)?;
					overrides.remove(position);
					Self::deposit_event(Event::TrackPeriodsReset { track });
					Ok(())
				}
			})
		}
	}

	impl<T: Config> Pallet<T> {
		/// `track`'s periods if they are overridden.
		pub fn track_periods(track: u16) -> Option<TrackPeriods> {
			TrackPeriodOverrides::<T>::get()
				.into_iter()
				.find_map(|(id, periods)| (id == track).then_some(periods))
		}

		/// Puts `track`'s periods into `overrides`, replacing its entry or inserting one in
		/// track order; `Err` when that would exceed `MaxTracks`.
		fn insert_override(
			overrides: &mut Overrides<T>,
			track: u16,
			periods: TrackPeriods,
		) -> Result<(), ()> {
			match overrides.binary_search_by_key(&track, |(id, _)| *id) {
				Ok(found) => {
					if let Some(entry) = overrides.get_mut(found) {
						entry.1 = periods;
					}
					Ok(())
				}
				Err(at) => overrides.try_insert(at, (track, periods)).map_err(|_| ()),
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// The invariant of the overrides: sorted by track id, each of an existing track at
		/// most once, with periods a call could have set.
		pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let overrides = TrackPeriodOverrides::<T>::get();
			ensure!(
				overrides.windows(2).all(|pair| pair[0].0 < pair[1].0),
				"TrackPeriodOverrides is not sorted by track id, or has a track twice"
			);
			ensure!(
				overrides.iter().all(|(track, _)| T::Tracks::contains(track)),
				"TrackPeriodOverrides names a track that does not exist"
			);
			ensure!(
				overrides.iter().all(|(_, periods)| periods.is_valid()),
				"TrackPeriodOverrides holds a period of zero or over MAX_PERIOD"
			);
			Ok(())
		}
	}
}

/// An `EnsureOrigin` that passes exactly one of this pallet's origins.
macro_rules! ensure_origin {
	($(#[$doc:meta])* $name:ident, $variant:ident) => {
		$(#[$doc])*
		pub struct $name;

		impl<O> polkadot_sdk::frame_support::traits::EnsureOrigin<O> for $name
		where
			O: Into<Result<Origin, O>> + From<Origin>,
		{
			type Success = ();

			fn try_origin(o: O) -> Result<Self::Success, O> {
				o.into().and_then(|origin| match origin {
					Origin::$variant => Ok(()),
					other => Err(O::from(other)),
				})
			}

			#[cfg(feature = "runtime-benchmarks")]
			fn try_successful_origin() -> Result<O, ()> {
				Ok(O::from(Origin::$variant))
			}
		}
	};
}

ensure_origin!(
	/// Passes only [`Origin::DisputeResolver`] (a referendum on the `dispute_resolver` track).
	EnsureDisputeResolver,
	DisputeResolver
);
ensure_origin!(
	/// Passes only [`Origin::GeneralAdmin`] (a referendum on the `general_admin` track).
	EnsureGeneralAdmin,
	GeneralAdmin
);
ensure_origin!(
	/// Passes only [`Origin::CommitteeMembership`] (a referendum on the `committee_membership`
	/// track).
	EnsureCommitteeMembership,
	CommitteeMembership
);
ensure_origin!(
	/// Passes only [`Origin::WhitelistedCaller`] (a referendum on the `whitelisted_caller`
	/// track).
	EnsureWhitelistedCaller,
	WhitelistedCaller
);

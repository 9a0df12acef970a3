//! The runtime's own governance origins, each with its referendum track
//! (`configs::governance::GovernanceTracks`): decisions that are not root's to make.
//!
//! - [`Origin::DisputeResolver`]: decides an evaluation-engine dispute
//!   (`Scoring::resolve_dispute`), the last resort over re-runs, on the `dispute_resolver`
//!   track (a lower decision deposit, days rather than weeks). Root cannot decide disputes.

pub use pallet::*;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use polkadot_sdk::frame_support::pallet_prelude::*;

	/// No configuration: the pallet only declares origins.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Origins that referenda on their own tracks dispatch with.
	#[derive(
		PartialEq, Eq, Clone, MaxEncodedLen, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// Decides disputes of the evaluation engine.
		DisputeResolver,
	}
}

/// Passes only [`Origin::DisputeResolver`] (a referendum on the `dispute_resolver` track).
pub struct EnsureDisputeResolver;

impl<O> polkadot_sdk::frame_support::traits::EnsureOrigin<O> for EnsureDisputeResolver
where
	O: Into<Result<Origin, O>> + From<Origin>,
{
	type Success = ();

	fn try_origin(o: O) -> Result<Self::Success, O> {
		o.into().and_then(|origin| match origin {
			Origin::DisputeResolver => Ok(()),
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Ok(O::from(Origin::DisputeResolver))
	}
}

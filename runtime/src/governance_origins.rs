//! The runtime's own governance origins, each with its referendum track
//! (`configs::governance::GovernanceTracks`): decisions that are not root's to make.
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
		#[codec(index = 0)]
		DisputeResolver,
		/// Changes the chain's operational parameters.
		#[codec(index = 1)]
		GeneralAdmin,
		/// Sets the technical committee's members.
		#[codec(index = 2)]
		CommitteeMembership,
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

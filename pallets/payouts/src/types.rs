//! Records only this pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame::prelude::*;

/// A scored contribution whose author claims: the snapshot the money went to and the
/// contribution.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ClaimTarget {
	/// The project.
	pub project: attribution_primitives::ProjectId,
	/// Its snapshot version.
	pub version: attribution_primitives::SnapshotVersion,
	/// The contribution scored in it.
	pub contribution: attribution_primitives::ContributionId,
}

/// Terms of a licence offer, as the seller gives them.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct OfferTerms<Balance, BlockNumber> {
	/// Price of one licence.
	pub price: Balance,
	/// How long each licence lasts; `None`: perpetual.
	pub duration: Option<BlockNumber>,
	/// How many licences may be sold; `None`: unlimited.
	pub seats: Option<u32>,
	/// Grant commercial use (the contribution's licence must allow it).
	pub commercial: bool,
	/// Allow derivative works (the contribution's licence must allow them).
	pub derivatives: bool,
}

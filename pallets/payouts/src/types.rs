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

/// The parents of a contribution that its project's owner approved to be paid royalties,
/// each with its weight ([`Call::set_royalty_weights`](crate::Call::set_royalty_weights)).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxWeights))]
pub struct RoyaltySplit<AccountId, Balance, MaxWeights: Get<u32>> {
	/// Who set it and holds its deposit.
	pub owner: AccountId,
	/// The deposit held from `owner`.
	pub deposit: Balance,
	/// Approved parents, in the order the owner gave them, each with its part of what the
	/// royalty leaves after the parents' floors (the parts sum to at most 100%; what they
	/// leave stays with the earner).
	pub parents: BoundedVec<(attribution_primitives::ContributionId, Perbill), MaxWeights>,
}

/// What an evaluator-access setting covers
/// ([`Call::set_evaluator_access`](crate::Call::set_evaluator_access)).
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
pub enum AccessScope {
	/// Every contribution of a project that has no setting of its own.
	Project(attribution_primitives::ProjectId),
	/// One contribution (it overrides its project's setting).
	Contribution(attribution_primitives::ContributionId),
}

/// A project owner's decision on whether evaluators the chain draws for work that uses an
/// artifact may get that artifact from the owner's gateways without a licence.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct EvaluatorAccessSetting<AccountId, Balance> {
	/// Who set it and holds its deposit.
	pub owner: AccountId,
	/// The deposit held from `owner`.
	pub deposit: Balance,
	/// Whether drawn evaluators may get the artifacts.
	pub allowed: bool,
}

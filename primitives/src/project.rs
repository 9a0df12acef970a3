//! Projects: the unit contributions are registered to, scored in and paid out from.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	sp_core::Get,
	sp_runtime::{BoundedVec, Perbill},
};
use scale_info::TypeInfo;

use crate::licence::LicenceTerms;

/// Who may register contributions to a project.
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
pub enum Membership {
	/// Anyone.
	Open,
	/// Only members; the owner or a majority of members add and remove them.
	Consortium,
}

/// How the project's contributions are to be evaluated (used by the scoring pallet).
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
pub struct EvaluatorPolicy<Balance, BlockNumber> {
	/// Seats of each round's committee, drawn by stake from the registered evaluators.
	pub committee: u32,
	/// Stake each seat assigns to the work (what it risks).
	pub min_stake: Balance,
	/// Blocks evaluators have to commit.
	pub commit_period: BlockNumber,
	/// Blocks evaluators have to reveal after the commit period.
	pub reveal_period: BlockNumber,
	/// Blocks a score snapshot can be disputed before it is final.
	pub dispute_period: BlockNumber,
}

/// A project.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxNameLen))]
pub struct Project<AccountId, Balance, BlockNumber, MaxNameLen: Get<u32>> {
	/// Who manages it and holds its deposit.
	pub owner: AccountId,
	/// Its name, UTF-8.
	pub name: BoundedVec<u8, MaxNameLen>,
	/// Licence terms contributions get unless they say otherwise.
	pub default_licence: LicenceTerms,
	/// Share of what the project earns that flows to the projects of its contributions' parents.
	pub royalty_to_parents: Perbill,
	/// How its contributions are evaluated.
	pub evaluator_policy: EvaluatorPolicy<Balance, BlockNumber>,
	/// Who may contribute.
	pub membership: Membership,
	/// Number of members (consortium) — kept so majorities are computed in O(1).
	pub member_count: u32,
	/// Members removed so far (consortium). A membership motion last voted on before the
	/// latest removal may still list a removed member among its ayes; its next vote drops
	/// them before counting, so removing a member never walks the project's motions.
	pub member_removals: u32,
	/// Number of contributions registered to it (pending ones included).
	pub contribution_count: u32,
	/// The deposit held from the owner.
	pub deposit: Balance,
	/// Block it was created in.
	pub created_at: BlockNumber,
}

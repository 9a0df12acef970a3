//! Types of the contributions pallet that other crates do not need.

use codec::{Decode, DecodeWithMemTracking, Encode, EncodeLike, MaxEncodedLen};
use frame::prelude::*;
use scale_info::TypeInfo;

/// A contribution id that encodes big-endian, so that storage keys built from it with the
/// `Identity` hasher iterate in increasing id order. Used as the second key of the index maps,
/// whose first key is hashed; ids are assigned by the chain, so they cannot be chosen to
/// unbalance the trie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, TypeInfo, MaxEncodedLen)]
pub struct OrderedId(pub u64);

impl Encode for OrderedId {
	fn size_hint(&self) -> usize {
		8
	}
	fn using_encoded<R, F: FnOnce(&[u8]) -> R>(&self, f: F) -> R {
		f(&self.0.to_be_bytes())
	}
}

impl EncodeLike for OrderedId {}

impl Decode for OrderedId {
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		let mut bytes = [0u8; 8];
		input.read(&mut bytes)?;
		Ok(OrderedId(u64::from_be_bytes(bytes)))
	}
}

/// A change to a consortium's members.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum MembershipChange<AccountId> {
	/// Admit this account.
	Add(AccountId),
	/// Remove this account.
	Remove(AccountId),
}

/// Members' votes for a membership change, until a majority is reached.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxMembers))]
pub struct Motion<AccountId, Balance, MaxMembers: Get<u32>> {
	/// The member who opened it and holds its deposit.
	pub proposer: AccountId,
	/// The deposit held from the proposer.
	pub deposit: Balance,
	/// Members in favour. Members removed since the motion's last vote may still be listed;
	/// they do not count (the next vote drops them).
	pub ayes: BoundedVec<AccountId, MaxMembers>,
	/// The project's `member_removals` at the motion's last vote: when it still equals the
	/// project's, every aye is a member.
	pub removals_seen: u32,
}

/// A commitment to register content ([`Call::commit_registration`](crate::Call::commit_registration)).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct RegistrationCommitment<AccountId, Balance, BlockNumber> {
	/// Who committed, and alone may register the content while the commitment lasts.
	pub who: AccountId,
	/// The deposit held from `who`.
	pub deposit: Balance,
	/// The block of the commitment; the content can be registered from the next one.
	pub at: BlockNumber,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ordered_ids_encode_big_endian_and_round_trip() {
		assert_eq!(OrderedId(1).encode(), vec![0, 0, 0, 0, 0, 0, 0, 1]);
		assert!(OrderedId(255).encode() < OrderedId(256).encode());
		assert_eq!(
			OrderedId::decode(&mut &OrderedId(u64::MAX - 3).encode()[..]).unwrap().0,
			u64::MAX - 3
		);
	}
}

/// One contribution of a [`Call::register_contributions`](crate::Call::register_contributions)
/// batch: the arguments of [`Call::register_contribution`](crate::Call::register_contribution)
/// after the project.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct Registration<AccountId> {
	/// What it is.
	pub kind: attribution_primitives::contribution::ContributionKind,
	/// Its binary CID.
	pub cid: alloc::vec::Vec<u8>,
	/// Another place to fetch it from.
	pub locator: Option<attribution_primitives::contribution::Locator>,
	/// Authors and their shares, summing to 100%; the registrar must be one of them.
	pub authors: alloc::vec::Vec<(AccountId, Perbill)>,
	/// Earlier contributions it derives from (may be earlier items of the same batch).
	pub parents: alloc::vec::Vec<attribution_primitives::ContributionId>,
	/// Its licence, or `None` for the project's default.
	pub licence: Option<attribution_primitives::licence::LicenceTerms>,
	/// Hash of its metadata document.
	pub metadata_hash: H256,
	/// Size of the artifact in bytes.
	pub size_bytes: u64,
}

/// An item of the walk's queue ([`FrontierQueue`](crate::FrontierQueue)): a contribution whose
/// children are still to be marked affected by the withdrawal of `root`.
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
pub struct FrontierItem {
	/// The withdrawn or affected contribution whose children are walked.
	pub node: attribution_primitives::ContributionId,
	/// The withdrawn contribution the walk started from.
	pub root: attribution_primitives::ContributionId,
	/// The last child already walked, `None` before the first.
	pub after: Option<attribution_primitives::ContributionId>,
}

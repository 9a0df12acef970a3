//! Contributions: what was contributed, by whom, derived from what, under which licence.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	sp_core::{ConstU32, Get, H256},
	sp_runtime::{BoundedVec, Perbill},
};
use scale_info::TypeInfo;

use crate::{cid::MAX_CID_LEN, licence::LicenceTerms, ContributionId, ProjectId};

/// Longest URI locator stored.
pub const MAX_URI_LEN: u32 = 256;

/// A binary CID of at most [`MAX_CID_LEN`] bytes (validated by [`crate::cid::validate_cid`]).
pub type CidBytes = BoundedVec<u8, ConstU32<MAX_CID_LEN>>;

/// What kind of artifact a contribution is.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum ContributionKind {
	/// A dataset.
	Dataset,
	/// Trained model weights.
	ModelCheckpoint,
	/// A fine-tune of a model.
	FineTune,
	/// A hyperparameter search or training run configuration and its results.
	HyperparameterRun,
	/// Source code.
	Code,
	/// An evaluation (benchmark results, evaluation set).
	Evaluation,
	/// A federated-learning client update.
	FederatedUpdate,
}

/// Where the artifact can be fetched besides IPFS.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum Locator {
	/// An Arweave transaction id (32 bytes; 43 characters in base64url).
	Arweave([u8; 32]),
	/// Any other URI (`https://`, `s3://`, `hf://`, ...), as UTF-8.
	Uri(BoundedVec<u8, ConstU32<MAX_URI_LEN>>),
}

/// Where a contribution is in its life.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum ContributionStatus<BlockNumber, Reason> {
	/// Waiting for every co-author's approval until `expires_at`.
	Pending {
		/// The block after which it can be expired.
		expires_at: BlockNumber,
		/// Bit `i` set: author `i` approved.
		approvals: u32,
	},
	/// Part of the record: counts for scoring and payouts.
	Active,
	/// Withdrawn by an author; kept forever as part of the pedigree.
	Withdrawn {
		/// When.
		at: BlockNumber,
		/// Why, as UTF-8.
		reason: Reason,
	},
}

/// A registered contribution.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxAuthors, MaxParents, MaxReasonLen))]
pub struct Contribution<
	AccountId,
	Balance,
	BlockNumber,
	MaxAuthors: Get<u32>,
	MaxParents: Get<u32>,
	MaxReasonLen: Get<u32>,
> {
	/// The project it belongs to.
	pub project: ProjectId,
	/// What it is.
	pub kind: ContributionKind,
	/// Its content identifier (binary CID).
	pub cid: CidBytes,
	/// Another place to fetch it from.
	pub locator: Option<Locator>,
	/// Its authors and their shares (summing to 100%), in the order given at registration.
	pub authors: BoundedVec<(AccountId, Perbill), MaxAuthors>,
	/// Earlier contributions it derives from (the lineage DAG).
	pub parents: BoundedVec<ContributionId, MaxParents>,
	/// Its licence.
	pub licence: LicenceTerms,
	/// Hash of its metadata document (model card, datasheet, ...).
	pub metadata_hash: H256,
	/// Size of the artifact in bytes.
	pub size_bytes: u64,
	/// Who registered it and holds its deposit.
	pub registrar: AccountId,
	/// The deposit held from the registrar.
	pub deposit: Balance,
	/// Block it was registered in.
	pub registered_at: BlockNumber,
	/// Timestamp (ms since the epoch) of that block.
	pub registered_at_ms: u64,
	/// Its status.
	pub status: ContributionStatus<BlockNumber, BoundedVec<u8, MaxReasonLen>>,
}

/// Why a list of author shares is not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharesError {
	/// No authors.
	NoAuthors,
	/// An author appears twice.
	DuplicateAuthor,
	/// A share is zero.
	ZeroShare,
	/// The shares do not add up to exactly 100%.
	SharesDoNotSumToWhole,
}

/// Checks author shares: at least one author, no duplicates, no zero share, and parts that
/// add up to exactly one whole (`Perbill::one()`), without overflow.
pub fn validate_shares<AccountId: PartialEq>(
	authors: &[(AccountId, Perbill)],
) -> Result<(), SharesError> {
	if authors.is_empty() {
		return Err(SharesError::NoAuthors);
	}
	let mut total: u64 = 0;
	for (i, (who, share)) in authors.iter().enumerate() {
		if share.is_zero() {
			return Err(SharesError::ZeroShare);
		}
		if authors[..i].iter().any(|(other, _)| other == who) {
			return Err(SharesError::DuplicateAuthor);
		}
		total = total.saturating_add(u64::from(share.deconstruct()));
	}
	if total != u64::from(Perbill::one().deconstruct()) {
		return Err(SharesError::SharesDoNotSumToWhole);
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn shares_must_be_whole_distinct_and_non_zero() {
		let half = Perbill::from_percent(50);
		assert_eq!(validate_shares(&[(1u8, Perbill::one())]), Ok(()));
		assert_eq!(validate_shares(&[(1u8, half), (2, half)]), Ok(()));
		assert_eq!(validate_shares::<u8>(&[]), Err(SharesError::NoAuthors));
		assert_eq!(validate_shares(&[(1u8, half), (1, half)]), Err(SharesError::DuplicateAuthor));
		assert_eq!(
			validate_shares(&[(1u8, Perbill::one()), (2, Perbill::zero())]),
			Err(SharesError::ZeroShare)
		);
		assert_eq!(validate_shares(&[(1u8, half)]), Err(SharesError::SharesDoNotSumToWhole));
		assert_eq!(
			validate_shares(&[(1u8, Perbill::one()), (2, half)]),
			Err(SharesError::SharesDoNotSumToWhole)
		);
	}

	proptest::proptest! {
		#[test]
		fn any_split_of_a_whole_into_distinct_authors_is_accepted(
			cuts in proptest::collection::btree_set(1u32..1_000_000_000, 0..15),
		) {
			let mut points: Vec<u32> = cuts.into_iter().collect();
			points.insert(0, 0);
			points.push(1_000_000_000);
			let authors: Vec<(u32, Perbill)> = points
				.windows(2)
				.enumerate()
				.map(|(i, w)| (i as u32, Perbill::from_parts(w[1] - w[0])))
				.collect();
			proptest::prop_assert_eq!(validate_shares(&authors), Ok(()));
			// Taking one part-per-billion away from any author breaks the sum.
			let mut short = authors.clone();
			let last = short.len() - 1;
			short[last].1 = Perbill::from_parts(short[last].1.deconstruct() - 1);
			let expected = if short[last].1.is_zero() { SharesError::ZeroShare } else { SharesError::SharesDoNotSumToWhole };
			proptest::prop_assert_eq!(validate_shares(&short), Err(expected));
		}
	}
}

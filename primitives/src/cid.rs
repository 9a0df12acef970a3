//! Content identifiers: validation of binary CIDs (CIDv0 and CIDv1) against the codecs and
//! hash functions the chain accepts.
//!
//! The chain stores CIDs in their binary form (what `Cid::to_bytes` gives): a CIDv0 is the
//! 34-byte sha2-256 multihash (`0x12 0x20 <digest>`); a CIDv1 is
//! `<varint version=1><varint codec><varint hash code><varint digest length><digest>`.
//! Parsing is done by the `cid` crate (no_std); this module adds the policy: which codecs and
//! hash functions are known, that the digest has the length its hash function produces, and
//! that nothing trails the CID.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{sp_core::ConstU32, sp_runtime::BoundedVec};
use scale_info::TypeInfo;

/// Longest binary CID accepted: a CIDv1 with a 64-byte digest and multi-byte varints fits.
pub const MAX_CID_LEN: u32 = 96;

/// Longest content key: a multihash with a 64-byte digest, its hash code (at most 3 varint
/// bytes for the accepted functions) and its digest length (1 byte).
pub const MAX_CONTENT_KEY_LEN: u32 = 68;

/// What a CID names, whatever its version and codec: its multihash (hash function, digest
/// length, digest), as `<varint hash code><varint digest length><digest>`. Two CIDs with one
/// content key name the same bytes: a CIDv0 and the CIDv1 `dag-pb` of the same digest, or one
/// digest under two codecs, which only differ in how the bytes are read. The registry keys
/// uniqueness on it, so that re-encoding a CID registers nothing new.
pub type ContentKey = BoundedVec<u8, ConstU32<MAX_CONTENT_KEY_LEN>>;

/// Multicodec codes of the content types a CIDv1 may name.
pub mod codecs {
	/// Raw bytes.
	pub const RAW: u64 = 0x55;
	/// MerkleDAG protobuf (UnixFS files and directories).
	pub const DAG_PB: u64 = 0x70;
	/// MerkleDAG CBOR.
	pub const DAG_CBOR: u64 = 0x71;
	/// MerkleDAG JSON.
	pub const DAG_JSON: u64 = 0x0129;
	/// Plain JSON.
	pub const JSON: u64 = 0x0200;
	/// Plain CBOR.
	pub const CBOR: u64 = 0x51;
	/// A CARv1 archive.
	pub const CAR: u64 = 0x0202;

	/// Every codec the chain accepts.
	pub const ALL: [u64; 7] = [RAW, DAG_PB, DAG_CBOR, DAG_JSON, JSON, CBOR, CAR];
}

/// Multihash codes of the hash functions the chain accepts, with their digest lengths.
pub mod hashes {
	/// sha2-256.
	pub const SHA2_256: u64 = 0x12;
	/// sha2-512.
	pub const SHA2_512: u64 = 0x13;
	/// sha3-512.
	pub const SHA3_512: u64 = 0x14;
	/// sha3-256.
	pub const SHA3_256: u64 = 0x16;
	/// keccak-256.
	pub const KECCAK_256: u64 = 0x1b;
	/// blake3 (default 32-byte output).
	pub const BLAKE3: u64 = 0x1e;
	/// blake2b-256.
	pub const BLAKE2B_256: u64 = 0xb220;
	/// blake2b-512.
	pub const BLAKE2B_512: u64 = 0xb240;
	/// blake2s-256.
	pub const BLAKE2S_256: u64 = 0xb260;

	/// The digest length each accepted hash function produces, or `None` if it is not accepted.
	/// The identity "hash" (0x00) is refused: it embeds content instead of naming it.
	pub const fn digest_len(code: u64) -> Option<u8> {
		match code {
			SHA2_256 | SHA3_256 | KECCAK_256 | BLAKE3 | BLAKE2B_256 | BLAKE2S_256 => Some(32),
			SHA2_512 | SHA3_512 | BLAKE2B_512 => Some(64),
			_ => None,
		}
	}
}

/// What a valid CID says about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct CidInfo {
	/// 0 or 1.
	pub version: u8,
	/// Multicodec of the content (`dag-pb` for every CIDv0).
	pub codec: u64,
	/// Multihash code of the hash function.
	pub hash_code: u64,
	/// Digest length in bytes.
	pub digest_len: u8,
}

/// Why bytes are not an acceptable CID.
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
pub enum CidError {
	/// Empty, or longer than [`MAX_CID_LEN`].
	BadLength,
	/// Not a CID at all (bad varints, truncated digest, ...).
	Malformed,
	/// Bytes follow a complete CID.
	TrailingBytes,
	/// The content codec is not one of [`codecs::ALL`].
	UnknownCodec,
	/// The hash function is not one the chain accepts (see [`hashes::digest_len`]).
	UnknownHashFunction,
	/// The digest is not as long as its hash function's output.
	WrongDigestLength,
}

/// Validates a binary CID and describes it.
pub fn validate_cid(bytes: &[u8]) -> Result<CidInfo, CidError> {
	if bytes.is_empty() || bytes.len() > MAX_CID_LEN as usize {
		return Err(CidError::BadLength);
	}
	let mut rest = bytes;
	let cid = cid::CidGeneric::<64>::read_bytes(&mut rest).map_err(|_| CidError::Malformed)?;
	if !rest.is_empty() {
		return Err(CidError::TrailingBytes);
	}
	let version = match cid.version() {
		cid::Version::V0 => 0,
		cid::Version::V1 => 1,
	};
	if !codecs::ALL.contains(&cid.codec()) {
		return Err(CidError::UnknownCodec);
	}
	let hash_code = cid.hash().code();
	let expected = hashes::digest_len(hash_code).ok_or(CidError::UnknownHashFunction)?;
	let digest_len = cid.hash().size();
	if digest_len != expected {
		return Err(CidError::WrongDigestLength);
	}
	Ok(CidInfo { version, codec: cid.codec(), hash_code, digest_len })
}

/// The content key of a binary CID the chain accepts (see [`ContentKey`]).
pub fn content_key(bytes: &[u8]) -> Result<ContentKey, CidError> {
	validate_cid(bytes)?;
	let mut rest = bytes;
	let cid = cid::CidGeneric::<64>::read_bytes(&mut rest).map_err(|_| CidError::Malformed)?;
	let hash = cid.hash();
	let mut key = ContentKey::default();
	let digest_len = u64::from(hash.size());
	for byte in varint(hash.code()).into_iter().chain(varint(digest_len)).flatten() {
		key.try_push(byte).map_err(|_| CidError::BadLength)?;
	}
	for &byte in hash.digest() {
		key.try_push(byte).map_err(|_| CidError::BadLength)?;
	}
	Ok(key)
}

/// `n` as an unsigned LEB128 varint (as multiformats write it): at most 10 bytes, the unused
/// ones `None`.
fn varint(mut n: u64) -> [Option<u8>; 10] {
	let mut out = [None; 10];
	for slot in out.iter_mut() {
		let byte = (n & 0x7f) as u8;
		n >>= 7;
		if n == 0 {
			*slot = Some(byte);
			break;
		}
		*slot = Some(byte | 0x80);
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::vec::Vec;

	fn varint(mut n: u64, out: &mut Vec<u8>) {
		loop {
			let byte = (n & 0x7f) as u8;
			n >>= 7;
			if n == 0 {
				out.push(byte);
				return;
			}
			out.push(byte | 0x80);
		}
	}

	fn v1(codec: u64, hash: u64, digest: &[u8]) -> Vec<u8> {
		let mut out = Vec::new();
		varint(1, &mut out);
		varint(codec, &mut out);
		varint(hash, &mut out);
		varint(digest.len() as u64, &mut out);
		out.extend_from_slice(digest);
		out
	}

	fn v0(digest: &[u8; 32]) -> Vec<u8> {
		let mut out = alloc::vec![0x12, 0x20];
		out.extend_from_slice(digest);
		out
	}

	#[test]
	fn cid_v0_is_accepted_as_dag_pb_sha2_256() {
		let info = validate_cid(&v0(&[7; 32])).expect("valid CIDv0");
		assert_eq!(
			info,
			CidInfo { version: 0, codec: codecs::DAG_PB, hash_code: 0x12, digest_len: 32 }
		);
	}

	#[test]
	fn cid_v1_with_known_codecs_and_hashes_is_accepted() {
		for codec in codecs::ALL {
			for (hash, len) in
				[(hashes::SHA2_256, 32), (hashes::BLAKE2B_256, 32), (hashes::SHA2_512, 64)]
			{
				let info =
					validate_cid(&v1(codec, hash, &alloc::vec![1; len])).expect("valid CIDv1");
				assert_eq!((info.version, info.codec, info.hash_code), (1, codec, hash));
				assert_eq!(info.digest_len as usize, len);
			}
		}
	}

	#[test]
	fn string_form_cids_convert_to_accepted_binary_cids() {
		// The string forms IPFS prints: base58btc CIDv0, base32 CIDv1 (raw and dag-pb).
		for (text, version, codec) in [
			("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", 0, codecs::DAG_PB),
			("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", 1, codecs::RAW),
			("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", 1, codecs::DAG_PB),
		] {
			let parsed = cid::CidGeneric::<64>::try_from(text).expect("a valid CID string");
			let info = validate_cid(&parsed.to_bytes()).expect("accepted");
			assert_eq!(
				(info.version, info.codec, info.hash_code),
				(version, codec, hashes::SHA2_256)
			);
		}
	}

	#[test]
	fn unknown_codecs_and_hash_functions_are_rejected() {
		assert_eq!(
			validate_cid(&v1(0x9999, hashes::SHA2_256, &[0; 32])),
			Err(CidError::UnknownCodec)
		);
		assert_eq!(
			validate_cid(&v1(codecs::RAW, 0x00, &[0; 32])),
			Err(CidError::UnknownHashFunction),
			"identity multihash"
		);
		assert_eq!(
			validate_cid(&v1(codecs::RAW, 0x1234, &[0; 32])),
			Err(CidError::UnknownHashFunction)
		);
	}

	#[test]
	fn wrong_digest_lengths_are_rejected() {
		assert_eq!(
			validate_cid(&v1(codecs::RAW, hashes::SHA2_256, &[0; 31])),
			Err(CidError::WrongDigestLength)
		);
		assert_eq!(
			validate_cid(&v1(codecs::RAW, hashes::SHA2_512, &[0; 32])),
			Err(CidError::WrongDigestLength)
		);
	}

	#[test]
	fn garbage_truncation_and_trailing_bytes_are_rejected() {
		assert_eq!(validate_cid(&[]), Err(CidError::BadLength));
		assert_eq!(validate_cid(&[0xff; 97]), Err(CidError::BadLength));
		assert_eq!(validate_cid(b"QmNotBinary"), Err(CidError::Malformed));
		let mut truncated = v1(codecs::RAW, hashes::SHA2_256, &[0; 32]);
		truncated.pop();
		assert_eq!(validate_cid(&truncated), Err(CidError::Malformed));
		let mut trailing = v0(&[1; 32]);
		trailing.push(0);
		assert_eq!(validate_cid(&trailing), Err(CidError::TrailingBytes));
		// Version 2 does not exist.
		let mut v2 = v1(codecs::RAW, hashes::SHA2_256, &[0; 32]);
		v2[0] = 2;
		assert_eq!(validate_cid(&v2), Err(CidError::Malformed));
	}

	proptest::proptest! {
		#[test]
		fn validation_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..128)) {
			let _ = validate_cid(&bytes);
		}

		#[test]
		fn every_well_formed_v1_round_trips(
			codec_index in 0usize..codecs::ALL.len(),
			digest in proptest::collection::vec(proptest::num::u8::ANY, 32),
		) {
			let bytes = v1(codecs::ALL[codec_index], hashes::BLAKE3, &digest);
			let info = validate_cid(&bytes).expect("well formed");
			proptest::prop_assert_eq!(info.codec, codecs::ALL[codec_index]);
			proptest::prop_assert_eq!(info.digest_len, 32);
		}
	}

	/// Audit M2: a CIDv0, its CIDv1 and the same digest under another codec are one content.
	#[test]
	fn every_encoding_of_one_digest_has_one_content_key() {
		let digest = [7u8; 32];
		let key = content_key(&v0(&digest)).expect("a valid CIDv0");
		let mut expected = alloc::vec![0x12, 0x20];
		expected.extend_from_slice(&digest);
		assert_eq!(key.to_vec(), expected, "the multihash of a CIDv0 is the CIDv0 itself");
		for codec in codecs::ALL {
			let v1 = v1(codec, hashes::SHA2_256, &digest);
			assert_eq!(content_key(&v1), Ok(key.clone()), "codec {codec:#x}");
		}
		// Another digest, or the same digest under another hash function, is another content.
		assert_ne!(content_key(&v0(&[8; 32])), Ok(key.clone()));
		let blake = content_key(&v1(codecs::RAW, hashes::BLAKE2B_256, &digest)).unwrap();
		assert_eq!(blake[..3], [0xa0, 0xe4, 0x02], "blake2b-256's code 0xb220 as a varint");
		assert_ne!(blake, key);
		// The longest: a 64-byte digest under a 3-byte hash code.
		let longest = content_key(&v1(codecs::RAW, hashes::BLAKE2B_512, &[1; 64])).unwrap();
		assert_eq!(longest.len() as u32, MAX_CONTENT_KEY_LEN);
		assert_eq!(content_key(&[0x12]), Err(CidError::Malformed));
	}
}

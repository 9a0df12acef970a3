//! Licence terms attached to projects (as a default) and to each contribution.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	sp_core::{ConstU32, H256},
	sp_runtime::{BoundedVec, Perbill},
};
use scale_info::TypeInfo;

/// Longest SPDX licence expression stored (e.g. `Apache-2.0 OR MIT`).
pub const MAX_SPDX_LEN: u32 = 64;

/// Which licence applies.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum Licence {
	/// An SPDX licence expression, as ASCII (`CC-BY-4.0`, `Apache-2.0`, ...).
	Spdx(BoundedVec<u8, ConstU32<MAX_SPDX_LEN>>),
	/// Custom terms, kept off chain; the chain holds the hash of the terms document.
	TermsHash(H256),
}

/// What others may do with a contribution, and what they owe.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct LicenceTerms {
	/// The licence.
	pub licence: Licence,
	/// Commercial use is allowed.
	pub commercial_use: bool,
	/// Derivative works are allowed.
	pub derivatives_allowed: bool,
	/// Users must attribute the contributors.
	pub attribution_required: bool,
	/// Share of revenue from derived works owed upstream.
	pub royalty: Perbill,
}

/// Why licence terms are not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenceError {
	/// An empty SPDX expression, or one with characters SPDX expressions never contain.
	MalformedSpdx,
}

impl LicenceTerms {
	/// Checks the terms: an SPDX expression must be non-empty printable ASCII made of the
	/// characters SPDX identifiers and operators use (`A-Z a-z 0-9 - . + ( ) :` and spaces).
	pub fn validate(&self) -> Result<(), LicenceError> {
		match &self.licence {
			Licence::Spdx(expr) => {
				let allowed = |c: &u8| {
					c.is_ascii_alphanumeric()
						|| matches!(c, b'-' | b'.' | b'+' | b'(' | b')' | b':' | b' ')
				};
				if expr.is_empty() || !expr.iter().all(allowed) || expr.iter().all(|c| *c == b' ') {
					return Err(LicenceError::MalformedSpdx);
				}
				Ok(())
			}
			Licence::TermsHash(_) => Ok(()),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn spdx(s: &str) -> LicenceTerms {
		LicenceTerms {
			licence: Licence::Spdx(s.as_bytes().to_vec().try_into().expect("short")),
			commercial_use: true,
			derivatives_allowed: true,
			attribution_required: true,
			royalty: Perbill::from_percent(5),
		}
	}

	#[test]
	fn spdx_expressions_are_checked() {
		for ok in [
			"Apache-2.0",
			"CC-BY-4.0",
			"MIT OR Apache-2.0",
			"GPL-2.0+",
			"(MIT AND BSD-3-Clause)",
			"LicenseRef-x:y",
		] {
			assert_eq!(spdx(ok).validate(), Ok(()), "{ok}");
		}
		for bad in ["", "   ", "MIT;rm -rf", "Apache\n2.0", "ÜML"] {
			assert_eq!(spdx(bad).validate(), Err(LicenceError::MalformedSpdx), "{bad:?}");
		}
	}

	#[test]
	fn a_terms_hash_is_always_well_formed() {
		let mut terms = spdx("MIT");
		terms.licence = Licence::TermsHash(H256::repeat_byte(1));
		assert_eq!(terms.validate(), Ok(()));
	}
}

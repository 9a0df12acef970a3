//! Exact results: a value as `numerator / denominator`.

use crate::{
	wide::{mul_div_rem, mul_wide},
	Error,
};

/// An exact rational value `numerator / denominator` with `denominator > 0`.
///
/// Exact methods return every player's value over one common denominator (for example `n!`),
/// so numerators can be compared and summed directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fraction {
	/// The numerator, in the caller's utility scale times `denominator`.
	pub numerator: i128,
	/// The denominator, always positive.
	pub denominator: i128,
}

impl Fraction {
	/// `numerator / denominator`, or [`Error::InvalidParameter`] unless `denominator > 0`.
	pub fn new(numerator: i128, denominator: i128) -> Result<Self, Error> {
		if denominator <= 0 {
			return Err(Error::InvalidParameter);
		}
		Ok(Fraction { numerator, denominator })
	}

	/// The value in fixed point with `scale` units per utility unit, rounded to the nearest
	/// integer (halves away from zero).
	pub fn to_fixed(&self, scale: u128) -> Result<i128, Error> {
		let magnitude = self.numerator.unsigned_abs();
		let denominator = self.denominator.unsigned_abs();
		let (quotient, remainder) =
			mul_div_rem(magnitude, scale, denominator).ok_or(Error::Overflow)?;
		let rounded = if remainder >= denominator - remainder {
			quotient.checked_add(1).ok_or(Error::Overflow)?
		} else {
			quotient
		};
		let rounded = i128::try_from(rounded).map_err(|_| Error::Overflow)?;
		Ok(if self.numerator < 0 { -rounded } else { rounded })
	}

	/// Whether the two fractions are the same number (`a/b = c/d`), without overflow.
	pub fn equals(&self, other: &Fraction) -> bool {
		if self.numerator.signum() != other.numerator.signum() {
			return false;
		}
		// Cross products in 256 bits: a/b = c/d  <=>  a*d = c*b.
		mul_wide(self.numerator.unsigned_abs(), other.denominator.unsigned_abs())
			== mul_wide(other.numerator.unsigned_abs(), self.denominator.unsigned_abs())
	}

	/// The value as a float, for tools and tests; never used by the maths.
	#[cfg(feature = "std")]
	pub fn to_f64(&self) -> f64 {
		self.numerator as f64 / self.denominator as f64
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn rounds_to_nearest_with_halves_away_from_zero() {
		let third = Fraction::new(1, 3).unwrap();
		assert_eq!(third.to_fixed(1_000_000_000), Ok(333_333_333));
		assert_eq!(Fraction::new(2, 3).unwrap().to_fixed(1_000), Ok(667));
		assert_eq!(Fraction::new(-1, 2).unwrap().to_fixed(1), Ok(-1));
		assert_eq!(Fraction::new(1, 2).unwrap().to_fixed(1), Ok(1));
		assert_eq!(Fraction::new(-2, 3).unwrap().to_fixed(1_000), Ok(-667));
		assert_eq!(Fraction::new(1, 0), Err(Error::InvalidParameter));
	}

	#[test]
	fn equality_is_by_value() {
		assert!(Fraction { numerator: 2, denominator: 6 }.equals(&Fraction::new(1, 3).unwrap()));
		assert!(!Fraction { numerator: -1, denominator: 3 }.equals(&Fraction::new(1, 3).unwrap()));
		let big = Fraction { numerator: i128::MAX, denominator: i128::MAX };
		assert!(big.equals(&Fraction::new(1, 1).unwrap()));
	}
}

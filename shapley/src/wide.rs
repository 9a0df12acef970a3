//! 256-bit intermediate products for `a * b / c` on `u128` without overflow.

const LOW: u128 = u64::MAX as u128;

/// The full 256-bit product `a * b` as `(high, low)` halves.
pub(crate) fn mul_wide(a: u128, b: u128) -> (u128, u128) {
	let (a1, a0) = (a >> 64, a & LOW);
	let (b1, b0) = (b >> 64, b & LOW);
	let p00 = a0 * b0;
	let p01 = a0 * b1;
	let p10 = a1 * b0;
	let p11 = a1 * b1;
	// Each term is below 2^64, so the sum is below 3 * 2^64.
	let middle = (p00 >> 64) + (p01 & LOW) + (p10 & LOW);
	let low = (p00 & LOW) | (middle << 64);
	let high = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
	(high, low)
}

/// `floor(a * b / c)` and the remainder, or `None` when `c` is zero or the quotient does not
/// fit a `u128`.
pub(crate) fn mul_div_rem(a: u128, b: u128, c: u128) -> Option<(u128, u128)> {
	if c == 0 {
		return None;
	}
	let (high, low) = mul_wide(a, b);
	if high >= c {
		return None;
	}
	// Binary long division of (high, low) by c; the running remainder stays below c.
	let mut remainder = high;
	let mut quotient = 0u128;
	for bit in (0..128).rev() {
		let carry = remainder >> 127;
		remainder = (remainder << 1) | ((low >> bit) & 1);
		quotient <<= 1;
		if carry == 1 || remainder >= c {
			remainder = remainder.wrapping_sub(c);
			quotient |= 1;
		}
	}
	Some((quotient, remainder))
}

/// `ceil(a * b / c)`, or `None` when `c` is zero or the result does not fit a `u128`.
pub(crate) fn mul_div_ceil(a: u128, b: u128, c: u128) -> Option<u128> {
	let (quotient, remainder) = mul_div_rem(a, b, c)?;
	if remainder == 0 {
		Some(quotient)
	} else {
		quotient.checked_add(1)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn matches_native_arithmetic_when_it_fits() {
		for (a, b, c) in
			[(7u128, 9, 4), (u64::MAX as u128, 3, 5), (0, 5, 1), (1 << 100, 1 << 20, 3)]
		{
			assert_eq!(mul_div_rem(a, b, c), Some((a * b / c, a * b % c)));
		}
	}

	#[test]
	fn handles_products_beyond_u128() {
		// (2^127) * 6 / 4 = 3 * 2^126.
		assert_eq!(mul_div_rem(1 << 127, 6, 4), Some((3 << 126, 0)));
		assert_eq!(mul_div_rem(u128::MAX, u128::MAX, u128::MAX), Some((u128::MAX, 0)));
		assert_eq!(mul_div_ceil(u128::MAX, 3, 2), None);
		assert_eq!(mul_div_rem(1, 1, 0), None);
		assert_eq!(mul_div_ceil(10, 1, 3), Some(4));
	}
}

//! How many samples an estimate needs: Hoeffding's inequality with a union bound.

use crate::{wide::mul_div_ceil, Error};

/// `ln 2` in Q64.64, rounded up.
const LN2_Q64_CEIL: u128 = 0xB172_17F7_D1CF_79AC;
/// `1.0` in Q64.64.
const ONE_Q64: u128 = 1 << 64;
/// `delta` is given in parts per billion.
const BILLION: u128 = 1_000_000_000;

/// An accuracy target for a sampled estimate: every player's estimate within `epsilon` of its
/// true value with probability at least `1 − delta`, when each sampled marginal contribution
/// lies in an interval of width `range`.
///
/// By Hoeffding's inequality a mean of `m` independent samples in an interval of width `r`
/// misses its expectation by `ε` or more with probability at most `2·exp(−2mε²/r²)`; a union
/// bound over the `k` means an estimator forms gives `m = ⌈r² · ln(2k/δ) / (2ε²)⌉`. The
/// logarithm is computed in fixed point and rounded up at every step, so the count returned
/// is never below the true bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SampleBound {
	/// Width `b − a` of the interval every marginal contribution lies in, in utility units
	/// (for utilities in `[0, U]`, marginals lie in `[−U, U]`: width `2U`).
	pub range: u64,
	/// Allowed error per player, in utility units; must be positive.
	pub epsilon: u64,
	/// Allowed failure probability in parts per billion, in `1..1_000_000_000`.
	pub delta_ppb: u32,
}

impl SampleBound {
	/// Permutations for [`permutation_sampling`](crate::permutation_sampling) over `players`
	/// players (one mean per player: `k = n`).
	pub fn permutations(&self, players: usize) -> Result<u64, Error> {
		self.samples(players as u128)
	}

	/// Samples per stratum for [`stratified_sampling`](crate::stratified_sampling) over
	/// `players` players (`n` strata per player: `k = n²`). The estimate averages the `n`
	/// strata, so it is within `epsilon` when every stratum is.
	pub fn per_stratum(&self, players: usize) -> Result<u64, Error> {
		let players = players as u128;
		self.samples(players.checked_mul(players).ok_or(Error::Overflow)?)
	}

	/// `⌈range² · ln(2·means/δ) / (2ε²)⌉`.
	fn samples(&self, means: u128) -> Result<u64, Error> {
		if self.epsilon == 0
			|| means == 0
			|| self.delta_ppb == 0
			|| u128::from(self.delta_ppb) >= BILLION
		{
			return Err(Error::InvalidParameter);
		}
		let numerator = means.checked_mul(2 * BILLION).ok_or(Error::Overflow)?;
		let ln = ln_q64_upper(numerator, u128::from(self.delta_ppb)).ok_or(Error::Overflow)?;
		let range_squared = u128::from(self.range) * u128::from(self.range);
		let epsilon_squared = u128::from(self.epsilon) * u128::from(self.epsilon);
		let scaled = mul_div_ceil(range_squared, ln, ONE_Q64).ok_or(Error::Overflow)?;
		let per_epsilon = mul_div_ceil(scaled, 1, epsilon_squared).ok_or(Error::Overflow)?;
		// ⌈⌈a/b⌉/2⌉ = ⌈a/(2b)⌉.
		let samples = per_epsilon.div_ceil(2);
		u64::try_from(samples).map_err(|_| Error::Overflow)
	}
}

/// An upper bound of `ln(numerator / denominator)` in Q64.64, for a ratio of at least 1.
fn ln_q64_upper(numerator: u128, denominator: u128) -> Option<u128> {
	mul_div_ceil(log2_q64_upper(numerator, denominator)?, LN2_Q64_CEIL, ONE_Q64)
}

/// An upper bound of `log2(numerator / denominator)` in Q64.64, for a ratio of at least 1:
/// the integer part from bit lengths, then 64 fraction bits by repeated squaring, rounding
/// every intermediate up, plus one unit for the bits not computed.
fn log2_q64_upper(numerator: u128, denominator: u128) -> Option<u128> {
	if denominator == 0 || numerator < denominator {
		return None;
	}
	let bits = |x: u128| 128 - x.leading_zeros();
	let mut exponent = bits(numerator) - bits(denominator);
	if denominator << exponent > numerator {
		exponent -= 1;
	}
	// y = ratio / 2^exponent in [1, 2), as Q64.64 rounded up.
	let mut y = mul_div_ceil(numerator, ONE_Q64, denominator << exponent)?;
	let mut log = u128::from(exponent) << 64;
	for bit in (0..64).rev() {
		y = mul_div_ceil(y, y, ONE_Q64)?;
		if y >= 2 * ONE_Q64 {
			log |= 1 << bit;
			y = y.div_ceil(2);
		}
	}
	log.checked_add(1)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn q64_to_f64(x: u128) -> f64 {
		x as f64 / ONE_Q64 as f64
	}

	#[test]
	fn logarithms_are_tight_upper_bounds() {
		for (n, d) in
			[(1u128, 1u128), (2, 1), (3, 1), (10, 3), (1 << 100, 7), (2_000_000_000_000, 1)]
		{
			let exact = (n as f64 / d as f64).log2();
			let bound = q64_to_f64(log2_q64_upper(n, d).unwrap());
			// f64 itself is only good to ~1e-15 relative, so allow that much below.
			let slack = 1e-12 * exact.max(1.0);
			assert!(
				bound + slack >= exact && bound - exact < 1e-9,
				"log2({n}/{d}): {bound} vs {exact}"
			);
			let exact = (n as f64 / d as f64).ln();
			let bound = q64_to_f64(ln_q64_upper(n, d).unwrap());
			assert!(
				bound + slack >= exact && bound - exact < 1e-9,
				"ln({n}/{d}): {bound} vs {exact}"
			);
		}
		assert_eq!(log2_q64_upper(1, 2), None);
	}

	#[test]
	fn sample_counts_match_the_formula() {
		let bound = SampleBound { range: 2, epsilon: 1, delta_ppb: 50_000_000 };
		// 4 · ln(2·10/0.05) / 2 = 2 · ln 400 = 11.98... → 12.
		assert_eq!(bound.permutations(10), Ok(12));
		let fine = SampleBound { range: 1_000_000, epsilon: 10_000, delta_ppb: 1_000 };
		let expected = (1e12 * (2.0 * 50.0 / 1e-6f64).ln() / (2.0 * 1e8)).ceil() as u64;
		assert_eq!(fine.permutations(50), Ok(expected));
		let strata = (1e12 * (2.0 * 2500.0 / 1e-6f64).ln() / (2.0 * 1e8)).ceil() as u64;
		assert_eq!(fine.per_stratum(50), Ok(strata));
	}

	#[test]
	fn bad_parameters_are_rejected() {
		let bound = SampleBound { range: 1, epsilon: 0, delta_ppb: 1 };
		assert_eq!(bound.permutations(3), Err(Error::InvalidParameter));
		let bound = SampleBound { range: 1, epsilon: 1, delta_ppb: 1_000_000_000 };
		assert_eq!(bound.permutations(3), Err(Error::InvalidParameter));
		let bound = SampleBound { range: u64::MAX, epsilon: 1, delta_ppb: 1 };
		assert_eq!(bound.permutations(3), Err(Error::Overflow));
	}
}

//! Robust aggregation of evaluators' reveals, as pure functions: the strict-majority
//! stake-weighted median, distance from the consensus, and the shares that follow from the
//! aggregated values.

use alloc::vec::Vec;
use attribution_primitives::score::Tolerance;
use attribution_shapley::{allocate, exact_shapley, Fraction};
use frame::prelude::*;

/// Parts of a whole share (`Perbill` resolution).
const BILLION: u128 = 1_000_000_000;

/// Why a set of reveals has no consensus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoConsensus {
	/// No reveal carries positive stake.
	NoStake,
	/// The stake is split exactly in half between a lower and an upper value: no value has a
	/// strict majority of the stake on each side, and neither side wins.
	Tie,
	/// A reveal is shorter than the round's width (the reveal checks make this impossible).
	Malformed,
}

/// The strict-majority stake-weighted median of `(value, stake)` pairs: the value `m` with
/// less than half of the stake strictly below it and less than half strictly above it.
/// Such a value is unique when it exists; it does not exist when the stake splits exactly in
/// half between two values ([`NoConsensus::Tie`]): neither side's value is taken (the lower
/// median would hand exactly half of the stake the result, a midpoint would let it move the
/// result as far as it likes). Pairs with zero stake never count. Sorts `samples`.
///
/// Evaluators holding at most half the stake cannot move the median outside the range of the
/// values of the rest.
pub fn weighted_median(samples: &mut [(i64, u128)]) -> Result<i64, NoConsensus> {
	samples.sort_unstable();
	let total: u128 = samples.iter().fold(0u128, |sum, (_, w)| sum.saturating_add(*w));
	if total == 0 {
		return Err(NoConsensus::NoStake);
	}
	let mut below = 0u128;
	let mut index = 0;
	while let Some(&(value, _)) = samples.get(index) {
		// The stake on `value` itself: every pair with this value.
		let mut at = 0u128;
		while let Some(&(v, w)) = samples.get(index) {
			if v != value {
				break;
			}
			at = at.saturating_add(w);
			index += 1;
		}
		if at == 0 {
			continue;
		}
		let up_to = below.saturating_add(at);
		// 2·stake(≤ value) > total: less than half of the stake lies above `value`.
		if up_to.saturating_mul(2) > total {
			// Less than half lies below it too, unless exactly half does: a tie.
			return if below.saturating_mul(2) == total {
				Err(NoConsensus::Tie)
			} else {
				Ok(value)
			};
		}
		below = up_to;
	}
	// Unreachable with positive total stake: the last value has all of it at or below.
	Err(NoConsensus::NoStake)
}

/// The element-wise strict-majority median of several reveals of `len` values, each weighed
/// by its stake. Fails when any element has no strict majority.
pub fn consensus(reveals: &[(&[i64], u128)], len: usize) -> Result<Vec<i64>, NoConsensus> {
	let mut column = Vec::with_capacity(reveals.len());
	(0..len)
		.map(|i| {
			column.clear();
			for (values, stake) in reveals {
				column.push((*values.get(i).ok_or(NoConsensus::Malformed)?, *stake));
			}
			weighted_median(&mut column)
		})
		.collect()
}

/// Whether `values` lies outside `tolerance` around `consensus`: its L1 distance exceeds
/// `len · absolute + relative · Σ|m|` (the two parts together).
pub fn is_outlier(values: &[i64], consensus: &[i64], tolerance: &Tolerance) -> bool {
	let distance: u128 = values
		.iter()
		.zip(consensus)
		.map(|(x, m)| (i128::from(*x) - i128::from(*m)).unsigned_abs())
		.fold(0, u128::saturating_add);
	let size: u128 =
		consensus.iter().map(|m| u128::from(m.unsigned_abs())).fold(0, u128::saturating_add);
	let absolute = u128::from(tolerance.absolute).saturating_mul(consensus.len() as u128);
	let relative = u128::from(tolerance.relative.deconstruct()).saturating_mul(size) / BILLION;
	distance > absolute.saturating_add(relative)
}

/// Shares (summing to exactly 100%, largest remainder) and the indices of clipped negative
/// values. All zero when no value is positive.
pub fn shares(values: &[Fraction]) -> (Vec<Perbill>, Vec<usize>) {
	match allocate(BILLION, values) {
		Ok(allocation) => (
			allocation.amounts.iter().map(|a| Perbill::from_parts(*a as u32)).collect(),
			allocation.clipped,
		),
		Err(_) => (
			values.iter().map(|_| Perbill::zero()).collect(),
			values.iter().enumerate().filter(|(_, v)| v.numerator < 0).map(|(i, _)| i).collect(),
		),
	}
}

/// Exact Shapley values of `players` from a consensus utility table; `None` if the table has
/// the wrong length or the values overflow.
pub fn exact_values(players: usize, table: &[i64]) -> Option<Vec<Fraction>> {
	exact_shapley(players, table).ok()
}

/// Sampled estimates, each already a value in the utility's scale.
pub fn sampled_values(estimates: &[i64]) -> Vec<Fraction> {
	estimates.iter().map(|e| Fraction { numerator: i128::from(*e), denominator: 1 }).collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	fn tolerance(absolute: u64, percent: u32) -> Tolerance {
		Tolerance { absolute, relative: Perbill::from_percent(percent) }
	}

	#[test]
	fn median_follows_a_strict_stake_majority() {
		// Honest evaluators hold 60% of the stake.
		let mut samples = [(100, 20), (100, 20), (100, 20), (-5_000, 20), (9_999, 20)];
		assert_eq!(weighted_median(&mut samples), Ok(100));
		let mut samples = [(7, 1), (3, 5), (5, 1)];
		assert_eq!(weighted_median(&mut samples), Ok(3));
		let mut samples = [(100, 1), (101, 1), (102, 1)];
		assert_eq!(weighted_median(&mut samples), Ok(101));
		// Zero stake never counts.
		let mut samples = [(1, 0), (2, 0)];
		assert_eq!(weighted_median(&mut samples), Err(NoConsensus::NoStake));
		assert_eq!(weighted_median(&mut []), Err(NoConsensus::NoStake));
		let mut samples = [(1, 0), (2, 3)];
		assert_eq!(weighted_median(&mut samples), Ok(2));
		let mut samples = [(-9, 0), (1, 2), (2, 3), (50, 0)];
		assert_eq!(weighted_median(&mut samples), Ok(2));
	}

	#[test]
	fn an_even_split_is_a_tie_whichever_side_is_lower() {
		// The audit's M5 case: the lower median would have been 0.
		let mut samples = [(0, 1), (100, 1)];
		assert_eq!(weighted_median(&mut samples), Err(NoConsensus::Tie));
		let mut samples = [(100, 50), (0, 25), (-3, 25)];
		assert_eq!(weighted_median(&mut samples), Err(NoConsensus::Tie));
		let mut samples = [(i64::MAX, 1), (0, 1), (0, 0)];
		assert_eq!(weighted_median(&mut samples), Err(NoConsensus::Tie));
		// Just over half wins.
		let mut samples = [(0, 50), (100, 51)];
		assert_eq!(weighted_median(&mut samples), Ok(100));
		let mut samples = [(0, 51), (100, 50)];
		assert_eq!(weighted_median(&mut samples), Ok(0));
	}

	#[test]
	fn consensus_is_per_element_and_fails_on_any_tie() {
		let a = [1i64, 10, 100];
		let b = [1i64, 20, 100];
		let c = [2i64, 30, 0];
		assert_eq!(consensus(&[(&a, 1), (&b, 1), (&c, 1)], 3), Ok(alloc::vec![1, 20, 100]));
		assert_eq!(consensus(&[(&a, 1), (&c, 1)], 3), Err(NoConsensus::Tie));
		assert_eq!(consensus(&[(&a[..2], 1)], 3), Err(NoConsensus::Malformed));
	}

	#[test]
	fn outliers_lie_outside_the_absolute_and_relative_tolerance_together() {
		let consensus = [100, 200, 300];
		// Relative 10% of 600 = 60, absolute 0.
		assert!(!is_outlier(&[100, 200, 300], &consensus, &tolerance(0, 10)));
		assert!(!is_outlier(&[110, 210, 310], &consensus, &tolerance(0, 10)));
		assert!(is_outlier(&[121, 220, 320], &consensus, &tolerance(0, 10)));
		// The absolute part adds 3 · 5 = 15 to the 60.
		assert!(!is_outlier(&[125, 220, 330], &consensus, &tolerance(5, 10)));
		assert!(is_outlier(&[126, 220, 330], &consensus, &tolerance(5, 10)));
		// Around a zero consensus only the absolute part allows noise.
		assert!(is_outlier(&[1, 0], &[0, 0], &tolerance(0, 10)));
		assert!(!is_outlier(&[2, -2], &[0, 0], &tolerance(2, 10)));
		assert!(is_outlier(&[3, -2], &[0, 0], &tolerance(2, 10)));
	}

	#[test]
	fn shares_sum_to_a_whole_and_clip_negatives() {
		let values = sampled_values(&[3, -1, 1]);
		let (shares, clipped) = shares(&values);
		assert_eq!(shares, [Perbill::from_percent(75), Perbill::zero(), Perbill::from_percent(25)]);
		assert_eq!(clipped, [1]);
		let (shares, clipped) = shares_of(&[-1, 0]);
		assert_eq!(shares, [Perbill::zero(), Perbill::zero()]);
		assert_eq!(clipped, [0]);
	}

	fn shares_of(values: &[i64]) -> (Vec<Perbill>, Vec<usize>) {
		shares(&sampled_values(values))
	}
}

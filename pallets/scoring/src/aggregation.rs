//! Robust aggregation of evaluators' reveals: stake-weighted medians, distance from the
//! consensus, and the shares that follow from the aggregated values.

use alloc::vec::Vec;
pub use attribution_shapley::weighted_median;
use attribution_shapley::{allocate, exact_shapley, Fraction};
use frame::prelude::*;

/// Parts of a whole share (`Perbill` resolution).
const BILLION: u128 = 1_000_000_000;

/// The element-wise stake-weighted median of several equally long vectors.
pub fn consensus(reveals: &[(&[i64], u128)], len: usize) -> Option<Vec<i64>> {
	let mut column = Vec::with_capacity(reveals.len());
	(0..len)
		.map(|i| {
			column.clear();
			column.extend(reveals.iter().map(|(values, weight)| (values[i], *weight)));
			weighted_median(&mut column)
		})
		.collect()
}

/// Whether `values` is farther than `tolerance` from `consensus`, in relative L1 distance:
/// `Σ|x − m| > tolerance · max(Σ|m|, 1)`.
pub fn is_outlier(values: &[i64], consensus: &[i64], tolerance: Perbill) -> bool {
	let distance: u128 = values
		.iter()
		.zip(consensus)
		.map(|(x, m)| (i128::from(*x) - i128::from(*m)).unsigned_abs())
		.fold(0, u128::saturating_add);
	let size: u128 =
		consensus.iter().map(|m| u128::from(m.unsigned_abs())).fold(0, u128::saturating_add);
	distance.saturating_mul(BILLION)
		> u128::from(tolerance.deconstruct()).saturating_mul(size.max(1))
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

	#[test]
	fn outliers_by_relative_distance() {
		let consensus = [100, 200, 300];
		assert!(!is_outlier(&[100, 200, 300], &consensus, Perbill::from_percent(10)));
		assert!(!is_outlier(&[110, 210, 310], &consensus, Perbill::from_percent(10)));
		assert!(is_outlier(&[200, 200, 400], &consensus, Perbill::from_percent(10)));
		assert!(is_outlier(&[1, 0], &[0, 0], Perbill::from_percent(10)));
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

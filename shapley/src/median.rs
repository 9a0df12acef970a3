//! The stake-weighted median: the robust aggregate of evaluators' reports.

/// The stake-weighted (lower) median of `(value, weight)` pairs: the smallest value at which
/// the weight at or below it reaches half the total. Values with zero weight never count;
/// `None` when no weight is positive. Sorts `samples`.
///
/// Evaluators holding less than half the stake cannot move it outside the range of the
/// values of the rest.
pub fn weighted_median(samples: &mut [(i64, u128)]) -> Option<i64> {
	samples.sort_unstable();
	let total: u128 = samples.iter().fold(0u128, |sum, (_, w)| sum.saturating_add(*w));
	if total == 0 {
		return None;
	}
	let mut cumulative = 0u128;
	for &(value, weight) in samples.iter() {
		cumulative = cumulative.saturating_add(weight);
		// cumulative ≥ total / 2, without rounding: 2·cumulative ≥ total.
		if cumulative.saturating_mul(2) >= total {
			return Some(value);
		}
	}
	samples.last().map(|(value, _)| *value)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn median_follows_the_stake_majority() {
		// Honest evaluators hold 60% of the stake.
		let mut samples = [(100, 20), (100, 20), (100, 20), (-5_000, 20), (9_999, 20)];
		assert_eq!(weighted_median(&mut samples), Some(100));
		let mut samples = [(1, 1), (2, 1)];
		assert_eq!(weighted_median(&mut samples), Some(1));
		let mut samples = [(1, 0), (2, 0)];
		assert_eq!(weighted_median(&mut samples), None);
		let mut samples = [(7, 1), (3, 5), (5, 1)];
		assert_eq!(weighted_median(&mut samples), Some(3));
		assert_eq!(weighted_median(&mut []), None);
	}
}

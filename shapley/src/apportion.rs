//! Integer amounts that sum exactly to a total: the largest-remainder method.

use alloc::vec::Vec;

use crate::{wide::mul_div_rem, Error, Fraction};

/// Splits `total` indivisible units in proportion to `weights` by the largest-remainder
/// (Hamilton) method: everyone gets `⌊total · w_i / Σw⌋`, and the units left over (fewer than
/// the number of weights) go one each to the largest remainders, ties to the lower index.
/// The amounts always sum to exactly `total`.
///
/// [`Error::ZeroWeights`] when every weight is zero, [`Error::Overflow`] if the weights'
/// sum exceeds `u128`.
pub fn apportion(total: u128, weights: &[u128]) -> Result<Vec<u128>, Error> {
	let sum =
		weights.iter().try_fold(0u128, |sum, &w| sum.checked_add(w)).ok_or(Error::Overflow)?;
	if sum == 0 {
		return Err(Error::ZeroWeights);
	}
	let mut amounts = Vec::with_capacity(weights.len());
	let mut remainders = Vec::with_capacity(weights.len());
	let mut given = 0u128;
	for (index, &weight) in weights.iter().enumerate() {
		// weight ≤ sum, so the quotient is at most `total` and always fits.
		let (amount, remainder) = mul_div_rem(total, weight, sum).ok_or(Error::Overflow)?;
		amounts.push(amount);
		remainders.push((remainder, index));
		given += amount;
	}
	let left_over = (total - given) as usize;
	// Largest remainder first; equal remainders by index.
	remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
	for &(_, index) in remainders.iter().take(left_over) {
		amounts[index] += 1;
	}
	Ok(amounts)
}

/// `total` split by Shapley (or Banzhaf) values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
	/// Each player's amount; they sum to exactly the total.
	pub amounts: Vec<u128>,
	/// Players whose value was negative: they were counted as zero.
	pub clipped: Vec<usize>,
}

/// Splits `total` in proportion to `values`, clipping negative values to zero and reporting
/// them. Values over one common denominator (what the exact methods return) are split
/// exactly by their numerators; otherwise each value is first put in fixed point with
/// `10^18` units per utility unit.
pub fn allocate(total: u128, values: &[Fraction]) -> Result<Allocation, Error> {
	let common = values.first().map(|v| v.denominator);
	let shared = values.iter().all(|v| Some(v.denominator) == common);
	let mut clipped = Vec::new();
	let mut weights = Vec::with_capacity(values.len());
	for (player, value) in values.iter().enumerate() {
		let weight =
			if shared { value.numerator } else { value.to_fixed(1_000_000_000_000_000_000)? };
		if weight < 0 {
			clipped.push(player);
		}
		weights.push(weight.max(0) as u128);
	}
	Ok(Allocation { amounts: apportion(total, &weights)?, clipped })
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn thirds_of_ten_give_the_extra_unit_to_the_first() {
		assert_eq!(apportion(10, &[1, 1, 1]), Ok(alloc::vec![4, 3, 3]));
		assert_eq!(apportion(100, &[2, 1, 1]), Ok(alloc::vec![50, 25, 25]));
		assert_eq!(apportion(7, &[0, 0]), Err(Error::ZeroWeights));
		assert_eq!(
			apportion(u128::MAX, &[u128::MAX - 1, 1]).map(|a| a.iter().sum::<u128>()),
			Ok(u128::MAX)
		);
	}

	#[test]
	fn negative_values_are_clipped_and_reported() {
		let values = [
			Fraction { numerator: 3, denominator: 6 },
			Fraction { numerator: -1, denominator: 6 },
			Fraction { numerator: 1, denominator: 6 },
		];
		let allocation = allocate(1_000, &values).unwrap();
		assert_eq!(allocation.amounts, alloc::vec![750, 0, 250]);
		assert_eq!(allocation.clipped, alloc::vec![1]);
	}
}

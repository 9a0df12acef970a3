//! Weighted voting games, exactly, by dynamic programming over (size, weight).

use alloc::{vec, vec::Vec};

use crate::{factorial, shapley_weight, Error, Fraction};

/// Most players [`weighted_voting`] accepts: `n!` must fit an `i128`.
pub const MAX_VOTING_PLAYERS: usize = 33;
/// Largest quota [`weighted_voting`] accepts (its tables have `n · (quota + 1)` cells).
pub const MAX_VOTING_QUOTA: u64 = 100_000;

/// Exact Shapley values (the Shapley–Shubik power index) of the weighted voting game
/// `[quota; weights]`: a coalition wins (`v = 1`) when its total weight reaches `quota`.
///
/// Player `i` is pivotal for a coalition `S` of the others when `w(S) < quota ≤ w(S) + w_i`;
/// the number of such `S` of each size comes from a table of subset counts by (size,
/// weight), so the cost is `O(n³ · quota)` instead of `2^n`. Values share the denominator
/// `n!`.
pub fn weighted_voting(quota: u64, weights: &[u64]) -> Result<Vec<Fraction>, Error> {
	let n = weights.len();
	if n == 0 {
		return Err(Error::NoPlayers);
	}
	if n > MAX_VOTING_PLAYERS {
		return Err(Error::TooManyPlayers { players: n, max: MAX_VOTING_PLAYERS });
	}
	if quota > MAX_VOTING_QUOTA {
		return Err(Error::InvalidParameter);
	}
	let denominator = factorial(n).ok_or(Error::Overflow)?;
	if quota == 0 {
		// Even the empty coalition wins: nobody is ever pivotal.
		return Ok(vec![Fraction { numerator: 0, denominator }; n]);
	}
	let q = quota as usize;
	let columns = q + 1;
	let mut values = Vec::with_capacity(n);
	// counts[k * columns + w]: subsets of the others of size k and weight w (w = q means ≥ q).
	let mut counts = vec![0u128; n * columns];
	for player in 0..n {
		counts.iter_mut().for_each(|c| *c = 0);
		counts[0] = 1;
		let mut seen = 0usize;
		for (other, &weight) in weights.iter().enumerate() {
			if other == player {
				continue;
			}
			seen += 1;
			let step = weight.min(quota) as usize;
			for k in (0..seen).rev() {
				for w in (0..columns).rev() {
					let count = counts[k * columns + w];
					if count != 0 {
						let target = (k + 1) * columns + (w + step).min(q);
						counts[target] =
							counts[target].checked_add(count).ok_or(Error::Overflow)?;
					}
				}
			}
		}
		let lowest = q.saturating_sub(weights[player].min(quota) as usize);
		let mut numerator = 0i128;
		for k in 0..n {
			let pivots: u128 = counts[k * columns + lowest..k * columns + q].iter().sum();
			let pivots = i128::try_from(pivots).map_err(|_| Error::Overflow)?;
			let weight = shapley_weight(n, k).ok_or(Error::Overflow)?;
			numerator = weight
				.checked_mul(pivots)
				.and_then(|term| numerator.checked_add(term))
				.ok_or(Error::Overflow)?;
		}
		values.push(Fraction { numerator, denominator });
	}
	Ok(values)
}

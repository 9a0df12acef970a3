//! Exact Shapley values by enumerating every coalition.

use alloc::{vec, vec::Vec};

use crate::{factorial, game::check_table, shapley_weight, Error, Fraction, Utility};

/// Exact Shapley values of the game with utility `table` (bitmask order, `2^n` entries).
///
/// `φ_i = Σ_{S ⊆ N∖{i}} |S|! (n-|S|-1)! / n! · (v(S ∪ {i}) − v(S))`.
///
/// Every value is returned over the common denominator `n!`, exactly, so the values sum to
/// `v(N) − v(∅)` exactly (efficiency). The `n·2^(n-1)` marginal contributions are not formed
/// one by one: each coalition's utility is added once to a per-(player, size) sum, and the
/// Shapley weights are applied to those `n²` sums at the end, so the work is `2^n · n/2`
/// additions and `O(n²)` multiplications.
///
/// Errors: [`Error::NoPlayers`], [`Error::TooManyPlayers`] beyond
/// [`MAX_EXACT_PLAYERS`](crate::MAX_EXACT_PLAYERS), [`Error::TableLength`], and
/// [`Error::Overflow`] if `n! · |utility|` exceeds `i128` (not possible for `n ≤ 20`).
pub fn exact_shapley(players: usize, table: &[Utility]) -> Result<Vec<Fraction>, Error> {
	check_table(players, table)?;
	let n = players;
	let sizes = n + 1;
	// member_sums[i * sizes + s] = Σ v(S) over coalitions S of size s that contain i.
	let mut member_sums = vec![0i128; n * sizes];
	// size_sums[s] = Σ v(S) over all coalitions of size s.
	let mut size_sums = vec![0i128; sizes];
	for (mask, &utility) in table.iter().enumerate() {
		let utility = i128::from(utility);
		let size = mask.count_ones() as usize;
		size_sums[size] += utility;
		let mut members = mask;
		while members != 0 {
			let player = members.trailing_zeros() as usize;
			member_sums[player * sizes + size] += utility;
			members &= members - 1;
		}
	}

	let denominator = factorial(n).ok_or(Error::Overflow)?;
	let mut values = Vec::with_capacity(n);
	for player in 0..n {
		let sums = &member_sums[player * sizes..(player + 1) * sizes];
		let mut numerator = 0i128;
		for size in 0..=n {
			// Coalitions containing the player: it joined a coalition of size `size - 1`.
			if size >= 1 {
				let weight = shapley_weight(n, size - 1).ok_or(Error::Overflow)?;
				numerator = weight
					.checked_mul(sums[size])
					.and_then(|term| numerator.checked_add(term))
					.ok_or(Error::Overflow)?;
			}
			// Coalitions without the player: the base of its marginal contribution.
			if size < n {
				let weight = shapley_weight(n, size).ok_or(Error::Overflow)?;
				let without = size_sums[size] - sums[size];
				numerator = weight
					.checked_mul(without)
					.and_then(|term| numerator.checked_sub(term))
					.ok_or(Error::Overflow)?;
			}
		}
		values.push(Fraction { numerator, denominator });
	}
	Ok(values)
}

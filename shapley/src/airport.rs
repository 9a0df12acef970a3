//! The airport game in closed form (Littlechild & Owen 1973).

use alloc::{vec, vec::Vec};

use crate::{Error, Fraction};

/// Cost shares of the airport game: player `i` needs a runway costing `costs[i]`, and a
/// coalition pays for the longest runway any member needs, `c(S) = max_{i∈S} c_i`.
///
/// With the costs sorted, `c_1 ≤ … ≤ c_n` and `c_0 = 0`, the Shapley value is
/// `φ_i = Σ_{j ≤ i} (c_j − c_{j−1}) / (n − j + 1)`: every segment of runway is shared equally
/// by the players who need it. Values are returned in the order of `costs`, over the common
/// denominator `lcm(1, …, n)` ([`Error::Overflow`] past about 88 players).
pub fn airport(costs: &[u64]) -> Result<Vec<Fraction>, Error> {
	let n = costs.len();
	if n == 0 {
		return Err(Error::NoPlayers);
	}
	let denominator = (1..=n as i128).try_fold(1i128, |lcm, k| {
		let gcd = gcd(lcm, k);
		(lcm / gcd).checked_mul(k).ok_or(Error::Overflow)
	})?;
	let mut order: Vec<usize> = (0..n).collect();
	order.sort_by_key(|&i| costs[i]);
	let mut values = vec![Fraction { numerator: 0, denominator }; n];
	let (mut share, mut previous) = (0i128, 0u64);
	for (position, &player) in order.iter().enumerate() {
		let segment = i128::from(costs[player] - previous);
		let sharers = (n - position) as i128;
		share = segment
			.checked_mul(denominator / sharers)
			.and_then(|part| share.checked_add(part))
			.ok_or(Error::Overflow)?;
		values[player].numerator = share;
		previous = costs[player];
	}
	Ok(values)
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
	while b != 0 {
		(a, b) = (b, a % b);
	}
	a
}

//! Banzhaf values: exact from a table, and by maximum sample reuse.

use alloc::{vec, vec::Vec};

use crate::{
	game::{check_sampled, check_table},
	rng::DeterministicRng,
	Error, Fraction, Game, Utility,
};

/// Exact Banzhaf values: `β_i = 2^-(n-1) Σ_{S ⊆ N∖{i}} (v(S ∪ {i}) − v(S))`, over the common
/// denominator `2^(n-1)`. Same table layout and errors as [`exact_shapley`](crate::exact_shapley).
pub fn exact_banzhaf(players: usize, table: &[Utility]) -> Result<Vec<Fraction>, Error> {
	check_table(players, table)?;
	let mut member_sums = vec![0i128; players];
	let mut total = 0i128;
	for (mask, &utility) in table.iter().enumerate() {
		let utility = i128::from(utility);
		total += utility;
		let mut members = mask;
		while members != 0 {
			member_sums[members.trailing_zeros() as usize] += utility;
			members &= members - 1;
		}
	}
	let denominator = 1i128 << (players - 1);
	// Σ_{S∌i} marginal = Σ_{S∋i} v(S) − Σ_{S∌i} v(S) = 2·member_sum − total.
	member_sums
		.into_iter()
		.map(|sum| {
			let numerator = sum.checked_mul(2).and_then(|twice| twice.checked_sub(total));
			Ok(Fraction { numerator: numerator.ok_or(Error::Overflow)?, denominator })
		})
		.collect()
}

/// Banzhaf values estimated by maximum sample reuse (Wang & Jia 2023): `samples` coalitions
/// drawn uniformly (each player in with probability 1/2) from `seed`, each evaluated once and
/// used for every player: `β_i ≈ mean{v(S) : i ∈ S} − mean{v(S) : i ∉ S}`.
///
/// Each player's estimate has its own denominator. [`Error::InsufficientSamples`] if some
/// player was never (or always) in the sampled coalitions; draw more samples.
pub fn banzhaf_msr<G: Game>(
	game: &mut G,
	samples: u32,
	seed: [u8; 32],
) -> Result<Vec<Fraction>, Error> {
	let n = game.players();
	check_sampled(n, samples)?;
	let all = if n == 128 { u128::MAX } else { (1u128 << n) - 1 };
	let mut rng = DeterministicRng::from_seed(seed);
	let mut sum_in = vec![0i128; n];
	let mut count_in = vec![0i128; n];
	let mut total = 0i128;
	for _ in 0..samples {
		let coalition = rng.next_u128() & all;
		let utility = i128::from(game.value(coalition));
		total += utility;
		for player in 0..n {
			if coalition & (1 << player) != 0 {
				sum_in[player] += utility;
				count_in[player] += 1;
			}
		}
	}
	let samples = i128::from(samples);
	(0..n)
		.map(|player| {
			let (inside, count) = (sum_in[player], count_in[player]);
			let count_out = samples - count;
			if count == 0 || count_out == 0 {
				return Err(Error::InsufficientSamples);
			}
			// inside/count − outside/count_out over the denominator count·count_out.
			let outside = total - inside;
			let numerator = inside
				.checked_mul(count_out)
				.zip(outside.checked_mul(count))
				.and_then(|(a, b)| a.checked_sub(b))
				.ok_or(Error::Overflow)?;
			let denominator = count.checked_mul(count_out).ok_or(Error::Overflow)?;
			Ok(Fraction { numerator, denominator })
		})
		.collect()
}

//! Permutation sampling (Castro, Gómez & Tejada 2009).

use alloc::{vec, vec::Vec};

use crate::{game::check_sampled, rng::DeterministicRng, Error, Fraction, Game};

/// Shapley values estimated from `permutations` random orders of the players drawn from
/// `seed`: each player's estimate is its mean marginal contribution when it joins the players
/// before it. Each permutation costs `n` calls of [`Game::value`] (plus one for `v(∅)`).
///
/// Estimates share the denominator `permutations`, and they sum to `v(N) − v(∅)` exactly
/// (every permutation's marginals telescope). See
/// [`SampleBound::permutations`](crate::SampleBound::permutations) for how many permutations
/// give an error below `epsilon` with probability `1 − delta`.
pub fn permutation_sampling<G: Game>(
	game: &mut G,
	permutations: u32,
	seed: [u8; 32],
) -> Result<Vec<Fraction>, Error> {
	let n = game.players();
	check_sampled(n, permutations)?;
	let mut rng = DeterministicRng::from_seed(seed);
	let mut order: Vec<usize> = (0..n).collect();
	let mut sums = vec![0i128; n];
	let empty = i128::from(game.value(0));
	for _ in 0..permutations {
		rng.shuffle(&mut order);
		let mut coalition = 0u128;
		let mut previous = empty;
		for &player in &order {
			coalition |= 1 << player;
			let current = i128::from(game.value(coalition));
			sums[player] += current - previous;
			previous = current;
		}
	}
	let denominator = i128::from(permutations);
	Ok(sums.into_iter().map(|numerator| Fraction { numerator, denominator }).collect())
}

//! Stratified sampling: one stratum per coalition size (Maleki et al. 2013).

use alloc::{vec, vec::Vec};

use crate::{game::check_sampled, rng::DeterministicRng, Error, Fraction, Game};

/// Shapley values estimated by stratified sampling. The Shapley value is the mean over
/// coalition sizes `k = 0..n` of the player's mean marginal contribution to a uniformly random
/// coalition of size `k` of the other players; each of these `n` strata is estimated from
/// `per_stratum` coalitions drawn from `seed`. Cost: `2 · n² · per_stratum` calls of
/// [`Game::value`].
///
/// Estimates share the denominator `n · per_stratum`. Unlike permutation sampling this
/// spends the same effort on every coalition size, which helps when marginal contributions
/// vary mostly with size. See [`SampleBound::per_stratum`](crate::SampleBound::per_stratum).
pub fn stratified_sampling<G: Game>(
	game: &mut G,
	per_stratum: u32,
	seed: [u8; 32],
) -> Result<Vec<Fraction>, Error> {
	let n = game.players();
	check_sampled(n, per_stratum)?;
	let mut rng = DeterministicRng::from_seed(seed);
	let mut sums = vec![0i128; n];
	let mut others: Vec<usize> = Vec::with_capacity(n.saturating_sub(1));
	for player in 0..n {
		others.clear();
		others.extend((0..n).filter(|&other| other != player));
		for size in 0..n {
			for _ in 0..per_stratum {
				rng.choose_prefix(&mut others, size);
				let coalition = others[..size].iter().fold(0u128, |mask, &p| mask | (1 << p));
				let with = i128::from(game.value(coalition | (1 << player)));
				let without = i128::from(game.value(coalition));
				sums[player] += with - without;
			}
		}
	}
	let denominator = (n as i128).checked_mul(i128::from(per_stratum)).ok_or(Error::Overflow)?;
	Ok(sums.into_iter().map(|numerator| Fraction { numerator, denominator }).collect())
}

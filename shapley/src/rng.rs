//! The seeded generator behind every sampling method.

/// xoshiro256** (Blackman & Vigna), seeded with 32 bytes. The same seed gives the same
/// stream on every platform; on chain the seed comes from the round's randomness, so anyone
/// can replay an evaluator's samples.
#[derive(Clone, Debug)]
pub struct DeterministicRng {
	state: [u64; 4],
}

impl DeterministicRng {
	/// A generator whose state is the seed's four little-endian words. Each word is passed
	/// through SplitMix64 first, so seeds that are mostly zero still give a good stream (and
	/// the all-zero state, which xoshiro cannot leave, never occurs).
	pub fn from_seed(seed: [u8; 32]) -> Self {
		let mut state = [0u64; 4];
		let mut mix = 0x9E37_79B9_7F4A_7C15u64;
		for (word, chunk) in state.iter_mut().zip(seed.chunks_exact(8)) {
			let mut bytes = [0u8; 8];
			bytes.copy_from_slice(chunk);
			mix = mix.wrapping_add(u64::from_le_bytes(bytes)).wrapping_add(0x9E37_79B9_7F4A_7C15);
			*word = splitmix(mix);
		}
		if state == [0; 4] {
			state[0] = 1;
		}
		DeterministicRng { state }
	}

	/// The next 64 random bits.
	pub fn next_u64(&mut self) -> u64 {
		let result = self.state[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
		let t = self.state[1] << 17;
		self.state[2] ^= self.state[0];
		self.state[3] ^= self.state[1];
		self.state[1] ^= self.state[2];
		self.state[0] ^= self.state[3];
		self.state[2] ^= t;
		self.state[3] = self.state[3].rotate_left(45);
		result
	}

	/// The next 128 random bits.
	pub fn next_u128(&mut self) -> u128 {
		(u128::from(self.next_u64()) << 64) | u128::from(self.next_u64())
	}

	/// A uniform integer in `0..bound` (Lemire's method, unbiased); `0` when `bound` is `0`.
	pub fn below(&mut self, bound: u64) -> u64 {
		if bound == 0 {
			return 0;
		}
		let threshold = bound.wrapping_neg() % bound;
		loop {
			let product = u128::from(self.next_u64()) * u128::from(bound);
			if (product as u64) >= threshold {
				return (product >> 64) as u64;
			}
		}
	}

	/// Shuffles `items` uniformly (Fisher–Yates).
	pub fn shuffle<T>(&mut self, items: &mut [T]) {
		for i in (1..items.len()).rev() {
			let j = self.below(i as u64 + 1) as usize;
			items.swap(i, j);
		}
	}

	/// Moves a uniform random `k`-subset of `items` to its first `k` places (partial
	/// Fisher–Yates); `k` is capped at `items.len()`.
	pub fn choose_prefix<T>(&mut self, items: &mut [T], k: usize) {
		let len = items.len();
		for i in 0..k.min(len) {
			let j = i + self.below((len - i) as u64) as usize;
			items.swap(i, j);
		}
	}
}

fn splitmix(mut z: u64) -> u64 {
	z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
	z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
	z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn same_seed_same_stream_different_seed_different_stream() {
		let mut a = DeterministicRng::from_seed([7; 32]);
		let mut b = DeterministicRng::from_seed([7; 32]);
		let mut c = DeterministicRng::from_seed([8; 32]);
		let xs: [u64; 4] = core::array::from_fn(|_| a.next_u64());
		let ys: [u64; 4] = core::array::from_fn(|_| b.next_u64());
		let zs: [u64; 4] = core::array::from_fn(|_| c.next_u64());
		assert_eq!(xs, ys);
		assert_ne!(xs, zs);
	}

	#[test]
	fn below_is_roughly_uniform_and_in_range() {
		let mut rng = DeterministicRng::from_seed([0; 32]);
		let mut counts = [0u32; 6];
		for _ in 0..60_000 {
			counts[rng.below(6) as usize] += 1;
		}
		for count in counts {
			assert!((9_000..11_000).contains(&count), "{counts:?}");
		}
		assert_eq!(rng.below(0), 0);
	}

	#[test]
	fn shuffle_is_a_permutation() {
		let mut rng = DeterministicRng::from_seed([3; 32]);
		let mut items: [u8; 10] = core::array::from_fn(|i| i as u8);
		rng.shuffle(&mut items);
		let mut sorted = items;
		sorted.sort();
		assert_eq!(sorted, core::array::from_fn::<u8, 10, _>(|i| i as u8));
		assert_ne!(items, sorted, "ten items left in order by a shuffle is a 1 in 3.6M event");
	}
}

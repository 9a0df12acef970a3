//! Weights of the scoring pallet.
//!
//! NOT YET BENCHMARKED: `impl WeightInfo for ()` holds hand-estimated upper bounds so the
//! pallet can be tested; `scripts/benchmark.sh pallet_scoring` regenerates this file.

use frame::weights_prelude::*;

/// Weight functions needed by the pallet.
pub trait WeightInfo {
	/// `register_evaluator`.
	fn register_evaluator() -> Weight;
	/// `bond_extra`.
	fn bond_extra() -> Weight;
	/// `unbond`.
	fn unbond() -> Weight;
	/// `withdraw_unbonded`.
	fn withdraw_unbonded() -> Weight;
	/// `open_round` with `p` players.
	fn open_round(p: u32) -> Weight;
	/// `commit`.
	fn commit() -> Weight;
	/// `reveal` of an exact round of `n` players (`2^n` values).
	fn reveal(n: u32) -> Weight;
	/// `aggregate` of `e` evaluators' reveals for an exact round of `n` players.
	fn aggregate(e: u32, n: u32) -> Weight;
	/// `dispute`.
	fn dispute() -> Weight;
	/// `resolve_dispute` (upheld: clears up to `e` commitments and reveals).
	fn resolve_dispute(e: u32) -> Weight;
	/// `finalize`, clearing `e` commitments and reveals.
	fn finalize(e: u32) -> Weight;
	/// `prune_snapshot`.
	fn prune_snapshot() -> Weight;
}

fn rw(reads: u64, writes: u64, proof: u64) -> Weight {
	Weight::from_parts(30_000_000, proof)
		.saturating_add(RocksDbWeight::get().reads(reads))
		.saturating_add(RocksDbWeight::get().writes(writes))
}

impl WeightInfo for () {
	fn register_evaluator() -> Weight {
		rw(3, 3, 4_000)
	}
	fn bond_extra() -> Weight {
		rw(2, 2, 4_000)
	}
	fn unbond() -> Weight {
		rw(1, 1, 3_000)
	}
	fn withdraw_unbonded() -> Weight {
		rw(3, 3, 4_000)
	}
	fn open_round(p: u32) -> Weight {
		rw(4 + u64::from(p), 3, 10_000 + 700 * u64::from(p))
	}
	fn commit() -> Weight {
		rw(3, 3, 5_000)
	}
	fn reveal(n: u32) -> Weight {
		let t = 1u32 << n.min(20);
		rw(2, 3, 5_000 + 8 * u64::from(t))
			.saturating_add(Weight::from_parts(2_000 * u64::from(t), 0))
	}
	fn aggregate(e: u32, n: u32) -> Weight {
		let (e, t) = (u64::from(e), 1u64 << n.min(20));
		rw(1 + 3 * e, 1 + 2 * e, 5_000 + e * (8 * t + 200))
			.saturating_add(Weight::from_parts(200_000 * e * t + 500_000 * t, 0))
	}
	fn dispute() -> Weight {
		rw(2, 2, 5_000)
	}
	fn resolve_dispute(e: u32) -> Weight {
		rw(3, 3 + 2 * u64::from(e), 5_000)
	}
	fn finalize(e: u32) -> Weight {
		rw(3, 3 + 2 * u64::from(e), 5_000)
	}
	fn prune_snapshot() -> Weight {
		rw(3, 2, 5_000)
	}
}

//! Weights of the contributions pallet.
//!
//! NOT YET BENCHMARKED: the values in `impl WeightInfo for ()` are hand-estimated upper bounds
//! (one read and one write cost per storage item touched, plus proof sizes from the items'
//! `MaxEncodedLen`) so that the pallet can be tested. Regenerate this file with the node's
//! `benchmark pallet --pallet pallet_contributions` before wiring the pallet into the runtime.

use frame::weights_prelude::*;

/// Weight functions needed by the pallet.
pub trait WeightInfo {
	/// `create_project`.
	fn create_project() -> Weight;
	/// `update_project`.
	fn update_project() -> Weight;
	/// `transfer_project_ownership`.
	fn transfer_project_ownership() -> Weight;
	/// `add_member`.
	fn add_member() -> Weight;
	/// `remove_member`.
	fn remove_member() -> Weight;
	/// `vote_membership`.
	fn vote_membership() -> Weight;
	/// `cancel_motion`.
	fn cancel_motion() -> Weight;
	/// `register_contribution` with `a` authors and `p` parents.
	fn register_contribution(a: u32, p: u32) -> Weight;
	/// `approve_contribution`.
	fn approve_contribution() -> Weight;
	/// `reject_contribution` of a contribution with `a` authors and `p` parents.
	fn reject_contribution(a: u32, p: u32) -> Weight;
	/// `expire_contribution` of a contribution with `a` authors and `p` parents.
	fn expire_contribution(a: u32, p: u32) -> Weight;
	/// `withdraw_contribution`.
	fn withdraw_contribution() -> Weight;
}

fn rw(reads: u64, writes: u64, proof: u64) -> Weight {
	Weight::from_parts(25_000_000, proof)
		.saturating_add(RocksDbWeight::get().reads(reads))
		.saturating_add(RocksDbWeight::get().writes(writes))
}

impl WeightInfo for () {
	fn create_project() -> Weight {
		rw(3, 5, 4_000)
	}
	fn update_project() -> Weight {
		rw(1, 1, 4_000)
	}
	fn transfer_project_ownership() -> Weight {
		rw(3, 6, 8_000)
	}
	fn add_member() -> Weight {
		rw(2, 2, 4_000)
	}
	fn remove_member() -> Weight {
		rw(2, 2, 4_000)
	}
	fn vote_membership() -> Weight {
		rw(4, 6, 12_000)
	}
	fn cancel_motion() -> Weight {
		rw(3, 3, 12_000)
	}
	fn register_contribution(a: u32, p: u32) -> Weight {
		rw(
			6 + u64::from(a) + u64::from(p),
			7 + u64::from(a) + u64::from(p),
			8_000 + 3_000 * u64::from(p),
		)
	}
	fn approve_contribution() -> Weight {
		rw(1, 1, 4_000)
	}
	fn reject_contribution(a: u32, p: u32) -> Weight {
		rw(4, 6 + u64::from(a) + u64::from(p), 8_000)
	}
	fn expire_contribution(a: u32, p: u32) -> Weight {
		rw(4, 6 + u64::from(a) + u64::from(p), 8_000)
	}
	fn withdraw_contribution() -> Weight {
		rw(1, 1, 4_000)
	}
}

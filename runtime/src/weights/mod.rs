//! Block, extrinsic and database weights of the runtime.
//!
//! These are the SDK's reference values (from `frame_support::weights`). Regenerate them for
//! the production hardware with `attribution-node benchmark overhead` and
//! `attribution-node benchmark storage`, and replace the re-exports with the generated files.
//!
//! Our pallets' weights, and those of the referenda and the technical committee, were generated
//! on this project's build machine by `scripts/benchmark.sh` (`attribution-node benchmark
//! pallet`, 50 steps, 20 repeats).

pub mod pallet_collective;
pub mod pallet_contributions;
pub mod pallet_payouts;
pub mod pallet_referenda;
pub mod pallet_scoring;

pub use polkadot_sdk::frame_support::weights::constants::{
	BlockExecutionWeight, ExtrinsicBaseWeight, ParityDbWeight, RocksDbWeight,
};

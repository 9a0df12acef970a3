//! Block, extrinsic and database weights of the runtime.
//!
//! These are the SDK's reference values (from `frame_support::weights`). Regenerate them for
//! the production hardware with `attribution-node benchmark overhead` and
//! `attribution-node benchmark storage`, and replace the re-exports with the generated files.
//! Pallet weights live next to each pallet (`pallets/*/src/weights.rs`).

pub use polkadot_sdk::frame_support::weights::constants::{
	BlockExecutionWeight, ExtrinsicBaseWeight, ParityDbWeight, RocksDbWeight,
};

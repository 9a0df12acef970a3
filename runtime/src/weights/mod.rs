//! Block, extrinsic and database weights of the runtime.
//!
//! These are the SDK's reference values (from `frame_support::weights`). Regenerate them for
//! the production hardware with `attribution-node benchmark overhead` and
//! `attribution-node benchmark storage`, and replace the re-exports with the generated files.
//!
//! Every pallet's `WeightInfo`, and the transaction extensions' weights, were generated on
//! this project's build machine by `scripts/benchmark.sh` (`attribution-node benchmark
//! pallet`): our pallets, the referenda and the technical committee at 50 steps x 20 repeats,
//! the other SDK pallets at 20 x 5 or 10 x 3 (each file's header says which).
//! `runtime/tests/weights.rs` fails when a pallet with calls is weighed by anything else.

pub mod cumulus_pallet_parachain_system;
pub mod cumulus_pallet_weight_reclaim;
pub mod cumulus_pallet_xcmp_queue;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_collator_selection;
pub mod pallet_collective;
pub mod pallet_contributions;
pub mod pallet_conviction_voting;
pub mod pallet_message_queue;
pub mod pallet_multisig;
pub mod pallet_payouts;
pub mod pallet_preimage;
pub mod pallet_proxy;
pub mod pallet_referenda;
pub mod pallet_scheduler;
pub mod pallet_scoring;
pub mod pallet_session;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_utility;
pub mod pallet_xcm;

pub use polkadot_sdk::frame_support::weights::constants::{
	BlockExecutionWeight, ExtrinsicBaseWeight, ParityDbWeight, RocksDbWeight,
};

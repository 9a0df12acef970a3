//! Block, extrinsic and database weights of the runtime, and every pallet's `WeightInfo`.
//!
//! All were measured on this project's build machine:
//! - `block_weights.rs`, `extrinsic_weights.rs` (`BlockExecutionWeight`,
//!   `ExtrinsicBaseWeight`): `attribution-node benchmark overhead`, an empty block with the
//!   parachain inherent and a block full of `System::remark` through every transaction extension;
//! - `rocksdb_weights.rs` and `inmemorydb_weights.rs`: `attribution-node benchmark storage` on a
//!   dev database holding 100,000 contributions, as the collator imports a block (RocksDB) and
//!   as the relay chain's validators re-execute it in `validate_block` (the storage proof in
//!   memory). [`DbWeight`] charges the larger of the two for a read and for a write;
//!   `scripts/benchmark-base-weights.sh` regenerates these four files;
//! - every pallet's `WeightInfo`, and the transaction extensions' weights:
//!   `scripts/benchmark.sh` (`attribution-node benchmark pallet`): our pallets, the referenda
//!   and the technical committee at 50 steps x 20 repeats, the other SDK pallets at 20 x 5 or
//!   10 x 3 (each file's header says which). `runtime/tests/weights.rs` fails when a pallet
//!   with calls is weighed by anything else.

use polkadot_sdk::frame_support::traits::Get;
use polkadot_sdk::frame_support::weights::RuntimeDbWeight;

pub mod block_weights;
pub mod extrinsic_weights;
// The CLI's storage template documents each field of a struct expression.
#[allow(unused_doc_comments)]
pub mod inmemorydb_weights;
#[allow(unused_doc_comments)]
pub mod rocksdb_weights;

pub mod cumulus_pallet_parachain_system;
pub mod cumulus_pallet_weight_reclaim;
pub mod cumulus_pallet_xcmp_queue;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod governance_origins;
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
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_utility;
pub mod pallet_whitelist;
pub mod pallet_xcm;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;

/// The runtime's database weights: for a read and for a write, the larger of the measured
/// RocksDB cost (a collator importing the block) and the measured in-memory cost inside
/// `validate_block` (the relay chain's validators), so a block fits both budgets.
pub struct DbWeight;

impl Get<RuntimeDbWeight> for DbWeight {
	fn get() -> RuntimeDbWeight {
		let import = rocksdb_weights::constants::RocksDbWeight::get();
		let validate = inmemorydb_weights::constants::InMemoryDbWeight::get();
		RuntimeDbWeight {
			read: import.read.max(validate.read),
			write: import.write.max(validate.write),
		}
	}
}

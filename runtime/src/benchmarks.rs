//! Runtime benchmarks: which pallets `attribution-node benchmark pallet` (or
//! `frame-omni-bencher`) can measure, and the glue the `Benchmark` runtime API calls.

use crate::*;
use alloc::vec::Vec;
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::StorageInfo;

use cumulus_pallet_session_benchmarking::Pallet as SessionBench;
use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};
use pallet_xcm::benchmarking::Pallet as PalletXcmExtrinsicsBenchmark;

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_balances, Balances]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_timestamp, Timestamp]
	[pallet_message_queue, MessageQueue]
	[pallet_sudo, Sudo]
	[pallet_collator_selection, CollatorSelection]
	[cumulus_pallet_parachain_system, ParachainSystem]
	[cumulus_pallet_xcmp_queue, XcmpQueue]
	[cumulus_pallet_weight_reclaim, WeightReclaim]
	[pallet_xcm, PalletXcmExtrinsicsBenchmark::<Runtime>]
	[pallet_utility, Utility]
	[pallet_multisig, Multisig]
	[pallet_proxy, Proxy]
	[pallet_preimage, Preimage]
	[pallet_scheduler, Scheduler]
	[pallet_referenda, Referenda]
	[pallet_conviction_voting, ConvictionVoting]
	[pallet_collective, TechnicalCommittee]
	[pallet_contributions, Contributions]
	[pallet_scoring, Scoring]
	[pallet_payouts, Payouts]
);

impl frame_system_benchmarking::Config for Runtime {
	/// `set_code` on a parachain schedules the upgrade with the relay chain, which needs the
	/// validation data and host configuration the parachain inherent would have written.
	fn setup_set_code_requirements(
		code: &Vec<u8>,
	) -> Result<(), frame_benchmarking::BenchmarkError> {
		ParachainSystem::initialize_for_set_code_benchmark(code.len() as u32);
		Ok(())
	}

	fn verify_set_code() {
		System::assert_last_event(
			cumulus_pallet_parachain_system::Event::<Runtime>::ValidationFunctionStored.into(),
		);
	}
}

impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

impl cumulus_pallet_session_benchmarking::Config for Runtime {
	fn generate_session_keys_and_proof(owner: Self::AccountId) -> (Self::Keys, Vec<u8>) {
		use codec::Encode;
		let keys = SessionKeys::generate(&owner.encode(), None);
		(keys.keys, keys.proof.encode())
	}
}

/// What `pallet_xcm`'s benchmarks may use: the relay chain as the one reachable destination
/// (over UMP), and its token, the only asset [`configs::xcm_config::LocalAssetTransactor`]
/// moves. This runtime neither teleports nor reserve-transfers, so those benchmarks report
/// `Weight::MAX` (the calls can never fit in a block).
mod xcm_benchmarks {
	use super::*;
	use configs::xcm_config::{RelayLocation, XcmConfig};
	use frame_support::parameter_types;
	use staging_xcm::latest::prelude::{Asset, Location};

	parameter_types! {
		/// What the delivery helper mints to a message's origin before sending: nothing.
		/// Delivery to the relay chain is free here (`ParentAsUmp` has no price) and the fee
		/// manager charges nothing, so origins need no funds; and some benchmarked origins
		/// (this chain itself) have no local account to mint to.
		pub ExistentialDepositAsset: Option<Asset> = None;
	}

	impl pallet_xcm::benchmarking::Config for Runtime {
		type DeliveryHelper = cumulus_primitives_utility::ToParentDeliveryHelper<
			XcmConfig,
			ExistentialDepositAsset,
			(),
		>;

		fn reachable_dest() -> Option<Location> {
			Some(RelayLocation::get())
		}

		fn get_asset() -> Asset {
			// Something `LocalAssetTransactor` deposits: the relay token, above the existential
			// deposit.
			(RelayLocation::get(), configs::ExistentialDeposit::get().saturating_mul(10)).into()
		}
	}
}

/// The benchmarks this runtime has, and the storage items they touch.
pub fn benchmark_metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use frame_support::traits::StorageInfoTrait;
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	let storage_info = AllPalletsWithSystem::storage_info();
	(list, storage_info)
}

/// Runs the benchmarks selected by `config`.
pub fn dispatch_benchmark(
	config: BenchmarkConfig,
) -> Result<Vec<BenchmarkBatch>, alloc::string::String> {
	use frame_support::traits::WhitelistedStorageKeys;
	use sp_storage::TrackedStorageKey;

	let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);

	if batches.is_empty() {
		return Err("Benchmark not found for this pallet.".into());
	}
	Ok(batches)
}

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
	[pallet_whitelist, Whitelist]
	[governance_origins, Origins]
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

/// What `pallet_xcm`'s benchmarks may use: the relay chain (over UMP) and a sibling
/// parachain (over XCMP, its channel opened for the benchmark) as reachable destinations, and
/// ATTR, the only asset [`configs::xcm_config::LocalAssetTransactor`] moves, reserve-transferred
/// to the sibling. Delivery is priced, so the helpers fund each origin with the existential
/// deposit and an overestimate of the price first. This runtime teleports nothing and local
/// `execute` is off, so those benchmarks report `Weight::MAX` (the calls never fit a block).
mod xcm_benchmarks {
	use super::*;
	use alloc::boxed::Box;
	use configs::xcm_config::{
		LocalAssetTransactor, PriceForParentDelivery, PriceForSiblingDelivery, RelayLocation,
		XcmConfig,
	};
	use cumulus_primitives_core::ParaId;
	use frame_support::parameter_types;
	use polkadot_runtime_common::xcm_sender::PriceForMessageDelivery;
	use staging_xcm::latest::prelude::*;
	use staging_xcm_builder::EnsureDelivery;
	use staging_xcm_executor::{
		traits::{FeeManager, FeeReason, TransactAsset},
		FeesMode,
	};

	/// The sibling parachain the benchmarks send to.
	const SIBLING: u32 = 2001;

	parameter_types! {
		/// What the delivery helpers give a paying origin before funding its fees: the
		/// existential deposit in ATTR.
		pub ExistentialDepositAsset: Option<Asset> =
			Some((Here, configs::ExistentialDeposit::get()).into());
		/// The sibling as a destination.
		pub SiblingLocation: Location = Location::new(1, [Parachain(SIBLING)]);
	}

	/// Makes delivery to [`SIBLING`] succeed: opens the outbound channel and funds a paying
	/// origin with the existential deposit and the price of the largest message the queue
	/// could be asked to carry (so the measured call never fails on fees).
	pub struct ToSiblingDeliveryHelper;
	impl EnsureDelivery for ToSiblingDeliveryHelper {
		fn ensure_successful_delivery(
			origin: &Location,
			dest: &Location,
			fee_reason: FeeReason,
		) -> (Option<FeesMode>, Option<Assets>) {
			if *dest != SiblingLocation::get() {
				return (None, None);
			}
			ParachainSystem::open_outbound_hrmp_channel_for_benchmarks_or_tests(ParaId::from(
				SIBLING,
			));
			if <XcmConfig as staging_xcm_executor::Config>::FeeManager::is_waived(
				Some(origin),
				fee_reason,
			) {
				return (None, None);
			}
			let largest: Xcm<()> = alloc::vec![
				WithdrawAsset(Assets::from(alloc::vec![Asset::from((Here, u128::MAX))]));
				staging_xcm::MAX_INSTRUCTIONS_TO_DECODE as usize
			]
			.into();
			let price =
				PriceForSiblingDelivery::price_for_delivery(ParaId::from(SIBLING), &largest);
			let context = XcmContext { origin: None, message_id: XcmHash::default(), topic: None };
			for asset in ExistentialDepositAsset::get().into_iter().chain(price.into_inner()) {
				let minted = LocalAssetTransactor::mint_asset(&asset, &context)
					.expect("ATTR is minted for a benchmark");
				LocalAssetTransactor::deposit_asset(minted, origin, Some(&context))
					.expect("a paying origin has an account");
			}
			(Some(FeesMode { jit_withdraw: true }), None)
		}
	}

	impl pallet_xcm::benchmarking::Config for Runtime {
		type DeliveryHelper = (
			cumulus_primitives_utility::ToParentDeliveryHelper<
				XcmConfig,
				ExistentialDepositAsset,
				PriceForParentDelivery,
			>,
			ToSiblingDeliveryHelper,
		);

		fn reachable_dest() -> Option<Location> {
			Some(RelayLocation::get())
		}

		fn reserve_transferable_asset_and_dest() -> Option<(Asset, Location)> {
			Some((Self::get_asset(), SiblingLocation::get()))
		}

		fn set_up_complex_asset_transfer() -> Option<(Assets, u32, Location, Box<dyn FnOnce()>)> {
			// The only transfer this runtime makes: ATTR to a sibling, fees in ATTR. The
			// benchmark's caller needs the amount and the delivery price.
			let caller: AccountId = frame_benchmarking::whitelisted_caller();
			let dest = SiblingLocation::get();
			let payer: Location = AccountId32 { network: None, id: caller.clone().into() }.into();
			ToSiblingDeliveryHelper::ensure_successful_delivery(
				&payer,
				&dest,
				FeeReason::ChargeFees,
			);
			let asset = Self::get_asset();
			let amount = match asset.fun {
				Fungible(amount) => amount,
				NonFungible(_) => return None,
			};
			let _ = <Balances as frame_support::traits::fungible::Mutate<AccountId>>::mint_into(
				&caller, amount,
			);
			let sovereign: AccountId =
				polkadot_sdk::sp_runtime::traits::AccountIdConversion::into_account_truncating(
					&polkadot_parachain_primitives::primitives::Sibling::from(SIBLING),
				);
			let before = Balances::free_balance(&sovereign);
			let verify = Box::new(move || {
				assert_eq!(Balances::free_balance(&sovereign), before + amount);
			});
			Some((asset.into(), 0, dest, verify))
		}

		fn get_asset() -> Asset {
			// ATTR, above the existential deposit.
			(Here, configs::ExistentialDeposit::get().saturating_mul(10)).into()
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

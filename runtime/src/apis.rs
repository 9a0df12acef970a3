//! The runtime APIs: what the node, collators and clients may ask the runtime.

use crate::{
	configs::xcm_config, AccountId, Balance, Block, ConsensusHook, Contributions, Executive,
	InherentDataExt, Nonce, OriginCaller, ParachainInfo, ParachainSystem, Payouts, PolkadotXcm,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, Scoring, SessionKeys, System,
	TransactionPayment, RELAY_PARENT_OFFSET, SLOT_DURATION, VERSION,
};
use alloc::vec::Vec;
use attribution_primitives::{
	api::{Lineage, TrackRecord},
	ContributionId, ProjectId,
};
use pallet_contributions::queries::Direction;
use polkadot_sdk::{staging_xcm as xcm, staging_xcm_executor as xcm_executor, *};

use cumulus_primitives_core::ParaId;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::Block as BlockT,
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;
use xcm::{
	latest::prelude::AssetId, Version as XcmVersion, VersionedAssetId, VersionedAssets,
	VersionedLocation, VersionedXcm,
};
use xcm_runtime_apis::{
	dry_run::{CallDryRunEffects, Error as XcmDryRunApiError, XcmDryRunEffects},
	fees::Error as XcmPaymentApiError,
};

impl_runtime_apis! {
	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(SLOT_DURATION)
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl cumulus_primitives_aura::AuraUnincludedSegmentApi<Block> for Runtime {
		fn can_build_upon(
			included_hash: <Block as BlockT>::Hash,
			slot: cumulus_primitives_aura::Slot,
		) -> bool {
			ConsensusHook::can_build_upon(included_hash, slot)
		}
	}

	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block)
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl cumulus_primitives_core::CollectCollationInfo<Block> for Runtime {
		fn collect_collation_info(header: &<Block as BlockT>::Header) -> cumulus_primitives_core::CollationInfo {
			ParachainSystem::collect_collation_info(header)
		}
	}

	impl cumulus_primitives_core::GetParachainInfo<Block> for Runtime {
		fn parachain_id() -> ParaId {
			ParachainInfo::parachain_id()
		}
	}

	impl cumulus_primitives_core::RelayParentOffsetApi<Block> for Runtime {
		fn relay_parent_offset() -> u32 {
			RELAY_PARENT_OFFSET
		}

		fn max_claim_queue_offset() -> u8 {
			ParachainSystem::max_claim_queue_offset()
		}
	}

	impl cumulus_primitives_core::SchedulingV3EnabledApi<Block> for Runtime {
		fn scheduling_v3_enabled() -> bool {
			use cumulus_primitives_core::VerifySchedulingSignature;
			<Runtime as cumulus_pallet_parachain_system::Config>::SchedulingSignatureVerifier::V3_SCHEDULING_ENABLED
		}
	}

	impl cumulus_primitives_core::KeyToIncludeInRelayProof<Block> for Runtime {
		/// The relay chain's epoch index and randomness, from which the evaluation engine
		/// draws committees (parachain-system proves the randomness anyway; the index it does
		/// not).
		fn keys_to_prove() -> cumulus_primitives_core::RelayProofRequest {
			use cumulus_primitives_core::{relay_chain::well_known_keys, RelayStorageKey};
			cumulus_primitives_core::RelayProofRequest {
				keys: alloc::vec![
					RelayStorageKey::Top(well_known_keys::EPOCH_INDEX.to_vec()),
					RelayStorageKey::Top(well_known_keys::ONE_EPOCH_AGO_RANDOMNESS.to_vec()),
				],
			}
		}
	}

	impl attribution_primitives::api::AttributionApi<
		Block,
		AccountId,
		Balance,
		pallet_contributions::ContributionOf<Runtime>,
		pallet_contributions::ProjectOf<Runtime>,
	> for Runtime {
		fn contribution(id: ContributionId) -> Option<pallet_contributions::ContributionOf<Runtime>> {
			pallet_contributions::Contributions::<Runtime>::get(id)
		}

		fn contribution_by_cid(cid: Vec<u8>) -> Option<ContributionId> {
			Contributions::contribution_by_cid(cid)
		}

		fn contributions_by_contributor(
			who: AccountId,
			start_after: Option<ContributionId>,
			limit: u32,
		) -> Vec<ContributionId> {
			Contributions::contributions_by_author(&who, start_after, limit)
		}

		fn contributions_by_project(
			project: ProjectId,
			start_after: Option<ContributionId>,
			limit: u32,
		) -> Vec<ContributionId> {
			Contributions::contributions_of_project(project, start_after, limit)
		}

		fn project(id: ProjectId) -> Option<pallet_contributions::ProjectOf<Runtime>> {
			pallet_contributions::Projects::<Runtime>::get(id)
		}

		fn ancestors(id: ContributionId, max_depth: u32) -> Option<Lineage> {
			Contributions::lineage(id, Direction::Ancestors, max_depth)
		}

		fn descendants(id: ContributionId, max_depth: u32) -> Option<Lineage> {
			Contributions::lineage(id, Direction::Descendants, max_depth)
		}

		fn pedigree(
			id: ContributionId,
			start_after: Option<ContributionId>,
			limit: u32,
		) -> Option<attribution_primitives::api::PedigreePage<pallet_contributions::ContributionOf<Runtime>>> {
			Contributions::pedigree(id, start_after, limit)
		}

		fn affected_by_withdrawal(id: ContributionId) -> Option<Lineage> {
			Contributions::affected_by_withdrawal(id)
		}

		fn track_record(who: AccountId) -> TrackRecord<Balance> {
			let mut record = Contributions::track_record(&who);
			let (claimed, scores, partial) = Payouts::contribution_scores(&who);
			record.earnings = claimed;
			record.scores = scores;
			record.truncated |= partial;
			record
		}
	}

	impl attribution_primitives::api::PayoutsApi<
		Block,
		AccountId,
		Balance,
		pallet_payouts::PoolOf<Runtime>,
		pallet_payouts::OfferOf<Runtime>,
		pallet_payouts::LicenceOf<Runtime>,
	> for Runtime {
		fn claimable(
			who: AccountId,
			from: Option<attribution_primitives::api::ClaimCursor>,
			limit: u32,
		) -> attribution_primitives::api::ClaimablePage<Balance> {
			Payouts::claimable(&who, from, limit)
		}

		fn pool(id: attribution_primitives::payout::PoolId) -> Option<pallet_payouts::PoolOf<Runtime>> {
			pallet_payouts::Pools::<Runtime>::get(id)
		}

		fn offer(contribution: ContributionId) -> Option<pallet_payouts::OfferOf<Runtime>> {
			pallet_payouts::Offers::<Runtime>::get(contribution)
		}

		fn licences(
			who: AccountId,
			start_after: Option<attribution_primitives::payout::LicenceId>,
			limit: u32,
		) -> Vec<(attribution_primitives::payout::LicenceId, pallet_payouts::LicenceOf<Runtime>)> {
			Payouts::licences_of(&who, start_after, limit)
		}

		fn earnings(
			project: ProjectId,
			start_after: Option<attribution_primitives::SnapshotVersion>,
			limit: u32,
		) -> attribution_primitives::api::EarningsPage<Balance> {
			Payouts::earnings(project, start_after, limit)
		}
	}

	impl attribution_primitives::api::ScoringApi<
		Block,
		AccountId,
		crate::BlockNumber,
		pallet_scoring::RoundOf<Runtime>,
		pallet_scoring::SnapshotOf<Runtime>,
	> for Runtime {
		fn scores(
			project: ProjectId,
			version: Option<attribution_primitives::SnapshotVersion>,
		) -> Option<(attribution_primitives::SnapshotVersion, pallet_scoring::SnapshotOf<Runtime>)> {
			match version {
				Some(v) => pallet_scoring::Snapshots::<Runtime>::get(project, v).map(|s| (v, s)),
				None => Scoring::latest_snapshot(project),
			}
		}

		fn author_scores(
			project: ProjectId,
			version: Option<attribution_primitives::SnapshotVersion>,
		) -> Vec<(ContributionId, AccountId, sp_runtime::Perbill)> {
			Self::scores(project, version)
				.map(|(_, snapshot)| Scoring::author_splits(&snapshot))
				.unwrap_or_default()
		}

		fn round(id: attribution_primitives::RoundId) -> Option<pallet_scoring::RoundOf<Runtime>> {
			pallet_scoring::Rounds::<Runtime>::get(id)
		}

		fn measurement_outcome(
			id: attribution_primitives::score::MeasurementId,
		) -> Option<attribution_primitives::score::MeasurementOutcome> {
			pallet_scoring::MeasurementOutcomes::<Runtime>::get(id)
		}

		fn assignments(
			who: AccountId,
		) -> Vec<attribution_primitives::api::Assignment<crate::BlockNumber>> {
			Scoring::assignments(&who)
		}
	}

	impl xcm_runtime_apis::fees::XcmPaymentApi<Block> for Runtime {
		fn query_acceptable_payment_assets(xcm_version: XcmVersion) -> Result<Vec<VersionedAssetId>, XcmPaymentApiError> {
			let acceptable_assets = alloc::vec![AssetId(xcm_config::HereLocation::get())];
			PolkadotXcm::query_acceptable_payment_assets(xcm_version, acceptable_assets)
		}

		fn query_weight_to_asset_fee(weight: Weight, asset: VersionedAssetId) -> Result<u128, XcmPaymentApiError> {
			type Trader = <xcm_config::XcmConfig as xcm_executor::Config>::Trader;
			PolkadotXcm::query_weight_to_asset_fee::<Trader>(weight, asset)
		}

		fn query_xcm_weight(message: VersionedXcm<()>) -> Result<Weight, XcmPaymentApiError> {
			PolkadotXcm::query_xcm_weight(message)
		}

		fn query_delivery_fees(
			destination: VersionedLocation,
			message: VersionedXcm<()>,
			asset_id: VersionedAssetId,
		) -> Result<VersionedAssets, XcmPaymentApiError> {
			type AssetExchanger = <xcm_config::XcmConfig as xcm_executor::Config>::AssetExchanger;
			PolkadotXcm::query_delivery_fees::<AssetExchanger>(destination, message, asset_id)
		}
	}

	impl xcm_runtime_apis::dry_run::DryRunApi<Block, RuntimeCall, RuntimeEvent, OriginCaller> for Runtime {
		fn dry_run_call(
			origin: OriginCaller,
			call: RuntimeCall,
			result_xcms_version: XcmVersion,
		) -> Result<CallDryRunEffects<RuntimeEvent>, XcmDryRunApiError> {
			PolkadotXcm::dry_run_call::<Runtime, xcm_config::XcmRouter, OriginCaller, RuntimeCall>(
				origin,
				call,
				result_xcms_version,
			)
		}

		fn dry_run_xcm(
			origin_location: VersionedLocation,
			xcm: VersionedXcm<RuntimeCall>,
		) -> Result<XcmDryRunEffects<RuntimeEvent>, XcmDryRunApiError> {
			PolkadotXcm::dry_run_xcm::<xcm_config::XcmRouter>(origin_location, xcm)
		}
	}

	impl xcm_runtime_apis::conversions::LocationToAccountApi<Block, AccountId> for Runtime {
		fn convert_location(location: VersionedLocation) -> Result<
			AccountId,
			xcm_runtime_apis::conversions::Error
		> {
			xcm_runtime_apis::conversions::LocationToAccountHelper::<
				AccountId,
				xcm_config::LocationToAccountId,
			>::convert_location(location)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// Intentional panic: try-runtime runs off chain and wants the backtrace.
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			// Intentional panic, as above.
			Executive::try_execute_block(block, state_root_check, signature_check, select).unwrap()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::benchmark_metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch_benchmark(config)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}

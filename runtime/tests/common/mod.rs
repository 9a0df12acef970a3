//! Helpers shared by the runtime's native tests.

use attribution_primitives::licence::{Licence, LicenceTerms};
use attribution_runtime::{genesis_config_presets::get_preset, RuntimeGenesisConfig, System};
use polkadot_sdk::{
	sp_genesis_builder::PresetId,
	sp_io::TestExternalities,
	sp_runtime::{BoundedVec, BuildStorage, Perbill},
};
use serde_json::Value;

/// The runtime's transaction extensions as a wallet fills them in: mortality `era`, `nonce`, no
/// tip, no metadata hash.
#[allow(dead_code)]
pub fn tx_extension(
	era: polkadot_sdk::sp_runtime::generic::Era,
	nonce: attribution_runtime::Nonce,
) -> attribution_runtime::TxExtension {
	use polkadot_sdk::{frame_metadata_hash_extension, frame_system, pallet_transaction_payment};
	polkadot_sdk::cumulus_pallet_weight_reclaim::StorageWeightReclaim::new((
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(era),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
	))
}

/// The runtime's pallets with calls, each with its calls' names, read from `RuntimeCall`'s type
/// information (so that a pallet or call added later is seen).
#[allow(dead_code)]
pub fn pallets_with_calls() -> Vec<(String, Vec<String>)> {
	use scale_info::{PortableRegistry, Registry, TypeDef};
	let mut registry = Registry::new();
	let id =
		registry.register_type(&scale_info::meta_type::<attribution_runtime::RuntimeCall>()).id;
	let registry: PortableRegistry = registry.into();
	let variants = |id: u32| match &registry.resolve(id).expect("registered").type_def {
		TypeDef::Variant(v) => v.variants.clone(),
		_ => vec![],
	};
	variants(id)
		.into_iter()
		.map(|pallet| {
			let calls = variants(pallet.fields[0].ty.id).into_iter().map(|c| c.name).collect();
			(pallet.name, calls)
		})
		// A pallet with an empty `#[pallet::call]` block is in `RuntimeCall` with no calls.
		.filter(|(_, calls): &(String, Vec<String>)| !calls.is_empty())
		.collect()
}

/// Merges a preset's JSON patch into the runtime's default genesis config, as the node's
/// chain-spec builder does, and builds the resulting storage.
#[allow(dead_code)]
pub fn externalities_for(preset: &str) -> TestExternalities {
	let patch: Value = serde_json::from_slice(
		&get_preset(&PresetId::from(preset)).unwrap_or_else(|| panic!("preset {preset} exists")),
	)
	.expect("preset is json");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serialises");
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).expect("merged preset is a valid genesis config");
	let storage = config.build_storage().expect("genesis storage builds");
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}

/// Para blocks per relay epoch in the runtime's native tests, as on the dev chain.
#[allow(dead_code)]
pub const BLOCKS_PER_EPOCH: u32 = 10;

/// Moves to block `n` block by block, each showing the scoring pallet the relay chain's epoch
/// (one every [`BLOCKS_PER_EPOCH`] blocks) and its randomness, as the parachain inherent
/// does; committees due are drawn on the way.
#[allow(dead_code)]
pub fn run_to(n: u32) {
	use codec::Encode;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		let epoch = u64::from(next / BLOCKS_PER_EPOCH);
		let randomness = polkadot_sdk::sp_io::hashing::blake2_256(&(b"test relay", epoch).encode());
		attribution_runtime::Scoring::note_relay_epoch(epoch, randomness);
	}
}

/// Runs block by block until round `round`'s committee is drawn (it fails if nobody can be
/// drawn: then the round is gone).
#[allow(dead_code)]
pub fn until_drawn(round: u64) {
	let start = System::block_number();
	while pallet_scoring::Rounds::<attribution_runtime::Runtime>::get(round)
		.is_some_and(|r| matches!(r.phase, pallet_scoring::RoundPhase::Drawing { .. }))
	{
		assert!(System::block_number() < start + 4 * BLOCKS_PER_EPOCH, "drawn in two epochs");
		run_to(System::block_number() + 1);
	}
}

/// Open licence terms: MIT, commercial use and derivatives allowed, attribution required, no
/// royalty.
#[allow(dead_code)]
pub fn mit_licence() -> LicenceTerms {
	LicenceTerms {
		licence: Licence::Spdx(BoundedVec::truncate_from(b"MIT".to_vec())),
		commercial_use: true,
		derivatives_allowed: true,
		attribution_required: true,
		royalty: Perbill::zero(),
	}
}

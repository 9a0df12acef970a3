//! Every dispatchable of the runtime is weighed by a benchmark run on this project's machine
//! (`scripts/benchmark.sh`, `attribution-node benchmark pallet`):
//!
//! - every pallet with calls (read from the runtime's own type information, so a pallet added
//!   later is caught) has an entry below, and that entry's `WeightInfo` is a generated file in
//!   `runtime/src/weights/` (not the SDK's reference weights, not `()`);
//! - for this chain's own pallets, every call has a benchmark of its own name in that file
//!   (the SDK's pallets name their benchmarks after their `WeightInfo` functions, which the
//!   generated file must implement to compile);
//! - the transaction extensions' weights are generated too;
//! - each generated file says it was written by the benchmark CLI.

use attribution_runtime::Runtime;
use polkadot_sdk::*;
use std::{any::type_name, collections::BTreeSet};

mod common;
use common::pallets_with_calls;

/// Where the generated weights live, as a type path.
const GENERATED: &str = "attribution_runtime::weights::";

/// What the benchmark CLI writes at the top of every file it generates.
const CLI_HEADER: &str = "AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI";

/// The `WeightInfo` type each pallet with calls uses, by the pallet's name in the runtime.
fn weight_types() -> Vec<(&'static str, &'static str)> {
	use polkadot_sdk::{
		cumulus_pallet_parachain_system as parachain_system, frame_system as system,
		pallet_collective::Instance1,
	};
	vec![
		("System", type_name::<<Runtime as system::Config>::SystemWeightInfo>()),
		("ParachainSystem", type_name::<<Runtime as parachain_system::Config>::WeightInfo>()),
		("Timestamp", type_name::<<Runtime as pallet_timestamp::Config>::WeightInfo>()),
		("Balances", type_name::<<Runtime as pallet_balances::Config>::WeightInfo>()),
		(
			"CollatorSelection",
			type_name::<<Runtime as pallet_collator_selection::Config>::WeightInfo>(),
		),
		("Session", type_name::<<Runtime as pallet_session::Config>::WeightInfo>()),
		("XcmpQueue", type_name::<<Runtime as cumulus_pallet_xcmp_queue::Config>::WeightInfo>()),
		("PolkadotXcm", type_name::<<Runtime as pallet_xcm::Config>::WeightInfo>()),
		("MessageQueue", type_name::<<Runtime as pallet_message_queue::Config>::WeightInfo>()),
		("Utility", type_name::<<Runtime as pallet_utility::Config>::WeightInfo>()),
		("Multisig", type_name::<<Runtime as pallet_multisig::Config>::WeightInfo>()),
		("Proxy", type_name::<<Runtime as pallet_proxy::Config>::WeightInfo>()),
		("Preimage", type_name::<<Runtime as pallet_preimage::Config>::WeightInfo>()),
		("Scheduler", type_name::<<Runtime as pallet_scheduler::Config>::WeightInfo>()),
		("Referenda", type_name::<<Runtime as pallet_referenda::Config>::WeightInfo>()),
		(
			"ConvictionVoting",
			type_name::<<Runtime as pallet_conviction_voting::Config>::WeightInfo>(),
		),
		(
			"TechnicalCommittee",
			type_name::<<Runtime as pallet_collective::Config<Instance1>>::WeightInfo>(),
		),
		("Contributions", type_name::<<Runtime as pallet_contributions::Config>::WeightInfo>()),
		("Scoring", type_name::<<Runtime as pallet_scoring::Config>::WeightInfo>()),
		("Payouts", type_name::<<Runtime as pallet_payouts::Config>::WeightInfo>()),
		("Whitelist", type_name::<<Runtime as pallet_whitelist::Config>::WeightInfo>()),
		(
			"Origins",
			type_name::<<Runtime as attribution_runtime::governance_origins::Config>::WeightInfo>(),
		),
	]
}

/// The weights of the transaction extensions every signed transaction runs.
fn extension_weight_types() -> Vec<(&'static str, &'static str)> {
	vec![
		(
			"frame_system extensions",
			type_name::<<Runtime as frame_system::Config>::ExtensionsWeightInfo>(),
		),
		(
			"transaction payment",
			type_name::<<Runtime as pallet_transaction_payment::Config>::WeightInfo>(),
		),
		(
			"storage weight reclaim",
			type_name::<<Runtime as cumulus_pallet_weight_reclaim::Config>::WeightInfo>(),
		),
	]
}

/// This chain's own pallets: every call must have a benchmark of the same name.
const OWN_PALLETS: [(&str, &str); 4] = [
	("Contributions", "pallet_contributions"),
	("Scoring", "pallet_scoring"),
	("Payouts", "pallet_payouts"),
	("Origins", "governance_origins"),
];

/// The generated file behind a `WeightInfo` type path such as
/// `attribution_runtime::weights::pallet_balances::WeightInfo<…>`.
fn generated_file(type_path: &str) -> Option<String> {
	let module = type_path.strip_prefix(GENERATED)?.split("::").next()?;
	let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
	std::fs::read_to_string(format!("{root}/src/weights/{module}.rs")).ok()
}

#[test]
fn every_pallet_with_calls_uses_weights_generated_here() {
	let table = weight_types();
	let listed: BTreeSet<&str> = table.iter().map(|(name, _)| *name).collect();
	let mut problems = Vec::new();
	for (pallet, _) in pallets_with_calls() {
		if !listed.contains(pallet.as_str()) {
			problems.push(format!(
				"{pallet} has calls but no entry in weight_types(): benchmark it \
				 (scripts/benchmark.sh) and use the generated WeightInfo"
			));
		}
	}
	for (pallet, weights) in table.iter().chain(extension_weight_types().iter()) {
		match generated_file(weights) {
			None => problems.push(format!(
				"{pallet} is weighed by {weights}, not by a file generated in runtime/src/weights/"
			)),
			Some(text) if !text.contains(CLI_HEADER) => {
				problems.push(format!("{pallet}: {weights} was not written by the benchmark CLI"))
			}
			Some(_) => println!("{pallet}: {weights}"),
		}
	}
	assert!(problems.is_empty(), "weights not generated here:\n{}", problems.join("\n"));
}

#[test]
fn every_call_of_our_pallets_has_its_own_benchmark() {
	let table = weight_types();
	let mut missing = Vec::new();
	for (pallet, calls) in pallets_with_calls() {
		let Some((_, _)) = OWN_PALLETS.iter().find(|(name, _)| *name == pallet) else {
			continue;
		};
		let weights = table.iter().find(|(name, _)| *name == pallet).expect("listed").1;
		let text = generated_file(weights).unwrap_or_default();
		for call in calls {
			if !text.contains(&format!("fn {call}(")) {
				missing.push(format!("{pallet}::{call}"));
			}
		}
	}
	assert!(
		missing.is_empty(),
		"calls without a benchmark in their generated weights: {missing:?}"
	);
}

/// The block, extrinsic and database weights are the ones measured here
/// (`scripts/benchmark-base-weights.sh`), not the SDK's reference constants.
#[test]
fn base_weights_are_measured_here() {
	use attribution_runtime::weights::{
		block_weights, extrinsic_weights, inmemorydb_weights, rocksdb_weights,
	};
	use frame_support::{dispatch::DispatchClass, traits::Get};

	for constant in [
		type_name::<block_weights::BlockExecutionWeight>(),
		type_name::<extrinsic_weights::ExtrinsicBaseWeight>(),
		type_name::<rocksdb_weights::constants::RocksDbWeight>(),
		type_name::<inmemorydb_weights::constants::InMemoryDbWeight>(),
	] {
		let text = generated_file(constant)
			.unwrap_or_else(|| panic!("{constant} is not in a file in runtime/src/weights/"));
		assert!(text.contains(CLI_HEADER), "{constant} was not written by the benchmark CLI");
	}

	let block = <Runtime as frame_system::Config>::BlockWeights::get();
	assert_eq!(block.base_block, block_weights::BlockExecutionWeight::get());
	for class in [DispatchClass::Normal, DispatchClass::Operational, DispatchClass::Mandatory] {
		assert_eq!(
			block.get(class).base_extrinsic,
			extrinsic_weights::ExtrinsicBaseWeight::get(),
			"{class:?}"
		);
	}
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	let import = rocksdb_weights::constants::RocksDbWeight::get();
	let validate = inmemorydb_weights::constants::InMemoryDbWeight::get();
	assert_eq!(db.read, import.read.max(validate.read));
	assert_eq!(db.write, import.write.max(validate.write));
	println!(
		"block {} µs, extrinsic {} µs, read {} µs, write {} µs",
		block.base_block.ref_time() / 1_000_000,
		block.get(DispatchClass::Normal).base_extrinsic.ref_time() / 1_000_000,
		db.read / 1_000_000,
		db.write / 1_000_000
	);
}

//! Native tests of the composed runtime: presets build real genesis state, the metadata lists
//! the pallets clients rely on, and the governance upgrade path (`authorize_upgrade` then
//! `apply_authorized_upgrade`) is wired and guarded.

use attribution_runtime::{
	configs::{governance::TechnicalCollective, scoring::TreasuryAccount},
	genesis_config_presets::{
		preset_names, production, ENDOWMENT, PARACHAIN_ID, PRODUCTION_RUNTIME_PRESET,
	},
	AccountId, Balances, ParachainInfo, Runtime, RuntimeCall, RuntimeOrigin, System,
	EXISTENTIAL_DEPOSIT, TOKEN_DECIMALS, UNIT, VERSION,
};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::GetDispatchInfo,
		traits::{
			fungible::Balanced,
			tokens::{Fortitude, Precision, Preservation},
			OnUnbalanced,
		},
	},
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
	sp_keyring::Sr25519Keyring,
	sp_runtime::{traits::Dispatchable, DispatchError},
	*,
};
mod common;
use common::externalities_for;

#[test]
fn the_three_presets_are_offered() {
	assert_eq!(
		preset_names(),
		vec![
			DEV_RUNTIME_PRESET.to_string(),
			LOCAL_TESTNET_RUNTIME_PRESET.to_string(),
			PRODUCTION_RUNTIME_PRESET.to_string(),
		]
	);
}

#[test]
fn development_preset_builds_endowed_state_with_alice_as_collator() {
	externalities_for(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(Balances::free_balance(&alice), ENDOWMENT);
		assert_eq!(Balances::free_balance(Sr25519Keyring::Ferdie.to_account_id()), ENDOWMENT);
		assert_eq!(
			pallet_collator_selection::Invulnerables::<Runtime>::get().to_vec(),
			vec![alice]
		);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(u32::from(ParachainInfo::parachain_id()), PARACHAIN_ID);
	});
}

#[test]
fn local_testnet_preset_has_two_collators() {
	externalities_for(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
		assert_eq!(pallet_collator_selection::Invulnerables::<Runtime>::get().len(), 2);
	});
}

#[test]
fn production_preset_has_its_operators_committee_and_supply() {
	externalities_for(PRODUCTION_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
		assert_eq!(pallet_collator_selection::Invulnerables::<Runtime>::get().len(), 2);
		assert_eq!(
			pallet_collective::Members::<Runtime, TechnicalCollective>::get().len(),
			production::COMMITTEE.len()
		);
		assert_eq!(
			Balances::free_balance(AccountId::from(production::DISTRIBUTION)),
			production::DISTRIBUTION_SUPPLY
		);
		assert_eq!(u32::from(ParachainInfo::parachain_id()), production::PARACHAIN_ID);
		// The supply is the distribution, the five operators' balances, and nothing else
		// but existential deposits the runtime's own accounts get at genesis.
		let operators = 5 * production::OPERATOR_BALANCE;
		let issued = Balances::total_issuance();
		assert!(issued >= production::DISTRIBUTION_SUPPLY + operators, "{issued}");
		assert!(issued - production::DISTRIBUTION_SUPPLY - operators < UNIT, "{issued}");
	});
}

/// Slashes resolve into the treasury's account, which every preset creates with an
/// existential deposit: a slash smaller than that deposit reaches it, where it used to be
/// dropped into nothing (issuance fell without a transfer; the fuzzer found it with
/// `FUZZ_SEED=16433829086329527117`, a 2-unit missed-commit slash in block 46).
#[test]
fn a_slash_below_the_existential_deposit_reaches_the_treasury() {
	for (preset, payer) in [
		(DEV_RUNTIME_PRESET, Sr25519Keyring::Alice.to_account_id()),
		(LOCAL_TESTNET_RUNTIME_PRESET, Sr25519Keyring::Bob.to_account_id()),
		(PRODUCTION_RUNTIME_PRESET, AccountId::from(production::DISTRIBUTION)),
	] {
		externalities_for(preset).execute_with(|| {
			let treasury = TreasuryAccount::get();
			let before = Balances::free_balance(&treasury);
			assert_eq!(before, EXISTENTIAL_DEPOSIT, "{preset}: the treasury exists at genesis");
			let issuance = Balances::total_issuance();
			let slashed = <Balances as Balanced<AccountId>>::withdraw(
				&payer,
				2,
				Precision::Exact,
				Preservation::Preserve,
				Fortitude::Force,
			)
			.expect("the payer has 2 units");
			<Runtime as pallet_scoring::Config>::Slash::on_unbalanced(slashed);
			assert_eq!(Balances::free_balance(&treasury), before + 2, "{preset}");
			assert_eq!(Balances::total_issuance(), issuance, "{preset}: issuance moved");
		});
	}
}

#[test]
fn metadata_lists_the_pallets_and_token_clients_rely_on() {
	// `frame_metadata` as frame-support re-exports it: a dev-dependency of our own would
	// enable different features and rebuild the SDK for the tests.
	use polkadot_sdk::frame_support::__private::metadata::RuntimeMetadata;
	// Some pallets read storage while describing their constants, hence the externalities.
	let metadata = externalities_for(DEV_RUNTIME_PRESET).execute_with(Runtime::metadata);
	let names: Vec<String> = match metadata.1 {
		RuntimeMetadata::V14(m) => m.pallets.into_iter().map(|p| p.name).collect(),
		RuntimeMetadata::V15(m) => m.pallets.into_iter().map(|p| p.name).collect(),
		RuntimeMetadata::V16(m) => m.pallets.into_iter().map(|p| p.name).collect(),
		other => panic!("unexpected metadata version {}", other.version()),
	};
	let names: Vec<&str> = names.iter().map(String::as_str).collect();
	for expected in [
		"System",
		"ParachainSystem",
		"Timestamp",
		"ParachainInfo",
		"Balances",
		"TransactionPayment",
		"Authorship",
		"CollatorSelection",
		"Session",
		"Aura",
		"AuraExt",
		"XcmpQueue",
		"PolkadotXcm",
		"CumulusXcm",
		"MessageQueue",
		"Utility",
		"Multisig",
		"Proxy",
		"Preimage",
		"Scheduler",
		"Referenda",
		"ConvictionVoting",
		"TechnicalCommittee",
		"Origins",
		"Whitelist",
	] {
		assert!(names.contains(&expected), "pallet {expected} missing from metadata: {names:?}");
	}
	assert_eq!(VERSION.spec_name, "attribution-runtime");
	assert_eq!(TOKEN_DECIMALS, 12);
}

#[test]
fn runtime_upgrade_must_be_authorized_by_root_and_match_the_authorized_hash() {
	externalities_for(DEV_RUNTIME_PRESET).execute_with(|| {
		let code = b"not really a runtime".to_vec();
		let code_hash: attribution_runtime::Hash =
			polkadot_sdk::sp_io::hashing::blake2_256(&code).into();
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		assert!(authorize.get_dispatch_info().total_weight().ref_time() > 0);

		// A signed account may not authorize an upgrade.
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_noop!(
			authorize.clone().dispatch(RuntimeOrigin::signed(alice.clone())),
			DispatchError::BadOrigin
		);
		// Root may; then only the authorized code can be applied.
		assert_ok!(authorize.dispatch(RuntimeOrigin::root()));
		assert!(
			System::events().iter().any(|r| matches!(
				&r.event,
				attribution_runtime::RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
					code_hash: hash,
					..
				}) if *hash == code_hash
			)),
			"UpgradeAuthorized event"
		);
		let wrong = RuntimeCall::System(frame_system::Call::apply_authorized_upgrade {
			code: b"some other code".to_vec(),
		});
		assert_noop!(
			wrong.dispatch(RuntimeOrigin::signed(alice)),
			frame_system::Error::<Runtime>::Unauthorized
		);
		// Direct `set_code` by a signed account is refused too.
		let set_code = RuntimeCall::System(frame_system::Call::set_code { code });
		assert_noop!(
			set_code.dispatch(RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id())),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_wasm_blob_is_embedded() {
	let wasm = attribution_runtime::WASM_BINARY.expect("built with the wasm builder");
	// A compressed or plain wasm blob: both start with a fixed magic number.
	assert!(wasm.starts_with(b"\0asm") || wasm.starts_with(&[0x52, 0xbc, 0x53, 0x76]));
}

//! Genesis presets: the named starting states a chain spec can be built from.
//!
//! - `development`: Alice collates, the well-known dev accounts are endowed, Alice is sudo.
//! - `local_testnet`: Alice and Bob collate, the dev accounts are endowed, no sudo key.
//!
//! Both have Alice, Bob and Charlie on the technical committee.

use crate::{
	AccountId, BalancesConfig, CollatorSelectionConfig, ParachainInfoConfig, PolkadotXcmConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, TechnicalCommitteeConfig,
	EXISTENTIAL_DEPOSIT, UNIT,
};
use alloc::{vec, vec::Vec};
use polkadot_sdk::{staging_xcm as xcm, *};

use cumulus_primitives_core::ParaId;
use frame_support::build_struct_json_patch;
use parachains_common::AuraId;
use serde_json::Value;
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;

/// The XCM version all remote locations are assumed to speak until they say otherwise.
const SAFE_XCM_VERSION: u32 = xcm::prelude::XCM_VERSION;

/// The parachain id of the development and local test chains.
pub const PARACHAIN_ID: u32 = 1000;

/// What each endowed account starts with: one million ATTR.
pub const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// The collator candidacy bond.
const CANDIDACY_BOND: u128 = EXISTENTIAL_DEPOSIT * 16;

/// The session keys of a collator with the given Aura key.
pub fn template_session_keys(keys: AuraId) -> SessionKeys {
	SessionKeys { aura: keys }
}

/// Builds a genesis patch from the collators, endowed accounts, sudo key and parachain id.
fn testnet_genesis(
	invulnerables: Vec<(AccountId, AuraId)>,
	endowed_accounts: Vec<AccountId>,
	root: Option<AccountId>,
	id: ParaId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		parachain_info: ParachainInfoConfig { parachain_id: id },
		collator_selection: CollatorSelectionConfig {
			invulnerables: invulnerables.iter().cloned().map(|(acc, _)| acc).collect::<Vec<_>>(),
			candidacy_bond: CANDIDACY_BOND,
		},
		session: SessionConfig {
			keys: invulnerables
				.into_iter()
				.map(|(acc, aura)| (acc.clone(), acc, template_session_keys(aura)))
				.collect::<Vec<_>>(),
		},
		polkadot_xcm: PolkadotXcmConfig { safe_xcm_version: Some(SAFE_XCM_VERSION) },
		sudo: SudoConfig { key: root },
		technical_committee: TechnicalCommitteeConfig { members: technical_committee() },
	})
}

/// The technical committee of the test chains: Alice, Bob and Charlie.
pub fn technical_committee() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.iter()
		.map(|k| k.to_account_id())
		.collect()
}

/// The well-known development accounts, all endowed.
fn endowed_dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// The `local_testnet` preset: two collators, no sudo.
fn local_testnet_genesis() -> Value {
	testnet_genesis(
		vec![
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Alice.public().into()),
			(Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Bob.public().into()),
		],
		endowed_dev_accounts(),
		None,
		PARACHAIN_ID.into(),
	)
}

/// The `development` preset: Alice collates and is sudo.
fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Alice.public().into())],
		endowed_dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		PARACHAIN_ID.into(),
	)
}

/// The JSON genesis patch of the named preset, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_str() {
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn every_named_preset_exists_and_unknown_ones_do_not() {
		for name in preset_names() {
			assert!(get_preset(&name).is_some(), "preset {name:?} is missing");
		}
		assert!(get_preset(&PresetId::from("no-such-preset")).is_none());
	}

	#[test]
	fn only_the_development_preset_has_a_sudo_key() {
		let sudo_key = |name: &str| -> Value {
			let bytes = get_preset(&PresetId::from(name)).expect("preset exists");
			let json: Value = serde_json::from_slice(&bytes).expect("preset is json");
			json["sudo"]["key"].clone()
		};
		let alice = Sr25519Keyring::Alice.to_account_id().to_string();
		assert_eq!(sudo_key(sp_genesis_builder::DEV_RUNTIME_PRESET), Value::String(alice));
		assert!(sudo_key(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).is_null());
	}
}

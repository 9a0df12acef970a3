//! Genesis presets: the named starting states a chain spec can be built from.
//!
//! - `development`: Alice collates, the well-known dev accounts are endowed, every referendum
//!   track takes blocks instead of days ([`FAST_TRACK_PERIODS`]).
//! - `local_testnet`: Alice and Bob collate, the dev accounts are endowed, fast tracks too.
//! - `production`: the shape of a launch: two operator collators, a three-member technical
//!   committee, a genesis distribution account, no well-known dev account, the tracks' default
//!   periods (see [`production`]).
//!
//! The runtime has no sudo pallet: on every chain root is reached by a referendum on the root
//! track (or, for calls the technical committee whitelisted, on the `whitelisted_caller`
//! track). The test chains make that fast, not different.
//!
//! The test chains have Alice, Bob and Charlie on the technical committee, and committees of
//! at least [`TEST_COMMITTEE_FLOOR`] seats (a dev chain has a handful of evaluators); the
//! production preset keeps the risk-derived floor,
//! [`attribution_primitives::score::DEFAULT_COMMITTEE`].

use crate::{
	configs::{governance::track_ids, scoring::TreasuryAccount},
	governance_origins::TrackPeriods,
	AccountId, BalancesConfig, CollatorSelectionConfig, OriginsConfig, ParachainInfoConfig,
	PolkadotXcmConfig, RuntimeGenesisConfig, ScoringConfig, SessionConfig, SessionKeys,
	TechnicalCommitteeConfig, EXISTENTIAL_DEPOSIT, UNIT,
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

/// The fewest seats of an evaluation committee on the development and local test chains.
pub const TEST_COMMITTEE_FLOOR: u32 = 5;

/// The collator candidacy bond: 10,000 ATTR. A candidate authors blocks and takes one of
/// `MaxCandidates` (100) places, so filling the candidate list to crowd out honest operators
/// holds a million ATTR, and a candidate kicked for not producing blocks waits its bond out of
/// the list like any other leaver (audit L12: the bond used to be 16 existential deposits).
pub const CANDIDACY_BOND: u128 = 10_000 * UNIT;

/// The session keys of a collator with the given Aura key.
pub fn template_session_keys(keys: AuraId) -> SessionKeys {
	SessionKeys { aura: keys }
}

/// Every track's periods on the development and local test chains: a block to prepare, up to
/// a hundred blocks deciding, two confirming, enacted the block after: a referendum every
/// endowed account votes for passes in about six blocks (the upgrade test does that).
pub const FAST_TRACK_PERIODS: TrackPeriods =
	TrackPeriods { prepare: 1, decision: 100, confirm: 2, min_enactment: 1 };

/// [`FAST_TRACK_PERIODS`] for every track.
fn fast_tracks() -> Vec<(u16, TrackPeriods)> {
	track_ids().map(|id| (id, FAST_TRACK_PERIODS)).collect()
}

/// The name of the production-like preset.
pub const PRODUCTION_RUNTIME_PRESET: &str = "production";

/// Builds a genesis patch from the collators, balances, track periods, parachain id,
/// technical committee and evaluation committee floor. The treasury's account gets an existential
/// deposit besides the balances given: slashes resolve into it, and a slash below the
/// existential deposit into an account that does not exist yet would be lost (its credit
/// dropped, issuance down without a transfer).
fn genesis(
	invulnerables: Vec<(AccountId, AuraId)>,
	mut balances: Vec<(AccountId, u128)>,
	track_periods: Vec<(u16, TrackPeriods)>,
	id: ParaId,
	committee: Vec<AccountId>,
	committee_floor: u32,
) -> Value {
	balances.push((TreasuryAccount::get(), EXISTENTIAL_DEPOSIT));
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
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
		origins: OriginsConfig { track_periods },
		technical_committee: TechnicalCommitteeConfig { members: committee },
		scoring: ScoringConfig { committee_floor },
	})
}

/// The technical committee of the test chains: Alice, Bob and Charlie.
pub fn technical_committee() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.iter()
		.map(|k| k.to_account_id())
		.collect()
}

/// The well-known development accounts, each endowed with [`ENDOWMENT`].
fn endowed_dev_accounts() -> Vec<(AccountId, u128)> {
	Sr25519Keyring::well_known().map(|k| (k.to_account_id(), ENDOWMENT)).collect()
}

/// The production-like preset's accounts and amounts. The keys are sr25519 public keys
/// generated for this spec (`attribution-node key generate`); their secrets are not in this
/// repository, so nobody can sign for them here. A launch replaces them with the operators'
/// and the committee's own keys and regenerates `chain-specs/production*.json`.
pub mod production {
	use super::*;

	/// The parachain id a launch would register (a placeholder until the relay chain assigns
	/// one).
	pub const PARACHAIN_ID: u32 = 2000;

	/// The relay chain a launch targets.
	pub const RELAY_CHAIN: &str = "polkadot";

	/// The two collators' accounts (cold keys: they hold the operators' funds and sign
	/// `Session::set_keys`).
	pub const COLLATORS: [[u8; 32]; 2] = [
		hex_literal::hex!("12901a2888b29d205562fd0638290c83b20451c013b211b8d395f2a6307ab979"),
		hex_literal::hex!("c84d49c414740bd48ec05c00cc57aa2c024348633d1856d6615970fe22d37a2a"),
	];

	/// The two collators' Aura session keys, in the order of [`COLLATORS`]: hot keys that
	/// live in each collator node's keystore (made there by `author_rotateKeys`) and only
	/// sign blocks, distinct from the accounts, so a compromised collator host loses no
	/// funds (audit L12; see the operator guide's "Collator keys").
	pub const COLLATOR_AURA_KEYS: [[u8; 32]; 2] = [
		hex_literal::hex!("f4abe97dbea090ac812cd2aa0f6123584d5c62b72c38d27c186e74fff604864c"),
		hex_literal::hex!("b2b98468b6dbc90bf3a454bebc4734a1077522e9a63a34f840d10b1a5856f959"),
	];

	/// The technical committee's three members.
	pub const COMMITTEE: [[u8; 32]; 3] = [
		hex_literal::hex!("2c76f39771b98cdd7f4abaa6feb9c6b4f9f29b903b22b0af38d498283bedcc0d"),
		hex_literal::hex!("80a8e5ffe60d01b1838808214fb3d6615e0886749e5f711e6d89249f8e685e3c"),
		hex_literal::hex!("5eed10a6d86c2a4ed648d94e84dd13bb1be1955abe04fa939429e4802b318f37"),
	];

	/// The genesis distribution account: holds the supply until governance-approved
	/// transfers hand it out.
	pub const DISTRIBUTION: [u8; 32] =
		hex_literal::hex!("66ca83b101184612e334c03d1f65dc9f208f5fba2d47513fa3cdb5fbdea5cb4c");

	/// What the distribution account starts with: 100 million ATTR.
	pub const DISTRIBUTION_SUPPLY: u128 = 100_000_000 * UNIT;

	/// What each collator and committee member starts with, for fees and deposits: 1,000 ATTR.
	pub const OPERATOR_BALANCE: u128 = 1_000 * UNIT;

	/// The preset: the collators invulnerable, the committee set, the tracks' default
	/// periods.
	pub fn genesis_patch() -> Value {
		let account = |key: &[u8; 32]| AccountId::from(*key);
		let collators: Vec<(AccountId, AuraId)> = COLLATORS
			.iter()
			.zip(COLLATOR_AURA_KEYS.iter())
			.map(|(key, aura)| {
				(account(key), AuraId::from(sp_core::sr25519::Public::from_raw(*aura)))
			})
			.collect();
		let committee: Vec<AccountId> = COMMITTEE.iter().map(account).collect();
		let mut balances = vec![(account(&DISTRIBUTION), DISTRIBUTION_SUPPLY)];
		balances.extend(
			COLLATORS.iter().chain(COMMITTEE.iter()).map(|key| (account(key), OPERATOR_BALANCE)),
		);
		super::genesis(
			collators,
			balances,
			Vec::new(),
			PARACHAIN_ID.into(),
			committee,
			attribution_primitives::score::DEFAULT_COMMITTEE,
		)
	}
}

/// The `local_testnet` preset: two collators, fast tracks.
fn local_testnet_genesis() -> Value {
	genesis(
		vec![
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Alice.public().into()),
			(Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Bob.public().into()),
		],
		endowed_dev_accounts(),
		fast_tracks(),
		PARACHAIN_ID.into(),
		technical_committee(),
		TEST_COMMITTEE_FLOOR,
	)
}

/// The `development` preset: Alice collates, fast tracks.
fn development_config_genesis() -> Value {
	genesis(
		vec![(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Alice.public().into())],
		endowed_dev_accounts(),
		fast_tracks(),
		PARACHAIN_ID.into(),
		technical_committee(),
		TEST_COMMITTEE_FLOOR,
	)
}

/// The JSON genesis patch of the named preset, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_str() {
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		PRODUCTION_RUNTIME_PRESET => production::genesis_patch(),
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
		PresetId::from(PRODUCTION_RUNTIME_PRESET),
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

	/// The test chains reach root through referenda of a few blocks on all five tracks;
	/// production keeps every track's default periods.
	#[test]
	fn only_the_test_presets_make_governance_fast() {
		let preset = |name: &str| -> Value {
			let bytes = get_preset(&PresetId::from(name)).expect("preset exists");
			serde_json::from_slice(&bytes).expect("preset is json")
		};
		let fast =
			serde_json::json!({"prepare": 1, "decision": 100, "confirm": 2, "minEnactment": 1});
		let every_track: Vec<Value> =
			(0..5).map(|id| serde_json::json!([id, fast.clone()])).collect();
		for name in [
			sp_genesis_builder::DEV_RUNTIME_PRESET,
			sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		] {
			let json = preset(name);
			assert_eq!(
				json["origins"]["trackPeriods"],
				Value::Array(every_track.clone()),
				"{name}"
			);
		}
		let production = preset(PRODUCTION_RUNTIME_PRESET);
		assert_eq!(production["origins"]["trackPeriods"], serde_json::json!([]));
	}

	#[test]
	fn the_production_preset_names_no_well_known_dev_account() {
		let bytes = get_preset(&PresetId::from(PRODUCTION_RUNTIME_PRESET)).expect("preset exists");
		let text = String::from_utf8(bytes).expect("utf-8");
		for key in Sr25519Keyring::iter() {
			assert!(!text.contains(&key.to_account_id().to_string()), "{key:?} in production");
		}
		let json: Value = serde_json::from_str(&text).expect("json");
		assert_eq!(json["technicalCommittee"]["members"].as_array().map(Vec::len), Some(3));
		assert_eq!(json["collatorSelection"]["invulnerables"].as_array().map(Vec::len), Some(2));
		assert_eq!(json["parachainInfo"]["parachainId"], production::PARACHAIN_ID);
	}

	/// Audit L12: each production collator signs blocks with a session key of its own, not
	/// with its account's key.
	#[test]
	fn production_collators_sign_with_session_keys_apart_from_their_accounts() {
		let bytes = get_preset(&PresetId::from(PRODUCTION_RUNTIME_PRESET)).expect("preset exists");
		let json: Value = serde_json::from_slice(&bytes).expect("json");
		let keys = json["session"]["keys"].as_array().expect("session keys");
		assert_eq!(keys.len(), production::COLLATORS.len());
		let accounts: Vec<String> =
			production::COLLATORS.iter().map(|key| AccountId::from(*key).to_string()).collect();
		for (index, entry) in keys.iter().enumerate() {
			let aura = entry[2]["aura"].as_str().expect("an aura key");
			assert_eq!(entry[0], Value::String(accounts[index].clone()));
			let expected =
				sp_core::sr25519::Public::from_raw(production::COLLATOR_AURA_KEYS[index]);
			assert_eq!(aura, AuraId::from(expected).to_string());
			assert!(!accounts.contains(&aura.to_string()), "{aura} is a collator's account");
		}
	}
}

//! Chain specifications: the built-in `dev` and `local` specs, built from the runtime's genesis
//! presets, and loading a spec from a JSON file.

use attribution_runtime as runtime;
use polkadot_sdk::*;
use sc_chain_spec::{ChainSpecExtension, ChainSpecGroup};
use sc_service::ChainType;
use serde::{Deserialize, Serialize};

/// A chain spec of this chain: genesis plus the parachain extensions.
pub type ChainSpec = sc_service::GenericChainSpec<Extensions>;

/// The relay chain the built-in specs name (a relay chain started locally by zombienet).
pub const RELAY_CHAIN: &str = "westend-local";

/// The parachain fields of a chain spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ChainSpecGroup, ChainSpecExtension)]
pub struct Extensions {
	/// The relay chain this parachain runs on.
	#[serde(alias = "relayChain", alias = "RelayChain")]
	pub relay_chain: String,
	/// The parachain id; the runtime's `ParachainInfo` is authoritative, this is a fallback.
	#[serde(alias = "paraId", alias = "ParaId")]
	pub para_id: u32,
}

impl Extensions {
	/// The extensions of `chain_spec`, if it is a spec of this chain.
	pub fn try_get(chain_spec: &dyn sc_service::ChainSpec) -> Option<&Self> {
		sc_chain_spec::get_extension(chain_spec.extensions())
	}
}

/// Token symbol, decimals and SS58 format, as wallets read them.
fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), runtime::TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), runtime::TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), runtime::SS58_PREFIX.into());
	properties
}

/// The extensions of the test chains: para 1000 on the local relay chain.
fn test_extensions() -> Extensions {
	Extensions {
		relay_chain: RELAY_CHAIN.into(),
		para_id: runtime::genesis_config_presets::PARACHAIN_ID,
	}
}

/// Builds a spec from one of the runtime's presets.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
	extensions: Extensions,
) -> Result<ChainSpec, String> {
	let wasm = runtime::WASM_BINARY.ok_or_else(|| {
		"the runtime's wasm was not built (was SKIP_WASM_BUILD set?); rebuild the node".to_string()
	})?;
	Ok(ChainSpec::builder(wasm, extensions)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_protocol_id("attribution")
		.with_properties(properties())
		.build())
}

/// The `dev` spec: a single-node development chain (`--dev`), Alice collates, referenda take
/// blocks (the runtime has no sudo; root is a referendum away).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Attribution Development",
		"attribution_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		test_extensions(),
	)
}

/// The `local` spec: a local testnet with Alice and Bob collating and fast referenda.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Attribution Local Testnet",
		"attribution_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		test_extensions(),
	)
}

/// The `production` spec: the shape of a launch on Polkadot (live chain type, two operator
/// collators, a technical committee, the referenda tracks' default periods). Its genesis is
/// fixed once published: `chain-specs/production-raw.json` is the chain, and a test checks its
/// genesis hash.
pub fn production_chain_spec() -> Result<ChainSpec, String> {
	use runtime::genesis_config_presets::{production, PRODUCTION_RUNTIME_PRESET};
	from_preset(
		"Attribution Chain",
		"attribution",
		ChainType::Live,
		PRODUCTION_RUNTIME_PRESET,
		Extensions {
			relay_chain: production::RELAY_CHAIN.into(),
			para_id: production::PARACHAIN_ID,
		},
	)
}

/// Resolves `--chain`: `dev` (or nothing), `local`, or the path of a JSON chain spec.
pub fn load_spec(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"" | "dev" => Box::new(development_chain_spec()?),
		"local" => Box::new(local_chain_spec()?),
		"production" => Box::new(production_chain_spec()?),
		path => {
			let path = std::path::PathBuf::from(path);
			if !path.is_file() {
				return Err(format!(
					"--chain {}: not a built-in chain (dev, local, production) and no such chain-spec file",
					path.display()
				));
			}
			Box::new(ChainSpec::from_json_file(path)?)
		}
	})
}

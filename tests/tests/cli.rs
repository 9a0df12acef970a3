//! The node's command line: bad input fails with a clear message and a non-zero exit code;
//! the built-in chain specs export with the chain's token properties.

use std::process::{Command, Output};

use attribution_integration_tests::{chain, node_binary};

fn node(args: &[&str]) -> Output {
	Command::new(node_binary()).args(args).output().expect("the node binary runs")
}

fn stderr(output: &Output) -> String {
	String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_unknown_flag_is_rejected_with_a_message() {
	let output = node(&["--no-such-flag"]);
	assert!(!output.status.success());
	assert_eq!(output.status.code(), Some(2), "clap's usage error code");
	assert!(stderr(&output).contains("--no-such-flag"), "names the flag: {}", stderr(&output));
}

#[test]
fn a_missing_chain_spec_file_is_rejected_with_a_message() {
	let output = node(&["--chain", "/nonexistent/spec.json", "--tmp"]);
	assert!(!output.status.success());
	let message = stderr(&output);
	assert!(message.contains("/nonexistent/spec.json"), "names the path: {message}");
	assert!(message.contains("no such chain-spec file"), "says what is wrong: {message}");
}

#[test]
fn conflicting_dev_seal_flags_are_rejected() {
	let output = node(&["--dev", "--instant-seal", "--dev-block-time", "100"]);
	assert!(!output.status.success());
	assert!(stderr(&output).contains("cannot be used with"), "{}", stderr(&output));
}

#[test]
fn built_in_specs_export_with_token_properties_and_presets() {
	for (chain, id) in [("dev", "attribution_dev"), ("local", "attribution_local")] {
		let output = node(&["export-chain-spec", "--chain", chain]);
		assert!(output.status.success(), "export {chain}: {}", stderr(&output));
		let spec: serde_json::Value =
			serde_json::from_slice(&output.stdout).expect("the spec is JSON");
		assert_eq!(spec["id"], id);
		assert_eq!(spec["properties"]["tokenSymbol"], "ATTR");
		assert_eq!(spec["properties"]["tokenDecimals"], 12);
		assert_eq!(spec["properties"]["ss58Format"], 42);
		assert_eq!(spec["para_id"], 1000);
		assert!(spec["genesis"]["runtimeGenesis"]["code"].as_str().is_some_and(|c| c.len() > 1000));
	}
}

#[test]
fn genesis_head_and_wasm_export_for_relay_chain_registration() {
	let head = node(&["export-genesis-head", "--chain", "local"]);
	assert!(head.status.success(), "{}", stderr(&head));
	let head = String::from_utf8_lossy(&head.stdout);
	assert!(head.starts_with("0x") && head.trim().len() > 66, "hex head data: {head}");

	let wasm = node(&["export-genesis-wasm", "--chain", "local"]);
	assert!(wasm.status.success(), "{}", stderr(&wasm));
	assert!(String::from_utf8_lossy(&wasm.stdout).starts_with("0x"));
}

#[test]
fn benchmark_machine_subcommand_exists() {
	let output = node(&["benchmark", "--help"]);
	assert!(output.status.success());
	let help = String::from_utf8_lossy(&output.stdout);
	for sub in ["pallet", "storage", "overhead", "block", "machine"] {
		assert!(help.contains(sub), "benchmark {sub} is listed: {help}");
	}
}

/// The committed chain spec `name` under `chain-specs/`, parsed. The crate's directory is read
/// when the test runs (cargo sets `CARGO_MANIFEST_DIR` for it), not baked in at compile time:
/// a binary built in another clone sharing the target directory must read this clone's files.
fn committed_spec(name: &str) -> (std::path::PathBuf, serde_json::Value) {
	let crate_dir =
		std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
	let path = std::path::Path::new(&crate_dir).join("../chain-specs").join(name);
	let text = std::fs::read_to_string(&path)
		.unwrap_or_else(|e| panic!("{} is committed: {e}", path.display()));
	(path, serde_json::from_str(&text).expect("the spec is JSON"))
}

/// The storage key of `pallet::Item`: `twox_128(pallet) ++ twox_128(item)`.
fn storage_key(pallet: &str, item: &str) -> String {
	chain::hex(&[chain::twox_128(pallet.as_bytes()), chain::twox_128(item.as_bytes())].concat())
}

/// The production spec is the chain's identity: its genesis header (state root included) must
/// hash to the recorded value, so any change to the committed file, wasm included, fails here.
/// (A change to the runtime's production preset fails `scripts/chain-specs.sh --check`.)
#[test]
fn the_production_spec_has_the_recorded_genesis_hash() {
	let (path, spec) = committed_spec("production-raw.json");
	let output = node(&["export-genesis-head", "--chain", path.to_str().expect("utf-8 path")]);
	assert!(output.status.success(), "{}", stderr(&output));
	let header = chain::unhex(&String::from_utf8_lossy(&output.stdout));
	let hash = chain::hex(&chain::blake2_256(&header));
	let recorded = std::fs::read_to_string(path.with_file_name("production-genesis-hash"))
		.expect("the genesis hash is committed");
	assert_eq!(
		hash,
		recorded.trim(),
		"the production genesis changed; a published chain's genesis must not. If this is a new \
		 launch, regenerate with `bash scripts/chain-specs.sh --production` and commit."
	);

	assert_eq!(spec["id"], "attribution");
	assert_eq!(spec["chainType"], "Live");
	assert_eq!(spec["relay_chain"], "polkadot");
	assert_eq!(spec["para_id"], 2000);
	// No sudo key anywhere (the runtime has no sudo pallet); fast referenda only on dev.
	let sudo = storage_key("Sudo", "Key");
	let fast_tracks = storage_key("Origins", "TrackPeriodOverrides");
	let top = &spec["genesis"]["raw"]["top"];
	assert!(top.get(&sudo).is_none(), "production has no sudo key");
	assert!(top.get(&fast_tracks).is_none(), "production keeps the tracks' default periods");
	let (_, dev) = committed_spec("dev-raw.json");
	let dev = &dev["genesis"]["raw"]["top"];
	assert!(dev.get(&sudo).is_none(), "dev has no sudo key either");
	assert!(dev.get(&fast_tracks).is_some(), "dev's referenda take blocks (the key is right)");
}

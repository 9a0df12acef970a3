//! The node's command line: bad input fails with a clear message and a non-zero exit code;
//! the built-in chain specs export with the chain's token properties.

use std::process::{Command, Output};

use attribution_integration_tests::node_binary;

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

//! What the zombienet tests share: the binaries check, spawning `local.toml`, progress lines,
//! JSON-RPC calls, the nodes' Prometheus metrics, and the calls the tests sign.

// Each test binary compiles this module and uses part of it.
#![allow(dead_code)]

use std::path::Path;

use zombienet_sdk::{
	subxt::{
		self,
		dynamic::Value,
		ext::subxt_rpcs::client::{RpcClient, RpcParams},
		tx::DynamicPayload,
		OnlineClient, PolkadotConfig,
	},
	subxt_signer::sr25519::Keypair,
	LocalFileSystem, Network, NetworkConfig, NetworkConfigExt, NetworkNode,
};

/// A node's best block height, as Prometheus reports it.
pub const BEST: &str = "block_height{status=\"best\"}";
/// A node's finalized block height, as Prometheus reports it.
pub const FINALIZED: &str = "block_height{status=\"finalized\"}";

/// Fails with a clear message when a binary the network needs is not on `PATH`.
pub fn require_binaries() {
	let path = std::env::var("PATH").unwrap_or_default();
	for binary in
		["polkadot", "polkadot-prepare-worker", "polkadot-execute-worker", "attribution-node"]
	{
		let found = std::env::split_paths(&path).any(|dir| dir.join(binary).is_file());
		assert!(
			found,
			"`{binary}` is not on PATH: the zombienet tests did not run. \
			 Run them with `bash scripts/zombienet-test.sh`, which builds it."
		);
	}
}

/// Spawns `local.toml` (two relay validators, collators `collator-alice` and `collator-bob`)
/// with the native provider, after checking that its binaries are on `PATH`.
pub async fn spawn_local_network() -> Network<LocalFileSystem> {
	require_binaries();
	// Read at run time (cargo sets it), not baked in: the target directory outside the clone is
	// shared by clones at other paths.
	let crate_dir =
		std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
	let config = Path::new(&crate_dir).join("local.toml");
	NetworkConfig::load_from_toml(config.to_str().expect("utf-8 path"))
		.expect("local.toml is a valid network")
		.spawn_native()
		.await
		.expect("the network spawns")
}

/// Progress lines with the seconds since the test started (the tests run for minutes).
pub struct Progress {
	test: &'static str,
	start: std::time::Instant,
}

impl Progress {
	/// Starts the clock for `test`, the name each line starts with.
	pub fn start(test: &'static str) -> Self {
		Self { test, start: std::time::Instant::now() }
	}

	/// Prints `message` with the time since the start.
	pub fn say(&self, message: impl std::fmt::Display) {
		eprintln!("{} [{:>6.1} s] {message}", self.test, self.start.elapsed().as_secs_f64());
	}
}

/// A JSON-RPC call to `node`; panics with the method's name when it fails.
pub async fn rpc(
	node: &NetworkNode,
	method: &str,
	params: &[serde_json::Value],
) -> serde_json::Value {
	let client: RpcClient = node.rpc().await.expect("the node answers RPC");
	client.request(method, rpc_params(params)).await.unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// JSON values as a JSON-RPC call's positional parameters.
pub fn rpc_params(params: &[serde_json::Value]) -> RpcParams {
	let mut rpc_params = RpcParams::new();
	for param in params {
		rpc_params.push(param.clone()).expect("serialisable");
	}
	rpc_params
}

/// Waits until `node`'s `metric` passes `above`, failing after `secs`.
pub async fn wait_metric(node: &NetworkNode, metric: &str, above: f64, secs: u64) {
	node.wait_metric_with_timeout(metric, |v| v > above, secs)
		.await
		.unwrap_or_else(|e| panic!("{}: {metric} > {above} within {secs} s: {e}", node.name()));
}

/// The current value of `node`'s `metric`.
pub async fn metric(node: &NetworkNode, metric: &str) -> f64 {
	node.reports(metric).await.unwrap_or_else(|e| panic!("{}: {metric}: {e}", node.name()))
}

/// Signs `call` with `signer` through `node`, and waits until it is finalized and succeeded.
pub async fn submit(node: &NetworkNode, call: DynamicPayload, signer: &Keypair) {
	let client: OnlineClient<PolkadotConfig> =
		node.wait_client().await.expect("a client of the collator");
	submit_with(&client, call, signer).await;
}

/// Signs `call` with `signer` through `client`, and waits until it is finalized and
/// succeeded.
pub async fn submit_with(
	client: &OnlineClient<PolkadotConfig>,
	call: DynamicPayload,
	signer: &Keypair,
) {
	client
		.tx()
		.sign_and_submit_then_watch_default(&call, signer)
		.await
		.expect("submitted")
		.wait_for_finalized_success()
		.await
		.expect("finalized and successful");
}

/// `Contributions.create_project`: an open project named `name` under MIT, no royalty, a
/// five-seat committee with ten-block periods.
pub fn create_project(name: &[u8]) -> DynamicPayload {
	let mit = Value::named_composite([
		("licence", Value::unnamed_variant("Spdx", vec![Value::from_bytes(b"MIT")])),
		("commercial_use", Value::bool(true)),
		("derivatives_allowed", Value::bool(true)),
		("attribution_required", Value::bool(true)),
		("royalty", Value::u128(0)),
	]);
	let policy = Value::named_composite([
		("committee", Value::u128(5)),
		("min_stake", Value::u128(0)),
		("commit_period", Value::u128(10)),
		("reveal_period", Value::u128(10)),
		("dispute_period", Value::u128(10)),
	]);
	subxt::dynamic::tx(
		"Contributions",
		"create_project",
		vec![
			Value::from_bytes(name),
			mit,
			Value::u128(0),
			policy,
			Value::unnamed_variant("Open", vec![]),
		],
	)
}

/// `Contributions.register_contribution`: a dataset with this CID in `project` by `author`
/// alone, no parents, no locator, the project's licence, one byte.
pub fn register_dataset(project: u64, author: &Keypair, cid: &[u8]) -> DynamicPayload {
	subxt::dynamic::tx(
		"Contributions",
		"register_contribution",
		vec![
			Value::u128(project.into()),
			Value::unnamed_variant("Dataset", vec![]),
			Value::from_bytes(cid),
			Value::unnamed_variant("None", vec![]),
			Value::unnamed_composite(vec![Value::unnamed_composite(vec![
				Value::from_bytes(author.public_key().0),
				Value::u128(1_000_000_000),
			])]),
			Value::unnamed_composite(vec![]),
			Value::unnamed_variant("None", vec![]),
			Value::from_bytes([7u8; 32]),
			Value::u128(1),
		],
	)
}

//! The parachain on a real relay chain: `local.toml` spawned natively by zombienet-sdk (a
//! `westend-local` relay chain with validators alice and bob; Attribution Chain, para 1000,
//! with collators alice and bob). Checks block production and finality of the parachain, a
//! contribution registered through one collator and read back from the other, and a collator
//! restart after which that collator catches up and still has the record.
//!
//! Opt-in: run `bash scripts/zombienet-test.sh`, which builds the relay chain's binaries and
//! our node and puts them on `PATH`. Without them, this test fails saying what is missing; it
//! never passes without having run the network.

use std::{path::Path, time::Duration};

use zombienet_sdk::{
	subxt::{
		self,
		dynamic::Value,
		ext::subxt_rpcs::client::{RpcClient, RpcParams},
		OnlineClient, PolkadotConfig,
	},
	subxt_signer::sr25519::dev,
	NetworkConfig, NetworkConfigExt, NetworkNode,
};

const BEST: &str = "block_height{status=\"best\"}";
const FINALIZED: &str = "block_height{status=\"finalized\"}";

/// Fails with a clear message when a binary the network needs is not on `PATH`.
fn require_binaries() {
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

/// Prints a progress line with the seconds since `start` (the test runs for minutes).
fn progress(start: std::time::Instant, message: impl std::fmt::Display) {
	eprintln!("zombienet [{:>5.1} s] {message}", start.elapsed().as_secs_f64());
}

/// A JSON-RPC call to `node`.
async fn rpc(node: &NetworkNode, method: &str, params: &[serde_json::Value]) -> serde_json::Value {
	let client: RpcClient = node.rpc().await.expect("the node answers RPC");
	let mut rpc_params = RpcParams::new();
	for param in params {
		rpc_params.push(param.clone()).expect("serialisable");
	}
	client.request(method, rpc_params).await.unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// Waits until `node`'s `metric` passes `above`, failing after `secs`.
async fn wait_metric(node: &NetworkNode, metric: &str, above: f64, secs: u64) {
	node.wait_metric_with_timeout(metric, |v| v > above, secs)
		.await
		.unwrap_or_else(|e| panic!("{}: {metric} > {above} within {secs} s: {e}", node.name()));
}

/// The current value of `node`'s `metric`.
async fn metric(node: &NetworkNode, metric: &str) -> f64 {
	node.reports(metric).await.unwrap_or_else(|e| panic!("{}: {metric}: {e}", node.name()))
}

/// Signs `call` as Alice through `node`, and waits until it is finalized and succeeded.
async fn submit(node: &NetworkNode, call: subxt::tx::DynamicPayload) {
	let client: OnlineClient<PolkadotConfig> =
		node.wait_client().await.expect("a client of the collator");
	client
		.tx()
		.sign_and_submit_then_watch_default(&call, &dev::alice())
		.await
		.expect("submitted")
		.wait_for_finalized_success()
		.await
		.expect("finalized and successful");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_collators_produce_finalize_share_records_and_survive_a_restart() {
	require_binaries();
	let start = std::time::Instant::now();
	// Read at run time (cargo sets it), not baked in: the target directory outside the clone is
	// shared by clones at other paths.
	let crate_dir =
		std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
	let config = Path::new(&crate_dir).join("local.toml");
	let network = NetworkConfig::load_from_toml(config.to_str().expect("utf-8 path"))
		.expect("local.toml is a valid network")
		.spawn_native()
		.await
		.expect("the network spawns");
	let alice = network.get_node("collator-alice").expect("collator-alice");
	let bob = network.get_node("collator-bob").expect("collator-bob");
	progress(
		start,
		"network spawned: validators alice, bob; collators collator-alice, collator-bob",
	);

	// The parachain produces blocks (both collators see them) and the relay chain finalizes
	// them.
	wait_metric(alice, BEST, 5.0, 600).await;
	wait_metric(bob, BEST, 5.0, 120).await;
	wait_metric(alice, FINALIZED, 3.0, 300).await;
	progress(
		start,
		format!(
			"parachain producing and finalized: collator-alice best #{}, finalized #{}; collator-bob best #{}",
			metric(alice, BEST).await,
			metric(alice, FINALIZED).await,
			metric(bob, BEST).await
		),
	);

	// A project and a dataset registered through Alice's collator, read from Bob's.
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
	let create = subxt::dynamic::tx(
		"Contributions",
		"create_project",
		vec![
			Value::from_bytes(b"zombienet"),
			mit,
			Value::u128(0),
			policy,
			Value::unnamed_variant("Open", vec![]),
		],
	);
	submit(alice, create).await;
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	cid.extend([7u8; 32]);
	let register = subxt::dynamic::tx(
		"Contributions",
		"register_contribution",
		vec![
			Value::u128(0),
			Value::unnamed_variant("Dataset", vec![]),
			Value::from_bytes(&cid),
			Value::unnamed_variant("None", vec![]),
			Value::unnamed_composite(vec![Value::unnamed_composite(vec![
				Value::from_bytes(dev::alice().public_key().0),
				Value::u128(1_000_000_000),
			])]),
			Value::unnamed_composite(vec![]),
			Value::unnamed_variant("None", vec![]),
			Value::from_bytes([7u8; 32]),
			Value::u128(1),
		],
	);
	submit(alice, register).await;
	let on_alice = rpc(alice, "attribution_contribution", &[0.into()]).await;
	assert!(!on_alice.is_null(), "registered through collator-alice");
	progress(
		start,
		format!(
			"project 0 and contribution 0 finalized through collator-alice (best #{})",
			metric(alice, BEST).await
		),
	);
	let deadline = std::time::Instant::now() + Duration::from_secs(60);
	loop {
		let on_bob = rpc(bob, "attribution_contribution", &[0.into()]).await;
		if on_bob == on_alice {
			break;
		}
		assert!(std::time::Instant::now() < deadline, "collator-bob has {on_bob}, not {on_alice}");
		tokio::time::sleep(Duration::from_secs(2)).await;
	}

	progress(start, "collator-bob returns the same record");

	// Bob's collator restarts: it comes back, catches up past Alice's current block, and still
	// has the record; the parachain kept going meanwhile.
	let before = metric(alice, BEST).await;
	progress(start, format!("restarting collator-bob (collator-alice at #{before})"));
	bob.restart(Some(Duration::from_secs(5))).await.expect("collator-bob restarts");
	wait_metric(alice, BEST, before + 2.0, 180).await;
	let target = metric(alice, BEST).await;
	wait_metric(bob, BEST, target, 300).await;
	assert_eq!(rpc(bob, "attribution_contribution", &[0.into()]).await, on_alice);
	progress(
		start,
		format!("collator-bob restarted and caught up to #{target} with the record intact"),
	);

	network.destroy().await.expect("the network stops");
}

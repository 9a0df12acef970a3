//! JSON-RPC latency of the registry's reads with a large registry (`bash
//! scripts/bench-rpc-latency.sh`): registers `LATENCY_CONTRIBUTIONS` contributions (100,000 by
//! default) on the dev node in `register_contributions` batches, in chains of 1,000 where each
//! contribution's parent is the one before it (and every seventh also has a second, older
//! parent), then times sequential calls of `attribution_contribution`, `attribution_ancestors`
//! (64 generations), `attribution_descendants` and `attribution_pedigree` on random ids, with
//! `chain_getHeader` measured in the same run as the baseline. Prints p50 and p99 of each and
//! the ratios to the baseline. A benchmark, not a check: ignored by the test suite.
//!
//! With `LATENCY_BASE_PATH` set, the node keeps its database there (it must not exist yet):
//! `scripts/benchmark-base-weights.sh` measures the storage weights on that populated registry.

use std::time::{Duration, Instant};

use attribution_integration_tests::{best_block, chain, rpc, DevNode};
use futures::{stream, StreamExt};
use serde_json::json;
use subxt::{
	config::DefaultExtrinsicParamsBuilder, dynamic::Value, tx::DynamicPayload, OnlineClient,
	PolkadotConfig,
};
use subxt_signer::sr25519::{dev, Keypair};

fn env(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Contributions per chain of parents.
const CHAIN: u64 = 1_000;
/// Registrations per `register_contributions` call (the runtime's `MaxBatch`).
const BATCH: u64 = 256;

/// The parents of contribution `id`: the one before it in its chain, and every seventh one
/// also an older one.
fn parents(id: u64) -> Vec<u64> {
	let mut parents = Vec::new();
	if id % CHAIN != 0 {
		parents.push(id - 1);
		if id % 7 == 0 && id % CHAIN >= 7 {
			parents.insert(0, id - 7);
		}
	}
	parents
}

fn cid(id: u64) -> Vec<u8> {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	let mut digest = [0x5cu8; 32];
	digest[..8].copy_from_slice(&id.to_le_bytes());
	cid.extend(digest);
	cid
}

/// One `register_contributions` call registering ids `first..first + count` by `author`.
fn batch(author: &Keypair, first: u64, count: u64) -> DynamicPayload<Vec<Value>> {
	chain::register_batch(
		0,
		(first..first + count)
			.map(|id| chain::batch_item(author, &cid(id), &parents(id), [9u8; 32])),
	)
}

fn stored(node: &DevNode) -> u64 {
	let project = rpc(node, "attribution_project", json!([0]))["result"].clone();
	project["contributionCount"].as_u64().unwrap_or(0)
}

/// Latencies of `samples` sequential calls, in microseconds, sorted.
fn time_calls(
	node: &DevNode,
	samples: u64,
	mut params: impl FnMut(u64) -> (&'static str, serde_json::Value),
) -> Vec<u128> {
	let mut seed = 0x9e37_79b9_7f4a_7c15u64;
	let mut out: Vec<u128> = (0..samples)
		.map(|_| {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			let (method, params) = params(seed);
			let start = Instant::now();
			let response = rpc(node, method, params);
			let micros = start.elapsed().as_micros();
			assert!(response.get("error").is_none(), "{method}: {response}");
			assert!(!response["result"].is_null(), "{method} found nothing: {response}");
			micros
		})
		.collect();
	out.sort();
	out
}

fn percentile(sorted: &[u128], p: f64) -> u128 {
	sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run it with scripts/bench-rpc-latency.sh"]
async fn registry_reads_with_a_hundred_thousand_contributions() {
	let total = env("LATENCY_CONTRIBUTIONS", 100_000);
	let samples = env("LATENCY_SAMPLES", 2_000);
	let node_args =
		["--dev-block-time", "3000", "--pool-limit", "10000", "--pool-kbytes", "500000"];
	let node = match std::env::var_os("LATENCY_BASE_PATH") {
		Some(base_path) => {
			let base_path = std::path::PathBuf::from(base_path);
			assert!(
				!base_path.exists(),
				"LATENCY_BASE_PATH {} exists already",
				base_path.display()
			);
			DevNode::start_in(&base_path, &node_args)
		}
		None => DevNode::start(&node_args),
	};
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	let alice = dev::alice();
	chain::create_project(
		&api,
		&node,
		&alice,
		b"latency",
		chain::policy(chain::TEST_COMMITTEE, 10, 10, 10),
	)
	.await;

	// Populate: every batch pre-signed by Alice with consecutive nonces, submitted together.
	let started = Instant::now();
	let at = api.at_current_block().await.expect("a block");
	let alice_ss58 = alice.public_key().to_account_id().to_string();
	let first_nonce = rpc(&node, "system_accountNextIndex", json!([alice_ss58]))["result"]
		.as_u64()
		.expect("Alice's next nonce");
	let batches: Vec<_> = (0..total.div_ceil(BATCH))
		.map(|b| {
			let first = b * BATCH;
			let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new()
				.nonce(first_nonce + b)
				.build();
			at.transactions()
				.create_signable_offline(&batch(&alice, first, BATCH.min(total - first)), params)
				.expect("signable")
				.sign(&alice)
				.expect("signed")
		})
		.collect();
	eprintln!(
		"latency: {} batches of up to {BATCH} signed in {:.1} s",
		batches.len(),
		started.elapsed().as_secs_f64()
	);
	let results: Vec<_> = stream::iter(batches)
		.map(|tx| async move { tx.submit().await })
		.buffer_unordered(64)
		.collect()
		.await;
	if let Some(Err(error)) = results.iter().find(|r| r.is_err()) {
		panic!("the pool refused a batch: {error:?}");
	}
	let deadline = Instant::now() + Duration::from_secs(1_800);
	let mut last = 0;
	loop {
		let count = stored(&node);
		if count >= total {
			break;
		}
		assert!(Instant::now() < deadline, "only {count} of {total} registered after 30 minutes");
		if count != last {
			eprintln!(
				"latency:   {count} of {total} registered (block #{}, {:.0} s)",
				best_block(&node),
				started.elapsed().as_secs_f64()
			);
			last = count;
		}
		tokio::time::sleep(Duration::from_secs(3)).await;
	}
	eprintln!(
		"latency: {total} contributions registered in {:.0} s",
		started.elapsed().as_secs_f64()
	);

	// Measure, the baseline first and last so drift shows.
	let id = move |seed: u64| seed % total;
	let header = time_calls(&node, samples, |_| ("chain_getHeader", json!([])));
	let contribution = time_calls(&node, samples, |s| ("attribution_contribution", json!([id(s)])));
	let ancestors = time_calls(&node, samples, |s| ("attribution_ancestors", json!([id(s), 64])));
	let descendants =
		time_calls(&node, samples, |s| ("attribution_descendants", json!([id(s), 64])));
	let pedigree =
		time_calls(&node, samples.min(500), |s| ("attribution_pedigree", json!([id(s)])));
	let header_again = time_calls(&node, samples, |_| ("chain_getHeader", json!([])));

	let base = percentile(&header, 0.5).max(1) as f64;
	eprintln!("latency: ---------------------------------------------------------------");
	eprintln!(
		"latency: {total} contributions stored; {samples} sequential HTTP calls each, random ids"
	);
	for (name, times) in [
		("chain_getHeader (baseline)", &header),
		("attribution_contribution", &contribution),
		("attribution_ancestors (64)", &ancestors),
		("attribution_descendants (64)", &descendants),
		("attribution_pedigree", &pedigree),
		("chain_getHeader (again)", &header_again),
	] {
		let (p50, p99) = (percentile(times, 0.5), percentile(times, 0.99));
		eprintln!(
			"latency: {name:<30} p50 {p50:>7} µs  p99 {p99:>7} µs  (p50 {:.2}x baseline, {} calls)",
			p50 as f64 / base,
			times.len()
		);
	}
	drop(api);
	node.stop();
}

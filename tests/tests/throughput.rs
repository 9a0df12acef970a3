//! Throughput of the dev node, measured in one run (`bash scripts/bench-throughput.sh`): balance
//! transfers per second and contribution registrations per second (one per transaction, and
//! batched with `register_contributions`), from the first submission to the inclusion of the
//! last, with transactions pre-signed offline from many funded
//! accounts and submitted concurrently. Prints both rates, their ratio, and how full the
//! blocks were. A benchmark, not a check: ignored by the test suite, run by the script.

use std::time::{Duration, Instant};

use attribution_integration_tests::{best_block, chain, rpc, submit, DevNode};
use futures::{stream, StreamExt};
use serde_json::json;
use subxt::{
	config::DefaultExtrinsicParamsBuilder, dynamic::Value, tx::DynamicPayload, OnlineClient,
	PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

/// Senders, and transactions of each kind per sender.
fn sizes() -> (usize, u64) {
	let senders = std::env::var("LOAD_ACCOUNTS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
	let per_sender =
		std::env::var("LOAD_PER_ACCOUNT").ok().and_then(|v| v.parse().ok()).unwrap_or(15);
	(senders, per_sender)
}

fn transfer(to: &Keypair) -> DynamicPayload<Vec<Value>> {
	subxt::dynamic::transaction(
		"Balances",
		"transfer_keep_alive",
		vec![
			Value::unnamed_variant("Id", vec![Value::from_bytes(to.public_key().0)]),
			Value::u128(1),
		],
	)
}

/// The CID of sender `n`'s `k`th registration (`batch` tells the two phases apart).
fn load_cid(n: usize, k: u64, batch: bool) -> Vec<u8> {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	let mut digest = [if batch { 0x7b } else { 0x7a }; 32];
	digest[..8].copy_from_slice(&(n as u64).to_le_bytes());
	digest[8..16].copy_from_slice(&k.to_le_bytes());
	cid.extend(digest);
	cid
}

fn registration(who: &Keypair, n: usize, k: u64) -> DynamicPayload<Vec<Value>> {
	chain::registration(0, who, "Dataset", &load_cid(n, k, false), &[], [3u8; 32], 1_000)
}

/// Sender `n`'s registrations `first..first + count` in one `register_contributions` call.
fn batch_of_registrations(
	who: &Keypair,
	n: usize,
	first: u64,
	count: u64,
) -> DynamicPayload<Vec<Value>> {
	chain::register_batch(
		0,
		(first..first + count)
			.map(|k| chain::batch_item(who, &load_cid(n, k, true), &[], [3u8; 32])),
	)
}

/// Number of extrinsics in block `number` (inherents included).
fn extrinsics_in(node: &DevNode, number: u64) -> usize {
	let hash = rpc(node, "chain_getBlockHash", json!([number]))["result"].clone();
	let block = rpc(node, "chain_getBlock", json!([hash]))["result"].clone();
	block["block"]["extrinsics"].as_array().map(Vec::len).unwrap_or(0)
}

/// Transactions the pool dropped ("exceeding limits") and that were submitted again.
static RESUBMITTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Submits `tx`; when the pool refuses it (it drops transactions when full), waits a block
/// and tries again, up to five times, counting the retries.
async fn submit_with_retry<T: subxt::Config, C: subxt::client::OnlineClientAtBlockT<T>>(
	tx: subxt::transactions::SubmittableTransaction<T, C>,
) -> Result<subxt::config::HashFor<T>, subxt::error::ExtrinsicError> {
	let mut attempt = 0;
	loop {
		match tx.submit().await {
			Err(_) if attempt < 5 => {
				attempt += 1;
				RESUBMITTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
				tokio::time::sleep(Duration::from_secs(3)).await;
			}
			result => return result,
		}
	}
}

/// What one phase measured.
struct Phase {
	count: usize,
	seconds: f64,
	blocks: Vec<usize>,
}

/// Submits pre-signed transactions 256 at a time and waits until all of them have been
/// included; each carries `items` operations (registrations in a batch), and the phase counts
/// operations.
async fn run_phase<S, F, Fut, H, E>(
	node: &DevNode,
	txs: Vec<S>,
	submit: F,
	inherents: usize,
	items: usize,
) -> Phase
where
	F: Fn(S) -> Fut,
	Fut: std::future::Future<Output = Result<H, E>>,
	E: std::fmt::Debug,
{
	let count = txs.len() * items;
	let from = best_block(node);
	let start = Instant::now();
	let results: Vec<_> = stream::iter(txs).map(submit).buffer_unordered(256).collect().await;
	let refused = results.iter().filter(|r| r.is_err()).count();
	if let Some(Err(error)) = results.iter().find(|r| r.is_err()) {
		panic!("the pool refused {refused} of {count}: {error:?}");
	}
	let submitted = start.elapsed().as_secs_f64();
	let (mut included, mut next, mut blocks) = (0usize, from + 1, Vec::new());
	let deadline = Instant::now() + Duration::from_secs(180);
	while included < count {
		if Instant::now() >= deadline {
			let pending =
				rpc(node, "author_pendingExtrinsics", json!([]))["result"].as_array().map(Vec::len);
			let log = std::env::temp_dir().join("throughput-node.log");
			let _ = std::fs::write(&log, node.log());
			panic!(
				"throughput: only {included} of {count} included in 180 s; the pool still holds {pending:?}; \
				 node log in {}",
				log.display()
			);
		}
		if best_block(node) < next {
			tokio::time::sleep(Duration::from_millis(50)).await;
			continue;
		}
		let ours = extrinsics_in(node, next).saturating_sub(inherents) * items;
		blocks.push(ours);
		included += ours;
		eprintln!(
			"throughput:   block #{next}: {ours} ({included} of {count} after {:.2} s)",
			start.elapsed().as_secs_f64()
		);
		next += 1;
	}
	let seconds = start.elapsed().as_secs_f64();
	eprintln!("throughput:   submitted {count} in {submitted:.2} s, all included after {seconds:.2} s in {} blocks", blocks.len());
	Phase { count, seconds, blocks }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run it with scripts/bench-throughput.sh"]
async fn transfers_and_registrations_per_second() {
	let (senders, per_sender) = sizes();
	let block_ms: u64 =
		std::env::var("LOAD_BLOCK_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
	// The node's default pool (fork-aware) and limits, unless `LOAD_POOL=single-state` (or
	// `fork-aware`) picks one, with room for the whole load. `LOAD_LOG=txpool=debug` passes a
	// log filter to the node (its log is written to `throughput-node.log` in the temporary
	// directory when a phase does not complete).
	let pool = std::env::var("LOAD_POOL").ok();
	let block_ms = block_ms.to_string();
	let mut args = vec!["--dev-block-time", &block_ms];
	if let Some(pool) = &pool {
		args.extend(["--pool-limit", "100000", "--pool-kbytes", "200000", "--pool-type", pool]);
	}
	// `LOAD_FINALITY_LAG=0` finalizes every block as it is sealed, as the dev node did before
	// it let finality trail by two blocks (the fork-aware pool then dropped transactions).
	let lag = std::env::var("LOAD_FINALITY_LAG").ok();
	if let Some(lag) = &lag {
		args.extend(["--dev-finality-lag", lag.as_str()]);
	}
	let log = std::env::var("LOAD_LOG").ok();
	if let Some(filter) = &log {
		args.extend(["--log", filter]);
	}
	let node = DevNode::start(&args);
	eprintln!(
		"throughput: transaction pool {}, finality {} block(s) behind",
		pool.as_deref().unwrap_or("the node's default (fork-aware, default limits)"),
		lag.as_deref().unwrap_or("2 (the default)")
	);
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	let alice = dev::alice();

	// Fund the senders in one batch, and create the project they register into.
	let accounts: Vec<Keypair> = (0..senders)
		.map(|i| {
			Keypair::from_uri(&format!("//load//{i}").parse::<SecretUri>().expect("a URI"))
				.expect("a key")
		})
		.collect();
	for chunk in accounts.chunks(500) {
		let calls = chunk.iter().map(|a| {
			Value::unnamed_variant(
				"Balances",
				vec![Value::named_variant(
					"transfer_allow_death",
					[
						(
							"dest",
							Value::unnamed_variant("Id", vec![Value::from_bytes(a.public_key().0)]),
						),
						("value", Value::u128(500 * chain::UNIT)),
					],
				)],
			)
		});
		let batch = subxt::dynamic::transaction(
			"Utility",
			"batch_all",
			vec![Value::unnamed_composite(calls)],
		);
		submit(&api, batch, &alice, &node).await;
	}
	chain::create_project(
		&api,
		&node,
		&alice,
		b"load",
		chain::policy(chain::TEST_COMMITTEE, 10, 10, 10),
	)
	.await;
	eprintln!(
		"throughput: {senders} senders funded, {per_sender} transactions of each kind per sender"
	);

	// Inherents per block, read from a block with no transaction.
	let quiet = best_block(&node);
	chain::wait_past(&api, quiet + 1, &node).await;
	let inherents = extrinsics_in(&node, quiet + 1);

	// Pre-sign everything offline: transfers with nonces 0.., registrations after them.
	let at = api.at_current_block().await.expect("a block");
	let sign = |who: &Keypair, call: DynamicPayload<Vec<Value>>, nonce: u64| {
		let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(nonce).build();
		at.transactions()
			.create_signable_offline(&call, params)
			.expect("signable")
			.sign(who)
			.expect("signed")
	};
	let started = Instant::now();
	let transfers: Vec<_> = accounts
		.iter()
		.flat_map(|who| (0..per_sender).map(move |k| (who, k)))
		.map(|(who, k)| sign(who, transfer(&alice), k))
		.collect();
	let registrations: Vec<_> = accounts
		.iter()
		.enumerate()
		.flat_map(|(n, who)| (0..per_sender).map(move |k| (n, who, k)))
		.map(|(n, who, k)| sign(who, registration(who, n, k), per_sender + k))
		.collect();
	// The same number of registrations again, `batch` per `register_contributions` call.
	let batch = (std::env::var("LOAD_BATCH").ok().and_then(|v| v.parse().ok()).unwrap_or(10u64))
		.clamp(1, per_sender);
	let batches_per_sender = per_sender / batch;
	let batched: Vec<_> = accounts
		.iter()
		.enumerate()
		.flat_map(|(n, who)| (0..batches_per_sender).map(move |b| (n, who, b)))
		.map(|(n, who, b)| {
			sign(who, batch_of_registrations(who, n, b * batch, batch), 2 * per_sender + b)
		})
		.collect();
	eprintln!(
		"throughput: {} transactions signed offline in {:.2} s",
		transfers.len() + registrations.len() + batched.len(),
		started.elapsed().as_secs_f64()
	);

	eprintln!("throughput: transfers");
	let transfers = run_phase(&node, transfers, submit_with_retry, inherents, 1).await;
	eprintln!("throughput: registrations, one per transaction");
	let registrations = run_phase(&node, registrations, submit_with_retry, inherents, 1).await;
	eprintln!("throughput: registrations, {batch} per register_contributions transaction");
	let batched = run_phase(&node, batched, submit_with_retry, inherents, batch as usize).await;

	let rate = |p: &Phase| p.count as f64 / p.seconds;
	let (t, r) = (rate(&transfers), rate(&registrations));
	let most = |p: &Phase| p.blocks.iter().copied().max().unwrap_or(0);
	eprintln!("throughput: ---------------------------------------------------------------");
	eprintln!("throughput: block time {block_ms} ms, {inherents} inherents per block");
	eprintln!(
		"throughput: transfers      {t:>8.1} /s  ({} in {:.2} s; per block {:?}, most {})",
		transfers.count,
		transfers.seconds,
		transfers.blocks,
		most(&transfers)
	);
	eprintln!(
		"throughput: registrations  {r:>8.1} /s  ({} in {:.2} s; per block {:?}, most {})",
		registrations.count,
		registrations.seconds,
		registrations.blocks,
		most(&registrations)
	);
	let b = rate(&batched);
	eprintln!(
		"throughput: batched regs   {b:>8.1} /s  ({} in {:.2} s, {batch} per transaction; per block {:?}, most {})",
		batched.count,
		batched.seconds,
		batched.blocks,
		most(&batched)
	);
	eprintln!(
		"throughput: {} submissions the pool refused when full were retried",
		RESUBMITTED.load(std::sync::atomic::Ordering::Relaxed)
	);
	eprintln!("throughput: ratio registrations / transfers = {:.2} one per transaction, {:.2} batched (target at least 0.8)", r / t, b / t);
	// The same ratio per full block: free of the last, partly filled, block of each phase.
	let full = |p: &Phase| most(p) as f64;
	eprintln!(
		"throughput: per full block: registrations / transfers = {:.2} one per transaction, {:.2} batched",
		full(&registrations) / full(&transfers),
		full(&batched) / full(&transfers)
	);
	let project = rpc(&node, "attribution_project", json!([0]))["result"].clone();
	assert_eq!(
		project["contributionCount"].as_u64(),
		Some((registrations.count + batched.count) as u64),
		"every registration landed"
	);
	drop(api);
	node.stop();
}

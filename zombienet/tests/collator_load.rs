//! A load against a collator of the real network: 400 funded accounts send 50 transactions
//! each (25 balance transfers, then 25 contribution registrations: 20,000 in all) to
//! `collator-alice` of `local.toml`, which runs with the node's default transaction pool
//! (fork-aware) and default limits, more at once than that pool holds. Each transaction is
//! delivered as a careful wallet does: followed until it is finalized, and sent again, signed
//! afresh, when the pool refuses it for now, drops it, or loses it on the way (a block that
//! held it left the best chain). A full pool makes room for a
//! transaction of higher priority by evicting lower-priority ones (registrations weigh more
//! than transfers, so their priority is lower) with their senders' later nonces, and says so
//! only to their watchers. The test waits until every account's nonce at the finalized head
//! has moved by 50 and the project holds every registration, and fails, naming the accounts
//! whose later nonces are stuck and what each collator's pool still holds, if the finalized
//! state stops moving before that.
//!
//! `LOAD_UNWATCHED=1` submits and forgets instead (`author_submitExtrinsic`), and shows what
//! that loses. `LOAD_ACCOUNTS` and `LOAD_PER_ACCOUNT` change the load (the first half of each
//! account's transactions are transfers, the rest registrations); `LOAD_NODE=ws://…` sends it
//! to a node already running (where Alice is endowed: a dev node, say) instead of spawning
//! the network. Prints the delivery and finality times, the refusals, drops and silent
//! watches the wallet handled, and the transactions per block.
//!
//! Opt-in, like `network.rs`: `bash scripts/zombienet-test.sh` (`--test collator_load` for
//! this test alone).

mod common;

use std::time::{Duration, Instant};

use common::{
	create_project, register_dataset, rpc_params, spawn_local_network, submit_with, wait_metric,
	Progress, FINALIZED,
};
use futures::{stream, StreamExt};
use zombienet_sdk::{
	subxt::{
		self,
		config::DefaultExtrinsicParamsBuilder,
		dynamic::Value,
		ext::subxt_rpcs::client::RpcClient,
		tx::{DynamicPayload, TxProgress, TxStatus},
		utils::{AccountId32, H256},
		OnlineClient, PolkadotConfig,
	},
	subxt_signer::{
		sr25519::{dev, Keypair},
		SecretUri,
	},
};

/// One ATTR in plancks.
const UNIT: u128 = 1_000_000_000_000;
/// Transactions on their way at once: more than the default pool holds (8,192 ready and 819
/// future), so that it fills and has to choose what to keep.
const IN_FLIGHT: usize = 12_000;
/// Watched transactions one connection carries at most: under a node's default 1,024
/// subscriptions per connection (400 accounts of 50 then take 20 connections, and 20 more
/// for their plain requests, of its 100).
const WATCHES_PER_CONNECTION: usize = 1_000;
/// Times one transaction is sent again after it was dropped, invalid or silent.
const RETRIES: usize = 40;
/// Times a refusal for now is waited out ([`RETRY_PAUSE`] each: half an hour).
const REFUSALS: usize = 300;
/// How long a watch may go without a decisive status (finalized, dropped, invalid) before
/// the wallet looks at the chain itself.
const WATCH_TIMEOUT: Duration = Duration::from_secs(90);
/// The pause before a refused submission is sent again: about a parachain block.
const RETRY_PAUSE: Duration = Duration::from_secs(6);
/// How long the finalized state may stand still, with transactions outstanding, before the
/// test calls them lost.
const STALL: Duration = Duration::from_secs(300);

type Client = OnlineClient<PolkadotConfig>;

/// Accounts, and transactions per account.
fn sizes() -> (usize, u64) {
	let read = |name: &str, default| {
		std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
	};
	(read("LOAD_ACCOUNTS", 400) as usize, read("LOAD_PER_ACCOUNT", 50))
}

/// The CID of account `n`'s `k`th registration.
fn load_cid(n: usize, k: u64) -> Vec<u8> {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	let mut digest = [0x5a; 32];
	digest[..8].copy_from_slice(&(n as u64).to_le_bytes());
	digest[8..16].copy_from_slice(&k.to_le_bytes());
	cid.extend(digest);
	cid
}

/// One planck to Alice, keeping the sender alive.
fn transfer_to_alice() -> DynamicPayload {
	subxt::dynamic::tx(
		"Balances",
		"transfer_keep_alive",
		vec![
			Value::unnamed_variant("Id", vec![Value::from_bytes(dev::alice().public_key().0)]),
			Value::u128(1),
		],
	)
}

/// `0x`-prefixed hex of `bytes`, as JSON-RPC takes extrinsics.
fn to_hex(bytes: &[u8]) -> String {
	let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
	format!("0x{digits}")
}

/// Alice funds every account with 100 ATTR in one `batch_all`.
fn fund(accounts: &[Keypair]) -> DynamicPayload {
	let calls = accounts.iter().map(|a| {
		Value::unnamed_variant(
			"Balances",
			vec![Value::named_variant(
				"transfer_allow_death",
				[
					(
						"dest",
						Value::unnamed_variant("Id", vec![Value::from_bytes(a.public_key().0)]),
					),
					("value", Value::u128(100 * UNIT)),
				],
			)],
		)
	});
	subxt::dynamic::tx("Utility", "batch_all", vec![Value::unnamed_composite(calls)])
}

/// Whether the pool refused a transaction for now, and may accept it later: full (`1016`,
/// immediately dropped), or unable to check it against a block whose state is gone (`1002`:
/// a collator's best block on a fork that finality has just discarded, until the reorg
/// reaches its pool).
fn refused_for_now(error: &str) -> bool {
	error.contains("(1016)")
		|| (error.contains("(1002)") && error.contains("State already discarded"))
}

/// Whether a request ended for want of an answer (the client's own 60 s limit).
fn timed_out(error: &str) -> bool {
	error.to_lowercase().contains("timeout")
}

/// One transaction of the load: whose, with which nonce, calling what.
struct Item {
	account: usize,
	nonce: u64,
	call: DynamicPayload,
}

/// What delivering one transaction took.
#[derive(Default)]
struct Delivery {
	/// Submissions the pool refused for now (full, or checking against a discarded fork).
	refusals: usize,
	/// Times the pool accepted it and later dropped it (a full pool evicts lower-priority
	/// transactions, with the same sender's later nonces, for higher-priority ones).
	drops: usize,
	/// Watches that ended invalid, and resubmissions refused (outdated: a version sent
	/// before is in a block, maybe not yet final).
	invalid: usize,
	/// Watches (or submissions) that brought no decisive status within [`WATCH_TIMEOUT`].
	silences: usize,
	/// The node's words the last time it called the transaction invalid or refused it.
	last_error: String,
}

impl Delivery {
	/// Times it was sent again after it was dropped, invalid or silent.
	fn resends(&self) -> usize {
		self.drops + self.invalid + self.silences
	}

	/// Submissions before the current one.
	fn attempts(&self) -> usize {
		self.refusals + self.resends()
	}
}

/// Whether `who`'s nonce at the finalized head of `node` has moved past `nonce`: a version of
/// the transaction (or another with its nonce) is final.
///
/// A failed read counts as not final: the transaction is then sent again, and a version
/// already included makes that one outdated.
async fn nonce_final(node: &Endpoint, who: &Keypair, nonce: u64) -> bool {
	let read = async {
		let head = node.block_hash("chain_getFinalizedHead", &[]).await?;
		let block = node.client.blocks().at(head).await.map_err(|e| e.to_string())?;
		block.account_nonce(&AccountId32(who.public_key().0)).await.map_err(|e| e.to_string())
	};
	matches!(read.await, Ok(next) if next > nonce)
}

/// How one watch of a transaction ended.
enum Watched {
	/// In a finalized block.
	Final,
	/// The pool dropped it (or the subscription ended).
	Dropped,
	/// The pool called it invalid, or the subscription failed.
	Invalid(String),
	/// Nothing decisive within [`WATCH_TIMEOUT`].
	Silent,
}

/// Follows `progress` until its transaction is finalized, dropped or invalid, or
/// [`WATCH_TIMEOUT`] passes. A block that includes it may leave the best chain (a collator's
/// fork loses), so being in a best block is not the end.
async fn follow(mut progress: TxProgress<PolkadotConfig, Client>) -> Watched {
	let watch = async {
		loop {
			match progress.next().await {
				Some(Ok(TxStatus::InFinalizedBlock(_))) => return Watched::Final,
				Some(Ok(TxStatus::Dropped { .. })) | None => return Watched::Dropped,
				Some(Ok(TxStatus::Invalid { message } | TxStatus::Error { message })) => {
					return Watched::Invalid(message)
				}
				Some(Ok(_)) => continue,
				Some(Err(e)) => return Watched::Invalid(e.to_string()),
			}
		}
	};
	tokio::time::timeout(WATCH_TIMEOUT, watch).await.unwrap_or(Watched::Silent)
}

/// Delivers `item` through `node` as a careful wallet does: signs it, submits it and follows
/// it until it is finalized. When the pool refuses it for now ([`refused_for_now`]) it waits
/// and sends it again. When the pool drops it, calls it (or a resubmission) invalid or
/// outdated, or says nothing decisive for [`WATCH_TIMEOUT`], the wallet looks at its
/// account's nonce at the finalized head: moved past it, a version was included (a copy sent
/// earlier, or one the other collator's pool had); otherwise it sends the transaction again,
/// signed afresh (sr25519 signatures are randomised, so the pool has not banned the new
/// bytes). `watched: false` is the fire-and-forget submitter instead: done once the pool
/// accepts it, blind to a later drop.
async fn deliver(
	node: &Endpoint,
	who: &Keypair,
	item: Item,
	watched: bool,
) -> Result<Delivery, String> {
	let mut delivery = Delivery::default();
	let params =
		|| DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(item.nonce).build();
	let fail = |what: String| format!("account {} nonce {}: {what}", item.account, item.nonce);
	loop {
		if delivery.resends() > RETRIES || delivery.refusals > REFUSALS {
			return Err(fail(format!(
				"refused {}, dropped {}, invalid {}, left without news {} times; last error: {}",
				delivery.refusals,
				delivery.drops,
				delivery.invalid,
				delivery.silences,
				delivery.last_error
			)));
		}
		let tx = node
			.client
			.tx()
			.create_partial_offline(&item.call, params())
			.map_err(|e| e.to_string())?
			.sign(who);
		let submission = async {
			if watched {
				tx.submit_and_watch().await.map(Some).map_err(|e| e.to_string())
			} else {
				// subxt's `submit` watches too, until the first status; this one forgets.
				node.request("author_submitExtrinsic", &[to_hex(tx.encoded()).into()])
					.await
					.map(|_| None)
			}
		};
		match tokio::time::timeout(WATCH_TIMEOUT, submission).await {
			Ok(Ok(None)) => return Ok(delivery),
			Ok(Ok(Some(progress))) => match follow(progress).await {
				Watched::Final => return Ok(delivery),
				Watched::Dropped => delivery.drops += 1,
				Watched::Invalid(message) => {
					delivery.invalid += 1;
					delivery.last_error = message;
				}
				Watched::Silent => delivery.silences += 1,
			},
			Ok(Err(error)) => {
				if refused_for_now(&error) {
					delivery.refusals += 1;
					delivery.last_error = error;
					tokio::time::sleep(RETRY_PAUSE).await;
					continue;
				}
				if timed_out(&error) {
					delivery.silences += 1;
				} else if delivery.attempts() == 0 {
					// The first submission of a valid transaction is not refused otherwise; a
					// resubmission may meet its nonce used by a version sent before (outdated,
					// 1010) or one still in the pool (1014).
					return Err(fail(error));
				} else {
					delivery.invalid += 1;
				}
				delivery.last_error = error;
			}
			Err(_) => delivery.silences += 1,
		}
		tokio::time::sleep(RETRY_PAUSE).await;
		if nonce_final(node, who, item.nonce).await {
			return Ok(delivery);
		}
	}
}

/// A node the load is sent to, or watched on: a client for transactions and state, and the
/// raw JSON-RPC for what subxt does not wrap.
struct Endpoint {
	name: String,
	url: String,
	client: Client,
	rpc: RpcClient,
}

impl Endpoint {
	/// Connects to the node at `url`, called `name` in the test's output.
	async fn connect(name: &str, url: &str) -> Self {
		let client = Client::from_insecure_url(url)
			.await
			.unwrap_or_else(|e| panic!("collator load: cannot connect to {name} at {url}: {e}"));
		let rpc = RpcClient::from_insecure_url(url).await.expect("the same node's RPC");
		Self { name: name.into(), url: url.into(), client, rpc }
	}

	/// A JSON-RPC call; the error in words when it fails.
	async fn request(
		&self,
		method: &str,
		params: &[serde_json::Value],
	) -> Result<serde_json::Value, String> {
		self.rpc.request(method, rpc_params(params)).await.map_err(|e| format!("{method}: {e}"))
	}

	/// A JSON-RPC call; panics with the node's name and the error when it fails.
	async fn call(&self, method: &str, params: &[serde_json::Value]) -> serde_json::Value {
		self.request(method, params).await.unwrap_or_else(|e| panic!("{}: {e}", self.name))
	}

	/// A JSON-RPC call that answers a block hash (`chain_getFinalizedHead`,
	/// `chain_getBlockHash`).
	async fn block_hash(&self, method: &str, params: &[serde_json::Value]) -> Result<H256, String> {
		let hash = self.request(method, params).await?;
		serde_json::from_value(hash).map_err(|e| format!("{method}: {e}"))
	}

	/// The finalized head.
	async fn finalized_head(&self) -> H256 {
		self.block_hash("chain_getFinalizedHead", &[])
			.await
			.unwrap_or_else(|e| panic!("{}: {e}", self.name))
	}

	/// The number of the best block.
	async fn best_number(&self) -> u64 {
		let header = self.call("chain_getHeader", &[]).await;
		let hex = header["number"].as_str().expect("a block number");
		u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex")
	}

	/// Each account's nonce at block `at`.
	async fn nonces(&self, at: H256, accounts: &[AccountId32]) -> Vec<u64> {
		let block = self.client.blocks().at(at).await.expect("the block");
		let mut out = Vec::with_capacity(accounts.len());
		for account in accounts {
			out.push(block.account_nonce(account).await.expect("the account's nonce"));
		}
		out
	}

	/// The signed transactions in block `number` of the canonical chain.
	async fn signed_in(&self, number: u64) -> usize {
		let hash = self
			.block_hash("chain_getBlockHash", &[number.into()])
			.await
			.unwrap_or_else(|e| panic!("{}: {e}", self.name));
		let block = self.client.blocks().at(hash).await.expect("the block");
		let extrinsics = block.extrinsics().await.expect("its extrinsics");
		extrinsics.iter().filter(|e| e.is_signed()).count()
	}

	/// The transactions the pool holds (ready and future).
	async fn pool_size(&self) -> usize {
		self.call("author_pendingExtrinsics", &[]).await.as_array().map(Vec::len).unwrap_or(0)
	}

	/// Signs `call` with `signer`, and waits until it is finalized and succeeded.
	async fn submit_finalized(&self, call: DynamicPayload, signer: &Keypair) {
		submit_with(&self.client, call, signer).await;
	}

	/// The id the next project gets: the first for which the node has none.
	async fn next_project(&self) -> u64 {
		let mut id = 0u64;
		while !self.call("attribution_project", &[id.into()]).await.is_null() {
			id += 1;
		}
		id
	}
}

/// What each pool holds, for the report.
async fn pools(target: &Endpoint, watchers: &[Endpoint]) -> String {
	let mut out = format!("{} ({})", target.pool_size().await, target.name);
	for watcher in watchers {
		out.push_str(&format!(", {} ({})", watcher.pool_size().await, watcher.name));
	}
	out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_collator_with_the_default_pool_includes_every_transaction_it_accepts() {
	let progress = Progress::start("collator load");
	// `LOAD_NODE=ws://…` sends the load to a node already running instead (a dev node, say).
	let (network, target, watchers) = match std::env::var("LOAD_NODE") {
		Ok(url) => (None, Endpoint::connect("LOAD_NODE", &url).await, Vec::new()),
		Err(_) => {
			let network = spawn_local_network().await;
			let alice = network.get_node("collator-alice").expect("collator-alice");
			let bob = network.get_node("collator-bob").expect("collator-bob");
			wait_metric(alice, FINALIZED, 2.0, 900).await;
			let target = Endpoint::connect("collator-alice", alice.ws_uri()).await;
			let watchers = vec![Endpoint::connect("collator-bob", bob.ws_uri()).await];
			(Some(network), target, watchers)
		}
	};
	let logs = network.as_ref().and_then(|n| n.base_dir()).unwrap_or("the node's own log");
	progress.say(format!(
		"{} up: best #{}; the load goes to its pool",
		target.name,
		target.best_number().await
	));
	load(&target, &watchers, &progress, logs).await;
	if let Some(network) = network {
		network.destroy().await.expect("the network stops");
	}
}

/// Sends the load to `target`'s pool and waits until the finalized state holds all of it.
async fn load(target: &Endpoint, watchers: &[Endpoint], progress: &Progress, logs: &str) {
	let (senders, per_account) = sizes();
	let transfers_each = per_account / 2;
	let registrations_each = per_account - transfers_each;
	let total = senders as u64 * per_account;
	let accounts: Vec<Keypair> = (0..senders)
		.map(|i| {
			Keypair::from_uri(&format!("//collator-load//{i}").parse::<SecretUri>().expect("a URI"))
				.expect("a key")
		})
		.collect();
	let ids: Vec<AccountId32> = accounts.iter().map(|a| AccountId32(a.public_key().0)).collect();
	target.submit_finalized(fund(&accounts), &dev::alice()).await;
	let project = target.next_project().await;
	target.submit_finalized(create_project(b"collator load"), &dev::alice()).await;
	// Each account's nonce before the load: zero on a new network, more when `LOAD_NODE`
	// already carried a load.
	let first_nonces = target.nonces(target.finalized_head().await, &ids).await;
	progress.say(format!("{senders} accounts funded and project {project} created (finalized)"));

	// Transfers with nonces 0.., registrations after them; in account order, as the dev
	// node's load test sends them.
	let items = (0..senders).flat_map(|n| (0..per_account).map(move |k| (n, k))).map(|(n, k)| {
		let nonce = first_nonces[n] + k;
		let call = if k < transfers_each {
			transfer_to_alice()
		} else {
			register_dataset(project, &accounts[n], &load_cid(n, nonce))
		};
		Item { account: n, nonce, call }
	});
	let accounts_per_connection = (WATCHES_PER_CONNECTION / per_account as usize).max(1);
	let mut connections = Vec::new();
	for group in 0..senders.div_ceil(accounts_per_connection) {
		connections.push(Endpoint::connect(&format!("connection {group}"), &target.url).await);
	}
	// `LOAD_UNWATCHED=1`: submit and forget, as `author_submitExtrinsic` callers do.
	let watched = std::env::var("LOAD_UNWATCHED").is_err();
	progress.say(format!(
		"sending {total} transactions ({transfers_each} transfers, then {registrations_each} \
		 registrations, per account) over {} connections, {}",
		connections.len(),
		if watched {
			"each followed until it is finalized and sent again when lost on the way"
		} else {
			"each forgotten once the pool accepts it (LOAD_UNWATCHED)"
		}
	));

	// Blocks after the finalized head may still change (a fork); none holds the load yet.
	let first_block = u64::from(
		target.client.blocks().at(target.finalized_head().await).await.expect("a block").number(),
	) + 1;
	let started = Instant::now();
	let results: Vec<_> = stream::iter(items)
		.map(|item| {
			let node = &connections[item.account / accounts_per_connection];
			deliver(node, &accounts[item.account], item, watched)
		})
		.buffer_unordered(IN_FLIGHT)
		.collect()
		.await;
	let delivered: Vec<&Delivery> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
	let refusals: usize = delivered.iter().map(|d| d.refusals).sum();
	let drops: usize = delivered.iter().map(|d| d.drops).sum();
	let silences: usize = delivered.iter().map(|d| d.silences).sum();
	let invalid: usize = delivered.iter().map(|d| d.invalid).sum();
	let failed: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
	assert!(
		failed.is_empty(),
		"{} of {total} transactions could not be delivered to {}; first: {}",
		failed.len(),
		target.name,
		failed[0]
	);
	let submitted = started.elapsed().as_secs_f64();
	progress.say(format!(
		"all {total} {} after {submitted:.1} s: {refusals} refusals for now (a full pool, a \
		 discarded fork), {drops} drops from the pool, {invalid} invalid or outdated, {silences} \
		 watches without news for {} s; after each, a look at the nonce and sent again if unused",
		if watched { "finalized" } else { "accepted by the pool" },
		WATCH_TIMEOUT.as_secs()
	));

	// Wait until the finalized state holds every one of them.
	let (mut included, mut last_change) = (0u64, Instant::now());
	let last_block = loop {
		let head = target.finalized_head().await;
		let now = target.nonces(head, &ids).await;
		// Each account counts up to its own load: one ahead cannot hide one behind.
		let sum: u64 = now
			.iter()
			.zip(&first_nonces)
			.map(|(now, first)| now.saturating_sub(*first).min(per_account))
			.sum();
		let number = target.client.blocks().at(head).await.expect("the finalized block").number();
		if sum != included {
			included = sum;
			last_change = Instant::now();
			progress.say(format!(
				"finalized #{number}: {included} of {total} included; pools hold {}",
				pools(target, watchers).await
			));
		}
		if included == total {
			break u64::from(number);
		}
		if last_change.elapsed() > STALL {
			let short: Vec<(usize, u64)> = now
				.iter()
				.enumerate()
				.filter(|(n, nonce)| **nonce < first_nonces[*n] + per_account)
				.map(|(n, nonce)| (n, nonce - first_nonces[n]))
				.collect();
			panic!(
				"collator load: {} of {total} transactions LOST: the finalized state has not moved \
				 for {} s; {} accounts stopped short (account, transactions of its load included) {:?}{}; pools hold {}; \
				 node logs in {logs}",
				total - included,
				STALL.as_secs(),
				short.len(),
				&short[..short.len().min(20)],
				if short.len() > 20 { " ..." } else { "" },
				pools(target, watchers).await,
			);
		}
		tokio::time::sleep(Duration::from_secs(6)).await;
	};
	let seconds = started.elapsed().as_secs_f64();

	// Every registration landed (a nonce also moves for a call that fails).
	let record = target.call("attribution_project", &[project.into()]).await;
	assert_eq!(
		record["contributionCount"].as_u64(),
		Some(senders as u64 * registrations_each),
		"every registration is in project {project}: {record}"
	);

	let mut per_block = Vec::new();
	for number in first_block..=last_block {
		per_block.push(target.signed_in(number).await);
	}
	let in_blocks: usize = per_block.iter().sum();
	progress.say("------------------------------------------------------------------");
	progress.say(format!(
		"{total} of {total} transactions from {senders} accounts included and finalized, none lost"
	));
	progress.say(format!(
		"submitted in {submitted:.1} s, all finalized after {seconds:.1} s ({:.1} tx/s); \
		 {refusals} refusals, {drops} drops, {invalid} invalid, {silences} silent watches \
		 handled",
		total as f64 / seconds
	));
	progress.say(format!(
		"signed transactions in blocks #{first_block}..#{last_block}: {in_blocks}, per block \
		 {per_block:?}, most {}",
		per_block.iter().max().copied().unwrap_or(0)
	));
	assert_eq!(in_blocks as u64, total, "the blocks hold exactly the load's transactions");
}

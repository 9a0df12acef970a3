//! Starts the real `attribution-node --dev --tmp` and drives it as a client would.

use std::time::Duration;

use attribution_integration_tests::{chain::free_balance, http_request, prometheus_value, DevNode};
use serde_json::Value as Json;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::dev;

/// The fields of `Balances::Transfer` this test checks.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Transfer {
	from: AccountId32,
	to: AccountId32,
	amount: u128,
}

/// The part of `System::Account` this test reads.
/// Awaits `future`, failing with the node's log if it takes longer than `limit`.
async fn within<F: std::future::Future>(
	limit: Duration,
	what: &str,
	node: &DevNode,
	future: F,
) -> F::Output {
	match tokio::time::timeout(limit, future).await {
		Ok(output) => output,
		Err(_) => panic!("{what} took longer than {limit:?}; node log:\n{}", node.log()),
	}
}

async fn connect(node: &DevNode) -> OnlineClient<PolkadotConfig> {
	let mut last_error = None;
	for _ in 0..60 {
		match OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await {
			Ok(api) => return api,
			Err(e) => last_error = Some(e),
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	panic!("could not connect to {}: {last_error:?}\nlog:\n{}", node.ws_url(), node.log());
}

/// Waits until the node has finalized at least `n` blocks.
async fn wait_for_finalized_blocks(api: &OnlineClient<PolkadotConfig>, n: u64, node: &DevNode) {
	let mut blocks = api.stream_blocks().await.expect("block subscription");
	let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
	loop {
		let next = tokio::time::timeout_at(deadline, blocks.next()).await;
		match next {
			Ok(Some(Ok(block))) if block.number() >= n => return,
			Ok(Some(Ok(_))) => continue,
			other => panic!("no finalized block #{n} (got {other:?}); log:\n{}", node.log()),
		}
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_produces_blocks_executes_a_transfer_serves_metrics_and_stops_cleanly() {
	let node = DevNode::start(&["--dev-block-time", "1000"]);
	let api = connect(&node).await;

	// Blocks are produced (and finalized) without any relay chain.
	wait_for_finalized_blocks(&api, 2, &node).await;

	// A signed transfer from Alice to Bob is included with the right event and balances.
	let alice = dev::alice();
	let bob = dev::bob();
	let amount: u128 = 1_234_567_890_000; // 1.23456789 ATTR
	let alice_before = free_balance(&api, alice.public_key().0).await;
	let bob_before = free_balance(&api, bob.public_key().0).await;

	let transfer = dynamic::transaction(
		"Balances",
		"transfer_keep_alive",
		(bob.public_key().to_address::<()>(), amount),
	);
	let at = api.at_current_block().await.expect("a current block");
	let events = within(Duration::from_secs(120), "the transfer", &node, async {
		at.transactions()
			.sign_and_submit_then_watch_default(&transfer, &alice)
			.await
			.expect("transfer submitted")
			.wait_for_finalized_success()
			.await
			.expect("transfer finalized and successful")
	})
	.await;

	let mut transfers = Vec::new();
	let mut fee_paid = None;
	for event in events.iter() {
		let event = event.expect("event decodes");
		match (event.pallet_name(), event.event_name()) {
			("Balances", "Transfer") => transfers
				.push(event.decode_fields_unchecked_as::<Transfer>().expect("Transfer decodes")),
			("TransactionPayment", "TransactionFeePaid") => {
				let fields = event.decode_fields_unchecked_as::<Value>().expect("fee decodes");
				fee_paid = Some(fields.to_string());
			}
			_ => {}
		}
	}
	assert_eq!(transfers.len(), 1, "exactly one Transfer event: {transfers:?}");
	assert_eq!(transfers[0].from, AccountId32(alice.public_key().0));
	assert_eq!(transfers[0].to, AccountId32(bob.public_key().0));
	assert_eq!(transfers[0].amount, amount);
	assert!(fee_paid.is_some(), "a TransactionFeePaid event is emitted");

	let alice_after = free_balance(&api, alice.public_key().0).await;
	let bob_after = free_balance(&api, bob.public_key().0).await;
	assert_eq!(bob_after, bob_before + amount, "Bob receives exactly the amount");
	let alice_paid = alice_before - alice_after;
	assert!(alice_paid > amount, "Alice pays the amount plus a fee ({alice_paid})");
	assert!(alice_paid < amount + 1_000_000_000_000, "the fee is below 1 ATTR ({alice_paid})");

	// Prometheus serves the node's metrics, including the block height it has reached (the
	// node refreshes that gauge every 5 s).
	let deadline = std::time::Instant::now() + Duration::from_secs(30);
	loop {
		let (status, metrics) = http_request(node.prometheus_port, "GET", "/metrics", None);
		assert_eq!(status, 200);
		let best = prometheus_value(&metrics, "substrate_block_height{status=\"best\"")
			.unwrap_or_else(|| panic!("no best block height in metrics:\n{metrics}"));
		if best >= 2.0 {
			break;
		}
		assert!(std::time::Instant::now() < deadline, "metrics stuck at best block {best}");
		tokio::time::sleep(Duration::from_secs(1)).await;
	}

	// Malformed JSON-RPC gets JSON-RPC errors and the node keeps serving.
	let rpc = |body: &str| -> Json {
		let (status, body) = http_request(node.rpc_port, "POST", "/", Some(body));
		assert_eq!(status, 200, "JSON-RPC errors travel in a 200 response: {body}");
		serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
	};
	assert_eq!(rpc("{not json")["error"]["code"], -32700, "parse error");
	assert_eq!(
		rpc(r#"{"jsonrpc":"2.0","id":1,"method":"no_such_method","params":[]}"#)["error"]["code"],
		-32601,
		"method not found"
	);
	assert_eq!(
		rpc(r#"{"jsonrpc":"2.0","id":2,"method":"chain_getBlockHash","params":["not a number"]}"#)
			["error"]["code"],
		-32602,
		"invalid params"
	);
	let health = rpc(r#"{"jsonrpc":"2.0","id":3,"method":"system_health","params":[]}"#);
	assert_eq!(health["result"]["isSyncing"], false, "node still serves: {health}");
	let properties = rpc(r#"{"jsonrpc":"2.0","id":4,"method":"system_properties","params":[]}"#);
	assert_eq!(properties["result"]["tokenSymbol"], "ATTR");
	assert_eq!(properties["result"]["tokenDecimals"], 12);
	assert_eq!(properties["result"]["ss58Format"], 42);

	// SIGINT stops the node cleanly.
	drop(api);
	node.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn instant_seal_mode_seals_a_block_only_when_a_transaction_arrives() {
	let node = DevNode::start(&["--instant-seal"]);
	let api = connect(&node).await;

	let best_number = |api: &OnlineClient<PolkadotConfig>| {
		let api = api.clone();
		async move { api.at_current_block().await.expect("current block").block_number() }
	};
	let before = best_number(&api).await;
	tokio::time::sleep(Duration::from_secs(3)).await;
	assert_eq!(best_number(&api).await, before, "no transaction, no block");

	let remark = dynamic::transaction("System", "remark", (vec![1u8, 2, 3],));
	let at = api.at_current_block().await.expect("a current block");
	within(Duration::from_secs(60), "the remark", &node, async {
		at.transactions()
			.sign_and_submit_then_watch_default(&remark, &dev::charlie())
			.await
			.expect("remark submitted")
			.wait_for_finalized_success()
			.await
			.expect("remark finalized")
	})
	.await;
	assert!(best_number(&api).await > before, "the transaction was sealed into a new block");

	drop(api);
	node.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chain_kept_in_base_path_survives_a_restart() {
	let base_path =
		std::env::temp_dir().join(format!("attribution-base-path-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&base_path);

	let node = DevNode::start_in(&base_path, &["--dev-block-time", "500"]);
	let api = connect(&node).await;
	wait_for_finalized_blocks(&api, 3, &node).await;
	let height_before = api.at_current_block().await.expect("current block").block_number();
	drop(api);
	node.stop();
	assert!(base_path.join("chains").is_dir(), "the database is in --base-path");

	let node = DevNode::start_in(&base_path, &["--dev-block-time", "500"]);
	let api = connect(&node).await;
	let height_after = api.at_current_block().await.expect("current block").block_number();
	assert!(height_after >= height_before, "restarted at #{height_after}, was at #{height_before}");
	wait_for_finalized_blocks(&api, height_before + 2, &node).await;
	drop(api);
	node.stop();
	std::fs::remove_dir_all(&base_path).expect("cleans up");
}

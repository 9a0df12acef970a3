//! Payouts end to end on the real dev node: two authors' contributions are scored by a full
//! exact round, a sponsor funds a reward pool, three evaluators report a benchmark result that
//! crosses its threshold, and both authors claim their shares, checked to the unit; then a
//! licence of the checkpoint is offered and bought, and its price becomes claimable.

use attribution_integration_tests::{chain, rpc, submit, DevNode};
use serde_json::{json, Value as Json};
use subxt::{
	dynamic::{self, Value},
	ext::{codec::Encode, scale_decode::DecodeAsType},
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::{dev, Keypair};

/// Coalition utilities over (dataset 0, checkpoint 1): Shapley values 350,000 and 650,000.
const TABLE: [i64; 4] = [0, 300_000, 600_000, 1_000_000];

/// What an evaluator commits to for a pool's report:
/// `blake2_256((pool, attempt, evaluator, result, salt).encode())`.
fn report_commitment(
	pool: u64,
	attempt: u32,
	who: &Keypair,
	result: i64,
	salt: [u8; 32],
) -> [u8; 32] {
	let mut preimage = pool.encode();
	preimage.extend(attempt.encode());
	preimage.extend(who.public_key().0);
	preimage.extend(result.encode());
	preimage.extend(salt);
	chain::blake2_256(&preimage)
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct FeePaid {
	who: AccountId32,
	actual_fee: u128,
	tip: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Claimed {
	who: AccountId32,
	amount: u128,
	targets: u32,
}

/// `who` claims its part of contribution `contribution` in project 0's snapshot 1; returns
/// the `Claimed` event and the fee paid.
async fn claim(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	who: &Keypair,
	contribution: u64,
) -> (Claimed, u128) {
	let target = Value::named_composite([
		("project", Value::u128(0)),
		("version", Value::u128(1)),
		("contribution", Value::u128(contribution.into())),
	]);
	let call =
		dynamic::transaction("Payouts", "claim", vec![Value::unnamed_composite(vec![target])]);
	let events = submit(api, call, who, node).await;
	let (mut claimed, mut fee) = (None, None);
	for event in events.iter() {
		let event = event.expect("event decodes");
		match (event.pallet_name(), event.event_name()) {
			("Payouts", "Claimed") => claimed = event.decode_fields_unchecked_as::<Claimed>().ok(),
			("TransactionPayment", "TransactionFeePaid") => {
				let paid = event.decode_fields_unchecked_as::<FeePaid>().expect("fee decodes");
				assert_eq!(paid.who, AccountId32(who.public_key().0));
				fee = Some(paid.actual_fee + paid.tip);
			}
			_ => {}
		}
	}
	(claimed.expect("a Claimed event"), fee.expect("a TransactionFeePaid event"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crossing_benchmark_releases_a_pool_that_two_authors_claim() {
	let node = DevNode::start(&["--dev-block-time", "500"]);
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	let (alice, eve, ferdie) = (dev::alice(), dev::eve(), dev::ferdie());
	let evaluators = [dev::bob(), dev::charlie(), dev::dave()];

	// Eve's dataset (0) and Ferdie's checkpoint trained on it (1), scored 35% / 65%.
	chain::create_project(&api, &node, &alice, b"digits", chain::policy(3, 4, 4, 2)).await;
	chain::register(&api, &node, &eve, 0, "Dataset", 1, &[]).await;
	chain::register(&api, &node, &ferdie, 0, "ModelCheckpoint", 2, &[0]).await;
	chain::register_evaluators(&api, &node, &evaluators).await;
	chain::exact_round_to_snapshot(&api, &node, &alice, &evaluators, 0, 0, &[0, 1], &TABLE).await;
	let scores = rpc(&node, "attribution_scores", json!([0]))["result"].clone();
	assert_eq!(
		scores["shares"],
		json!([
			{ "contribution": 0, "sharePerbill": 350_000_000 },
			{ "contribution": 1, "sharePerbill": 650_000_000 },
		]),
		"{scores}"
	);

	// Alice escrows 10 ATTR: released when accuracy reaches 90% (in parts per million).
	let amount = 10 * chain::UNIT;
	let deadline = chain::best_number(&api).await + 300;
	let trigger = Value::named_composite([
		("metric", Value::from_bytes(chain::blake2_256(b"accuracy"))),
		("comparator", Value::unnamed_variant("AtLeast", vec![])),
		("threshold", Value::i128(900_000)),
		("evaluation_set", Value::from_bytes(chain::cid(50))),
	]);
	let create = dynamic::transaction(
		"Payouts",
		"create_pool",
		vec![Value::u128(0), trigger, Value::u128(amount), Value::u128(deadline.into())],
	);
	submit(&api, create, &alice, &node).await;
	let pool = rpc(&node, "attribution_pool", json!([0]))["result"].clone();
	assert_eq!(pool["status"], "open", "{pool}");
	assert_eq!(pool["amount"], amount.to_string());
	assert_eq!(pool["trigger"]["comparator"], "atLeast");
	assert_eq!(rpc(&node, "attribution_pool", json!([9]))["result"], Json::Null);

	// The evaluators report on checkpoint 1: 95%, 93% and 80% (median 93%).
	let start =
		dynamic::transaction("Payouts", "start_report", vec![Value::u128(0), Value::u128(1)]);
	submit(&api, start, &alice, &node).await;
	let reporting =
		rpc(&node, "attribution_pool", json!([0]))["result"]["status"]["reporting"].clone();
	let commit_end = reporting["commitEnd"].as_u64().expect("reporting");
	let reveal_end = reporting["revealEnd"].as_u64().expect("reporting");
	let results = [950_000i64, 930_000, 800_000];
	let commits = evaluators.iter().zip(results).enumerate().map(|(i, (who, result))| {
		let hash = report_commitment(0, 1, who, result, [i as u8 + 7; 32]);
		let call = dynamic::transaction(
			"Payouts",
			"commit_result",
			vec![Value::u128(0), Value::from_bytes(hash)],
		);
		submit(&api, call, who, &node)
	});
	futures::future::join_all(commits).await;
	chain::wait_past(&api, commit_end, &node).await;
	let reveals = evaluators.iter().zip(results).enumerate().map(|(i, (who, result))| {
		let call = dynamic::transaction(
			"Payouts",
			"reveal_result",
			vec![Value::u128(0), Value::i128(result.into()), Value::from_bytes([i as u8 + 7; 32])],
		);
		submit(&api, call, who, &node)
	});
	futures::future::join_all(reveals).await;
	chain::wait_past(&api, reveal_end, &node).await;
	submit(
		&api,
		dynamic::transaction("Payouts", "conclude_report", vec![Value::u128(0)]),
		&alice,
		&node,
	)
	.await;
	let released =
		rpc(&node, "attribution_pool", json!([0]))["result"]["status"]["released"].clone();
	assert_eq!(released["result"], 930_000, "{released}");
	assert_eq!(released["checkpoint"], 1);
	let earnings = rpc(&node, "attribution_earnings", json!([0]))["result"].clone();
	assert_eq!(earnings["snapshots"][0]["released"], amount.to_string(), "{earnings}");

	// Each author is owed its share of the 10 ATTR, and claims exactly that.
	let eve_ss58 = eve.public_key().to_account_id().to_string();
	let owed = rpc(&node, "attribution_claimable", json!([eve_ss58]))["result"].clone();
	assert_eq!(owed["total"], (amount * 35 / 100).to_string(), "{owed}");
	for (who, contribution, share) in [(&eve, 0u64, 35u128), (&ferdie, 1, 65)] {
		let before = chain::free_balance(&api, who.public_key().0).await;
		let (claimed, fee) = claim(&api, &node, who, contribution).await;
		assert_eq!(claimed.who, AccountId32(who.public_key().0));
		assert_eq!(claimed.amount, amount * share / 100);
		assert_eq!(claimed.targets, 1);
		let after = chain::free_balance(&api, who.public_key().0).await;
		assert_eq!(after, before + amount * share / 100 - fee, "balance moves to the unit");
	}
	assert_eq!(rpc(&node, "attribution_claimable", json!([eve_ss58]))["result"]["total"], "0");
	let earnings = rpc(&node, "attribution_earnings", json!([0]))["result"].clone();
	assert_eq!(earnings["snapshots"][0]["unclaimed"], "0", "{earnings}");
	assert_eq!(rpc(&node, "attribution_claimable", json!(["nobody"]))["error"]["code"], -32602);

	// Alice (the project's owner) sells licences of the checkpoint; Bob buys one. The price is
	// distributed like the pool: 35% of it becomes claimable by Eve.
	let price = 2 * chain::UNIT;
	let terms = Value::named_composite([
		("price", Value::u128(price)),
		("duration", Value::unnamed_variant("Some", vec![Value::u128(1_000)])),
		("seats", Value::unnamed_variant("Some", vec![Value::u128(5)])),
		("commercial", Value::bool(true)),
		("derivatives", Value::bool(false)),
	]);
	let offer = dynamic::transaction("Payouts", "offer_licence", vec![Value::u128(1), terms]);
	submit(&api, offer, &alice, &node).await;
	let offered = rpc(&node, "attribution_licenceOffer", json!([1]))["result"].clone();
	assert_eq!(offered["price"], price.to_string(), "{offered}");
	assert_eq!(offered["seatsLeft"], 5);
	assert_eq!(rpc(&node, "attribution_licenceOffer", json!([0]))["result"], Json::Null);
	let bob = dev::bob();
	let buy =
		dynamic::transaction("Payouts", "buy_licence", vec![Value::u128(1), Value::u128(price)]);
	submit(&api, buy, &bob, &node).await;
	let bob_ss58 = bob.public_key().to_account_id().to_string();
	let licences = rpc(&node, "attribution_licences", json!([bob_ss58]))["result"].clone();
	assert_eq!(licences.as_array().map(|l| l.len()), Some(1), "{licences}");
	assert_eq!(licences[0]["contribution"], 1);
	assert_eq!(licences[0]["licensee"], bob_ss58);
	assert_eq!(licences[0]["commercial"], true);
	assert_eq!(licences[0]["derivatives"], false);
	assert_eq!(rpc(&node, "attribution_licenceOffer", json!([1]))["result"]["seatsLeft"], 4);
	let owed = rpc(&node, "attribution_claimable", json!([eve_ss58]))["result"].clone();
	assert_eq!(owed["total"], (price * 35 / 100).to_string(), "{owed}");
	let earnings = rpc(&node, "attribution_earnings", json!([0]))["result"].clone();
	assert_eq!(earnings["snapshots"][0]["released"], (amount + price).to_string(), "{earnings}");

	drop(api);
	node.stop();
}

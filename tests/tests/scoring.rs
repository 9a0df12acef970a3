//! Scoring end to end on the real dev node: three staked evaluators run one full exact round
//! (commit, reveal, aggregate, dispute window, finalize) and the snapshot is read back through
//! `attribution_round` and `attribution_scores`.

use std::time::Duration;

use attribution_integration_tests::{rpc, submit, DevNode};
use blake2::{digest::consts::U32, Blake2b, Digest};
use serde_json::{json, Value as Json};
use subxt::{
	dynamic::{self, Value},
	ext::codec::{Compact, Encode},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::{dev, Keypair};

/// One ATTR in plancks.
const UNIT: u128 = 1_000_000_000_000;

/// The glove game over the round's three players: player 0 holds the left glove; a pair is
/// worth 1,000,000. Its Shapley values are (2/3, 1/6, 1/6).
const GLOVES: [i64; 8] = [0, 0, 0, 1_000_000, 0, 1_000_000, 0, 1_000_000];

async fn best_number(api: &OnlineClient<PolkadotConfig>) -> u64 {
	api.at_current_block().await.expect("a current block").block_number()
}

/// Waits until the best block is past `block`.
async fn wait_past(api: &OnlineClient<PolkadotConfig>, block: u64, node: &DevNode) {
	let fut = async {
		while best_number(api).await <= block {
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	};
	if tokio::time::timeout(Duration::from_secs(90), fut).await.is_err() {
		panic!("chain did not pass block {block} in 90 s; log:\n{}", node.log());
	}
}

/// A raw-codec, sha2-256 CIDv1 whose digest is `seed` repeated.
fn cid(seed: u8) -> Vec<u8> {
	let mut bytes = vec![0x01, 0x55, 0x12, 0x20];
	bytes.extend_from_slice(&[seed; 32]);
	bytes
}

/// The SCALE encoding of `Reveal::Exact(table)`.
fn encoded_reveal(table: &[i64]) -> Vec<u8> {
	let mut bytes = vec![0u8];
	bytes.extend(Compact(table.len() as u32).encode());
	table.iter().for_each(|v| bytes.extend(v.to_le_bytes()));
	bytes
}

/// What an evaluator commits to: `blake2_256((round, evaluator, reveal, salt).encode())`.
fn commitment(round: u64, evaluator: &Keypair, table: &[i64], salt: [u8; 32]) -> [u8; 32] {
	let mut preimage = round.encode();
	preimage.extend(evaluator.public_key().0);
	preimage.extend(encoded_reveal(table));
	preimage.extend(salt);
	Blake2b::<U32>::digest(&preimage).into()
}

fn exact_reveal(table: &[i64]) -> Value {
	Value::unnamed_variant(
		"Exact",
		vec![Value::unnamed_composite(table.iter().map(|v| Value::i128(i128::from(*v))))],
	)
}

#[tokio::test(flavor = "multi_thread")]
async fn three_evaluators_run_an_exact_round_to_a_final_snapshot() {
	let node = DevNode::start(&["--dev-block-time", "500"]);
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	let alice = dev::alice();
	let evaluators = [dev::bob(), dev::charlie(), dev::dave()];

	// A project with a quick policy: commit and reveal for 6 blocks each, dispute for 2.
	let licence = Value::named_composite([
		("licence", Value::unnamed_variant("Spdx", vec![Value::from_bytes(b"MIT")])),
		("commercial_use", Value::bool(true)),
		("derivatives_allowed", Value::bool(true)),
		("attribution_required", Value::bool(true)),
		("royalty", Value::u128(0)),
	]);
	let policy = Value::named_composite([
		("min_evaluators", Value::u128(3)),
		("min_stake", Value::u128(0)),
		("commit_period", Value::u128(6)),
		("reveal_period", Value::u128(6)),
		("dispute_period", Value::u128(2)),
	]);
	let create = dynamic::transaction(
		"Contributions",
		"create_project",
		vec![
			Value::from_bytes(b"gloves"),
			licence,
			Value::u128(0),
			policy,
			Value::unnamed_variant("Open", vec![]),
		],
	);
	submit(&api, create, &alice, &node).await;
	for seed in 1..=3u8 {
		let register = dynamic::transaction(
			"Contributions",
			"register_contribution",
			vec![
				Value::u128(0),
				Value::unnamed_variant("Dataset", vec![]),
				Value::from_bytes(cid(seed)),
				Value::unnamed_variant("None", vec![]),
				Value::unnamed_composite(vec![Value::unnamed_composite(vec![
					Value::from_bytes(alice.public_key().0),
					Value::u128(1_000_000_000),
				])]),
				Value::unnamed_composite(Vec::<Value>::new()),
				Value::unnamed_variant("None", vec![]),
				Value::from_bytes([seed; 32]),
				Value::u128(1),
			],
		);
		submit(&api, register, &alice, &node).await;
	}
	for evaluator in &evaluators {
		let call =
			dynamic::transaction("Scoring", "register_evaluator", vec![Value::u128(100 * UNIT)]);
		submit(&api, call, evaluator, &node).await;
	}

	let open = dynamic::transaction(
		"Scoring",
		"open_round",
		vec![
			Value::u128(0),
			Value::unnamed_composite(vec![Value::u128(0), Value::u128(1), Value::u128(2)]),
			Value::named_composite([
				("metric", Value::u128(1)),
				("evaluation_set", Value::from_bytes(cid(9))),
				("direction", Value::unnamed_variant("HigherIsBetter", vec![])),
			]),
			Value::unnamed_variant("Exact", vec![]),
		],
	);
	submit(&api, open, &alice, &node).await;
	let round = rpc(&node, "attribution_round", json!([0]))["result"].clone();
	assert_eq!(round["players"], json!([0, 1, 2]), "{round}");
	assert_eq!(round["phase"], "open");
	assert_eq!(round["method"], "exact");
	assert_eq!(rpc(&node, "attribution_round", json!([7]))["result"], Json::Null);
	let commit_end = round["commitEnd"].as_u64().expect("a block number");
	let reveal_end = round["revealEnd"].as_u64().expect("a block number");

	// Commit: the three evaluators' hashes go in together.
	let commits = evaluators.iter().enumerate().map(|(i, who)| {
		let hash = commitment(0, who, &GLOVES, [i as u8 + 1; 32]);
		let call = dynamic::transaction(
			"Scoring",
			"commit",
			vec![Value::u128(0), Value::from_bytes(hash)],
		);
		submit(&api, call, who, &node)
	});
	futures::future::join_all(commits).await;
	assert_eq!(rpc(&node, "attribution_round", json!([0]))["result"]["commits"], 3);

	// Reveal after the commit period.
	wait_past(&api, commit_end, &node).await;
	let reveals = evaluators.iter().enumerate().map(|(i, who)| {
		let call = dynamic::transaction(
			"Scoring",
			"reveal",
			vec![Value::u128(0), exact_reveal(&GLOVES), Value::from_bytes([i as u8 + 1; 32])],
		);
		submit(&api, call, who, &node)
	});
	futures::future::join_all(reveals).await;

	// Aggregate after the reveal period, finalize after the dispute window.
	wait_past(&api, reveal_end, &node).await;
	submit(&api, dynamic::transaction("Scoring", "aggregate", vec![Value::u128(0)]), &alice, &node)
		.await;
	let aggregated = rpc(&node, "attribution_round", json!([0]))["result"].clone();
	let dispute_end = aggregated["phase"]["aggregated"]["disputeEnd"].as_u64().expect("aggregated");
	wait_past(&api, dispute_end, &node).await;
	submit(&api, dynamic::transaction("Scoring", "finalize", vec![Value::u128(0)]), &alice, &node)
		.await;

	let scores = rpc(&node, "attribution_scores", json!([0]))["result"].clone();
	assert_eq!(scores["version"], 1, "{scores}");
	assert_eq!(
		scores["shares"],
		json!([
			{ "contribution": 0, "sharePerbill": 666_666_667 },
			{ "contribution": 1, "sharePerbill": 166_666_667 },
			{ "contribution": 2, "sharePerbill": 166_666_666 },
		])
	);
	assert_eq!(scores["clipped"], json!([]));
	assert_eq!(scores["authors"].as_array().map(|a| a.len()), Some(3));
	assert_eq!(rpc(&node, "attribution_round", json!([0]))["result"], Json::Null, "round cleared");
	assert_eq!(rpc(&node, "attribution_scores", json!([0, 2]))["result"], Json::Null);
	assert_eq!(rpc(&node, "attribution_scores", json!(["zero"]))["error"]["code"], -32602);

	drop(api);
	node.stop();
}

//! Scoring end to end on the real dev node: three staked evaluators run one full exact round
//! (commit, reveal, aggregate, dispute window, finalize) and the snapshot is read back through
//! `attribution_round` and `attribution_scores`.

use attribution_integration_tests::{chain, rpc, DevNode};
use serde_json::{json, Value as Json};
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

/// The glove game over the round's three players: player 0 holds the left glove; a pair is
/// worth 1,000,000. Its Shapley values are (2/3, 1/6, 1/6).
const GLOVES: [i64; 8] = [0, 0, 0, 1_000_000, 0, 1_000_000, 0, 1_000_000];

#[tokio::test(flavor = "multi_thread")]
async fn three_evaluators_run_an_exact_round_to_a_final_snapshot() {
	let node = DevNode::start(&["--dev-block-time", "500"]);
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	let alice = dev::alice();
	let evaluators = [dev::bob(), dev::charlie(), dev::dave()];

	// A project with a quick policy: commit and reveal for 6 blocks each, dispute for 2.
	chain::create_project(&api, &node, &alice, b"gloves", chain::policy(3, 6, 6, 2)).await;
	for seed in 1..=3u8 {
		chain::register(&api, &node, &alice, 0, "Dataset", seed, &[]).await;
	}
	chain::register_evaluators(&api, &node, &evaluators).await;

	let opened =
		chain::exact_round_to_snapshot(&api, &node, &alice, &evaluators, 0, 0, &[0, 1, 2], &GLOVES)
			.await;
	assert_eq!(opened["players"], json!([0, 1, 2]), "{opened}");
	assert_eq!(opened["phase"], "open");
	assert_eq!(opened["method"], "exact");
	assert_eq!(rpc(&node, "attribution_round", json!([7]))["result"], Json::Null);

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

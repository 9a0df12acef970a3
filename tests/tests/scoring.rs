//! Scoring end to end on the real dev node: the owner opens a round over every active
//! contribution of its project, three staked evaluators (none of them its owner or an author)
//! run it honestly to its end (commit, reveal, aggregate, dispute window, finalize) and the
//! snapshot is read back through `attribution_round` and `attribution_scores`; their open
//! work through `attribution_assignments`.

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

	// A project with the quickest policy the runtime takes: 3 evaluators, 10 blocks for each
	// period.
	chain::create_project(&api, &node, &alice, b"gloves", chain::policy(3, 10, 10, 10)).await;
	for seed in 1..=3u8 {
		chain::register(&api, &node, &alice, 0, "Dataset", seed, &[]).await;
	}
	chain::register_evaluators(&api, &node, &evaluators).await;

	let opened =
		chain::exact_round_to_snapshot(&api, &node, &alice, &evaluators, 0, 0, &GLOVES).await;
	let score = &opened["kind"]["score"];
	assert_eq!(score["players"], json!([0, 1, 2]), "every active contribution: {opened}");
	assert_eq!(score["method"], "exact");
	assert_eq!(opened["phase"], "open");
	assert_eq!(opened["terms"]["minEvaluators"], 3);
	assert_eq!(opened["terms"]["disputePeriod"], 10);
	assert_eq!(opened["terms"]["quorumStake"], (3 * chain::EVALUATOR_STAKE).to_string());
	assert_eq!(opened["interested"], Json::Null);
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

	// The evaluators have no open work left; a Shapley round is no measurement.
	for who in &evaluators {
		assert_eq!(chain::assignment(&node, who, 0), None, "round 0 is settled");
	}
	assert_eq!(
		rpc(&node, "attribution_measurement", json!([0]))["result"],
		json!({ "round": null, "outcome": null })
	);
	assert_eq!(rpc(&node, "attribution_assignments", json!(["nobody"]))["error"]["code"], -32602);

	drop(api);
	node.stop();
}

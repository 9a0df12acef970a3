//! Scoring end to end on the real dev node: the owner opens a round over every active
//! contribution of its project, three staked evaluators (none of them its owner or an author)
//! run it honestly to its end (commit, reveal, aggregate, dispute window, finalize) and the
//! snapshot is read back through `attribution_round` and `attribution_scores`; their open
//! work through `attribution_assignments`.

use attribution_integration_tests::{chain, rpc, submit, submit_refused, DevNode};
use serde_json::{json, Value as Json};
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

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

	// A project with the quickest periods the runtime takes (10 blocks each) and a committee
	// of 31 seats, which the three evaluators share.
	chain::create_project(
		&api,
		&node,
		&alice,
		b"gloves",
		chain::policy(chain::TEST_COMMITTEE, 10, 10, 10),
	)
	.await;
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
	assert_eq!(opened["terms"]["committee"], chain::TEST_COMMITTEE);
	assert_eq!(opened["seats"], chain::TEST_COMMITTEE, "every seat filled: {opened}");
	assert_eq!(opened["terms"]["disputePeriod"], 10);
	assert_eq!(opened["terms"]["minStake"], chain::MIN_STAKE_PER_SEAT.to_string());
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

/// `count` evaluators `//Evaluator<i>` funded by Alice (1,000 ATTR each, in one batch) and
/// registered with the minimum stake (100 ATTR).
async fn minimum_stake_evaluators(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	count: u32,
) -> Vec<Keypair> {
	use subxt::dynamic::{self, Value};
	let keys: Vec<Keypair> = (0..count)
		.map(|i| {
			let uri = format!("//Evaluator{i}").parse::<SecretUri>().expect("a URI");
			Keypair::from_uri(&uri).expect("a key")
		})
		.collect();
	let transfers = keys.iter().map(|key| {
		Value::unnamed_variant(
			"Balances",
			vec![Value::named_variant(
				"transfer_keep_alive",
				[
					(
						"dest",
						Value::unnamed_variant("Id", vec![Value::from_bytes(key.public_key().0)]),
					),
					("value", Value::u128(1_000 * chain::UNIT)),
				],
			)],
		)
	});
	let batch =
		dynamic::transaction("Utility", "batch_all", vec![Value::unnamed_composite(transfers)]);
	submit(api, batch, &dev::alice(), node).await;
	chain::register_evaluators_with(api, node, &keys, chain::MIN_STAKE_PER_SEAT).await;
	keys
}

/// Issue 19 on the dev node: sixteen evaluators with the minimum stake, committees of five
/// seats drawn by stake with the mocked relay chain's epoch randomness. Only drawn evaluators
/// commit; a disputed result is re-run by a committee of seven seats, which land on the eleven
/// or more who were not on the first one (the first five's stake is still assigned to the
/// disputed round), and the re-run's agreement dismisses the dispute (the bond is slashed).
/// Then three honest evaluators holding most of the stake join: the sixteen, now revealing
/// garbage, cannot decide a round.
#[tokio::test(flavor = "multi_thread")]
async fn committees_of_five_reruns_of_seven_and_sixteen_sybils_that_cannot_decide() {
	use subxt::dynamic::{self, Value};
	let node = DevNode::start(&["--dev-block-time", "500"]);
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	let alice = dev::alice();
	chain::create_project(&api, &node, &alice, b"gloves", chain::policy(5, 10, 10, 10)).await;
	for seed in 1..=3u8 {
		chain::register(&api, &node, &alice, 0, "Dataset", seed, &[]).await;
	}
	let sixteen = minimum_stake_evaluators(&api, &node, 16).await;

	// Round 0: five seats among the sixteen; an evaluator not drawn cannot commit.
	let opened = chain::open_round(&api, &node, &alice, 0, 0).await;
	assert_eq!(
		(opened["terms"]["committee"].clone(), opened["seats"].clone()),
		(json!(5), json!(5))
	);
	let first: Vec<&Keypair> =
		chain::drawn(&node, &sixteen, 0).into_iter().map(|(_, who)| who).collect();
	assert_eq!(opened["members"], first.len(), "{opened}");
	let outsider =
		sixteen.iter().find(|who| !first.iter().any(|f| f.public_key().0 == who.public_key().0));
	let outsider = outsider.expect("five seats leave eleven evaluators out");
	let hash = chain::round_commitment(0, outsider, &GLOVES, [9; 32]);
	let refused = submit_refused(&api, chain::commit_call(0, hash), outsider, &node).await;
	assert!(refused.contains("NotDrawn"), "{refused}");
	let (_, aggregated) =
		chain::play_exact_round(&api, &node, &alice, &sixteen, 0, |_| GLOVES.to_vec()).await;
	assert!(aggregated["phase"]["aggregated"].is_object(), "{aggregated}");

	// Eve disputes: a re-run of seven seats from the evaluators not on the first committee.
	let eve = dev::eve();
	let before = chain::free_balance(&api, eve.public_key().0).await;
	submit(&api, dynamic::transaction("Scoring", "dispute", vec![Value::u128(0)]), &eve, &node)
		.await;
	let disputed = rpc(&node, "attribution_round", json!([0]))["result"].clone();
	assert_eq!(disputed["phase"]["disputed"]["rerun"], 1, "{disputed}");
	let rerun = chain::wait_drawn(&api, &node, 1).await;
	assert_eq!((rerun["parent"].clone(), rerun["level"].clone()), (json!(0), json!(1)));
	// Seven seats drawn; those landing on the first committee, whose stake (one seat's worth)
	// is still assigned to round 0, stay empty: more than half are filled, or the re-run
	// would have failed at its draw.
	assert_eq!(rerun["terms"]["committee"], 7, "{rerun}");
	let filled = rerun["seats"].as_u64().expect("seats");
	assert!((4..=7).contains(&filled), "{rerun}");
	let second: Vec<&Keypair> =
		chain::drawn(&node, &sixteen, 1).into_iter().map(|(_, who)| who).collect();
	assert!(!second.is_empty());
	for who in &second {
		assert!(
			!first.iter().any(|f| f.public_key().0 == who.public_key().0),
			"a re-run member was on the first committee"
		);
	}
	let (_, rerun) =
		chain::play_exact_round(&api, &node, &alice, &sixteen, 1, |_| GLOVES.to_vec()).await;
	let dispute_end = rerun["phase"]["aggregated"]["disputeEnd"].as_u64().expect("aggregated");
	chain::wait_past(&api, dispute_end, &node).await;
	submit(&api, dynamic::transaction("Scoring", "finalize", vec![Value::u128(1)]), &alice, &node)
		.await;
	// The re-run agreed: the dispute is dismissed, the bond (100 ATTR) slashed, round 0 final.
	let scores = rpc(&node, "attribution_scores", json!([0]))["result"].clone();
	assert_eq!(scores["version"], 1, "{scores}");
	assert_eq!(scores["round"], 0);
	let after = chain::free_balance(&api, eve.public_key().0).await;
	assert!(before - after >= 100 * chain::UNIT, "the bond is gone: {before} → {after}");
	assert_eq!(chain::held_balance(&api, eve.public_key().0).await, 0);

	// Bob, Charlie and Dave stake 10,000 ATTR each (30,000 against the sixteen's 1,600).
	for who in [dev::bob(), dev::charlie(), dev::dave()] {
		let call = dynamic::transaction(
			"Scoring",
			"register_evaluator",
			vec![Value::u128(10_000 * chain::UNIT)],
		);
		submit(&api, call, &who, &node).await;
	}
	let honest = [dev::bob(), dev::charlie(), dev::dave()];
	let garbage: Vec<i64> = vec![0, 0, 0, 0, 9_000_000, 9_000_000, 9_000_000, 9_000_000];
	let everyone: Vec<Keypair> = honest.iter().chain(&sixteen).cloned().collect();
	// The stakes enter the draw in the next relay epoch: round 2 is drawn two epochs on.
	chain::open_round(&api, &node, &alice, 0, 2).await;
	let honest_keys: Vec<[u8; 32]> = honest.iter().map(|k| k.public_key().0).collect();
	let (members, aggregated) = chain::play_exact_round(&api, &node, &alice, &everyone, 2, |who| {
		if honest_keys.contains(&who.public_key().0) {
			GLOVES.to_vec()
		} else {
			garbage.clone()
		}
	})
	.await;
	assert!(members.iter().any(|m| honest_keys.contains(&m.public_key().0)), "{aggregated}");
	let dispute_end = aggregated["phase"]["aggregated"]["disputeEnd"].as_u64().expect("aggregated");
	chain::wait_past(&api, dispute_end, &node).await;
	submit(&api, dynamic::transaction("Scoring", "finalize", vec![Value::u128(2)]), &alice, &node)
		.await;
	let scores = rpc(&node, "attribution_scores", json!([0]))["result"].clone();
	assert_eq!((scores["version"].clone(), scores["round"].clone()), (json!(2), json!(2)));
	assert_eq!(
		scores["shares"],
		json!([
			{ "contribution": 0, "sharePerbill": 666_666_667 },
			{ "contribution": 1, "sharePerbill": 166_666_667 },
			{ "contribution": 2, "sharePerbill": 166_666_666 },
		]),
		"the honest shares"
	);

	drop(api);
	node.stop();
}

//! The contribution registry end to end: extrinsics submitted over RPC to the real dev node,
//! read back through every `attribution_*` method.

use attribution_integration_tests::{rpc, submit, DevNode};
use serde_json::{json, Value as Json};
use subxt::{
	dynamic::{self, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::{dev, Keypair};

/// A raw-codec, sha2-256 CIDv1 whose digest is `seed` repeated.
fn cid(seed: u8) -> Vec<u8> {
	let mut bytes = vec![0x01, 0x55, 0x12, 0x20];
	bytes.extend_from_slice(&[seed; 32]);
	bytes
}

fn register(
	project: u64,
	seed: u8,
	author: &Keypair,
	parents: Vec<u64>,
) -> subxt::tx::DynamicPayload<Vec<Value>> {
	dynamic::transaction(
		"Contributions",
		"register_contribution",
		vec![
			Value::u128(project.into()),
			Value::unnamed_variant("Dataset", vec![]),
			Value::from_bytes(cid(seed)),
			Value::unnamed_variant("None", vec![]),
			Value::unnamed_composite(vec![Value::unnamed_composite(vec![
				Value::from_bytes(author.public_key().0),
				Value::u128(1_000_000_000),
			])]),
			Value::unnamed_composite(
				parents.into_iter().map(|p| Value::u128(p.into())).collect::<Vec<_>>(),
			),
			Value::unnamed_variant("None", vec![]),
			Value::from_bytes([seed; 32]),
			Value::u128(1_000 * u128::from(seed)),
		],
	)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lineage_registered_over_rpc_reads_back_through_every_attribution_method() {
	let node = DevNode::start(&["--instant-seal"]);
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	let (alice, bob) = (dev::alice(), dev::bob());

	let licence = Value::named_composite([
		("licence", Value::unnamed_variant("Spdx", vec![Value::from_bytes(b"Apache-2.0")])),
		("commercial_use", Value::bool(true)),
		("derivatives_allowed", Value::bool(true)),
		("attribution_required", Value::bool(true)),
		("royalty", Value::u128(50_000_000)),
	]);
	let policy = Value::named_composite([
		("committee", Value::u128(5)),
		("min_stake", Value::u128(0)),
		("commit_period", Value::u128(10)),
		("reveal_period", Value::u128(10)),
		("dispute_period", Value::u128(10)),
	]);
	let create = dynamic::transaction(
		"Contributions",
		"create_project",
		vec![
			Value::from_bytes(b"llm-pedigree"),
			licence,
			Value::u128(100_000_000),
			policy,
			Value::unnamed_variant("Open", vec![]),
		],
	);
	submit(&api, create, &alice, &node).await;
	submit(&api, register(0, 1, &alice, vec![]), &alice, &node).await;
	submit(&api, register(0, 2, &bob, vec![0]), &bob, &node).await;
	submit(&api, register(0, 3, &bob, vec![1]), &bob, &node).await;

	let c2 = &rpc(&node, "attribution_contribution", json!([2]))["result"];
	assert_eq!(c2["parents"], json!([1]));
	assert_eq!(c2["status"], "active");
	assert_eq!(c2["kind"], "Dataset");
	assert_eq!(c2["cidHex"], format!("0x{}", "015512".to_string() + "20" + &"03".repeat(32)));
	assert!(c2["cid"].as_str().is_some_and(|c| c.starts_with("bafkrei")), "text CID: {c2}");
	assert_eq!(rpc(&node, "attribution_contribution", json!([99]))["result"], Json::Null);

	let by_cid = rpc(&node, "attribution_contributionByCid", json!([c2["cid"]]));
	assert_eq!(by_cid["result"], 2);
	assert_eq!(
		rpc(&node, "attribution_contributionByCid", json!(["not a cid"]))["error"]["code"],
		-32602
	);

	let bob_ss58 = c2["registrar"].as_str().expect("SS58").to_string();
	assert_eq!(
		rpc(&node, "attribution_contributionsByContributor", json!([bob_ss58, null, 10]))["result"],
		json!([1, 2])
	);
	assert_eq!(
		rpc(&node, "attribution_contributionsByContributor", json!(["nope"]))["error"]["code"],
		-32602
	);
	assert_eq!(
		rpc(&node, "attribution_contributionsByProject", json!([0, 0, 10]))["result"],
		json!([1, 2])
	);
	assert_eq!(rpc(&node, "attribution_project", json!([0]))["result"]["contributionCount"], 3);

	let ancestors = &rpc(&node, "attribution_ancestors", json!([2]))["result"];
	assert_eq!(ancestors["nodes"], json!([{ "id": 1, "depth": 1 }, { "id": 0, "depth": 2 }]));
	let descendants = &rpc(&node, "attribution_descendants", json!([0, 1]))["result"];
	assert_eq!(
		(descendants["nodes"].clone(), descendants["truncated"].clone()),
		(json!([{ "id": 1, "depth": 1 }]), json!(true))
	);
	let pedigree = &rpc(&node, "attribution_pedigree", json!([2]))["result"];
	assert_eq!(pedigree["contributions"].as_array().map(|a| a.len()), Some(3));
	assert_eq!(
		(pedigree["truncated"].clone(), pedigree["next"].clone()),
		(json!(false), json!(null))
	);
	// In pages of two: the first page says where the second starts.
	let ids = |page: &Json| {
		page["contributions"]
			.as_array()
			.map(|a| a.iter().map(|c| c["id"].clone()).collect::<Vec<_>>())
	};
	let first = &rpc(&node, "attribution_pedigree", json!([2, null, 2]))["result"];
	assert_eq!((ids(first), first["next"].clone()), (Some(vec![json!(2), json!(1)]), json!(1)));
	let second = &rpc(&node, "attribution_pedigree", json!([2, 1, 2]))["result"];
	assert_eq!((ids(second), second["next"].clone()), (Some(vec![json!(0)]), json!(null)));
	assert_eq!(
		rpc(&node, "attribution_affectedByWithdrawal", json!([2]))["result"]["nodes"],
		json!([])
	);
	let record = &rpc(&node, "attribution_trackRecord", json!([bob_ss58]))["result"];
	assert_eq!(
		(
			record["active"].clone(),
			record["projects_contributed_to"].clone(),
			record["truncated"].clone()
		),
		(json!(2), json!([0]), json!(false))
	);

	drop(api);
	node.stop();
}

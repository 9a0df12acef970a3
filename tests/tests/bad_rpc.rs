//! Malformed JSON-RPC against every method of the `attribution_*` namespace: wrong types,
//! out-of-range numbers, missing parameters, bad accounts and CIDs, unknown methods, a
//! payload over the server's limit and a malformed batch. Each gets a JSON-RPC error (or, for
//! ids that do not exist, `null`), and the node keeps producing blocks and serving throughout.

use attribution_integration_tests::{http_request, DevNode};
use serde_json::{json, Value as Json};
use std::{
	io::{Read, Write},
	net::TcpStream,
	time::Duration,
};

/// Every method of ours with a valid argument list (ids that do not exist where a lookup takes
/// one).
fn methods() -> Vec<(&'static str, Json)> {
	let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	let cid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
	vec![
		("attribution_contribution", json!([7_000_000])),
		("attribution_contributionByCid", json!([cid])),
		("attribution_contributionsByContributor", json!([alice, null, 10])),
		("attribution_contributionsByProject", json!([7_000_000, null, 10])),
		("attribution_project", json!([7_000_000])),
		("attribution_ancestors", json!([7_000_000, 3])),
		("attribution_descendants", json!([7_000_000, 3])),
		("attribution_pedigree", json!([7_000_000, null, 10])),
		("attribution_affectedByWithdrawal", json!([7_000_000])),
		("attribution_trackRecord", json!([alice])),
		("attribution_scores", json!([7_000_000, null])),
		("attribution_round", json!([7_000_000])),
		("attribution_measurement", json!([7_000_000])),
		("attribution_assignments", json!([alice])),
		("attribution_pool", json!([7_000_000])),
		("attribution_claimable", json!([alice, null, 10])),
		("attribution_licences", json!([alice, null, 10])),
		("attribution_licenceOffer", json!([7_000_000])),
		("attribution_earnings", json!([7_000_000, null, 10])),
	]
}

/// 2^70 as a JSON number: beyond every integer parameter. Parsed from text, because
/// `json!(1u128 << 70)` works only where serde_json's `arbitrary_precision` feature happens to be
/// on (it is in the whole workspace's build, not in this crate's alone).
fn two_to_the_70() -> Json {
	serde_json::from_str("1180591620717411303424").expect("a JSON number")
}

/// One JSON-RPC request over HTTP; the response must be a 200 with a JSON body.
fn call(node: &DevNode, body: &str) -> Json {
	let (status, text) = http_request(node.rpc_port, "POST", "/", Some(body));
	assert_eq!(status, 200, "JSON-RPC errors travel in a 200 response: {text}");
	serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn request(method: &str, params: &Json) -> String {
	json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string()
}

/// The error code of a response, or a panic naming the request when it succeeded.
fn error_code(response: &Json, what: &str) -> i64 {
	response["error"]["code"]
		.as_i64()
		.unwrap_or_else(|| panic!("{what}: expected a JSON-RPC error, got {response}"))
}

/// The node still answers and its chain still grows.
fn assert_alive(node: &DevNode, since: u64) -> u64 {
	let deadline = std::time::Instant::now() + Duration::from_secs(30);
	loop {
		let header = call(node, &request("chain_getHeader", &json!([])));
		let number = header["result"]["number"]
			.as_str()
			.and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
			.unwrap_or_else(|| panic!("no header: {header}"));
		if number > since {
			return number;
		}
		assert!(std::time::Instant::now() < deadline, "no new block since #{since}");
		std::thread::sleep(Duration::from_millis(250));
	}
}

#[test]
fn every_attribution_method_answers_bad_input_with_errors_and_the_node_stays_up() {
	let node = DevNode::start(&["--dev-block-time", "500"]);
	let mut height = assert_alive(&node, 0);

	let mut checked = 0;
	for (method, valid) in methods() {
		// The valid call works (a lookup of an unknown id is `null`, not an error).
		let response = call(&node, &request(method, &valid));
		assert!(response.get("result").is_some(), "{method} {valid}: {response}");

		// Each parameter in turn gets a string, an object, a negative and a too-large number.
		let params = valid.as_array().expect("positional params").clone();
		for (i, original) in params.iter().enumerate() {
			for bad in
				[json!("seven"), json!({ "id": 1 }), json!(-1), two_to_the_70(), json!([1, 2])]
			{
				if bad.is_string() && original.is_string() {
					continue; // strings are checked below with bad accounts and CIDs
				}
				if method == "attribution_claimable" && i == 1 && bad.is_array() {
					continue; // a cursor may be written [contribution, afterVersion]
				}
				let mut params = params.clone();
				params[i] = bad.clone();
				let what = format!("{method} with param {i} = {bad}");
				assert_eq!(
					error_code(&call(&node, &request(method, &json!(params))), &what),
					-32602,
					"{what}"
				);
				checked += 1;
			}
		}
		// No parameters at all. (Trailing parameters beyond the declared ones are ignored by
		// jsonrpsee's positional parser, as for every Substrate method.)
		let what = format!("{method} without params");
		assert_eq!(error_code(&call(&node, &request(method, &json!([]))), &what), -32602, "{what}");
		checked += 1;
	}

	// Texts that are not accounts or CIDs.
	for (method, bad) in [
		("attribution_claimable", json!(["not an account"])),
		("attribution_licences", json!(["5Grw"])),
		("attribution_trackRecord", json!([""])),
		("attribution_assignments", json!(["5Grw"])),
		("attribution_contributionsByContributor", json!(["0xzz", null, 10])),
		("attribution_contributionByCid", json!(["bafy-not-a-cid"])),
		("attribution_contributionByCid", json!(["0x0155"])),
		("attribution_contributionByCid", json!(["z".repeat(10_000)])),
	] {
		let what = format!("{method} {bad}");
		assert_eq!(error_code(&call(&node, &request(method, &bad)), &what), -32602, "{what}");
		checked += 1;
	}

	// Unknown methods, a wrong protocol version, a batch of junk, not-JSON.
	assert_eq!(
		error_code(&call(&node, &request("attribution_nothing", &json!([]))), "unknown"),
		-32601
	);
	assert_eq!(
		error_code(&call(&node, r#"{"jsonrpc":"1.0","id":1,"method":"system_health"}"#), "1.0"),
		-32600
	);
	assert_eq!(error_code(&call(&node, "{\"jsonrpc\":\"2.0\",\"id\":1,"), "truncated"), -32700);
	let batch = call(
		&node,
		r#"[1, {"jsonrpc":"2.0","id":2,"method":"attribution_pool","params":["x"]}, {"jsonrpc":"2.0","id":3,"method":"system_health","params":[]}]"#,
	);
	let answers = batch.as_array().unwrap_or_else(|| panic!("a batch answer: {batch}"));
	assert_eq!(answers.len(), 3, "{batch}");
	assert!(answers.iter().any(|a| a["error"]["code"] == -32600), "{batch}");
	assert!(answers.iter().any(|a| a["error"]["code"] == -32602), "{batch}");
	assert!(answers.iter().any(|a| a["result"]["isSyncing"] == false), "{batch}");
	height = assert_alive(&node, height);

	// A 20 MiB request is over the server's limit: refused (413, or the connection closed)
	// without taking the node down.
	let huge = format!(
		r#"{{"jsonrpc":"2.0","id":1,"method":"attribution_contributionByCid","params":["{}"]}}"#,
		"a".repeat(20 << 20)
	);
	let mut stream = TcpStream::connect(("127.0.0.1", node.rpc_port)).expect("connects");
	stream.set_read_timeout(Some(Duration::from_secs(30))).expect("a timeout");
	let head = format!(
		"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
		huge.len()
	);
	let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(huge.as_bytes()));
	let mut answer = String::new();
	let _ = stream.read_to_string(&mut answer);
	assert!(
		answer.is_empty() || answer.starts_with("HTTP/1.1 413"),
		"an oversized request is refused: {}",
		&answer[..answer.len().min(300)]
	);
	assert_alive(&node, height);
	eprintln!(
		"bad rpc: {checked} malformed calls of {} methods answered with errors",
		methods().len()
	);
	node.stop();
}

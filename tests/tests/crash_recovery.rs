//! Crash recovery: the dev node keeps its chain in a base path while six accounts register
//! contributions as fast as they are included; the node is killed with SIGKILL at a random
//! moment, restarted on the same database, and every contribution reported as finalized before
//! the kill must still be there, with its CID, and the chain must go on. Six kills.

use std::{
	sync::{Arc, Mutex},
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use attribution_integration_tests::{chain, rpc, submit, DevNode};
use serde_json::json;
use subxt::{dynamic::Value, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::{dev, Keypair};

/// How many times the node is killed.
const KILLS: u32 = 6;

/// A small xorshift generator: the kill moments vary from run to run, and the seed is printed
/// so a failing run can be replayed with `CRASH_SEED`.
struct XorShift(u64);

impl XorShift {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0
	}

	/// Uniform-ish in `low..high` milliseconds.
	fn millis(&mut self, low: u64, high: u64) -> Duration {
		Duration::from_millis(low + self.next() % (high - low))
	}
}

/// A raw sha2-256 CIDv1 unique to (kill round, account, counter).
fn unique_cid(round: u32, account: usize, counter: u32) -> Vec<u8> {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	let mut digest = [0u8; 32];
	digest[..4].copy_from_slice(&round.to_le_bytes());
	digest[4] = account as u8;
	digest[5..9].copy_from_slice(&counter.to_le_bytes());
	digest[31] = 0xc5;
	cid.extend(digest);
	cid
}

/// `who` registers a single-author dataset with this CID in project 0; returns once it is
/// finalized, or the error (the node may be gone).
async fn register(
	api: &OnlineClient<PolkadotConfig>,
	who: &Keypair,
	cid: &[u8],
) -> Result<(), String> {
	let call = chain::registration(0, who, "Dataset", cid, &[], [1u8; 32], 1);
	let at = api.at_current_block().await.map_err(|e| e.to_string())?;
	at.transactions()
		.sign_and_submit_then_watch_default(&call, who)
		.await
		.map_err(|e| e.to_string())?
		.wait_for_finalized_success()
		.await
		.map_err(|e| e.to_string())?;
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn contributions_finalized_before_a_sigkill_survive_it() {
	let seed = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
		SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1) | 1
	});
	eprintln!("crash recovery: seed {seed} (replay with CRASH_SEED={seed})");
	let mut random = XorShift(seed);
	let base_path = std::env::temp_dir().join(format!("attribution-crash-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&base_path);
	let args = ["--dev-block-time", "500"];
	let accounts =
		[dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve(), dev::ferdie()];

	// Every CID whose registration was reported finalized.
	let finalized: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
	let mut node = DevNode::start_in(&base_path, &args);
	{
		let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url())
			.await
			.expect("connects");
		chain::create_project(
			&api,
			&node,
			&dev::alice(),
			b"crash",
			chain::policy(chain::TEST_COMMITTEE, 10, 10, 10),
		)
		.await;
	}

	for round in 0..KILLS {
		let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url())
			.await
			.expect("connects");
		let started = Instant::now();
		let workers: Vec<_> = accounts
			.iter()
			.enumerate()
			.map(|(n, who)| {
				let (api, who, finalized) = (api.clone(), who.clone(), finalized.clone());
				tokio::spawn(async move {
					for counter in 0.. {
						let cid = unique_cid(round, n, counter);
						if register(&api, &who, &cid).await.is_err() {
							return; // the node was killed under us
						}
						finalized.lock().unwrap_or_else(|e| e.into_inner()).push(cid);
					}
				})
			})
			.collect();

		// Kill at a random moment while registrations are in flight.
		tokio::time::sleep(random.millis(2_000, 7_000)).await;
		let before_kill = finalized.lock().unwrap_or_else(|e| e.into_inner()).len();
		node.kill();
		for worker in workers {
			let _ = tokio::time::timeout(Duration::from_secs(30), worker).await;
		}
		drop(api);
		let reported = finalized.lock().unwrap_or_else(|e| e.into_inner()).clone();
		eprintln!(
			"crash recovery: kill {} after {:.1} s; {} registrations reported finalized so far ({} at the kill)",
			round + 1,
			started.elapsed().as_secs_f64(),
			reported.len(),
			before_kill
		);

		// Restart on the same database: everything reported is there, and blocks keep coming.
		node = DevNode::start_in(&base_path, &args);
		let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url())
			.await
			.expect("reconnects");
		let height = chain::best_number(&api).await;
		for cid in &reported {
			let id = rpc(&node, "attribution_contributionByCid", json!([chain::hex(cid)]))
				["result"]
				.clone();
			assert!(
				id.is_u64(),
				"{} was finalized before a kill but is gone: {id}",
				chain::hex(cid)
			);
			let record = rpc(&node, "attribution_contribution", json!([id]))["result"].clone();
			assert_eq!(record["cidHex"], chain::hex(cid), "{record}");
		}
		chain::wait_past(&api, height + 2, &node).await;
	}

	// The recovered chain still takes transactions.
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	submit(
		&api,
		subxt::dynamic::transaction("Contributions", "create_project", create_args()),
		&dev::bob(),
		&node,
	)
	.await;
	let total = finalized.lock().unwrap_or_else(|e| e.into_inner()).len();
	assert!(total >= KILLS as usize, "only {total} registrations were finalized in {KILLS} rounds");
	eprintln!("crash recovery: {KILLS} SIGKILLs, {total} finalized registrations, none lost");
	drop(api);
	node.stop();
	std::fs::remove_dir_all(&base_path).expect("cleans up");
}

/// Arguments of a second `create_project` (the chain accepts writes after the last restart).
fn create_args() -> Vec<Value> {
	vec![
		Value::from_bytes(b"after the crashes"),
		chain::mit_licence(),
		Value::u128(0),
		chain::policy(chain::TEST_COMMITTEE, 10, 10, 10),
		Value::unnamed_variant("Open", vec![]),
	]
}

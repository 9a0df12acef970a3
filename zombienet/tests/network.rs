//! The parachain on a real relay chain: `local.toml` spawned natively by zombienet-sdk (a
//! `westend-local` relay chain with validators alice and bob; Attribution Chain, para 1000,
//! with collators alice and bob). Checks block production and finality of the parachain, a
//! contribution registered through one collator and read back from the other, and a collator
//! restart after which that collator catches up and still has the record.
//!
//! Opt-in: run `bash scripts/zombienet-test.sh`, which builds the relay chain's binaries and
//! our node and puts them on `PATH`. Without them, this test fails saying what is missing; it
//! never passes without having run the network.

mod common;

use std::time::Duration;

use common::{
	create_project, metric, register_dataset, rpc, spawn_local_network, submit, wait_metric,
	Progress, BEST, FINALIZED,
};
use zombienet_sdk::subxt_signer::sr25519::dev;

#[tokio::test(flavor = "multi_thread")]
async fn two_collators_produce_finalize_share_records_and_survive_a_restart() {
	let progress = Progress::start("zombienet");
	let network = spawn_local_network().await;
	let alice = network.get_node("collator-alice").expect("collator-alice");
	let bob = network.get_node("collator-bob").expect("collator-bob");
	progress.say("network spawned: validators alice, bob; collators collator-alice, collator-bob");

	// The parachain produces blocks (both collators see them) and the relay chain finalizes
	// them.
	wait_metric(alice, BEST, 5.0, 600).await;
	wait_metric(bob, BEST, 5.0, 120).await;
	wait_metric(alice, FINALIZED, 3.0, 300).await;
	progress.say(format!(
		"parachain producing and finalized: collator-alice best #{}, finalized #{}; \
		 collator-bob best #{}",
		metric(alice, BEST).await,
		metric(alice, FINALIZED).await,
		metric(bob, BEST).await
	));

	// A project and a dataset registered through Alice's collator, read from Bob's.
	submit(alice, create_project(b"zombienet"), &dev::alice()).await;
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	cid.extend([7u8; 32]);
	submit(alice, register_dataset(0, &dev::alice(), &cid), &dev::alice()).await;
	let on_alice = rpc(alice, "attribution_contribution", &[0.into()]).await;
	assert!(!on_alice.is_null(), "registered through collator-alice");
	progress.say(format!(
		"project 0 and contribution 0 finalized through collator-alice (best #{})",
		metric(alice, BEST).await
	));
	let deadline = std::time::Instant::now() + Duration::from_secs(60);
	loop {
		let on_bob = rpc(bob, "attribution_contribution", &[0.into()]).await;
		if on_bob == on_alice {
			break;
		}
		assert!(std::time::Instant::now() < deadline, "collator-bob has {on_bob}, not {on_alice}");
		tokio::time::sleep(Duration::from_secs(2)).await;
	}

	progress.say("collator-bob returns the same record");

	// Bob's collator restarts: it comes back, catches up past Alice's current block, and still
	// has the record; the parachain kept going meanwhile.
	let before = metric(alice, BEST).await;
	progress.say(format!("restarting collator-bob (collator-alice at #{before})"));
	bob.restart(Some(Duration::from_secs(5))).await.expect("collator-bob restarts");
	wait_metric(alice, BEST, before + 2.0, 180).await;
	let target = metric(alice, BEST).await;
	wait_metric(bob, BEST, target, 300).await;
	assert_eq!(rpc(bob, "attribution_contribution", &[0.into()]).await, on_alice);
	progress
		.say(format!("collator-bob restarted and caught up to #{target} with the record intact"));

	network.destroy().await.expect("the network stops");
}

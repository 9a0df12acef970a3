//! The stand-alone development node (`--dev`): one node, no relay chain, blocks sealed by the
//! node itself.
//!
//! Blocks are sealed with manual seal, either on a fixed timer (`--dev-block-time`, 3 s by
//! default; each block is finalized once [`FINALITY_LAG`] more are sealed on top of it) or as
//! soon as a transaction arrives (`--instant-seal`; finalized at once). The
//! relay chain is mocked: each block gets a parachain validation-data inherent whose relay
//! slot and timestamp advance by one slot per block, as the runtime's Aura consensus hook
//! expects. The pattern is `polkadot-omni-node-lib`'s dev node (`nodes/aura.rs`), written out
//! here so that the node can serve its own RPC extensions.

use std::{ops::Sub, sync::Arc, time::Duration};

use attribution_runtime::Hash;
use codec::Encode;
use cumulus_client_parachain_inherent::MockValidationDataInherentDataProvider;
use cumulus_primitives_core::{CollectCollationInfo, ParaId, RelayParentOffsetApi};
use futures::{SinkExt, StreamExt};
use polkadot_primitives::UpgradeGoAhead;
use polkadot_sdk::*;
use sc_consensus::LongestChain;
use sc_consensus_manual_seal::{consensus::aura::AuraConsensusDataProvider, EngineCommand};
use sc_network::config::FullNetworkConfiguration;
use sc_service::{Configuration, PartialComponents, TaskManager};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_runtime::traits::{Header as HeaderT, UniqueSaturatedInto};

use crate::{
	cli::DevSealMode,
	service::{new_partial, rpc_builder, start_offchain_workers, ParachainClient},
};

/// The mocked relay chain's slot duration.
const RELAY_CHAIN_SLOT_DURATION_MILLIS: u64 = 6000;

/// How many blocks the timer-sealed dev chain's finality trails its best block by default
/// (`--dev-finality-lag`).
///
/// The fork-aware transaction pool keeps a view of the pool per block. It builds the next
/// block's view from a snapshot of its mempool, and a transaction that arrives while that view
/// is being built lands only in the views that are already active. Finalizing a block removes
/// the views below it; a transaction whose last view goes and that was never ready there (a
/// later nonce of its sender, arrived out of order) is dropped, and its sender's next nonces
/// then wait in the future queue for ever. Finalizing every block as it is sealed removed the
/// previous view right after the new one was built, and lost such transactions under load
/// (29 of 20,000 in the throughput benchmark). Two blocks behind, a view is removed only after
/// two newer views were built from fresh snapshots, which hold every transaction that arrived
/// before them.
pub const FINALITY_LAG: usize = 2;

/// Starts the dev node and returns its task manager.
pub fn start_dev_node(
	mut config: Configuration,
	mode: DevSealMode,
) -> Result<TaskManager, sc_service::Error> {
	let PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain: _,
		transaction_pool,
		other: (_, mut telemetry, _),
	} = new_partial(&config)?;

	let para_id = crate::chain_spec::Extensions::try_get(&*config.chain_spec)
		.map(|e| ParaId::from(e.para_id))
		.unwrap_or_else(|| ParaId::from(attribution_runtime::genesis_config_presets::PARACHAIN_ID));

	// A dev node talks to no peers.
	config.network.default_peers_set.in_peers = 0;
	config.network.default_peers_set.out_peers = 0;
	let net_config = FullNetworkConfiguration::<_, _, sc_network::Litep2pNetworkBackend>::new(
		&config.network,
		config.prometheus_registry().cloned(),
	);
	let metrics = sc_network::NotificationMetrics::new(config.prometheus_registry());

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			net_config,
			block_announce_validator_builder: None,
			warp_sync_config: None,
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	start_offchain_workers(
		&config,
		&task_manager,
		client.clone(),
		backend.clone(),
		keystore_container.keystore(),
		transaction_pool.clone(),
		network.clone(),
	)?;

	let proposer = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool.clone(),
		config.prometheus_registry(),
		telemetry.as_ref().map(|t| t.handle()),
	);

	let slot_duration = sc_consensus_aura::slot_duration(&*client)?;
	// Aura pre-digests that match the mocked timestamps; without them the runtime's Aura
	// pallet rejects the slot.
	let aura_digest_provider = AuraConsensusDataProvider::new_with_slot_duration(slot_duration);
	let create_inherent_data_providers =
		dev_inherent_data_providers(client.clone(), para_id, slot_duration);

	match mode {
		DevSealMode::Instant => {
			// Manual seal's own `run_instant_seal_and_finalize` refuses blocks whose extrinsic
			// count equals the number of inherent *data* entries; with the mocked relay chain
			// that count includes the first transaction, so it never seals one. Seal (and
			// finalize) on every pool import instead.
			let commands_stream = transaction_pool.import_notification_stream().map(|_| {
				EngineCommand::SealNewBlock {
					create_empty: true,
					finalize: true,
					parent_hash: None,
					sender: None,
				}
			});
			let params = sc_consensus_manual_seal::ManualSealParams {
				block_import: client.clone(),
				env: proposer,
				client: client.clone(),
				pool: transaction_pool.clone(),
				select_chain: LongestChain::new(backend.clone()),
				commands_stream: Box::pin(commands_stream),
				consensus_data_provider: Some(Box::new(aura_digest_provider)),
				create_inherent_data_providers,
			};
			let authorship = sc_consensus_manual_seal::run_manual_seal(params);
			task_manager.spawn_essential_handle().spawn_blocking("instant-seal", None, authorship);
			log::info!("🧪 Dev mode: a block is sealed as soon as a transaction arrives");
		}
		DevSealMode::Interval { block_time_ms, finality_lag } => {
			let (sink, commands_stream) = futures::channel::mpsc::channel(1024);
			task_manager.spawn_essential_handle().spawn(
				"dev-block-timer",
				None,
				seal_on_timer(sink, Duration::from_millis(block_time_ms), finality_lag),
			);
			let params = sc_consensus_manual_seal::ManualSealParams {
				block_import: client.clone(),
				env: proposer,
				client: client.clone(),
				pool: transaction_pool.clone(),
				select_chain: LongestChain::new(backend.clone()),
				commands_stream: Box::pin(commands_stream),
				consensus_data_provider: Some(Box::new(aura_digest_provider)),
				create_inherent_data_providers,
			};
			let authorship = sc_consensus_manual_seal::run_manual_seal(params);
			task_manager.spawn_essential_handle().spawn_blocking("manual-seal", None, authorship);
			log::info!(
				"🧪 Dev mode: a block is sealed every {block_time_ms} ms, finalized {finality_lag} \
				 block(s) later"
			);
		}
	}

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		rpc_builder: rpc_builder(client.clone(), transaction_pool.clone()),
		client: client.clone(),
		transaction_pool,
		task_manager: &mut task_manager,
		config,
		keystore: keystore_container.keystore(),
		backend,
		network,
		sync_service,
		system_rpc_tx,
		tx_handler_controller,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	Ok(task_manager)
}

/// Asks manual seal for a new block every `block_time`, empty or not, and finalizes the block
/// `finality_lag` below each new one (the new one itself with 0).
async fn seal_on_timer(
	mut sink: futures::channel::mpsc::Sender<EngineCommand<Hash>>,
	block_time: Duration,
	finality_lag: usize,
) {
	let mut timer = tokio::time::interval(block_time);
	// A slow block delays the next one rather than causing a burst.
	timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
	// The first tick completes at once; the first block comes one period after start-up.
	timer.tick().await;
	// The sealed blocks not finalized yet, oldest first.
	let mut unfinalized = std::collections::VecDeque::with_capacity(finality_lag + 1);
	loop {
		timer.tick().await;
		let (sealed, created) = futures::channel::oneshot::channel();
		let command = EngineCommand::SealNewBlock {
			create_empty: true,
			finalize: false,
			parent_hash: None,
			sender: Some(sealed),
		};
		if sink.send(command).await.is_err() {
			log::warn!("manual seal stopped; no more dev blocks");
			return;
		}
		match created.await {
			Ok(Ok(block)) => unfinalized.push_back(block.hash),
			Ok(Err(error)) => {
				log::warn!("dev block not sealed: {error}");
				continue;
			}
			Err(_) => {
				log::warn!("manual seal stopped; no more dev blocks");
				return;
			}
		}
		if unfinalized.len() > finality_lag {
			let Some(hash) = unfinalized.pop_front() else { continue };
			let command = EngineCommand::FinalizeBlock { hash, sender: None, justification: None };
			if sink.send(command).await.is_err() {
				log::warn!("manual seal stopped; no more dev blocks");
				return;
			}
		}
	}
}

/// Inherent data for a dev block: the timestamp and a mocked relay-chain validation data.
///
/// Each parachain block gets its own relay slot, `initial_relay_slot + block_number`, and a
/// timestamp at the start of that slot, so slots strictly increase. The chain starts two hours
/// in the past so that timestamps stay behind the wall clock for a while even when blocks are
/// sealed faster than one per slot. A pending runtime upgrade gets the relay chain's go-ahead
/// in the next block, so `set_code` works in dev mode.
fn dev_inherent_data_providers(
	client: Arc<ParachainClient>,
	para_id: ParaId,
	slot_duration: sp_consensus_aura::SlotDuration,
) -> impl Fn(
	Hash,
	(),
) -> futures::future::Ready<
	Result<
		(sp_timestamp::InherentDataProvider, MockValidationDataInherentDataProvider<()>),
		Box<dyn std::error::Error + Send + Sync>,
	>,
> + Send
       + Sync {
	let initial_relay_slot = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.unwrap_or_default()
		.sub(Duration::from_secs(2 * 60 * 60))
		.as_millis() as u64
		/ RELAY_CHAIN_SLOT_DURATION_MILLIS;

	move |parent: Hash, ()| {
		futures::future::ready(mock_inherents(
			&client,
			parent,
			para_id,
			slot_duration,
			initial_relay_slot,
		))
	}
}

/// Para blocks per mocked relay epoch on the dev chain: committees are drawn two epochs
/// after they are requested, 10 to 20 blocks.
pub const DEV_BLOCKS_PER_RELAY_EPOCH: u32 = 10;

/// The mocked relay chain's BABE randomness of `epoch`: random-looking (a hash of the epoch),
/// not the block number the mock would otherwise put there, so that dev-chain committees are
/// drawn as they would be on a real relay chain.
pub fn dev_relay_randomness(epoch: u32) -> [u8; 32] {
	sp_io::hashing::blake2_256(&(b"attribution dev relay epoch", epoch).encode())
}

fn mock_inherents(
	client: &ParachainClient,
	parent: Hash,
	para_id: ParaId,
	slot_duration: sp_consensus_aura::SlotDuration,
	initial_relay_slot: u64,
) -> Result<
	(sp_timestamp::InherentDataProvider, MockValidationDataInherentDataProvider<()>),
	Box<dyn std::error::Error + Send + Sync>,
> {
	let parent_header = client
		.header(parent)?
		.ok_or_else(|| format!("dev seal: parent block {parent:?} is not in the database"))?;

	let runtime_api = client.runtime_api();
	let should_send_go_ahead = runtime_api
		.collect_collation_info(parent, &parent_header)
		.map(|info| info.new_validation_code.is_some())
		.unwrap_or_default();
	let relay_parent_offset = runtime_api.relay_parent_offset(parent).unwrap_or_default();

	let current_block_number =
		UniqueSaturatedInto::<u32>::unique_saturated_into(*parent_header.number()) + 1;
	let relay_blocks_per_para_block =
		(slot_duration.as_millis() / RELAY_CHAIN_SLOT_DURATION_MILLIS).max(1) as u32;
	let target_relay_slot = initial_relay_slot
		+ u64::from(current_block_number) * u64::from(relay_blocks_per_para_block);
	let relay_offset = (target_relay_slot as u32)
		.saturating_sub(relay_blocks_per_para_block.saturating_mul(current_block_number));

	let mocked_parachain = MockValidationDataInherentDataProvider::<()> {
		current_para_block: current_block_number,
		para_id,
		current_para_block_head: Some(polkadot_primitives::HeadData(parent_header.encode())),
		relay_blocks_per_para_block,
		relay_offset,
		relay_parent_offset,
		para_blocks_per_relay_epoch: DEV_BLOCKS_PER_RELAY_EPOCH,
		additional_key_values: Some(vec![(
			polkadot_primitives::well_known_keys::ONE_EPOCH_AGO_RANDOMNESS.to_vec(),
			dev_relay_randomness(current_block_number / DEV_BLOCKS_PER_RELAY_EPOCH).encode(),
		)]),
		upgrade_go_ahead: should_send_go_ahead.then(|| {
			log::info!("Pending validation code detected; sending the relay chain's go-ahead.");
			UpgradeGoAhead::GoAhead
		}),
		..Default::default()
	};
	let timestamp = target_relay_slot * RELAY_CHAIN_SLOT_DURATION_MILLIS;
	Ok((sp_timestamp::InherentDataProvider::new(timestamp.into()), mocked_parachain))
}

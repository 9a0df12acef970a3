//! Dispatches the command line: runs the node (collator or `--dev`) or a subcommand.

use attribution_runtime::opaque::Block;
use cumulus_primitives_core::ParaId;
use log::info;
use polkadot_sdk::*;
use sc_cli::{
	ChainSpec, CliConfiguration, DefaultConfigurationValues, ImportParams, KeystoreParams,
	NetworkParams, Result, RpcEndpoint, SharedParams, SubstrateCli,
};
use sc_service::config::{BasePath, PrometheusConfig};

use crate::{
	chain_spec,
	cli::{Cli, RelayChainCli, Subcommand},
	service::new_partial,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Attribution Chain Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		format!(
			"Attribution Chain node: records who contributed what to collaborative AI work.\n\n\
			 Arguments before -- go to the parachain node, arguments after -- to the embedded \
			 relay-chain node:\n\n  {} [parachain-args] -- [relay-chain-args]",
			Self::executable_name()
		)
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/attribution-chain/attribution-chain/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> std::result::Result<Box<dyn sc_service::ChainSpec>, String> {
		chain_spec::load_spec(id)
	}
}

impl SubstrateCli for RelayChainCli {
	fn impl_name() -> String {
		Cli::impl_name()
	}

	fn impl_version() -> String {
		Cli::impl_version()
	}

	fn description() -> String {
		Cli::description()
	}

	fn author() -> String {
		Cli::author()
	}

	fn support_url() -> String {
		Cli::support_url()
	}

	fn copyright_start_year() -> i32 {
		Cli::copyright_start_year()
	}

	fn load_spec(&self, id: &str) -> std::result::Result<Box<dyn sc_service::ChainSpec>, String> {
		polkadot_cli::Cli::from_iter([RelayChainCli::executable_name()].iter()).load_spec(id)
	}
}

macro_rules! construct_async_run {
	(|$components:ident, $cli:ident, $cmd:ident, $config:ident| $( $code:tt )* ) => {{
		let runner = $cli.create_runner($cmd)?;
		runner.async_run(|$config| {
			let $components = new_partial(&$config)?;
			let task_manager = $components.task_manager;
			{ $( $code )* }.map(|v| (v, task_manager))
		})
	}}
}

/// Parses the command line and runs it.
pub fn run() -> Result<()> {
	let cli = Cli::from_args();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		}
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let spec = cli.load_spec(&cmd.chain)?;
			cmd.run(spec)
		}
		Some(Subcommand::CheckBlock(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, components.import_queue))
			})
		}
		Some(Subcommand::ExportBlocks(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, config.database))
			})
		}
		Some(Subcommand::ExportState(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, config.chain_spec))
			})
		}
		Some(Subcommand::ImportBlocks(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, components.import_queue))
			})
		}
		Some(Subcommand::Revert(cmd)) => {
			construct_async_run!(|components, cli, cmd, config| {
				Ok(cmd.run(components.client, components.backend, None))
			})
		}
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				let polkadot_cli = RelayChainCli::new(&config, cli.relay_chain_args.iter());
				let polkadot_config = SubstrateCli::create_configuration(
					&polkadot_cli,
					&polkadot_cli,
					config.tokio_handle.clone(),
				)
				.map_err(|err| format!("Relay chain argument error: {err}"))?;
				cmd.run(config, polkadot_config)
			})
		}
		Some(Subcommand::ExportGenesisHead(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				let partials = new_partial(&config)?;
				cmd.run(partials.client)
			})
		}
		Some(Subcommand::ExportGenesisWasm(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|_config| {
				let spec = cli.load_spec(&cmd.shared_params.chain.clone().unwrap_or_default())?;
				cmd.run(&*spec)
			})
		}
		Some(Subcommand::Benchmark(cmd)) => run_benchmark(&cli, cmd),
		None => run_node(cli),
	}
}

/// Runs a `benchmark` subcommand.
fn run_benchmark(cli: &Cli, cmd: &frame_benchmarking_cli::BenchmarkCmd) -> Result<()> {
	use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
	// Pallet benchmarks of a runtime given as a file (`--runtime`, a wasm built with
	// `runtime-benchmarks`: scripts/benchmark.sh) run in that wasm alone, with the genesis its
	// presets build; this node need not be built with the feature, which would recompile
	// nearly every crate of the client.
	if let BenchmarkCmd::Pallet(pallet) = cmd {
		if pallet.runtime.is_some() {
			// No runner, so no logger yet: the benchmarks' warnings and errors go to stderr.
			let _ = sc_cli::LoggerBuilder::new("").init();
			return pallet.run_with_spec::<
				sp_runtime::traits::HashingFor<Block>,
				cumulus_client_service::storage_proof_size::HostFunctions,
			>(None);
		}
	}
	let runner = cli.create_runner(cmd)?;
	match cmd {
		#[cfg(feature = "runtime-benchmarks")]
		BenchmarkCmd::Pallet(cmd) => runner.sync_run(|config| {
			cmd.run_with_spec::<
				sp_runtime::traits::HashingFor<Block>,
				cumulus_client_service::storage_proof_size::HostFunctions,
			>(Some(config.chain_spec))
		}),
		// The weight of an empty block and of a no-op extrinsic on this runtime
		// (`runtime/src/weights/{block,extrinsic}_weights.rs`), blocks built with the parachain
		// inherent for `--para-id` (scripts/benchmark-base-weights.sh).
		BenchmarkCmd::Overhead(cmd) => runner.sync_run(|config| {
			cmd.run_with_default_builder_and_spec::<
				Block,
				cumulus_client_service::storage_proof_size::HostFunctions,
			>(Some(config.chain_spec))
		}),
		BenchmarkCmd::Block(cmd) => runner.sync_run(|config| {
			let partials = new_partial(&config)?;
			cmd.run::<Block, crate::service::ParachainBackend, _>(partials.client)
		}),
		#[cfg(feature = "runtime-benchmarks")]
		BenchmarkCmd::Storage(cmd) => runner.sync_run(|config| {
			let partials = new_partial(&config)?;
			let db = partials.backend.expose_db();
			let storage = partials.backend.expose_storage();
			let shared_trie_cache = partials.backend.expose_shared_trie_cache();
			cmd.run::<Block, crate::service::ParachainBackend, _>(
				config,
				partials.client.clone(),
				db,
				storage,
				shared_trie_cache,
			)
		}),
		BenchmarkCmd::Machine(cmd) => {
			runner.sync_run(|config| cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()))
		}
		#[allow(unreachable_patterns)]
		_ => Err("This benchmark subcommand needs the node built with \
			`--features runtime-benchmarks` (cargo build --release -p attribution-node \
			--features runtime-benchmarks)."
			.into()),
	}
}

/// Runs the node: the stand-alone dev node, or a parachain node following a relay chain.
fn run_node(cli: Cli) -> Result<()> {
	let runner = cli.create_runner(&cli.run.normalize())?;
	Ok(runner.run_node_until_exit(|config| start_node(cli, config))?)
}

/// Starts the node's services for `config`; they run until the task manager ends.
async fn start_node(
	cli: Cli,
	config: sc_service::Configuration,
) -> sc_service::error::Result<sc_service::TaskManager> {
	if let Some(mode) = cli.dev_seal_mode() {
		return crate::dev::start_dev_node(config, mode);
	}

	let collator_options = cli.run.collator_options();
	let hwbench = (!cli.no_hardware_benchmarks)
		.then(|| {
			config.database.path().map(|database_path| {
				let _ = std::fs::create_dir_all(database_path);
				sc_sysinfo::gather_hwbench(
					Some(database_path),
					&frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE,
				)
			})
		})
		.flatten();

	let para_id = chain_spec::Extensions::try_get(&*config.chain_spec)
		.map(|e| ParaId::from(e.para_id))
		.ok_or("the chain spec has no `para_id` extension")?;

	let polkadot_cli = RelayChainCli::new(&config, cli.relay_chain_args.iter());
	let tokio_handle = config.tokio_handle.clone();
	let polkadot_config =
		SubstrateCli::create_configuration(&polkadot_cli, &polkadot_cli, tokio_handle)
			.map_err(|err| format!("Relay chain argument error: {err}"))?;

	info!("🪪 Parachain id: {para_id:?}");
	info!("✍️  Is collating: {}", if config.role.is_authority() { "yes" } else { "no" });

	match config.network.network_backend {
		sc_network::config::NetworkBackendType::Libp2p => {
			crate::service::start_parachain_node::<sc_network::NetworkWorker<_, _>>(
				config,
				polkadot_config,
				collator_options,
				para_id,
				hwbench,
			)
			.await
		}
		sc_network::config::NetworkBackendType::Litep2p => {
			crate::service::start_parachain_node::<sc_network::Litep2pNetworkBackend>(
				config,
				polkadot_config,
				collator_options,
				para_id,
				hwbench,
			)
			.await
		}
	}
}

impl DefaultConfigurationValues for RelayChainCli {
	fn p2p_listen_port() -> u16 {
		30334
	}

	fn rpc_listen_port() -> u16 {
		9945
	}

	fn prometheus_listen_port() -> u16 {
		9616
	}
}

impl CliConfiguration<Self> for RelayChainCli {
	fn shared_params(&self) -> &SharedParams {
		self.base.base.shared_params()
	}

	fn import_params(&self) -> Option<&ImportParams> {
		self.base.base.import_params()
	}

	fn network_params(&self) -> Option<&NetworkParams> {
		self.base.base.network_params()
	}

	fn keystore_params(&self) -> Option<&KeystoreParams> {
		self.base.base.keystore_params()
	}

	fn base_path(&self) -> Result<Option<BasePath>> {
		Ok(self.shared_params().base_path()?.or_else(|| self.base_path.clone().map(Into::into)))
	}

	fn rpc_addr(&self, default_listen_port: u16) -> Result<Option<Vec<RpcEndpoint>>> {
		self.base.base.rpc_addr(default_listen_port)
	}

	fn prometheus_config(
		&self,
		default_listen_port: u16,
		chain_spec: &Box<dyn ChainSpec>,
	) -> Result<Option<PrometheusConfig>> {
		self.base.base.prometheus_config(default_listen_port, chain_spec)
	}

	fn init<F>(&self, _support_url: &String, _impl_version: &String, _logger_hook: F) -> Result<()>
	where
		F: FnOnce(&mut sc_cli::LoggerBuilder),
	{
		Err("the relay-chain CLI is never initialised on its own".into())
	}

	fn chain_id(&self, is_dev: bool) -> Result<String> {
		let chain_id = self.base.base.chain_id(is_dev)?;
		Ok(if chain_id.is_empty() { self.chain_id.clone().unwrap_or_default() } else { chain_id })
	}

	fn role(&self, is_dev: bool) -> Result<sc_service::Role> {
		self.base.base.role(is_dev)
	}

	fn transaction_pool(&self, is_dev: bool) -> Result<sc_service::config::TransactionPoolOptions> {
		self.base.base.transaction_pool(is_dev)
	}

	fn trie_cache_maximum_size(&self) -> Result<Option<usize>> {
		self.base.base.trie_cache_maximum_size()
	}

	fn rpc_methods(&self) -> Result<sc_service::config::RpcMethods> {
		self.base.base.rpc_methods()
	}

	fn rpc_max_connections(&self) -> Result<u32> {
		self.base.base.rpc_max_connections()
	}

	fn rpc_cors(&self, is_dev: bool) -> Result<Option<Vec<String>>> {
		self.base.base.rpc_cors(is_dev)
	}

	fn default_heap_pages(&self) -> Result<Option<u64>> {
		self.base.base.default_heap_pages()
	}

	fn force_authoring(&self) -> Result<bool> {
		self.base.base.force_authoring()
	}

	fn disable_grandpa(&self) -> Result<bool> {
		self.base.base.disable_grandpa()
	}

	fn max_runtime_instances(&self) -> Result<Option<usize>> {
		self.base.base.max_runtime_instances()
	}

	fn announce_block(&self) -> Result<bool> {
		self.base.base.announce_block()
	}

	fn telemetry_endpoints(
		&self,
		chain_spec: &Box<dyn ChainSpec>,
	) -> Result<Option<sc_telemetry::TelemetryEndpoints>> {
		self.base.base.telemetry_endpoints(chain_spec)
	}

	fn node_name(&self) -> Result<String> {
		self.base.base.node_name()
	}
}

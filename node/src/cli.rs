//! Command-line interface of `attribution-node`.

use std::path::PathBuf;

use polkadot_sdk::*;

/// Block time of `--dev` when neither `--dev-block-time` nor `--instant-seal` is given.
pub const DEFAULT_DEV_BLOCK_TIME_MS: u64 = 3000;

/// Subcommands beside running the node.
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
	/// Key management (generate, inspect, insert into the keystore).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (prefer `export-chain-spec`, which needs no network).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a built-in or file chain specification, plain or `--raw`.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Remove the whole chain (parachain and relay-chain data).
	PurgeChain(cumulus_client_cli::PurgeChainCmd),

	/// Export the genesis head data of the parachain (register it on the relay chain).
	#[command(alias = "export-genesis-state")]
	ExportGenesisHead(cumulus_client_cli::ExportGenesisHeadCommand),

	/// Export the genesis wasm of the parachain (register it on the relay chain).
	ExportGenesisWasm(cumulus_client_cli::ExportGenesisWasmCommand),

	/// Benchmarks: `pallet` (needs `--features runtime-benchmarks`), `block`, `machine`,
	/// `overhead`, `storage`, `extrinsic`.
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

const AFTER_HELP_EXAMPLE: &str = color_print::cstr!(
	r#"<bold><underline>Examples:</></>
   <bold>attribution-node --dev --tmp</>
           Stand-alone development chain; blocks every 3 s; RPC on ws://127.0.0.1:9944.
   <bold>attribution-node --dev --instant-seal --tmp</>
           Development chain that seals a block as soon as a transaction arrives.
   <bold>attribution-node export-chain-spec --chain local --raw --output local-raw.json</>
           Export the local testnet spec.
   <bold>attribution-node --collator --chain local-raw.json -- --chain relay-raw.json</>
           Collate for a relay chain; arguments after -- go to the embedded relay-chain node.
 "#
);

/// `attribution-node`: a collator for a relay chain, or a stand-alone chain with `--dev`.
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true,
	after_help = AFTER_HELP_EXAMPLE
)]
pub struct Cli {
	/// A subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of the parachain node.
	#[command(flatten)]
	pub run: cumulus_client_cli::RunCmd,

	/// With `--dev`: milliseconds between blocks (blocks are sealed on this timer, empty or not).
	#[arg(long, value_name = "MS", conflicts_with = "instant_seal")]
	pub dev_block_time: Option<u64>,

	/// With `--dev` and timed blocks: how many blocks finality trails the best block (0:
	/// each block is finalized as it is sealed, which lets the transaction pool drop
	/// transactions under load; see `FINALITY_LAG` in `node/src/dev.rs`).
	#[arg(long, value_name = "BLOCKS", default_value_t = crate::dev::FINALITY_LAG, conflicts_with = "instant_seal")]
	pub dev_finality_lag: usize,

	/// With `--dev`: seal a block as soon as a transaction enters the pool, and only then.
	#[arg(long, conflicts_with = "dev_block_time")]
	pub instant_seal: bool,

	/// Disable the automatic hardware benchmarks run at start-up.
	///
	/// By default they run when the node starts, and the results are printed and sent to the
	/// telemetry endpoints, if any.
	#[arg(long)]
	pub no_hardware_benchmarks: bool,

	/// Arguments for the embedded relay-chain node, after `--`.
	#[arg(raw = true)]
	pub relay_chain_args: Vec<String>,
}

/// How `--dev` produces blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevSealMode {
	/// A block as soon as a transaction is in the pool.
	Instant,
	/// A block every `block_time_ms` milliseconds, each finalized once `finality_lag` more
	/// are sealed on top of it.
	Interval {
		/// Milliseconds between blocks.
		block_time_ms: u64,
		/// Blocks finality trails the best block.
		finality_lag: usize,
	},
}

impl Cli {
	/// The block production mode of the stand-alone dev node, or `None` to run as a parachain
	/// node. `--dev-block-time` and `--instant-seal` imply dev mode on any chain spec.
	pub fn dev_seal_mode(&self) -> Option<DevSealMode> {
		use sc_cli::CliConfiguration;
		if self.instant_seal {
			Some(DevSealMode::Instant)
		} else if let Some(ms) = self.dev_block_time {
			Some(DevSealMode::Interval {
				block_time_ms: ms.max(1),
				finality_lag: self.dev_finality_lag,
			})
		} else if self.run.base.is_dev().unwrap_or(false) {
			Some(DevSealMode::Interval {
				block_time_ms: DEFAULT_DEV_BLOCK_TIME_MS,
				finality_lag: self.dev_finality_lag,
			})
		} else {
			None
		}
	}
}

/// The embedded relay-chain node's command line (the arguments after `--`).
#[derive(Debug)]
pub struct RelayChainCli {
	/// The relay-chain node's options.
	pub base: polkadot_cli::RunCmd,
	/// The relay chain named by the parachain's chain spec, used when `--chain` is absent.
	pub chain_id: Option<String>,
	/// Where the relay-chain node keeps its data: `<parachain base path>/polkadot`.
	pub base_path: Option<PathBuf>,
}

impl RelayChainCli {
	/// Parses the relay-chain arguments in the context of the parachain's configuration.
	pub fn new<'a>(
		para_config: &sc_service::Configuration,
		relay_chain_args: impl Iterator<Item = &'a String>,
	) -> Self {
		use clap::{CommandFactory, FromArgMatches};
		let command = polkadot_cli::RunCmd::command().no_binary_name(true);
		let matches = command.get_matches_from(relay_chain_args);
		let base = FromArgMatches::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
		let chain_id = crate::chain_spec::Extensions::try_get(&*para_config.chain_spec)
			.map(|e| e.relay_chain.clone());
		let base_path = para_config.base_path.path().join("polkadot");
		Self { base, chain_id, base_path: Some(base_path) }
	}
}

//! `attribution-node`: the Attribution Chain node.
//!
//! A cumulus collator for a relay chain, or, with `--dev`, a stand-alone development chain.

#![warn(missing_docs)]
#![warn(unused_extern_crates)]

mod chain_spec;
mod cli;
mod command;
mod dev;
mod rpc;
mod service;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}

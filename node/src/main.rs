//! `attribution-node`: the Attribution Chain node.
//!
//! A cumulus collator for a relay chain, or, with `--dev`, a stand-alone development chain.

#![warn(missing_docs)]
#![warn(unused_extern_crates)]

mod attribution_rpc;
mod chain_spec;
mod cli;
mod command;
mod dev;
mod payouts_rpc;
mod rpc;
mod scoring_rpc;
mod service;

fn main() {
	let code = match command::run() {
		Ok(()) => 0,
		Err(error) => {
			eprintln!("Error: {error:?}");
			1
		}
	};
	exit_without_static_destructors(code)
}

/// Ends the process with `code` without running C and C++ static destructors.
///
/// When the node stops, a thread of the SDK (a transaction-pool or network worker the task
/// manager no longer waits for) can still hold the RocksDB handle. If `main` returned normally,
/// `exit` would destroy RocksDB's static objects while that thread may still close the
/// database, and RocksDB aborts with `pthread lock: Invalid argument` (SIGABRT; facebook/rocksdb
/// #11349). By this point everything the node writes has been written: RocksDB's write-ahead
/// log is in the operating system's hands and is replayed on the next start, and our own
/// buffered output is flushed below. `_exit` ends the process at once.
fn exit_without_static_destructors(code: i32) -> ! {
	use std::io::Write;
	let _ = std::io::stdout().flush();
	let _ = std::io::stderr().flush();
	// SAFETY: `_exit` takes no pointers and never returns; skipping destructors is the intent.
	unsafe { libc::_exit(code) }
}

//! Helpers for integration tests that start a real `attribution-node`.
//!
//! [`node_binary`] finds the node built next to the test binary (same `CARGO_TARGET_DIR` and
//! profile) and builds it with cargo when it is missing: a test never skips silently.
//! [`DevNode`] starts `attribution-node --dev --tmp` on free ports and stops it cleanly.

pub mod chain;
pub mod runtime_blob;

use std::{
	io::{BufRead, BufReader, Read, Write},
	net::{TcpListener, TcpStream},
	path::PathBuf,
	process::{Child, Command, ExitStatus, Stdio},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

/// Name of the node's executable.
pub const NODE_BINARY_NAME: &str = "attribution-node";

/// The directory cargo puts this profile's binaries in (`<target>/<profile>`), derived from
/// the running test executable (`<target>/<profile>/deps/<test>`).
fn profile_dir() -> PathBuf {
	let exe = std::env::current_exe().expect("the test knows its own path");
	exe.parent()
		.and_then(|deps| deps.parent())
		.map(PathBuf::from)
		.expect("test executables live in <target>/<profile>/deps")
}

/// Path of the node binary, built first with cargo if it is not there.
///
/// Override with `ATTRIBUTION_NODE_BIN`. The build uses the same command as
/// `scripts/build.sh`, so it shares every artifact with the rest of the workspace.
pub fn node_binary() -> PathBuf {
	if let Ok(path) = std::env::var("ATTRIBUTION_NODE_BIN") {
		let path = PathBuf::from(path);
		assert!(path.is_file(), "ATTRIBUTION_NODE_BIN={} does not exist", path.display());
		return path;
	}
	let path = profile_dir().join(NODE_BINARY_NAME);
	if !path.is_file() {
		eprintln!(
			"{} not found at {}: building it now (cargo build --release --workspace)",
			NODE_BINARY_NAME,
			path.display()
		);
		let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
		let status = Command::new(cargo)
			.args(["build", "--release", "--workspace"])
			.status()
			.expect("cargo runs");
		assert!(status.success(), "building {NODE_BINARY_NAME} failed");
		assert!(
			path.is_file(),
			"cargo built the workspace but {} is still missing",
			path.display()
		);
	}
	path
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|l| l.local_addr())
		.map(|a| a.port())
		.expect("the OS hands out a free port")
}

/// What the node logs just before the port its JSON-RPC server listens on.
const RPC_LOG_MARKER: &str = "Running JSON-RPC server: addr=127.0.0.1:";
/// What the node logs just before the port its Prometheus exporter listens on.
const PROMETHEUS_LOG_MARKER: &str = "Prometheus exporter started at 127.0.0.1:";

/// The port written right after the last `marker` in `log`.
fn port_after(log: &str, marker: &str) -> Option<u16> {
	let rest = &log[log.rfind(marker)? + marker.len()..];
	let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
	digits.parse().ok()
}

/// A running `attribution-node --dev --tmp`, killed if the test panics.
pub struct DevNode {
	child: Option<Child>,
	/// JSON-RPC port (WebSocket and HTTP).
	pub rpc_port: u16,
	/// Prometheus port.
	pub prometheus_port: u16,
	log: Arc<Mutex<String>>,
}

impl DevNode {
	/// Starts the dev node on a temporary database (`--tmp`) with `extra_args`, and waits until
	/// its RPC port accepts connections.
	pub fn start(extra_args: &[&str]) -> DevNode {
		Self::start_with(&["--tmp"], extra_args)
	}

	/// Starts the dev node keeping its database in `base_path`.
	pub fn start_in(base_path: &std::path::Path, extra_args: &[&str]) -> DevNode {
		let base_path = base_path.to_str().expect("a UTF-8 path");
		Self::start_with(&["--base-path", base_path], extra_args)
	}

	fn start_with(storage_args: &[&str], extra_args: &[&str]) -> DevNode {
		let rpc_port = free_port();
		let prometheus_port = free_port();
		let p2p_port = free_port();
		let mut child = Command::new(node_binary())
			.args(["--dev", "--no-hardware-benchmarks", "--no-telemetry"])
			.args(storage_args)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--port", &p2p_port.to_string()])
			.args(extra_args)
			.stdout(Stdio::null())
			.stderr(Stdio::piped())
			.spawn()
			.expect("the node starts");

		// Keep draining the log so the node never blocks on a full pipe; keep it for failures.
		let log = Arc::new(Mutex::new(String::new()));
		let stderr = child.stderr.take().expect("stderr is piped");
		let sink = log.clone();
		std::thread::spawn(move || {
			for line in BufReader::new(stderr).lines().map_while(Result::ok) {
				let mut log = sink.lock().unwrap_or_else(|e| e.into_inner());
				log.push_str(&line);
				log.push('\n');
			}
		});

		let mut node = DevNode { child: Some(child), rpc_port, prometheus_port, log };
		// A port taken by another process between `free_port` and the node's start makes the
		// node fall back to another one (and a test would talk to whoever holds the first):
		// use the ports the node says it serves on.
		node.rpc_port = node.wait_for_logged_port(RPC_LOG_MARKER, Duration::from_secs(120));
		if let Some(port) = port_after(&node.log(), PROMETHEUS_LOG_MARKER) {
			node.prometheus_port = port;
		}
		node.wait_for_port(node.rpc_port, Duration::from_secs(120));
		node
	}

	/// The port the node logs after `marker`, once it has.
	fn wait_for_logged_port(&self, marker: &str, timeout: Duration) -> u16 {
		let start = Instant::now();
		loop {
			if let Some(port) = port_after(&self.log(), marker) {
				return port;
			}
			assert!(
				start.elapsed() < timeout,
				"node did not log `{marker}` within {timeout:?}; log:\n{}",
				self.log()
			);
			std::thread::sleep(Duration::from_millis(200));
		}
	}

	/// `ws://127.0.0.1:<rpc port>`.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// Everything the node has logged so far.
	pub fn log(&self) -> String {
		self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
	}

	fn wait_for_port(&self, port: u16, timeout: Duration) {
		let start = Instant::now();
		while TcpStream::connect(("127.0.0.1", port)).is_err() {
			assert!(
				start.elapsed() < timeout,
				"node did not open port {port} within {timeout:?}; log:\n{}",
				self.log()
			);
			std::thread::sleep(Duration::from_millis(200));
		}
	}

	/// Sends SIGINT and waits for the node to exit; returns its exit status.
	///
	/// Use [`DevNode::stop`] to also require a clean exit.
	pub fn shutdown(mut self) -> ExitStatus {
		let mut child = self.child.take().expect("node is running");
		let status = Command::new("kill")
			.args(["-INT", &child.id().to_string()])
			.status()
			.expect("kill runs");
		assert!(status.success(), "could not signal the node");
		let start = Instant::now();
		loop {
			if let Some(status) = child.try_wait().expect("wait on the node") {
				// Let the log reader drain what the node wrote while stopping.
				std::thread::sleep(Duration::from_millis(200));
				return status;
			}
			if start.elapsed() > Duration::from_secs(60) {
				let _ = child.kill();
				panic!("node did not stop within 60 s of SIGINT; log:\n{}", self.log());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
	}

	/// Sends SIGINT, waits for the node to exit and panics, with the node's whole log, unless it
	/// exited successfully.
	pub fn stop(self) {
		let log = self.log.clone();
		let status = self.shutdown();
		assert!(
			status.success(),
			"node exited with {status:?} after SIGINT; log:\n{}",
			log.lock().unwrap_or_else(|e| e.into_inner())
		);
	}

	/// Kills the node with SIGKILL, as a crash would (no shutdown at all), and waits until it
	/// is gone.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

impl Drop for DevNode {
	fn drop(&mut self) {
		self.kill();
	}
}

/// A plain HTTP/1.1 request to `127.0.0.1:port`; returns the status code and body.
pub fn http_request(port: u16, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
	stream.set_read_timeout(Some(Duration::from_secs(30))).expect("sets a timeout");
	let body = body.unwrap_or("");
	let request = format!(
		"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	);
	stream.write_all(request.as_bytes()).expect("sends the request");
	let mut response = String::new();
	stream.read_to_string(&mut response).expect("reads the response");
	let (head, rest) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
	let status = head
		.split_whitespace()
		.nth(1)
		.and_then(|code| code.parse().ok())
		.unwrap_or_else(|| panic!("not an HTTP response: {head}"));
	let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
		dechunk(rest)
	} else {
		rest.to_string()
	};
	(status, body)
}

/// Decodes an HTTP/1.1 chunked body.
fn dechunk(mut rest: &str) -> String {
	let mut out = String::new();
	while let Some((size, tail)) = rest.split_once("\r\n") {
		let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
		if size == 0 || tail.len() < size {
			break;
		}
		out.push_str(&tail[..size]);
		rest = tail[size..].trim_start_matches("\r\n");
	}
	out
}

/// Value of the first Prometheus sample whose line starts with `prefix`.
pub fn prometheus_value(metrics: &str, prefix: &str) -> Option<f64> {
	metrics
		.lines()
		.filter(|line| !line.starts_with('#'))
		.find(|line| line.starts_with(prefix))
		.and_then(|line| line.rsplit(' ').next())
		.and_then(|value| value.parse().ok())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn prometheus_values_are_read_from_sample_lines_only() {
		let text = "# HELP substrate_block_height Block height\n\
			substrate_block_height{status=\"best\",chain=\"dev\"} 7\n\
			substrate_block_height{status=\"finalized\",chain=\"dev\"} 6\n";
		assert_eq!(prometheus_value(text, "substrate_block_height{status=\"best\""), Some(7.0));
		assert_eq!(
			prometheus_value(text, "substrate_block_height{status=\"finalized\""),
			Some(6.0)
		);
		assert_eq!(prometheus_value(text, "substrate_missing"), None);
	}

	#[test]
	fn chunked_bodies_are_reassembled() {
		assert_eq!(dechunk("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), "hello world");
	}

	#[test]
	fn free_ports_can_be_bound() {
		let port = free_port();
		assert!(TcpListener::bind(("127.0.0.1", port)).is_ok());
	}
}

/// The node's best block number, over HTTP JSON-RPC.
pub fn best_block(node: &DevNode) -> u64 {
	let header = rpc(node, "chain_getHeader", serde_json::json!([]))["result"].clone();
	header["number"]
		.as_str()
		.and_then(|h| u64::from_str_radix(h.trim_start_matches("0x"), 16).ok())
		.unwrap_or(0)
}

/// Calls a JSON-RPC method over HTTP and returns the whole response (`result` or `error`).
pub fn rpc(node: &DevNode, method: &str, params: serde_json::Value) -> serde_json::Value {
	let body = serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params })
		.to_string();
	let (status, body) = http_request(node.rpc_port, "POST", "/", Some(&body));
	assert_eq!(status, 200, "{body}");
	serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// Signs `call` as `who`, submits it and waits until it is finalized and succeeded; panics
/// with the node's log if that takes more than 60 s. Returns the extrinsic's events.
pub async fn submit(
	api: &subxt::OnlineClient<subxt::PolkadotConfig>,
	call: subxt::tx::DynamicPayload<Vec<subxt::dynamic::Value>>,
	who: &subxt_signer::sr25519::Keypair,
	node: &DevNode,
) -> subxt::extrinsics::ExtrinsicEvents<subxt::PolkadotConfig> {
	let at = api.at_current_block().await.expect("a current block");
	let finalized = async {
		at.transactions()
			.sign_and_submit_then_watch_default(&call, who)
			.await
			.expect("submitted")
			.wait_for_finalized_success()
			.await
			.expect("finalized and successful")
	};
	match tokio::time::timeout(Duration::from_secs(60), finalized).await {
		Ok(events) => events,
		Err(_) => panic!("extrinsic not finalized in 60 s; log:\n{}", node.log()),
	}
}

/// Signs `call` as `who`, submits it and waits until it is finalized: it must have failed.
/// Returns the error's `Debug` text, which names a pallet's error (`Scoring::NotEvaluator`).
/// Panics if the call succeeded, or with the node's log if it is not finalized in 60 s.
pub async fn submit_refused(
	api: &subxt::OnlineClient<subxt::PolkadotConfig>,
	call: subxt::tx::DynamicPayload<Vec<subxt::dynamic::Value>>,
	who: &subxt_signer::sr25519::Keypair,
	node: &DevNode,
) -> String {
	let at = api.at_current_block().await.expect("a current block");
	let finalized = async {
		at.transactions()
			.sign_and_submit_then_watch_default(&call, who)
			.await
			.expect("submitted")
			.wait_for_finalized_success()
			.await
	};
	match tokio::time::timeout(Duration::from_secs(60), finalized).await {
		Ok(Ok(_)) => panic!("the call succeeded; it should have been refused"),
		Ok(Err(error)) => format!("{error:?}"),
		Err(_) => panic!("extrinsic not finalized in 60 s; log:\n{}", node.log()),
	}
}

//! Runtime blobs for the upgrade test: the second runtime `runtime/build.rs` builds (one
//! `spec_version` higher), and copies of a blob whose embedded version says something else.
//!
//! A blob is a wasm module, zstd-compressed behind an 8-byte magic prefix (the format
//! `sp-maybe-compressed-blob` reads). The node reads a runtime's version from the module's
//! `runtime_version` custom section (SCALE `RuntimeVersion`, `spec_name` first) without
//! running it, and so does `System::can_set_code` through the `runtime_version` host call.

use std::path::PathBuf;

/// The prefix of a zstd-compressed runtime blob.
const ZSTD_PREFIX: [u8; 8] = [82, 188, 83, 118, 70, 219, 142, 5];

/// The upgrade test's blob: next to the node binary's build, in
/// `<target>/release/wbuild/attribution-runtime/`; override with `ATTRIBUTION_UPGRADE_WASM`.
pub fn upgrade_blob_path() -> PathBuf {
	if let Ok(path) = std::env::var("ATTRIBUTION_UPGRADE_WASM") {
		return PathBuf::from(path);
	}
	crate::node_binary()
		.parent()
		.expect("the node binary is in a directory")
		.join("wbuild/attribution-runtime/attribution_runtime_upgrade_test.compact.compressed.wasm")
}

/// Reads the upgrade test's blob, or panics saying how to build it.
pub fn upgrade_blob() -> Vec<u8> {
	let path = upgrade_blob_path();
	std::fs::read(&path).unwrap_or_else(|e| {
		panic!(
			"the upgrade test's runtime {} is missing ({e}); `cargo build --release --workspace` \
			 builds it beside the real runtime (runtime/build.rs)",
			path.display()
		)
	})
}

/// The wasm module inside a blob.
pub fn decompress(blob: &[u8]) -> Vec<u8> {
	match blob.strip_prefix(&ZSTD_PREFIX) {
		Some(compressed) => zstd::decode_all(compressed).expect("a valid zstd stream"),
		None => blob.to_vec(),
	}
}

/// A blob of `wasm`, compressed as the wasm builder does.
pub fn compress(wasm: &[u8]) -> Vec<u8> {
	let mut blob = ZSTD_PREFIX.to_vec();
	blob.extend(zstd::encode_all(wasm, 3).expect("zstd compresses"));
	blob
}

/// Reads an unsigned LEB128 number at `*at`, moving past it.
fn read_leb(bytes: &[u8], at: &mut usize) -> usize {
	let (mut value, mut shift) = (0usize, 0);
	loop {
		let byte = bytes[*at];
		*at += 1;
		value |= usize::from(byte & 0x7f) << shift;
		if byte & 0x80 == 0 {
			return value;
		}
		shift += 7;
	}
}

/// `value` as unsigned LEB128.
fn leb(mut value: usize) -> Vec<u8> {
	let mut out = Vec::new();
	loop {
		let byte = (value & 0x7f) as u8;
		value >>= 7;
		if value == 0 {
			out.push(byte);
			return out;
		}
		out.push(byte | 0x80);
	}
}

/// The sections of a wasm module: `(id, payload)` in order.
fn sections(wasm: &[u8]) -> Vec<(u8, &[u8])> {
	assert_eq!(&wasm[..4], b"\0asm", "a wasm module");
	let mut sections = Vec::new();
	let mut at = 8;
	while at < wasm.len() {
		let id = wasm[at];
		at += 1;
		let size = read_leb(wasm, &mut at);
		sections.push((id, &wasm[at..at + size]));
		at += size;
	}
	sections
}

/// The data of a custom section named `runtime_version`, if `(id, payload)` is one.
fn runtime_version_data(id: u8, payload: &[u8]) -> Option<&[u8]> {
	if id != 0 {
		return None;
	}
	let mut at = 0;
	let len = read_leb(payload, &mut at);
	(&payload[at..at + len] == b"runtime_version").then(|| &payload[at + len..])
}

/// A SCALE string with a one-byte compact length at the start of `bytes`, and what follows.
fn short_string(bytes: &[u8]) -> (&[u8], &[u8]) {
	assert_eq!(bytes[0] & 0b11, 0, "a one-byte compact length");
	let len = usize::from(bytes[0] >> 2);
	(&bytes[1..1 + len], &bytes[1 + len..])
}

/// `blob` with the `spec_name` of its embedded `runtime_version` replaced by `name` (at most
/// 63 bytes: a one-byte SCALE length); everything else, the code included, unchanged.
pub fn with_spec_name(blob: &[u8], name: &str) -> Vec<u8> {
	assert!(name.len() < 64, "a one-byte compact length");
	let wasm = decompress(blob);
	let mut out = wasm[..8].to_vec();
	let mut patched = false;
	for (id, payload) in sections(&wasm) {
		let new_payload = match runtime_version_data(id, payload) {
			Some(version) => {
				let (_, rest) = short_string(version);
				let mut new = leb(b"runtime_version".len());
				new.extend(b"runtime_version");
				new.push((name.len() as u8) << 2);
				new.extend(name.as_bytes());
				new.extend(rest);
				patched = true;
				new
			}
			None => payload.to_vec(),
		};
		out.push(id);
		out.extend(leb(new_payload.len()));
		out.extend(new_payload);
	}
	assert!(patched, "the blob has a runtime_version section");
	compress(&out)
}

/// The `spec_name` and `spec_version` embedded in `blob`.
pub fn embedded_version(blob: &[u8]) -> (String, u32) {
	let wasm = decompress(blob);
	let version = sections(&wasm)
		.into_iter()
		.find_map(|(id, payload)| runtime_version_data(id, payload))
		.expect("a runtime_version section");
	// spec_name, impl_name, authoring_version (u32), spec_version (u32).
	let (name, rest) = short_string(version);
	let (_, rest) = short_string(rest);
	let spec_version = u32::from_le_bytes(rest[4..8].try_into().expect("4 bytes"));
	(String::from_utf8(name.to_vec()).expect("utf-8 name"), spec_version)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn leb128_round_trips() {
		for value in [0usize, 1, 127, 128, 300, 16_384, 1 << 21, 5_000_000] {
			let bytes = leb(value);
			let mut at = 0;
			assert_eq!(read_leb(&bytes, &mut at), value);
			assert_eq!(at, bytes.len());
		}
	}
}

//! Builds the runtime's wasm blob (skipped with `SKIP_WASM_BUILD=1`), and beside it the upgrade
//! test's blob: the same runtime with the `upgrade-test` feature (one `spec_version` higher),
//! written to `wbuild/attribution-runtime/attribution_runtime_upgrade_test.compact.compressed.wasm`
//! in the target directory, where the integration test that upgrades a running dev node
//! through governance finds it. Only the runtime crate itself is compiled twice.

#[cfg(feature = "std")]
fn builder() -> substrate_wasm_builder::WasmBuilder {
	let builder = substrate_wasm_builder::WasmBuilder::init_with_defaults();
	#[cfg(feature = "metadata-hash")]
	let builder = builder.enable_metadata_hash("ATTR", 12);
	builder
}

#[cfg(feature = "std")]
fn main() {
	builder().build();
	builder()
		.enable_feature("upgrade-test")
		.set_file_name("attribution_runtime_upgrade_test")
		.build();
}

/// The wasm builder is deactivated when compiling this crate for wasm itself.
#[cfg(not(feature = "std"))]
fn main() {}

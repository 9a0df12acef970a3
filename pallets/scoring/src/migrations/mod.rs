//! Storage migrations of the scoring pallet, one module per storage version step.
//!
//! Each step is an [`UncheckedOnRuntimeUpgrade`](frame::traits::UncheckedOnRuntimeUpgrade)
//! wrapped in a `VersionedMigration`, which runs it only when the on-chain storage version is
//! the step's `FROM` and then writes `TO`; a runtime lists the steps it still needs in its
//! `Executive` migrations.

pub mod v2;

//! Storage migrations of the scoring pallet, one module per storage version step.
//!
//! Version 3 (the single evaluation engine) has no step: it changed the shape of rounds
//! before launch, when no chain held version 2 state. The runtime lists no step today; `v2`
//! stays as the pattern the next post-launch step follows, with its tests.
//!
//! Each step is an [`UncheckedOnRuntimeUpgrade`](frame::traits::UncheckedOnRuntimeUpgrade)
//! wrapped in a `VersionedMigration`, which runs it only when the on-chain storage version is
//! the step's `FROM` and then writes `TO`; a runtime lists the steps it still needs in its
//! `Executive` migrations.

pub mod v2;

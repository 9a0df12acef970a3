//! # Attribution primitives
//!
//! Types shared by Attribution Chain's pallets, runtime, node and clients: ids, content
//! identifiers ([`cid`]), licence terms ([`licence`]), contributions ([`contribution`]),
//! projects ([`project`]), scores ([`score`]), payouts ([`payout`]), the traits pallets use to talk to each other
//! ([`traits`]) and the [`api::AttributionApi`] runtime API. Depends on nothing of ours.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod api;
pub mod cid;
pub mod contribution;
pub mod licence;
pub mod payout;
pub mod project;
pub mod score;
pub mod traits;

/// Identifies a project.
pub type ProjectId = u64;

/// Identifies a contribution.
pub type ContributionId = u64;

/// Identifies a scoring round.
pub type RoundId = u64;

/// Version of a project's score snapshot: 1, 2, ... in the order they became final.
pub type SnapshotVersion = u32;

/// `Ok` if `condition` holds, `Err(message)` otherwise: the step `try_state` invariant checks
/// are written with.
pub fn check(condition: bool, message: &'static str) -> Result<(), &'static str> {
	if condition {
		Ok(())
	} else {
		Err(message)
	}
}

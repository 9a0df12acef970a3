//! # Attribution primitives
//!
//! Types shared by Attribution Chain's pallets, runtime, node and clients: ids, content
//! identifiers ([`cid`]), licence terms ([`licence`]), contributions ([`contribution`]),
//! projects ([`project`]) and the [`api::AttributionApi`] runtime API. Depends on nothing of
//! ours.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod api;
pub mod cid;
pub mod contribution;
pub mod licence;
pub mod project;

/// Identifies a project.
pub type ProjectId = u64;

/// Identifies a contribution.
pub type ContributionId = u64;

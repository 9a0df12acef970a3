//! Games queried one coalition at a time, and the utility-table game.

use crate::{Coalition, Error, Utility, MAX_EXACT_PLAYERS, MAX_SAMPLED_PLAYERS};

/// A cooperative game: `players()` players and a utility for every coalition.
///
/// The sampling estimators call [`Game::value`] once per coalition they visit; an
/// implementation may cache, or compute utilities lazily (for example by training a model).
pub trait Game {
	/// Number of players, `n`; players are `0..n`.
	fn players(&self) -> usize;
	/// `v(coalition)`; bit `i` of `coalition` is player `i`.
	fn value(&mut self, coalition: Coalition) -> Utility;
}

/// A game given by its full utility table in bitmask order (`table[mask] = v(mask)`).
#[derive(Clone, Copy, Debug)]
pub struct TableGame<'a> {
	players: usize,
	table: &'a [Utility],
}

impl<'a> TableGame<'a> {
	/// Wraps `table`, which must have `2^players` entries.
	pub fn new(players: usize, table: &'a [Utility]) -> Result<Self, Error> {
		check_table(players, table)?;
		Ok(TableGame { players, table })
	}
}

impl Game for TableGame<'_> {
	fn players(&self) -> usize {
		self.players
	}

	fn value(&mut self, coalition: Coalition) -> Utility {
		// `new` checked the length, and coalitions of `players` players index inside it.
		usize::try_from(coalition).ok().and_then(|i| self.table.get(i)).copied().unwrap_or(0)
	}
}

/// Checks that `table` is a utility table for `players` players (`1..=MAX_EXACT_PLAYERS`).
pub(crate) fn check_table(players: usize, table: &[Utility]) -> Result<(), Error> {
	if players == 0 {
		return Err(Error::NoPlayers);
	}
	if players > MAX_EXACT_PLAYERS {
		return Err(Error::TooManyPlayers { players, max: MAX_EXACT_PLAYERS });
	}
	let expected = 1usize << players;
	if table.len() != expected {
		return Err(Error::TableLength { expected, got: table.len() });
	}
	Ok(())
}

/// Checks a sampling method's arguments: `1..=MAX_SAMPLED_PLAYERS` players and at least one
/// sample.
pub(crate) fn check_sampled(players: usize, samples: u32) -> Result<(), Error> {
	if players == 0 {
		return Err(Error::NoPlayers);
	}
	if players > MAX_SAMPLED_PLAYERS {
		return Err(Error::TooManyPlayers { players, max: MAX_SAMPLED_PLAYERS });
	}
	if samples == 0 {
		return Err(Error::NoSamples);
	}
	Ok(())
}

//! Prints this crate's timings and errors next to pyDVL's on the same games.
//!
//! Run by `scripts/bench-shapley.sh`, which installs pyDVL 0.10.0 in a venv, runs
//! `bench/pydvl_games.py` and passes its output file here:
//!
//! ```text
//! cargo run --release -p attribution-shapley --example compare_pydvl -- <pydvl output> [permutations]
//! ```
//! Without a file only this crate's figures are printed. Times are the median of several
//! runs; errors are the largest absolute difference from the closed-form values.

use std::{collections::BTreeMap, time::Instant};

use attribution_shapley::{exact_shapley, permutation_sampling, Coalition, Fraction, Game};

/// Castro et al.'s shoes game: players `0..left` own a left shoe; `v(S)` = pairs in `S`.
struct Shoes {
	left: usize,
	right: usize,
}

impl Game for Shoes {
	fn players(&self) -> usize {
		self.left + self.right
	}
	fn value(&mut self, coalition: Coalition) -> i64 {
		let left_mask: Coalition = (1 << self.left) - 1;
		i64::from((coalition & left_mask).count_ones().min((coalition & !left_mask).count_ones()))
	}
}

impl Shoes {
	/// The closed form pyDVL uses (`ShoesGame.shapley_values`).
	fn closed_form(&self) -> Vec<f64> {
		let n = self.left + self.right;
		let choose = |n: usize, k: usize| -> f64 {
			if k > n {
				return 0.0;
			}
			(0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
		};
		// A player of a side with `mine` players adds a pair to S when S has fewer of its side.
		let value = |mine: usize, theirs: usize| -> f64 {
			(0..n)
				.map(|k| {
					let count: f64 = (0..mine)
						.filter(|&a| a <= k && k - a <= theirs && a < k - a)
						.map(|a| choose(mine - 1, a) * choose(theirs, k - a))
						.sum();
					count / choose(n - 1, k)
				})
				.sum::<f64>()
				/ n as f64
		};
		let (l, r) = (value(self.left, self.right), value(self.right, self.left));
		(0..n).map(|i| if i < self.left { l } else { r }).collect()
	}

	fn table(&mut self) -> Vec<i64> {
		(0..1u128 << self.players()).map(|s| self.value(s)).collect()
	}
}

/// Castro et al.'s symmetric voting game: `v(S) = 1` when `|S| > n/2`; every value is `1/n`.
fn voting_table(n: usize) -> Vec<i64> {
	(0..1u64 << n).map(|s| i64::from(s.count_ones() as usize > n / 2)).collect()
}

fn max_error(values: &[Fraction], exact: &[f64]) -> f64 {
	values.iter().zip(exact).map(|(v, e)| (v.to_f64() - e).abs()).fold(0.0, f64::max)
}

/// Median seconds of `runs` calls of `f`, and its last result.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
	let mut times = Vec::with_capacity(runs);
	let mut last = None;
	for _ in 0..runs {
		let start = Instant::now();
		last = Some(f());
		times.push(start.elapsed().as_secs_f64());
	}
	times.sort_by(|a, b| a.total_cmp(b));
	(times[runs / 2], last.expect("at least one run"))
}

fn main() {
	let mut args = std::env::args().skip(1);
	let pydvl_file = args.next();
	let permutations: u32 = args.next().and_then(|p| p.parse().ok()).unwrap_or(100);
	// (method, game, size) -> (seconds, error) measured by pyDVL.
	let mut pydvl: BTreeMap<(String, String, usize), (f64, f64)> = BTreeMap::new();
	if let Some(path) = &pydvl_file {
		let text = std::fs::read_to_string(path).expect("the pyDVL output file is readable");
		for line in text.lines() {
			let fields: Vec<&str> = line.split_whitespace().collect();
			if let [method, game, size, _, seconds, error] = fields[..] {
				let (Ok(size), Ok(seconds), Ok(error)) =
					(size.parse(), seconds.parse(), error.parse())
				else {
					continue;
				};
				pydvl.insert((method.into(), game.into(), size), (seconds, error));
			}
		}
	}

	println!(
		"{:<12} {:<20} {:>4} {:>6} | {:>12} {:>10} | {:>12} {:>10} | {:>9}",
		"method", "game", "n", "perms", "ours (s)", "max err", "pyDVL (s)", "max err", "speed-up"
	);
	let row = |method: &str, game: &str, n: usize, perms: u32, seconds: f64, error: f64| {
		let theirs = pydvl.get(&(method.to_string(), game.to_string(), n));
		let (their_time, their_error, ratio) = match theirs {
			Some(&(t, e)) => {
				(format!("{t:.6}"), format!("{e:.3e}"), format!("{:.0}x", t / seconds))
			}
			None => ("-".into(), "-".into(), "-".into()),
		};
		println!(
			"{method:<12} {game:<20} {n:>4} {perms:>6} | {seconds:>12.6} {error:>10.3e} | {their_time:>12} {their_error:>10} | {ratio:>9}"
		);
	};

	for n in [6, 8, 10, 12, 16, 20] {
		let table = voting_table(n);
		let runs = if n >= 16 { 5 } else { 21 };
		let (seconds, values) = time(runs, || exact_shapley(n, &table).expect("valid table"));
		row(
			"exact",
			"SymmetricVotingGame",
			n,
			0,
			seconds,
			max_error(&values, &vec![1.0 / n as f64; n]),
		);
	}
	for half in [2, 3, 4, 5, 10] {
		let mut shoes = Shoes { left: half, right: half };
		let table = shoes.table();
		let runs = if half >= 10 { 5 } else { 21 };
		let (seconds, values) =
			time(runs, || exact_shapley(2 * half, &table).expect("valid table"));
		row("exact", "ShoesGame", 2 * half, 0, seconds, max_error(&values, &shoes.closed_form()));
	}
	for half in [5, 10, 25] {
		let mut shoes = Shoes { left: half, right: half };
		let closed = shoes.closed_form();
		let (seconds, values) = time(21, || {
			permutation_sampling(&mut shoes, permutations, [42; 32]).expect("valid game")
		});
		row(
			"permutation",
			"ShoesGame",
			2 * half,
			permutations,
			seconds,
			max_error(&values, &closed),
		);
	}
	if pydvl_file.is_none() {
		println!("(pyDVL not run: pass its output file; scripts/bench-shapley.sh does both)");
	}
}

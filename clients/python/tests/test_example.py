"""The digits example runs end to end on the dev node (once, for every test here): its printed
scores favour the clean datasets over the noisy one, two contributors claim their shares of the
pool, and the CLI claims the third's, once."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "digits_shapley.py"
# Eve's share stays unclaimed in the example, for the CLI's claim below.
UNCLAIMED = "//Eve"


@pytest.fixture(scope="module")
def example(dev_node, tmp_path_factory):
    """The example's output, run once on the dev node for the tests of this module, whichever
    runs first."""
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "--url", dev_node.url, "--workdir", str(tmp_path_factory.mktemp("digits")), "--leave-unclaimed", UNCLAIMED],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    print(run.stdout)
    return run.stdout


def _shares(out):
    """The three datasets' printed shares, in percent, in the contributors' order."""
    shares = [float(s) for s in re.findall(r"dataset \d+:\s+([\d.]+)% of the project's earnings", out)]
    assert len(shares) == 3 and abs(sum(shares) - 100) < 0.01, out
    return shares


def _shares_by_id(out):
    """The three datasets' printed shares, in percent, by contribution id."""
    shares = {int(id): float(s) for id, s in re.findall(r"dataset (\d+):\s+([\d.]+)% of the project's earnings", out)}
    assert len(shares) == 3, out
    return shares


def _project(out):
    found = re.search(r"project (\d+) created", out)
    assert found, out
    return int(found.group(1))


def test_the_digits_example_scores_and_pays_its_contributors(example):
    out = example
    shares = _shares(out)
    assert shares[2] < min(shares[:2]), "the dataset with scrambled labels is worth least"
    claimed = [float(a) for a in re.findall(r"claimed ([\d.]+) ATTR", out)]
    assert len(claimed) == 2 and f"{UNCLAIMED} leaves its share unclaimed" in out, out
    # Eve holds the first dataset; Ferdie and Alice's stash claim theirs.
    for share, amount in zip(shares[1:], claimed):
        assert abs(amount - 30 * share / 100) < 2e-3  # shares are printed to 0.01%
    assert "released at block" in out


def test_scores_are_charted_for_the_examples_project(example, dev_node, tmp_path, capsys, monkeypatch):
    import matplotlib.figure

    from attrib.cli import main

    # What the chart draws, read from the figure as it is saved: its title, its bars' labels
    # and heights (a PNG of the right size says nothing about which scores it shows).
    drawn = []
    savefig = matplotlib.figure.Figure.savefig

    def spy(figure, *args, **kwargs):
        result = savefig(figure, *args, **kwargs)
        (axes,) = figure.axes
        labels = [label.get_text() for label in axes.get_xticklabels()]
        drawn.append((axes.get_title(), dict(zip(labels, (bar.get_height() for bar in axes.patches)))))
        return result

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", spy)
    project, expected = _project(example), _shares_by_id(example)
    chart = tmp_path / "scores.png"
    assert main(["scores", str(project), "--png", str(chart), "--url", dev_node.url]) == 0
    out = capsys.readouterr().out
    assert f"project {project}, snapshot version 1" in out, out
    # The printed shares are the example's project's, one per dataset (the example prints
    # them to 0.01%).
    printed = {int(id): float(p) for id, p in re.findall(r"#(\d+)\s+([\d.]+)%", out)}
    assert printed.keys() == expected.keys() and out.count("%") == 3, out
    assert all(abs(printed[id] - expected[id]) <= 0.006 for id in expected), (printed, expected)
    # The chart shows the same three shares, under the project's title.
    assert len(drawn) == 1, drawn
    title, bars = drawn[0]
    assert f"project {project} " in title, title
    assert bars.keys() == {f"#{id}" for id in expected}, bars
    assert all(abs(bars[f"#{id}"] - printed[id]) < 1e-3 for id in expected), (bars, printed)
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 5_000


def test_claiming_takes_the_share_once_then_there_is_nothing_left(example, dev_node, capsys):
    from attrib.cli import main

    eve_share = _shares(example)[0]
    eve_dataset = min(_shares_by_id(example))  # the first dataset is Eve's
    # The track record shows the share and what was earned, not claimed yet.
    assert main(["record", UNCLAIMED, "--url", dev_node.url]) == 0
    row = _record_row(capsys.readouterr().out, eve_dataset)
    assert abs(row["share"] - eve_share) <= 0.006 and row["claimed"] == 0, row
    assert abs(row["earned"] - 30 * eve_share / 100) < 2e-3, row
    assert main(["claim", "--url", dev_node.url, "--signer", UNCLAIMED]) == 0
    out = capsys.readouterr().out
    claimed = re.search(r"claimed ([\d.]+) ATTR", out)
    assert claimed, out
    assert abs(float(claimed.group(1)) - 30 * eve_share / 100) < 2e-3, out
    assert main(["claim", "--url", dev_node.url, "--signer", UNCLAIMED]) == 0
    assert "has nothing to claim" in capsys.readouterr().out
    # Claimed, the record says so: what was earned, all claimed.
    assert main(["record", UNCLAIMED, "--url", dev_node.url]) == 0
    after = _record_row(capsys.readouterr().out, eve_dataset)
    assert after["earned"] == row["earned"] and after["claimed"] == row["earned"], after


def _record_row(out, contribution):
    """The share (%), earned and claimed (ATTR) `attrib record` prints for `contribution`."""
    found = re.search(
        rf"#{contribution}\s+project \d+\s+([\d.]+)% \(v\d+\)\s+earned ([\d.]+) ATTR, claimed ([\d.]+) ATTR", out
    )
    assert found, out
    share, earned, claimed = map(float, found.groups())
    return {"share": share, "earned": earned, "claimed": claimed}

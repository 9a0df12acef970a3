"""The digits example runs end to end on the dev node: its printed scores favour the clean
datasets over the noisy one, and the three claims add up to the pool."""

import re
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "digits_shapley.py"


def test_the_digits_example_scores_and_pays_three_contributors(dev_node, tmp_path):
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "--url", dev_node.url, "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    print(out)
    shares = [float(s) for s in re.findall(r"dataset \d+:\s+([\d.]+)% of the project's earnings", out)]
    assert len(shares) == 3 and abs(sum(shares) - 100) < 0.01, out
    assert shares[2] < min(shares[:2]), "the dataset with scrambled labels is worth least"
    claimed = [float(a) for a in re.findall(r"claimed ([\d.]+) ATTR", out)]
    assert len(claimed) == 3 and abs(sum(claimed) - 30) < 1e-6, out
    for share, amount in zip(shares, claimed):
        assert abs(amount - 30 * share / 100) < 2e-3  # shares are printed to 0.01%
    assert "released at block" in out


def test_scores_are_charted_for_the_examples_project(dev_node, tmp_path, capsys):
    from attrib.cli import main

    chain_projects = [p for p in range(4) if _has_scores(dev_node.url, p)]
    assert chain_projects, "the example above leaves a scored project"
    chart = tmp_path / "scores.png"
    assert main(["scores", str(chain_projects[0]), "--png", str(chart), "--url", dev_node.url]) == 0
    out = capsys.readouterr().out
    assert "snapshot version 1" in out and out.count("%") == 3
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 5_000


def _has_scores(url, project):
    from attrib import Chain, NotFound

    try:
        Chain(url).scores(project)
        return True
    except NotFound:
        return False


def test_claiming_again_says_there_is_nothing_left(dev_node, capsys):
    from attrib.cli import main

    # The example's contributors claimed everything; Eve's second claim has nothing to take.
    assert main(["claim", "--url", dev_node.url, "--signer", "//Eve"]) == 0
    assert "has nothing to claim" in capsys.readouterr().out

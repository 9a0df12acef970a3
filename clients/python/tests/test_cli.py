"""The command line without a node: its defaults for a project's evaluator policy are the
runtime's floors."""

from attrib.chain import MIN_EVALUATORS, MIN_PERIOD, evaluator_policy
from attrib.cli import parser


def test_project_policy_defaults_are_the_floors():
    args = parser().parse_args(["project", "digits"])
    assert (args.quorum, args.commit_period, args.reveal_period, args.dispute_period) == (3, 10, 10, 10)
    assert (MIN_EVALUATORS, MIN_PERIOD) == (3, 10)


def test_the_sdk_policy_defaults_are_not_under_the_floors():
    policy = evaluator_policy()
    assert policy["min_evaluators"] >= MIN_EVALUATORS
    assert min(policy["commit_period"], policy["reveal_period"], policy["dispute_period"]) >= MIN_PERIOD

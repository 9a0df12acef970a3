"""The command line without a node: its defaults for a project's evaluator policy are the
runtime's period floors, and a committee the chain's floor does not refuse."""

from attrib.chain import DEFAULT_COMMITTEE, MIN_COMMITTEE, MIN_PERIOD, SUGGESTED_COMMITTEE, evaluator_policy
from attrib.cli import parser


def test_project_policy_defaults_are_the_floors():
    args = parser().parse_args(["project", "digits"])
    assert (args.commit_period, args.reveal_period, args.dispute_period) == (10, 10, 10)
    # No committee given: `attrib project` asks for 31 seats, or the chain's floor when higher.
    assert args.committee is None
    assert (MIN_COMMITTEE, SUGGESTED_COMMITTEE, DEFAULT_COMMITTEE, MIN_PERIOD) == (5, 31, 193, 10)
    assert parser().parse_args(["project", "digits", "--committee", "7"]).committee == 7


def test_the_sdk_policy_defaults_are_not_under_the_floors():
    policy = evaluator_policy()
    assert policy["committee"] >= MIN_COMMITTEE
    assert min(policy["commit_period"], policy["reveal_period"], policy["dispute_period"]) >= MIN_PERIOD

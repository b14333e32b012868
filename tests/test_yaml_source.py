"""The memoised loader resolves every scalar to the tag PyYAML's own safe loader gives it."""

import yaml

from macros.yaml_source import FastLoader

SCALARS = ["yes", "NO", "on", "true", "0755", "1.10", "1:30", "2016-03-15", "2016-06-31", "~", "null", "", "text", "-1"]


def tags(text: str, loader: type) -> list[str]:
    return [node.tag for node in yaml.compose(text, Loader=loader).value]


def test_memoised_tags_match_the_safe_loader_twice():
    document = "\n".join(f"- {scalar}\n- '{scalar}'" for scalar in SCALARS)
    expected = tags(document, yaml.SafeLoader)
    # The first pass fills the cache and the second reads from it.
    assert tags(document, FastLoader) == expected
    assert tags(document, FastLoader) == expected


def test_hand_checked_tags():
    assert tags("[NO, '0755', 0755, 2016-03-15, 1.10]", FastLoader) == [
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:timestamp",
        "tag:yaml.org,2002:float",
    ]

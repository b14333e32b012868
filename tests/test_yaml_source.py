"""The memoised loader resolves every scalar to the tag PyYAML's own safe loader gives it."""

import yaml

from macros.yaml_source import FastLoader, read_yaml_text

SCALARS = [
    "yes", "NO", "on", "Off", "true", "0755", "0x1F", "+1", ".5", "-.inf", "1.10", "1:30", "=",
    "2016-03-15", "2016-3-5", "2016-06-31", "~", "null", "", "text", "Person 0", "-1",
    "2016-03-15 is the day the proposal was written, by our estimate",
]  # fmt: skip


def tags(text: str, loader: type) -> list[str]:
    return [node.tag for node in yaml.compose(text, Loader=loader).value]


def test_memoised_tags_match_the_safe_loader_twice():
    document = "\n".join(f"- {scalar}\n- '{scalar}'" for scalar in SCALARS)
    expected = tags(document, yaml.SafeLoader)
    # The first pass fills the cache and the second reads from it.
    assert tags(document, FastLoader) == expected
    assert tags(document, FastLoader) == expected


def test_keys_resolve_like_values():
    document = "\n".join(f"- {{{scalar or 'empty'}: 1}}" for scalar in SCALARS)
    expected = [node.value[0][0].tag for node in yaml.compose(document, Loader=yaml.SafeLoader).value]
    assert [node.value[0][0].tag for node in yaml.compose(document, Loader=FastLoader).value] == expected


def test_hand_checked_tags():
    assert tags("[NO, '0755', 0755, 2016-03-15, 1.10]", FastLoader) == [
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:timestamp",
        "tag:yaml.org,2002:float",
    ]


def test_values_built_like_the_safe_loader():
    problems = []
    # `=` resolves to a tag with no constructor, and 2016-06-31 to an impossible date.
    document = "\n".join(f"- {scalar}" for scalar in SCALARS if scalar not in ("=", "2016-06-31"))
    values, _ = read_yaml_text(document, "test.yml", problems)
    assert problems == []
    assert values == yaml.load(document, Loader=yaml.SafeLoader)


def test_impossible_date_kept_as_text_and_marked():
    problems = []
    values, source = read_yaml_text("due: 2016-06-31\n", "test.yml", problems)
    assert values == {"due": "2016-06-31"}
    assert source.scalars[("due",)].invalid_date

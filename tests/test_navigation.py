"""Generated pages join the navigation, and long sections are split into titled groups."""

from macros.pages import SECTION_LIMIT, GeneratedPage, extend_nav, group_entries


def page(path: str, title: str) -> GeneratedPage:
    return GeneratedPage(path, title, "", "experiments", path)


def labels(groups: list[dict]) -> list[str]:
    return [next(iter(group)) for group in groups]


def test_section_at_limit_stays_flat():
    entries = [{f"Page {n:02}": f"p{n}.md"} for n in reversed(range(SECTION_LIMIT))]
    assert group_entries(entries) == entries


def test_long_section_split_into_balanced_groups_in_order():
    # 65 entries need 3 groups of at most 30: 22, 22 and 21, in the order given.
    entries = [{f"Page {n:02}": f"p{n}.md"} for n in reversed(range(65))]
    groups = group_entries(entries)
    assert labels(groups) == ["Page 64 – Page 43", "Page 42 – Page 21", "Page 20 – Page 00"]
    assert groups[0]["Page 64 – Page 43"][0] == {"Page 64": "p64.md"}
    assert groups[2]["Page 20 – Page 00"] == [{f"Page {n:02}": f"p{n}.md"} for n in reversed(range(21))]


def test_very_long_section_uses_square_root_group_size():
    # 1,000 entries: groups of at most 32 (the square root rounded up), so 32 groups,
    # 8 of 32 entries and 24 of 31.
    entries = [{f"Page {n:04}": f"p{n}.md"} for n in range(1000)]
    groups = group_entries(entries)
    sizes = [len(next(iter(group.values()))) for group in groups]
    assert sizes == [32] * 8 + [31] * 24
    assert labels(groups)[-1] == "Page 0969 – Page 0999"


def test_long_titles_cut_at_a_word():
    long_title = "Monitor and scan the offsite sites that accept jobs"
    entries = [{long_title: "first.md"}, *({f"Page {n:02}": f"p{n}.md"} for n in range(SECTION_LIMIT))]
    assert labels(group_entries(entries))[0] == "Monitor and scan the offsite… – Page 14"


def test_escaped_titles_cut_without_breaking_entities():
    title = "Condor &amp; dCache log parsing for the offsite sites"
    entries = [{title: "first.md"}, *({f"Page {n:02}": f"p{n}.md"} for n in range(SECTION_LIMIT))]
    assert labels(group_entries(entries))[0] == "Condor &amp; dCache log parsing for… – Page 14"


def test_hand_written_entries_stay_ahead_of_groups():
    nav = [{"Experiments": ["experiments/index.md", {"Overview": "experiments/overview.md"}]}]
    pages = [page(f"experiments/e{n:02}.md", f"Experiment {n:02}") for n in range(31)]
    extend_nav(nav, pages)
    section = nav[0]["Experiments"]
    assert section[:2] == ["experiments/index.md", {"Overview": "experiments/overview.md"}]
    assert labels(section[2:]) == ["Experiment 00 – Experiment 15", "Experiment 16 – Experiment 30"]


def test_subsection_pages_grouped_inside_their_subsection():
    nav = [{"Guides": ["guides/index.md"]}]
    pages = [page("guides/onboard/index.md", "Onboard")]
    pages += [page(f"guides/onboard/e{n:02}.md", f"Experiment {n:02}") for n in range(40)]
    extend_nav(nav, pages)
    subsection = nav[0]["Guides"][1]["Onboard"]
    assert subsection[0] == "guides/onboard/index.md"
    assert labels(subsection[1:]) == ["Experiment 00 – Experiment 19", "Experiment 20 – Experiment 39"]

"""Generated pages join the navigation, and long sections are split into titled groups."""

from macros.pages import SECTION_LIMIT, GeneratedPage, extend_nav, group_entries


def page(path: str, title: str) -> GeneratedPage:
    return GeneratedPage(path, title, "", "experiments", path)


def test_section_at_limit_stays_flat():
    # Up to the limit the entries keep their data order, here descending.
    entries = [{f"Page {n:02}": f"p{n}.md"} for n in reversed(range(SECTION_LIMIT))]
    assert group_entries(entries) == entries


def test_long_section_split_into_sorted_groups_of_thirty():
    entries = [{f"Page {n:02}": f"p{n}.md"} for n in reversed(range(65))]
    groups = group_entries(entries)
    assert [next(iter(group)) for group in groups] == [
        "Page 00 – Page 29",
        "Page 30 – Page 59",
        "Page 60 – Page 64",
    ]
    assert groups[0]["Page 00 – Page 29"][0] == {"Page 00": "p0.md"}
    assert groups[2]["Page 60 – Page 64"] == [{f"Page {n}": f"p{n}.md"} for n in range(60, 65)]


def test_very_long_section_uses_square_root_group_size():
    # 1,000 entries: the square root rounded up is 32, so 31 groups of 32 and one of 8.
    entries = [{f"Page {n:04}": f"p{n}.md"} for n in range(1000)]
    groups = group_entries(entries)
    sizes = [len(next(iter(group.values()))) for group in groups]
    assert sizes == [32] * 31 + [8]
    assert next(iter(groups[-1])) == "Page 0992 – Page 0999"


def test_sorting_ignores_case():
    entries = [{"beta": "b.md"}, *({f"Alpha {n:02}": f"a{n}.md"} for n in range(SECTION_LIMIT)), {"Gamma": "g.md"}]
    groups = group_entries(entries)
    assert next(iter(groups[-1])) == "beta – Gamma"


def test_hand_written_entries_stay_ahead_of_groups():
    nav = [{"Experiments": ["experiments/index.md", {"Overview": "experiments/overview.md"}]}]
    pages = [page(f"experiments/e{n:02}.md", f"Experiment {n:02}") for n in range(31)]
    extend_nav(nav, pages)
    section = nav[0]["Experiments"]
    assert section[:2] == ["experiments/index.md", {"Overview": "experiments/overview.md"}]
    assert [next(iter(group)) for group in section[2:]] == [
        "Experiment 00 – Experiment 29",
        "Experiment 30 – Experiment 30",
    ]


def test_subsection_pages_grouped_inside_their_subsection():
    nav = [{"Guides": ["guides/index.md"]}]
    pages = [page("guides/onboard/index.md", "Onboard")]
    pages += [page(f"guides/onboard/e{n:02}.md", f"Experiment {n:02}") for n in range(40)]
    extend_nav(nav, pages)
    subsection = nav[0]["Guides"][1]["Onboard"]
    assert subsection[0] == "guides/onboard/index.md"
    assert [next(iter(group)) for group in subsection[1:]] == [
        "Experiment 00 – Experiment 29",
        "Experiment 30 – Experiment 39",
    ]

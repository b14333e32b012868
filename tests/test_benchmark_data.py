"""The benchmark's synthetic projects pass validation and grow as designed."""

from benchmarks.synthetic import SHARED, write_people_project, write_synthetic_project
from macros.loader import load_site
from tests.conftest import PROJECT_DIR


def test_synthetic_copies_validate_and_double(tmp_path):
    real = load_site(PROJECT_DIR)
    write_synthetic_project(PROJECT_DIR, tmp_path / "x2", 2)
    doubled = load_site(tmp_path / "x2")
    for name, records in real.collections.items():
        expected = len(records) if name in SHARED else 2 * len(records)
        assert len(doubled.collections[name]) == expected, name


def test_synthetic_copy_renames_ids_and_references(tmp_path):
    write_synthetic_project(PROJECT_DIR, tmp_path / "x2", 2)
    doubled = load_site(tmp_path / "x2")
    original = doubled.duties["nova-raw2root-keep-up"]
    copy = doubled.duties["nova-raw2root-keep-up-x1"]
    assert copy.title == original.title
    assert copy.experiment == f"{original.experiment}-x1"
    assert copy.owner == f"{original.owner}-x1"


def test_people_project_has_requested_count(tmp_path):
    write_people_project(PROJECT_DIR, tmp_path / "people", 50)
    site = load_site(tmp_path / "people")
    assert len(site.people) == 50
    assert site.people["person-49"].leaves.isoformat() == "2017-09-30"

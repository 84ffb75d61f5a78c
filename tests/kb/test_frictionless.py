"""The descriptor is a valid Frictionless Data Package, checked by the reference library."""

from __future__ import annotations

from pathlib import Path

import yaml
from frictionless import Package

from shekara.paths import default_data_dir


def test_descriptor_validates_with_frictionless(tmp_path: Path) -> None:
    data = default_data_dir()
    raw = yaml.safe_load((data / "datapackage.yaml").read_text(encoding="utf-8"))
    # Frictionless resolves foreign keys by resource name; our schemas may name a logical
    # table split over several resources, so check each resource with its schema inlined
    # and foreign keys dropped (our own validator checks them across logical tables).
    for res in raw["resources"]:
        schema = yaml.safe_load((data / res["schema"]).read_text(encoding="utf-8"))
        schema.pop("foreignKeys", None)
        res["schema"] = schema
        res.pop("table", None)
    package = Package(raw, basepath=str(data))
    report = package.validate()
    problems = [e.message for task in report.tasks for e in task.errors][:10]
    assert report.valid, problems

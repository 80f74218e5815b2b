"""Every committed descriptor is valid under the Data Package v1 AND v2 JSON Schemas.

The official profiles are vendored in tests/schemas/ (see its README), so this runs offline.
v1: the package against data-package, each resource against the profile it names
(tabular-data-resource or data-resource), each table schema against table-schema.
v2: the package against datapackage (which embeds resources, dialects and table schemas), and
each resource, dialect and table schema against its own profile as well.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import PACKAGES

SCHEMAS = Path(__file__).resolve().parent / "schemas"
DESCRIPTORS = sorted(PACKAGES.glob("*/datapackage.json"))


def _validator(relpath: str):
    schema = json.loads((SCHEMAS / relpath).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


PROFILES = {name: _validator(name) for name in (
    "v1/data-package.json", "v1/data-resource.json", "v1/tabular-data-resource.json",
    "v1/table-schema.json", "v2/datapackage.json", "v2/dataresource.json",
    "v2/tableschema.json", "v2/tabledialect.json")}


def _errors(profile: str, instance, where: str) -> list[str]:
    return [f"{where}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:300]}"
            for e in PROFILES[profile].iter_errors(instance)]


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_descriptors_to_check():
    assert DESCRIPTORS, f"no datapackage.json under {PACKAGES}"


@pytest.mark.parametrize("path", DESCRIPTORS, ids=lambda p: p.parent.name)
def test_valid_under_data_package_v1(path):
    desc = _load(path)
    problems = _errors("v1/data-package.json", desc, "package")
    assert desc.get("profile", "data-package") in ("data-package", "tabular-data-package")
    for res in desc["resources"]:
        profile = res.get("profile", "data-resource")
        assert profile in ("data-resource", "tabular-data-resource"), \
            f"resource {res['name']}: v1 profile {profile!r} is not one we can check"
        problems += _errors(f"v1/{profile}.json", res, f"resource {res['name']}")
        if "schema" in res:
            problems += _errors("v1/table-schema.json", res["schema"],
                                f"resource {res['name']} schema")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", DESCRIPTORS, ids=lambda p: p.parent.name)
def test_valid_under_data_package_v2(path):
    desc = _load(path)
    assert desc.get("$schema", "").startswith("https://datapackage.org/profiles/2.0/"), \
        "a v2 descriptor names its profile in $schema"
    problems = _errors("v2/datapackage.json", desc, "package")
    for res in desc["resources"]:
        problems += _errors("v2/dataresource.json", res, f"resource {res['name']}")
        if "schema" in res:
            problems += _errors("v2/tableschema.json", res["schema"],
                                f"resource {res['name']} schema")
        if "dialect" in res:
            problems += _errors("v2/tabledialect.json", res["dialect"],
                                f"resource {res['name']} dialect")
    assert not problems, "\n".join(problems)


def test_tabular_resources_declare_tabular_profiles():
    """The data tables are tabular data resources in both versions (v1 profile, v2 type)."""
    for path in DESCRIPTORS:
        desc = _load(path)
        tables = [r for r in desc["resources"] if "schema" in r]
        assert len(tables) >= 4, path
        for res in tables:
            assert res.get("profile") == "tabular-data-resource", (path, res["name"])
            assert res.get("type") == "table", (path, res["name"])


def test_profiles_reject_a_broken_descriptor(tmp_path):
    """The check has teeth: a descriptor the standard forbids fails under both versions."""
    desc = _load(DESCRIPTORS[0])
    desc["resources"][0]["schema"]["fields"][0]["type"] = "text-ish"
    del desc["resources"][1]["path"]
    assert _errors("v1/data-package.json", desc, "p") or any(
        _errors("v1/tabular-data-resource.json", r, "r") for r in desc["resources"])
    assert _errors("v2/datapackage.json", desc, "p")
    assert _errors("v1/table-schema.json", desc["resources"][0]["schema"], "s")
    assert _errors("v2/tableschema.json", desc["resources"][0]["schema"], "s")

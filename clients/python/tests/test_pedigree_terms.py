"""Pedigree exports carry each contribution's licence grants, and the attribution its terms
require (`attributionRequired`): PROV as attributes, SPDX 3 as `software_attributionText`.
Built from records shaped as `attribution_pedigree` returns them; no node."""

from __future__ import annotations

from typing import Any, Dict

from attrib import pedigree as pedigrees

ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"


def _record(id: int, kind: str, attribution: bool, parents=()) -> Dict[str, Any]:
    return {
        "id": id,
        "kind": kind,
        "cid": f"bafkreicid{id}",
        "metadataHash": "0x" + "00" * 32,
        "project": 0,
        "status": "active",
        "licence": {
            "licence": {"spdx": "CC-BY-4.0" if attribution else "CC0-1.0"},
            "commercialUse": True,
            "derivativesAllowed": not attribution,
            "attributionRequired": attribution,
            "royaltyPerbill": 50_000_000,
        },
        "sizeBytes": 5,
        "registeredAt": 1,
        "registeredAtMs": 1_700_000_000_000,
        "registrar": ALICE,
        "authors": [{"account": ALICE, "sharePerbill": 600_000_000}, {"account": BOB, "sharePerbill": 400_000_000}],
        "parents": list(parents),
    }


PEDIGREE = {"contributions": [_record(0, "Dataset", True), _record(1, "ModelCheckpoint", False, [0])]}


def test_prov_states_each_contributions_grants():
    doc = pedigrees.prov_document(PEDIGREE, 1, "Development")
    dataset = doc["entity"]["attrib:contribution-0"]
    assert dataset["attrib:attributionRequired"] is True
    assert dataset["attrib:derivativesAllowed"] is False
    assert dataset["attrib:commercialUse"] is True
    assert dataset["attrib:royaltyPerbill"] == 50_000_000
    assert doc["entity"]["attrib:contribution-1"]["attrib:attributionRequired"] is False


def test_spdx_gives_the_required_attribution_and_only_where_required():
    doc = pedigrees.spdx_document(PEDIGREE, 1, "Development")
    packages = {e["name"]: e for e in doc["@graph"] if e.get("type") in ("dataset_DatasetPackage", "ai_AIPackage")}
    assert len(packages) == 2, packages.keys()
    dataset = next(p for p in packages.values() if p["type"] == "dataset_DatasetPackage")
    model = next(p for p in packages.values() if p["type"] == "ai_AIPackage")
    (credit,) = dataset["software_attributionText"]
    assert ALICE in credit and BOB in credit and "bafkreicid0" in credit and "CC-BY-4.0" in credit
    assert "software_attributionText" not in model

"""OpenLineage run events of a pedigree: one `COMPLETE` run per registration, its parents as
input datasets and the registered content as the output dataset, each dataset named by its
IPFS CID in the `ipfs` namespace (so the events join lineage that other tools record for the
same content). Built only from chain data, like the other pedigree exports.

`validate_event` checks an event against the OpenLineage spec as the OpenLineage project's own
client models it (`openlineage-python`: classes generated from the spec, with its validators
for the event time, the run's UUID, the producer and schema URIs): the event is rebuilt from
those classes and must serialise back to itself.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, List, Mapping

from .pedigree import NAMESPACE, _records, _time

#: The spec version the events follow.
SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"

#: Who produces the events (a URI, as the spec asks).
PRODUCER = "urn:attribution-chain:attrib:0.1.0"


def _time_ms(ms: Any) -> str:
    text = _time(ms) if ms is not None else None
    return (text or "1970-01-01T00:00:00Z").replace("Z", ".000Z")


def registration_events(pedigree: Mapping[str, Any], chain: str) -> List[Dict[str, Any]]:
    """One run event per contribution of `pedigree` (`attribution_pedigree`'s shape), oldest
    first. The run id is a UUID derived from the chain and the contribution id, so exporting
    twice gives the same ids."""
    records = _records(pedigree)
    cids = {r["id"]: r["cid"] for r in records}
    events = []
    for record in records:
        id = record["id"]
        run_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{NAMESPACE}{chain}/registration/{id}")
        events.append(
            {
                "eventType": "COMPLETE",
                "eventTime": _time_ms(record.get("registeredAtMs")),
                "producer": PRODUCER,
                "schemaURL": SCHEMA_URL,
                "run": {"runId": str(run_id), "facets": {}},
                "job": {
                    "namespace": f"attribution-chain:{chain}",
                    "name": f"project-{record['project']}.register-{record['kind']}-{id}",
                    "facets": {},
                },
                "inputs": [
                    {"namespace": "ipfs", "name": cids[parent], "facets": {}, "inputFacets": {}}
                    for parent in record["parents"]
                    if parent in cids
                ],
                "outputs": [{"namespace": "ipfs", "name": record["cid"], "facets": {}, "outputFacets": {}}],
            }
        )
    return events


def validate_event(event: Mapping[str, Any]) -> None:
    """Fails (`ValueError`) unless `event` is a run event as the OpenLineage client's generated
    models define it (see the module)."""
    from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
    from openlineage.client.serde import Serde

    try:
        rebuilt = RunEvent(
            eventType=RunState(event["eventType"]),
            eventTime=event["eventTime"],
            run=Run(runId=event["run"]["runId"]),
            job=Job(namespace=event["job"]["namespace"], name=event["job"]["name"]),
            producer=event["producer"],
            inputs=[InputDataset(namespace=d["namespace"], name=d["name"]) for d in event.get("inputs", [])],
            outputs=[OutputDataset(namespace=d["namespace"], name=d["name"]) for d in event.get("outputs", [])],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"not an OpenLineage run event: {type(error).__name__}: {error}") from None
    expected = Serde.to_dict(rebuilt)
    stripped = _without_empty(event)
    if _without_empty(expected) != stripped:
        raise ValueError(f"not an OpenLineage run event: it differs from the spec's model: {expected} != {dict(event)}")


def _without_empty(value: Any) -> Any:
    """`value` without empty facet maps (the client leaves them out)."""
    if isinstance(value, Mapping):
        return {k: _without_empty(v) for k, v in value.items() if not (isinstance(v, Mapping) and not v)}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value

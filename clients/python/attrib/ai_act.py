"""The EU AI Act's public summary of training content (the European Commission's template of
July 2025 for general-purpose AI models), drafted from a model's pedigree on chain.

The chain knows the model and what it derives from: its ancestor models (dependencies), and
every dataset in its pedigree with its content hash, size, licence terms, authors and
registration time. From those it fills, section by section:

1. General information: the model (contribution, CID, kind) and its model dependencies; the
   latest registration of its training data (the data's known collection date at the latest);
2. List of data sources: datasets under open licences (publicly available datasets, 2.1),
   datasets under other terms (licensed from their rights holders, 2.2.1), datasets generated
   by a model of the pedigree (synthetic data, 2.5), each with its contribution, CID, licence
   and size;
3. Data processing aspects.

What the chain cannot know (the provider and its contact, the model's name and market date,
the modalities and size ranges in tokens, images or hours, crawlers, user data, how
text-and-data-mining opt-outs were honoured, illegal-content removal) comes from `info`, a JSON
mapping the provider writes (keys as in `INFO_FIELDS`); every such field left out is listed in
`missing`, never guessed.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from .pedigree import MODEL_KINDS, _licence_text, _records, _time

#: The fields a provider supplies in `info`, by the template's section.
INFO_FIELDS = {
    "provider.name": "1.1 provider name",
    "provider.contact": "1.1 provider contact details",
    "model.name": "1.2 versioned model name",
    "model.placedOnMarket": "1.2 date placed on the EU market",
    "modalities": "1.3 modalities (text, image, audio, video, other)",
    "sizes": "1.3 training data size per modality (tokens, images or hours)",
    "contentTypes": "1.3 types of content",
    "crawlers": "2.3 data crawled and scraped: crawlers, period, most relevant domain names (or none)",
    "userData": "2.4 user data: the services it was collected from (or none)",
    "tdmOptOut": "3.1 how reservations of rights under the TDM exception were respected",
    "illegalContent": "3.2 measures to remove illegal content",
}

#: Open licences: data under them counts as publicly available (2.1).
OPEN_LICENCES = {"CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "ODC-By-1.0", "PDDL-1.0", "ODbL-1.0", "MIT", "Apache-2.0", "CDLA-Permissive-2.0"}

#: The template's size ranges per modality: (unit, [(upper bound, label)...], label above).
SIZE_RANGES = {
    "text": ("tokens", [(10**9, "less than 1 billion tokens"), (10**13, "1 billion to 10 trillion tokens")], "more than 10 trillion tokens"),
    "image": ("images", [(10**6, "less than 1 million images"), (10**9, "1 million to 1 billion images")], "more than 1 billion images"),
    "audio": ("hours", [(10**4, "less than 10,000 hours"), (10**6, "10,000 to 1 million hours")], "more than 1 million hours"),
    "video": ("hours", [(10**4, "less than 10,000 hours"), (10**6, "10,000 to 1 million hours")], "more than 1 million hours"),
}


def size_range(modality: str, amount: int) -> str:
    """The template's range for `amount` of `modality` (tokens of text, images, hours)."""
    if modality not in SIZE_RANGES:
        return f"{amount} (no range defined for {modality})"
    _, bounds, above = SIZE_RANGES[modality]
    return next((label for bound, label in bounds if amount < bound), above)


def _get(info: Mapping[str, Any], dotted: str) -> Any:
    value: Any = info
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _dataset(record: Mapping[str, Any]) -> Dict[str, Any]:
    return {
        "contribution": record["id"],
        "cid": record["cid"],
        "licence": _licence_text(record["licence"]),
        "sizeBytes": record.get("sizeBytes"),
        "registered": _time(record.get("registeredAtMs")),
        "authors": [a["account"] for a in record["authors"]],
    }


def training_content_summary(
    pedigree: Mapping[str, Any], root: int, chain: str, info: Optional[Mapping[str, Any]] = None
) -> Dict[str, Any]:
    """The summary of `root`'s training content (see the module) as JSON-ready data."""
    info = info or {}
    records = {r["id"]: r for r in _records(pedigree)}
    if root not in records:
        raise ValueError(f"contribution {root} is not in the pedigree")
    model = records[root]
    datasets = [r for r in records.values() if r["kind"] == "Dataset"]
    synthetic = [d for d in datasets if any(records.get(p, {}).get("kind") in MODEL_KINDS for p in d["parents"])]
    public = [d for d in datasets if d not in synthetic and _licence_text(d["licence"]) in OPEN_LICENCES]
    licensed = [d for d in datasets if d not in synthetic and d not in public]
    sizes = info.get("sizes") or {}
    ranges = {m: size_range(m, int(v)) for m, v in sizes.items()}
    latest = max((d.get("registeredAtMs") or 0 for d in datasets), default=None)
    summary = {
        "template": "EU AI Act: public summary of training content of general-purpose AI models (July 2025)",
        "chain": chain,
        "1_general": {
            "provider": {"name": _get(info, "provider.name"), "contact": _get(info, "provider.contact")},
            "model": {
                "name": _get(info, "model.name"),
                "contribution": root,
                "cid": model["cid"],
                "kind": model["kind"],
                "placedOnMarket": _get(info, "model.placedOnMarket"),
                "dependencies": [
                    {"contribution": r["id"], "cid": r["cid"], "kind": r["kind"]}
                    for r in records.values()
                    if r["id"] != root and r["kind"] in MODEL_KINDS
                ],
            },
            "modalities": info.get("modalities"),
            "sizeRanges": ranges or None,
            "contentTypes": info.get("contentTypes"),
            "trainingDataBytes": sum(int(d.get("sizeBytes") or 0) for d in datasets),
            "latestDataRegistered": _time(latest) if latest else None,
        },
        "2_sources": {
            "publiclyAvailableDatasets": [_dataset(d) for d in public],
            "licensedFromRightsholders": [_dataset(d) for d in licensed],
            "crawledAndScraped": info.get("crawlers"),
            "userData": info.get("userData"),
            "syntheticData": [
                {**_dataset(d), "generatedBy": [p for p in d["parents"] if records.get(p, {}).get("kind") in MODEL_KINDS]}
                for d in synthetic
            ],
        },
        "3_processing": {"tdmOptOut": info.get("tdmOptOut"), "illegalContent": info.get("illegalContent")},
        "pedigreeTruncated": bool(pedigree.get("truncated")),
    }
    summary["missing"] = [f"{key}: {what}" for key, what in INFO_FIELDS.items() if _get(info, key) in (None, "", [], {})]
    return summary


def summary_markdown(summary: Mapping[str, Any]) -> str:
    """The summary as a Markdown document, the template's sections in order."""
    general, sources, processing = summary["1_general"], summary["2_sources"], summary["3_processing"]
    model = general["model"]
    dependencies = [f"{d['contribution']} ({d['kind']})" for d in model["dependencies"]]

    def value(v: Any) -> str:
        if v in (None, "", [], {}):
            return "_not provided_"
        if isinstance(v, Mapping):
            return "; ".join(f"{k}: {value(x)}" for k, x in v.items())
        if isinstance(v, list):
            return ", ".join(map(str, v))
        return str(v)

    def table(rows: List[Mapping[str, Any]]) -> List[str]:
        if not rows:
            return ["None in the pedigree."]
        lines = ["| contribution | CID | licence | bytes | registered |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {r['contribution']} | `{r['cid']}` | {r['licence']} | {r['sizeBytes']} | {r['registered']} |" for r in rows]
        return lines

    lines = [
        "# Public summary of training content",
        "",
        f"_{summary['template']}; drafted from the pedigree of contribution {model['contribution']} on {summary['chain']}._",
        "",
        "## 1. General information",
        f"- Provider: {value(general['provider'])}",
        f"- Model: {value(model['name'])} (contribution {model['contribution']}, `{model['cid']}`, {model['kind']})",
        f"- Placed on the EU market: {value(model['placedOnMarket'])}",
        f"- Model dependencies: {value(dependencies)}",
        f"- Modalities: {value(general['modalities'])}",
        f"- Training data size: {value(general['sizeRanges'])} ({general['trainingDataBytes']} bytes registered)",
        f"- Types of content: {value(general['contentTypes'])}",
        f"- Latest training data registered: {value(general['latestDataRegistered'])}",
        "",
        "## 2. List of data sources",
        "### 2.1 Publicly available datasets",
        *table(sources["publiclyAvailableDatasets"]),
        "### 2.2 Private datasets licensed from rights holders",
        *table(sources["licensedFromRightsholders"]),
        f"### 2.3 Data crawled and scraped\n{value(sources['crawledAndScraped'])}",
        f"### 2.4 User data\n{value(sources['userData'])}",
        "### 2.5 Synthetic data",
        *table(sources["syntheticData"]),
        "",
        "## 3. Data processing aspects",
        f"- Respect of reservations of rights (TDM opt-outs): {value(processing['tdmOptOut'])}",
        f"- Removal of illegal content: {value(processing['illegalContent'])}",
    ]
    if summary["missing"]:
        lines += ["", "## Fields still to be provided", *[f"- {m}" for m in summary["missing"]]]
    if summary.get("pedigreeTruncated"):
        lines += ["", "_The chain's pedigree walk stopped at its limits: sources beyond them are not listed._"]
    return "\n".join(lines) + "\n"

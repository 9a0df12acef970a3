"""Pictures: a contribution's pedigree as an SVG graph (no dependencies), and a project's score
shares as a PNG bar chart (matplotlib, the `plot` extra)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Dict, List, Mapping

#: Fill colour per kind.
COLOURS = {
    "Dataset": "#4e79a7",
    "ModelCheckpoint": "#e15759",
    "FineTune": "#f28e2b",
    "HyperparameterRun": "#76b7b2",
    "Code": "#59a14f",
    "Evaluation": "#edc948",
    "FederatedUpdate": "#b07aa1",
}
BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 210, 64, 40, 56, 20


def _short(account: str) -> str:
    return account[:6] + "…" + account[-4:] if len(account) > 12 else account


def generations(records: Mapping[int, Mapping[str, Any]]) -> Dict[int, int]:
    """Each contribution's depth: 0 for those without parents in the set, else one more than
    its deepest parent (the DAG drawn top-down from the oldest ancestors)."""
    depth: Dict[int, int] = {}

    def of(id: int) -> int:
        if id not in depth:
            parents = [p for p in records[id]["parents"] if p in records]
            depth[id] = 1 + max(map(of, parents)) if parents else 0
        return depth[id]

    for id in sorted(records):
        of(id)
    return depth


def lineage_svg(pedigree: Mapping[str, Any]) -> str:
    """An SVG drawing of the pedigree: one box per contribution (id, kind, authors), coloured
    by kind, withdrawn ones dashed and marked, arrows from each parent to its child."""
    records = {r["id"]: r for r in pedigree["contributions"]}
    depth = generations(records)
    rows: Dict[int, List[int]] = {}
    for id in sorted(records):
        rows.setdefault(depth[id], []).append(id)
    columns = max((len(r) for r in rows.values()), default=1)
    width = MARGIN * 2 + columns * BOX_W + (columns - 1) * GAP_X
    height = MARGIN * 2 + len(rows) * BOX_H + max(len(rows) - 1, 0) * GAP_Y + 24
    place = {}
    for row, ids in rows.items():
        offset = (width - (len(ids) * BOX_W + (len(ids) - 1) * GAP_X)) / 2
        for n, id in enumerate(ids):
            place[id] = (offset + n * (BOX_W + GAP_X), MARGIN + row * (BOX_H + GAP_Y))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/>'
        "</marker></defs>",
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    for id, record in records.items():
        x, y = place[id]
        for parent in record["parents"]:
            if parent in place:
                px, py = place[parent]
                out.append(
                    f'<line class="edge" data-from="{parent}" data-to="{id}" x1="{px + BOX_W / 2:.0f}" '
                    f'y1="{py + BOX_H:.0f}" x2="{x + BOX_W / 2:.0f}" y2="{y:.0f}" stroke="#555" '
                    'marker-end="url(#arrow)"/>'
                )
    for id, record in sorted(records.items()):
        x, y = place[id]
        status = record["status"] if isinstance(record["status"], str) else next(iter(record["status"]))
        withdrawn = status == "withdrawn"
        colour = "#bbbbbb" if withdrawn else COLOURS.get(record["kind"], "#999999")
        dash = ' stroke-dasharray="6 4"' if withdrawn else ""
        authors = ", ".join(_short(a["account"]) for a in record["authors"])
        title = f"{record['kind']} {record['cid']} ({status})"
        out += [
            f'<g class="contribution" data-id="{id}" data-kind="{record["kind"]}" data-status="{status}">',
            f"<title>{escape(title)}</title>",
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="{colour}" '
            f'fill-opacity="0.25" stroke="{colour}" stroke-width="2"{dash}/>',
            f'<text x="{x + 10:.0f}" y="{y + 20:.0f}" font-weight="bold">#{id} {escape(record["kind"])}'
            + (" (withdrawn)" if withdrawn else "")
            + "</text>",
            f'<text x="{x + 10:.0f}" y="{y + 38:.0f}">{escape(authors)}</text>',
            f'<text x="{x + 10:.0f}" y="{y + 54:.0f}" fill="#555">{escape(record["cid"][:22])}…</text>',
            "</g>",
        ]
    legend_y = height - MARGIN
    x = MARGIN
    for kind, colour in COLOURS.items():
        out.append(f'<rect x="{x}" y="{legend_y - 10}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="{legend_y}">{kind}</text>')
        x += 14 + 7 * len(kind) + 12
    out.append("</svg>")
    return "\n".join(out) + "\n"


def scores_png(snapshot: Mapping[str, Any], path: Path, title: str = "") -> None:
    """A bar chart of a snapshot's shares (percent per contribution) written to `path`."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise RuntimeError("charts need matplotlib: pip install 'attrib[plot]'") from None
    shares = snapshot["shares"]
    labels = [f"#{s['contribution']}" for s in shares]
    percent = [s["sharePerbill"] / 1e7 for s in shares]
    figure, axes = plt.subplots(figsize=(max(4, len(shares) * 0.8 + 2), 3.5))
    bars = axes.bar(labels, percent, color="#4e79a7")
    axes.bar_label(bars, labels=[f"{p:.1f}%" for p in percent])
    axes.set_ylabel("share of the project's earnings (%)")
    axes.set_xlabel("contribution")
    axes.set_title(title or f"project {snapshot.get('project', '')} scores, version {snapshot.get('version')}")
    axes.set_ylim(0, max(percent + [1]) * 1.2)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)

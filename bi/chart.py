"""One indicator as an inline SVG chart: years across, values up.

The municipality's targets (dashed line, open points) and actuals (solid line) share the x
position of their year so a reader compares them directly; the baseline is a diamond; the
benchmark areas (Nederland, the peer group) sit a few pixels either side of the municipality's
own actual, because BBV tables give all three for the same year and equal values would hide
each other. Every point carries a <title>, the browser's own tooltip: no script needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bi.markup import h, number

WIDTH, PLOT_HEIGHT = 640, 220
LEFT, RIGHT, TOP, AXIS = 64, 24, 32, 40  # AXIS: room under the plot for ticks and the x label
LEGEND_ROW = 20
FONT = {"font-family": "system-ui, sans-serif", "font-size": 11}
NATIONAL = "Nederland"
PEER_COLOURS = ("#e7298a", "#a6761d", "#66a61e", "#e6ab02")
SYMBOLS = {">=": "≥", "<=": "≤"}


@dataclass
class Series:
    key: str  # css class of the points: target, actual, baseline, nederland, peer
    label: str
    colour: str
    marker: str
    line: str | None = None  # None, "solid" or "dashed"
    offset: float = 0.0  # horizontal dodge in pixels
    points: list[tuple[int, float, str]] = field(default_factory=list)  # (year, value, tooltip)
    bounds: dict[int, str] = field(default_factory=dict)  # year -> comparator of a target that is a bound


def build_series(rows: list[dict], municipality: str | None, unit: str | None) -> list[Series]:
    """The series of one indicator from its indicator_series rows (all areas)."""
    suffix = f" {unit}" if unit else ""
    own_label = municipality or "municipality"
    target = Series("target", f"target {own_label}", "#d95f02", "open-circle", "dashed")
    actual = Series("actual", f"actual {own_label}", "#1b9e77", "circle", "solid")
    baseline = Series("baseline", "baseline (nulmeting)", "#7570b3", "diamond")
    others: dict[str, Series] = {}
    peers = sorted({r["area"] for r in rows if r["area"] not in (municipality, NATIONAL)})
    for row in sorted(rows, key=lambda r: (r["period"] is None, r["period"])):
        year, area = row["period"], row["area"]
        if year is None:
            continue  # a value without a year has no place on a time axis; the table lists it
        if area == municipality:
            if row["target"] is not None:
                bound = row["comparator"] or ""
                target.points.append((year, row["target"], f"target {year}: {bound}{number(row['target'])}{suffix}"))
                if bound:
                    target.bounds[year] = bound
            if row["actual"] is not None:
                actual.points.append((year, row["actual"], f"actual {year}: {number(row['actual'])}{suffix}"))
            if row["baseline"] is not None:
                baseline.points.append((year, row["baseline"], f"baseline {year}: {number(row['baseline'])}{suffix}"))
        elif row["actual"] is not None:
            if area not in others:
                if area == NATIONAL:
                    others[area] = Series("nederland", NATIONAL, "#555555", "square", offset=-12)
                else:
                    index = peers.index(area)
                    colour = PEER_COLOURS[index % len(PEER_COLOURS)]
                    others[area] = Series("peer", area, colour, "triangle", offset=12 * (index + 1))
            others[area].points.append((year, row["actual"], f"{area} {year}: {number(row['actual'])}{suffix}"))
    benchmarks = sorted(others.values(), key=lambda s: (s.key != "nederland", s.label))
    return [s for s in (baseline, target, actual, *benchmarks) if s.points]


def tick_decimals(ticks: list[float]) -> int:
    """Decimals that tell neighbouring ticks apart: 0,25 steps need two, 5 steps none."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    decimals = 0
    while decimals < 6 and abs(round(step * 10**decimals) - step * 10**decimals) > 1e-6:
        decimals += 1
    return decimals


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) that cover [low, high]."""
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _marker(kind: str, x: float, y: float, colour: str) -> tuple[str, dict]:
    if kind == "circle":
        return "circle", {"cx": x, "cy": y, "r": 4, "fill": colour}
    if kind == "open-circle":
        return "circle", {"cx": x, "cy": y, "r": 4, "fill": "#ffffff", "stroke": colour, "stroke-width": 2}
    if kind == "square":
        return "rect", {"x": x - 4, "y": y - 4, "width": 8, "height": 8, "fill": colour}
    if kind == "diamond":
        return "path", {"d": f"M{x},{y - 6} L{x + 6},{y} L{x},{y + 6} L{x - 6},{y} Z", "fill": colour}
    return "path", {"d": f"M{x},{y - 5} L{x + 5},{y + 4} L{x - 5},{y + 4} Z", "fill": colour}  # triangle


def _legend(series: list[Series], top: float) -> tuple[list, int]:
    """Legend items laid out in rows that wrap at the chart's width; returns (items, rows)."""
    items, x, row = [], LEFT, 0
    for s in series:
        width = 30 + 6.2 * len(s.label) + 16  # rough text width; wrapping need not be exact
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, row = LEFT, row + 1
        y = top + row * LEGEND_ROW
        if s.line:
            dash = "4 3" if s.line == "dashed" else None
            items.append(h("line", {"x1": x, "y1": y, "x2": x + 22, "y2": y, "stroke": s.colour,
                                    "stroke-width": 2, "stroke-dasharray": dash}))
        tag, attrs = _marker(s.marker, x + 11, y, s.colour)
        items.append(h(tag, attrs))
        items.append(h("text", {"x": x + 28, "y": y + 4}, s.label))
        x += width
    return items, row + 1 if series else 0


def indicator_svg(title: str, series: list[Series], unit: str | None, years_stated=()) -> object:
    """The chart of one indicator; a short note instead of axes when it has nothing to plot.

    `years_stated` widens the time axis to years a document mentions without a number (a '-'
    target), so the gap shows as a gap instead of vanishing off the edge.
    """
    if not series:
        return h("svg", {"xmlns": "http://www.w3.org/2000/svg", "width": WIDTH, "height": 40,
                         "viewBox": f"0 0 {WIDTH} 40", "role": "img", "aria-label": f"{title}: no values", **FONT},
                 h("text", {"x": LEFT, "y": 24, "fill": "#666666"}, "no values published for this indicator"))
    years = [p[0] for s in series for p in s.points] + [y for y in years_stated if y is not None]
    values = [p[1] for s in series for p in s.points]
    low, high = min(values), max(values)
    pad = (high - low) * 0.08  # keeps points off the frame
    if low >= 0 and low <= 0.5 * high:
        low, pad = 0.0, 0.0  # counts and percentages read honestly from zero, unless that flattens the data
    ticks = nice_ticks(low - pad, high + pad)
    first_year, last_year = min(years) - 0.5, max(years) + 0.5
    plot_width = WIDTH - LEFT - RIGHT

    def px(year: float) -> float:
        return round(LEFT + (year - first_year) / (last_year - first_year) * plot_width, 1)

    def py(value: float) -> float:
        return round(TOP + (ticks[-1] - value) / (ticks[-1] - ticks[0]) * PLOT_HEIGHT, 1)

    bottom = TOP + PLOT_HEIGHT
    parts = [h("text", {"x": 8, "y": 16, "class": "axis-label y"}, unit or "value (no unit printed)")]
    decimals = tick_decimals(ticks)
    for tick in ticks:
        parts.append(h("line", {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": py(tick), "y2": py(tick), "stroke": "#e5e5e5"}))
        parts.append(h("text", {"x": LEFT - 6, "y": py(tick) + 4, "text-anchor": "end"}, number(tick, decimals)))
    step = 1 if max(years) - min(years) <= 12 else 2
    for year in range(min(years), max(years) + 1, step):
        parts.append(h("line", {"x1": px(year), "x2": px(year), "y1": bottom, "y2": bottom + 4, "stroke": "#333333"}))
        parts.append(h("text", {"x": px(year), "y": bottom + 16, "text-anchor": "middle"}, year))
    parts.append(h("line", {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": bottom, "y2": bottom, "stroke": "#333333"}))
    parts.append(h("line", {"x1": LEFT, "x2": LEFT, "y1": TOP, "y2": bottom, "stroke": "#333333"}))
    parts.append(h("text", {"x": LEFT + plot_width / 2, "y": bottom + 32, "text-anchor": "middle",
                            "class": "axis-label x"}, "year"))
    for s in series:
        coordinates = [(px(year) + s.offset, py(value)) for year, value, _ in s.points]
        if s.line and len(coordinates) > 1:
            parts.append(h("polyline", {"points": " ".join(f"{x},{y}" for x, y in coordinates), "fill": "none",
                                        "stroke": s.colour, "stroke-width": 2,
                                        "stroke-dasharray": "4 3" if s.line == "dashed" else None}))
        for (x, y), (year, value, tooltip) in zip(coordinates, s.points):
            tag, attrs = _marker(s.marker, x, y, s.colour)
            attrs.update({"class": f"point {s.key}", "data-period": year, "data-value": value})
            parts.append(h(tag, attrs, h("title", None, tooltip)))
            if year in s.bounds:
                # A bound (>30%) is not a point target: say so where the eye already is.
                parts.append(h("text", {"x": x, "y": y - 8, "text-anchor": "middle", "fill": s.colour,
                                        "class": "comparator"}, SYMBOLS.get(s.bounds[year], s.bounds[year])))
    legend, rows = _legend(series, bottom + AXIS + 12)
    height = bottom + AXIS + rows * LEGEND_ROW + 4
    return h("svg", {"xmlns": "http://www.w3.org/2000/svg", "width": WIDTH, "height": height,
                     "viewBox": f"0 0 {WIDTH} {height}", "role": "img", "aria-label": f"{title}: chart", **FONT},
             parts, h("g", {"class": "legend"}, legend))

"""Vega-Lite specs as plain dicts: the few pieces every chart of the dashboard is built from.

The charts are written as Vega-Lite itself, not through a chart library: a
library's objects cost more to build and to turn into a spec than the data
they carry (about 0.3 s for the Factors page's charts on ten years, now a few
milliseconds), and its own import holds about 26 MiB in the server. Every
chart's spec is checked against the Vega-Lite schema in ``tests/test_charts.py``.

Data go inside each layer as records (``unit``), where Streamlit sends them to
the browser as they are: data at the top of a spec would go through pandas and
Arrow on every page run. Nothing here imports pandas or numpy (the Log page's
chart uses it before either is loaded); their scalars are turned into plain
numbers by ``records``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

Spec = dict[str, Any]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

_TYPES = {"Q": "quantitative", "N": "nominal", "O": "ordinal", "T": "temporal"}


def channel(shorthand: str, **properties: Any) -> Spec:
    """An encoding channel from ``"field:T"`` (T one of Q, N, O, T), or ``"mean(field):Q"``, and its properties.

    A property given as None is kept (as ``null``: "none", e.g. no title or no legend).
    """
    name, kind = shorthand.rsplit(":", 1)
    encoded: Spec = {"field": name, "type": _TYPES[kind]}
    if name.endswith(")"):
        aggregate, field = name[:-1].split("(", 1)
        encoded = {"aggregate": aggregate, "field": field, "type": _TYPES[kind]}
    return encoded | properties


def tip(shorthand: str, title: str | None = None, format: str | None = None) -> Spec:
    """A tooltip line: the field, its title and number (or date) format."""
    line = channel(shorthand)
    if title is not None:
        line["title"] = title
    if format is not None:
        line["format"] = format
    return line


def unit(
    values: list[dict[str, Any]],
    mark: Spec,
    encoding: Spec,
    *,
    transform: list[Spec] | None = None,
) -> Spec:
    """One layer: its own data (``records``), a mark (``{"type": "circle", …}``) and its encoding."""
    layer: Spec = {"data": {"values": values}, "mark": mark, "encoding": encoding}
    if transform:
        layer["transform"] = transform
    return layer


def layered(*layers: Spec, height: int | None = None) -> Spec:
    """Layers drawn on top of each other (a layer may itself be ``layered``), ``height`` pixels tall."""
    spec: Spec = {"layer": list(layers)}
    if height is not None:
        spec["height"] = height
    return spec


def plain(value: Any) -> Any:
    """A value as JSON has it: a numpy scalar as a Python number, a missing value (NaN, NaT, NA) as None."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):  # NaT, NA and the like have no plain value
            return None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    return value


def records(**columns: Iterable[Any]) -> list[dict[str, Any]]:
    """Columns of equal length (lists, Series, arrays) as rows: the records of a layer's data."""
    names = list(columns)
    rows = zip(*(list(columns[name]) for name in names), strict=True)
    return [{name: plain(value) for name, value in zip(names, row, strict=True)} for row in rows]

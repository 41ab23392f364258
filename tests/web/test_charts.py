"""Server-side SVG charts: valid XML, an accessible name and description, honest geometry."""

import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from webapp import charts
from webapp.charts import bars_with_line, line_chart, nice_scale, ramp_chart

NS = "{http://www.w3.org/2000/svg}"
NASTY = 'Pain <script>alert("x")</script> & "quotes" \'too\''


def parse(markup) -> ET.Element:
    """The chart as XML; fails when it is not well-formed."""
    return ET.fromstring(str(markup))


def texts(svg: ET.Element, css: str) -> list[str]:
    return [t.text for t in svg.iter(f"{NS}text") if t.get("class") == css]


def every_chart(title="Title", description="Description", labels=("1", "2", "3")):
    """One of each chart type over the same small data."""
    n = len(labels)
    return [
        bars_with_line("b", title, description, labels, [2, 4, 8][:n], [3, 5, 8][:n]),
        line_chart("l", title, description, labels, [1, None, 7][:n], top=10),
        ramp_chart("r", title, description, labels, [5, 7, 9][:n], current=min(1, n - 1)),
    ]


def test_every_chart_is_well_formed_svg_with_role_title_and_desc():
    for markup in every_chart():
        svg = parse(markup)
        assert svg.tag == f"{NS}svg" and svg.get("role") == "img"
        assert svg.get("viewBox") == f"0 0 {charts.WIDTH} {charts.HEIGHT}"
        title, desc = svg.find(f"{NS}title"), svg.find(f"{NS}desc")
        assert (title.text, desc.text) == ("Title", "Description")
        # The accessible name and description point at elements that exist.
        assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
        assert list(svg)[:2] == [title, desc]  # first children, as SVG asks


def test_title_desc_labels_and_ids_are_escaped():
    for markup in every_chart(NASTY, NASTY + " desc", labels=("<b>", "&", '"')):
        assert "<script>" not in str(markup) and "<b>" not in str(markup)
        svg = parse(markup)
        assert svg.find(f"{NS}title").text == NASTY
        assert svg.find(f"{NS}desc").text == NASTY + " desc"
        assert set(texts(svg, "label")) <= {"<b>", "&", '"'}
    svg = parse(line_chart('x" onload="evil', "t", "d", ["a"], [1]))
    assert svg.get("id") == 'x" onload="evil' and svg.get("onload") is None


def test_bar_heights_are_proportional_to_the_values():
    svg = parse(bars_with_line("b", "t", "d", ["1", "2", "3", "4"], [2, 4, 8, 6], [8, 8, 8, 8]))
    rects = svg.findall(f"{NS}rect")
    heights = [float(r.get("height")) for r in rects]
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.15)
    assert heights[2] == pytest.approx(4 * heights[0], abs=0.15)
    assert heights[3] == pytest.approx(3 * heights[0], abs=0.15)
    # Every bar stands on the zero line and the tallest reaches the top of the scale (8).
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in rects}
    assert bottoms == {charts.HEIGHT - charts.BOTTOM}
    assert float(rects[2].get("y")) == pytest.approx(charts.TOP, abs=0.1)
    # Bars are centred in their slots, left to right.
    xs = [float(r.get("x")) for r in rects]
    assert xs == sorted(xs) and len({round(b - a, 1) for a, b in pairwise(xs)}) == 1


def test_missing_and_zero_bars_draw_nothing_but_keep_their_slot():
    svg = parse(bars_with_line("b", "t", "d", ["1", "2", "3"], [None, 0, 5], [5, 5, 5]))
    rects = svg.findall(f"{NS}rect")
    assert len(rects) == 1
    frame = charts.Frame(3, 5)
    assert float(rects[0].get("x")) + float(rects[0].get("width")) / 2 == pytest.approx(
        frame.x(2), abs=0.1
    )


def test_the_quota_line_steps_per_week_and_breaks_at_gaps():
    svg = parse(bars_with_line("b", "t", "d", ["1", "2", "3", "4"], [1, 1, 1, 1], [4, 8, None, 8]))
    quota = next(p for p in svg.iter(f"{NS}path") if p.get("class") == "quota")
    d = quota.get("d")
    assert d.count("M") == 2 and d.count("V") == 1 and d.count("H") == 3
    assert quota.get("fill") == "none" and quota.get("stroke") == charts.QUOTA
    # The line is drawn after the bars, so it shows on top of them.
    assert [c.tag for c in svg][-1] == f"{NS}path"


def test_line_chart_with_a_fixed_scale_and_ticks():
    values = [0, None, 5, 10]
    svg = parse(
        line_chart("p", "t", "d", ["a", "b", "c", "d"], values, top=10, ticks=[0, 2, 4, 6, 8, 10])
    )
    assert texts(svg, "tick") == ["0", "2", "4", "6", "8", "10"]
    circles = svg.findall(f"{NS}circle")
    assert len(circles) == 3  # no point where nothing was logged
    ys = [float(c.get("cy")) for c in circles]
    assert ys[0] == pytest.approx(charts.HEIGHT - charts.BOTTOM)
    assert ys[2] == pytest.approx(charts.TOP)
    assert ys[1] == pytest.approx((ys[0] + ys[2]) / 2)
    # Values above the scale are drawn at its top, not outside the chart.
    clamped = parse(line_chart("p", "t", "d", ["a"], [14], top=10)).find(f"{NS}circle")
    assert float(clamped.get("cy")) == pytest.approx(charts.TOP)


def test_ramp_chart_marks_now_and_dashes_the_weeks_ahead():
    svg = parse(
        ramp_chart("r", "t", "d", ["1", "2", "3", "4"], [5, 7, 9, 11], 1, now_label="Now & here")
    )
    paths = {p.get("class"): p for p in svg.iter(f"{NS}path")}
    assert paths["ramp-ahead"].get("stroke-dasharray")
    assert not paths["ramp-done"].get("stroke-dasharray")
    now = next(line for line in svg.iter(f"{NS}line") if line.get("class") == "now")
    assert float(now.get("x1")) == pytest.approx(charts.Frame(4, 20).x(1))
    assert texts(svg, "now-label") == ["Now & here"]
    # The solid part ends where the current week ends.
    done_end = float(re.findall(r"H([\d.]+)", paths["ramp-done"].get("d"))[-1])
    assert done_end == pytest.approx(charts.Frame(4, 20).x(1) + charts.Frame(4, 20).slot / 2)


@pytest.mark.parametrize("chart", ["bars", "line", "ramp"])
def test_empty_data_gives_an_empty_but_valid_chart(chart):
    if chart == "bars":
        markup = bars_with_line("e", "t", "d", [], [], [], empty="No data yet")
    elif chart == "line":
        markup = line_chart("e", "t", "d", [], [], empty="No data yet")
    else:
        markup = ramp_chart("e", "t", "d", [], [], current=0)
    svg = parse(markup)
    assert svg.find(f"{NS}title").text == "t"
    assert not svg.findall(f"{NS}rect") and not svg.findall(f"{NS}circle")
    assert all(p.get("class", "").startswith(("grid",)) for p in svg.iter(f"{NS}path"))
    assert texts(svg, "empty") == ([] if chart == "ramp" else ["No data yet"])
    # Only missing values is empty too.
    none = parse(bars_with_line("e", "t", "d", ["1"], [None], [None], empty="Nothing"))
    assert texts(none, "empty") == ["Nothing"] and not none.findall(f"{NS}rect")


def test_labels_never_crowd_each_other_on_a_phone():
    labels = [f"{day} jan" for day in range(1, 57)]
    svg = parse(line_chart("p", "t", "d", labels, [3] * 56, top=10))
    shown = [t for t in svg.iter(f"{NS}text") if t.get("class") == "label"]
    assert 3 <= len(shown) < 10 and shown[0].text == "1 jan"
    for a, b in pairwise(shown):
        room = (len(a.text) + len(b.text)) / 2 * charts.PHONE_FONT * 0.6  # half of each label
        assert float(b.get("x")) - float(a.get("x")) >= room
    # Empty labels leave gaps: only the named days are written.
    sparse = ["" if i % 7 else f"w{i // 7}" for i in range(56)]
    svg = parse(line_chart("p", "t", "d", sparse, [3] * 56, top=10))
    assert texts(svg, "label") == [f"w{i}" for i in range(8)]


def test_numbers_use_the_formatter_given_and_round_ticks():
    svg = parse(
        bars_with_line(
            "b", "t", "d", ["1"], [2.5], [3], number=lambda v: f"{v:.1f}".replace(".", ",")
        )
    )
    assert texts(svg, "tick") == ["0,0", "1,0", "2,0", "3,0", "4,0"]
    assert nice_scale([30]) == (40.0, [0, 10, 20, 30, 40])
    assert nice_scale([5]) == (5.0, [0, 1, 2, 3, 4, 5])
    assert nice_scale([9.5]) == (10.0, [0, 2, 4, 6, 8, 10])
    assert nice_scale([None, 0, -3]) == (1.0, [0, 0.2, 0.4, 0.6, 0.8, 1])
    assert nice_scale([10]) == (10.0, [0, 2, 4, 6, 8, 10])
    assert nice_scale([101])[0] == 200.0


def test_axis_title_is_written_under_the_labels():
    svg = parse(ramp_chart("r", "t", "d", ["1", "2"], [3, 4], 0, x_title="Week"))
    (title,) = (t for t in svg.iter(f"{NS}text") if t.get("class") == "axis-title")
    assert title.text == "Week" and float(title.get("y")) > max(
        float(t.get("y")) for t in svg.iter(f"{NS}text") if t.get("class") == "label"
    )

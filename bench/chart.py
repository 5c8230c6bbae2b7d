"""results.png, drawn with Pillow: throughput per page against the reference, and growth."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .report import (
    GROWTH_BUDGET,
    PAGE_LABELS,
    REFERENCE_SHARE_BUDGET,
    ordered_sizes,
    reference_rps,
    rps_of,
    time_growth,
)

WIDTH, HEIGHT = 1500, 1000
MARGIN = 40
LABEL_WIDTH = 260
INK, GRID, MUTED = (33, 37, 41), (222, 226, 230), (108, 117, 125)
CACHED, UNCACHED, REFERENCE, BUDGET = (47, 93, 98), (148, 190, 186), (200, 120, 40), (190, 40, 40)
PAGES = ["home", "list", "article", "article_es", "topic", "search", "form", "submit"]
GROWTH_AXIS_CAP = 6.0
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


def font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for directory in FONT_DIRS:
        if (directory / name).exists():
            return ImageFont.truetype(str(directory / name), size)
    return ImageFont.load_default(size=size)


def nice_ceiling(value):
    """A round axis maximum at or above value (1, 1.2, 1.5, 2, ... 8, 10 times a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def draw_bars(draw, box, title, subtitle, rows, maximum, markers, value_format, legend):
    """Horizontal grouped bars. rows: (label, [(value, colour), ...]); markers: (value, colour, text)."""
    left, top, right, bottom = box
    draw.text((left, top), title, fill=INK, font=font(24, bold=True))
    draw.text((left, top + 32), subtitle, fill=MUTED, font=font(16))
    legend_x = left
    for text, colour in legend:
        draw.rectangle((legend_x, top + 62, legend_x + 18, top + 80), fill=colour)
        draw.text((legend_x + 26, top + 61), text, fill=INK, font=font(16))
        legend_x += 40 + int(draw.textlength(text, font=font(16)))
    plot_left, plot_top, plot_right, plot_bottom = left + LABEL_WIDTH, top + 100, right - 90, bottom - 30
    scale = (plot_right - plot_left) / maximum
    for step in range(6):
        value = maximum * step / 5
        x = plot_left + value * scale
        draw.line((x, plot_top, x, plot_bottom), fill=GRID, width=1)
        draw.text((x - 20, plot_bottom + 6), value_format(value), fill=MUTED, font=font(14))
    group_height = (plot_bottom - plot_top) / max(1, len(rows))
    for index, (label, bars) in enumerate(rows):
        y = plot_top + index * group_height
        draw.text((left, y + group_height / 2 - 10), label, fill=INK, font=font(17))
        bar_height = min(22, (group_height - 8) / max(1, len(bars)))
        for number, (value, colour) in enumerate(bars):
            y0 = y + 4 + number * bar_height
            if value is None:
                draw.text((plot_left + 4, y0), "n/a", fill=MUTED, font=font(13))
                continue
            x1 = plot_left + min(value, maximum) * scale
            draw.rectangle((plot_left, y0, max(plot_left + 1, x1), y0 + bar_height - 3), fill=colour)
            clipped = " (off scale)" if value > maximum else ""
            draw.text((x1 + 6, y0 + bar_height / 2 - 9), value_format(value) + clipped, fill=INK, font=font(14))
    for value, colour, text in markers:
        x = plot_left + min(value, maximum) * scale
        for y in range(int(plot_top), int(plot_bottom), 12):
            draw.line((x, y, x, y + 6), fill=colour, width=2)
        draw.text((x + 4, plot_top - 20), text, fill=colour, font=font(14))


def draw(results, path):
    sizes = ordered_sizes(results)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    canvas = ImageDraw.Draw(image)
    if not sizes:
        canvas.text((MARGIN, MARGIN), "No results", fill=INK, font=font(24))
        image.save(path)
        return path
    small_label, small = sizes[0]
    large_label, large = sizes[-1]
    reference = reference_rps(large, 16) or 0
    rows = [(PAGE_LABELS[page], [(rps_of(large, "cached", page, 16), CACHED),
                                 (rps_of(large, "uncached", page, 16), UNCACHED)]) for page in PAGES]
    rows.append((PAGE_LABELS["reference"], [(reference or None, REFERENCE)]))
    top_values = [value for _label, bars in rows for value, _colour in bars if value]
    draw_bars(
        canvas, (MARGIN, MARGIN, WIDTH - MARGIN, HEIGHT * 0.58),
        f"Throughput at 16 connections, {large_label} articles (requests per second)",
        "Same machine, same gunicorn settings, same run. Dashed: the reference, and the article budget "
        f"({REFERENCE_SHARE_BUDGET:.0%} of it).",
        rows, nice_ceiling(max(top_values or [1]) * 1.05),
        [(reference, REFERENCE, "reference"), (reference * REFERENCE_SHARE_BUDGET, BUDGET,
                                               f"{REFERENCE_SHARE_BUDGET:.0%}")] if reference else [],
        lambda value: f"{value:,.0f}",
        [("page cache on (as deployed)", CACHED), ("page cache off (first render)", UNCACHED),
         ("framework-free reference", REFERENCE)],
    )
    if len(sizes) >= 2:
        growth_rows = [(PAGE_LABELS[page], [(time_growth(small, large, "cached", page), CACHED),
                                            (time_growth(small, large, "uncached", page), UNCACHED)])
                       for page in PAGES]
        values = [value for _label, bars in growth_rows for value, _colour in bars if value]
        draw_bars(
            canvas, (MARGIN, HEIGHT * 0.60, WIDTH - MARGIN, HEIGHT - MARGIN / 2),
            f"Growth: time per request at {large_label} over {small_label} articles (16 connections)",
            f"1.0 = no slower with more articles. Dashed: the {GROWTH_BUDGET}x budget for search and the article list.",
            # Capped, so one very slow page does not flatten the rest; its bar says "off scale".
            growth_rows, min(GROWTH_AXIS_CAP, max(2.0, nice_ceiling(max(values or [1]) * 1.05))),
            [(1.0, MUTED, "1.0"), (GROWTH_BUDGET, BUDGET, f"{GROWTH_BUDGET}x")],
            lambda value: f"{value:.2f}x",
            [("page cache on", CACHED), ("page cache off", UNCACHED)],
        )
    image.save(path)
    return path

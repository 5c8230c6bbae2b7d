"""Hero images drawn by code: calm, abstract scenes, so the site uses no stock photos.

Each motif is a small drawing in a named palette. The drawing is deterministic, so loading
the content twice makes the same picture.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 675

PALETTES = {
    # sky top, sky bottom, then three layer colours from far to near, and an accent (sun).
    "dawn": ["#fde9d9", "#f9d3b4", "#f2b68c", "#e39a6f", "#c97b57", "#f7c873"],
    "sea": ["#e3f0f7", "#c5dfee", "#8fbfd9", "#5f9cbf", "#3f7a9c", "#f5e6b8"],
    "sage": ["#eef3ea", "#dbe7d4", "#b5ccaa", "#8fb082", "#6b8f61", "#f3e2a9"],
    "dusk": ["#efe4f1", "#e2c9df", "#c9a3c4", "#a87ca6", "#7d5a84", "#f6c9a8"],
    "sand": ["#f8f1e4", "#efe0c6", "#dcc29b", "#c9a67a", "#a8845c", "#f4d58d"],
}
MOTIFS = ("sunrise", "waves", "mountains", "ripples", "stones", "path")


def drawing_name(slug, motif, palette):
    """The file name of an article's drawing (content.py stores it under this name)."""
    return f"{slug}-{motif}-{palette}.png"


def is_drawing(stored_name):
    """Whether a stored hero image is one of our drawings. They are decoration, shapes and colour
    that say nothing the page does not: pages give them an empty alt, so screen readers skip
    them, instead of reading a description that tells the listener nothing."""
    name = (stored_name or "").rsplit("/", 1)[-1]
    return any(name.endswith(f"-{motif}-{palette}.png") for motif in MOTIFS for palette in PALETTES)


def _hex(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _sky(top, bottom):
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    top, bottom = _hex(top), _hex(bottom)
    for y in range(HEIGHT):
        t = y / (HEIGHT - 1)
        draw.line([(0, y), (WIDTH, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return image


def _band(draw, base_y, amplitude, wavelength, phase, colour, jagged=False, rng=None):
    points = [(0, HEIGHT)]
    for x in range(0, WIDTH + 20, 20):
        if jagged:
            y = base_y - amplitude * abs(math.sin(x / wavelength + phase)) - rng.uniform(0, amplitude * 0.15)
        else:
            y = base_y + amplitude * math.sin(x / wavelength + phase)
        points.append((x, y))
    points.append((WIDTH, HEIGHT))
    draw.polygon(points, fill=colour)


def draw_hero(motif, palette, seed):
    colours = PALETTES.get(palette, PALETTES["dawn"])
    rng = random.Random(seed)
    image = _sky(colours[0], colours[1])
    draw = ImageDraw.Draw(image)
    far, middle, near, accent = colours[2], colours[3], colours[4], colours[5]
    if motif in ("sunrise", "mountains", "path"):
        radius = 110
        cx, cy = rng.randint(350, 850), 330
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=accent)
    if motif == "sunrise":
        _band(draw, 420, 40, 220, rng.random() * 6, far)
        _band(draw, 500, 35, 160, rng.random() * 6, middle)
        _band(draw, 590, 25, 260, rng.random() * 6, near)
    elif motif == "mountains":
        _band(draw, 420, 160, 170, rng.random() * 6, far, jagged=True, rng=rng)
        _band(draw, 520, 130, 120, rng.random() * 6, middle, jagged=True, rng=rng)
        _band(draw, 630, 90, 90, rng.random() * 6, near, jagged=True, rng=rng)
    elif motif == "waves":
        for i, colour in enumerate([far, middle, near, far, middle, near]):
            _band(draw, 300 + i * 65, 18 + i * 3, 90 + i * 15, rng.random() * 6, colour)
    elif motif in ("ripples", "path"):
        draw.rectangle([0, 380, WIDTH, HEIGHT], fill=far if motif == "ripples" else middle)
        if motif == "ripples":
            cx, cy = WIDTH // 2 + rng.randint(-150, 150), 530
            for r in range(40, 700, 55):
                draw.ellipse([cx - r, cy - r * 0.28, cx + r, cy + r * 0.28], outline=middle, width=5)
            draw.ellipse([cx - 14, cy - 5, cx + 14, cy + 5], fill=near)
        else:
            x, y, size = 200 + rng.randint(-40, 40), 640, 90
            while y > 400:
                draw.ellipse([x - size, y - size * 0.32, x + size, y + size * 0.32], fill=near)
                x += rng.randint(60, 140)
                y -= 55
                size *= 0.82
    elif motif == "stones":
        draw.rectangle([0, 560, WIDTH, HEIGHT], fill=far)
        cx, y = WIDTH // 2 + rng.randint(-120, 120), 575
        stack = [(300, 90, near), (240, 80, middle), (180, 70, near), (120, 58, middle), (70, 44, near)]
        for width, height, colour in stack:
            draw.ellipse([cx - width / 2, y - height, cx + width / 2, y], fill=colour)
            y -= height * 0.82
            cx += rng.randint(-12, 12)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()

"""Draws Beat's app icons into public/icons/ (run: python3 scripts/icons.py; needs Pillow).

The mark is the header's: a teal dot on the topbar's dark blue, with three rings for "what
is happening around you". The maskable icon keeps the mark inside the central 80% circle
that launchers may crop to (https://w3c.github.io/manifest/#icon-masks).
"""
from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (11, 61, 92)
TEAL = (95, 212, 196)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"
SCALE = 4  # draw large, then downsample: smooth edges without an SVG renderer


def draw(size: int, mark: float, rounded: bool) -> Image.Image:
    big = size * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if rounded:
        d.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=BLUE)
    else:
        d.rectangle((0, 0, big, big), fill=BLUE)
    c = big / 2
    r = big * mark / 2  # outer ring radius
    for i, frac in enumerate((1.0, 0.72, 0.44)):
        rr = r * frac
        width = max(1, int(big * 0.035))
        alpha = (90, 150, 220)[i]
        d.ellipse((c - rr, c - rr, c + rr, c + rr), outline=TEAL + (alpha,), width=width)
    dot = r * 0.2
    d.ellipse((c - dot, c - dot, c + dot, c + dot), fill=TEAL)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, 0.78, rounded=True).save(OUT / f"icon-{size}.png", optimize=True)
    # Maskable: full bleed, mark within the safe zone (diameter 80% of the icon).
    draw(512, 0.62, rounded=False).save(OUT / "maskable-512.png", optimize=True)
    # iOS ignores the manifest's icons and rounds the corners itself: square, full bleed.
    draw(180, 0.7, rounded=False).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    draw(48, 0.85, rounded=True).save(OUT / "favicon-48.png", optimize=True)


if __name__ == "__main__":
    main()

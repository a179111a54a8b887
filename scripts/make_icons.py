"""Draw the site's favicon, app icons and default social card into static/img (run again after a change of name)."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
RED, PAPER, INK = (155, 44, 31), (255, 253, 248), (29, 29, 31)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSerif-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def icon(size: int) -> Image.Image:
    image = Image.new("RGB", (size, size), RED)
    draw = ImageDraw.Draw(image)
    draw.text((size / 2, size / 2), "R", fill=PAPER, font=font(int(size * 0.7)), anchor="mm")
    # A rule under the letter: a record, underlined.
    draw.rectangle((size * 0.2, size * 0.86, size * 0.8, size * 0.9), fill=PAPER)
    return image


def card(site_name: str) -> Image.Image:
    image = Image.new("RGB", (1200, 630), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1200, 24), fill=RED)
    draw.text((80, 250), site_name, fill=INK, font=font(88), anchor="ls")
    draw.text((80, 340), "Deportation flights, sourced record by record,", fill=INK, font=font(38), anchor="ls")
    draw.text((80, 400), "and the stories that cite them.", fill=INK, font=font(38), anchor="ls")
    image.paste(icon(160), (960, 400))
    return image


def main() -> None:
    site_name = sys.argv[1] if len(sys.argv) > 1 else "The Removal Record"
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (180, 192, 512):
        icon(size).save(OUT / f"icon-{size}.png", optimize=True)
    icon(32).save(OUT / "favicon-32.png", optimize=True)
    icon(64).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
    card(site_name).save(OUT / "card.png", optimize=True)
    (OUT / "favicon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        '<rect width="64" height="64" fill="#9b2c1f"/>'
        '<text x="32" y="47" font-family="Georgia,serif" font-weight="bold" font-size="44" '
        'text-anchor="middle" fill="#fffdf8">R</text>'
        '<rect x="13" y="55" width="38" height="3" fill="#fffdf8"/></svg>\n'
    )


if __name__ == "__main__":
    main()

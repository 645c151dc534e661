import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Reads QR codes back as a phone at the door would, with jsQR: from a PNG (the confirmation email's
 * inline picture) or from qrcode's SVG (the RSVP page), drawn to pixels first. The SVG is one path of
 * horizontal runs of dark modules (`M x y.5` starts a row, `m dx 0` skips light ones, `h n` draws n).
 */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

const SCALE = 6;

export function decodeQrSvg(svg: string): string | null {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const path = /<path stroke="[^"]+" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !path) return null;
  const width = size * SCALE;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  let x = 0;
  let row = 0;
  for (const [, command, first, second] of path.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    const value = Number(first);
    if (command === 'M') [x, row] = [value, Math.floor(Number(second))];
    else if (command === 'm') x += value;
    else {
      for (let column = x; column < x + value; column += 1) {
        for (let dy = 0; dy < SCALE; dy += 1) {
          for (let dx = 0; dx < SCALE; dx += 1) {
            const offset = ((row * SCALE + dy) * width + column * SCALE + dx) * 4;
            pixels.fill(0, offset, offset + 3);
          }
        }
      }
      x += value;
    }
  }
  return jsQR(pixels, width, width)?.data ?? null;
}

#!/usr/bin/env node
/**
 * Draws the MileVault app icon (512×512 RGBA PNG: a white "M" drawn like a route line on a
 * rounded-square teal→indigo gradient) with nothing but node:zlib, so the icon is reproducible
 * and needs no image tooling. electron-builder derives the .icns/.ico from build/icon.png.
 *
 *   node build/make-icon.mjs [output.png] [size]
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, 'icon.png');
const SIZE = Number(process.argv[3] ?? 512);

// --- PNG encoding (RFC 2083): signature, IHDR, IDAT (zlib, filter 0 per row), IEND ---
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- drawing, in a 512-unit design space scaled to SIZE ---
const s = SIZE / 512;
const clamp = (v) => Math.min(1, Math.max(0, v));
const mix = (a, b, t) => a + (b - a) * t;

/** Signed distance to a rounded square (negative inside). */
function roundedSquare(x, y, inset, radius) {
  const half = 256 - inset;
  const qx = Math.abs(x - 256) - (half - radius);
  const qy = Math.abs(y - 256) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}
function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = clamp(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
const M_PATH = [
  [148, 372],
  [148, 152],
  [256, 300],
  [364, 152],
  [364, 372],
];
const STROKE = 30; // half width
function polylineDistance(x, y, pts) {
  let d = Infinity;
  for (let i = 0; i + 1 < pts.length; i++) d = Math.min(d, segmentDistance(x, y, pts[i], pts[i + 1]));
  return d;
}

const TOP = [14, 165, 233]; // sky/teal
const BOTTOM = [79, 70, 229]; // indigo
const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    const x = (px + 0.5) / s;
    const y = (py + 0.5) / s;
    const aa = 1 / s; // one output pixel, in design units
    const bg = clamp(0.5 - roundedSquare(x, y, 24, 96) / aa);
    if (bg === 0) continue;
    const t = clamp((x + y) / 1024);
    let r = mix(TOP[0], BOTTOM[0], t);
    let g = mix(TOP[1], BOTTOM[1], t);
    let b = mix(TOP[2], BOTTOM[2], t);
    // Soft shadow under the stroke, then the stroke itself, then a "finish" dot at the route's end.
    const d = polylineDistance(x, y - 6, M_PATH) - STROKE;
    const shadow = 0.22 * clamp(1 - Math.max(d, 0) / 14);
    r = mix(r, 15, shadow);
    g = mix(g, 23, shadow);
    b = mix(b, 42, shadow);
    const ink = clamp(0.5 - (polylineDistance(x, y, M_PATH) - STROKE) / aa);
    r = mix(r, 255, ink);
    g = mix(g, 255, ink);
    b = mix(b, 255, ink);
    const dot = clamp(0.5 - (Math.hypot(x - 364, y - 372) - 18) / aa);
    r = mix(r, 250, dot);
    g = mix(g, 204, dot);
    b = mix(b, 21, dot);
    const i = (py * SIZE + px) * 4;
    pixels[i] = Math.round(r);
    pixels[i + 1] = Math.round(g);
    pixels[i + 2] = Math.round(b);
    pixels[i + 3] = Math.round(bg * 255);
  }
}

writeFileSync(out, encodePng(SIZE, SIZE, pixels));
console.log(`wrote ${out} (${SIZE}×${SIZE})`);

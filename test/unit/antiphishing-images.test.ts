import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  antiphishingImage,
  antiphishingImages,
  decoyImage,
  imageDataUrl,
} from '../../shared/domain/antiphishing-images.ts';

const keyA = new Uint8Array(32).fill(0x5a);
const keyB = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);

/** Deterministic, varied code pairs (company codes and user codes as the bank issues them). */
function codePairs(count: number): Array<[string, string]> {
  return Array.from({ length: count }, (_, i) => [`EMP${(i * 7919) % 100_003}`, `user.${i.toString(36)}`]);
}

/** Tags balance and nothing follows the root element: enough to call the string one well-formed document. */
function tagsBalance(svg: string): boolean {
  const stack: string[] = [];
  let roots = 0;
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else if (!selfClosing) {
      if (stack.length === 0) roots += 1;
      stack.push(name as string);
    }
  }
  return stack.length === 0 && roots === 1;
}

function luminance(hex: string): number {
  const full = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrastOnWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('Domain: anti-phishing images', () => {
  it('offers at least 24 images', () => {
    expect(antiphishingImages.length).toBeGreaterThanOrEqual(24);
  });

  it('gives every image a unique lower-case id and a unique label in each language', () => {
    const ids = antiphishingImages.map((image) => image.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z-]*$/);
    for (const language of ['es', 'en'] as const) {
      const labels = antiphishingImages.map((image) => image.label[language].toLowerCase());
      expect(new Set(labels).size).toBe(labels.length);
      for (const label of labels) expect(label.trim()).not.toBe('');
    }
  });

  it('draws each image as a single self-contained 96 × 96 SVG document titled with its Spanish label', () => {
    for (const { id, label, svg } of antiphishingImages) {
      expect(svg, id).toMatch(/^<svg\s[^>]*>[\s\S]*<\/svg>$/);
      expect(svg.match(/<svg[\s>]/g), id).toHaveLength(1);
      expect(tagsBalance(svg), id).toBe(true);
      const root = svg.slice(0, svg.indexOf('>') + 1);
      expect(root, id).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(root, id).toContain('viewBox="0 0 96 96"');
      expect(root, id).toContain('width="96"');
      expect(root, id).toContain('height="96"');
      expect(svg, id).toContain(`<title>${label.es}</title>`);
      expect(
        svg.match(/<(path|circle|rect|ellipse|polygon|line|polyline)\b/g)?.length ?? 0,
        id,
      ).toBeGreaterThan(0);
    }
  });

  it('contains no scripts, event handlers, external references or foreign objects', () => {
    for (const { id, svg } of antiphishingImages) {
      expect(svg, id).not.toMatch(/<script/i);
      expect(svg, id).not.toMatch(/\son[a-z]+\s*=/i);
      expect(svg, id).not.toMatch(/href\s*=\s*["']?\s*https?:/i);
      expect(svg, id).not.toMatch(/href\s*=/i);
      expect(svg, id).not.toMatch(/<foreignObject/i);
      expect(svg, id).not.toMatch(/url\(|@import|javascript:/i);
    }
  });

  it('keeps each image under 1.5 KB', () => {
    for (const { id, svg } of antiphishingImages)
      expect(Buffer.byteLength(svg, 'utf8'), id).toBeLessThan(1536);
  });

  it('uses only colours with at least 3:1 contrast on white, besides white details', () => {
    for (const { id, svg } of antiphishingImages) {
      const colours = (svg.match(/#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b/g) ?? []).map((c) => c.toLowerCase());
      const visible = colours.filter((c) => c !== '#fff' && c !== '#ffffff');
      expect(visible.length, id).toBeGreaterThan(0);
      for (const colour of visible)
        expect(contrastOnWhite(colour), `${id} ${colour}`).toBeGreaterThanOrEqual(3);
      expect(svg, id).not.toMatch(/(fill|stroke)="(?!none|#)/);
    }
  });

  it('finds an image by id and nothing for unknown ids', () => {
    for (const image of antiphishingImages) expect(antiphishingImage(image.id)).toBe(image);
    expect(antiphishingImage('ANCHOR')).toBeUndefined();
    expect(antiphishingImage('')).toBeUndefined();
    expect(antiphishingImage('toString')).toBeUndefined();
    expect(antiphishingImage('__proto__')).toBeUndefined();
  });

  it('encodes an image as a base64 SVG data URL that decodes back to the same document', () => {
    for (const image of antiphishingImages) {
      const url = imageDataUrl(image);
      expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
      const payload = url.slice('data:image/svg+xml;base64,'.length);
      expect(payload).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(payload, 'base64').toString('utf8')).toBe(image.svg);
    }
  });

  it('always shows the same decoy for the same key and codes, whatever their case', () => {
    for (const [company, user] of codePairs(50)) {
      const decoy = decoyImage(keyA, company, user);
      expect(antiphishingImages).toContain(decoy);
      expect(decoyImage(keyA, company, user)).toBe(decoy);
      expect(decoyImage(keyA, company.toLowerCase(), user.toUpperCase())).toBe(decoy);
    }
    expect(decoyImage(keyA, 'acme', 'Juan.Perez')).toBe(decoyImage(keyA, 'ACME', 'JUAN.PEREZ'));
  });

  it('chooses the decoy from an HMAC-SHA256 of the upper-cased codes joined by NUL', () => {
    for (const [company, user] of codePairs(50)) {
      const digest = createHmac('sha256', keyB)
        .update(`${company.toUpperCase()}\u0000${user.toUpperCase()}`)
        .digest();
      const expected = antiphishingImages[digest.readUInt32BE(0) % antiphishingImages.length];
      expect(decoyImage(keyB, company, user)).toBe(expected);
    }
  });

  it('picks different decoys under a different key, so they cannot be predicted without it', () => {
    const pairs = codePairs(200);
    const disagreements = pairs.filter(([c, u]) => decoyImage(keyA, c, u) !== decoyImage(keyB, c, u)).length;
    // Two independent keys agree by chance about 1 time in the catalog size.
    expect(disagreements).toBeGreaterThan(150);
  });

  it('spreads decoys over the whole catalog', () => {
    const counts = new Map<string, number>();
    for (const [company, user] of codePairs(2000)) {
      const { id } = decoyImage(keyA, company, user);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const image of antiphishingImages) expect(counts.get(image.id) ?? 0, image.id).toBeGreaterThan(0);
    const expected = 2000 / antiphishingImages.length;
    for (const count of counts.values()) expect(count).toBeLessThan(expected * 2);
  });

  it('refuses a decoy key too short to keep the decoys unpredictable', () => {
    expect(() => decoyImage(new Uint8Array(0), 'ACME', 'JUAN')).toThrow(RangeError);
    expect(() => decoyImage(new Uint8Array(8), 'ACME', 'JUAN')).toThrow(RangeError);
  });
});

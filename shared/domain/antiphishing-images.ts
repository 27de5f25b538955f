import { createHmac } from 'node:crypto';

/**
 * The anti-phishing image catalog (user guide, step 8): the user picks one of these images, and at
 * every later login, after typing the company and user codes, the screen shows it so the user knows
 * the site is genuine. Unknown companies or users (and users who have not chosen yet) get a decoy
 * chosen by a keyed HMAC of the codes, so the answer does not reveal whether the user exists.
 *
 * Each image is a small, self-contained SVG (no scripts, no external references) drawn with simple
 * shapes, distinct in shape and colour, every colour at least 3:1 against white (WCAG 1.4.11).
 * The catalog is a constant literal: nothing is read or computed at load time beyond the strings.
 */
export interface AntiphishingImage {
  /** Stable lower-case English key, stored on the user. */
  id: string;
  label: { es: string; en: string };
  /** Complete SVG document, 96 × 96, with a `<title>` carrying the Spanish label. */
  svg: string;
}

const image = (id: string, es: string, en: string, body: string): AntiphishingImage => ({
  id,
  label: { es, en },
  svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96" role="img"><title>${es}</title>${body}</svg>`,
});

export const antiphishingImages: readonly AntiphishingImage[] = Object.freeze([
  image(
    'anchor',
    'Ancla',
    'Anchor',
    '<g fill="none" stroke="#1e3a8a" stroke-width="7" stroke-linecap="round"><circle cx="48" cy="16" r="8"/><path d="M48 24v62M32 38h32M16 56c2 18 14 30 32 30s30-12 32-30"/></g><path d="M8 62l8-14 10 12zM88 62l-8-14-10 12z" fill="#1e3a8a"/>',
  ),
  image(
    'tree',
    'Árbol',
    'Tree',
    '<rect x="41" y="52" width="14" height="38" fill="#92400e"/><g fill="#15803d"><circle cx="48" cy="30" r="22"/><circle cx="29" cy="50" r="18"/><circle cx="67" cy="50" r="18"/></g>',
  ),
  image(
    'sun',
    'Sol',
    'Sun',
    '<circle cx="48" cy="48" r="20" fill="#c2410c"/><path d="M48 6v14M48 76v14M6 48h14M76 48h14M18 18l10 10M68 68l10 10M78 18L68 28M28 68L18 78" stroke="#c2410c" stroke-width="7" stroke-linecap="round"/>',
  ),
  image('moon', 'Luna', 'Moon', '<path d="M64 8A42 42 0 1 0 64 88A48 48 0 0 1 64 8z" fill="#4338ca"/>'),
  image(
    'star',
    'Estrella',
    'Star',
    '<path d="M48 10L58 38.2 87.9 39 64.2 57.3 72.7 86 48 69 23.3 86 31.8 57.3 8.1 39 38 38.2z" fill="#a16207" stroke="#a16207" stroke-width="4" stroke-linejoin="round"/>',
  ),
  image(
    'mountain',
    'Montaña',
    'Mountain',
    '<path d="M40 86L66 30l28 56z" fill="#64748b"/><path d="M2 86L34 16l38 70z" fill="#334155"/><path d="M24 38l6 6 4-6 4 6 8-6" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round"/>',
  ),
  image(
    'boat',
    'Barco',
    'Boat',
    '<path d="M50 8v60" stroke="#334155" stroke-width="4"/><path d="M46 12L16 62h30z" fill="#b91c1c"/><path d="M54 20l26 42H54z" fill="#b91c1c"/><path d="M8 68h80L74 86H22z" fill="#0369a1"/>',
  ),
  image(
    'key',
    'Llave',
    'Key',
    '<circle cx="24" cy="48" r="15" fill="none" stroke="#475569" stroke-width="9"/><path d="M39 48h49M82 48v20M68 48v14" fill="none" stroke="#475569" stroke-width="9"/>',
  ),
  image(
    'bell',
    'Campana',
    'Bell',
    '<path d="M48 12c-18 0-26 14-26 32v16L10 76h76L74 60V44c0-18-8-32-26-32z" fill="#b45309"/><circle cx="48" cy="82" r="9" fill="#b45309"/><rect x="43" y="4" width="10" height="10" rx="4" fill="#b45309"/>',
  ),
  image(
    'leaf',
    'Hoja',
    'Leaf',
    '<path d="M14 82C14 38 42 14 86 10c0 44-24 72-72 72z" fill="#4d7c0f"/><path d="M10 86l50-50" stroke="#4d7c0f" stroke-width="5" stroke-linecap="round"/><path d="M22 74l38-38" stroke="#fff" stroke-width="3" stroke-linecap="round"/>',
  ),
  image(
    'fish',
    'Pez',
    'Fish',
    '<path d="M6 48c16-26 52-28 68 0-16 28-52 26-68 0z" fill="#ea580c"/><path d="M68 48l22-20v40z" fill="#ea580c"/><circle cx="24" cy="44" r="5" fill="#fff"/><path d="M40 34c6 8 6 20 0 28" fill="none" stroke="#fff" stroke-width="3"/>',
  ),
  image(
    'bird',
    'Pájaro',
    'Bird',
    '<path d="M40 78v12M52 78v12" stroke="#a16207" stroke-width="4"/><path d="M26 54L4 38l4 30z" fill="#be123c"/><circle cx="44" cy="54" r="24" fill="#be123c"/><circle cx="64" cy="30" r="15" fill="#be123c"/><path d="M77 24l15 7-15 5z" fill="#a16207"/><circle cx="67" cy="26" r="3.5" fill="#fff"/><path d="M24 48c14-4 30 2 36 14-14 8-30 2-36-14z" fill="#881337"/>',
  ),
  image(
    'house',
    'Casa',
    'House',
    '<path d="M48 8L4 46h88z" fill="#b91c1c"/><rect x="14" y="46" width="68" height="42" fill="#a16207"/><g fill="#fff"><rect x="40" y="60" width="16" height="28"/><rect x="21" y="54" width="13" height="13"/><rect x="62" y="54" width="13" height="13"/></g>',
  ),
  image(
    'umbrella',
    'Paraguas',
    'Umbrella',
    '<path d="M8 50a40 40 0 0 1 80 0c-6-6-14-6-20 0-6-6-14-6-20 0-6-6-14-6-20 0-6-6-14-6-20 0z" fill="#0369a1"/><path d="M48 50v30a8 8 0 0 1-16 0M48 10V4" fill="none" stroke="#0369a1" stroke-width="6" stroke-linecap="round"/>',
  ),
  image(
    'flower',
    'Flor',
    'Flower',
    '<path d="M48 56v36" stroke="#15803d" stroke-width="5"/><path d="M48 82c-4-12-14-16-24-14 2 10 12 16 24 14z" fill="#15803d"/><g fill="#c026d3"><circle cx="65" cy="38" r="12"/><circle cx="56.5" cy="52.7" r="12"/><circle cx="39.5" cy="52.7" r="12"/><circle cx="31" cy="38" r="12"/><circle cx="39.5" cy="23.3" r="12"/><circle cx="56.5" cy="23.3" r="12"/></g><circle cx="48" cy="38" r="10" fill="#a16207"/>',
  ),
  image(
    'cup',
    'Taza',
    'Cup',
    '<path d="M10 34h56v26a20 20 0 0 1-20 20H30a20 20 0 0 1-20-20z" fill="#0f766e"/><path d="M66 40h6a10 10 0 0 1 0 20h-6" fill="none" stroke="#0f766e" stroke-width="6"/><path d="M6 88h68M26 8c-4 6 4 12 0 18M38 8c-4 6 4 12 0 18M50 8c-4 6 4 12 0 18" fill="none" stroke="#0f766e" stroke-width="4" stroke-linecap="round"/>',
  ),
  image(
    'heart',
    'Corazón',
    'Heart',
    '<path d="M48 86C40 78 6 58 6 34A21 21 0 0 1 48 28A21 21 0 0 1 90 34C90 58 56 78 48 86z" fill="#db2777"/>',
  ),
  image('lightning', 'Rayo', 'Lightning', '<path d="M58 4L14 54h28l-8 38 48-54H54z" fill="#6d28d9"/>'),
  image(
    'cloud',
    'Nube',
    'Cloud',
    '<path d="M26 76a17 17 0 0 1-2-34 23 23 0 0 1 44-8 20 20 0 0 1 4 42z" fill="#2563eb"/>',
  ),
  image(
    'diamond',
    'Diamante',
    'Diamond',
    '<path d="M28 16h40l22 24-42 46L6 40z" fill="#0e7490"/><path d="M6 40h84M28 16l10 24 10-24 10 24 10-24M38 40l10 46 10-46" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round"/>',
  ),
  image(
    'crown',
    'Corona',
    'Crown',
    '<g fill="#7e22ce"><path d="M12 74L8 28l22 20 18-30 18 30 22-20-4 46z"/><rect x="12" y="78" width="72" height="10" rx="2"/><circle cx="8" cy="24" r="6"/><circle cx="48" cy="14" r="6"/><circle cx="88" cy="24" r="6"/></g><circle cx="48" cy="58" r="6" fill="#fff"/><circle cx="28" cy="62" r="4" fill="#fff"/><circle cx="68" cy="62" r="4" fill="#fff"/>',
  ),
  image(
    'clock',
    'Reloj',
    'Clock',
    '<circle cx="48" cy="48" r="39" fill="none" stroke="#1f2937" stroke-width="7"/><path d="M48 16v6M48 74v6M16 48h6M74 48h6" stroke="#1f2937" stroke-width="4"/><path d="M48 26v22l16 12" fill="none" stroke="#1f2937" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>',
  ),
  image(
    'bicycle',
    'Bicicleta',
    'Bicycle',
    '<g fill="none" stroke="#047857" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"><circle cx="21" cy="62" r="16"/><circle cx="75" cy="62" r="16"/><path d="M21 62l17-26 8 26zM38 36h26M46 62l18-26 11 26M64 36l2-8h8M38 36v-5M31 31h14"/></g>',
  ),
  image(
    'guitar',
    'Guitarra',
    'Guitar',
    '<g transform="rotate(35 48 48)" fill="#9a3412"><rect x="44" y="4" width="8" height="40"/><rect x="41" y="0" width="14" height="12" rx="2"/><circle cx="48" cy="46" r="15"/><circle cx="48" cy="70" r="21"/><circle cx="48" cy="57" r="7" fill="#fff"/><rect x="40" y="76" width="16" height="4" fill="#fff"/></g>',
  ),
  image(
    'cat',
    'Gato',
    'Cat',
    '<g fill="#57534e"><circle cx="48" cy="54" r="34"/><path d="M16 42L16 8l28 20zM80 42L80 8 52 28z"/></g><g fill="#fff"><ellipse cx="35" cy="50" rx="6" ry="8"/><ellipse cx="61" cy="50" rx="6" ry="8"/></g><path d="M42 62h12l-6 7z" fill="#db2777"/><path d="M18 66l18-2M18 74l18-6M78 66l-18-2M78 74l-18-6" stroke="#fff" stroke-width="2"/>',
  ),
  image(
    'apple',
    'Manzana',
    'Apple',
    '<path d="M48 32c-10-8-38-8-38 20 0 22 16 38 26 38 4 0 7-2 12-2s8 2 12 2c10 0 26-16 26-38 0-28-28-28-38-20z" fill="#b91c1c"/><path d="M48 32c0-10 2-16 6-24" fill="none" stroke="#78350f" stroke-width="5" stroke-linecap="round"/><path d="M54 22c6-12 20-14 28-10-4 10-18 14-28 10z" fill="#15803d"/>',
  ),
]);

/** The catalog image with this id, if any. */
export function antiphishingImage(id: string): AntiphishingImage | undefined {
  return antiphishingImages.find((candidate) => candidate.id === id);
}

/** The image as a `data:` URL for an `<img src>`. */
export function imageDataUrl(image: AntiphishingImage): string {
  return `data:image/svg+xml;base64,${Buffer.from(image.svg, 'utf8').toString('base64')}`;
}

/** Below this the key could be guessed and the decoys predicted; the service derives 32 bytes. */
const MIN_DECOY_KEY_BYTES = 16;

/**
 * The image shown for an unknown company or user, or a user without a chosen image: an HMAC-SHA256
 * of the upper-cased codes under `key`, so the same codes always get the same image, a real user's
 * screen and an unknown one look alike, and nobody without the key can predict which image comes up.
 * The first 4 bytes as a uint32 modulo the catalog size: the bias (2^32 mod n out of 2^32) is negligible.
 */
export function decoyImage(key: Uint8Array, companyCode: string, userCode: string): AntiphishingImage {
  if (key.length < MIN_DECOY_KEY_BYTES)
    throw new RangeError(`decoy key must be at least ${MIN_DECOY_KEY_BYTES} bytes`);
  const digest = createHmac('sha256', key)
    .update(`${companyCode.toUpperCase()}\u0000${userCode.toUpperCase()}`, 'utf8')
    .digest();
  const image = antiphishingImages[digest.readUInt32BE(0) % antiphishingImages.length];
  if (!image) throw new Error('anti-phishing catalog is empty');
  return image;
}

/**
 * The two modules of `qrcode` that the BOP Token request uses: the encoder and the SVG
 * renderer. Imported directly so the bundle leaves out the PNG (pngjs), terminal and file
 * renderers of the package's Node entry point; typed from @types/qrcode.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}

declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCode, QRCodeRenderersOptions } from 'qrcode';
  export function render(qrData: QRCode, options?: QRCodeRenderersOptions): string;
}

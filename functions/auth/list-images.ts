import { antiphishingImages, imageDataUrl } from '../../shared/domain/antiphishing-images.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listAntiphishingImagesRoute } from '../../shared/routes/auth.ts';
import { baseDeps } from '../../shared/runtime/base.ts';

/** GET /auth/antiphishing-images: the catalog the image-choice screen draws (step 8). */
export const build = (deps: { http: HttpOptions }) =>
  httpHandler(listAntiphishingImagesRoute, deps.http, async () => ({
    headers: { 'cache-control': 'public, max-age=3600' },
    body: {
      images: antiphishingImages.map((image) => ({
        id: image.id,
        label: image.label,
        dataUrl: imageDataUrl(image),
      })),
    },
  }));

export const handler = onColdStart(() => build(baseDeps()));

import { antiphishingImages, imageDataUrl } from '../../shared/domain/antiphishing-images.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listAntiphishingImagesRoute } from '../../shared/routes/auth.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';

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

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(runtime);

export const handler = onColdStart(() => wire(sessionRuntime()));

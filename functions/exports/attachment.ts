import type { RenderedExport } from '../../shared/export/index.ts';
import type { HttpResult } from '../../shared/http/middleware.ts';

/** A rendered export as a download: its content type and an ASCII file name. */
export const attachment = (file: RenderedExport): HttpResult => ({
  contentType: file.contentType,
  body: file.body,
  headers: { 'content-disposition': `attachment; filename="${file.fileName}"` },
});

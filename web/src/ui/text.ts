import type { MessageKey } from '../i18n.ts';

/** A text of the catalog in the current language, with `{name}` placeholders filled. */
export type Translate = (key: MessageKey, params?: Record<string, unknown>) => string;

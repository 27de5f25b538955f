/** The two languages of the bank's portal and of every message: Spanish (the default) and English. */
export type Language = 'es' | 'en';

import type { Language } from './languages.ts';
import { de } from './messages/de.ts';
import { en } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';

/**
 * One catalogue per language (shared/i18n/messages/<language>.ts), each typed as English's shape. Messages
 * are plain functions rather than ICU MessageFormat strings: their values are type-checked at every
 * call, they need no parser in the bundles, and the few choices (a deadline or not) read as code.
 */
export type Messages = typeof en;

export const catalogues: Record<Language, Messages> = { en, fr, de, es };

export const messagesFor = (language: Language): Messages => catalogues[language];

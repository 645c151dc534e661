/**
 * HTML built with a tagged template that escapes every interpolated value, so nothing a planner or a
 * guest typed can become markup. Only fragments made by this template (or `trusted` for constants) are
 * inserted as they are.
 */
// @ts-nocheck

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const replacements: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"'`]/g, (character) => replacements[character] as string);

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, part, index) => out + part + (index < values.length ? render(values[index] as Interpolation) : ''), ''));
}

/** For constants written in this code base only (a stylesheet), never for anything from a request. */
export const trusted = (markup: string): SafeHtml => new SafeHtml(markup);

/**
 * The form of a guest's name that the guest list sorts by and `q` searches by prefix (issue 15): accents
 * and case folded, every run of spaces or control characters one space, trimmed, at most 200 characters
 * (the name's own limit), so `Émilie  Du Châtelet` lists and is found as `emilie du chatelet`.
 */
const MAX_LENGTH = 200;

export function nameKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\p{C}]+/gu, ' ')
    .trim()
    .slice(0, MAX_LENGTH);
}

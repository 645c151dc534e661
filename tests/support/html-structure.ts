/**
 * A strict structural check of an HTML page the API renders (not a full validator): the doctype first,
 * one html with lang, one head with a charset and one title, one body; every element closed in order
 * (void elements excepted), attribute values quoted, no raw `<`, `>` or unescaped `&` in text. Returns
 * the problems found, so a test shows them all.
 */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['style', 'script']);

export function htmlProblems(page: string): string[] {
  const problems: string[] = [];
  if (!/^<!doctype html>\s*/i.test(page)) problems.push('no <!doctype html> first');
  const body = page.replace(/^<!doctype html>/i, '');
  const stack: string[] = [];
  const seen = new Map<string, number>();
  const token = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-:]+(?:="[^"]*")?)*)\s*(\/?)>|<|>/g;
  let last = 0;
  for (let match = token.exec(body); match; match = token.exec(body)) {
    const text = body.slice(last, match.index);
    if (/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/.test(text)) problems.push(`unescaped & in text near "${text.slice(0, 40)}"`);
    last = token.lastIndex;
    if (match[0] === '<' || match[0] === '>') { problems.push(`raw ${match[0]} at ${match.index}`); continue; }
    const [, closing, rawName, attributes] = match;
    const name = (rawName as string).toLowerCase();
    if (/\s[a-zA-Z-]+=[^"]/.test((attributes ?? '').replace(/"[^"]*"/g, '""'))) problems.push(`unquoted attribute in <${name}>`);
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    seen.set(name, (seen.get(name) ?? 0) + 1);
    if (VOID.has(name)) continue;
    stack.push(name);
    if (RAW_TEXT.has(name)) {
      const end = body.indexOf(`</${name}>`, token.lastIndex);
      if (end < 0) { problems.push(`<${name}> never closed`); break; }
      token.lastIndex = end;
      last = end;
    }
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  for (const single of ['html', 'head', 'body', 'title']) if (seen.get(single) !== 1) problems.push(`${seen.get(single) ?? 0} <${single}> elements`);
  if (!/<html lang="[a-z-]+">/.test(page)) problems.push('<html> without lang');
  if (!/<meta charset="utf-8">/i.test(page)) problems.push('no <meta charset="utf-8">');
  if (/<li[\s>]/.test(page) && !/<(ol|ul)[\s>]/.test(page)) problems.push('<li> outside a list');
  return problems;
}

import { createHash } from 'node:crypto';
import { html, type SafeHtml, trusted } from './html.ts';

/**
 * The frame of every public page: a small phone-first stylesheet inlined (no other request to make), and
 * the Content-Security-Policy that lets exactly that stylesheet and same-origin form posts through.
 */
const stylesheet = `
:root{color-scheme:light;--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--accent:#0b6e4f;--warn:#9b2c2c;--bg:#f5f7fa}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:34rem;margin:0 auto;padding:1.25rem}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:1.25rem;margin-bottom:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .5rem}
h2{font-size:1.1rem;margin:0 0 .75rem}
.meta{color:var(--muted);margin:.25rem 0}
.notice{border-radius:8px;padding:.75rem 1rem;margin-bottom:1rem;background:#e3f9e5;color:#05400a}
.notice.problem{background:#ffe3e3;color:var(--warn)}
fieldset{border:0;padding:0;margin:0 0 1rem}
legend,label{font-weight:600;display:block;margin-bottom:.35rem}
.choices{display:flex;gap:.5rem;flex-wrap:wrap}
.choices label{font-weight:500;flex:1 1 6rem;border:1px solid var(--line);border-radius:8px;padding:.65rem;text-align:center;cursor:pointer}
.choices input{margin-right:.35rem}
input[type=text],input[type=password],input[type=email],input[type=tel],select,textarea{width:100%;font:inherit;padding:.6rem;border:1px solid var(--line);border-radius:8px;margin-bottom:1rem;background:#fff}
textarea{min-height:5rem}
button{width:100%;font:inherit;font-weight:600;padding:.8rem;border:0;border-radius:8px;background:var(--accent);color:#fff;cursor:pointer}
a.button{display:block;text-align:center;text-decoration:none;font-weight:600;padding:.8rem;border-radius:8px;background:var(--accent);color:#fff;margin:1rem 0}
ol{padding-left:1.25rem}li{margin-bottom:.5rem}
dl{margin:0}dt{font-weight:600}dd{margin:0 0 .5rem}
`;

const stylesheetHash = `'sha256-${createHash('sha256').update(stylesheet).digest('base64')}'`;

/**
 * Middy's security-headers defaults for HTML (default-src 'none', form-action 'none', a bare sandbox) with
 * the three exceptions a page needs: its own stylesheet by hash, forms posting to this origin, and a
 * sandbox that still allows forms. upgrade-insecure-requests is left to HSTS (it breaks plain-HTTP local runs).
 */
export const pageContentSecurityPolicy: Record<string, string> = {
  'style-src': stylesheetHash,
  'form-action': "'self'",
  sandbox: 'allow-forms allow-same-origin',
  // middy writes this directive only while its value is '' (its default); undefined leaves it out, which
  // its types do not foresee, hence the cast.
  'upgrade-insecure-requests': undefined as unknown as string,
};

/** `language`: the page's `lang` (a screen reader's voice, a browser's translation offer); English unless given. */
export function page(title: string, body: SafeHtml, language = 'en'): string {
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${trusted(stylesheet)}</style>
</head>
<body><main>${body}</main></body>
</html>`.value;
}

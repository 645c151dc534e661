/**
 * qrcode's browser build (its package.json `browser` entry): the same toString as the main entry, without
 * the PNG writer (pngjs) and the terminal renderers, which the API never uses (it answers SVG only).
 */
declare module 'qrcode/lib/browser.js' {
  export { toString } from 'qrcode';
}

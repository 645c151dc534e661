/**
 * The QR code of a guest's check-in code (docs/check-in.md), made by the `qrcode` package: SVG for the
 * RSVP page (its browser build, no PNG writer), PNG for the confirmation email (mail clients show an
 * inline PNG, few show SVG). The QR holds the code itself, which the door app sends as it reads it.
 * Imported on first use, so the routes that never draw one do not load it at cold start.
 */
const options = { errorCorrectionLevel: 'M', margin: 2 } as const;

export async function checkInQrSvg(code: string): Promise<string> {
  const { toString } = await import('qrcode/lib/browser.js');
  return toString(code, { ...options, type: 'svg', width: 220 });
}

export async function checkInQrPng(code: string): Promise<Buffer> {
  const { toBuffer } = await import('qrcode');
  return toBuffer(code, { ...options, type: 'png', width: 240 });
}

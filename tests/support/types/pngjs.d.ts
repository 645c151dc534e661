/** The part of pngjs (a dependency of qrcode) the QR tests read PNGs with: its synchronous reader. */
declare module 'pngjs' {
  export const PNG: { sync: { read: (buffer: Buffer) => { width: number; height: number; data: Buffer } } };
}

/**
 * A short description of the device a session was opened on: the browser and the operating system named
 * by a `User-Agent` header, or null where it names none we know. Proper names only (Chrome, Windows): the
 * dashboard words the sentence around them. Good enough to tell one's own sessions apart, never trusted
 * for anything else (a client sends whatever it likes).
 */
export type Device = { browser: string | null; os: string | null };

/** Browsers in the order they must be tested: each one's header also names the ones below it. */
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bYaBrowser\//, 'Yandex Browser'],
  [/\bVivaldi\//, 'Vivaldi'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\b(?:Chrome|HeadlessChrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\bcurl\//, 'curl'],
];

/** Operating systems, likewise: iOS and Android headers also say "like Mac OS X" and "Linux". */
const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

/** Longer headers are cut: no browser puts what we look for beyond this. */
const MAX_LENGTH = 512;

function first(list: ReadonlyArray<[RegExp, string]>, ua: string): string | null {
  return list.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
}

/** The browser and operating system a `User-Agent` header names. */
export function describeUserAgent(userAgent: string | null | undefined): Device {
  const ua = (userAgent ?? '').slice(0, MAX_LENGTH);
  return { browser: first(BROWSERS, ua), os: first(SYSTEMS, ua) };
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A minimal landing page: a `<main>` with a heading, whatever body, and the widget's script tag. */
export function landingHtml(body: string, opts: { lang?: string; script?: string } = {}): string {
  return `<!doctype html>
<html${opts.lang === undefined ? ' lang="en"' : opts.lang ? ` lang="${opts.lang}"` : ''}>
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Acme Analytics — book a demo</title>
    <style>body { margin: 0; font: 16px/1.5 Georgia, serif; } main { max-width: 36rem; margin: 0 auto; }</style>
  </head>
  <body>
    <main>
      <h1>Book a demo</h1>
      ${body}
    </main>
    <script src="${opts.script ?? '/widget.js'}" defer></script>
  </body>
</html>`;
}

/**
 * Serves one HTML page from another localhost port: a landing page on an origin the form does not list,
 * for the cross-origin case (same host, another port is another origin). Pass a function to serve a page
 * that is only known once the server's own URL is (e.g. a snippet copied after allowing this origin), and
 * `headers` to answer with more (a Content-Security-Policy).
 */
export async function startLandingServer(
  html: string | (() => string),
  opts: { headers?: Record<string, string> | (() => Record<string, string>) } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    const extra = typeof opts.headers === 'function' ? opts.headers() : opts.headers;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...extra });
    res.end(typeof html === 'function' ? html() : html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

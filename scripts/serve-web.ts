// Runs the built web app (adapter-node) as the plain-HTTP server it is; `npm start` spawns this.
// SvelteKit 3's adapter-node no longer reads ORIGIN at run time and, without a protocol header
// from a proxy, takes every request for https — so a browser's `Origin: http://…` would fail the
// checks that guard forms, the API and sign-in. Here each request is marked http before
// adapter-node sees it (a client's own value is overwritten). Behind a TLS proxy, set
// PROTOCOL_HEADER (e.g. x-forwarded-proto) instead, and this steps aside.
import type { IncomingMessage, Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const PROTOCOL_HEADER = "x-parley-protocol";
const plainHttp = !process.env.PROTOCOL_HEADER;
if (plainHttp) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;

// A plan launched from the wizard carries every row (up to 10 000, a few MB of JSON), and a 10 MB
// source document arrives base64-encoded in JSON (~13.4 MB); adapter-node's default request body
// limit (512 KB) would refuse either before the API could say anything.
process.env.BODY_SIZE_LIMIT ??= "16M";

const entry = pathToFileURL(path.resolve(import.meta.dirname, "../apps/web/build/index.js")).href;
const { server } = (await import(entry)) as { server: Server };
if (plainHttp) {
  server.prependListener("request", (request: IncomingMessage) => {
    request.headers[PROTOCOL_HEADER] = "http";
  });
}

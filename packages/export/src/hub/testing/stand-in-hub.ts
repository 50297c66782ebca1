// A local stand-in for the HuggingFace Hub: a node:http server implementing exactly the endpoints
// @huggingface/hub calls to check, create and commit to a repo (repo info, repos/create,
// preupload, the git-LFS batch API with "basic" transfers, commit). Anything else answers 404
// with the route, so a library upgrade that calls something new fails loudly in tests.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInHubOptions {
  /** The only token the stand-in accepts. */
  token: string;
  /** Files at least this large, or with a NUL byte in their first 512 bytes, go through LFS (default 10 MiB). */
  lfsThresholdBytes?: number;
  /** Echo the Authorization header in 401 errors, like a badly behaved proxy, to test redaction. */
  reflectAuthorizationInErrors?: boolean;
}

export interface StandInCommit {
  oid: string;
  title: string;
  description?: string;
  /** Paths written by the commit and how their content arrived. */
  files: Array<{ path: string; via: "inline" | "lfs" }>;
  deleted: string[];
}

export interface StandInRepo {
  type: string;
  name: string;
  private: boolean;
  files: Map<string, Buffer>;
  commits: StandInCommit[];
}

export interface StandInHub {
  url: string;
  /** Keyed by "<type>/<owner>/<name>", e.g. "dataset/acme/ei-100". */
  repos: Map<string, StandInRepo>;
  /** Every request's method and path (headers are not kept: they hold the token). */
  requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { models: "model", datasets: "dataset", spaces: "space" };

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function startStandInHub(options: StandInHubOptions): Promise<StandInHub> {
  const repos = new Map<string, StandInRepo>();
  const lfsObjects = new Map<string, Buffer>();
  const requests: StandInHub["requests"] = [];
  const threshold = options.lfsThresholdBytes ?? 10 * 1024 * 1024;
  let baseUrl = "";

  const authorize = (request: IncomingMessage) => {
    const header = request.headers.authorization ?? "";
    if (header === `Bearer ${options.token}`) return;
    const echo = options.reflectAuthorizationInErrors ? ` (received "${header}")` : "";
    throw new HttpError(401, `Invalid credentials in Authorization header${echo}`);
  };

  const repoOf = (type: string, owner: string, name: string) => {
    const repo = repos.get(`${type}/${owner}/${name}`);
    if (!repo) throw new HttpError(404, `Repository not found: ${owner}/${name}`);
    return repo;
  };

  const routes: Array<{
    method: string;
    pattern: RegExp;
    handle: (request: IncomingMessage, match: RegExpExecArray, body: Buffer) => unknown;
  }> = [
    {
      // createRepo
      method: "POST",
      pattern: /^\/api\/repos\/create$/,
      handle: (request, _match, body) => {
        authorize(request);
        const payload = JSON.parse(body.toString("utf8")) as {
          name: string;
          organization: string;
          type?: string;
          visibility?: string;
          private?: boolean;
        };
        const type = payload.type ?? "model";
        const key = `${type}/${payload.organization}/${payload.name}`;
        if (repos.has(key)) throw new HttpError(409, `You already created this ${type} repo`);
        repos.set(key, {
          type,
          name: `${payload.organization}/${payload.name}`,
          private: payload.visibility ? payload.visibility !== "public" : payload.private === true,
          files: new Map(),
          commits: [],
        });
        const id = `${payload.organization}/${payload.name}`;
        return { url: `${baseUrl}/${type === "model" ? "" : `${type}s/`}${id}`, id };
      },
    },
    {
      // repoExists (GET /api/datasets/owner/name?expand[]=likes)
      method: "GET",
      pattern: /^\/api\/(models|datasets|spaces)\/([^/]+)\/([^/]+)$/,
      handle: (request, match) => {
        const repo = repoOf(TYPES[match[1] ?? ""] ?? "", match[2] ?? "", match[3] ?? "");
        if (repo.private) authorize(request);
        return { id: repo.name, private: repo.private, sha: repo.commits.at(-1)?.oid ?? null };
      },
    },
    {
      // commit, step 1: which files go through LFS
      method: "POST",
      pattern: /^\/api\/(models|datasets|spaces)\/([^/]+)\/([^/]+)\/preupload\/([^/]+)$/,
      handle: (request, match, body) => {
        authorize(request);
        repoOf(TYPES[match[1] ?? ""] ?? "", match[2] ?? "", match[3] ?? "");
        const payload = JSON.parse(body.toString("utf8")) as {
          files: Array<{ path: string; size: number; sample: string }>;
        };
        return {
          files: payload.files.map((file) => ({
            path: file.path,
            uploadMode:
              file.size >= threshold || Buffer.from(file.sample, "base64").includes(0)
                ? "lfs"
                : "regular",
            shouldIgnore: false,
          })),
        };
      },
    },
    {
      // commit, step 2: the git-LFS batch API; "basic" transfer so the client PUTs each object
      method: "POST",
      pattern: /^\/(?:(datasets|spaces)\/)?([^/]+)\/([^/]+)\.git\/info\/lfs\/objects\/batch$/,
      handle: (request, match, body) => {
        authorize(request);
        repoOf(match[1] ? (TYPES[match[1]] ?? "") : "model", match[2] ?? "", match[3] ?? "");
        const payload = JSON.parse(body.toString("utf8")) as {
          objects: Array<{ oid: string; size: number }>;
        };
        return {
          transfer: "basic",
          objects: payload.objects.map((object) => ({
            oid: object.oid,
            size: object.size,
            authenticated: true,
            ...(lfsObjects.has(object.oid)
              ? {}
              : {
                  actions: { upload: { href: `${baseUrl}/__lfs/${object.oid}`, expires_in: 3600 } },
                }),
          })),
        };
      },
    },
    {
      // commit, step 3: the object upload itself (a presigned URL on the real Hub: no token)
      method: "PUT",
      pattern: /^\/__lfs\/([0-9a-f]{64})$/,
      handle: (_request, match, body) => {
        const oid = match[1] ?? "";
        if (createHash("sha256").update(body).digest("hex") !== oid) {
          throw new HttpError(400, "Uploaded content does not match its sha256");
        }
        lfsObjects.set(oid, body);
        return {};
      },
    },
    {
      // commit, step 4: the commit, as NDJSON (header, then file / lfsFile / deletedFile lines)
      method: "POST",
      pattern: /^\/api\/(models|datasets|spaces)\/([^/]+)\/([^/]+)\/commit\/([^/]+)$/,
      handle: (request, match, body) => {
        authorize(request);
        const repo = repoOf(TYPES[match[1] ?? ""] ?? "", match[2] ?? "", match[3] ?? "");
        const lines = body
          .toString("utf8")
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => JSON.parse(line) as { key: string; value: Record<string, unknown> });
        const header = lines.find((line) => line.key === "header")?.value;
        if (!header || typeof header.summary !== "string")
          throw new HttpError(400, "The commit has no header");
        // Validate everything first: a commit applies completely or not at all.
        const writes: Array<{ path: string; content: Buffer; via: "inline" | "lfs" }> = [];
        const deleted: string[] = [];
        for (const { key, value } of lines) {
          if (key === "file") {
            if (value.encoding !== "base64")
              throw new HttpError(400, "Only base64 files are supported");
            writes.push({
              path: String(value.path),
              content: Buffer.from(String(value.content), "base64"),
              via: "inline",
            });
          } else if (key === "lfsFile") {
            const content = lfsObjects.get(String(value.oid));
            if (!content)
              throw new HttpError(400, `LFS object for ${String(value.path)} was never uploaded`);
            writes.push({ path: String(value.path), content, via: "lfs" });
          } else if (key === "deletedFile") {
            deleted.push(String(value.path));
          } else if (key !== "header") {
            throw new HttpError(400, `Unknown commit operation ${key}`);
          }
        }
        for (const write of writes) repo.files.set(write.path, write.content);
        for (const path of deleted) repo.files.delete(path);
        const oid = randomBytes(20).toString("hex");
        repo.commits.push({
          oid,
          title: header.summary,
          ...(typeof header.description === "string" ? { description: header.description } : {}),
          files: writes.map(({ path, via }) => ({ path, via })),
          deleted,
        });
        const prefix = repo.type === "model" ? "" : `${repo.type}s/`;
        return {
          success: true,
          commitOid: oid,
          commitUrl: `${baseUrl}/${prefix}${repo.name}/commit/${oid}`,
          hookOutput: "",
        };
      },
    },
  ];

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://stand-in").pathname;
    const method = request.method ?? "GET";
    requests.push({ method, path });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(payload));
    };
    for (const route of routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      try {
        send(200, route.handle(request, match, body));
      } catch (error) {
        if (error instanceof HttpError) send(error.status, { error: error.message });
        else send(500, { error: (error as Error).message });
      }
      return;
    }
    send(404, { error: `The stand-in hub does not implement ${method} ${path}` });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    repos,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

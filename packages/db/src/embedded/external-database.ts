// Checks DATABASE_URL before anything uses it, so a server that is down, a wrong host, password
// or database name ends `npm start` with what is wrong and how to fix it, not a driver stack trace.
// The password never appears in a message.
import pg from "pg";

/** The URL as it may be shown: the password replaced. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a valid URL)";
  }
}

/** Connects once; throws an Error naming the cause and the fix when the server cannot be used. */
export async function checkExternalDatabase(url: string, timeoutMs = 5_000): Promise<void> {
  const shown = redactDatabaseUrl(url);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new Error(
      `DATABASE_URL is not a valid URL. Set it like postgres://user:password@host:5432/parley, or unset it to use the embedded Postgres.`,
    );
  }
  const where = `${target.hostname || "localhost"}:${target.port || "5432"}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    throw new Error(`${explain(error, where)} (DATABASE_URL=${shown})`, { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}

function explain(error: unknown, where: string): string {
  const code = (error as { code?: string }).code;
  const unset = "or unset DATABASE_URL to use the embedded Postgres";
  switch (code) {
    case "ECONNREFUSED":
      return `The Postgres server in DATABASE_URL refused the connection: nothing is listening on ${where}. Start that server, correct the host or port in DATABASE_URL, ${unset}.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `The host in DATABASE_URL (${where}) cannot be found. Correct the host name, ${unset}.`;
    case "28P01":
    case "28000":
      return `The Postgres server in DATABASE_URL refused its user name or password. Correct them in DATABASE_URL, ${unset}.`;
    case "3D000":
      return `The database named in DATABASE_URL does not exist on ${where}. Create it (createdb) or name an existing one, ${unset}.`;
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return `The Postgres server in DATABASE_URL (${where}) cannot be used: ${reason}. Check that it is running and reachable, ${unset}.`;
    }
  }
}

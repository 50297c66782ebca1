// The flags main.ts parsed, as every command receives them; here rather than in main.ts so the
// commands do not import the module that imports them.
export type CliOptions = Record<string, string | string[] | boolean | undefined>;

// Which rate-limit group a model's calls count against. Anthropic sets limits per model class
// (every Claude Sonnet 4.x model shares one budget, Opus 4.x another), so the shared budget is
// kept per group rather than per model id.

const CLASS_PATTERN = /^claude-(opus|sonnet|haiku)-(\d+)(?:[-.]|$)/;
const LEGACY_PATTERN = /^claude-(\d+)(?:-(\d+))?-(opus|sonnet|haiku)/;

export function limitGroupOf(model: string): string {
  const modern = CLASS_PATTERN.exec(model);
  if (modern) return `${modern[1]}-${modern[2]}`;
  const legacy = LEGACY_PATTERN.exec(model);
  if (legacy) return `${legacy[3]}-${legacy[1]}${legacy[2] ? `.${legacy[2]}` : ""}`;
  return model;
}

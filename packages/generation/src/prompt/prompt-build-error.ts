// The error buildConversationRequest throws for parameters that cannot make a valid request.
import { AppError } from "../errors/app-error.ts";

export class PromptBuildError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("BAD_REQUEST", message, details);
    this.name = "PromptBuildError";
  }
}

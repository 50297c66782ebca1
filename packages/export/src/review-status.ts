// How a conversation's review shows up in exports: approved or not, and whether a human has
// looked at it at all (a decision, an edit, or a review status).
import type { ExportConversation } from "./export-conversation.ts";

type ReviewFields = Pick<ExportConversation, "approved" | "status" | "isHumanEdited">;

export function isApproved(conversation: ReviewFields): boolean {
  return conversation.approved ?? conversation.status === "approved";
}

export function isRejected(conversation: ReviewFields): boolean {
  return (
    conversation.approved === false ||
    (conversation.approved == null && conversation.status === "rejected")
  );
}

export function isHumanReviewed(conversation: ReviewFields): boolean {
  return (
    conversation.approved != null ||
    conversation.isHumanEdited ||
    conversation.status === "approved" ||
    conversation.status === "rejected" ||
    conversation.status === "needs_revision"
  );
}

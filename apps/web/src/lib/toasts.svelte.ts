// Short-lived confirmations ("Persona saved") shown in a polite live region by <Toasts />.
export interface Toast {
  id: number;
  message: string;
  tone: "ok" | "bad";
}

let nextId = 1;
export const toasts = $state<Toast[]>([]);

export function showToast(message: string, tone: Toast["tone"] = "ok", ms = 4000): void {
  const id = nextId++;
  toasts.push({ id, message, tone });
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  const index = toasts.findIndex((toast) => toast.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

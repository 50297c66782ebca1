// Short-lived messages ("Persona saved", "Batch … completed") shown in the one polite live region
// of the app, <Toasts />; a toast may carry a link to what it is about.
export interface ToastLink {
  href: string;
  label: string;
}

export interface Toast {
  id: number;
  message: string;
  tone: "ok" | "bad";
  link?: ToastLink;
}

let nextId = 1;
export const toasts = $state<Toast[]>([]);

export function showToast(
  message: string,
  tone: Toast["tone"] = "ok",
  ms = 4000,
  link?: ToastLink,
): void {
  const id = nextId++;
  toasts.push({ id, message, tone, ...(link ? { link } : {}) });
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  const index = toasts.findIndex((toast) => toast.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

// A Svelte action for tables (and other boxes) that may scroll sideways, as every table does on a
// phone: while its content is wider than it is, it takes keyboard focus, so the arrow keys can
// scroll it (WCAG 2.1.1; axe's scrollable-region-focusable). Otherwise it stays out of the tab order.
export function keyboardScrollable(node: HTMLElement) {
  const update = () => {
    if (node.scrollWidth > node.clientWidth + 1) node.tabIndex = 0;
    else node.removeAttribute("tabindex");
  };
  const observer = new ResizeObserver(update);
  observer.observe(node);
  update();
  return {
    destroy() {
      observer.disconnect();
    },
  };
}

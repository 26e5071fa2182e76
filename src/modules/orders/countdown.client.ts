/// <reference lib="dom" />
// Keeps each countdown the server rendered (templates/_countdown.njk) up to date, once a minute, with the same rule
// (src/domain/orders/countdown.ts). The browser's clock is corrected by the server's time at render, so a wrong
// clock on the computer does not change the deadline. Without JavaScript the text stays as rendered, already right.
import { countdown } from '../../domain/orders/countdown.ts';

export function startCountdowns(doc: Document = document): void {
  const items = [...doc.querySelectorAll<HTMLElement>('[data-countdown]')];
  if (items.length === 0) return;
  const loadedAt = Date.now();
  const tick = () => {
    for (const item of items) {
      const due = new Date(item.dataset.due!);
      const renderedAt = Date.parse(item.dataset.renderedAt!);
      if (Number.isNaN(due.getTime()) || Number.isNaN(renderedAt)) continue;
      const c = countdown(due, new Date(renderedAt + (Date.now() - loadedAt)));
      const tag = item.querySelector<HTMLElement>('[data-countdown-text]');
      if (!tag) continue;
      tag.textContent = `${item.dataset.label}: ${c.text}`;
      tag.classList.toggle('govuk-tag--red', c.urgent);
      tag.classList.toggle('govuk-tag--yellow', !c.urgent);
      item.classList.toggle('app-countdown--overdue', c.overdue);
    }
  };
  window.setInterval(tick, 15_000);
}

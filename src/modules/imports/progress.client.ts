/// <reference lib="dom" />
// The import page's live progress: polls the run's JSON once a second and fills in the counts; when the run
// stops, reloads so the server renders the reconciliation. Without JavaScript a <noscript> refresh does the same.
interface ImportProgress {
  state: string;
  total: number;
  processed: number;
  percent: number;
  accepted: number;
  duplicate: number;
  quarantined: number;
}

export function watchImportProgress(doc: Document = document): void {
  const panel = doc.querySelector<HTMLElement>('[data-import-progress]');
  if (!panel || panel.dataset.state !== 'processing') return;
  const url = panel.dataset.importProgress!;
  const bar = panel.querySelector('progress');
  const show = (p: ImportProgress) => {
    for (const el of panel.querySelectorAll<HTMLElement>('[data-field]')) {
      const value = p[el.dataset.field as keyof ImportProgress];
      if (value !== undefined) el.textContent = String(value);
    }
    if (bar) {
      bar.max = p.total;
      bar.value = p.processed;
      bar.textContent = `${p.percent}%`;
    }
  };
  const timer = window.setInterval(async () => {
    try {
      const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) return;
      const progress = (await res.json()) as ImportProgress;
      show(progress);
      if (progress.state !== 'processing') {
        window.clearInterval(timer);
        window.location.reload();
      }
    } catch {
      // A missed poll is retried on the next tick.
    }
  }, 1000);
}

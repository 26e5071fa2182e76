/// <reference lib="dom" />
// The Operation Encompass notice's "Copy notice" button. Without JavaScript the button stays hidden and the notice
// is selectable in its readonly textarea; with it, one click copies the text and the live region says so.

export function enableCopyNotice(doc: Document = document): void {
  for (const controls of doc.querySelectorAll<HTMLElement>('[data-copy-notice]')) {
    const source = doc.getElementById(controls.dataset.copyNotice!) as HTMLTextAreaElement | null;
    const button = controls.querySelector('button');
    const status = controls.querySelector('[role="status"]');
    if (!source || !button || !status) continue;
    const say = (message: string) => {
      // Emptied first so the same message is announced again on a second click.
      status.textContent = '';
      window.setTimeout(() => (status.textContent = message), 50);
    };
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(source.value);
        say('Notice copied');
      } catch {
        // No clipboard access (an insecure origin, or permission refused): select the text for the keyboard instead.
        source.focus();
        source.select();
        say('The notice could not be copied: it is selected, press Ctrl+C to copy it');
      }
    });
    controls.hidden = false;
  }
}

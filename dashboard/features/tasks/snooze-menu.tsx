import { useSignal } from '@preact/signals';
import { t } from '../../i18n';
import { localInstant } from './local-time';
import { SNOOZE_PRESETS, type SnoozePreset } from './model';

/** A snooze: a preset the server reads in the assignee's time zone, or a chosen instant. */
export type SnoozeChoice = { preset: SnoozePreset } | { dueAt: string };

/**
 * The snooze menu of a task: a disclosure with the presets, then a chosen time read in the person's zone.
 * Picking closes it, and so does Escape (focus back on its summary). `s` on My tasks opens it.
 */
export function SnoozeMenu({
  zone,
  label,
  onPick,
}: {
  zone: string;
  /** The summary's accessible name when the row's title does not give it context. */
  label?: string;
  onPick: (choice: SnoozeChoice) => void;
}) {
  const custom = useSignal('');
  const pick = (choice: SnoozeChoice) => (event: Event) => {
    (event.currentTarget as HTMLElement).closest('details')!.open = false;
    onPick(choice);
  };
  return (
    <details
      class="snooze"
      onKeyDown={(event) => {
        const menu = event.currentTarget;
        if (event.key !== 'Escape' || !menu.open) return;
        event.preventDefault();
        menu.open = false;
        menu.querySelector('summary')?.focus();
      }}
    >
      <summary aria-label={label}>{t('tasks.snooze')}</summary>
      <div class="snooze__menu">
        {SNOOZE_PRESETS.map((preset) => (
          <button key={preset} type="button" class="button button--quiet" onClick={pick({ preset })}>
            {t(`tasks.snooze.${preset}`)}
          </button>
        ))}
        <label>
          {t('tasks.snooze.custom')}{' '}
          <input
            type="datetime-local"
            value={custom.value}
            onInput={(e) => {
              custom.value = (e.currentTarget as HTMLInputElement).value;
            }}
          />
        </label>
        <button
          type="button"
          class="button"
          disabled={!custom.value}
          onClick={(event) => {
            const at = localInstant(custom.value, zone);
            if (at) pick({ dueAt: at })(event);
          }}
        >
          {t('tasks.snooze.apply')}
        </button>
      </div>
    </details>
  );
}

import type { Signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { SelectField } from './select-field';
import { timeZoneChoices } from './time-zones';

type TimeZoneFieldProps = {
  id: string;
  label: string;
  /** The chosen IANA zone; '' for the `inherit` option. */
  bind: Signal<string>;
  error?: string | false | null;
  /** An option before the zones, value '': "the organization's zone" where a person may inherit it. */
  inherit?: string;
};

/** The one time-zone picker (setup, the organization, my account): every zone the browser knows. */
export function TimeZoneField({ id, label, bind, error, inherit }: TimeZoneFieldProps) {
  const saved = bind.peek();
  const zones = useMemo(() => timeZoneChoices(saved), [saved]);
  return (
    <SelectField id={id} label={label} bind={bind} error={error}>
      {inherit !== undefined && <option value="">{inherit}</option>}
      {zones.map((zone) => (
        <option key={zone} value={zone}>
          {zone}
        </option>
      ))}
    </SelectField>
  );
}

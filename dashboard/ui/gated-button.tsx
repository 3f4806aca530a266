import type { JSX } from 'preact';

type GatedButtonProps = Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'disabled' | 'type'> & {
  /** False disables the button and describes it by `reasonId`, the visible text that says why. */
  allowed: boolean;
  reasonId: string;
  /** Disabled for the moment (a request is running), with no reason to give. */
  busy?: boolean;
};

/** A button the user may not be allowed to press: disabled then, and tied to the reason shown beside it. */
export function GatedButton({ allowed, reasonId, busy = false, ...button }: GatedButtonProps) {
  return (
    <button
      type="button"
      {...button}
      disabled={!allowed || busy}
      aria-describedby={allowed ? undefined : reasonId}
    />
  );
}

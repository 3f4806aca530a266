import { initials } from './initials';

/** Initials in a circle beside the person's name; the circle is decoration, the name is the content. */
export function Avatar({ name }: { name: string }) {
  return (
    <span class="person">
      <span class="avatar" aria-hidden="true" dir="auto">
        {initials(name)}
      </span>
      <span dir="auto">{name}</span>
    </span>
  );
}

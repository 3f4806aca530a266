import type { Member } from '@contract/users';
import { type Signal, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ApiClient } from '../../api/client';

/** Someone a lead can be (or is) assigned to, as a picker lists them. */
export type AssigneeChoice = { id: string; name: string };

/**
 * The people a lead can be assigned to: the organization's assignable members in the server's order
 * (by name), and the current assignee even when they can no longer take leads (a member made viewer),
 * so the picker never shows a value that is not among its options.
 */
export function assigneeChoices(
  members: readonly Member[],
  current: AssigneeChoice | null,
): AssigneeChoice[] {
  const choices = members.filter((m) => m.assignable).map((m) => ({ id: m.id, name: m.name }));
  if (current && !choices.some((c) => c.id === current.id)) choices.push(current);
  return choices;
}

/** The organization's members, fetched once per component; null until (or unless) they arrive. */
export function useMembers(api: ApiClient): Signal<Member[] | null> {
  const members = useSignal<Member[] | null>(null);
  useEffect(() => {
    let live = true;
    void api.listMembers().then((result) => {
      if (live && result.ok) members.value = result.data.items;
    });
    return () => {
      live = false;
    };
  }, [api]);
  return members;
}

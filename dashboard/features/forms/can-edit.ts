import { hasRole } from '@core/permissions';
import { useApp } from '../../app-context';

/** Only admins and owners change forms; everyone signed in may look at them and copy their embed code. */
export function useCanEditForms(): boolean {
  const role = useApp().session.session.value?.role;
  return !!role && hasRole(role, 'admin');
}

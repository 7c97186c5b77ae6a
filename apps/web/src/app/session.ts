import type { Me } from '@zhengqi/contracts/auth';
import type { Permission } from '@zhengqi/contracts/permissions';
import { useQuery } from '@tanstack/react-query';
import { api, setCsrfToken } from './api-client';

/** The logged-in user (null when there is no session). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api<Me>('GET', '/api/v1/auth/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (err) {
        if ((err as { status?: number }).status === 401) {
          return null;
        }
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

/** Whether the user holds a permission. */
export function can(me: Me | null | undefined, p: Permission): boolean {
  return me?.permissions.includes(p) ?? false;
}

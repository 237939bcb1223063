/** Exit code of `polychat reconcile` while drift remains (0 when every pair matches). */
export const DRIFT_EXIT_CODE = 3;

-- Aborts a statement with a named SQLSTATE (see db/errors.ts for the codes), so that a statement can
-- refuse to commit its writes from inside a CTE or a CASE. Volatile, so the planner never folds a call.
CREATE OR REPLACE FUNCTION lg_abort(code text, message text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message;
END
$$;

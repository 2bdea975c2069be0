-- The guide's CRM tables (written there for MySQL), in PostgreSQL, for examples/crm-status-sync.json.
-- Runs on an empty database, and again on one that has them (IF NOT EXISTS).
-- ENUM becomes a CHECK, AUTO_INCREMENT a serial, DATETIME a timestamptz; the ON UPDATE CURRENT_TIMESTAMP
-- column is set by the workflow's upsert.

-- The CRM's clients, as in the guide. Your CRM probably has this table already.
CREATE TABLE IF NOT EXISTS clients (
  id serial PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS whatsapp_sessions (
  id serial PRIMARY KEY,
  -- The client a session belongs to, from the guide's cliente_<id> naming convention. NULL for a session
  -- named otherwise (sucursal_madrid) or for a client this CRM does not know: the row is still kept.
  client_id integer REFERENCES clients (id) ON DELETE SET NULL,
  session_id varchar(100) NOT NULL UNIQUE,
  session_db_id integer NOT NULL,
  phone_number varchar(20),
  -- 'unknown' is a status the API's documentation never listed; raw_status has the exact value.
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'connected', 'disconnected', 'error', 'unknown')),
  raw_status text,
  qr_code text,
  qr_expires_at timestamptz,
  connected_at timestamptz,
  last_check timestamptz,
  -- The last event applied (the trigger's eventId), for tracing.
  last_event_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The guide's CRM table (written there for MySQL), in PostgreSQL, for examples/crm-status-sync.json.
-- ENUM becomes a CHECK, AUTO_INCREMENT a serial, DATETIME a timestamptz, and the
-- ON UPDATE CURRENT_TIMESTAMP column is set by the workflow's upsert.
CREATE TABLE IF NOT EXISTS whatsapp_sessions (
  id serial PRIMARY KEY,
  client_id integer NOT NULL REFERENCES clients (id),
  session_id varchar(100) NOT NULL UNIQUE,
  session_db_id integer NOT NULL,
  phone_number varchar(20),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'connected', 'disconnected', 'error')),
  qr_code text,
  qr_expires_at timestamptz,
  connected_at timestamptz,
  last_check timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

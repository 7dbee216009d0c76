-- Admin settings per plugin, as text (typed by the plugin's schema).
CREATE TABLE plugin_settings (
  plugin     TEXT NOT NULL,
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (plugin, key)
);

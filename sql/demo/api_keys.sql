-- Demo partner keys for the development server only (SHA-256 of the key).
-- dev-partner-key: every scope; dev-dossiers-key: dossiers:write only.
INSERT INTO api_keys (key_hash, key_prefix, name, scopes, created_at) VALUES ('6d3f12bf21b1659b487e01cb811640b5279d34a8a0675ca88c93f0ccfa7ae8dc', 'dev-part', 'Demo: hệ thống một cửa (mọi quyền)', 'dossiers:write procedures:write petitions:read reports:read', 0);
INSERT INTO api_keys (key_hash, key_prefix, name, scopes, created_at) VALUES ('eb038a758ea79e84361b82b04b934d75dc4202c8a43d6d462a527c31bb5efec8', 'dev-doss', 'Demo: cổng dịch vụ công (chỉ hồ sơ)', 'dossiers:write', 0);

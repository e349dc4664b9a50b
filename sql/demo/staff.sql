-- Demo staff for the development server only.  Every password is
-- "dndn-dev" (bcrypt, cost 5).  Never load this file in production:
-- create real accounts with `dndnctl staff add`.
INSERT INTO staff (username, password_hash, full_name, role, agency_code, active, created_at) VALUES ('coordinator', '$2y$05$KDW.8ozqffr3f1JJ4wxYXeh/h5.B49mbdu/P71/Z3hYGaXTqfQ.x2', 'Điều phối viên Trung tâm', 'coordinator', 'TTHCC', 1, 0);
INSERT INTO staff (username, password_hash, full_name, role, agency_code, active, created_at) VALUES ('officer', '$2y$05$KDW.8ozqffr3f1JJ4wxYXeh/h5.B49mbdu/P71/Z3hYGaXTqfQ.x2', 'Chuyên viên Sở Kế hoạch và Đầu tư', 'officer', 'SKHDT', 1, 0);
INSERT INTO staff (username, password_hash, full_name, role, agency_code, active, created_at) VALUES ('editor', '$2y$05$KDW.8ozqffr3f1JJ4wxYXeh/h5.B49mbdu/P71/Z3hYGaXTqfQ.x2', 'Biên tập viên', 'editor', NULL, 1, 0);
INSERT INTO staff (username, password_hash, full_name, role, agency_code, active, created_at) VALUES ('observer', '$2y$05$KDW.8ozqffr3f1JJ4wxYXeh/h5.B49mbdu/P71/Z3hYGaXTqfQ.x2', 'Hiệp hội Doanh nghiệp tỉnh', 'observer', NULL, 1, 0);
INSERT INTO staff (username, password_hash, full_name, role, agency_code, active, created_at) VALUES ('admin', '$2y$05$KDW.8ozqffr3f1JJ4wxYXeh/h5.B49mbdu/P71/Z3hYGaXTqfQ.x2', 'Quản trị hệ thống', 'admin', NULL, 1, 0);

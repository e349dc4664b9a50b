-- mod_dndn demo data: Vietnam's official days off and make-up working days
-- ("ngày làm bù") for cán bộ, công chức, viên chức (Saturday/Sunday weekly
-- rest), years 2025 and 2026.  Plain INSERTs for SQLite and MariaDB; on
-- MariaDB load it over a utf8mb4 connection (names are UTF-8, NFC).
--
-- Meaning (see mod_dndn/dndn_calendar.h): a 'holiday' row on Monday-Friday
-- makes that day a day off; a 'workday' row on Saturday/Sunday makes it a
-- working day.  A 'holiday' row on a weekend changes nothing and is kept
-- for display only.  Only the weekdays of each break are listed.
--
-- Legal basis: Bộ luật Lao động 2019, Điều 112 (Tết Dương lịch 1 day,
-- Tết Âm lịch 5 days, Giỗ Tổ Hùng Vương 10/3 âm lịch 1 day, 30/4 1 day,
-- 1/5 1 day, Quốc khánh 2 days: 2/9 and one adjacent day), plus the yearly
-- Government decisions below.  Sources were read as secondary reports
-- (press pages quoting the decisions), not the decisions' own text; re-check
-- against the official gazette before production use.
--
-- 2025 (confirmed by press reports):
--   * Tết Dương lịch: Wednesday 01/01/2025 only (no swap).
--   * Tết Ất Tỵ: 9 days off, Saturday 25/01 (26 tháng Chạp) to Sunday 02/02
--     (mùng 5 tháng Giêng), weekdays 27-31/01; per Văn bản 8726/VPCP-KGVX
--     (26/11/2024).  No make-up working day was reported for this break.
--   * Giỗ Tổ Hùng Vương: Monday 07/04/2025.
--   * 30/4-1/5: off Wednesday 30/04 to Sunday 04/05; Friday 02/05 swapped
--     with make-up working Saturday 26/04/2025 (VietnamPlus/TTXVN report).
--   * Quốc khánh: off Saturday 30/08 to Tuesday 02/09 (01/09 and 02/09).
-- 2026:
--   * Tết Dương lịch: off Thursday 01/01 to Sunday 04/01; Friday 02/01
--     swapped with make-up working Saturday 10/01/2026 (Văn bản
--     12729/VPCP-KGVX, 25/12/2025; confirmed by two press reports).
--   * Tết Bính Ngọ: 9 days off, Saturday 14/02 (27 tháng Chạp) to Sunday
--     22/02 (mùng 6), weekdays 16-20/02, no swap (Thông báo 9441/TB-BNV of
--     Bộ Nội vụ, 16/10/2025; confirmed by several press reports).
--   * Giỗ Tổ Hùng Vương falls on Sunday 26/04/2026: compensatory day off
--     Monday 27/04 (Labour Code rule; press reports, no separate decision).
--   * 30/4 and 1/5 fall on Thursday and Friday: off 30/04 to 03/05, no swap.
--   * Quốc khánh: 01/09 and 02/09 off, plus Monday 31/08 swapped with
--     make-up working Saturday 22/08/2026, so off 29/08 to 02/09
--     (Thông báo 9441/TB-BNV).  UNCONFIRMED IN PART: the 31/08 <-> 22/08 swap
--     was found in a single (machine-translated) copy of a Báo Hải Phòng
--     report; check it against the notice.
--   * Ngày Văn hóa Việt Nam 24/11: NOT included.  Politburo Resolution
--     80-NQ/TW (January 2026) chose 24/11 as a paid day off and Government
--     Resolution 30/NQ-CP (February 2026) asks for an amendment of Labour
--     Code Art. 112, but no enacted amendment was found.  If it is adopted,
--     uncomment the row below (24/11/2026 is a Tuesday).

-- 2025
INSERT INTO calendar (day, type, name) VALUES ('2025-01-01', 'holiday', 'Tết Dương lịch');
INSERT INTO calendar (day, type, name) VALUES ('2025-01-27', 'holiday', 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)');
INSERT INTO calendar (day, type, name) VALUES ('2025-01-28', 'holiday', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)');
INSERT INTO calendar (day, type, name) VALUES ('2025-01-29', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 1 tháng Giêng)');
INSERT INTO calendar (day, type, name) VALUES ('2025-01-30', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 2 tháng Giêng)');
INSERT INTO calendar (day, type, name) VALUES ('2025-01-31', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 3 tháng Giêng)');
INSERT INTO calendar (day, type, name) VALUES ('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)');
INSERT INTO calendar (day, type, name) VALUES ('2025-04-26', 'workday', 'Làm bù cho thứ Sáu 02/05/2025');
INSERT INTO calendar (day, type, name) VALUES ('2025-04-30', 'holiday', 'Ngày Giải phóng miền Nam, thống nhất đất nước');
INSERT INTO calendar (day, type, name) VALUES ('2025-05-01', 'holiday', 'Ngày Quốc tế Lao động');
INSERT INTO calendar (day, type, name) VALUES ('2025-05-02', 'holiday', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)');
INSERT INTO calendar (day, type, name) VALUES ('2025-09-01', 'holiday', 'Quốc khánh (ngày nghỉ liền kề)');
INSERT INTO calendar (day, type, name) VALUES ('2025-09-02', 'holiday', 'Quốc khánh');
-- 2026
INSERT INTO calendar (day, type, name) VALUES ('2026-01-01', 'holiday', 'Tết Dương lịch');
INSERT INTO calendar (day, type, name) VALUES ('2026-01-02', 'holiday', 'Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 10/01/2026)');
INSERT INTO calendar (day, type, name) VALUES ('2026-01-10', 'workday', 'Làm bù cho thứ Sáu 02/01/2026');
INSERT INTO calendar (day, type, name) VALUES ('2026-02-16', 'holiday', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)');
INSERT INTO calendar (day, type, name) VALUES ('2026-02-17', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 1 tháng Giêng)');
INSERT INTO calendar (day, type, name) VALUES ('2026-02-18', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 2 tháng Giêng)');
INSERT INTO calendar (day, type, name) VALUES ('2026-02-19', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 3 tháng Giêng)');
INSERT INTO calendar (day, type, name) VALUES ('2026-02-20', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 4 tháng Giêng)');
INSERT INTO calendar (day, type, name) VALUES ('2026-04-26', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)');
INSERT INTO calendar (day, type, name) VALUES ('2026-04-27', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương');
INSERT INTO calendar (day, type, name) VALUES ('2026-04-30', 'holiday', 'Ngày Giải phóng miền Nam, thống nhất đất nước');
INSERT INTO calendar (day, type, name) VALUES ('2026-05-01', 'holiday', 'Ngày Quốc tế Lao động');
INSERT INTO calendar (day, type, name) VALUES ('2026-08-22', 'workday', 'Làm bù cho thứ Hai 31/08/2026');
INSERT INTO calendar (day, type, name) VALUES ('2026-08-31', 'holiday', 'Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)');
INSERT INTO calendar (day, type, name) VALUES ('2026-09-01', 'holiday', 'Quốc khánh (ngày nghỉ liền kề)');
INSERT INTO calendar (day, type, name) VALUES ('2026-09-02', 'holiday', 'Quốc khánh');
-- INSERT INTO calendar (day, type, name) VALUES ('2026-11-24', 'holiday', 'Ngày Văn hóa Việt Nam');
